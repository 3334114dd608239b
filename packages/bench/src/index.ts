/**
 * `@mlcompare/bench`: the benchmark runner and the `mlcompare` command line. Run a suite from code
 * with {@link parseSuite} and {@link runSuite} (or {@link planRun} to see its jobs first), or call
 * {@link main} with the CLI's arguments. The default model registry is at
 * `@mlcompare/bench/registry`.
 * @packageDocumentation
 * @module @mlcompare/bench
 */
export { main, defaultSuitesDir, DEFAULT_REGISTRY_MODULE, EXIT_OK, EXIT_JOBS_FAILED, EXIT_USAGE, EXIT_FILE, EXIT_INTERNAL, type CliIO } from './cli.js';
export { datasetCatalog, datasetHash } from './data.js';
export { type JobTask, type ResolvedTune, type SharedDataset, type Split } from './execute.js';
export { type Clock, type ProgressSink } from './progress.js';
export { planRun, runSuite, type PlanChecks, type Plan, type PlannedDataset, type RunOptions, type RunOutcome, type JobCost } from './run.js';
export {
  parseSuite,
  DEFAULT_MAX_JOBS,
  type Suite,
  type SuiteContext,
  type DatasetSpec,
  type DatasetCatalog,
  type ModelEntry,
  type Resampling,
  type Limits,
} from './suite.js';
