// API docs and their lint: `pnpm lint:docs` (typedoc --emit none, part of `pnpm lint:arch` and CI)
// checks; `pnpm docs:api` also writes the HTML to docs/api/ (git-ignored).
//
// "resolve" over every package's src/index.ts in one program reads the TypeScript sources directly
// (through the @mlcompare/source export condition), so no build is needed. Module names come from
// the `@module` tag in each index.ts.
import { readdirSync, readFileSync } from 'node:fs';

/** Every workspace package under packages/, by its package.json name (a new package is included). */
const packageNames = readdirSync(new URL('./packages/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(new URL(`./packages/${d.name}/package.json`, import.meta.url), 'utf8')).name);

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'mlcompare',
  entryPointStrategy: 'resolve',
  // The public entry points: each package's index and core's contract suite. @mlcompare/core/internal
  // and @mlcompare/bench/registry are left out on purpose (ours only; the registry is data).
  entryPoints: ['packages/*/src/index.ts', 'packages/core/src/testing/index.ts', 'packages/core/src/workers.ts'],
  tsconfig: 'tsconfig.docs.json',
  // Makes the "referenced but not exported" check cover our packages (see the file's header).
  plugin: ['./scripts/typedoc-workspace.mjs'],
  out: 'docs/api',
  readme: 'none',
  // No links to source files (there is no public git remote to point them at).
  disableSources: true,
  excludePrivate: true,
  // Protected members are the model-author hooks of core's base classes (fitEncoded, serializeState…):
  // documented in the source, not part of what a user of a model calls.
  excludeProtected: true,
  excludeInternal: true,
  // `pnpm typecheck` reports type errors; here they would only double the time.
  skipErrorChecking: true,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
  // Without this TypeDoc checks documentation only in the root package ("mlcompare"), i.e. nowhere.
  packagesRequiringDocumentation: packageNames,
  // Every exported name, and every public function and method ("Function" covers call signatures);
  // add "Property", "Accessor" to also require docs on fields and getters.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
};
