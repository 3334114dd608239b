// The files `pnpm mutation` mutates by default, in one place: edit this list to change them.
// An entry is a path from the repository root, optionally with Stryker's line ranges
// (`file.ts:10-200`) to mutate only part of a file. Read by stryker.config.mjs (what to mutate)
// and vitest.stryker.config.ts (which Vitest projects to run).

/** Default mutation targets (issue 10, "Tests that catch real faults"). */
export const DEFAULT_TARGETS = [
  // core: metrics, statistics, splitters, preprocessing
  'packages/core/src/metrics.ts',
  'packages/core/src/stats.ts',
  'packages/core/src/resampling.ts',
  'packages/core/src/preprocessing.ts',
  // the results contract and resume logic
  'packages/core/src/results.ts',
  'packages/bench/src/store.ts',
  // run.ts by line ranges: its tests spawn worker pools, so the whole file is too slow to mutate.
  // The resume and planning logic only (check the ranges after editing run.ts):
  'packages/bench/src/run.ts:85-103', // jobId, recordedSplits (recorded splits checked against the data)
  'packages/bench/src/run.ts:370-422', // checkSameData, short, sha256, suiteHash, checkSameRun (fingerprint comparison)
  'packages/bench/src/run.ts:611-702', // runLocked (which jobs are done, which run again, skipped jobs not re-recorded, run.json kept)
  'packages/bench/src/identity.ts', // canonicalJson, mlcompareVersion (moved out of run.ts: the queue uses them too)
  // CSV type inference only (the rest of csv.ts is parsing and messages): number/date
  // recognition, a numeric column turning to text, then target task and column kinds
  // (line ranges: check them after editing csv.ts)
  'packages/datasets/src/csv.ts:100-113', // dateToDays
  'packages/datasets/src/csv.ts:319-348', // CsvReader.slowNumber
  'packages/datasets/src/csv.ts:873-1060', // assemble: target, task, column kinds (row index, constant), notes
  'packages/datasets/src/csv.ts:1130-1239', // categoricalColumn, mostlyNumeric, isRowIndex, constantValue, fewIntegers
  // the report's statistics and escaping (the terminal's, shared with the data summary, is core's)
  'packages/core/src/text.ts',
  'packages/report/src/internal/significance.ts',
  'packages/report/src/escape.ts',
  'packages/report/src/csv.ts',
];

/**
 * The targets of this run: `MLCOMPARE_MUTATE` (comma-separated, set by `pnpm mutation FILE…`)
 * or the defaults.
 */
export function selectedTargets(env = process.env) {
  const list = (env.MLCOMPARE_MUTATE ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return list.length > 0 ? list : DEFAULT_TARGETS;
}

/**
 * The Vitest projects (package folder names) to run for the given targets: the packages the
 * targets live in, plus any named in `MLCOMPARE_MUTATION_PROJECTS` (comma-separated), for
 * tests in another package that should count against these mutants.
 */
export function projectsFor(targets, env = process.env) {
  const names = new Set();
  for (const t of targets) {
    const m = /^packages\/([^/]+)\//.exec(t);
    if (m) names.add(m[1]);
  }
  for (const p of (env.MLCOMPARE_MUTATION_PROJECTS ?? '').split(',')) if (p.trim()) names.add(p.trim());
  return [...names].sort();
}
