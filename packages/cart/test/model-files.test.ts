import { SerializationError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../src/index.js';

// Model files cannot lie (issue 11): a tree read from JSON must be a tree a fit could have grown
// on state.nFeatures features for state.classes, or prediction reads outside a row or loops.
type Json = Record<string, any>;
const X = [[0, 5, 1], [1, 4, 0], [2, 3, 1], [3, 2, 0], [4, 1, 1], [5, 0, 0], [6, 1, 1], [7, 2, 0]];
const y = ['a', 'a', 'b', 'b', 'c', 'c', 'a', 'c'];

function json(m: { toJSON(): unknown }): Json {
  return JSON.parse(JSON.stringify(m.toJSON())) as Json;
}

function refused(fromJSON: (j: unknown) => unknown, j: unknown, message: RegExp): void {
  expect(() => fromJSON(j)).toThrow(SerializationError);
  expect(() => fromJSON(j)).toThrow(message);
}

describe('decision tree model files', () => {
  it('a changed nFeatures is refused (the tree used to read the next row’s features)', async () => {
    const j = json(await new DecisionTreeClassifier().fit(X, y));
    j.state.nFeatures = 1;
    // The tree splits on feature 2 or 1: both outside a 1-feature row.
    refused(DecisionTreeClassifier.fromJSON, j, /^Invalid DecisionTreeClassifier JSON: 'state\.model\.nFeatures' must be 1 \(state\.nFeatures\), but got 3\./);
    j.state.model.nFeatures = 1;
    refused(DecisionTreeClassifier.fromJSON, j, /'state\.model\.tree\.feature\[\d+\]' must be an integer in \[-1, 0\], but got [12]\./);
    const ml = json(await new DecisionTreeRegressor({ engine: 'ml-cart' }).fit(X, X.map((r) => r[0]! * 2)));
    ml.state.nFeatures = 4;
    refused(DecisionTreeRegressor.fromJSON, ml, /'state\.model\.nFeatures' must be 4 \(state\.nFeatures\), but got 3\./);
  });

  it('shortened classes are refused, for both engines', async () => {
    const j = json(await new DecisionTreeClassifier().fit(X, y));
    j.state.classes = ['a', 'b'];
    refused(DecisionTreeClassifier.fromJSON, j, /'state\.model\.tree\.valueStride' must be 2 \(one count per class: state\.classes has 2\), but got 3\./);
    const ml = json(await new DecisionTreeClassifier({ engine: 'ml-cart' }).fit(X, y));
    ml.state.classes = ['a', 'b'];
    refused(DecisionTreeClassifier.fromJSON, ml, /'state\.model\.nClasses' must be 2 \(state\.classes has 2\), but got 3\./);
    ml.state.model.nClasses = 2;
    refused(DecisionTreeClassifier.fromJSON, ml, /'state\.model\.model\.root(\.(left|right))+\.distribution' must be a row of at most 2 class shares/);
  });

  it('a node that is the child of two nodes, counts that do not add up, a node index out of range, a depth over maxDepth', async () => {
    const base = json(await new DecisionTreeClassifier().fit(X, y));
    const edit = (f: (t: Json) => void): Json => {
      const c = JSON.parse(JSON.stringify(base)) as Json;
      f(c.state.model.tree);
      return c;
    };
    const t = base.state.model.tree;
    const firstSplit = (t.left as number[]).findIndex((l, i) => l !== -1 && i > 0);
    refused(DecisionTreeClassifier.fromJSON, edit((tr) => (tr.left[firstSplit] = tr.left[0])), /'state\.model\.tree\.left' must be (links making node \d+ the child of exactly one earlier node|children of node \d+ numbered after it)/);
    refused(DecisionTreeClassifier.fromJSON, edit((tr) => (tr.right[0] = 1000)), /'state\.model\.tree\.right\[0\]' must be an integer in \[-1, \d+\], but got 1000\./);
    refused(DecisionTreeClassifier.fromJSON, edit((tr) => (tr.value[0] += 1)), /'state\.model\.tree\.value' must be class counts of node 0 that add up to its nSamples \(8\), but got counts adding up to 9\./);
    refused(DecisionTreeClassifier.fromJSON, edit((tr) => (tr.maxDepth += 1)), /'state\.model\.tree\.maxDepth' must be the depth of the tree \(\d+\)/);
    const shallow = JSON.parse(JSON.stringify(base)) as Json;
    shallow.params.maxDepth = 1;
    refused(DecisionTreeClassifier.fromJSON, shallow, /'state\.model\.tree\.maxDepth' must be an integer in \[0, 1\]/);
  });

  it('ml-cart: a cycle in the children, a split column past the row, options that are not the parameters', async () => {
    const base = json(await new DecisionTreeRegressor({ engine: 'ml-cart' }).fit(X, X.map((r) => r[0]! * 2)));
    // A cycle is possible in an object passed to fromJSON (not in JSON text).
    const cyclic = JSON.parse(JSON.stringify(base)) as Json;
    cyclic.state.model.model.root.left = cyclic.state.model.model.root;
    refused(DecisionTreeRegressor.fromJSON, cyclic, /'state\.model\.model\.root\.left' must be a node reached once/);
    const wide = JSON.parse(JSON.stringify(base)) as Json;
    wide.state.model.model.root.splitColumn = 3;
    refused(DecisionTreeRegressor.fromJSON, wide, /'state\.model\.model\.root\.splitColumn' must be an integer in \[0, 2\], but got 3\./);
    const opts = JSON.parse(JSON.stringify(base)) as Json;
    opts.params.minSamplesSplit = 5;
    refused(DecisionTreeRegressor.fromJSON, opts, /'state\.model\.model\.options\.minNumSamples' must be 4 \(from the parameters\), but got 1\./);
  });
});
