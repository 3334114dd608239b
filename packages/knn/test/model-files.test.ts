import { SerializationError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { KNNClassifier, KNNRegressor } from '../src/index.js';

// Model files cannot lie (issue 11): fromJSON checks the training rows, their labels and the
// search engine against the number of features, the classes and the parameters.
type Json = Record<string, any>;
const X = [[0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [6, 5]];
const y = ['a', 'a', 'a', 'b', 'b', 'b'];

function json(m: { toJSON(): unknown }): Json {
  return JSON.parse(JSON.stringify(m.toJSON())) as Json;
}

function refused(fromJSON: (j: unknown) => unknown, j: unknown, message: RegExp): void {
  expect(() => fromJSON(j)).toThrow(SerializationError);
  expect(() => fromJSON(j)).toThrow(message);
}

describe('k-NN model files', () => {
  it('a missing nNeighbors is refused (a k=1 model used to come back as k=5)', async () => {
    const j = json(await new KNNClassifier({ nNeighbors: 1 }).fit(X, y));
    delete j.params.nNeighbors;
    refused(KNNClassifier.fromJSON, j, /^Invalid KNNClassifier JSON: 'params\.nNeighbors' must be present \(a model file names every parameter: a missing one would silently take its default, 5\), but got nothing/);
  });

  it('a changed nFeatures and shortened classes are refused', async () => {
    const j = json(await new KNNClassifier({ nNeighbors: 3 }).fit(X, y));
    refused(KNNClassifier.fromJSON, { ...j, state: { ...j.state, nFeatures: 3 } }, /'state\.model\.search\.X\.cols' must be 3 \(one per feature: state\.nFeatures is 3\), but got 2\./);
    refused(KNNClassifier.fromJSON, { ...j, state: { ...j.state, classes: ['a'] } }, /'state\.classes' must be an array of at least 2 distinct class labels/);
    const r = json(await new KNNRegressor({ nNeighbors: 2 }).fit(X, [1, 2, 3, 4, 5, 6]));
    refused(KNNRegressor.fromJSON, { ...r, state: { ...r.state, nFeatures: 1 } }, /'state\.model\.search\.X\.cols' must be 1/);
  });

  it('class codes out of range, a class with no row, fewer rows than nNeighbors, another engine or metric', async () => {
    const j = json(await new KNNClassifier({ nNeighbors: 3 }).fit(X, y));
    const edit = (f: (m: Json) => void): Json => {
      const c = JSON.parse(JSON.stringify(j)) as Json;
      f(c.state.model);
      return c;
    };
    refused(KNNClassifier.fromJSON, edit((m) => (m.y[0] = 7)), /'state\.model\.y\[0\]' must be an integer in \[0, 1\], but got 7\./);
    refused(KNNClassifier.fromJSON, edit((m) => (m.y = [0, 0, 0, 0, 0, 0])), /'state\.model\.y' must be class codes covering every class .* but got no row of class code 1\./);
    refused(KNNClassifier.fromJSON, edit((m) => (m.search.X = { rows: 2, cols: 2, data: [0, 0, 5, 5] })), /'state\.model\.search\.X\.rows' must be an integer in \[3, Infinity\), but got 2\./);
    refused(KNNClassifier.fromJSON, edit((m) => (m.search.engine = 'kd-tree')), /'state\.model\.search\.engine' must be 'brute' \(what algorithm 'auto' resolves to for 6 rows of 2 features and nNeighbors 3\), but got 'kd-tree'\./);
    refused(KNNClassifier.fromJSON, edit((m) => (m.search.metric = 'manhattan')), /'state\.model\.search\.metric' must be 'euclidean' \(params\.metric\), but got 'manhattan'\./);
    // A huge claimed row count is refused from the lengths, before anything is allocated.
    refused(KNNClassifier.fromJSON, edit((m) => (m.search.X.rows = 1e9)), /'state\.model\.search\.X\.data' must be an array of 2000000000 finite numbers \(rows × cols = 1000000000 × 2\), but got an array of 12 items\./);
  });
});
