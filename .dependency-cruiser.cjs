// The architecture of mlcompare, checked by dependency-cruiser 17.4.3 (`pnpm lint:deps`, part of
// `pnpm lint:arch` and CI). Layers, from each package.json's dependencies:
//
//   core                                   imports no package of ours
//   linear knn svm cart mlp (models)       import core (an ensemble package may import cart too)
//   datasets, report                       import core
//   bench                                  imports any package above
//   benchmarks/ (perf and reference scripts) imports anything
//
// Tests (packages/*/test) may also use their package's devDependencies (model tests use datasets);
// they may not import a layer above their package either.

/** The model packages. */
const MODELS = '(linear|knn|svm|cart|mlp)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import circle anywhere, type-only imports included (tsPreCompilationDeps). A circle means two modules are one: merge them, or move what both need into a third.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      comment: 'core is the base layer: it imports no other package of ours and nothing from benchmarks/.',
      from: { path: '^packages/core/' },
      to: { path: ['^packages/(?!core/)', '^benchmarks/'] },
    },
    {
      name: 'models-import-only-core',
      severity: 'error',
      comment:
        'A model package imports only @mlcompare/core and its own libraries: never another model, datasets, report or bench.',
      from: { path: `^packages/${MODELS}/src/` },
      to: { path: '^packages/', pathNot: ['^packages/core/', '^packages/$1/'] },
    },
    {
      name: 'ensemble-imports-only-core-and-cart',
      severity: 'error',
      comment: 'An ensemble package (when it exists) builds on core and on cart\'s trees, nothing else of ours.',
      from: { path: '^packages/ensemble/src/' },
      to: { path: '^packages/', pathNot: ['^packages/(core|cart|ensemble)/'] },
    },
    {
      name: 'datasets-and-report-import-only-core',
      severity: 'error',
      comment: 'datasets and report sit on core alone: the report reads a run folder, it never imports the runner or a model.',
      from: { path: '^packages/(datasets|report)/src/' },
      to: { path: '^packages/', pathNot: ['^packages/core/', '^packages/$1/'] },
    },
    {
      name: 'nothing-imports-bench',
      severity: 'error',
      comment: 'bench is the top package: only benchmarks/ scripts may import it.',
      from: { path: '^packages/(?!bench/)' },
      to: { path: '^packages/bench/' },
    },
    {
      name: 'packages-do-not-import-benchmarks',
      severity: 'error',
      comment: 'benchmarks/ is above every package.',
      from: { path: '^packages/' },
      to: { path: '^benchmarks/' },
    },
    {
      name: 'through-the-package-entry',
      severity: 'error',
      comment:
        "Another package is imported by its name (its package.json exports), never by a relative path into its folder: '../../core/src/x.js' skips the public surface.",
      from: { path: '^(packages/([^/]+)|benchmarks)/' },
      to: { path: '^packages/', pathNot: ['^packages/$2/'], dependencyTypes: ['local'] },
    },
    {
      name: 'src-not-to-dev-dependency',
      severity: 'error',
      comment:
        "Source may not import a devDependency of its package: it would be missing for users (a model's src importing @mlcompare/datasets, for instance).",
      from: { path: '^packages/[^/]+/src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'npm-peer'] },
    },
    {
      name: 'declared-dependencies-only',
      severity: 'error',
      comment:
        "Source and scripts import only packages their own package.json lists (pnpm's isolated node_modules would fail for users otherwise). Tests may also use the root's dev tools (vitest).",
      from: { path: ['^packages/[^/]+/src/', '^benchmarks/'] },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        "Every import resolves. The untyped ML libraries that benchmarks/perf scripts name only in `import type` (typed by the model packages' declare-module shims, loaded at run time through the model package with createRequire) are the exception.",
      from: { pathNot: '^benchmarks/perf/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'perf-type-imports-only',
      severity: 'error',
      comment: 'In benchmarks/perf, an unresolvable import is allowed only as a type-only import of an untyped ML library.',
      from: { path: '^benchmarks/perf/' },
      to: { couldNotResolve: true, pathNot: '^(ml-knn|ml-regression|ml-logistic-regression|ml-cart|ml-svm|libsvm-js)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build output only: npm packages (whose files sit in their own dist/) must stay visible to the rules.
    exclude: { path: ['^packages/[^/]+/dist/', '^coverage/', '^docs/api/'] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      // Workspace packages resolve to their TypeScript source, as in tsc, vitest and tsx.
      conditionNames: ['@mlcompare/source', 'import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
