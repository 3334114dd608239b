/**
 * Unit tests of gradient boosting. Reference values come from scikit-learn 1.2.1
 * (`HistGradientBoosting*`, Debian's /usr/bin/python3): test/fixtures/sklearn-1.2.1-boosting.json
 * is written by benchmarks/reference/sklearn_ensemble_ref.py.
 */
import { InputError, ParameterError, SerializationError } from '@mlcompare/core';
import { loadDataset, makeClassification, makeRegression } from '@mlcompare/datasets';
import { scaledFolds } from './folds.js';
import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../src/index.js';
import { binFeature, binOf, fitBins } from '../src/internal/hgb/binning.js';
import fixture from './fixtures/sklearn-1.2.1-boosting.json' with { type: 'json' };

describe('binning (scikit-learn _BinMapper)', () => {
  it('few distinct values: thresholds at midpoints; NaN to the missing bin; x <= t goes to the lower bin', () => {
    const data = Float64Array.from([3, 1, 2, NaN, 1, 3]);
    const m = fitBins(data, 6, 1, 255);
    expect(Array.from(m.thresholds[0]!)).toEqual([1.5, 2.5]);
    expect(m.missingBin).toBe(255);
    expect([1, 1.5, 1.6, 2.5, 3, 99, NaN].map((x) => binOf(m.thresholds[0]!, x, 255))).toEqual([0, 0, 1, 1, 2, 2, 255]);
  });

  it('binFeature (fixed-step search over padded thresholds) puts every value in binOf\'s bin: thresholds themselves, ±0, ±Infinity, NaN, above and below all', () => {
    for (const count of [0, 1, 2, 3, 7, 100, 254]) {
      const t = Float64Array.from({ length: count }, (_, i) => (i - 50) * 0.75);
      if (count > 60) t[count - 1] = 1e300; // a clipped threshold (ALMOST_INF) is the last
      const values = [NaN, -Infinity, Infinity, -0, 0, 1e300, -1e300, 5e300, ...Array.from(t), ...Array.from(t, (v) => v + 0.1), ...Array.from(t, (v) => v - 0.1)];
      const data = Float64Array.from(values);
      const out = new Uint8Array(values.length);
      binFeature(t, data, values.length, 1, 0, 255, out);
      expect(Array.from(out)).toEqual(values.map((x) => binOf(t, x, 255)));
    }
  });

  it("breast cancer (569 rows, up to 569 distinct values per feature): every threshold equals scikit-learn's _BinMapper's", async () => {
    // Percentiles at (n − 1)·q that float rounding puts just off an integer (e.g. 408 · 0.0980… =
    // 40.000000000000004) are midpoints in numpy: the virtual index must be computed as numpy does.
    const { X } = await loadDataset('breast_cancer');
    const ours = fitBins(X.data, X.rows, X.cols, 255).thresholds.map((t) => Array.from(t));
    expect(ours).toEqual((fixture as unknown as { bin_thresholds: { breast_cancer: number[][] } }).bin_thresholds.breast_cancer);
  }, 60_000);

  it('more distinct values than maxBins: numpy percentile midpoints (0, 25, 50, 75, 100 → 4 bins)', () => {
    // maxBins 4: percentiles 25, 50, 75 of 0..10 with method "midpoint": virtual index 2.5 → (2 + 3)/2, 5 → 5, 7.5 → 7.5.
    const data = Float64Array.from({ length: 11 }, (_, i) => i);
    expect(Array.from(fitBins(data, 11, 1, 4).thresholds[0]!)).toEqual([2.5, 5, 7.5]);
  });
});

describe('GradientBoostingRegressor', () => {
  it('one iteration with one leaf pair: the baseline is the mean, the leaves move it by learningRate × the mean residual', async () => {
    // y = 0 for x < 0.5 and 10 above; baseline 5; residuals −5 / +5; leaf values ±5 · 0.1.
    const X = Array.from({ length: 40 }, (_, i) => [i / 40]);
    const y = X.map(([x]) => (x! < 0.5 ? 0 : 10));
    const m = await new GradientBoostingRegressor({ maxIter: 1, minSamplesLeaf: 5 }).fit(X, y);
    expect(await m.predict([[0.1], [0.9]])).toEqual([4.5, 5.5]);
    const m2 = await new GradientBoostingRegressor({ maxIter: 1, minSamplesLeaf: 5, l2Regularization: 20 }).fit(X, y);
    // With λ = 20 the leaf value is −G/(H + λ) = 5 · 20 / (20 + 20) = 2.5 → 0.25 after shrinkage.
    expect((await m2.predict([[0.1], [0.9]])).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([4.75, 5.25]);
  }, 60_000);

  it('maxLeafNodes, maxDepth and minSamplesLeaf bound each tree', async () => {
    const { X, y } = makeRegression({ nSamples: 300, nFeatures: 4, noise: 1, seed: 1 });
    const leavesOf = (m: GradientBoostingRegressor): number[] => {
      const st = (m.toJSON().state as { model: { roots: number[]; left: number[] } }).model;
      const out: number[] = [];
      for (let t = 0; t + 1 < st.roots.length; t++) out.push(st.left.slice(st.roots[t], st.roots[t + 1]).filter((l) => l === -1).length);
      return out;
    };
    const a = await new GradientBoostingRegressor({ maxIter: 5, maxLeafNodes: 4 }).fit(X, y);
    expect(Math.max(...leavesOf(a))).toBe(4);
    const b = await new GradientBoostingRegressor({ maxIter: 5, maxLeafNodes: null, maxDepth: 2 }).fit(X, y);
    expect(Math.max(...leavesOf(b))).toBe(4);
    const c = await new GradientBoostingRegressor({ maxIter: 5, minSamplesLeaf: 100 }).fit(X, y);
    expect(Math.max(...leavesOf(c))).toBeLessThanOrEqual(3);
  }, 60_000);

  it('early stopping: off by default up to 10,000 rows, on when asked; it stops, records the validation loss and depends on the seed', async () => {
    const { X, y } = makeRegression({ nSamples: 400, nFeatures: 5, noise: 30, seed: 2 });
    const off = await new GradientBoostingRegressor({ maxIter: 40 }).fit(X, y);
    expect(off.nIter).toBe(40);
    expect(off.history!.stopReason).toBe('maxIter reached');
    const on = await new GradientBoostingRegressor({ maxIter: 500, earlyStopping: true, nIterNoChange: 5 }).fit(X, y);
    expect(on.nIter).toBeLessThan(500);
    const h = on.history!;
    expect(h.stopReason).toMatch(/^early stopping: the validation loss did not improve/);
    // One score for the baseline plus one per iteration; none of the last 5 beats the one before them by tol.
    expect(h.validationScore!.length).toBe(on.nIter + 1);
    const s = h.validationScore!;
    const refScore = s[s.length - 6]! + 1e-7;
    expect(s.slice(-5).every((v) => v <= refScore)).toBe(true);
    const other = await new GradientBoostingRegressor({ maxIter: 500, earlyStopping: true, nIterNoChange: 5, seed: 9 }).fit(X, y);
    expect(JSON.stringify(other.toJSON().state)).not.toBe(JSON.stringify(on.toJSON().state));
  }, 60_000);

  it("early stopping 'auto' turns on above 10,000 rows", async () => {
    const { X, y } = makeRegression({ nSamples: 10_001, nFeatures: 3, noise: 50, seed: 3 });
    const m = await new GradientBoostingRegressor({ maxIter: 300, learningRate: 0.5 }).fit(X, y);
    expect(m.history!.validationScore).toBeDefined();
    expect(m.nIter).toBeLessThan(300);
  }, 60_000);
});

describe('GradientBoostingClassifier', () => {
  it('binary: one tree per iteration, probabilities from the sigmoid; multiclass: one tree per class per iteration', async () => {
    const bin = makeClassification({ nSamples: 200, nFeatures: 4, nClasses: 2, seed: 4 });
    const mb = await new GradientBoostingClassifier({ maxIter: 7 }).fit(bin.X, bin.y);
    expect((mb.toJSON().state as { model: { roots: number[]; loss: string } }).model.roots.length).toBe(8);
    const P = await mb.predictProba(bin.X);
    for (const row of P) expect(row[0]! + row[1]!).toBeCloseTo(1, 12);
    const multi = makeClassification({ nSamples: 300, nFeatures: 5, nInformative: 3, nClasses: 3, seed: 4 });
    const mm = await new GradientBoostingClassifier({ maxIter: 7 }).fit(multi.X, multi.y);
    expect((mm.toJSON().state as { model: { roots: number[] } }).model.roots.length).toBe(7 * 3 + 1);
  }, 60_000);

  it('the same fit always gives the same trees, and JSON round-trips to identical predictions', async () => {
    const f = (await scaledFolds('wine'))[0]!;
    const a = await new GradientBoostingClassifier({ maxIter: 20 }).fit(f.Xtrain, f.yTrain);
    const b = await new GradientBoostingClassifier({ maxIter: 20, seed: 5 }).fit(f.Xtrain, f.yTrain);
    // Without early stopping the seed changes nothing.
    expect(JSON.stringify(b.toJSON().state)).toBe(JSON.stringify(a.toJSON().state));
    const back = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(await back.predictProba(f.Xtest)).toEqual(await a.predictProba(f.Xtest));
  }, 60_000);

  it('refuses malformed JSON and bad parameters', async () => {
    const m = await new GradientBoostingClassifier({ maxIter: 3, minSamplesLeaf: 2 }).fit([[0], [1], [2], [3], [4], [5]], ['a', 'a', 'a', 'b', 'b', 'b']);
    type State = { left: number[]; right: number[]; feature: number[]; threshold: Array<number | null>; roots: number[]; nIter: number; baseline: number[]; nFeatures: number; trainLoss: number[]; validationLoss: number[] | null };
    const json = JSON.parse(JSON.stringify(m.toJSON())) as { state: { model: State } };
    const refused = (edit: (s: State) => void, message: RegExp): void => {
      const j = structuredClone(json);
      edit(j.state.model);
      expect(() => GradientBoostingClassifier.fromJSON(j)).toThrow(SerializationError);
      expect(() => GradientBoostingClassifier.fromJSON(j)).toThrow(message);
    };
    expect(json.state.model.left[0]).toBeGreaterThan(0);
    refused((s) => (s.left[0] = 0), /'state\.model\.left' must be two children of node 0 numbered after it inside tree 0/);
    // A child in the next tree: a link across trees.
    refused((s) => (s.right[0] = s.roots[1]!), /'state\.model\.left' must be two children of node 0 numbered after it inside tree 0/);
    refused((s) => (s.right[0] = s.left[0]!), /'state\.model\.left' must be two children of node 0 numbered after it/);
    refused((s) => (s.feature[0] = 1), /'state\.model\.feature\[0\]' must be an integer in \[-1, 0\]/);
    refused((s) => (s.threshold[0] = 'x' as never), /'state\.model\.threshold\[0\]' must be a finite number/);
    refused((s) => s.roots.pop(), /'state\.model\.roots' must be an array of 4 integers/);
    refused((s) => (s.nIter = 2), /'state\.model\.nIter' must be 3 \(params\.maxIter: early stopping is off\)/);
    refused((s) => s.baseline.push(0), /'state\.model\.baseline' must be an array of 1 finite numbers/);
    refused((s) => (s.trainLoss = [0.5, 0.4]), /'state\.model\.trainLoss' must be an array of 1 finite numbers in \[0, Infinity\)/);
    refused((s) => (s.validationLoss = [0.5]), /'state\.model\.validationLoss' must be null \(early stopping is off\)/);
    refused((s) => (s.nFeatures = 2), /'state\.model\.nFeatures' must be 1 \(state\.nFeatures\)/);
    // Leaf count and depth against the parameters: a 3-leaf tree read with maxLeafNodes 2 / maxDepth 1.
    const deep = await new GradientBoostingRegressor({ maxIter: 1, minSamplesLeaf: 1 }).fit([[0], [1], [2], [3], [4], [5]], [0, 0, 5, 5, 9, 9]);
    const dj = JSON.parse(JSON.stringify(deep.toJSON())) as { params: Record<string, unknown>; state: { model: { left: number[] } } };
    expect(dj.state.model.left.filter((l) => l === -1).length).toBeGreaterThan(2);
    expect(() => GradientBoostingRegressor.fromJSON({ ...dj, params: { ...dj.params, maxLeafNodes: 2 } })).toThrow(/must be trees of at most 2 leaves \(params\.maxLeafNodes\)/);
    expect(() => GradientBoostingRegressor.fromJSON({ ...dj, params: { ...dj.params, maxDepth: 1 } })).toThrow(/must be links no deeper than params\.maxDepth \(1\)/);
    expect(GradientBoostingRegressor.fromJSON(dj).toJSON()).toEqual(dj);
    // Two parents for one node (a shared subtree) while every link still points forward: the root's right child becomes a grandchild.
    const shared = structuredClone(dj) as unknown as { state: { model: { left: number[]; right: number[] } } };
    const { left, right } = shared.state.model;
    const inner = left.findIndex((l, i) => i > 0 && l >= 0);
    expect(inner).toBeGreaterThan(0);
    right[0] = left[inner]!;
    expect(() => GradientBoostingRegressor.fromJSON(shared)).toThrow(/'state\.model\.left' must be links making node \d+ the child of exactly one earlier node of tree 0/);
    expect(() => new GradientBoostingClassifier({ maxBins: 256 })).toThrow(/'maxBins' parameter of GradientBoostingClassifier must be an integer in \[2, 255\]\. Got 256/);
    expect(() => new GradientBoostingClassifier({ validationFraction: 1 })).toThrow(ParameterError);
    expect(() => new GradientBoostingClassifier({ earlyStopping: 'yes' as never })).toThrow(ParameterError);
    await expect(new GradientBoostingClassifier().fit([[1], [Infinity]], ['a', 'b'])).rejects.toThrow(InputError);
  }, 60_000);
});

describe('missing values, as scikit-learn 1.2.1 handles them', () => {
  // The fixture's "missing" sets: NaN where (row·7 + feature·3) % 11 == 0 (feature > 0) after
  // scaling, and on test rows also in feature 0 where row % 5 == 0 (no NaN there in training, so
  // those rows follow the larger child).
  const inject = (X: { rows: number; cols: number; data: Float64Array }, rows: Int32Array, train: boolean): void => {
    for (let j = 0; j < X.rows; j++) {
      const r = rows[j]!;
      for (let f = 1; f < X.cols; f++) if ((r * 7 + f * 3) % 11 === 0) X.data[j * X.cols + f] = NaN;
      if (!train && r % 5 === 0) X.data[j * X.cols] = NaN;
    }
  };
  for (const name of ['breast_cancer', 'diabetes'] as const) {
    it(`${name}: every fold's predictions equal scikit-learn's`, async () => {
      const folds = await scaledFolds(name);
      const sets = (fixture as unknown as { missing: Record<string, { predictions: Array<Array<string | number>> }> }).missing;
      for (let k = 0; k < folds.length; k++) {
        const f = folds[k]!;
        inject(f.Xtrain, f.train, true);
        inject(f.Xtest, f.test, false);
        const m = name === 'diabetes' ? new GradientBoostingRegressor() : new GradientBoostingClassifier();
        await m.fit(f.Xtrain, f.yTrain);
        const ours = (await m.predict(f.Xtest)) as Array<string | number>;
        const theirs = sets[name]!.predictions[k]!;
        ours.forEach((v, i) => {
          if (typeof v === 'number') expect(Math.abs(v - (theirs[i] as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(theirs[i] as number)));
          else expect(String(v)).toBe(theirs[i]);
        });
      }
    }, 60_000);
  }
});
