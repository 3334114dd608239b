import { Rng, StandardScaler } from '@mlcompare/core';
import { loadDataset } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { LogisticRegression } from '../src/index.js';
import { SKLEARN } from './sklearn-reference.js';

// Standardised on all rows, as packages/linear/test/sklearn_reference.py does (StandardScaler().fit_transform).
const iris = await loadDataset('iris');
const irisX = new StandardScaler().fitTransform(iris.X).toArray();
const bc = await loadDataset('breast_cancer');
const bcX = new StandardScaler().fitTransform(bc.X).toArray();

function expectMatrixClose(actual: number[][], expected: readonly (readonly number[])[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[i]!.length; j++) expect(Math.abs(actual[i]![j]! - expected[i]![j]!), `[${i}][${j}]`).toBeLessThan(tol);
  }
}

// scikit-learn fits at tol 1e-10; ours at 1e-9 (the same optimum to about 1e-7).
const tight = { tol: 1e-9, maxIter: 10000 };

describe('LogisticRegression against scikit-learn 1.2.1 (lbfgs)', () => {
  it('multinomial on iris: coefficients, intercepts, probabilities', async () => {
    const m = await new LogisticRegression(tight).fit(irisX, iris.y);
    expectMatrixClose(m.coef, SKLEARN.logit_iris[0], 1e-6);
    expectMatrixClose([m.intercept], [SKLEARN.logit_iris[1]], 1e-6);
    expectMatrixClose(await m.predictProba([irisX[0]!, irisX[60]!, irisX[120]!]), SKLEARN.logit_iris[2], 1e-7);
  });

  it('C = 0.1 on iris (penalty scaled as scikit-learn)', async () => {
    const m = await new LogisticRegression({ ...tight, C: 0.1 }).fit(irisX, iris.y);
    expectMatrixClose(m.coef, SKLEARN.logit_iris_C01[0], 1e-6);
    expectMatrixClose(await m.predictProba([irisX[0]!, irisX[60]!, irisX[120]!]), SKLEARN.logit_iris_C01[2], 1e-7);
  });

  it('fitIntercept false keeps the intercepts at 0', async () => {
    const m = await new LogisticRegression({ ...tight, fitIntercept: false }).fit(irisX, iris.y);
    expectMatrixClose(m.coef, SKLEARN.logit_iris_noint[0], 1e-6);
    expect(m.intercept).toEqual([0, 0, 0]);
  });

  it('binary (breast_cancer) uses a single sigmoid for the positive class classes[1]', async () => {
    const m = await new LogisticRegression(tight).fit(bcX, bc.y);
    expect(m.classes).toEqual(SKLEARN.logit_bc[3]);
    expect(m.coef.length).toBe(1);
    expectMatrixClose(m.coef, SKLEARN.logit_bc[0], 1e-5);
    expectMatrixClose([m.intercept], [SKLEARN.logit_bc[1]], 1e-5);
    expectMatrixClose(await m.predictProba([bcX[0]!, bcX[1]!, bcX[100]!]), SKLEARN.logit_bc[2], 1e-7);
  });

  it('records the objective per iteration, falling, and the stop reason', async () => {
    const m = await new LogisticRegression().fit(irisX, iris.y);
    const h = m.history!;
    expect(h.epochs).toBe(h.loss.length);
    // scikit-learn 1.2.1 needs 20–30 iterations on iris at tol 1e-4 (n_iter_ in the reference run).
    expect(h.epochs).toBeGreaterThan(10);
    expect(h.epochs).toBeLessThan(40);
    for (let e = 1; e < h.loss.length; e++) expect(h.loss[e]!).toBeLessThanOrEqual(h.loss[e - 1]!);
    expect(h.stopReason).toMatch(/tol|ftol/);
  });

  it('stops at maxIter and says so', async () => {
    const m = await new LogisticRegression({ maxIter: 3 }).fit(irisX, iris.y);
    expect(m.history!.epochs).toBe(3);
    expect(m.history!.stopReason).toMatch(/maxIter/);
  });

  it('probabilities sum to 1 and predict is their arg-max', async () => {
    const m = await new LogisticRegression().fit(irisX, iris.y);
    const P = await m.predictProba(irisX);
    const pred = await m.predict(irisX);
    const classes = m.classes;
    P.forEach((row, i) => {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(classes[row.indexOf(Math.max(...row))]).toBe(pred[i]);
    });
  });
});

describe("LogisticRegression engine 'ml-logistic-regression'", () => {
  // Two well-separated blobs and three well-separated blobs with labels that are not 0..K-1.
  function blobs(k: number, n: number, seed: number): { X: number[][]; y: number[] } {
    const rng = new Rng(seed);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % k;
      X.push([rng.normal(4 * Math.cos((2 * Math.PI * c) / k), 0.6), rng.normal(4 * Math.sin((2 * Math.PI * c) / k), 0.6)]);
      y.push(10 + 5 * c);
    }
    return { X, y };
  }

  for (const k of [2, 3]) {
    it(`agrees with the L-BFGS engine on an easy separable problem (${k} classes, labels 10, 15, …)`, async () => {
      const train = blobs(k, 90, 1);
      const test = blobs(k, 60, 2);
      const ours = await new LogisticRegression().fit(train.X, train.y);
      const lib = await new LogisticRegression({ engine: 'ml-logistic-regression', maxIter: 2000, learningRate: 0.01 }).fit(train.X, train.y);
      const a = await ours.predict(test.X);
      const b = await lib.predict(test.X);
      expect(b).toEqual(a);
      expect(await lib.score(test.X, test.y)).toBe(1);
      // The library trains one-vs-all, one classifier per class even for two classes.
      expect(lib.coef.length).toBe(k);
      const P = await lib.predictProba(test.X);
      for (const row of P) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    });
  }

  it('survives a JSON round trip with the same predictions', async () => {
    const train = blobs(3, 60, 3);
    const m = await new LogisticRegression({ engine: 'ml-logistic-regression', maxIter: 500, learningRate: 0.01 }).fit(train.X, train.y);
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(await back.predict(train.X)).toEqual(await m.predict(train.X));
  });
});

describe('LogisticRegression prediction kernels', () => {
  it('a large batch (WebAssembly kernel) gives bit-identical probabilities to rows predicted alone (JavaScript kernel)', async () => {
    const digits = await loadDataset('digits');
    const X = new StandardScaler().fitTransform(digits.X).toArray();
    const m = await new LogisticRegression({ maxIter: 20 }).fit(X.slice(0, 600), digits.y.slice(0, 600));
    const batch = await m.predictProba(X.slice(600, 900));
    for (const i of [0, 1, 137, 299]) expect(await m.predictProba([X[600 + i]!])).toEqual([batch[i]]);
  });
});
