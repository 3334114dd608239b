import { SerializationError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { MLPClassifier, MLPRegressor } from '../src/index.js';

// Model files cannot lie (issue 11): the network read from JSON must have the layers the
// parameters, the number of features and the classes imply, or tfjs fails with a raw RangeError.
type Json = Record<string, any>;
const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4], [9, 0], [9, 1], [8, 0]];
const y = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
const params = { hiddenLayerSizes: [4], maxIter: 5, backend: 'cpu' as const };

function json(m: { toJSON(): unknown }): Json {
  return JSON.parse(JSON.stringify(m.toJSON())) as Json;
}

function refused(fromJSON: (j: unknown) => unknown, j: unknown, message: RegExp): void {
  expect(() => fromJSON(j)).toThrow(SerializationError);
  expect(() => fromJSON(j)).toThrow(message);
}

describe('MLP model files', () => {
  it('a changed nFeatures is refused (tfjs used to throw a raw RangeError)', async () => {
    const j = json(await new MLPClassifier(params).fit(X, y));
    j.state.nFeatures = 3;
    refused(MLPClassifier.fromJSON, j, /^Invalid MLPClassifier JSON: 'state\.model\.layerSizes\[0\]' must be 3 \(state\.nFeatures\), but got 2\.$/);
  });

  it('shortened classes and a hidden layer other than the parameter are refused', async () => {
    const j = json(await new MLPClassifier(params).fit(X, y));
    refused(MLPClassifier.fromJSON, { ...j, state: { ...j.state, classes: ['a', 'b'] } }, /'state\.model\.layerSizes\[2\]' must be 1 \(one sigmoid unit for two classes\), but got 3\./);
    refused(MLPClassifier.fromJSON, { ...j, params: { ...j.params, hiddenLayerSizes: [5] } }, /'state\.model\.layerSizes\[1\]' must be 5 \(params\.hiddenLayerSizes\[0\]\), but got 4\./);
  });

  it('a weight that is not a float32 value, NaN, a history longer than maxIter, a validation score without early stopping', async () => {
    const j = json(await new MLPRegressor(params).fit(X, X.map((r) => r[0]!)));
    const edit = (f: (m: Json) => void): Json => {
      const c = JSON.parse(JSON.stringify(j)) as Json;
      f(c.state.model);
      return c;
    };
    refused(MLPRegressor.fromJSON, edit((m) => (m.coefs[0][1] = 0.1)), /'state\.model\.coefs\[0\]\[1\]' must be a finite number \(float32 values\), but got 0\.1\./);
    refused(MLPRegressor.fromJSON, edit((m) => (m.intercepts[1][0] = NaN)), /'state\.model\.intercepts\[1\]\[0\]' must be a finite number \(float32 values\), but got NaN\./);
    refused(MLPRegressor.fromJSON, edit((m) => (m.history.epochs = 6)), /'state\.model\.history\.epochs' must be an integer in \[0, 5\], but got 6\./);
    refused(MLPRegressor.fromJSON, edit((m) => (m.history.validationScore = m.history.loss)), /'state\.model\.history\.validationScore' must be absent without early stopping/);
    refused(MLPRegressor.fromJSON, edit((m) => (m.output = 'softmax')), /'state\.model\.output' must be 'identity' \(one identity output unit for regression\), but got 'softmax'\./);
  });
});
