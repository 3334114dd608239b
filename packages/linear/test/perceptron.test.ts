import { ParameterError, StandardScaler } from '@mlcompare/core';
import { loadDataset } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { Perceptron } from '../src/index.js';
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

describe('Perceptron against scikit-learn 1.2.1 (shuffle false: the same sample order, so the same updates)', () => {
  it('one-vs-rest on iris: weights, thresholds, epochs, accuracy', async () => {
    const m = await new Perceptron({ shuffle: false }).fit(irisX, iris.y);
    const [coef, intercept, nIter, acc] = SKLEARN.perc_iris;
    expectMatrixClose(m.coef, coef, 1e-9);
    expect(m.intercept).toEqual(intercept);
    expect(m.history!.epochs).toBe(nIter);
    expect(await m.score(irisX, iris.y)).toBeCloseTo(acc, 12);
  });

  it('binary on breast_cancer: one weight vector for classes[1]', async () => {
    const m = await new Perceptron({ shuffle: false }).fit(bcX, bc.y);
    const [coef, intercept, nIter, acc] = SKLEARN.perc_bc;
    expectMatrixClose(m.coef, coef, 1e-9);
    expect(m.intercept).toEqual(intercept);
    expect(m.history!.epochs).toBe(nIter);
    expect(await m.score(bcX, bc.y)).toBeCloseTo(acc, 12);
  });

  it('eta0 0.1 without intercept', async () => {
    const m = await new Perceptron({ shuffle: false, eta0: 0.1, fitIntercept: false }).fit(irisX, iris.y);
    const [coef, intercept, nIter] = SKLEARN.perc_iris_noint;
    expectMatrixClose(m.coef, coef, 1e-9);
    expect(m.intercept).toEqual(intercept);
    expect(m.history!.epochs).toBe(nIter);
  });
});

describe('Perceptron', () => {
  it('learns a linearly separable problem perfectly (AND gate) and has no probabilities', async () => {
    const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const y = [0, 0, 0, 1];
    const m = await new Perceptron({ seed: 3 }).fit(X, y);
    expect(await m.predict(X)).toEqual(y);
    expect(m.supportsProba).toBe(false);
    await expect(m.predictProba(X)).rejects.toThrow(ParameterError);
    await expect(m.predictProba(X)).rejects.toThrow(/perceptron outputs a class/);
  });

  it('fails on XOR (no straight line separates it)', async () => {
    const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const y = [0, 1, 1, 0];
    const m = await new Perceptron({ seed: 0 }).fit(X, y);
    expect(await m.score(X, y)).toBeLessThan(1);
  });

  it('is reproducible for a seed, and the seed changes the shuffling', async () => {
    const a = await new Perceptron({ seed: 1 }).fit(irisX, iris.y);
    const b = await new Perceptron({ seed: 1 }).fit(irisX, iris.y);
    const c = await new Perceptron({ seed: 2 }).fit(irisX, iris.y);
    expect(a.coef).toEqual(b.coef);
    expect(c.coef).not.toEqual(a.coef);
  });

  it('history: the share of samples updated per epoch, one value per epoch', async () => {
    const m = await new Perceptron({ shuffle: false }).fit(irisX, iris.y);
    const h = m.history!;
    expect(h.loss.length).toBe(h.epochs);
    for (const v of h.loss) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(h.stopReason).toMatch(/did not improve/);
  });

  it('earlyStopping holds out a validation share and stops on its accuracy', async () => {
    const m = await new Perceptron({ earlyStopping: true, seed: 0 }).fit(bcX, bc.y);
    expect(m.history!.stopReason).toMatch(/validation accuracy/);
    expect(await m.score(bcX, bc.y)).toBeGreaterThan(0.9);
  });
});
