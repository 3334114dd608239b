/**
 * The bundled data on the reference folds, and scikit-learn 1.2.1's scores on them: what the
 * model packages' parity tests and the perf scripts compare against.
 *
 * The protocol is benchmarks/reference/sklearn_ref.py's: the 5 folds of `datasets/folds/`, a
 * `StandardScaler` fitted on each fold's training rows and applied to both sides, one fresh model
 * per fold. The evaluation itself is core's `evaluateFold`, the runner's own. Its results are committed as `datasets/reference/sklearn-1.2.1.json`, beside the data
 * and folds they were computed on.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, evaluateFold, formatValue, type EvaluationData, type Fold, type Model } from '@mlcompare/core';
import { datasetsDir, loadDataset, loadFolds } from './bundled.js';

/** The scikit-learn results file, relative to the datasets folder. */
const REFERENCE_FILE = join('reference', 'sklearn-1.2.1.json');

/** A bundled data set and its reference folds, ready for core's `evaluateFold` or `foldMatrices`. */
export interface ReferenceData {
  /** The whole data set: features as in the CSV, targets, task and column kinds. */
  data: EvaluationData;
  /** The five folds of `datasets/folds/<name>.json` (row indices into the CSV's row order). */
  folds: Fold[];
}

/** Options of {@link referenceCrossValidate}. */
export interface ReferenceCrossValidateOptions {
  /**
   * Standardise each fold with a `StandardScaler` fitted on its training rows, as the
   * scikit-learn reference does.
   * @defaultValue true
   */
  scale?: boolean;
  /**
   * Standardise the regression target inside each fold (core's `evaluateFold` option: the
   * reference's `mlp_ystd` row is scikit-learn's `TransformedTargetRegressor` with a
   * `StandardScaler`). @defaultValue false (the reference's plain rows)
   */
  scaleTarget?: boolean;
}

/**
 * A bundled data set and its five reference folds.
 *
 * @param name - a bundled data set: `iris`, `wine`, `breast_cancer`, `digits` or `diabetes`.
 * @returns the data (for core's `evaluateFold`/`foldMatrices`) and the folds.
 * @throws `InputError` (from `loadDataset`) for an unknown name; {@link @mlcompare/core!DataError | DataError} for a missing
 *   or mismatching data or folds file.
 * @example
 * ```ts
 * const { data, folds } = await referenceData('iris');
 * folds.length; // 5
 * folds[0].test.length; // 30
 * ```
 */
export async function referenceData(name: string): Promise<ReferenceData> {
  const ds = await loadDataset(name);
  const folds = await loadFolds(name);
  return { data: { X: ds.X, y: ds.y, task: ds.task, featureTypes: ds.featureTypes }, folds };
}

/**
 * The reference protocol of benchmarks/reference/sklearn_ref.py, evaluated by core's
 * `evaluateFold`: on each of the five folds, a fresh model with a `StandardScaler` fitted on the
 * training rows (unless `scale` is false) is fitted and scored on the test rows. The model
 * packages' parity tests compare these scores with {@link referenceScores}.
 *
 * @param name - a bundled data set.
 * @param create - builds a new, unfitted model; called once per fold (each is disposed after scoring).
 * @param options - `scale` (default true).
 * @returns the per-fold accuracy (classification) or R² (regression), in fold order.
 * @throws as {@link referenceData}; whatever the model's fit and predict throw.
 * @example
 * ```ts
 * import { DummyClassifier } from '@mlcompare/core';
 * await referenceCrossValidate('iris', () => new DummyClassifier({ strategy: 'mostFrequent' }));
 * // [0.333…, 0.333…, 0.333…, 0.333…, 0.333…]: stratified folds, 10 of each class per test fold
 * ```
 */
export async function referenceCrossValidate(name: string, create: () => Model<any>, options: ReferenceCrossValidateOptions = {}): Promise<number[]> {
  const { scale = true, scaleTarget = false } = options;
  const { data, folds } = await referenceData(name);
  const metric = data.task === 'classification' ? 'accuracy' : 'r2';
  const scores: number[] = [];
  for (const fold of folds) {
    const e = await evaluateFold(data, fold, { create, capabilities: { needsScaling: scale, handlesMissing: false, probabilities: false }, metrics: [metric], scaleTarget });
    scores.push(e.metrics[metric]!);
  }
  return scores;
}

/** scikit-learn 1.2.1's cross-validated score of one model family on one bundled data set. */
export interface ReferenceScores {
  /** `accuracy` for the classification sets, `r2` for diabetes. */
  metric: 'accuracy' | 'r2';
  /** Mean over the five folds. */
  mean: number;
  /** Population standard deviation (ddof 0) over the five folds. */
  std: number;
  /** One score per fold, in the order of `datasets/folds/<name>.json`. */
  perFold: number[];
}

/** scikit-learn 1.2.1's mean fit and predict times of one model family on one data set. */
export interface ReferenceTimes {
  /** Mean over the folds of the wall time of `fit`, in milliseconds. */
  fitMs: number;
  /** Mean over the folds of the wall time of `predict` on the test rows, in milliseconds. */
  predictMs: number;
}

interface Summary {
  mean: number;
  std: number;
  per_fold: number[];
}
interface CvEntry {
  task: 'classification' | 'regression';
  models: Record<string, Partial<Record<'accuracy' | 'r2' | 'fit_ms' | 'predict_ms', Summary>>>;
}

let referenceCache: { path: string; cv: Record<string, CvEntry> } | undefined;

async function readReference(caller: string): Promise<Record<string, CvEntry>> {
  const path = join(datasetsDir(), REFERENCE_FILE);
  if (referenceCache?.path === path) return referenceCache.cv;
  if (!existsSync(path)) {
    throw new DataError(
      `'${caller}' could not find scikit-learn's reference scores at ${path}. ` +
        `Set MLCOMPARE_DATASETS_DIR to the folder holding reference/sklearn-1.2.1.json, or run from a checkout of the repository.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new DataError(`'${caller}' could not read ${path} as JSON: ${(err as Error).message}. Restore it from the repository.`, { cause: err });
  }
  const cv = (parsed as { cv?: unknown } | null)?.cv;
  if (cv === null || typeof cv !== 'object') throw new DataError(`The reference file ${path} has no 'cv' object. Restore it from the repository.`);
  referenceCache = { path, cv: cv as Record<string, CvEntry> };
  return referenceCache.cv;
}

/** The JSON entry of one model family on one data set, with the data set's task. */
async function findModel(dataset: string, family: string, caller: string): Promise<{ task: CvEntry['task']; model: CvEntry['models'][string] }> {
  const cv = await readReference(caller);
  const entry = Object.hasOwn(cv, dataset) ? cv[dataset] : undefined;
  if (entry === undefined) {
    throw new DataError(
      `Argument 'dataset' passed to '${caller}' must be one of the data sets in scikit-learn's reference (${Object.keys(cv).join(', ')}). ` +
        `Got ${formatValue(dataset)} instead.`,
    );
  }
  const model = Object.hasOwn(entry.models, family) ? entry.models[family] : undefined;
  if (model === undefined) {
    throw new DataError(
      `Argument 'family' passed to '${caller}' must be one of the model families in scikit-learn's reference for ${dataset} ` +
        `(${Object.keys(entry.models).join(', ')}). Got ${formatValue(family)} instead.`,
    );
  }
  return { task: entry.task, model };
}

function summary(s: Summary | undefined, what: string, dataset: string, family: string, caller: string): Summary {
  if (s === undefined || typeof s.mean !== 'number' || !Array.isArray(s.per_fold)) {
    throw new DataError(`'${caller}' found no '${what}' summary for ${family} on ${dataset} in the reference file. Restore it from the repository.`);
  }
  return s;
}

/**
 * scikit-learn 1.2.1's per-fold scores of one model family on one bundled data set, from
 * `datasets/reference/sklearn-1.2.1.json` (written by benchmarks/reference/sklearn_ref.py, which
 * names the exact estimator and hyper-parameters behind each family).
 *
 * @param dataset - `iris`, `wine`, `breast_cancer`, `digits` or `diabetes`.
 * @param family - `linear`, `knn`, `svm`, `cart`, `mlp` or `torch_mlp`; `forest` or `boosting`
 *   (added by benchmarks/reference/sklearn_ensemble_ref.py).
 * @returns the metric (accuracy for classification, R² for regression), its mean, population
 *   standard deviation and per-fold values.
 * @throws {@link @mlcompare/core!DataError | DataError} for a data set or family that is not in the file (the message lists
 *   the valid ones), or a missing or unreadable file.
 * @example
 * ```ts
 * const ref = await referenceScores('iris', 'linear');
 * ref.metric; // 'accuracy'
 * ref.mean; // 0.96
 * ```
 */
export async function referenceScores(dataset: string, family: string): Promise<ReferenceScores> {
  const { task, model } = await findModel(dataset, family, 'referenceScores');
  const metric = task === 'classification' ? 'accuracy' : 'r2';
  const s = summary(model[metric], metric, dataset, family, 'referenceScores');
  return { metric, mean: s.mean, std: s.std, perFold: [...s.per_fold] };
}

/**
 * scikit-learn 1.2.1's mean fit and predict times of one model family on one bundled data set,
 * measured by benchmarks/reference/sklearn_ref.py on an otherwise idle 2-core machine (scaling
 * excluded): a yardstick for perf scripts, not a figure to compare across machines.
 *
 * @param dataset - `iris`, `wine`, `breast_cancer`, `digits` or `diabetes`.
 * @param family - `linear`, `knn`, `svm`, `cart`, `mlp` or `torch_mlp`; `forest` or `boosting`
 *   (added by benchmarks/reference/sklearn_ensemble_ref.py).
 * @returns the mean over folds of the fit and predict wall times, in milliseconds.
 * @throws {@link @mlcompare/core!DataError | DataError} as {@link referenceScores}.
 * @example
 * ```ts
 * const { fitMs, predictMs } = await referenceTimes('digits', 'knn');
 * ```
 */
export async function referenceTimes(dataset: string, family: string): Promise<ReferenceTimes> {
  const { model } = await findModel(dataset, family, 'referenceTimes');
  return {
    fitMs: summary(model.fit_ms, 'fit_ms', dataset, family, 'referenceTimes').mean,
    predictMs: summary(model.predict_ms, 'predict_ms', dataset, family, 'referenceTimes').mean,
  };
}
