/**
 * The metric table: every metric a run can record, with its direction and its scorer, by the name
 * used in suites and results. Adding a metric is adding one entry to {@link METRICS}.
 */
import { InputError, UndefinedMetricError, formatValue } from './errors.js';
import { uniqueSorted, type Label, type Labels } from './matrix.js';
import {
  accuracyScore,
  balancedAccuracyScore,
  f1Score,
  logLoss,
  meanAbsoluteError,
  r2Score,
  rocAucScore,
  rootMeanSquaredError,
} from './metrics.js';
import type { Task } from './model.js';

/** The truth and the predictions of one fold: what a scorer reads. */
export interface FoldPredictions {
  /** The task of the data. */
  task: Task;
  /** True labels (classification) or targets (regression) of the test rows. */
  yTrue: Labels;
  /** The model's predictions for the same rows. */
  yPred: Labels;
  /** Class probabilities (rows × `classes`), when the model gives them. */
  proba?: number[][];
  /** The model's classes (the columns of `proba`), sorted. */
  classes?: Labels;
}

/** Direction, task and scorer of a metric, for scoring, sorting, ranks and "best" marks. */
export interface MetricInfo {
  /** The name used in suites and in `JobResult.metrics`. */
  name: string;
  /** Column heading. */
  title: string;
  /** The task whose folds it scores. */
  task: Task;
  /** True when a larger value is better. */
  higherIsBetter: boolean;
  /** Needs class probabilities: `null` for a model that gives none (the scorer is not called). */
  needsProba?: boolean;
  /**
   * Scores one fold.
   * @param p - the fold's truth and predictions (`proba` and `classes` present when `needsProba`).
   * @returns the value.
   * @throws {@link UndefinedMetricError} when the metric is not defined on these rows (recorded as
   *   `null`); anything else it throws is a programming error.
   */
  score(p: FoldPredictions): number;
}

function undefinedMetric(metric: string, why: string): UndefinedMetricError {
  return new UndefinedMetricError(`The metric '${metric}' is not defined on this fold: ${why}.`);
}

/** The probabilities and classes of a fold, checked so that the probability metrics are defined. */
function probaFold(metric: string, p: FoldPredictions): { proba: number[][]; classes: Labels } {
  const { proba, classes } = p;
  if (proba === undefined || classes === undefined) {
    throw new InputError(`Scorer '${metric}' needs 'proba' and 'classes' in its fold predictions, but ${proba === undefined ? 'proba' : 'classes'} is missing.`);
  }
  if (classes.length < 2) throw undefinedMetric(metric, `the model saw only the class ${formatValue(classes[0])} in its training rows`);
  const known = new Set<Label>(classes as readonly Label[]);
  for (const c of uniqueSorted(p.yTrue)) {
    if (!known.has(c as Label)) throw undefinedMetric(metric, `the test rows hold the class ${formatValue(c)}, which was not among the training rows`);
  }
  return { proba, classes };
}

function rocAuc(p: FoldPredictions): number {
  const { proba, classes } = probaFold('rocAuc', p);
  const present = uniqueSorted(p.yTrue);
  if (present.length < 2) throw undefinedMetric('rocAuc', `the test rows hold one class only (${formatValue(present[0])})`);
  if (classes.length > 2 && present.length < classes.length) {
    const have = new Set<Label>(present as readonly Label[]);
    const absent = (classes as readonly Label[]).filter((c) => !have.has(c));
    throw undefinedMetric('rocAuc', `one-vs-rest needs every class among the test rows, and ${formatValue(absent)} ${absent.length === 1 ? 'has' : 'have'} none`);
  }
  return rocAucScore(p.yTrue, proba, { labels: classes });
}

/**
 * Every metric a run can compute, by the name used in suites and results. Each scorer is core's
 * metric function (scikit-learn 1.2.1's definition): `f1Macro` is the unweighted mean of the
 * per-class F1, `rmse` the root of the mean squared error, `mae` the mean absolute error.
 */
export const METRICS: Readonly<Record<string, Readonly<MetricInfo>>> = {
  accuracy: { name: 'accuracy', title: 'Accuracy', task: 'classification', higherIsBetter: true, score: (p) => accuracyScore(p.yTrue, p.yPred) },
  balancedAccuracy: {
    name: 'balancedAccuracy',
    title: 'Balanced acc.',
    task: 'classification',
    higherIsBetter: true,
    score: (p) => balancedAccuracyScore(p.yTrue, p.yPred),
  },
  f1Macro: { name: 'f1Macro', title: 'Macro-F1', task: 'classification', higherIsBetter: true, score: (p) => f1Score(p.yTrue, p.yPred, { average: 'macro' }) },
  rocAuc: { name: 'rocAuc', title: 'ROC AUC', task: 'classification', higherIsBetter: true, needsProba: true, score: rocAuc },
  logLoss: {
    name: 'logLoss',
    title: 'Log loss',
    task: 'classification',
    higherIsBetter: false,
    needsProba: true,
    score: (p) => {
      const { proba, classes } = probaFold('logLoss', p);
      return logLoss(p.yTrue, proba, { labels: classes });
    },
  },
  r2: {
    name: 'r2',
    title: 'R²',
    task: 'regression',
    higherIsBetter: true,
    score: (p) => {
      if (p.yTrue.length < 2) throw undefinedMetric('r2', `it needs at least two test rows, and there ${p.yTrue.length === 1 ? 'is one' : 'are none'}`);
      return r2Score(p.yTrue, p.yPred);
    },
  },
  rmse: { name: 'rmse', title: 'RMSE', task: 'regression', higherIsBetter: false, score: (p) => rootMeanSquaredError(p.yTrue, p.yPred) },
  mae: { name: 'mae', title: 'MAE', task: 'regression', higherIsBetter: false, score: (p) => meanAbsoluteError(p.yTrue, p.yPred) },
};

/** Default metrics per task, the first being the primary one. */
export const DEFAULT_METRICS: Readonly<Record<Task, readonly string[]>> = {
  classification: ['accuracy', 'balancedAccuracy', 'f1Macro', 'rocAuc', 'logLoss'],
  regression: ['r2', 'rmse', 'mae'],
};

/**
 * The metrics of a task in a suite: those of `metrics` for this task, in order, or
 * {@link DEFAULT_METRICS} when the suite names none for it. The first is the primary metric.
 * @param metrics - the suite's metric names (any task).
 * @param task - the data set's task.
 * @returns metric names, primary first.
 * @example
 * ```ts
 * metricsForTask(['rmse', 'accuracy'], 'regression'); // ['rmse']
 * metricsForTask(['accuracy'], 'regression'); // ['r2', 'rmse', 'mae']
 * ```
 */
export function metricsForTask(metrics: readonly string[], task: Task): string[] {
  const own = metrics.filter((m) => Object.hasOwn(METRICS, m) && METRICS[m]!.task === task);
  return own.length > 0 ? own : [...DEFAULT_METRICS[task]];
}

/**
 * Scores one fold with the named metrics. A metric that needs probabilities the model did not give,
 * or that is not defined on these rows ({@link UndefinedMetricError}), is `null`, never 0 or NaN.
 * @param names - metric names (keys of {@link METRICS}) of the fold's task.
 * @param p - the fold's truth and predictions.
 * @returns metric name → value or null, in the order of `names`.
 * @throws {@link InputError} for a name that is not in {@link METRICS} or belongs to the other task;
 *   any other error of a scorer (a programming error) is rethrown as it is.
 * @example
 * ```ts
 * scoreFold(['accuracy', 'rocAuc'], { task: 'classification', yTrue: ['a', 'b'], yPred: ['a', 'a'] });
 * // { accuracy: 0.5, rocAuc: null }   (no probabilities given)
 * ```
 */
export function scoreFold(names: readonly string[], p: FoldPredictions): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const name of names) {
    const info = Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
    if (info === undefined) {
      throw new InputError(`Argument 'names' passed to 'scoreFold' must hold metric names (${Object.keys(METRICS).join(', ')}), but got ${formatValue(name)}.`);
    }
    if (info.task !== p.task) {
      throw new InputError(`Argument 'names' passed to 'scoreFold' holds the ${info.task} metric '${name}' for a ${p.task} fold.`);
    }
    if (info.needsProba && (p.proba === undefined || p.classes === undefined)) {
      out[name] = null;
      continue;
    }
    try {
      out[name] = info.score(p);
    } catch (err) {
      if (!(err instanceof UndefinedMetricError)) throw err;
      out[name] = null;
    }
  }
  return out;
}
