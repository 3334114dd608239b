/**
 * The bundled data on the reference folds, and scikit-learn 1.2.1's scores on them: what the
 * model packages' parity tests and the perf scripts compare against.
 *
 * The protocol is benchmarks/reference/sklearn_ref.py's: the 5 folds of `datasets/folds/`, a
 * `StandardScaler` fitted on each fold's training rows and applied to both sides, one fresh model
 * per fold. Its results are committed as `datasets/reference/sklearn-1.2.1.json`, beside the data
 * and folds they were computed on.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, StandardScaler, formatValue, type Labels, type Matrix } from '@mlcompare/core';
import { datasetsDir, loadDataset, loadFolds } from './bundled.js';

/** The scikit-learn results file, relative to the datasets folder. */
const REFERENCE_FILE = join('reference', 'sklearn-1.2.1.json');

/** One reference fold of a bundled data set, ready to fit. */
export interface ReferenceFold {
  /** Row indices (into the CSV's row order) of the training rows. */
  train: Int32Array;
  /** Row indices of the test rows. */
  test: Int32Array;
  /** The training rows; standardised on themselves unless `scale` was false. */
  Xtrain: Matrix;
  /** The test rows; standardised with the training rows' mean and scale unless `scale` was false. */
  Xtest: Matrix;
  /** Targets of the training rows: class labels as in the CSV for classification, numbers for regression. */
  yTrain: Labels;
  /** Targets of the test rows. */
  yTest: Labels;
}

/** Options of {@link referenceFolds}. */
export interface ReferenceFoldsOptions {
  /**
   * Standardise each fold with core's `StandardScaler` fitted on its training rows, as the
   * scikit-learn reference does.
   * @defaultValue true
   */
  scale?: boolean;
}

function pick(y: Labels, idx: Int32Array): Labels {
  return Array.from(idx, (i) => y[i]!) as Labels;
}

/**
 * The five reference folds of a bundled data set, as scikit-learn 1.2.1 saw them in
 * benchmarks/reference/sklearn_ref.py: `loadFolds` split, `StandardScaler` fitted on the training
 * rows only (so no test statistic leaks into the model).
 *
 * @param name - a bundled data set: `iris`, `wine`, `breast_cancer`, `digits` or `diabetes`.
 * @param options - `scale` (default true): false leaves the features as in the CSV.
 * @returns one {@link ReferenceFold} per fold, in the order of `datasets/folds/<name>.json`.
 * @throws `InputError` (from `loadDataset`) for an unknown name; {@link DataError} for a missing
 *   or mismatching data or folds file.
 * @example
 * ```ts
 * const folds = await referenceFolds('iris');
 * folds.length; // 5
 * folds[0].Xtrain.rows; // 120
 * folds[0].yTest.length; // 30
 * ```
 */
export async function referenceFolds(name: string, options: ReferenceFoldsOptions = {}): Promise<ReferenceFold[]> {
  const { scale = true } = options;
  const ds = await loadDataset(name);
  const folds = await loadFolds(name);
  return folds.map(({ train, test }) => {
    let Xtrain = ds.X.selectRows(train);
    let Xtest = ds.X.selectRows(test);
    if (scale) {
      const scaler = new StandardScaler().fit(Xtrain);
      Xtrain = scaler.transform(Xtrain);
      Xtest = scaler.transform(Xtest);
    }
    return { train, test, Xtrain, Xtest, yTrain: pick(ds.y, train), yTest: pick(ds.y, test) };
  });
}

/** The part of a model that {@link crossValidate} uses (every mlcompare model has it). */
export interface ScorableModel {
  /** Fits on the training rows. */
  fit(X: Matrix, y: Labels): Promise<unknown>;
  /** Accuracy (classifiers) or R² (regressors) on the given rows. */
  score(X: Matrix, y: Labels): Promise<number>;
  /** Frees what the model holds outside the JavaScript heap (WebAssembly memory, tensors). */
  dispose?(): void;
}

/**
 * Fits a fresh model on each fold's training rows and scores it on the test rows, fold by fold
 * (one model at a time, disposed after scoring).
 *
 * @param folds - folds from {@link referenceFolds}.
 * @param make - builds a new, unfitted model; called once per fold.
 * @returns the per-fold scores (accuracy or R², whatever the model's `score` returns), in fold order.
 * @throws whatever the model's `fit` or `score` throws.
 * @example
 * ```ts
 * import { DummyClassifier } from '@mlcompare/core';
 * const scores = await crossValidate(await referenceFolds('iris'), () => new DummyClassifier());
 * // [0.333…, 0.333…, 0.333…, 0.333…, 0.333…]: stratified folds, 10 of each class per test fold
 * ```
 */
export async function crossValidate(folds: readonly ReferenceFold[], make: () => ScorableModel): Promise<number[]> {
  const scores: number[] = [];
  for (const f of folds) {
    const model = make();
    try {
      await model.fit(f.Xtrain, f.yTrain);
      scores.push(await model.score(f.Xtest, f.yTest));
    } finally {
      model.dispose?.();
    }
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
 * @throws {@link DataError} for a data set or family that is not in the file (the message lists
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
 * @throws {@link DataError} as {@link referenceScores}.
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
