/**
 * The results contract: what a run folder holds and how it is read. The runner writes
 * `results.jsonl` (one {@link JobResult} per line), `run.json` ({@link RunInfo}) and `splits.json`
 * ({@link SplitsFile}); the report reads them. The one parser of each file is here, working on
 * text, so the runner and the report keep only their I/O. The report never trains anything, so
 * everything it draws is here.
 */
import { DataError, formatValue } from './errors.js';
import type { Labels } from './matrix.js';
import type { Convergence } from './convergence.js';
import type { Task, TrainingHistory } from './model.js';

/**
 * Whether a regression target is standardised inside each fold (scikit-learn's
 * `TransformedTargetRegressor` with a `StandardScaler`): `'auto'` for the models whose capabilities
 * ask for it (`needsTargetScaling`), `true` for every regressor, `false` never (scikit-learn's plain
 * behaviour).
 */
export type ScaleTarget = 'auto' | boolean;

/** Version of the layout of {@link JobResult}, {@link RunInfo} and {@link SplitsFile}; bumped on any incompatible change. */
export const RESULTS_SCHEMA_VERSION = 1;

/** The results file of a run folder: one {@link JobResult} per line, appended as each job finishes. */
export const RESULTS_FILE = 'results.jsonl';
/** The run description of a run folder ({@link RunInfo}). */
export const RUN_FILE = 'run.json';
/** The train/test rows of every fold of a run ({@link SplitsFile}). */
export const SPLITS_FILE = 'splits.json';

/** How a job ended. */
export type JobStatus = 'ok' | 'error' | 'timeout' | 'skipped';

/** Every {@link JobStatus}. */
export const JOB_STATUSES: readonly JobStatus[] = ['ok', 'error', 'timeout', 'skipped'];

/** A model's predicted class probability over a 2-D grid, for the decision-boundary gallery. */
export interface DecisionBoundary {
  /** Names of the two features (x axis, y axis). */
  features: [string, string];
  /** Grid coordinates along x (in the original, unscaled units). */
  gridX: number[];
  /** Grid coordinates along y. */
  gridY: number[];
  /**
   * Row-major over (y, x): `values[iy * gridX.length + ix]`. For a binary problem the
   * probability of `classes[1]` (or the predicted class code when the model has no
   * probabilities); for more classes the predicted class code.
   */
  values: number[];
  /** `'probability'` or `'class'`: what `values` holds. */
  kind: 'probability' | 'class';
  /** The data set's classes; the codes of `values` and of the points index them. */
  classes: Labels;
  /** Training points of that fold: coordinates and class codes. */
  train: { x: number[]; y: number[]; label: number[] };
  /** Test points of that fold. */
  test: { x: number[]; y: number[]; label: number[] };
  /** Accuracy on that fold's test rows. */
  testAccuracy: number;
}

/** One job = (dataset, model, parameters, repeat, fold). */
export interface JobResult {
  /** {@link RESULTS_SCHEMA_VERSION}. */
  schema: typeof RESULTS_SCHEMA_VERSION;
  /** Stable id of the job within its run: used by `--resume` to skip finished jobs. */
  jobId: string;
  /** Data set name, as in {@link RunInfo.datasets}. */
  dataset: string;
  /** The data set's task. */
  task: Task;
  /** Registry name (`knn`). */
  model: string;
  /** Class name (`KNNClassifier`). */
  className: string;
  /** Parameters given in the suite (not the defaults). */
  params: Record<string, unknown>;
  /** Display name, unique within a dataset: `knn` or `knn(nNeighbors=15)`. */
  label: string;
  /** Repeat index (0-based). */
  repeat: number;
  /** Fold index within the repeat (0-based); the rows are in {@link SPLITS_FILE}. */
  fold: number;
  /** Seed the model got (`seed` parameter), derived from the suite seed. */
  seed: number;
  /** How the job ended. */
  status: JobStatus;
  /** Error message (with a remedy where one is known) when status is not `ok`. */
  error: string | null;
  /**
   * Metric name → value; `null` where the model cannot give it (log loss without probabilities) or
   * the metric is not defined on the fold (ROC AUC with one class among the test rows).
   */
  metrics: Record<string, number | null>;
  /** Wall time of the fold's fit (preprocessing fitted on the training rows, then the model), ms. */
  fitMs: number | null;
  /** Wall time of predicting the test rows (preprocessing applied, then the model), ms. */
  predictMs: number | null;
  /** Training rows of the fold. */
  nTrain: number;
  /** Test rows of the fold. */
  nTest: number;
  /** Where the model ran (`js`, `wasm`, `tensorflow`, `cpu`). */
  backend: string | null;
  /** Iterative models: loss per epoch and why training stopped. */
  history?: TrainingHistory;
  /** The model's notes on how it ran (e.g. a network restored on another backend than it was fitted on). */
  notes?: string[];
  /**
   * How the model's iterative solver ended on this fold (`converged: false` when it stopped at its
   * iteration limit); absent for models without such a limit.
   */
  convergence?: Convergence;
  /**
   * Whether the regression target was standardised inside this fold (the suite's `scaleTarget`);
   * the runner writes it on every line (false for classification). Absent in runs made before it
   * was recorded, which never scaled the target.
   */
  scaledTarget?: boolean;
  /**
   * The thread budget the job ran under (core's `threadBudget()` in the thread that ran it): how
   * many threads a model whose `nJobs` is left to the default may use. The runner sets it in each
   * worker to ⌊cores ÷ workers⌋ (at least 1). Absent in runs made before it was recorded.
   */
  threadBudget?: number;
  /** Two-feature classification data, repeat 0 fold 0 only. */
  boundary?: DecisionBoundary;
  /**
   * Present on the outer job of a tuned model: how its `params` (the configuration chosen on this
   * outer fold's training rows, refitted on all of them and scored on the outer test fold) were found.
   */
  tuning?: TuningInfo;
  /**
   * Present on an inner trial line (one candidate configuration fitted on one inner training fold,
   * scored on that inner test fold). Inner lines never enter the leaderboard, ranks or tests.
   */
  inner?: InnerTrial;
  /** ISO time the job finished. */
  finishedAt: string;
}

// ----------------------------------------------------------------------------------------------
// Tuning: nested cross-validation with equal budgets

/** How candidate configurations are proposed. */
export type TuneStrategy = 'grid' | 'random' | 'halving' | 'tpe';

/** The tuning strategies, in documentation order. */
export const TUNE_STRATEGIES: readonly TuneStrategy[] = ['grid', 'random', 'halving', 'tpe'];

/**
 * The values one parameter may take in a search: an explicit list (a grid axis, or the choices of a
 * categorical parameter), or an integer or real range, sampled uniformly or on a log scale.
 */
export type SpaceDomain =
  | { kind: 'values'; values: Array<number | string | boolean | null | number[]> }
  | { kind: 'int'; low: number; high: number; log: boolean }
  | { kind: 'float'; low: number; high: number; log: boolean };

/** Parameter name → its domain. Parameters not named keep their (fixed or default) value. */
export type SearchSpace = Record<string, SpaceDomain>;

/** How much each tuned model may spend: a number of evaluations, or CPU seconds of its own jobs. */
export type TuneBudget = { evals: number } | { seconds: number };

/** A model entry's tuning settings, resolved (every default filled in). */
export interface TuneSpec {
  strategy: TuneStrategy;
  budget: TuneBudget;
  /** Inner resampling of each outer training fold: stratified for classification, unshuffled unless `shuffle`. */
  inner: { kind: 'kfold'; folds: number; shuffle: boolean };
  /** The metric the search maximises (its direction taken from core's METRICS). */
  metric: string;
  /** The space searched: given in the suite or on the command line, else the family's default. */
  space: SearchSpace;
  /**
   * The family's default space per task, present only when no space was given and the family's
   * variants default to different spaces (an SVR also tunes `epsilon`): a job of that task searches
   * this one instead of `space`. The space each outer job searched is in its `tuning.space`.
   */
  taskSpaces?: Partial<Record<Task, SearchSpace>>;
  /** Successive halving only: scikit-learn's `factor` and `min_resources`. */
  halving?: { factor: number; minResources: number | 'exhaust' | 'smallest' };
}

/** What an outer job of a tuned model records about its search. */
export interface TuningInfo {
  strategy: TuneStrategy;
  /** Always true: the search saw only this outer fold's training rows. */
  nested: true;
  /** Candidate configurations evaluated (each on every inner fold). */
  evaluations: number;
  budget: TuneBudget;
  innerFolds: number;
  metric: string;
  /** Mean inner score of the chosen configuration: never the model's score (that is `metrics`). */
  bestInnerScore: number | null;
  /** The space searched. */
  space: SearchSpace;
  /** CPU milliseconds spent by the inner trials. */
  cpuMs: number;
  /** Best-so-far mean inner score after each evaluation (for anytime curves). */
  anytime: Array<{ evaluations: number; cpuMs: number; best: number | null }>;
}

/** Marks a result line as an inner trial of a tuned outer job. */
export interface InnerTrial {
  /** The `jobId` of the outer job this trial belongs to. */
  outerJobId: string;
  /** Candidate number in proposal order, from 0. */
  trial: number;
  /** Inner fold, from 0. */
  innerFold: number;
  /** Successive halving only: the round (from 0) and the resource (training rows or epochs) used. */
  round?: number;
  resources?: number;
  /**
   * CPU milliseconds the trial's fit, predict and scoring took on its worker thread (the thread's own
   * CPU time where the system tells it, else their wall time): what a `{ seconds }` budget counts.
   */
  cpuMs?: number;
}

// ----------------------------------------------------------------------------------------------
// The resolved suite (recorded in run.json, read back by --resume)

/** Where a data set comes from (the main thread loads it from this once per run). */
export type DatasetSpec =
  | { kind: 'bundled'; name: string }
  | {
      kind: 'csv';
      name: string;
      /** Absolute path. */
      path: string;
      target: string;
      task?: Task;
      /** Field delimiter; detected from the file when not given (`' '`: one space; `'whitespace'`: runs of spaces and tabs). */
      delimiter?: ',' | ';' | '\t' | ' ' | 'whitespace';
      drop?: string[];
      categorical?: string[];
      missing?: string[];
    }
  | { kind: 'generator'; name: string; generator: string; params: Record<string, number | string | boolean> };

/** How rows are split into training and test sets. */
export type Resampling =
  | {
      /** k-fold cross-validation, stratified for classification unless `stratify` is false. */
      kind: 'kfold';
      folds: number;
      repeats: number;
      stratify: boolean;
    }
  | { kind: 'holdout'; testSize: number; repeats: number; stratify: boolean }
  | {
      /** Fixed folds: from `file` (`{ folds: [{ train, test }] }`), or each bundled data set's reference folds. */
      kind: 'predefined';
      file?: string;
    };

/** One model of a suite after grid expansion: a registry name and fixed parameters. */
export interface ModelEntry {
  /** Registry name (`knn`). */
  model: string;
  /** Parameters given (not the defaults). */
  params: Record<string, unknown>;
  /** Display name, unique in the suite: `knn` or `knn(nNeighbors=15)`; a tuned entry `knn (tuned)`. */
  label: string;
  /** Present when the entry is tuned by nested cross-validation; `params` are then fixed outside the space. */
  tune?: TuneSpec;
}

/** Per-job limits. */
export interface Limits {
  /** Seconds a job may run (fit + predict) before its worker is terminated; 0 = no limit. */
  timeoutSec: number;
  /** Registry name → rows above which the model is skipped (with the reason recorded). */
  maxRows: Record<string, number>;
}

/** A validated suite, with every default filled in. */
export interface Suite {
  /** Suite name (the file's base name unless it says otherwise). */
  name: string;
  /** One line on what the suite is for. */
  description: string;
  /** The data sets, in suite order. */
  datasets: DatasetSpec[];
  /** The models, grids expanded. */
  models: ModelEntry[];
  /** How each data set is split. */
  resampling: Resampling;
  /** Metric names; the first of each task is the primary one. Empty → core's defaults. */
  metrics: string[];
  /** The seed every split and model seed is derived from. */
  seed: number;
  /** Per-job limits. */
  limits: Limits;
  /**
   * Standardise regression targets inside each fold: `'auto'` (the default) for the models whose
   * capabilities ask for it, `true` for every regressor, `false` never (scikit-learn's plain
   * behaviour). Absent in suites recorded before the key existed, whose runs never scaled a target.
   */
  scaleTarget?: ScaleTarget;
  /**
   * The region of practical equivalence of the report's Bayesian comparisons ({@link RopeSetting});
   * absent in runs recorded before it existed, which read as `'auto'`. Not part of the run's
   * fingerprint: it changes the reports, not the results.
   */
  rope?: RopeSetting;
}

/**
 * The ROPE (region of practical equivalence) of a suite, the half-width within which two models'
 * scores count as practically equivalent (Benavoli et al., JMLR 2017): a number ≥ 0 in the primary
 * metric's units (`0.01` = one percentage point of accuracy); `'autorank'` for a tenth of the pooled
 * spread of the two models compared (autorank's default); `'auto'` (the default) for 0.01 on the
 * accuracy-like metrics (accuracy, balanced accuracy, F1, ROC AUC, R²) and `'autorank'` on the others,
 * whose units depend on the data.
 */
export type RopeSetting = number | 'auto' | 'autorank';

/** The words a suite's `rope` may be besides a number. */
export const ROPE_MODES: readonly RopeSetting[] = ['auto', 'autorank'];

/** The suite as `run.json` records it: the resolved suite, where it came from and its resampling in words. */
export interface RecordedSuite extends Suite {
  /** The suite file (absent for a suite made on the command line). */
  source?: string;
  /** `stratified 5-fold × 2`, … */
  resamplingText: string;
}

/** A column of a user's file as loading saw it (`@mlcompare/datasets`' `ColumnSummary`). */
export interface RecordedColumn {
  /** Column name as written. */
  name: string;
  /** What the column became. */
  role: 'feature' | 'target' | 'dropped';
  /** Inferred or requested type (`numeric`, `categorical`, `date`; `text`, `skipped` for dropped columns). */
  type: string;
  /** Missing values among the kept rows (imputed inside each fold for models that take none). */
  missing: number;
  /** Distinct non-missing values, where counted. */
  distinct?: number;
  /** Why the column was dropped. */
  reason?: string;
}

/** What loading a user's file decided, as `run.json` records it for the report's data section. */
export interface RecordedDataSummary {
  /** Data rows in the file. */
  rowsRead: number;
  /** Rows kept. */
  rowsKept: number;
  /** Rows dropped because the target was missing. */
  rowsDroppedMissingTarget: number;
  /** Every column of the file, in file order. */
  columns: RecordedColumn[];
  /** Every decision loading took on the user's behalf, in words. */
  notes: string[];
}

/**
 * What a run is tied to, recorded in `run.json` when it starts: `--resume` recomputes each part and
 * refuses to continue when one changed, so results made on different data, suites, splits or
 * versions are never mixed in one run.
 */
export interface RunFingerprint {
  /** The mlcompare version (of `@mlcompare/bench`) that started the run. */
  mlcompare: string;
  /** SHA-256 (hex) of the resolved suite, as canonical JSON (sorted keys) of its {@link Suite} fields. */
  suite: string;
  /** SHA-256 (hex) of `splits.json` as written. */
  splits: string;
  /**
   * Data set name → its content hash: `csv-sha256:<hex>` (the CSV file's bytes) or
   * `data-sha256:<hex>` (the loaded data of a bundled or generated data set).
   */
  datasets: Record<string, string>;
}

/** `run.json`: how a run was made. */
export interface RunInfo {
  /** {@link RESULTS_SCHEMA_VERSION}. */
  schema: typeof RESULTS_SCHEMA_VERSION;
  /** The suite as resolved (after command-line overrides). */
  suite: RecordedSuite;
  /** Suite name. */
  suiteName: string;
  /** The command that started the run. */
  commandLine: string;
  /** ISO time the run started. */
  startedAt: string;
  /** ISO time the run finished (absent while it runs or after an interruption). */
  finishedAt?: string;
  /** The suite seed. */
  seed: number;
  /** Primary metric per task. */
  primaryMetric: Record<Task, string>;
  /** Package → version (node, v8, mlcompare packages, model libraries). */
  versions: Record<string, string>;
  /** The machine the run was made on. */
  machine: { platform: string; arch: string; cpus: number; cpuModel: string; memoryGiB: number; node: string };
  /**
   * Datasets in the run, with sizes and a note on how they were loaded; a user's file (CSV) also
   * carries what loading it decided ({@link RecordedDataSummary}), which the report shows.
   */
  datasets: Array<{ name: string; task: Task; rows: number; features: number; classes?: Labels; source: string; summary?: RecordedDataSummary }>;
  /** Jobs in the plan, skipped ones included. */
  totalJobs: number;
  /** What the run is tied to (absent in runs made before it was recorded; such runs resume unchecked). */
  fingerprint?: RunFingerprint;
}

// ----------------------------------------------------------------------------------------------
// Validation helpers: each returns a description of the first problem, or null.

/** A check returns null, or the problem: `must be …` or, nested, `'path.to[0].field' must be …`. */
type Check = (v: unknown) => string | null;

/** Puts a path segment (`key` or `[i]`) in front of a problem. */
function nest(segment: string, problem: string): string {
  if (problem.startsWith("'")) {
    const end = problem.indexOf("'", 1);
    const inner = problem.slice(1, end);
    return `'${segment}${inner.startsWith('[') ? '' : '.'}${inner}'${problem.slice(end + 1)}`;
  }
  return `'${segment}' ${problem}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const str: Check = (v) => (typeof v === 'string' ? null : `must be a string, got ${formatValue(v)}`);
const nonEmpty: Check = (v) => (typeof v === 'string' && v !== '' ? null : `must be a non-empty string, got ${formatValue(v)}`);
const finite: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : `must be a finite number, got ${formatValue(v)}`);
const count: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : `must be an integer >= 0, got ${formatValue(v)}`);
/** A suite seed: any safe integer, negative ones too (`--seed -1`). */
const seedValue: Check = (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? null : `must be a safe integer, got ${formatValue(v)}`);
const bool: Check = (v) => (typeof v === 'boolean' ? null : `must be true or false, got ${formatValue(v)}`);
const obj: Check = (v) => (isRecord(v) ? null : `must be an object, got ${formatValue(v)}`);
const oneOf =
  (values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v) ? null : `must be one of ${values.map((x) => formatValue(x)).join(', ')}, got ${formatValue(v)}`;
const orNull =
  (c: Check): Check =>
  (v) =>
    v === null ? null : c(v) === null ? null : `${c(v)!.replace(/^must be /, 'must be null or ')}`;
const optional =
  (c: Check): Check =>
  (v) =>
    v === undefined ? null : c(v);
const arrayOf =
  (c: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return `must be an array, got ${formatValue(v)}`;
    for (let i = 0; i < v.length; i++) {
      const p = c(v[i]);
      if (p) return nest(`[${i}]`, p);
    }
    return null;
  };
const label: Check = (v) => (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? null : `must be a string or a finite number, got ${formatValue(v)}`);
const recordOf =
  (c: Check): Check =>
  (v) => {
    if (!isRecord(v)) return `must be an object, got ${formatValue(v)}`;
    for (const [k, x] of Object.entries(v)) {
      const p = c(x);
      if (p) return nest(k, p);
    }
    return null;
  };
const TASKS: readonly Task[] = ['classification', 'regression'];
const task = oneOf(TASKS);
/** JSON writes NaN and ±Infinity as null, so a loss curve or a probability grid may hold nulls. */
const numberOrNull = orNull(finite);

function shape(fields: Record<string, Check>): Check {
  return (v) => {
    if (!isRecord(v)) return `must be an object, got ${formatValue(v)}`;
    for (const [k, c] of Object.entries(fields)) {
      const p = c(v[k]);
      if (p) return nest(k, p);
    }
    return null;
  };
}

const schemaVersion: Check = (v) =>
  v === RESULTS_SCHEMA_VERSION ? null : `must be ${RESULTS_SCHEMA_VERSION} (the layout this version of mlcompare reads), got ${formatValue(v)}`;

const positiveInt: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : `must be an integer >= 1, got ${formatValue(v)}`);
const spaceValue: Check = (v) =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    ? null
    : `must be a number, string, boolean, null or an array of numbers, got ${formatValue(v)}`;
/** A {@link SpaceDomain}: a non-empty list, or a range with low <= high (and low > 0 on a log scale; integers for `int`). */
const spaceDomain: Check = (v) => {
  if (!isRecord(v)) return `must be an object, got ${formatValue(v)}`;
  if (v.kind === 'values') {
    const p = arrayOf(spaceValue)(v.values);
    if (p) return nest('values', p);
    return (v.values as unknown[]).length > 0 ? null : `'values' must be a non-empty array, got []`;
  }
  if (v.kind !== 'int' && v.kind !== 'float') return `'kind' must be one of 'values', 'int', 'float', got ${formatValue(v.kind)}`;
  const num = v.kind === 'int' ? (x: unknown) => (typeof x === 'number' && Number.isSafeInteger(x) ? null : `must be an integer, got ${formatValue(x)}`) : finite;
  const p = shape({ low: num, high: num, log: bool })(v);
  if (p) return p;
  const low = v.low as number;
  const high = v.high as number;
  if (low > high) return `'high' must be >= 'low' (${low}), got ${high}`;
  if (v.log === true && !(low > 0)) return `'low' must be > 0 on a log scale, got ${low}`;
  return null;
};
const searchSpace = recordOf(spaceDomain);
/** A {@link TuneBudget}: exactly one of `evals` (integer >= 1) and `seconds` (> 0). */
const tuneBudget: Check = (v) => {
  if (!isRecord(v)) return `must be an object, got ${formatValue(v)}`;
  const keys = Object.keys(v);
  if (keys.length !== 1 || (keys[0] !== 'evals' && keys[0] !== 'seconds')) return `must be { evals: N } or { seconds: S }, got ${formatValue(v)}`;
  if (keys[0] === 'evals') {
    const p = positiveInt(v.evals);
    return p ? nest('evals', p) : null;
  }
  return typeof v.seconds === 'number' && Number.isFinite(v.seconds) && v.seconds > 0 ? null : `'seconds' must be a number > 0, got ${formatValue(v.seconds)}`;
};
const strategy = oneOf(TUNE_STRATEGIES);
const tuningInfo = shape({
  strategy,
  nested: oneOf([true]),
  evaluations: count,
  budget: tuneBudget,
  innerFolds: positiveInt,
  metric: nonEmpty,
  bestInnerScore: numberOrNull,
  space: searchSpace,
  cpuMs: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : `must be a number >= 0, got ${formatValue(v)}`),
  anytime: arrayOf(shape({ evaluations: count, cpuMs: finite, best: numberOrNull })),
});
const innerTrial = shape({
  outerJobId: nonEmpty,
  trial: count,
  innerFold: count,
  round: optional(count),
  resources: optional(positiveInt),
  cpuMs: optional((v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : `must be a number >= 0, got ${formatValue(v)}`)),
});
const tuneSpec = shape({
  strategy,
  budget: tuneBudget,
  inner: shape({ kind: oneOf(['kfold']), folds: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 2 ? null : `must be an integer >= 2, got ${formatValue(v)}`), shuffle: bool }),
  metric: nonEmpty,
  space: searchSpace,
  taskSpaces: optional(shape({ classification: optional(searchSpace), regression: optional(searchSpace) })),
  halving: optional(
    shape({
      factor: (v) => (typeof v === 'number' && Number.isFinite(v) && v > 1 ? null : `must be a number > 1, got ${formatValue(v)}`),
      minResources: (v) => (v === 'exhaust' || v === 'smallest' || positiveInt(v) === null ? null : `must be an integer >= 1, 'exhaust' or 'smallest', got ${formatValue(v)}`),
    }),
  ),
});

const points = shape({ x: arrayOf(finite), y: arrayOf(finite), label: arrayOf(finite) });

const jobResultFields: Record<string, Check> = {
  schema: schemaVersion,
  jobId: nonEmpty,
  dataset: str,
  task,
  model: str,
  className: str,
  params: obj,
  label: str,
  repeat: count,
  fold: count,
  seed: finite,
  status: oneOf(JOB_STATUSES),
  error: orNull(str),
  metrics: recordOf(numberOrNull),
  fitMs: numberOrNull,
  predictMs: numberOrNull,
  nTrain: count,
  nTest: count,
  backend: orNull(str),
  history: optional(shape({ loss: arrayOf(numberOrNull), validationScore: optional(arrayOf(numberOrNull)), epochs: count, stopReason: str })),
  notes: optional(arrayOf(str)),
  convergence: optional(shape({ converged: bool, iterations: count, param: optional(nonEmpty), limit: count })),
  scaledTarget: optional(bool),
  threadBudget: optional(positiveInt),
  boundary: optional(
    shape({
      features: arrayOf(str),
      gridX: arrayOf(finite),
      gridY: arrayOf(finite),
      values: arrayOf(numberOrNull),
      kind: oneOf(['probability', 'class']),
      classes: arrayOf(label),
      train: points,
      test: points,
      testAccuracy: finite,
    }),
  ),
  tuning: optional((v) => tuningInfo(v)),
  inner: optional((v) => innerTrial(v)),
  finishedAt: str,
};
const jobResultShape = shape(jobResultFields);
/** A line is an inner trial or a tuned outer job, never both. */
const jobResult: Check = (v) => {
  const p = jobResultShape(v);
  if (p) return p;
  const r = v as Record<string, unknown>;
  if (r.tuning !== undefined && r.inner !== undefined) return `'inner' must be absent on a line with 'tuning' (a line is an inner trial or a tuned outer job, not both), got ${formatValue(r.inner)}`;
  return null;
};

/**
 * Why a parsed value is not a {@link JobResult}, or null when it is one. Every field the report
 * reads is checked: types, the status and task enums, metrics as an object of number | null.
 * @param value - a parsed JSON value.
 * @returns the first problem found (`'status' must be one of …, got 'done'`), or null.
 * @example
 * ```ts
 * jobResultProblem({ schema: 1 }); // "'jobId' must be a non-empty string, got undefined"
 * ```
 */
export function jobResultProblem(value: unknown): string | null {
  return jobResult(value);
}

// ----------------------------------------------------------------------------------------------
// results.jsonl

/** A line of `results.jsonl` that is not counted as a result. */
export interface ResultsProblem {
  /** 1-based line number. */
  line: number;
  /** The line's `jobId` when it could be read (a schema violation or a duplicate), else null. */
  jobId: string | null;
  /** What is wrong, in words, naming the file and the line. */
  message: string;
}

/** A torn last line: a run killed while writing it. */
export interface TornLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset (UTF-8) where the torn line starts: truncate the file to this length to drop it. */
  offset: number;
  /** Bytes from `offset` to the end of the text. */
  bytes: number;
}

/** What {@link parseResults} found. */
export interface ParsedResults {
  /** Valid results in file order, the first line of each `jobId` only. */
  results: JobResult[];
  /** Lines not counted (not JSON, not a valid result, or a later duplicate of a job id), in file order. */
  problems: ResultsProblem[];
  /** The torn last line, or null when the text ends cleanly. */
  torn: TornLine | null;
}

/** UTF-8 length of `s[from, to)` (lone surrogates count 3 bytes, as TextEncoder writes U+FFFD). */
function utf8Length(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Parses the text of a `results.jsonl` file. This is the one reader of that file (the runner's
 * `--resume` and the report both use it), with one rule:
 *
 * - **Torn last line.** The last non-blank line is torn when the text does not end with a newline
 *   after it, or when it is not valid JSON: a run killed while writing it. It is not a result; it is
 *   returned in `torn` with its byte offset, so the runner can truncate the file there and run that
 *   job again.
 * - **Any other bad line** — not valid JSON, not an object, a schema violation (see
 *   {@link jobResultProblem}: an unknown `status`, a missing or non-string `jobId`, metrics that are
 *   not numbers or null, …) — is reported in `problems` with its line number and is NOT counted as a
 *   result: the runner runs that job again and says so, the report warns.
 * - **Duplicate job ids:** the **first** valid line of a job wins (the runner never writes a job
 *   twice); every later valid line with the same id is reported in `problems`.
 *
 * Blank lines are ignored.
 *
 * @param text - the file's content (UTF-8 decoded).
 * @param file - the file's name or path, for the messages. @defaultValue {@link RESULTS_FILE}
 * @returns the results, the lines not counted and the torn last line.
 * @example
 * ```ts
 * const { results, problems, torn } = parseResults('{"schema":1,...}\n{"sche');
 * torn; // { line: 2, offset: <bytes of line 1 + 1>, bytes: 6 }
 * ```
 */
export function parseResults(text: string, file: string = RESULTS_FILE): ParsedResults {
  const results: JobResult[] = [];
  const problems: ResultsProblem[] = [];
  let torn: TornLine | null = null;
  const firstLine = new Map<string, number>();
  // The last non-blank line: the only one that can be torn.
  let lastStart = -1;
  for (let end = text.length; end > 0; ) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (text.slice(start, end).trim() !== '') {
      lastStart = start;
      break;
    }
    end = start - 1;
  }
  let start = 0;
  for (let lineNo = 1; start < text.length; lineNo++) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const line = text.slice(start, nl).trim();
    const lineStart = start;
    start = nl + 1;
    if (line === '') continue;
    let value: unknown;
    let jsonError: string | null = null;
    try {
      value = JSON.parse(line);
    } catch (err) {
      jsonError = (err as Error).message;
    }
    if (lineStart === lastStart && (nl === text.length || jsonError !== null)) {
      torn = { line: lineNo, offset: utf8Length(text, 0, lineStart), bytes: utf8Length(text, lineStart, text.length) };
      break;
    }
    if (jsonError !== null) {
      problems.push({ line: lineNo, jobId: null, message: `${file}: line ${lineNo} is not valid JSON (${jsonError}); it is not counted as a result.` });
      continue;
    }
    const id = isRecord(value) && typeof value.jobId === 'string' && value.jobId !== '' ? value.jobId : null;
    const problem = jobResultProblem(value);
    if (problem) {
      problems.push({ line: lineNo, jobId: id, message: `${file}: line ${lineNo} is not a valid job result (${problem}); it is not counted as a result.` });
      continue;
    }
    const r = value as JobResult;
    const first = firstLine.get(r.jobId);
    if (first !== undefined) {
      problems.push({ line: lineNo, jobId: r.jobId, message: `${file}: line ${lineNo} repeats job ${formatValue(r.jobId)} of line ${first}; the first line is kept.` });
      continue;
    }
    firstLine.set(r.jobId, lineNo);
    results.push(r);
  }
  return { results, problems, torn };
}

// ----------------------------------------------------------------------------------------------
// run.json

const datasetSpec: Check = (v) => {
  if (!isRecord(v)) return `must be an object, got ${formatValue(v)}`;
  switch (v.kind) {
    case 'bundled':
      return shape({ name: nonEmpty })(v);
    case 'csv':
      return shape({
        name: nonEmpty,
        path: nonEmpty,
        target: nonEmpty,
        task: optional(task),
        delimiter: optional(oneOf([',', ';', '\t', ' ', 'whitespace'])),
        drop: optional(arrayOf(str)),
        categorical: optional(arrayOf(str)),
        missing: optional(arrayOf(str)),
      })(v);
    case 'generator':
      return shape({ name: nonEmpty, generator: nonEmpty, params: recordOf((x) => (['number', 'string', 'boolean'].includes(typeof x) ? null : `must be a number, string or boolean, got ${formatValue(x)}`)) })(v);
    default:
      return `'kind' must be one of 'bundled', 'csv', 'generator', got ${formatValue(v.kind)}`;
  }
};

const resampling: Check = (v) => {
  if (!isRecord(v)) return `must be an object, got ${formatValue(v)}`;
  switch (v.kind) {
    case 'kfold':
      return shape({ folds: count, repeats: count, stratify: bool })(v);
    case 'holdout':
      return shape({ testSize: finite, repeats: count, stratify: bool })(v);
    case 'predefined':
      return shape({ file: optional(str) })(v);
    default:
      return `'kind' must be one of 'kfold', 'holdout', 'predefined', got ${formatValue(v.kind)}`;
  }
};

const recordedSuite = shape({
  name: nonEmpty,
  description: str,
  datasets: arrayOf(datasetSpec),
  models: arrayOf(shape({ model: nonEmpty, params: obj, label: nonEmpty, tune: optional(tuneSpec) })),
  resampling,
  metrics: arrayOf(str),
  seed: seedValue,
  limits: shape({ timeoutSec: finite, maxRows: recordOf(count) }),
  scaleTarget: optional(oneOf(['auto', true, false])),
  rope: optional((v) => (ROPE_MODES.includes(v as RopeSetting) || (typeof v === 'number' && v >= 0 && Number.isFinite(v)) ? null : `must be a number >= 0, 'auto' or 'autorank', got ${formatValue(v)}`)),
  source: optional(str),
  resamplingText: str,
});

const runInfo = shape({
  schema: schemaVersion,
  suite: recordedSuite,
  suiteName: str,
  commandLine: str,
  startedAt: str,
  finishedAt: optional(str),
  seed: seedValue,
  primaryMetric: shape({ classification: str, regression: str }),
  versions: recordOf(str),
  machine: shape({ platform: str, arch: str, cpus: count, cpuModel: str, memoryGiB: finite, node: str }),
  datasets: arrayOf(
    shape({
      name: nonEmpty,
      task,
      rows: count,
      features: count,
      classes: optional(arrayOf(label)),
      source: str,
      summary: optional(
        shape({
          rowsRead: count,
          rowsKept: count,
          rowsDroppedMissingTarget: count,
          columns: arrayOf(shape({ name: str, role: oneOf(['feature', 'target', 'dropped']), type: str, missing: count, distinct: optional(count), reason: optional(str) })),
          notes: arrayOf(str),
        }),
      ),
    }),
  ),
  totalJobs: count,
  fingerprint: optional(shape({ mlcompare: nonEmpty, suite: nonEmpty, splits: nonEmpty, datasets: recordOf(nonEmpty) })),
});

/**
 * Parses and validates the text of a `run.json` file.
 * @param text - the file's content.
 * @param file - the file's name or path, for the messages. @defaultValue {@link RUN_FILE}
 * @returns the run description.
 * @throws {@link DataError} naming the file and the first invalid field (`suite.resampling.kind must be …`)
 *   when the text is not JSON or not a run description of schema {@link RESULTS_SCHEMA_VERSION}.
 */
export function parseRunInfo(text: string, file: string = RUN_FILE): RunInfo {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DataError(`File ${formatValue(file)} must be valid JSON (a run description written by 'mlcompare bench'), but it is not (${(err as Error).message}).`, {
      cause: err,
    });
  }
  const problem = runInfo(value);
  if (problem) {
    throw new DataError(`File ${formatValue(file)} is not a valid run description: ${problem}. It was edited or written by another version of mlcompare.`);
  }
  return value as RunInfo;
}

// ----------------------------------------------------------------------------------------------
// splits.json

/** The train and test rows of one fold (0-based row indices into the data set, in its row order). */
export interface FoldRows {
  /** Training rows. */
  train: number[];
  /** Test rows. */
  test: number[];
}

/** `splits.json`: every fold of every data set of a run, as the jobs used them. */
export interface SplitsFile {
  /** {@link RESULTS_SCHEMA_VERSION}. */
  schema: typeof RESULTS_SCHEMA_VERSION;
  /** Data set name → its rows and its splits, `repeats[r][f]` being repeat r, fold f. */
  datasets: Record<string, { rows: number; repeats: FoldRows[][]; inner?: Record<string, FoldRows[][][]> }>;
}

/**
 * The key of a tuned model's inner resampling in {@link SplitsFile} (`inner[key][r][f][k]` is inner
 * fold k of outer fold f of repeat r, as row indices of the data set, all within that outer
 * fold's training rows): `kfold-3`, or `kfold-3-shuffle`.
 * @param inner - the inner resampling of a {@link TuneSpec}.
 * @returns the key.
 * @example
 * ```ts
 * innerSplitsKey({ kind: 'kfold', folds: 3, shuffle: false }); // 'kfold-3'
 * ```
 */
export function innerSplitsKey(inner: TuneSpec['inner']): string {
  return `${inner.kind}-${inner.folds}${inner.shuffle ? '-shuffle' : ''}`;
}

const rowList =
  (rows: number): Check =>
  (v) => {
    if (!Array.isArray(v)) return `must be an array of row indices, got ${formatValue(v)}`;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as unknown;
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= rows) return nest(`[${i}]`, `must be a row index in [0, ${rows}), got ${formatValue(x)}`);
    }
    return null;
  };

/**
 * Checks the inner folds of a data set in `splits.json`: `inner[key][r][f]` exists for every outer
 * fold, and each inner fold's rows are rows of that outer fold's training set.
 */
function checkInnerSplits(inner: unknown, outer: FoldRows[][], where: string, fail: (where: string, problem: string) => never): void {
  if (!isRecord(inner)) fail(where, `must be an object, got ${formatValue(inner)}`);
  for (const [key, reps] of Object.entries(inner as Record<string, unknown>)) {
    const at = `${where}[${formatValue(key)}]`;
    if (!Array.isArray(reps) || reps.length !== outer.length) fail(at, `must be an array of ${outer.length} repeat(s), got ${formatValue(reps)}`);
    (reps as unknown[]).forEach((folds, r) => {
      const outerFolds = outer[r]!;
      if (!Array.isArray(folds) || folds.length !== outerFolds.length) fail(`${at}[${r}]`, `must be an array of ${outerFolds.length} outer fold(s), got ${formatValue(folds)}`);
      (folds as unknown[]).forEach((innerFolds, f) => {
        const train = new Set(outerFolds[f]!.train);
        if (!Array.isArray(innerFolds) || innerFolds.length === 0) fail(`${at}[${r}][${f}]`, `must be a non-empty array of inner folds, got ${formatValue(innerFolds)}`);
        (innerFolds as unknown[]).forEach((fold, k) => {
          const here = `${at}[${r}][${f}][${k}]`;
          const within: Check = (v) => {
            if (!Array.isArray(v)) return `must be an array of row indices, got ${formatValue(v)}`;
            for (let i = 0; i < v.length; i++) {
              if (!train.has(v[i] as number)) return nest(`[${i}]`, `must be a training row of outer fold ${f}, got ${formatValue(v[i])}`);
            }
            return null;
          };
          const p = shape({ train: within, test: within })(fold);
          if (p) fail(here, p);
        });
      });
    });
  }
}

/**
 * Parses and validates the text of a `splits.json` file: every index an integer row of its data set.
 * @param text - the file's content.
 * @param file - the file's name or path, for the messages. @defaultValue {@link SPLITS_FILE}
 * @returns the splits.
 * @throws {@link DataError} naming the file, the data set, the repeat, the fold and the bad value.
 */
export function parseSplits(text: string, file: string = SPLITS_FILE): SplitsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DataError(`File ${formatValue(file)} must be valid JSON (the splits written by 'mlcompare bench'), but it is not (${(err as Error).message}).`, { cause: err });
  }
  const fail = (where: string, problem: string): never => {
    throw new DataError(`File ${formatValue(file)} is not a valid splits file: ${where} ${problem}. It was edited or written by another version of mlcompare.`);
  };
  if (!isRecord(value)) return fail('the top level', `must be an object, got ${formatValue(value)}`);
  const sv = schemaVersion(value.schema);
  if (sv) fail("'schema'", sv);
  if (!isRecord(value.datasets)) fail("'datasets'", `must be an object, got ${formatValue(value.datasets)}`);
  for (const [name, d] of Object.entries(value.datasets as Record<string, unknown>)) {
    const where = `datasets[${formatValue(name)}]`;
    if (!isRecord(d)) fail(where, `must be an object, got ${formatValue(d)}`);
    const ds = d as Record<string, unknown>;
    const rp = count(ds.rows);
    if (rp) fail(`${where}.rows`, rp);
    if (!Array.isArray(ds.repeats)) fail(`${where}.repeats`, `must be an array, got ${formatValue(ds.repeats)}`);
    (ds.repeats as unknown[]).forEach((folds, r) => {
      if (!Array.isArray(folds)) fail(`${where}.repeats[${r}]`, `must be an array of folds, got ${formatValue(folds)}`);
      (folds as unknown[]).forEach((f, k) => {
        const p = shape({ train: rowList(ds.rows as number), test: rowList(ds.rows as number) })(f);
        if (p) fail(`${where}.repeats[${r}][${k}]`, p);
      });
    });
    if (ds.inner !== undefined) checkInnerSplits(ds.inner, ds.repeats as FoldRows[][], `${where}.inner`, fail);
  }
  return value as unknown as SplitsFile;
}
