import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, DummyClassifier, DummyRegressor, foldMatrices, type Matrix } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { loadDataset, referenceCrossValidate, referenceData, referenceScores, referenceTimes } from '../src/index.js';

/** Column means and population standard deviations of a matrix. */
function columnStats(X: Matrix): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(X.cols).fill(0);
  const sd = new Array<number>(X.cols).fill(0);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) mean[j]! += X.get(i, j) / X.rows;
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) sd[j]! += (X.get(i, j) - mean[j]!) ** 2 / X.rows;
  return { mean, sd: sd.map(Math.sqrt) };
}

const SCALE = { needsScaling: true, handlesMissing: false, probabilities: false };

describe('referenceData', () => {
  it('gives the five iris folds: 120 training and 30 test rows each, the test rows partitioning the data', async () => {
    const { data, folds } = await referenceData('iris');
    expect([data.X.rows, data.X.cols, data.y.length, data.task]).toEqual([150, 4, 150, 'classification']);
    expect(folds).toHaveLength(5);
    const seen = new Int32Array(150);
    for (const f of folds) {
      expect([f.train.length, f.test.length]).toEqual([120, 30]);
      for (const i of f.test) seen[i]!++;
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
  });

  it("with core's foldMatrices, standardises on the training rows: mean 0 and sd 1 there, the test rows with the same statistics", async () => {
    const { data, folds } = await referenceData('iris');
    const f = foldMatrices(data, folds[0]!, SCALE);
    const { mean, sd } = columnStats(f.Xtrain);
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(mean[j]!)).toBeLessThan(1e-12);
      expect(sd[j]).toBeCloseTo(1, 12);
    }
    // scikit-learn 1.2.1: StandardScaler().fit(X[train]).transform(X[test])[0] on iris fold 0 (row 4).
    expect(folds[0]!.test[0]).toBe(4);
    const expected = [-1.0334600772904787, 1.2419767859548778, -1.3353229389709982, -1.3161072689384559];
    expected.forEach((v, j) => expect(f.Xtest.get(0, j)).toBeCloseTo(v, 12));
    // The test rows are not standardised on themselves.
    expect(Math.abs(columnStats(f.Xtest).mean[0]!)).toBeGreaterThan(1e-3);
  });

  it('keeps constant columns at scale 1 (digits has all-zero pixels): no NaN', async () => {
    const { data, folds } = await referenceData('digits');
    for (const fold of folds) {
      const f = foldMatrices(data, fold, SCALE);
      expect(f.Xtrain.data.some(Number.isNaN) || f.Xtest.data.some(Number.isNaN)).toBe(false);
    }
    // Pixel 0 is 0 in every digit: it stays 0 after standardising.
    expect(foldMatrices(data, folds[0]!, SCALE).Xtrain.column(0).every((v) => v === 0)).toBe(true);
  });

  it('gives the rows as in the CSV, and the targets of the chosen rows', async () => {
    const ds = await loadDataset('diabetes');
    const { data, folds } = await referenceData('diabetes');
    expect(data.X.data).toEqual(ds.X.data);
    expect(data.y).toEqual(ds.y);
    expect(typeof data.y[0]).toBe('number');
    expect(folds[0]!.train.length + folds[0]!.test.length).toBe(442);
  });

  it('rejects an unknown data set with the list of bundled ones', async () => {
    await expect(referenceData('irs')).rejects.toThrow(/^Argument 'name' passed to 'loadDataset' must be one of the bundled datasets \(iris, wine/);
  });
});

describe('referenceCrossValidate', () => {
  it('fits a fresh model per fold and returns the per-fold accuracy in fold order', async () => {
    // Stratified iris folds: every training fold has 40 rows of each class, so the most frequent
    // class is the first one (ties go to the first), and each test fold has 10 of 30 of it.
    let made = 0;
    const scores = await referenceCrossValidate('iris', () => {
      made++;
      return new DummyClassifier({ strategy: 'mostFrequent' });
    });
    expect(scores).toEqual([1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3]);
    expect(made).toBe(5);
  });

  it('scores a regressor with R² (a mean predictor scores at most 0 on the test rows)', async () => {
    const scores = await referenceCrossValidate('diabetes', () => new DummyRegressor());
    expect(scores).toHaveLength(5);
    for (const s of scores) expect(s).toBeLessThanOrEqual(0);
    expect(scores.some((s) => s < -1e-4)).toBe(true);
  });

  it('standardises each fold on its training rows unless scale is false (what the model is fitted on)', async () => {
    const seen: Float64Array[] = [];
    const spy = (): DummyRegressor => {
      const m = new DummyRegressor();
      const fit = m.fit.bind(m);
      m.fit = async (X, y) => {
        seen.push((X as Matrix).row(0));
        return fit(X, y);
      };
      return m;
    };
    const { data, folds } = await referenceData('diabetes');
    await referenceCrossValidate('diabetes', spy);
    expect(seen[0]).toEqual(foldMatrices(data, folds[0]!, SCALE).Xtrain.row(0));
    await referenceCrossValidate('diabetes', spy, { scale: false });
    expect(seen[5]).toEqual(data.X.row(folds[0]!.train[0]!));
  });
});

describe('referenceScores', () => {
  it("reads scikit-learn 1.2.1's accuracy of LogisticRegression on iris", async () => {
    const ref = await referenceScores('iris', 'linear');
    expect(ref.metric).toBe('accuracy');
    expect(ref.mean).toBeCloseTo(0.96, 12);
    expect(ref.std).toBeCloseTo(0.013333333333333, 12);
    expect(ref.perFold).toHaveLength(5);
    expect(ref.perFold[4]).toBeCloseTo(28 / 30, 12);
  });

  it('reads R² for the regression set, and the mean is the mean of the folds', async () => {
    const ref = await referenceScores('diabetes', 'knn');
    expect(ref.metric).toBe('r2');
    expect(ref.mean).toBeCloseTo(0.38163446006726665, 12);
    expect(ref.perFold.reduce((a, b) => a + b, 0) / 5).toBeCloseTo(ref.mean, 12);
  });

  it('returns a copy: changing it does not change the next answer', async () => {
    const a = await referenceScores('wine', 'svm');
    a.perFold[0] = -1;
    expect((await referenceScores('wine', 'svm')).perFold[0]).not.toBe(-1);
  });

  it('rejects an unknown data set or family with a DataError that lists the valid ones', async () => {
    const set = referenceScores('mnist', 'knn');
    await expect(set).rejects.toThrow(DataError);
    await expect(set).rejects.toMatchObject({ code: 'MLCOMPARE_DATA' });
    await expect(set).rejects.toThrow(
      /^Argument 'dataset' passed to 'referenceScores' must be one of the data sets in scikit-learn's reference \(iris, wine, breast_cancer, digits, diabetes\)\. Got 'mnist' instead\./,
    );
    const family = referenceScores('iris', 'xgboost');
    await expect(family).rejects.toThrow(DataError);
    await expect(family).rejects.toThrow(
      /^Argument 'family' passed to 'referenceScores' must be one of the model families in scikit-learn's reference for iris \(linear, knn, svm, cart, mlp, torch_mlp, forest, boosting\)\. Got 'xgboost' instead\./,
    );
    // A name inherited from Object.prototype is not a data set.
    await expect(referenceScores('constructor', 'knn')).rejects.toThrow(/^Argument 'dataset' passed to 'referenceScores'/);
  });

  it('says where it looked when the file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlcompare-ref-'));
    const saved = process.env['MLCOMPARE_DATASETS_DIR'];
    process.env['MLCOMPARE_DATASETS_DIR'] = dir;
    try {
      await expect(referenceScores('iris', 'knn')).rejects.toThrow(DataError);
      await expect(referenceScores('iris', 'knn')).rejects.toThrow(/^'referenceScores' could not find scikit-learn's reference scores at .*reference\/sklearn-1\.2\.1\.json\. Set MLCOMPARE_DATASETS_DIR/);
    } finally {
      if (saved === undefined) delete process.env['MLCOMPARE_DATASETS_DIR'];
      else process.env['MLCOMPARE_DATASETS_DIR'] = saved;
      rmSync(dir, { recursive: true });
    }
  });
});

describe('referenceTimes', () => {
  it("reads scikit-learn's mean fit and predict times", async () => {
    const t = await referenceTimes('iris', 'linear');
    // datasets/reference/sklearn-1.2.1.json: cv.iris.models.linear.fit_ms.mean / predict_ms.mean.
    expect(t.fitMs).toBeCloseTo(3.7792892000084066, 12);
    expect(t.predictMs).toBeCloseTo(0.10809420000441605, 12);
    await expect(referenceTimes('iris', 'gbm')).rejects.toThrow(/^Argument 'family' passed to 'referenceTimes'/);
  });
});
