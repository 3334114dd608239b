/**
 * The one way to evaluate a fold: the runner, the model packages' parity tests and the perf scripts
 * all call {@link evaluateFold}. The fold's preprocessing is a core {@link Pipeline} fitted on the
 * training rows only; the model is fitted and timed, predicts the test rows (and gives
 * probabilities when a metric needs them), and every metric is scored from {@link METRICS}.
 */
import type { Convergence } from './convergence.js';
import { InputError, formatValue } from './errors.js';
import { Matrix, type Labels } from './matrix.js';
import { isClassifier, type Model, type Task, type TrainingHistory } from './model.js';
import { OneHotEncoder, Pipeline, SimpleImputer, StandardScaler, type Transformer } from './preprocessing.js';
import type { Capabilities } from './registry.js';
import type { ScaleTarget } from './results.js';
import { METRICS, scoreFold } from './scoring.js';

/** How a feature column is stored (`@mlcompare/datasets`' `FeatureType`): `categorical` columns hold codes 0..k-1. */
export type FeatureKind = 'numeric' | 'categorical' | 'date';

/** The whole data set a fold is cut from. */
export interface EvaluationData {
  /** Features, one row per sample; missing values are NaN. */
  X: Matrix;
  /** Class labels or targets, one per row. */
  y: Labels;
  /** What `y` is. */
  task: Task;
  /** Kind of each column; `categorical` columns are one-hot encoded. @defaultValue all numeric */
  featureTypes?: readonly FeatureKind[];
  /** Whether `X` holds a NaN; computed (one pass over `X`) when not given. */
  hasMissing?: boolean;
}

/** Row indices of one fold, into the rows of {@link EvaluationData.X}. */
export interface FoldIndices {
  /** Training rows. */
  train: ArrayLike<number>;
  /** Test rows. */
  test: ArrayLike<number>;
}

/** The capabilities {@link evaluateFold} reads. */
export type EvaluationCapabilities = Pick<Capabilities, 'needsScaling' | 'handlesMissing' | 'probabilities' | 'needsTargetScaling'>;

// ScaleTarget is declared with the results contract (results.ts), which records it on every
// result line: declared here, it closed a type cycle evaluate → registry → results → evaluate.
export type { ScaleTarget } from './results.js';

/**
 * Whether {@link evaluateFold} standardises the target of a fold.
 * @param setting - the suite's `scaleTarget`.
 * @param task - the data's task (a class label is never scaled).
 * @param capabilities - the model's capabilities (`needsTargetScaling`).
 * @returns true when the target is standardised.
 * @example
 * ```ts
 * scalesTarget('auto', 'regression', { needsTargetScaling: true }); // true
 * scalesTarget(false, 'regression', { needsTargetScaling: true }); // false
 * ```
 */
export function scalesTarget(setting: ScaleTarget, task: Task, capabilities: Pick<Capabilities, 'needsTargetScaling'>): boolean {
  if (task !== 'regression') return false;
  return setting === 'auto' ? capabilities.needsTargetScaling === true : setting;
}

/** Options of {@link evaluateFold}. */
export interface EvaluateFoldOptions {
  /** Builds a new, unfitted model; called once. */
  create: () => Model<any>;
  /** The model's capabilities: whether it wants scaling, takes NaN, gives probabilities. */
  capabilities: EvaluationCapabilities;
  /** Metric names (keys of {@link METRICS}) of the data's task. */
  metrics: readonly string[];
  /**
   * Standardise a regression target inside the fold ({@link scalesTarget}): the mean and standard
   * deviation of the training rows' target, the model fitted on the standardised target, its
   * predictions mapped back to the target's units before scoring. @defaultValue false (scikit-learn's
   * plain behaviour, which the parity tests compare with)
   */
  scaleTarget?: ScaleTarget;
  /** High-resolution clock in milliseconds. @defaultValue `performance.now()` */
  now?: () => number;
  /** Called just before the fit starts (the runner starts the job's timeout there). */
  beforeFit?: () => void;
  /**
   * Called with the fitted pipeline and the test predictions before the model is disposed (the
   * runner draws the decision boundary there).
   */
  inspect?: (fitted: Pipeline, yPred: Labels) => Promise<void> | void;
}

/** What {@link evaluateFold} measured. */
export interface FoldEvaluation {
  /** Metric name → value, or null when the model cannot give it or it is not defined on the fold. */
  metrics: Record<string, number | null>;
  /** Wall time of the pipeline's fit: preprocessing fitted on the training rows, then the model (ms). */
  fitMs: number;
  /** Wall time of the pipeline's predict on the test rows (ms). */
  predictMs: number;
  /** Wall time of predictProba on the test rows, 0 when no metric needed it (ms). */
  probaMs: number;
  /** Wall time of scoring (ms). */
  scoreMs: number;
  /** Where the model ran. */
  backend: string;
  /** The model's training history, for iterative models. */
  history?: TrainingHistory;
  /** The model's notes on how it ran ({@link Model.notes}); absent when it has none. */
  notes?: string[];
  /** How the model's solver ended ({@link Model.convergence}); absent for a model without an iteration limit. */
  convergence?: Convergence;
  /** Whether the target was standardised inside the fold (see {@link EvaluateFoldOptions.scaleTarget}). */
  scaledTarget: boolean;
  /** Training rows. */
  nTrain: number;
  /** Test rows. */
  nTest: number;
  /** The preprocessing steps, in order (`one-hot`, `impute`, `scale`). */
  steps: string[];
}

/** True when any value of `X` is NaN. */
function anyMissing(X: Matrix): boolean {
  const d = X.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== d[i]) return true;
  return false;
}

/**
 * The preprocessing of a fold, unfitted: one-hot encoding of the categorical columns (first, so a
 * missing category becomes an all-zero block), mean imputation when the data has missing values and
 * the model does not take them, standardisation when the model asks for it.
 * @param data - the data set (its column kinds and whether it has NaN).
 * @param capabilities - the model's `handlesMissing` and `needsScaling`.
 * @returns the transformers in order, and their short names.
 * @example
 * ```ts
 * foldPreprocessing({ X, y, task: 'classification' }, { needsScaling: true, handlesMissing: false, probabilities: true }).names; // ['scale']
 * ```
 */
export function foldPreprocessing(data: EvaluationData, capabilities: EvaluationCapabilities): { steps: Transformer[]; names: string[] } {
  const steps: Transformer[] = [];
  const names: string[] = [];
  const categorical: number[] = [];
  (data.featureTypes ?? []).forEach((t, j) => {
    if (t === 'categorical') categorical.push(j);
  });
  if (categorical.length > 0) {
    steps.push(new OneHotEncoder({ columns: categorical }));
    names.push('one-hot');
  }
  if (!capabilities.handlesMissing && (data.hasMissing ?? anyMissing(data.X))) {
    steps.push(new SimpleImputer({ strategy: 'mean' }));
    names.push('impute');
  }
  if (capabilities.needsScaling) {
    steps.push(new StandardScaler());
    names.push('scale');
  }
  return { steps, names };
}

/**
 * A training target standardised as scikit-learn's `TransformedTargetRegressor(transformer=StandardScaler())`:
 * the {@link StandardScaler} of the target as one column (its mean, and its population standard
 * deviation, 1 for a constant target), and the map back to the target's units.
 */
function standardTarget(y: readonly number[]): { scaled: number[]; back: (v: number) => number } {
  const scaler = new StandardScaler().fit(new Matrix(Float64Array.from(y), y.length, 1));
  const mean = scaler.mean[0]!;
  const scale = scaler.scale[0]!;
  return { scaled: y.map((v) => (v - mean) / scale), back: (v) => v * scale + mean };
}

function pick(y: Labels, idx: ArrayLike<number>): Labels {
  return Array.from(idx, (i) => y[i]!) as Labels;
}

/** A fold's matrices after its preprocessing (see {@link foldMatrices}). */
export interface FoldMatrices {
  /** The training rows, transformed by the steps fitted on them. */
  Xtrain: Matrix;
  /** The test rows, transformed by the same fitted steps. */
  Xtest: Matrix;
  /** Labels or targets of the training rows. */
  yTrain: Labels;
  /** Labels or targets of the test rows. */
  yTest: Labels;
  /** The steps applied, in order (`one-hot`, `impute`, `scale`). */
  steps: string[];
}

/**
 * A fold's matrices with the preprocessing {@link evaluateFold} applies ({@link foldPreprocessing},
 * fitted on the training rows only), for code that hands them to another library directly (the
 * perf scripts time third-party libraries on exactly the matrices our models get).
 * @param data - the whole data set.
 * @param fold - its training and test rows.
 * @param capabilities - the model's `needsScaling` and `handlesMissing`.
 * @returns the transformed training and test matrices and their targets.
 * @example
 * ```ts
 * const f = foldMatrices(data, folds[0], { needsScaling: true, handlesMissing: false, probabilities: false });
 * f.steps; // ['scale']
 * ```
 */
export function foldMatrices(data: EvaluationData, fold: FoldIndices, capabilities: EvaluationCapabilities): FoldMatrices {
  const { steps, names } = foldPreprocessing(data, capabilities);
  let Xtrain = data.X.selectRows(fold.train);
  let Xtest = data.X.selectRows(fold.test);
  for (const step of steps) {
    Xtrain = step.fitTransform(Xtrain);
    Xtest = step.transform(Xtest);
  }
  return { Xtrain, Xtest, yTrain: pick(data.y, fold.train), yTest: pick(data.y, fold.test), steps: names };
}

const defaultNow = (): number => performance.now();

/**
 * Evaluates one model on one fold. The fold's preprocessing ({@link foldPreprocessing}) and the
 * model form a core {@link Pipeline}, fitted on the training rows only; it predicts the test rows
 * and, when a metric needs them and the model gives them, their class probabilities; the metrics
 * are scored by {@link scoreFold}. The model is disposed before this returns.
 *
 * A metric the model cannot give, or one not defined on the fold (ROC AUC with one class among
 * the test rows: `UndefinedMetricError`), is `null`; any other error — of the model or of a
 * scorer — is thrown, so the caller records the job as failed with that message.
 *
 * @param data - the whole data set.
 * @param fold - its training and test rows.
 * @param options - the model factory, its capabilities, the metrics, and hooks.
 * @returns the metrics, the times, the backend and history, the fold sizes and the steps applied.
 * @throws {@link InputError} for an unknown metric, a metric of the other task, or a fold with no
 *   training or no test rows; whatever the model's fit and predict and the scorers throw.
 * @example
 * ```ts
 * const e = await evaluateFold({ X, y, task: 'classification' }, { train, test }, {
 *   create: () => new DummyClassifier(), capabilities: DummyClassifier.capabilities, metrics: ['accuracy'],
 * });
 * e.metrics.accuracy; // the fold's accuracy
 * ```
 */
export async function evaluateFold(data: EvaluationData, fold: FoldIndices, options: EvaluateFoldOptions): Promise<FoldEvaluation> {
  const caller = 'evaluateFold';
  for (const name of options.metrics) {
    const info = Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
    if (info === undefined || info.task !== data.task) {
      throw new InputError(
        `Option 'metrics' passed to '${caller}' must hold ${data.task} metrics (${Object.values(METRICS)
          .filter((m) => m.task === data.task)
          .map((m) => m.name)
          .join(', ')}), but got ${formatValue(name)}.`,
      );
    }
  }
  if (fold.train.length === 0 || fold.test.length === 0) {
    throw new InputError(`Argument 'fold' passed to '${caller}' must have training and test rows, but has ${fold.train.length} and ${fold.test.length}.`);
  }
  const now = options.now ?? defaultNow;
  const caps = options.capabilities;
  const Xtrain = data.X.selectRows(fold.train);
  const Xtest = data.X.selectRows(fold.test);
  const yTrain = pick(data.y, fold.train);
  const yTest = pick(data.y, fold.test);
  const { steps, names } = foldPreprocessing(data, caps);
  const pipeline = new Pipeline({ steps, model: options.create() });
  const scaledTarget = scalesTarget(options.scaleTarget ?? false, data.task, caps);
  try {
    options.beforeFit?.();
    const t0 = now();
    const target = scaledTarget ? standardTarget(yTrain as number[]) : undefined;
    await pipeline.fit(Xtrain, target ? target.scaled : yTrain);
    const t1 = now();
    const raw = (await pipeline.predict(Xtest)) as Labels;
    const yPred = target ? (raw as number[]).map(target.back) : raw;
    const t2 = now();
    let proba: number[][] | undefined;
    let classes: Labels | undefined;
    const model = pipeline.params.model;
    if (isClassifier(model) && caps.probabilities && model.supportsProba && options.metrics.some((m) => METRICS[m]!.needsProba)) {
      proba = await pipeline.predictProba(Xtest);
      classes = model.classes;
    }
    const t3 = now();
    const metrics = scoreFold(options.metrics, { task: data.task, yTrue: yTest, yPred, proba, classes });
    const t4 = now();
    const out: FoldEvaluation = {
      metrics,
      fitMs: t1 - t0,
      predictMs: t2 - t1,
      probaMs: t3 - t2,
      scoreMs: t4 - t3,
      backend: pipeline.backend,
      nTrain: fold.train.length,
      nTest: fold.test.length,
      steps: names,
      scaledTarget,
    };
    const history = pipeline.history;
    if (history) out.history = history;
    if (pipeline.notes.length > 0) out.notes = [...pipeline.notes];
    const convergence = pipeline.convergence;
    if (convergence) out.convergence = { ...convergence };
    await options.inspect?.(pipeline, yPred);
    return out;
  } finally {
    try {
      pipeline.dispose();
    } catch {
      // A failing dispose must not hide the fold's own outcome.
    }
  }
}
