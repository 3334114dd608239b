/**
 * Scoring one fold: the suite's metrics from core's metric functions.
 */
import {
  DEFAULT_METRICS,
  METRICS,
  accuracyScore,
  balancedAccuracyScore,
  f1Score,
  logLoss,
  meanAbsoluteError,
  r2Score,
  rocAucScore,
  rootMeanSquaredError,
  type Labels,
  type Task,
} from '@mlcompare/core';

/** Predictions of one fold. */
export interface FoldPredictions {
  task: Task;
  yTrue: Labels;
  yPred: Labels;
  /** Class probabilities (rows × `classes`), when the model gives them. */
  proba?: number[][];
  /** The model's classes (columns of `proba`), sorted. */
  classes?: Labels;
}

/**
 * The metrics of a task in a suite: those of `metrics` for this task, in order, or core's
 * defaults when the suite names none for it. The first is the primary metric.
 * @param metrics - the suite's metric names (any task).
 * @param task - the data set's task.
 */
export function metricsForTask(metrics: readonly string[], task: Task): string[] {
  const own = metrics.filter((m) => METRICS[m]?.task === task);
  return own.length > 0 ? own : [...DEFAULT_METRICS[task]];
}

/**
 * Computes the named metrics. A metric the model cannot give (log loss without probabilities)
 * or that is undefined on this fold (ROC AUC with one class in the test rows) is `null`, never 0.
 * @param names - metric names (see `METRICS`).
 * @param p - the fold's truth and predictions.
 * @returns metric name → value or null.
 */
export function computeMetrics(names: readonly string[], p: FoldPredictions): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const name of names) {
    try {
      out[name] = metricValue(name, p);
    } catch {
      out[name] = null;
    }
  }
  return out;
}

function metricValue(name: string, p: FoldPredictions): number | null {
  const { yTrue, yPred, proba, classes } = p;
  const probaArgs = proba && classes ? ([proba, { labels: classes }] as const) : undefined;
  switch (name) {
    case 'accuracy':
      return accuracyScore(yTrue, yPred);
    case 'balancedAccuracy':
      return balancedAccuracyScore(yTrue, yPred);
    case 'f1Macro':
      return f1Score(yTrue, yPred, { average: 'macro' });
    case 'rocAuc':
      return probaArgs ? rocAucScore(yTrue, ...probaArgs) : null;
    case 'logLoss':
      return probaArgs ? logLoss(yTrue, ...probaArgs) : null;
    case 'r2':
      return r2Score(yTrue, yPred);
    case 'rmse':
      return rootMeanSquaredError(yTrue, yPred);
    case 'mae':
      return meanAbsoluteError(yTrue, yPred);
    default:
      return null;
  }
}
