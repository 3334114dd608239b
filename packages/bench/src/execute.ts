/**
 * One job — (data set, model, parameters, repeat, fold) — from data to a {@link JobResult}.
 * Runs inside a worker (see `worker.ts`) or, for tests and measurements, in the calling thread.
 */
import {
  Matrix,
  RESULTS_SCHEMA_VERSION,
  isClassifier,
  type Classifier,
  type DecisionBoundary,
  type JobResult,
  type JobStatus,
  type Labels,
  type Model,
  type ModelSpec,
} from '@mlcompare/core';
import type { Dataset } from '@mlcompare/datasets';
import { loadDatasetSpec, makeSplits, type Split } from './data.js';
import { prepareFold, type PreparedFold } from './fold.js';
import { computeMetrics } from './metrics.js';
import type { DatasetSpec, Resampling } from './suite.js';

/**
 * Everything a worker needs to run one job; small, so it is cheap to send. The fields it shares
 * with its {@link JobResult} (ids, model, parameters, repeat, fold, seed) are the result's own.
 */
export interface JobTask
  extends Pick<JobResult, 'jobId' | 'task' | 'model' | 'className' | 'params' | 'label' | 'repeat' | 'fold' | 'seed'> {
  /** The data set to load (the result keeps only its name). */
  dataset: DatasetSpec;
  suiteSeed: number;
  resampling: Resampling;
  /** Metric names for this task, primary first. */
  metrics: string[];
  /** Compute the decision boundary (two-feature classification, repeat 0, fold 0). */
  boundary: boolean;
}

/** Where a job's time went besides fit and predict (milliseconds), for the runner's perf script. */
export interface JobTimings {
  /** Loading (first time only) and splitting the data, and fitting the fold's preprocessing. */
  prepareMs: number;
  /** The untimed warm-up fit (first job of a model class in a thread), else 0. */
  warmupMs: number;
  /** Model calls besides fit and predict: predictProba, and the decision-boundary grid. */
  extraModelMs: number;
  /** Computing the metrics. */
  metricsMs: number;
  /** The whole job inside its thread. */
  totalMs: number;
}

/** Caches and hooks of the thread that runs jobs. */
export interface JobEnvironment {
  /** The model registry. */
  registry: readonly ModelSpec[];
  /** Milliseconds (high resolution). */
  now(): number;
  /**
   * Called when a phase bounded by the timeout begins: before the warm-up fit (when there is one)
   * and again just before `fit`. The timeout counts from the latest call, so loading data and
   * starting the worker never count, and a warm-up that hangs is still stopped.
   */
  onStart?(): void;
  /** Filled with where the job's time went, when given. */
  timings?: JobTimings;
}

/** Loaded data sets and splits, kept for the life of a worker. */
const dataCache = new Map<string, Promise<Dataset>>();
const splitCache = new Map<string, Promise<Split[]>>();
const warmed = new Set<string>();

function cacheKey(spec: DatasetSpec): string {
  return JSON.stringify(spec);
}

/** The data set of a spec, loaded once per thread. */
function cachedDataset(spec: DatasetSpec): Promise<Dataset> {
  const key = cacheKey(spec);
  let p = dataCache.get(key);
  if (!p) {
    p = loadDatasetSpec(spec);
    p.catch(() => dataCache.delete(key));
    dataCache.set(key, p);
  }
  return p;
}

/** The splits of one repeat, made once per thread. */
function cachedSplits(spec: DatasetSpec, resampling: Resampling, suiteSeed: number, repeat: number): Promise<Split[]> {
  const key = `${cacheKey(spec)}|${JSON.stringify(resampling)}|${suiteSeed}|${repeat}`;
  let p = splitCache.get(key);
  if (!p) {
    p = cachedDataset(spec).then((ds) => makeSplits(ds, resampling, suiteSeed, repeat));
    p.catch(() => splitCache.delete(key));
    splitCache.set(key, p);
  }
  return p;
}

/** The parameters a job's model is built with: the suite's, plus the job's seed when the model has a `seed`. */
function modelParams(spec: ModelSpec, params: Record<string, unknown>, seed: number): Record<string, unknown> {
  return 'seed' in spec.params && params['seed'] === undefined ? { ...params, seed } : { ...params };
}

function findSpec(registry: readonly ModelSpec[], task: JobTask): ModelSpec {
  const spec = registry.find((s) => s.className === task.className && s.task === task.task);
  if (!spec) throw new Error(`The worker's registry has no ${task.task} model '${task.className}'.`);
  return spec;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (cause: ${err.cause.message})` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  return String(err);
}

function warmKey(spec: ModelSpec): string {
  return `${spec.className}|${spec.task}`;
}

/** Rows the warm-up fit uses at most. */
const WARMUP_ROWS = 200;

/**
 * Fits and predicts once on (up to 200 rows of) the fold, the first time this thread sees the
 * model class, so JIT compilation and backend start-up do not count against the first job.
 */
async function warmUp(spec: ModelSpec, params: Record<string, unknown>, fold: PreparedFold): Promise<void> {
  const key = warmKey(spec);
  if (warmed.has(key)) return;
  warmed.add(key);
  const n = fold.Xtrain.rows;
  const take = Math.min(n, WARMUP_ROWS);
  const idx = new Int32Array(take);
  for (let i = 0; i < take; i++) idx[i] = Math.floor((i * n) / take);
  const X = take === n ? fold.Xtrain : fold.Xtrain.selectRows(idx);
  const y = take === n ? fold.ytrain : (Array.from(idx, (i) => fold.ytrain[i]) as Labels);
  let model: Model | undefined;
  try {
    model = spec.create(params);
    await model.fit(X, y);
    await model.predict(fold.Xtest);
    if (isClassifier(model) && model.supportsProba) await model.predictProba(fold.Xtest);
  } catch {
    // A warm-up failure is not the job's: the job itself will report whatever goes wrong.
  } finally {
    model?.dispose();
  }
}

/**
 * The result line of a job before (or instead of) running it: every field of the job, no metrics,
 * no times.
 * @param job - the job.
 * @param status - its status.
 * @param error - the message for a status other than `ok`, else null.
 * @param finishedAt - ISO time; the runner fills it when the job ends.
 * @returns a result ready to be filled in or written.
 */
export function jobResult(job: JobTask, status: JobStatus, error: string | null, finishedAt = new Date().toISOString()): JobResult {
  return {
    schema: RESULTS_SCHEMA_VERSION,
    jobId: job.jobId,
    dataset: job.dataset.name,
    task: job.task,
    model: job.model,
    className: job.className,
    params: job.params,
    label: job.label,
    repeat: job.repeat,
    fold: job.fold,
    seed: job.seed,
    status,
    error,
    metrics: {},
    fitMs: null,
    predictMs: null,
    nTrain: 0,
    nTest: 0,
    backend: null,
    finishedAt,
  };
}

/**
 * Runs one job. Never throws: a failure becomes a result with status `error` and the message.
 * @param task - the job.
 * @param env - registry, clock and the start hook.
 * @returns the result line for `results.jsonl`.
 */
export async function executeJob(task: JobTask, env: JobEnvironment): Promise<JobResult> {
  const result = jobResult(task, 'ok', null, '');
  let model: Model | undefined;
  const tm: JobTimings = env.timings ?? { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 0 };
  const tStart = env.now();
  try {
    const spec = findSpec(env.registry, task);
    const ds = await cachedDataset(task.dataset);
    const splits = await cachedSplits(task.dataset, task.resampling, task.suiteSeed, task.repeat);
    const split = splits[task.fold];
    if (!split) throw new Error(`Fold ${task.fold} does not exist (the data set has ${splits.length} folds).`);
    result.nTrain = split.train.length;
    result.nTest = split.test.length;
    const fold = prepareFold(ds, split, spec.capabilities);
    const params = modelParams(spec, task.params, task.seed);
    const tw = env.now();
    tm.prepareMs = tw - tStart;
    if (!warmed.has(warmKey(spec))) {
      env.onStart?.();
      await warmUp(spec, params, fold);
    }
    tm.warmupMs = env.now() - tw;
    model = spec.create(params);
    env.onStart?.();

    const t0 = env.now();
    await model.fit(fold.Xtrain, fold.ytrain);
    const t1 = env.now();
    const yPred = await model.predict(fold.Xtest);
    const t2 = env.now();
    result.fitMs = t1 - t0;
    result.predictMs = t2 - t1;
    result.backend = model.backend;
    const history = model.history;
    if (history) result.history = history;

    let proba: number[][] | undefined;
    let classes: Labels | undefined;
    if (isClassifier(model)) {
      classes = model.classes;
      if (spec.capabilities.probabilities && model.supportsProba) proba = await model.predictProba(fold.Xtest);
    }
    const t3 = env.now();
    result.metrics = computeMetrics(task.metrics, { task: task.task, yTrue: fold.ytest, yPred, proba, classes });
    const t4 = env.now();
    tm.metricsMs = t4 - t3;
    if (task.boundary && isClassifier(model)) result.boundary = await decisionBoundary(model, ds, split, fold, yPred);
    tm.extraModelMs = t3 - t2 + (env.now() - t4);
  } catch (err) {
    result.status = 'error';
    result.error = errorText(err);
  } finally {
    try {
      model?.dispose();
    } catch {
      // dispose failing must not hide the job's own outcome
    }
  }
  result.finishedAt = new Date().toISOString();
  tm.totalMs = env.now() - tStart;
  return result;
}

/** Grid points per axis of the decision-boundary grid. */
const BOUNDARY_GRID = 60;

/**
 * The model's predicted class probability over a 60 × 60 grid spanning the data ± 10 % of its
 * range, in the data's own units (the fold's preprocessing is applied to the grid, as to test rows).
 */
async function decisionBoundary(
  model: Classifier,
  ds: Dataset,
  split: Split,
  fold: PreparedFold,
  yPred: Labels,
): Promise<DecisionBoundary> {
  const X = ds.X;
  const axis = (j: number): number[] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < X.rows; i++) {
      const v = X.data[i * 2 + j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const margin = (hi - lo) * 0.1 || 1;
    lo -= margin;
    hi += margin;
    return Array.from({ length: BOUNDARY_GRID }, (_, k) => lo + ((hi - lo) * k) / (BOUNDARY_GRID - 1));
  };
  const gridX = axis(0);
  const gridY = axis(1);
  const n = BOUNDARY_GRID * BOUNDARY_GRID;
  const data = new Float64Array(n * 2);
  for (let iy = 0; iy < BOUNDARY_GRID; iy++) {
    for (let ix = 0; ix < BOUNDARY_GRID; ix++) {
      const k = iy * BOUNDARY_GRID + ix;
      data[2 * k] = gridX[ix]!;
      data[2 * k + 1] = gridY[iy]!;
    }
  }
  const grid = fold.transform(new Matrix(data, n, 2));
  const classes = ds.classes ?? model.classes;
  const code = new Map<string | number, number>();
  classes.forEach((c, i) => code.set(c, i));
  let values: number[];
  let kind: DecisionBoundary['kind'];
  if (classes.length === 2 && model.supportsProba && model.classes.length === 2) {
    const p = await model.predictProba(grid);
    values = p.map((row) => row[1]!);
    kind = 'probability';
  } else {
    const pred = await model.predict(grid);
    values = (pred as Array<string | number>).map((c) => code.get(c) ?? -1);
    kind = 'class';
  }
  const points = (idx: Int32Array): DecisionBoundary['train'] => ({
    x: Array.from(idx, (i) => X.data[i * 2]!),
    y: Array.from(idx, (i) => X.data[i * 2 + 1]!),
    label: Array.from(idx, (i) => code.get(ds.y[i]!) ?? -1),
  });
  let correct = 0;
  for (let i = 0; i < split.test.length; i++) if (yPred[i] === ds.y[split.test[i]!]) correct++;
  return {
    features: [ds.featureNames[0] ?? 'x0', ds.featureNames[1] ?? 'x1'],
    gridX,
    gridY,
    values,
    kind,
    classes,
    train: points(split.train),
    test: points(split.test),
    testAccuracy: correct / split.test.length,
  };
}
