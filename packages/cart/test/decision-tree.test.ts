/**
 * Unit tests of the two trees. Reference numbers come from scikit-learn 1.2.1
 * (packages/cart/test/sklearn_reference.py, run with Debian's /usr/bin/python3).
 */
import { loadDataset, referenceCrossValidate } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier, DecisionTreeRegressor, models } from '../src/index.js';
import { numpyRandint0 } from '@mlcompare/core/internal';

describe('a tiny hand-checked data set', () => {
  // x: 1 2 3 4 5 6, y: a a b b b a. Gini of the root: 1 − (1/2)² − (1/2)² = 0.5. The best
  // first split is x <= 2.5 (left a a pure, right b b b a: 4 · (1 − 9/16 − 1/16) = 1.5 weighted),
  // then the right node splits at x <= 5.5 into b b b | a.
  const X = [[1], [2], [3], [4], [5], [6]];
  const y = ['a', 'a', 'b', 'b', 'b', 'a'];

  it('grows the expected tree: 3 leaves, depth 2, thresholds at midpoints', async () => {
    const m = await new DecisionTreeClassifier().fit(X, y);
    expect(m.nLeaves).toBe(3);
    expect(m.depth).toBe(2);
    expect(await m.predict([[2.5], [2.6], [5.5], [5.6], [-10], [10]])).toEqual(['a', 'b', 'b', 'a', 'a', 'a']);
    expect(m.featureImportances).toEqual([1]);
  });

  it('maxDepth 1 stops after the root split; predictProba gives the leaf frequencies', async () => {
    const m = await new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y);
    expect(m.nLeaves).toBe(2);
    expect(m.depth).toBe(1);
    expect(await m.predictProba([[1], [4]])).toEqual([
      [1, 0],
      [0.25, 0.75],
    ]);
  });

  it('minSamplesLeaf 3 forces the only split that keeps 3 on each side (x <= 3.5)', async () => {
    const m = await new DecisionTreeClassifier({ minSamplesLeaf: 3 }).fit(X, y);
    expect(m.nLeaves).toBe(2);
    expect(await m.predictProba([[3.5], [3.6]])).toEqual([
      [2 / 3, 1 / 3],
      [1 / 3, 2 / 3],
    ]);
  });

  it('minSamplesSplit 7 (more than the data) leaves a single leaf; ties in the vote go to the first class', async () => {
    const m = await new DecisionTreeClassifier({ minSamplesSplit: 7 }).fit(X, y);
    expect(m.nLeaves).toBe(1);
    expect(m.depth).toBe(0);
    expect(m.featureImportances).toEqual([0]);
    expect(await m.predict([[0]])).toEqual(['a']);
  });

  it('regression: leaves predict the mean; minImpurityDecrease prunes a small gain', async () => {
    const yr = [1, 1, 5, 5, 5, 7];
    const full = await new DecisionTreeRegressor().fit(X, yr);
    expect(await full.predict([[1], [3], [6]])).toEqual([1, 5, 7]);
    expect(full.nLeaves).toBe(3);
    // The 5|7 split of the right node decreases the weighted impurity by 4/6 · (0.75 − 0) = 0.5.
    const pruned = await new DecisionTreeRegressor({ minImpurityDecrease: 0.6 }).fit(X, yr);
    expect(pruned.nLeaves).toBe(2);
    expect(await pruned.predict([[6]])).toEqual([5.5]);
  });
});

describe('XOR', () => {
  it('is separated exactly, as scikit-learn does: 4 leaves, depth 2, root on feature 1 at 0.5', async () => {
    const m = await new DecisionTreeClassifier().fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]);
    expect(m.nLeaves).toBe(4);
    expect(m.depth).toBe(2);
    expect(await m.predict([[0.1, 0.9], [0.9, 0.9], [0.2, 0.1], [0.8, 0.3]])).toEqual([1, 0, 0, 1]);
    // scikit-learn 1.2.1, DecisionTreeClassifier(random_state=0): tree_.feature[0] = 1 (the
    // random feature order decides between the two equally good root splits).
    const imp = m.featureImportances;
    expect(imp[0]! + imp[1]!).toBeCloseTo(1, 12);
    const json = m.toJSON() as { state: { model: { tree: { feature: number[]; threshold: number[] } } } };
    expect(json.state.model.tree.feature[0]).toBe(1);
    expect(json.state.model.tree.threshold[0]).toBe(0.5);
  });
});

describe('against scikit-learn 1.2.1 on iris (full data, no scaling)', () => {
  const cases = [
    { label: 'defaults', params: {}, imp: [0.0, 0.013333333333, 0.064055958132, 0.922610708535], leaves: 9, depth: 5, proba70: [0, 1, 0] },
    { label: "criterion 'entropy'", params: { criterion: 'entropy' }, imp: [0.0, 0.011587603286, 0.077653420427, 0.910758976287], leaves: 9, depth: 5, proba70: [0, 1, 0] },
    { label: "criterion 'log_loss' (same as entropy)", params: { criterion: 'log_loss' }, imp: [0.0, 0.011587603286, 0.077653420427, 0.910758976287], leaves: 9, depth: 5, proba70: [0, 1, 0] },
    { label: 'maxDepth 3, minSamplesLeaf 5', params: { maxDepth: 3, minSamplesLeaf: 5 }, imp: [0.0, 0.0, 0.050571053587, 0.949428946413], leaves: 5, depth: 3, proba70: [0, 0.166666666667, 0.833333333333] },
    { label: "maxFeatures 'sqrt', seed 3", params: { maxFeatures: 'sqrt', seed: 3 }, imp: [0.441024719467, 0.0, 0.222604651163, 0.336370629371], leaves: 14, depth: 6, proba70: [0, 1, 0] },
  ] as const;
  for (const c of cases) {
    it(`${c.label}: importances, leaves, depth and predictProba match`, async () => {
      const ds = await loadDataset('iris');
      const m = await new DecisionTreeClassifier(c.params as Record<string, unknown>).fit(ds.X, ds.y);
      m.featureImportances.forEach((v, j) => expect(v).toBeCloseTo(c.imp[j]!, 10));
      expect(m.nLeaves).toBe(c.leaves);
      expect(m.depth).toBe(c.depth);
      const p = (await m.predictProba([Array.from(ds.X.row(70))]))[0]!;
      p.forEach((v, k) => expect(v).toBeCloseTo(c.proba70[k]!, 10));
    });
  }
});

describe('against scikit-learn 1.2.1 on diabetes (full data)', () => {
  it('maxDepth 4, minSamplesLeaf 5: importances, leaves, predictions', async () => {
    const ds = await loadDataset('diabetes');
    const m = await new DecisionTreeRegressor({ maxDepth: 4, minSamplesLeaf: 5 }).fit(ds.X, ds.y);
    const ref = [0.0, 0.003862808371, 0.330498086139, 0.049037758508, 0.030265910165, 0.015274439696, 0.018527548803, 0.00522871386, 0.547304734458, 0.0];
    m.featureImportances.forEach((v, j) => expect(v).toBeCloseTo(ref[j]!, 10));
    expect(m.nLeaves).toBe(16);
    expect(m.depth).toBe(4);
    const pred = await m.predict([0, 1, 2].map((i) => Array.from(ds.X.row(i))));
    [231.340909091, 88.0, 178.212121212].forEach((v, i) => expect(pred[i]).toBeCloseTo(v, 8));
  });

  it('minImpurityDecrease 20: 55 leaves, depth 10', async () => {
    const ds = await loadDataset('diabetes');
    const m = await new DecisionTreeRegressor({ minImpurityDecrease: 20 }).fit(ds.X, ds.y);
    expect(m.nLeaves).toBe(55);
    expect(m.depth).toBe(10);
  });
});

describe("criterion 'absolute_error' against scikit-learn 1.2.1", () => {
  it('diabetes, maxDepth 3 (full data): importances, leaves, median predictions', async () => {
    const ds = await loadDataset('diabetes');
    const m = await new DecisionTreeRegressor({ criterion: 'absolute_error', maxDepth: 3 }).fit(ds.X, ds.y);
    const ref = [0.020648967552, 0.0, 0.365679991862, 0.028684772658, 0.0, 0.0, 0.0, 0.0, 0.584986267928, 0.0];
    m.featureImportances.forEach((v, j) => expect(v).toBeCloseTo(ref[j]!, 10));
    expect(m.nLeaves).toBe(8);
    expect(await m.predict([0, 1, 2].map((i) => Array.from(ds.X.row(i))))).toEqual([220, 72, 220]);
  });

  it('diabetes reference folds, fully grown: per-fold R² equal', async () => {
    const scores = await referenceCrossValidate('diabetes', () => new DecisionTreeRegressor({ criterion: 'absolute_error' }));
    [-0.440529972813, -0.23099796215, -0.104044278869, -0.342174418605, -0.158627818032].forEach((v, k) => expect(scores[k]).toBeCloseTo(v, 9));
  });

  it('a hand-checked case: leaves predict the median, not the mean', async () => {
    const m = await new DecisionTreeRegressor({ criterion: 'absolute_error', maxDepth: 1 }).fit([[1], [2], [3], [4], [5], [6]], [1, 2, 9, 20, 21, 40]);
    // Root split x <= 3.5 (|dev| 8 + 20 = 28; any other split is worse): medians 2 and 21.
    expect(await m.predict([[0], [10]])).toEqual([2, 21]);
  });
});

describe('feature subsampling and criteria on the reference folds: per-fold scores equal scikit-learn 1.2.1', () => {
  // These exercise scikit-learn's draw loop (maxFeatures < d, constant features, seeds).
  const cases = [
    { name: 'digits', params: { maxFeatures: 'sqrt', seed: 0 }, ref: [0.838888888889, 0.825, 0.821727019499, 0.807799442897, 0.805013927577] },
    { name: 'wine', params: { criterion: 'entropy', seed: 5 }, ref: [0.972222222222, 0.916666666667, 0.972222222222, 1.0, 0.942857142857] },
    { name: 'breast_cancer', params: { maxFeatures: 'log2', minSamplesLeaf: 3, seed: 1 }, ref: [0.912280701754, 0.938596491228, 0.956140350877, 0.921052631579, 0.920353982301] },
    { name: 'diabetes', params: { maxFeatures: 0.5, seed: 2 }, ref: [-0.516796636788, -0.182039689181, 0.082962888548, 0.027310530964, 0.126531947992] },
  ] as const;
  for (const c of cases) {
    it(`${c.name} ${JSON.stringify(c.params)}`, async () => {
      const p = c.params as Record<string, unknown>;
      const scores = await referenceCrossValidate(c.name, () => (c.name === 'diabetes' ? new DecisionTreeRegressor(p) : new DecisionTreeClassifier(p)));
      scores.forEach((s, k) => expect(s).toBeCloseTo(c.ref[k]!, 9));
    });
  }
});

describe("scikit-learn's random stream", () => {
  it('np.random.RandomState(0).randint(0, 2**31 - 1) = 209652396 (numpy 1.24.2)', () => {
    expect(numpyRandint0(0)).toBe(209652396);
  });

  it('different seeds can grow different trees; the same seed the same tree', async () => {
    const ds = await loadDataset('iris');
    const leaves = new Set<number>();
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const a = await new DecisionTreeClassifier({ maxFeatures: 1, seed }).fit(ds.X, ds.y);
      const b = await new DecisionTreeClassifier({ maxFeatures: 1, seed }).fit(ds.X, ds.y);
      expect(b.toJSON()).toEqual(a.toJSON());
      leaves.add(a.nLeaves);
    }
    expect(leaves.size).toBeGreaterThan(1);
  });
});

describe('errors', () => {
  it('maxFeatures larger than the number of features is an InputError at fit', async () => {
    await expect(new DecisionTreeClassifier({ maxFeatures: 3 }).fit([[0, 1], [1, 0]], [0, 1])).rejects.toMatchObject({
      code: 'MLCOMPARE_INPUT',
      message: expect.stringMatching(/^The 'maxFeatures' parameter passed to 'DecisionTreeClassifier\.fit' must be at most the number of features of X \(2\)\. Got 3 instead\./),
    });
  });

  it('values beyond float32 are refused (trees compare in float32, as scikit-learn)', async () => {
    await expect(new DecisionTreeRegressor().fit([[1e39], [0]], [0, 1])).rejects.toMatchObject({
      code: 'MLCOMPARE_INPUT',
      message: expect.stringMatching(/^Argument 'X' passed to 'DecisionTreeRegressor\.fit' must hold values that fit in float32/),
    });
  });

  it("engine 'ml-cart' refuses what it cannot do, naming the parameter", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ criterion: 'entropy' }, /^The 'criterion' parameter of DecisionTreeClassifier must be 'gini' \(the only criterion ml-cart has\) with engine 'ml-cart'\. Got 'entropy' instead\./],
      [{ minSamplesLeaf: 2 }, /^The 'minSamplesLeaf' parameter of DecisionTreeClassifier must be 1 /],
      [{ maxFeatures: 'sqrt' }, /^The 'maxFeatures' parameter of DecisionTreeClassifier must be null /],
      [{ minImpurityDecrease: 0.1 }, /^The 'minImpurityDecrease' parameter of DecisionTreeClassifier must be 0 /],
    ];
    for (const [p, re] of cases) {
      expect(() => new DecisionTreeClassifier({ engine: 'ml-cart', ...p })).toThrow(re);
    }
    expect(() => new DecisionTreeRegressor({ engine: 'ml-cart', maxFeatures: 2 })).toThrow(/^The 'maxFeatures' parameter of DecisionTreeRegressor/);
  });

  it('learned attributes before fit throw NotFittedError; ml-cart has no importances', async () => {
    const m = new DecisionTreeClassifier();
    expect(() => m.nLeaves).toThrow(/^This DecisionTreeClassifier instance is not fitted yet\. Call 'fit' before 'nLeaves'\./);
    expect(() => m.featureImportances).toThrow(/not fitted yet/);
    const ml = await new DecisionTreeClassifier({ engine: 'ml-cart' }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    expect(() => ml.featureImportances).toThrow(/^DecisionTreeClassifier\.featureImportances is not available with engine 'ml-cart'/);
    expect(ml.nLeaves).toBe(2);
    expect(ml.depth).toBe(1);
  });

  it('a tampered JSON tree is refused with SerializationError', async () => {
    const m = await new DecisionTreeClassifier().fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    json.state.model.tree.left[0] = 0; // a cycle
    expect(() => DecisionTreeClassifier.fromJSON(json)).toThrow(/^Invalid DecisionTreeClassifier JSON: 'state\.model\.tree\.left' must be children of node 0 numbered after it/);
    const other = JSON.parse(JSON.stringify(m.toJSON()));
    other.params.engine = 'ml-cart';
    expect(() => DecisionTreeClassifier.fromJSON(other)).toThrow("Invalid DecisionTreeClassifier JSON: 'state.model.engine' must be 'ml-cart' (params.engine), but got 'fast'.");
  });
});

describe('registry entries', () => {
  it("both are named 'cart', with the capabilities the brief gives", () => {
    expect(models.map((s) => [s.name, s.className, s.task])).toEqual([
      ['cart', 'DecisionTreeClassifier', 'classification'],
      ['cart', 'DecisionTreeRegressor', 'regression'],
    ]);
    for (const s of models) {
      expect(s.capabilities.needsScaling).toBe(false);
      expect(s.capabilities.randomized).toBe(true);
    }
    expect(models[0]!.capabilities.probabilities).toBe(true);
  });
});
