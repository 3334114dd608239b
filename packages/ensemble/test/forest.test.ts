/**
 * Unit tests of the random forests (60 s per test: the machine running CI may be shared). Reference numbers come from scikit-learn 1.2.1
 * (`RandomForest*(random_state=0, oob_score=True, n_jobs=1)` on the whole CSV, Debian's
 * /usr/bin/python3); our random streams are core's, not numpy's, so they are compared with a
 * tolerance.
 */
import { InputError, ParameterError, SerializationError, uniqueSorted } from '@mlcompare/core';
import type { Target } from '@mlcompare/cart/engine';
import { growForest } from '../src/internal/forest.js';
import { loadDataset } from '@mlcompare/datasets';
import { scaledFolds } from './folds.js';
import { RandomForestClassifier as MlRFClassifier, RandomForestRegression as MlRFRegression } from 'ml-random-forest';
import { describe, expect, it, vi } from 'vitest';
import { RandomForestClassifier, RandomForestRegressor } from '../src/index.js';
import { mlForestOptions } from '../src/internal/ml-forest.js';

describe('RandomForestClassifier', () => {
  it('the same seed grows the same forest; another seed another one', async () => {
    const { X, y } = await loadDataset('wine');
    const a = await new RandomForestClassifier({ nEstimators: 15, seed: 3 }).fit(X, y);
    const b = await new RandomForestClassifier({ nEstimators: 15, seed: 3 }).fit(X, y);
    const c = await new RandomForestClassifier({ nEstimators: 15, seed: 4 }).fit(X, y);
    // The fitted state only (the params differ in their seed anyway).
    expect(JSON.stringify(b.toJSON().state)).toBe(JSON.stringify(a.toJSON().state));
    expect(JSON.stringify(c.toJSON().state)).not.toBe(JSON.stringify(a.toJSON().state));
    // Tree t depends on (seed, t) only: a longer forest starts with the same trees.
    const long = await new RandomForestClassifier({ nEstimators: 16, seed: 3 }).fit(X, y);
    const trees = (m: RandomForestClassifier): unknown[] => (m.toJSON().state as { model: { trees: unknown[] } }).model.trees;
    expect(trees(long).slice(0, 15)).toEqual(trees(a));
  }, 60_000);

  it('predictProba is the mean of the trees’ leaf frequencies: rows sum to 1, and one tree without bootstrap on separable data is pure', async () => {
    const X = [[0], [1], [2], [3], [10], [11], [12], [13]];
    const y = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const one = await new RandomForestClassifier({ nEstimators: 1, bootstrap: false }).fit(X, y);
    expect(await one.predictProba([[1.5], [12]])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const many = await new RandomForestClassifier({ nEstimators: 30, seed: 1 }).fit(X, y);
    const P = await many.predictProba([[6.5], [0], [13]]);
    for (const row of P) expect(row[0]! + row[1]!).toBeCloseTo(1, 12);
    // Between the groups the bootstrap samples put the threshold at different places: mixed votes.
    expect(P[0]![0]).toBeGreaterThan(0);
    expect(P[0]![0]).toBeLessThan(1);
    expect(await many.predict([[0], [13]])).toEqual(['a', 'b']);
  }, 60_000);

  it('oobScore_ and featureImportances are close to scikit-learn 1.2.1 on iris (0.9533; [0.0909, 0.0245, 0.4604, 0.4241])', async () => {
    // The two petal features are strongly correlated: how the credit is shared between them
    // depends on the random streams, their sum (0.8845) less. scikit-learn's own spread over
    // random_state 0..3: sepal length 0.080–0.126, petal sum 0.845–0.901; hence 0.06.
    const { X, y } = await loadDataset('iris');
    const m = await new RandomForestClassifier({ oobScore: true }).fit(X, y);
    expect(Math.abs(m.oobScore_ - 0.9533)).toBeLessThanOrEqual(0.03);
    const imp = m.featureImportances;
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(Math.abs(imp[0]! - 0.0909)).toBeLessThanOrEqual(0.06);
    expect(Math.abs(imp[1]! - 0.0245)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(imp[2]! + imp[3]! - 0.8845)).toBeLessThanOrEqual(0.06);
  }, 60_000);

  it('oobScore_ on breast cancer is close to scikit-learn 1.2.1 (0.9701), and below the training accuracy', async () => {
    const { X, y } = await loadDataset('breast_cancer');
    const m = await new RandomForestClassifier({ oobScore: true, nEstimators: 50 }).fit(X, y);
    expect(Math.abs(m.oobScore_ - 0.9701)).toBeLessThanOrEqual(0.02);
    expect(m.oobScore_).toBeLessThan(await m.score(X, y));
  }, 60_000);

  it('maxSamples draws fewer rows per tree (a count or a fraction), and depth and leaf limits hold', async () => {
    const { X, y } = await loadDataset('iris');
    const full = await new RandomForestClassifier({ nEstimators: 5 }).fit(X, y);
    const small = await new RandomForestClassifier({ nEstimators: 5, maxSamples: 20 }).fit(X, y);
    const frac = await new RandomForestClassifier({ nEstimators: 5, maxSamples: 20 / 150 }).fit(X, y);
    expect(small.treeBytes).toBeLessThan(full.treeBytes);
    expect(JSON.stringify(frac.toJSON().state)).toBe(JSON.stringify(small.toJSON().state));
    const stump = await new RandomForestClassifier({ nEstimators: 5, maxDepth: 1 }).fit(X, y);
    // Five stumps: 3 nodes each.
    expect((stump.toJSON().state as { model: { trees: Array<{ nodeCount: number }> } }).model.trees.map((t) => t.nodeCount)).toEqual([3, 3, 3, 3, 3]);
    await expect(new RandomForestClassifier({ maxSamples: 151 }).fit(X, y)).rejects.toThrow(/'maxSamples' parameter passed to 'RandomForestClassifier.fit' must be at most the number of rows of X \(150\)\. Got 151/);
  }, 60_000);

  it('refuses parameter combinations scikit-learn refuses, and options ml-random-forest cannot honour', () => {
    expect(() => new RandomForestClassifier({ oobScore: true, bootstrap: false })).toThrow(ParameterError);
    expect(() => new RandomForestClassifier({ maxSamples: 10, bootstrap: false })).toThrow(/'maxSamples' parameter of RandomForestClassifier must be null when 'bootstrap' is false/);
    expect(() => new RandomForestClassifier({ engine: 'ml-random-forest', criterion: 'entropy' })).toThrow(/'criterion' parameter of RandomForestClassifier must be 'gini'.*with engine 'ml-random-forest'\. Got 'entropy'/);
    expect(() => new RandomForestClassifier({ engine: 'ml-random-forest', minSamplesLeaf: 2 })).toThrow(ParameterError);
    expect(() => new RandomForestClassifier({ engine: 'ml-random-forest', maxSamples: 0.5 })).toThrow(ParameterError);
    expect(() => new RandomForestClassifier({ engine: 'ml-random-forest', nJobs: 2 })).toThrow(/'nJobs' parameter of RandomForestClassifier must be 1 \(the library grows its trees on one thread\) with engine 'ml-random-forest'\. Got 2/);
    expect(() => new RandomForestClassifier({ nJobs: 0 })).toThrow(ParameterError);
    expect(() => new RandomForestClassifier({ engine: 'ml-random-forest', oobScore: true })).toThrow(ParameterError);
    expect(() => new RandomForestClassifier({ nEstimators: 0 })).toThrow(/'nEstimators' parameter of RandomForestClassifier must be an integer in \[1, Infinity\)\. Got 0/);
  });

  it('fromJSON checks every tree as @mlcompare/cart checks one, the tree count and the out-of-bag score', async () => {
    const m = await new RandomForestClassifier({ nEstimators: 3, minSamplesLeaf: 2 }).fit([[0, 5], [1, 4], [2, 3], [3, 2], [4, 1], [5, 0]], ['a', 'a', 'a', 'b', 'b', 'b']);
    type Tree = { nodeCount: number; maxDepth: number; feature: number[]; left: number[]; right: number[]; nSamples: number[]; value: number[] };
    const json = JSON.parse(JSON.stringify(m.toJSON())) as { state: { model: { nFeatures: number; trees: Tree[]; oobScore: number | null } } };
    expect(json.state.model.trees[0]!.nodeCount).toBeGreaterThan(1);
    const refused = (edit: (j: typeof json) => void, message: RegExp): void => {
      const j = structuredClone(json);
      edit(j);
      expect(() => RandomForestClassifier.fromJSON(j)).toThrow(SerializationError);
      expect(() => RandomForestClassifier.fromJSON(j)).toThrow(message);
    };
    refused((j) => (j.state.model.trees[1]!.right[0] = 0), /'state\.model\.trees\[1\]\.left' must be children of node 0 numbered after it/);
    refused((j) => (j.state.model.trees[2]!.feature[0] = 2), /'state\.model\.trees\[2\]\.feature\[0\]' must be an integer in \[-1, 1\]/);
    refused((j) => j.state.model.trees.pop(), /'state\.model\.trees' must be an array of 3 trees \(params\.nEstimators\)/);
    refused((j) => (j.state.model.trees[0]!.value[0]! += 0.5), /'state\.model\.trees\[0\]\.value\[0\]' must be an integer/);
    refused((j) => (j.state.model.trees[0]!.maxDepth += 1), /'state\.model\.trees\[0\]\.maxDepth' must be the depth of the tree/);
    refused((j) => (j.state.model.nFeatures = 3), /'state\.model\.nFeatures' must be 2 \(state\.nFeatures\)/);
    refused((j) => (j.state.model.oobScore = 0.5), /'state\.model\.oobScore' must be null \(params\.oobScore is false\)/);
    const oob = await new RandomForestClassifier({ nEstimators: 3, oobScore: true }).fit([[0], [1], [2], [3], [4], [5]], ['a', 'a', 'a', 'b', 'b', 'b']);
    const oj = JSON.parse(JSON.stringify(oob.toJSON())) as { state: { model: { oobScore: number } } };
    oj.state.model.oobScore = 1.5;
    expect(() => RandomForestClassifier.fromJSON(oj)).toThrow(/'state\.model\.oobScore' must be a finite number in \[0, 1\]/);
  }, 60_000);
});

describe("cart's two ways of finding splits grow the same forest", () => {
  // Presorted columns partitioned down the tree, or the searched features sorted at each node
  // (chosen by maxFeatures / d): the same candidates in the same order, hence the same trees.
  for (const [name, kind] of [['digits', 'classification'], ['diabetes', 'regression']] as const) {
    it(`${name}: identical trees either way`, async () => {
      const f = (await scaledFolds(name))[0]!;
      const target: Target =
        kind === 'classification'
          ? (() => {
              const classes = uniqueSorted(f.yTrain);
              return { kind, y: Int32Array.from(f.yTrain as unknown[], (c) => (classes as unknown[]).indexOf(c)), nClasses: classes.length };
            })()
          : { kind, y: Float64Array.from(f.yTrain as number[]) };
      const p = { ...new RandomForestRegressor({ nEstimators: 8, maxFeatures: 2, oobScore: true }).params };
      const crit = kind === 'classification' ? 'gini' : 'squared_error';
      const a = growForest(f.Xtrain, target, crit, p, 'test', () => 0, false);
      const b = growForest(f.Xtrain, target, crit, p, 'test', () => 0, true);
      expect(b.trees.reduce((s, t) => s + t.nodeCount, 0)).toBeGreaterThan(8 * 3);
      expect(b.trees.map((t) => Array.from(t.threshold))).toEqual(a.trees.map((t) => Array.from(t.threshold)));
      expect(b.trees.map((t) => Array.from(t.value))).toEqual(a.trees.map((t) => Array.from(t.value)));
      expect(Array.from(b.importances)).toEqual(Array.from(a.importances));
      expect(Array.from(b.oobValues!)).toEqual(Array.from(a.oobValues!));
    }, 60_000);
  }
});

describe('trees grown in worker threads (nJobs)', () => {
  // Each tree draws from its own stream (seed, t): the threads grow the forest of the calling
  // thread, with the same out-of-bag score and importances.
  it('nJobs 2 grows the forest of nJobs 1: classifier (per-node sorting, digits) and regressor (presorted, diabetes)', async () => {
    const digits = (await scaledFolds('digits'))[2]!;
    const a = await new RandomForestClassifier({ nEstimators: 6, oobScore: true, seed: 7 }).fit(digits.Xtrain, digits.yTrain);
    const b = await new RandomForestClassifier({ nEstimators: 6, oobScore: true, seed: 7, nJobs: 2 }).fit(digits.Xtrain, digits.yTrain);
    expect(b.toJSON().state).toEqual(a.toJSON().state);
    expect(b.oobScore_).toBe(a.oobScore_);
    expect(b.featureImportances).toEqual(a.featureImportances);
    const diabetes = (await scaledFolds('diabetes'))[2]!;
    const c = await new RandomForestRegressor({ nEstimators: 5, oobScore: true, maxFeatures: 0.5 }).fit(diabetes.Xtrain, diabetes.yTrain);
    const d = await new RandomForestRegressor({ nEstimators: 5, oobScore: true, maxFeatures: 0.5, nJobs: 3 }).fit(diabetes.Xtrain, diabetes.yTrain);
    expect(d.toJSON().state).toEqual(c.toJSON().state);
    expect(await d.predict(diabetes.Xtest)).toEqual(await c.predict(diabetes.Xtest));
  }, 120_000);
});

describe('RandomForestRegressor', () => {
  it('oobScore_ and featureImportances are close to scikit-learn 1.2.1 on diabetes (R² 0.4217; top features 2 and 8)', async () => {
    const { X, y } = await loadDataset('diabetes');
    const m = await new RandomForestRegressor({ oobScore: true }).fit(X, y);
    expect(Math.abs(m.oobScore_ - 0.4217)).toBeLessThanOrEqual(0.03);
    const imp = m.featureImportances;
    const order = imp.map((v, f) => [v, f] as const).sort((a, b) => b[0] - a[0]).map(([, f]) => f);
    expect(order.slice(0, 2).sort()).toEqual([2, 8]);
    expect(Math.abs(imp[2]! - 0.2982)).toBeLessThanOrEqual(0.03);
  }, 60_000);

  it('without bootstrap and with every feature, each tree fits the training rows exactly', async () => {
    const X = [[1], [2], [3], [4], [5], [6]];
    const y = [1, 1.2, 0.9, 3.1, 2.9, 3];
    const m = await new RandomForestRegressor({ nEstimators: 3, bootstrap: false }).fit(X, y);
    expect(await m.predict(X)).toEqual(y);
  }, 60_000);

  it('predicts the mean of its trees', async () => {
    const X = [[1], [2], [3], [4], [5], [6]];
    const y = [1, 1.2, 0.9, 3.1, 2.9, 3];
    const m = await new RandomForestRegressor({ nEstimators: 7, seed: 5 }).fit(X, y);
    const p = await m.predict([[1], [6]]);
    // Every bootstrap tree predicts a training value or a mean of some; the forest's mean lies in the range.
    for (const v of p) expect(v >= 0.9 && v <= 3.1).toBe(true);
    expect(p[0]).toBeLessThan(p[1]!);
  }, 60_000);
});

describe("engine 'ml-random-forest'", () => {
  it('the classifier is ml-random-forest 2.1.0: its predictions are the library’s own, called with the mapped options', async () => {
    const folds = await scaledFolds('wine');
    const f = folds[0]!;
    const p = { nEstimators: 10, seed: 7 };
    const train = vi.spyOn(MlRFClassifier.prototype, 'train');
    const ours = await new RandomForestClassifier({ ...p, engine: 'ml-random-forest' }).fit(f.Xtrain, f.yTrain);
    expect(train).toHaveBeenCalledTimes(1);
    train.mockRestore();
    const classes = ours.classes as string[];
    const lib = new MlRFClassifier(mlForestOptions({ ...new RandomForestClassifier(p).params }, f.Xtrain.cols, 'test', 'gini') as never);
    lib.train(f.Xtrain.toArray(), f.yTrain.map((c) => classes.indexOf(c as string)));
    const expected = lib.predict(f.Xtest.toArray()).map((k) => classes[k]);
    expect(await ours.predict(f.Xtest)).toEqual(expected);
    // And it is not our engine: the two forests disagree on the vote shares.
    const fast = await new RandomForestClassifier(p).fit(f.Xtrain, f.yTrain);
    expect(await ours.predictProba(f.Xtest)).not.toEqual(await fast.predictProba(f.Xtest));
  }, 60_000);

  it('the regressor is ml-random-forest 2.1.0, and scores close to the default engine on diabetes', async () => {
    const folds = await scaledFolds('diabetes');
    const f = folds[0]!;
    const train = vi.spyOn(MlRFRegression.prototype, 'train');
    const ours = await new RandomForestRegressor({ nEstimators: 10, engine: 'ml-random-forest' }).fit(f.Xtrain, f.yTrain);
    expect(train).toHaveBeenCalledTimes(1);
    train.mockRestore();
    const lib = new MlRFRegression({ ...mlForestOptions({ ...new RandomForestRegressor({ nEstimators: 10 }).params }, f.Xtrain.cols, 'test', undefined), selectionMethod: 'mean' } as never);
    lib.train(f.Xtrain.toArray(), f.yTrain as number[]);
    expect(await ours.predict(f.Xtest)).toEqual(lib.predict(f.Xtest.toArray()));
    const fast = await new RandomForestRegressor({ nEstimators: 10 }).fit(f.Xtrain, f.yTrain);
    expect(Math.abs((await ours.score(f.Xtest, f.yTest)) - (await fast.score(f.Xtest, f.yTest)))).toBeLessThanOrEqual(0.15);
  }, 60_000);

  it("fromJSON checks the library's JSON: options from the parameters, each tree's features, each ml-cart tree; and writes it back as read", async () => {
    const X = [[0, 5, 1], [1, 4, 1], [2, 3, 0], [3, 2, 0], [4, 1, 1], [5, 0, 0]];
    const m = await new RandomForestClassifier({ nEstimators: 3, maxFeatures: 2, engine: 'ml-random-forest' }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
    type Node = { splitColumn?: number; left?: Node; right?: Node };
    type Base = { indexes: number[][]; seed: number; estimators: Array<{ root: Node }> };
    const json = JSON.parse(JSON.stringify(m.toJSON())) as { state: { model: { model: { baseModel: Base } } } };
    expect(RandomForestClassifier.fromJSON(structuredClone(json)).toJSON()).toEqual(json);
    const refused = (edit: (b: Base) => void, message: RegExp): void => {
      const j = structuredClone(json);
      edit(j.state.model.model.baseModel);
      expect(() => RandomForestClassifier.fromJSON(j)).toThrow(SerializationError);
      expect(() => RandomForestClassifier.fromJSON(j)).toThrow(message);
    };
    const B = "'state\\.model\\.model\\.baseModel";
    refused((b) => (b.indexes[1]![1] = b.indexes[1]![0]!), new RegExp(`${B}\\.indexes\\[1\\]' must be distinct features`));
    refused((b) => (b.indexes[0]![0] = 3), new RegExp(`${B}\\.indexes\\[0\\]\\[0\\]' must be an integer in \\[0, 2\\]`));
    refused((b) => b.estimators.pop(), new RegExp(`${B}\\.estimators' must be an array of 3 items \\(params\\.nEstimators\\)`));
    refused((b) => (b.seed += 1), new RegExp(`${B}\\.seed' must be 0 \\(params\\.seed\\)`));
    // A tree sees 2 of the 3 features: its splitColumn indexes those 2.
    const split = json.state.model.model.baseModel.estimators.findIndex((e) => e.root.splitColumn !== undefined);
    expect(split).toBeGreaterThanOrEqual(0);
    refused((b) => (b.estimators[split]!.root.splitColumn = 2), new RegExp(`${B}\\.estimators\\[${split}\\]\\.root\\.splitColumn' must be an integer in \\[0, 1\\]`));
    refused((b) => (b.estimators[split]!.root.right = b.estimators[split]!.root.left), /a node reached once/);
  }, 60_000);

  it('featureImportances and oobScore_ say to use the default engine', async () => {
    const m = await new RandomForestClassifier({ nEstimators: 3, engine: 'ml-random-forest' }).fit([[0], [1], [2], [3]], ['a', 'a', 'b', 'b']);
    expect(() => m.featureImportances).toThrow(/not available with engine 'ml-random-forest'/);
    expect(() => m.oobScore_).toThrow(/oobScore: true/);
  }, 60_000);
});

describe('input errors', () => {
  it('features beyond float32 are refused with InputError', async () => {
    await expect(new RandomForestRegressor({ nEstimators: 2 }).fit([[1e39], [1]], [1, 2])).rejects.toThrow(InputError);
  }, 60_000);
});
