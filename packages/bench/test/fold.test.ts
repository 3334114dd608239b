import { describe, expect, it } from 'vitest';
import { Matrix } from '@mlcompare/core';
import type { Dataset } from '@mlcompare/datasets';
import { prepareFold } from '../src/fold.js';

// Column 0 numeric with a missing value, column 1 categorical codes (0..2) with a missing value.
const ds: Dataset = {
  name: 'toy',
  task: 'classification',
  X: Matrix.fromRows([
    [1, 0],
    [NaN, 1],
    [3, NaN],
    [100, 2],
    [NaN, 2],
  ]),
  y: ['a', 'b', 'a', 'b', 'a'],
  featureNames: ['n', 'c'],
  targetName: 't',
  classes: ['a', 'b'],
  featureTypes: ['numeric', 'categorical'],
  categories: [null, ['x', 'y', 'z']],
  source: 'test',
  notes: [],
};
const split = { train: Int32Array.from([0, 1, 2]), test: Int32Array.from([3, 4]) };
const caps = { probabilities: true, needsScaling: false, handlesMissing: false, randomized: false };

describe('prepareFold', () => {
  it('one-hot encodes categories and imputes the training mean, both learned from the training rows only', () => {
    const f = prepareFold(ds, split, caps);
    expect(f.steps).toEqual(['one-hot', 'impute']);
    // training categories are {0, 1}: code 2 (only in the test rows) and NaN give all-zero blocks
    expect(f.Xtrain.toArray()).toEqual([
      [1, 1, 0],
      [2, 0, 1],
      [3, 0, 0],
    ]);
    // the test row's missing value takes the training mean (1 + 3) / 2 = 2, not a mean including 100
    expect(f.Xtest.toArray()).toEqual([
      [100, 0, 0],
      [2, 0, 0],
    ]);
    expect(f.ytrain).toEqual(['a', 'b', 'a']);
    expect(f.ytest).toEqual(['b', 'a']);
  });

  it('standardises with the training mean and standard deviation when the model needs scaling', () => {
    const f = prepareFold(ds, split, { ...caps, needsScaling: true });
    expect(f.steps).toEqual(['one-hot', 'impute', 'scale']);
    // numeric column after imputation: [1, 2, 3] → mean 2, population sd sqrt(2/3)
    const sd = Math.sqrt(2 / 3);
    expect(f.Xtrain.get(0, 0)).toBeCloseTo(-1 / sd, 12);
    expect(f.Xtest.get(0, 0)).toBeCloseTo(98 / sd, 12);
  });

  it('leaves missing values to a model that handles them', () => {
    const f = prepareFold(ds, split, { ...caps, handlesMissing: true });
    expect(f.steps).toEqual(['one-hot']);
    expect(Number.isNaN(f.Xtrain.get(1, 0))).toBe(true);
  });
});
