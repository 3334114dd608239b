/**
 * The hot loops of the boosting trees (histograms, subtraction, partition, prediction) in
 * WebAssembly and in JavaScript: exact results on a hand-made case, and the same trees and
 * predictions from both (`fitBoosting(…, { wasm: false })`) on data with missing
 * values, for the three losses and for wide data (Int32 slots).
 */
import { Matrix } from '@mlcompare/core';
import { makeClassification } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { fitBoosting, rawPredict, type BoostingParams } from '../src/internal/hgb/boosting.js';
import { jsHistBackend, wasmHistBackend } from '../src/internal/hgb/hist-kernel.js';
import { scaledFolds } from './folds.js';

const params: BoostingParams = {
  learningRate: 0.1,
  maxIter: 15,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  seed: 0,
};

describe('histogram backends', () => {
  for (const [name, make] of [
    ['WebAssembly', (n: number, d: number, len: number, wide: boolean) => wasmHistBackend(n, d, len, wide, 1)!],
    ['JavaScript', jsHistBackend],
  ] as const) {
    it(`${name}: sums each sample of partition[start, stop) into its slots (gradient, hessian, count), subtracts, partitions stably`, () => {
      // 4 samples, 2 features; slots row-major; histograms of 4 slots × 3.
      const k = make(4, 2, 12, false);
      expect(k).not.toBeNull();
      // Feature 0 has slots 0–1, feature 1 slots 2–3 (one non-missing bin and the missing bin each).
      k.setFeatures({ offsets: Int32Array.of(0, 2, 4), nBinsNonMissing: Int32Array.of(1, 1), hasMissing: Uint8Array.of(0, 0) });
      k.slots().set([0, 2, 1, 3, 0, 3, 1, 2]);
      k.partition().set([3, 0, 2, 1]);
      k.setGradients(Float32Array.of(0.5, -1.25, 2, 4), Float32Array.of(1, 0.25, 0.5, 8));
      k.ensure(3); // grows the pool: earlier views are stale, the getters give new ones
      k.pool().fill(7); // build zeroes its histogram
      k.build(0, 1, 3); // samples 0 and 2
      // slot 0: samples 0 and 2 (g 0.5 + 2, h 1 + 0.5, n 2); slot 2: sample 0; slot 3: sample 2.
      expect(Array.from(k.pool().subarray(0, 12))).toEqual([2.5, 1.5, 2, 0, 0, 0, 0.5, 1, 1, 2, 0.5, 1]);
      k.setGradients(Float32Array.of(0.5, -1.25, 2, 4), Float32Array.of(1)); // constant hessians: their sums stay 0
      k.build(1, 0, 4);
      expect(Array.from(k.pool().subarray(12, 24))).toEqual([2.5, 0, 2, 2.75, 0, 2, 4.5, 0, 2, 0.75, 0, 2]);
      k.subtract(2, 1, 0);
      expect(Array.from(k.pool().subarray(24, 36))).toEqual([0, -1.5, 0, 2.75, 0, 2, 4, -1, 1, -1.25, -0.5, 1]);
      // Feature 1's bins: 1 → 2, 3, 3, 2 for samples 0..3 (with the column-major bins below).
      k.bins().set([0, 1, 0, 1, 2, 3, 3, 2]);
      k.partition().set([3, 0, 2, 1]);
      expect(k.split(0, 4, 1, 3, false, 2)).toBe(2); // bin <= 2 left: samples 3, 0; right: 2, 1
      expect(Array.from(k.partition())).toEqual([3, 0, 2, 1]);
      expect(k.split(1, 4, 1, 3, true, 2)).toBe(4); // missing bin 3 goes left too: all of 0, 2, 1
      expect(k.split(0, 4, 0, 5, false, 0)).toBe(2); // feature 0: bins 1, 0, 0, 1 → 0, 2 left, then 3, 1
      expect(Array.from(k.partition())).toEqual([0, 2, 3, 1]);
      // Growing the pool keeps the histograms and makes room for the new ones.
      const before = Array.from(k.pool().subarray(0, 36));
      k.ensure(5000);
      expect(k.pool().length).toBeGreaterThanOrEqual(5000 * 12);
      expect(Array.from(k.pool().subarray(0, 36))).toEqual(before);
      k.build(4999, 0, 4);
      expect(Array.from(k.pool().subarray(4999 * 12, 5000 * 12))).toEqual(Array.from(k.pool().subarray(12, 24)));
      const wide = make(2, 1, 6, true);
      wide.setFeatures({ offsets: Int32Array.of(0, 2), nBinsNonMissing: Int32Array.of(1), hasMissing: Uint8Array.of(0) });
      wide.slots().set([1, 1]);
      wide.partition().set([0, 1]);
      wide.setGradients(Float32Array.of(1, 2), Float32Array.of(1));
      wide.ensure(1);
      wide.build(0, 0, 2);
      expect(Array.from(wide.pool().subarray(0, 6))).toEqual([0, 0, 0, 3, 0, 2]);
    });
  }

  const same = (X: Matrix, y: ArrayLike<number>, loss: 'squared_error' | 'binomial' | 'multinomial', K: number, p = params): void => {
    const a = fitBoosting(X, y, loss, K, p);
    const b = fitBoosting(X, y, loss, K, p, { wasm: false });
    expect(a.roots.length).toBe(p.maxIter * (loss === 'multinomial' ? K : 1) + 1);
    expect(a).toEqual(b);
    // Prediction: the WebAssembly walks add the same leaf values in the same order (rows with NaN too).
    const rows = new Matrix(X.data.map((v, i) => (i % 7 === 3 ? NaN : v)), X.rows, X.cols);
    const viaWasm = rawPredict(a, rows);
    expect(viaWasm).toEqual(rawPredict(a, rows, { wasm: false }));
    expect(new Set(viaWasm).size).toBeGreaterThan(10);
  };

  it('grows the same trees as the JavaScript loop: binomial and squared error with missing values, multinomial', async () => {
    for (const name of ['breast_cancer', 'diabetes', 'wine'] as const) {
      const f = (await scaledFolds(name))[0]!;
      const X = f.Xtrain;
      for (let i = 0; i < X.data.length; i++) if (i % 13 === 5) X.data[i] = NaN;
      const codes = name === 'diabetes' ? Float64Array.from(f.yTrain as ArrayLike<number>) : classCodes(f.yTrain as ArrayLike<unknown>);
      const K = name === 'wine' ? 3 : name === 'diabetes' ? 1 : 2;
      same(X, codes, name === 'diabetes' ? 'squared_error' : K === 2 ? 'binomial' : 'multinomial', K);
    }
  }, 60_000);

  it('no leaf limit (the histogram pool grows during the fit) grows the same trees', async () => {
    // Diabetes' noisy target: trees of up to ~100 leaves, far more live histograms than the 16 at first.
    const f = (await scaledFolds('diabetes'))[1]!;
    const p = { ...params, maxIter: 5, maxLeafNodes: null, minSamplesLeaf: 2 };
    same(f.Xtrain, Float64Array.from(f.yTrain as ArrayLike<number>), 'squared_error', 1, p);
    const m = fitBoosting(f.Xtrain, Float64Array.from(f.yTrain as ArrayLike<number>), 'squared_error', 1, p);
    expect(m.left.filter((l) => l === -1).length / p.maxIter).toBeGreaterThan(40);
  }, 60_000);

  it('wide data (more than 65,536 histogram slots: Int32 slots) grows the same trees', () => {
    const { X, y } = makeClassification({ nSamples: 400, nFeatures: 300, nInformative: 5, seed: 3 });
    same(X, classCodes(y), 'binomial', 2, { ...params, maxIter: 3 });
  }, 60_000);
});

function classCodes(y: ArrayLike<unknown>): Int32Array {
  const names = [...new Set(Array.from(y, String))].sort();
  return Int32Array.from(Array.from(y, (v) => names.indexOf(String(v))));
}
