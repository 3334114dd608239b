import { SerializationError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LinearRegression, LogisticRegression, Perceptron, Ridge } from '../src/index.js';

// Model files cannot lie (issue 11): each fromJSON checks its learned state against the number
// of features, the classes and the parameters, and names the field it refuses.
type Json = Record<string, any>;
const X = [[0, 1, 2], [1, 0, 1], [2, 2, 0], [3, 1, 1], [4, 0, 2], [5, 2, 2], [6, 1, 0], [7, 0, 1]];
const yReg = X.map((r) => 2 * r[0]! - r[1]! + 0.5 * r[2]! + 1);
const yClf = ['a', 'a', 'b', 'b', 'c', 'c', 'a', 'b'];

function json(m: { toJSON(): unknown }): Json {
  return JSON.parse(JSON.stringify(m.toJSON())) as Json;
}

function refused(fromJSON: (j: unknown) => unknown, j: unknown, message: RegExp): void {
  expect(() => fromJSON(j)).toThrow(SerializationError);
  expect(() => fromJSON(j)).toThrow(message);
}

describe('linear model files', () => {
  it('a changed nFeatures is refused (it used to predict NaN)', async () => {
    for (const M of [LinearRegression, Ridge] as const) {
      const j = json(await new M().fit(X, yReg));
      j.state.nFeatures = 4;
      refused(M.fromJSON, j, new RegExp(`^Invalid ${M.modelName} JSON: 'state\\.model\\.coef' must be an array of 4 finite numbers \\(one per feature: state\\.nFeatures is 4\\), but got an array of 3 items\\.$`));
    }
    const j = json(await new LogisticRegression().fit(X, yClf));
    j.state.nFeatures = 2;
    refused(LogisticRegression.fromJSON, j, /'state\.model\.coef\.cols' must be 2 \(one per feature: state\.nFeatures is 2\), but got 3\./);
  });

  it('a coef of any other length is refused', async () => {
    const j = json(await new Ridge().fit(X, yReg));
    j.state.model.coef.push(0.5);
    refused(Ridge.fromJSON, j, /'state\.model\.coef' must be an array of 3 finite numbers .* but got an array of 4 items/);
  });

  it('shortened classes are refused (predictions used to contain null)', async () => {
    for (const M of [LogisticRegression, Perceptron] as const) {
      const j = json(await new M().fit(X, yClf));
      j.state.classes = ['a', 'b'];
      refused(M.fromJSON, j, /'state\.model\.coef\.rows' must be 1 \(one row for a binary problem\), but got 3\./);
    }
  });

  it('NaN in the weights, a non-zero intercept without fitIntercept, a method the solver does not use', async () => {
    const lr = json(await new LinearRegression().fit(X, yReg));
    refused(LinearRegression.fromJSON, { ...lr, state: { ...lr.state, model: { ...lr.state.model, coef: [1, NaN, 2] } } }, /'state\.model\.coef\[1\]' must be a finite number, but got NaN\./);
    refused(LinearRegression.fromJSON, { ...lr, state: { ...lr.state, model: { ...lr.state.model, method: 'gd' } } }, /'state\.model\.method' must be one of 'cholesky', 'svd' \(params\.solver is 'lstsq' and params\.engine 'mlcompare'\), but got 'gd'\./);
    const noB = json(await new Ridge({ fitIntercept: false }).fit(X, yReg));
    refused(Ridge.fromJSON, { ...noB, state: { ...noB.state, model: { ...noB.state.model, intercept: 3 } } }, /'state\.model\.intercept' must be 0 \(params\.fitIntercept is false\), but got 3\./);
    const p = json(await new Perceptron({ fitIntercept: false }).fit(X, yClf));
    p.state.model.intercept[2] = 1;
    refused(Perceptron.fromJSON, p, /'state\.model\.intercept' must be all 0 \(params\.fitIntercept is false\), but got \[0, 0, 1\]\./);
  });

  it('a gd history longer than maxIter, and an engine other than the parameter, are refused', async () => {
    const gd = json(await new LinearRegression({ solver: 'gd', maxIter: 5 }).fit(X, yReg));
    gd.state.model.history.epochs = 6;
    refused(LinearRegression.fromJSON, gd, /'state\.model\.history\.epochs' must be an integer in \[0, 5\], but got 6\./);
    const lib = json(await new LogisticRegression({ engine: 'ml-logistic-regression', maxIter: 5 }).fit(X, yClf));
    lib.params.engine = 'mlcompare';
    refused(LogisticRegression.fromJSON, lib, /'state\.model\.engine' must be 'mlcompare' \(params\.engine\), but got 'ml-logistic-regression'\./);
  });

  it('a missing parameter is refused instead of taking its default', async () => {
    const j = json(await new LogisticRegression({ C: 0.01 }).fit(X, yClf));
    delete j.params.C;
    refused(LogisticRegression.fromJSON, j, /^Invalid LogisticRegression JSON: 'params\.C' must be present/);
  });
});
