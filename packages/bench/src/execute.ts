/**
 * One job — (data set, model, parameters, repeat, fold) — from data to a {@link JobResult}, through
 * core's `evaluateFold`. Runs inside a worker (see `worker.ts`) or, for tests and measurements, in
 * the calling thread. The data sets and their splits are made once, in the main thread, and handed
 * to every worker at its start ({@link SharedDataset}): a job carries only names and indices.
 */
import os from 'node:os';
import {
  Matrix,
  RESULTS_SCHEMA_VERSION,
  evaluateFold,
  findModel,
  threadBudget,
  type DecisionBoundary,
  type EvaluationData,
  type FeatureKind,
  type JobResult,
  type JobStatus,
  type Labels,
  type ModelSpec,
  type InnerTrial,
  type Pipeline,
  type SearchSpace,
  type Task,
  type TuneSpec,
} from '@mlcompare/core';
import { innerFoldRows, threadCpuMs } from './inner.js';

/** A train/test split of row indices. */
export interface Split {
  /** Training rows. */
  train: Int32Array;
  /** Test rows. */
  test: Int32Array;
}

/**
 * A data set as the jobs see it, made once in the main thread: `X` lives in a SharedArrayBuffer,
 * so every worker reads the same memory, and the splits are the run's (`splits.json`).
 */
export interface SharedDataset {
  /** Name, as in the results. */
  name: string;
  /** What the target is. */
  task: Task;
  /** Features, row-major (`rows × cols`), backed by a SharedArrayBuffer; missing values are NaN. */
  X: Float64Array;
  /** Rows of `X`. */
  rows: number;
  /** Columns of `X`. */
  cols: number;
  /** Class labels or targets, one per row. */
  y: Labels;
  /** Sorted classes (classification). */
  classes?: Labels;
  /** Kind of each feature column. */
  featureTypes: FeatureKind[];
  /** Feature names (the decision boundary's axes). */
  featureNames: string[];
  /** Whether `X` holds a NaN. */
  hasMissing: boolean;
  /** `splits[repeat][fold]`: the run's splits. */
  splits: Split[][];
  /**
   * Inner folds of tuned models, by inner resampling (`kfold-3`, see core's `innerSplitsKey`):
   * `inner[key][repeat][fold][innerFold]`, rows of the data set within that outer fold's training rows.
   */
  inner?: Record<string, Split[][][]>;
}

/**
 * What a job carries: the fields it shares with its {@link JobResult} (ids, data set name, model,
 * parameters, repeat, fold, seed) are the result's own; the data come from the thread's
 * {@link SharedDataset}s.
 */
export interface JobTask
  extends Pick<JobResult, 'jobId' | 'dataset' | 'task' | 'model' | 'className' | 'params' | 'label' | 'repeat' | 'fold' | 'seed'> {
  /** Metric names for this task, primary first. */
  metrics: string[];
  /** Compute the decision boundary (two-feature classification, repeat 0, fold 0). */
  boundary: boolean;
  /**
   * Standardise the regression target inside the fold (the suite's `scaleTarget` for this model,
   * see core's `scalesTarget`); recorded in the result line. @defaultValue false
   */
  scaledTarget?: boolean;
  /** An inner trial of a tuned outer job: recorded on its result line. */
  inner?: InnerTrial;
  /**
   * Where an inner trial's rows come from: inner fold `inner.innerFold` of `SharedDataset.inner[key]`,
   * for successive halving on a stratified subsample of it (`fraction` of its training and test rows,
   * drawn with `seed`), as scikit-learn's `HalvingRandomSearchCV` subsamples with `n_samples` as resource.
   */
  innerSplit?: { key: string; subsample?: { fraction: number; seed: number } };
  /** The tuning settings of a tuned outer job (the runner's, not the worker's: the worker runs it as any job). */
  tune?: ResolvedTune;
}

/** A tuned outer job's settings as planned for its data set: the space and metric this task's variant uses. */
export interface ResolvedTune {
  spec: TuneSpec;
  /** The space searched (the entry's, or its task's default). */
  space: SearchSpace;
  /** The metric maximised (the run's primary metric when the suite says `primary`). */
  metric: string;
  /** The inner resampling's key in `SharedDataset.inner` and `splits.json`. */
  key: string;
  /** Successive halving: the resource is training rows, or the network's epochs (`maxIter`). */
  resource: 'rows' | 'epochs';
  /** Rows of the outer training fold, or the network's `maxIter`: the most resources a candidate gets. */
  maxResources: number;
  /** Classes of a classification data set. */
  nClasses?: number;
}

/** Where a job's time went besides fit and predict (milliseconds), for the runner's perf script. */
export interface JobTimings {
  /** Finding the model and the data, and selecting the fold's rows (the fold's preprocessing is part of fit). */
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

/** The data, registry and hooks of the thread that runs jobs. */
export interface JobEnvironment {
  /** The model registry. */
  registry: readonly ModelSpec[];
  /** The run's data sets by name (with their splits). */
  datasets: ReadonlyMap<string, SharedDataset>;
  /** Milliseconds (high resolution). */
  now(): number;
  /**
   * Called when a phase bounded by the timeout begins: before the warm-up fit (when there is one)
   * and again just before `fit`. The timeout counts from the latest call, so starting the worker
   * never counts, and a warm-up that hangs is still stopped.
   */
  onStart?(): void;
  /** Filled with where the job's time went, when given. */
  timings?: JobTimings;
}

/** Model classes this thread has warmed up. */
const warmed = new Set<string>();
/** Each data set's {@link EvaluationData} (a Matrix over the shared `X`), made once per thread. */
const evaluationData = new WeakMap<SharedDataset, EvaluationData>();

function dataOf(ds: SharedDataset): EvaluationData {
  let d = evaluationData.get(ds);
  if (!d) {
    d = { X: new Matrix(ds.X, ds.rows, ds.cols), y: ds.y, task: ds.task, featureTypes: ds.featureTypes, hasMissing: ds.hasMissing };
    evaluationData.set(ds, d);
  }
  return d;
}

/**
 * The parameters a job's model is built with: the suite's, plus the job's seed when the model has a `seed`.
 * @param spec - the model's registry entry.
 * @param params - the suite's parameters.
 * @param seed - the job's seed.
 * @returns a new parameter object.
 */
function modelParams(spec: ModelSpec, params: Record<string, unknown>, seed: number): Record<string, unknown> {
  return 'seed' in spec.params && params['seed'] === undefined ? { ...params, seed } : { ...params };
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (cause: ${err.cause.message})` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  return String(err);
}

/**
 * A model class on its task: what a worker thread warms up once, and what the runner keeps on the
 * worker that has run it (nested.ts's affinity).
 * @param c - a model spec or a job.
 * @returns `className|task`.
 */
export function classKey(c: Pick<ModelSpec, 'className' | 'task'>): string {
  return `${c.className}|${c.task}`;
}

/** Rows the warm-up fit uses at most. */
const WARMUP_ROWS = 200;

/**
 * Evaluates the model once on (up to 200 of) the fold's training rows, the first time this thread
 * sees the model class, so JIT compilation and backend start-up do not count against the first job.
 */
async function warmUp(spec: ModelSpec, params: Record<string, unknown>, data: EvaluationData, split: Split, metrics: readonly string[]): Promise<void> {
  const key = classKey(spec);
  if (warmed.has(key)) return;
  warmed.add(key);
  const n = split.train.length;
  const take = Math.min(n, WARMUP_ROWS);
  const train = take === n ? split.train : Int32Array.from({ length: take }, (_, i) => split.train[Math.floor((i * n) / take)]!);
  try {
    await evaluateFold(data, { train, test: split.test }, { create: () => spec.create(params), capabilities: spec.capabilities, metrics });
  } catch {
    // A warm-up failure is not the job's: the job itself will report whatever goes wrong.
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
    dataset: job.dataset,
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
    scaledTarget: job.scaledTarget ?? false,
    ...(job.inner && { inner: { ...job.inner } }),
    finishedAt,
  };
}

/**
 * Runs one job with core's `evaluateFold`. Never throws: a failure — of the model, or of a scorer
 * (a programming error; a metric merely undefined on the fold is null) — becomes a result with
 * status `error` and the message.
 * @param task - the job.
 * @param env - registry, data, clock and the start hook.
 * @returns the result line for `results.jsonl`.
 */
export async function executeJob(task: JobTask, env: JobEnvironment): Promise<JobResult> {
  const result = jobResult(task, 'ok', null, '');
  // What a model whose nJobs is left to its default may use here (the worker's budget, see worker.ts).
  result.threadBudget = threadBudget(os.availableParallelism());
  const tm: JobTimings = env.timings ?? { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 0 };
  const tStart = env.now();
  let boundaryMs = 0;
  try {
    const spec = findModel(env.registry, task.className, task.task);
    const ds = env.datasets.get(task.dataset);
    if (!ds) throw new Error(`The data set '${task.dataset}' was not handed to this thread (it has ${[...env.datasets.keys()].join(', ') || 'none'}).`);
    const split = task.inner && task.innerSplit ? innerFoldRows(ds, task, task.inner, task.innerSplit) : ds.splits[task.repeat]?.[task.fold];
    if (!split) throw new Error(`Repeat ${task.repeat}, fold ${task.fold} of '${task.dataset}' does not exist (the run has ${ds.splits.length} repeat(s) of ${ds.splits[0]?.length ?? 0} folds).`);
    result.nTrain = split.train.length;
    result.nTest = split.test.length;
    const data = dataOf(ds);
    const params = modelParams(spec, task.params, task.seed);
    const tw = env.now();
    // Only a thread's first job of a model class warms up (warmupMs stays 0 for the others).
    const warm = !warmed.has(classKey(spec));
    if (warm) {
      env.onStart?.();
      await warmUp(spec, params, data, split, task.metrics);
    }
    const te = env.now();
    tm.warmupMs = warm ? te - tw : 0;
    const cpu0 = threadCpuMs();
    const e = await evaluateFold(data, split, {
      create: () => spec.create(params),
      capabilities: spec.capabilities,
      metrics: task.metrics,
      scaleTarget: task.scaledTarget ?? false,
      now: env.now,
      beforeFit: env.onStart,
      inspect: task.boundary
        ? async (fitted, yPred) => {
            const tb = env.now();
            result.boundary = await decisionBoundary(fitted, ds, split, yPred);
            boundaryMs = env.now() - tb;
          }
        : undefined,
    });
    if (result.inner) result.inner.cpuMs = Math.max(0, threadCpuMs() - cpu0) || e.fitMs + e.predictMs;
    result.metrics = e.metrics;
    result.fitMs = e.fitMs;
    result.predictMs = e.predictMs;
    result.backend = e.backend;
    if (e.history) result.history = e.history;
    if (e.notes) result.notes = e.notes;
    if (e.convergence) result.convergence = e.convergence;
    result.scaledTarget = e.scaledTarget;
    tm.metricsMs = e.scoreMs;
    tm.extraModelMs = e.probaMs + boundaryMs;
    tm.prepareMs = tw - tStart + (env.now() - te - e.fitMs - e.predictMs - e.probaMs - e.scoreMs - boundaryMs);
  } catch (err) {
    result.status = 'error';
    result.error = errorText(err);
  }
  result.finishedAt = new Date().toISOString();
  tm.totalMs = env.now() - tStart;
  return result;
}

/** Grid points per axis of the decision-boundary grid. */
const BOUNDARY_GRID = 60;

/**
 * The model's predicted class probability over a 60 × 60 grid spanning the data ± 10 % of its
 * range, in the data's own units (the fitted pipeline applies the fold's preprocessing to the grid,
 * as to the test rows).
 * @param model - the fold's fitted pipeline (a classifier).
 * @param ds - the data set (two numeric features).
 * @param split - the fold's rows.
 * @param yPred - the predictions for the fold's test rows.
 * @returns the grid, its values and the fold's points.
 */
async function decisionBoundary(
  model: Pick<Pipeline, 'predict' | 'predictProba' | 'supportsProba' | 'classes'>,
  ds: SharedDataset,
  split: Split,
  yPred: Labels,
): Promise<DecisionBoundary> {
  const X = { data: ds.X, rows: ds.rows };
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
  const grid = new Matrix(data, n, 2);
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
