export { main, textTable, defaultSuitesDir, DEFAULT_REGISTRY_MODULE, EXIT_OK, EXIT_JOBS_FAILED, EXIT_USAGE, EXIT_FILE, EXIT_INTERNAL, type CliIO } from './cli.js';
export { datasetCatalog, datasetHash, generatorNames, loadDatasetSpec, makeSplits, readSplitFile, describeResampling, hasMissing, shareDataset, type Split } from './data.js';
export { executeJob, modelParams, decisionBoundary, clearJobCaches, BOUNDARY_GRID, type JobTask, type JobEnvironment, type SharedDataset } from './execute.js';
export { workerSpec } from './pool.js';
export { Progress, formatDuration, systemClock, type Clock, type ProgressSink } from './progress.js';
export { writeRunReports } from './reports.js';
export { planRun, runSuite, jobId, splitsOf, type Plan, type PlannedDataset, type RunOptions, type RunOutcome } from './run.js';
export { readResults, repairResults, readRunInfo, writeRunInfo, readSplits, writeSplits, ResultsWriter } from './store.js';
export {
  parseSuite,
  parseItem,
  parseDatasetItem,
  parseModelItem,
  splitList,
  expandGrid,
  modelLabel,
  allModels,
  DEFAULT_TIMEOUT_SEC,
  type Suite,
  type SuiteContext,
  type DatasetSpec,
  type DatasetCatalog,
  type ModelEntry,
  type Resampling,
  type Limits,
} from './suite.js';
