import { describe, expect, it } from 'vitest';
import { DummyClassifier, DummyRegressor, dummyModels, ParameterError } from '../src/index.js';
import { describeModelContract } from '../src/testing/index.js';

// The baselines pass the same contract as every model. Floors are skipped: a baseline
// ignores the features, so it cannot reach them (that is the point of a baseline). For the
// same reason nothing in its state can contradict a changed nFeatures.
describeModelContract(dummyModels[0]!, { irisFloor: null, stateIgnoresFeatures: true });
describeModelContract(dummyModels[1]!, { regressionFloor: null, stateIgnoresFeatures: true });

describe('DummyClassifier', () => {
  // Expected values: scikit-learn 1.2.1 DummyClassifier on the same y.
  const X = [[0], [0], [0], [0], [0]];
  const y = ['b', 'a', 'b', 'c', 'b'];
  it('prior: predicts the most frequent class and gives the priors as probabilities', async () => {
    const m = await new DummyClassifier().fit(X, y);
    expect(await m.predict([[1], [2]])).toEqual(['b', 'b']);
    expect(await m.predictProba([[1]])).toEqual([[0.2, 0.6, 0.2]]);
    expect(m.classes).toEqual(['a', 'b', 'c']);
  });
  it('mostFrequent: one-hot probabilities', async () => {
    const m = await new DummyClassifier({ strategy: 'mostFrequent' }).fit(X, y);
    expect(await m.predictProba([[1]])).toEqual([[0, 1, 0]]);
  });
  it('uniform: probabilities 1/k; stratified draws follow the training distribution', async () => {
    const u = await new DummyClassifier({ strategy: 'uniform' }).fit(X, y);
    expect((await u.predictProba([[1]]))[0]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const s = await new DummyClassifier({ strategy: 'stratified', seed: 3 }).fit(X, y);
    const rows = Array.from({ length: 3000 }, (_, i) => [i]);
    const p = await s.predict(rows);
    const share = p.filter((v) => v === 'b').length / p.length;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.65);
  });
  it('accepts a single class (a baseline of a one-class problem)', async () => {
    const m = await new DummyClassifier().fit([[1], [2]], [7, 7]);
    expect(await m.predict([[3]])).toEqual([7]);
  });
});

describe('DummyRegressor', () => {
  // numpy 1.24: mean 3.5, median 2.5, percentile(…, 25) = 1.75 of [1, 2, 3, 8].
  const X = [[0], [0], [0], [0]];
  const y = [1, 2, 3, 8];
  it('mean, median, quantile and constant', async () => {
    expect(await (await new DummyRegressor().fit(X, y)).predict([[0]])).toEqual([3.5]);
    expect(await (await new DummyRegressor({ strategy: 'median' }).fit(X, y)).predict([[0]])).toEqual([2.5]);
    expect(await (await new DummyRegressor({ strategy: 'quantile', quantile: 0.25 }).fit(X, y)).predict([[0]])).toEqual([1.75]);
    expect(await (await new DummyRegressor({ strategy: 'constant', constant: -1 }).fit(X, y)).predict([[0]])).toEqual([-1]);
  });
  it('scores with R² as r2Score does (scikit-learn 1.2.1: -0.0064516…, and NaN for a single row)', async () => {
    const m = await new DummyRegressor().fit(X, y);
    // DummyRegressor().fit(X, [1, 2, 3, 8]).score(X, [1, 2, 3, 9]) = 1 - 39 / 38.75
    expect(await m.score(X, [1, 2, 3, 9])).toBeCloseTo(1 - 39 / 38.75, 12);
    // R² is undefined for one sample: scikit-learn warns and returns nan, whatever the prediction.
    expect(await m.score([[0]], [3.5])).toBeNaN();
    expect(await m.score([[0]], [4])).toBeNaN();
  });
  it('says which parameter a strategy needs', () => {
    expect(() => new DummyRegressor({ strategy: 'quantile' })).toThrow(ParameterError);
    expect(() => new DummyRegressor({ strategy: 'quantile' })).toThrow(/^The 'quantile' parameter of DummyRegressor must be a number in \[0, 1\] when strategy is 'quantile'/);
  });
});
