/**
 * Numbers at the edges (issue 11): finite feature values whose squared differences overflow
 * (every distance was Infinity: the classifier predicted one class, the regressor null) or
 * underflow (every distance 0, so every row tied). Expected neighbours are those of the same
 * data in ordinary units (scikit-learn 1.2.1 finds them for 1e300 as well).
 */
import { Pipeline, StandardScaler } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { KNNClassifier, KNNRegressor } from '../src/index.js';

const unit = [[1], [2], [3], [4], [10]];
const y = [0, 0, 1, 1, 2];
const yr = [1, 2, 3, 4, 10];
const times = (X: number[][], f: number): number[][] => X.map((r) => r.map((v) => v * f));

describe('k-NN with huge and tiny feature values', () => {
  for (const algorithm of ['brute', 'kd-tree'] as const) {
    it(`finds the same neighbours at 1e300, 1e-300 and in subnormals as in ordinary units (${algorithm})`, async () => {
      for (const f of [1e300, 1e-300, 1e-322]) {
        const X = times(unit, f);
        const Q = times([[1.2], [3.9], [9]], f);
        const clf = await new KNNClassifier({ nNeighbors: 1, algorithm }).fit(X, y);
        expect(await clf.predict(Q), `unit ${f}`).toEqual([0, 1, 2]);
        const reg = await new KNNRegressor({ nNeighbors: 2, algorithm, weights: 'distance' }).fit(X, yr);
        const got = await reg.predict(Q);
        expect(got.every((v) => Number.isFinite(v)), `unit ${f}: ${got}`).toBe(true);
        // Subnormals are whole multiples of 4.9e-324 (1.2e-322 is not 1.2 × 1e-322): compare the weights at 1e±300 only.
        if (f === 1e-322) continue;
        const ordinary = await (await new KNNRegressor({ nNeighbors: 2, algorithm, weights: 'distance' }).fit(unit, yr)).predict([[1.2], [3.9], [9]]);
        got.forEach((v, i) => expect(v).toBeCloseTo(ordinary[i]!, 10));
      }
    });
  }

  it('finds the nearest training row of a query 1e300 away from data in ordinary units', async () => {
    const clf = await new KNNClassifier({ nNeighbors: 1 }).fit(unit, y);
    expect(await clf.predict([[1e300], [-1e300], [1.1]])).toEqual([2, 0, 0]);
    const reg = await new KNNRegressor({ nNeighbors: 1 }).fit(unit, yr);
    expect(await reg.predict([[1.7e308]])).toEqual([10]);
  });

  it('behind a StandardScaler, predicts from features near 1e308 (the scaler returned NaN: "X is NaN, fill missing values")', async () => {
    // 1.7e307 × (1 + 2 + 3 + 4 + 10): the column sum overflows.
    const X = times(unit, 1.7e307).map((r, i) => [r[0]!, i % 2]);
    const pipe = await new Pipeline({ steps: [new StandardScaler()], model: new KNNClassifier({ nNeighbors: 1 }) }).fit(X, y);
    expect(await pipe.predict(X)).toEqual(y);
  });
});
