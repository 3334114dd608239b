// StrykerJS 9.6.1 mutation testing: `pnpm mutation` (all default targets) or
// `pnpm mutation packages/core/src/metrics.ts …`. The target list is in scripts/mutation-targets.mjs.
// Not run in CI (a full run takes far longer than CI's budget); see CONTRIBUTING.md.
import { selectedTargets } from './scripts/mutation-targets.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // pnpm's isolated node_modules: Stryker cannot find the runner plugin unless it is named.
  plugins: ['@stryker-mutator/vitest-runner'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: selectedTargets(),
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine is shared: 2 cores for everyone.
  concurrency: Number(process.env.MLCOMPARE_MUTATION_CONCURRENCY ?? 2),
  // Don't copy built output, results or earlier reports into the sandbox.
  ignorePatterns: ['dist', 'coverage', 'results', 'reports', '.mlcompare-tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
