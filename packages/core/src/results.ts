/**
 * The results schema: what the runner writes (one {@link JobResult} per line of
 * `results.jsonl`, plus `run.json`) and the report reads. The report never trains anything,
 * so everything it draws is here.
 */
import type { Labels } from './matrix.js';
import type { Task, TrainingHistory } from './model.js';

/** Version of the layout of {@link JobResult}; bumped on any incompatible change. */
export const RESULTS_SCHEMA_VERSION = 1;

/** How a job ended. */
export type JobStatus = 'ok' | 'error' | 'timeout' | 'skipped';

/** A model's predicted class probability over a 2-D grid, for the decision-boundary gallery. */
export interface DecisionBoundary {
  /** Names of the two features (x axis, y axis). */
  features: [string, string];
  /** Grid coordinates along x and y (in the original, unscaled units). */
  gridX: number[];
  gridY: number[];
  /**
   * Row-major over (y, x): `values[iy * gridX.length + ix]`. For a binary problem the
   * probability of `classes[1]` (or the predicted class code when the model has no
   * probabilities); for more classes the predicted class code.
   */
  values: number[];
  /** `'probability'` or `'class'`: what `values` holds. */
  kind: 'probability' | 'class';
  classes: Labels;
  /** Training and test points of that fold: coordinates and class codes. */
  train: { x: number[]; y: number[]; label: number[] };
  test: { x: number[]; y: number[]; label: number[] };
  /** Accuracy on that fold's test rows. */
  testAccuracy: number;
}

/** One job = (dataset, model, parameters, repeat, fold). */
export interface JobResult {
  schema: typeof RESULTS_SCHEMA_VERSION;
  /** Stable id of the job within its run: used by `--resume` to skip finished jobs. */
  jobId: string;
  dataset: string;
  task: Task;
  /** Registry name (`knn`). */
  model: string;
  /** Class name (`KNNClassifier`). */
  className: string;
  /** Parameters given in the suite (not the defaults). */
  params: Record<string, unknown>;
  /** Display name, unique within a dataset: `knn` or `knn(nNeighbors=15)`. */
  label: string;
  repeat: number;
  fold: number;
  /** Seed the model got (`seed` parameter), derived from the suite seed. */
  seed: number;
  status: JobStatus;
  /** Error message (with a remedy where one is known) when status is not `ok`. */
  error: string | null;
  /** Metric name → value; `null` where the model cannot give it (log loss without probabilities). */
  metrics: Record<string, number | null>;
  fitMs: number | null;
  predictMs: number | null;
  nTrain: number;
  nTest: number;
  /** Where the model ran (`js`, `wasm`, `tensorflow`, `cpu`). */
  backend: string | null;
  /** Iterative models: loss per epoch and why training stopped. */
  history?: TrainingHistory;
  /** Two-feature classification data, repeat 0 fold 0 only. */
  boundary?: DecisionBoundary;
  /** ISO time the job finished. */
  finishedAt: string;
}

/** Direction and task of a metric, for sorting, ranks and "best" marks. */
export interface MetricInfo {
  name: string;
  /** Column heading. */
  title: string;
  task: Task;
  higherIsBetter: boolean;
  /** Needs class probabilities. */
  needsProba?: boolean;
}

/** Every metric the runner can compute, by the name used in suites and results. */
export const METRICS: Readonly<Record<string, MetricInfo>> = {
  accuracy: { name: 'accuracy', title: 'Accuracy', task: 'classification', higherIsBetter: true },
  balancedAccuracy: { name: 'balancedAccuracy', title: 'Balanced acc.', task: 'classification', higherIsBetter: true },
  f1Macro: { name: 'f1Macro', title: 'Macro-F1', task: 'classification', higherIsBetter: true },
  rocAuc: { name: 'rocAuc', title: 'ROC AUC', task: 'classification', higherIsBetter: true, needsProba: true },
  logLoss: { name: 'logLoss', title: 'Log loss', task: 'classification', higherIsBetter: false, needsProba: true },
  r2: { name: 'r2', title: 'R²', task: 'regression', higherIsBetter: true },
  rmse: { name: 'rmse', title: 'RMSE', task: 'regression', higherIsBetter: false },
  mae: { name: 'mae', title: 'MAE', task: 'regression', higherIsBetter: false },
};

/** Default metrics per task, the first being the primary one. */
export const DEFAULT_METRICS: Readonly<Record<Task, readonly string[]>> = {
  classification: ['accuracy', 'balancedAccuracy', 'f1Macro', 'rocAuc', 'logLoss'],
  regression: ['r2', 'rmse', 'mae'],
};

/** `run.json`: how a run was made. */
export interface RunInfo {
  schema: typeof RESULTS_SCHEMA_VERSION;
  /** The suite as resolved (after command-line overrides). */
  suite: unknown;
  /** Suite name. */
  suiteName: string;
  commandLine: string;
  startedAt: string;
  finishedAt?: string;
  seed: number;
  /** Primary metric per task. */
  primaryMetric: Record<Task, string>;
  versions: Record<string, string>;
  machine: { platform: string; arch: string; cpus: number; cpuModel: string; memoryGiB: number; node: string };
  /** Datasets in the run, with sizes and a note on how they were loaded. */
  datasets: Array<{ name: string; task: Task; rows: number; features: number; classes?: Labels; source: string }>;
  totalJobs: number;
}
