/**
 * The WebAssembly histogram kernel of the boosting trees: exact sums on a hand-made case, and the
 * same trees as the JavaScript loop (`fitBoosting(…, { wasm: false })`) on data with missing
 * values, for the three losses and for wide data (Int32 slots).
 */
import { Matrix } from '@mlcompare/core';
import { makeClassification } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { fitBoosting, type BoostingParams } from '../src/internal/hgb/boosting.js';
import { histKernel } from '../src/internal/hgb/hist-kernel.js';
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

describe('histogram kernel (WebAssembly)', () => {
  it('sums each sample of partition[start, stop) into its slots: gradient, hessian, count', () => {
    // 4 samples, 2 features; slots row-major; histogram of 4 slots × 3.
    const k = histKernel(4, 2, 12, false)!;
    expect(k).not.toBeNull();
    k.slots.set([0, 2, 1, 3, 0, 3, 1, 2]);
    k.gradients.set([0.5, -1.25, 2, 4]);
    k.hessians.set([1, 0.25, 0.5, 8]);
    k.partition.set([3, 0, 2, 1]);
    const out = new Float64Array(12).fill(7); // the kernel zeroes it
    k.build(1, 3, false, out); // samples 0 and 2
    // slot 0: samples 0 and 2 (g 0.5 + 2, h 1 + 0.5, n 2); slot 2: sample 0; slot 3: sample 2.
    expect(Array.from(out)).toEqual([2.5, 1.5, 2, 0, 0, 0, 0.5, 1, 1, 2, 0.5, 1]);
    k.build(0, 4, true, out); // constant hessians: the hessian sums stay 0
    expect(Array.from(out)).toEqual([2.5, 0, 2, 2.75, 0, 2, 0.5 + 4, 0, 2, -1.25 + 2, 0, 2]);
    const wide = histKernel(2, 1, 6, true)!;
    wide.slots.set([1, 1]);
    wide.gradients.set([1, 2]);
    wide.partition.set([0, 1]);
    const o2 = new Float64Array(6);
    wide.build(0, 2, true, o2);
    expect(Array.from(o2)).toEqual([0, 0, 0, 3, 0, 2]);
  });

  const same = (X: Matrix, y: ArrayLike<number>, loss: 'squared_error' | 'binomial' | 'multinomial', K: number, p = params): void => {
    const a = fitBoosting(X, y, loss, K, p);
    const b = fitBoosting(X, y, loss, K, p, { wasm: false });
    expect(a.roots.length).toBe(p.maxIter * (loss === 'multinomial' ? K : 1) + 1);
    expect(a).toEqual(b);
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

  it('wide data (more than 65,536 histogram slots: Int32 slots) grows the same trees', () => {
    const { X, y } = makeClassification({ nSamples: 400, nFeatures: 300, nInformative: 5, seed: 3 });
    same(X, classCodes(y), 'binomial', 2, { ...params, maxIter: 3 });
  }, 60_000);
});

function classCodes(y: ArrayLike<unknown>): Int32Array {
  const names = [...new Set(Array.from(y, String))].sort();
  return Int32Array.from(Array.from(y, (v) => names.indexOf(String(v))));
}
