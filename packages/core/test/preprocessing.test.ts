// Expected values: scikit-learn 1.2.1 via Debian's /usr/bin/python3 (StandardScaler, MinMaxScaler,
// SimpleImputer fitted on the same matrices; numbers printed with json.dumps).
import { describe, expect, it } from 'vitest';
import {
  BaseClassifier,
  DummyRegressor,
  InputError,
  Matrix,
  MinMaxScaler,
  NotFittedError,
  OneHotEncoder,
  ParameterError,
  Pipeline,
  SerializationError,
  SimpleImputer,
  StandardScaler,
  dummyModels,
  float64FromJSON,
  isClassifier,
  restoreModel,
  restoreTransformer,
  type ModelSpec,
} from '../src/index.js';

const X = [
  [1.0, 5.0, 0.1, 3.0],
  [2.5, 5.0, 0.2, NaN],
  [-3.0, 5.0, 0.15, 7.0],
  [4.0, 5.0, 1e6, 1.0],
  [0.5, 5.0, 0.3, 2.0],
];
const T = [
  [0.0, 4.0, 0.5, NaN],
  [10.0, 6.0, -1.0, 2.5],
];

function closeMatrix(actual: Matrix, expected: number[][], rel = 1e-12): void {
  expect([actual.rows, actual.cols]).toEqual([expected.length, expected[0]!.length]);
  expected.forEach((row, i) =>
    row.forEach((e, j) => {
      const a = actual.get(i, j);
      if (Number.isNaN(e)) expect(a).toBeNaN();
      else expect(Math.abs(a - e)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(e)));
    }),
  );
}

describe('StandardScaler (scikit-learn 1.2.1)', () => {
  it('population std, constant column → scale 1, NaN ignored in fit and kept', () => {
    const s = new StandardScaler().fit(X);
    const mean = [1.0, 5.0, 200000.15, 3.25];
    const scale = [2.345207879911715, 1.0, 399999.92500000546, 2.277608394786075];
    s.mean.forEach((v, j) => expect(Math.abs(v - mean[j]!)).toBeLessThanOrEqual(1e-12 * Math.abs(mean[j]!)));
    s.scale.forEach((v, j) => expect(Math.abs(v - scale[j]!)).toBeLessThanOrEqual(1e-12 * Math.abs(scale[j]!)));
    closeMatrix(s.transform(T), [
      [-0.42640143271122083, -1.0, -0.49999921874984665, NaN],
      [3.8376128944009875, 1.0, -0.5000029687505498, -0.329292779969071],
    ]);
    closeMatrix(new StandardScaler({ withMean: false }).fit(X).transform(T), [
      [0.0, 4.0, 1.250000234375027e-6, NaN],
      [4.264014327112209, 6.0, -2.500000468750054e-6, 1.0976425998969035],
    ]);
  });
  it('fitTransform standardises the training rows', () => {
    const Z = new StandardScaler().fitTransform([[0, 1], [2, 1], [4, 1]]);
    expect(Z.toArray()).toEqual([[-Math.sqrt(1.5), 0], [0, 0], [Math.sqrt(1.5), 0]]);
  });
});

describe('MinMaxScaler (scikit-learn 1.2.1)', () => {
  it('default range, and a custom range with clipping', () => {
    closeMatrix(new MinMaxScaler().fit(X).transform(T), [
      [0.42857142857142855, -1.0, 4.0000004000000404e-7, NaN],
      [1.857142857142857, 1.0, -1.100000110000011e-6, 0.24999999999999997],
    ]);
    closeMatrix(new MinMaxScaler({ featureRange: [-1, 2], clip: true }).fit(X).transform(T), [
      [0.2857142857142856, -1.0, -0.99999879999988, NaN],
      [2.0, 2.0, -1.0, -0.25],
    ]);
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/^The 'featureRange' parameter of MinMaxScaler must be an array \[min, max\]/);
  });
});

describe('SimpleImputer (scikit-learn 1.2.1)', () => {
  const Xi = [
    [1, NaN, 3],
    [NaN, 2, 3],
    [7, 2, NaN],
    [4, 5, 1],
    [4, NaN, 1],
  ];
  it('mean, median, most frequent (smallest on ties), constant', () => {
    expect(Array.from(new SimpleImputer().fit(Xi).statistics)).toEqual([4, 3, 2]);
    expect(Array.from(new SimpleImputer({ strategy: 'median' }).fit(Xi).statistics)).toEqual([4, 2, 2]);
    expect(Array.from(new SimpleImputer({ strategy: 'mostFrequent' }).fit(Xi).statistics)).toEqual([4, 2, 1]);
    expect(new SimpleImputer({ strategy: 'constant', fillValue: -1 }).fitTransform(Xi).toArray()).toEqual([
      [1, -1, 3],
      [-1, 2, 3],
      [7, 2, -1],
      [4, 5, 1],
      [4, -1, 1],
    ]);
    expect(new SimpleImputer({ strategy: 'median' }).fit(Xi).transform([[NaN, NaN, 0]]).toArray()).toEqual([[4, 2, 0]]);
  });
  it('a column entirely missing in training is an error naming the column, with a remedy', () => {
    const bad = [
      [1, NaN],
      [2, NaN],
    ];
    expect(() => new SimpleImputer().fit(bad)).toThrow(InputError);
    expect(() => new SimpleImputer().fit(bad)).toThrow(
      /^Column 1 of argument 'X' passed to 'SimpleImputer.fit' has no observed values \(all NaN\), so its mean cannot be computed\. Drop the column, or use strategy 'constant'\./,
    );
    expect(new SimpleImputer({ strategy: 'constant' }).fitTransform(bad).toArray()).toEqual([[1, 0], [2, 0]]);
  });
});

describe('OneHotEncoder', () => {
  it('replaces the listed columns by their one-hot blocks, in column order', () => {
    const enc = new OneHotEncoder({ columns: [2, 0] }).fit([
      [0, 1.5, 3],
      [2, 2.5, 1],
      [0, 3.5, NaN],
    ]);
    expect(enc.categories).toEqual([[0, 2], [1, 3]]);
    expect(enc.transform([[2, 9, 3], [0, 8, 1]]).toArray()).toEqual([
      [0, 1, 9, 0, 1],
      [1, 0, 8, 1, 0],
    ]);
    expect(enc.featureNamesOut(['a', 'b', 'c'])).toEqual(['a_0', 'a_2', 'b', 'c_1', 'c_3']);
    expect(enc.featureNamesOut()).toEqual(['x0_0', 'x0_2', 'x1', 'x2_1', 'x2_3']);
  });
  it('unseen categories and NaN at transform time give an all-zero block, never a crash', () => {
    const enc = new OneHotEncoder({ columns: [0] }).fit([[0], [1]]);
    expect(enc.transform([[5], [NaN], [1], [0.5]]).toArray()).toEqual([
      [0, 0],
      [0, 0],
      [0, 1],
      [0, 0],
    ]);
  });
  it('rejects non-code values, out-of-range columns and duplicate columns', () => {
    expect(() => new OneHotEncoder({ columns: [0] }).fit([[1.5]])).toThrow(
      /^Argument 'X' passed to 'OneHotEncoder.fit' must hold integer category codes \(≥ 0\) or NaN in column 0, but X\[0\]\[0\] is 1.5/,
    );
    expect(() => new OneHotEncoder({ columns: [3] }).fit([[1, 2]])).toThrow(/has 2 columns, but parameter 'columns' lists column 3/);
    expect(() => new OneHotEncoder({ columns: [1, 1] })).toThrow(ParameterError);
    expect(() => new OneHotEncoder({ columns: [0] }).fit([[NaN], [NaN]])).toThrow(/^Column 0 of argument 'X' passed to 'OneHotEncoder.fit' has no observed values/);
  });
});

describe('every transformer', () => {
  const makers = [
    () => new StandardScaler(),
    () => new MinMaxScaler({ featureRange: [-2, 3] }),
    () => new SimpleImputer({ strategy: 'median' }),
    () => new OneHotEncoder({ columns: [1] }),
  ];
  const train = [
    [0.5, 1, 2],
    [NaN, 0, 4],
    [2.5, 2, 8],
  ];
  const test = [
    [1, 2, NaN],
    [3, 7, 1],
  ];
  for (const make of makers) {
    const name = make().name;
    it(`${name}: transform before fit → NotFittedError; feature count checked; input not mutated; JSON round trip; clone unfitted`, () => {
      const t = make();
      expect(() => t.transform(test)).toThrow(NotFittedError);
      expect(() => t.transform(test)).toThrow(new RegExp(`^This ${name} instance is not fitted yet\\. Call 'fit' before 'transform'\\.`));
      const copy = JSON.stringify(train);
      const m = Matrix.fromRows(train);
      const before = m.data.slice();
      const out = t.fitTransform(m);
      expect(JSON.stringify(train)).toBe(copy);
      expect(m.data).toEqual(before);
      expect(out.rows).toBe(3);
      expect(() => t.transform([[1, 2]])).toThrow(new RegExp(`^Argument 'X' passed to '${name}.transform' must have 3 features \\(as in fit\\), but got 2\\.`));
      const back = restoreTransformer(JSON.parse(JSON.stringify(t.toJSON())));
      expect(back.transform(test).data).toEqual(t.transform(test).data);
      expect(back.featureNamesOut()).toEqual(t.featureNamesOut());
      expect(t.clone().isFitted).toBe(false);
      expect(t.clone().getParams()).toEqual(t.getParams());
      expect(() => t.transform([[1, Infinity, 2]])).toThrow(InputError);
    });
  }
  it('fromJSON rejects other JSON', () => {
    expect(() => StandardScaler.fromJSON(new MinMaxScaler().toJSON())).toThrow(SerializationError);
    expect(() => restoreTransformer({ format: 'mlcompare-transformer', transformer: 'Nope' })).toThrow(/^Argument 'json' passed to 'restoreTransformer'/);
  });
});

// A tiny scale-sensitive classifier for the pipeline tests: nearest centroid, Euclidean.
interface CentroidState {
  centroids: Float64Array;
  d: number;
}
class NearestCentroid extends BaseClassifier<Record<string, never>, CentroidState> {
  static readonly modelName = 'NearestCentroid';
  static readonly stateVersion = 1;
  constructor(params: Record<string, never> = {}) {
    super(NearestCentroid.modelName, {}, params);
  }
  static fromJSON(json: unknown): NearestCentroid {
    return restoreModel(NearestCentroid, json);
  }
  protected fitEncoded(X: Matrix, y: Int32Array, k: number): CentroidState {
    const d = X.cols;
    const c = new Float64Array(k * d);
    const n = new Float64Array(k);
    for (let i = 0; i < X.rows; i++) {
      n[y[i]!]!++;
      for (let j = 0; j < d; j++) c[y[i]! * d + j]! += X.get(i, j);
    }
    for (let a = 0; a < k; a++) for (let j = 0; j < d; j++) c[a * d + j]! /= n[a]!;
    return { centroids: c, d };
  }
  protected predictProbaEncoded(X: Matrix, s: CentroidState): Matrix {
    const k = s.centroids.length / s.d;
    const P = Matrix.zeros(X.rows, k);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      let bd = Infinity;
      for (let a = 0; a < k; a++) {
        let dist = 0;
        for (let j = 0; j < s.d; j++) dist += (X.get(i, j) - s.centroids[a * s.d + j]!) ** 2;
        if (dist < bd) {
          bd = dist;
          best = a;
        }
      }
      P.data[i * k + best] = 1;
    }
    return P;
  }
  protected serializeState(s: CentroidState): unknown {
    return { centroids: Array.from(s.centroids), d: s.d };
  }
  protected deserializeState(raw: unknown): CentroidState {
    const r = raw as { centroids: unknown; d: number };
    return { centroids: float64FromJSON(r.centroids, 'centroids'), d: r.d };
  }
}
const centroidSpec: ModelSpec = {
  name: 'centroid',
  className: 'NearestCentroid',
  task: 'classification',
  packageName: 'test',
  description: 'test model',
  capabilities: { probabilities: true, needsScaling: true, handlesMissing: false, randomized: false },
  params: {},
  create: () => new NearestCentroid(),
  fromJSON: (j) => NearestCentroid.fromJSON(j),
};

describe('Pipeline', () => {
  // Feature 1 has a large spread; feature 0 separates the classes. Unscaled, the centroid distance
  // is dominated by feature 1 and the test point goes to 'a'; standardised, it goes to 'b'.
  const Xtr = [
    [0, 90],
    [0.2, 110],
    [1, -10],
    [1.2, 10],
    [NaN, 0],
  ];
  const ytr = ['a', 'a', 'b', 'b', 'b'];
  const Xte = [[1.1, 60]];

  it('imputes and scales on the training rows, then delegates, and is a classifier', async () => {
    const raw = await new NearestCentroid().fit(Xtr.slice(0, 4), ytr.slice(0, 4));
    expect(await raw.predict(Xte)).toEqual(['a']);
    const pipe = new Pipeline({ steps: [new SimpleImputer(), new StandardScaler()], model: new NearestCentroid() });
    expect(pipe.isFitted).toBe(false);
    await expect(pipe.predict(Xte)).rejects.toThrow(/^This Pipeline instance is not fitted yet\. Call 'fit' before 'predict'\./);
    expect(await pipe.fit(Xtr, ytr)).toBe(pipe);
    expect(pipe.isFitted).toBe(true);
    expect(pipe.task).toBe('classification');
    expect(isClassifier(pipe)).toBe(true);
    expect(pipe.classes).toEqual(['a', 'b']);
    expect(pipe.supportsProba).toBe(true);
    expect(pipe.backend).toBe('js');
    expect(pipe.history).toBeUndefined();
    expect(await pipe.predict(Xte)).toEqual(['b']);
    expect(await pipe.predictProba(Xte)).toEqual([[0, 1]]);
    expect(await pipe.score([[1.1, 60], [0.1, 100]], ['b', 'a'])).toBe(1);
    // The model saw the transformed training matrix: the scaler's mean of column 0 includes the imputed value.
    const scaler = pipe.params.steps[1] as StandardScaler;
    expect(scaler.mean[0]).toBeCloseTo((0 + 0.2 + 1 + 1.2 + 0.6) / 5, 12);
  });

  it('JSON round trip through the registry gives identical predictions; clone is unfitted', async () => {
    const pipe = await new Pipeline({ steps: [new SimpleImputer(), new StandardScaler()], model: new NearestCentroid() }).fit(Xtr, ytr);
    const json = JSON.parse(JSON.stringify(pipe.toJSON()));
    expect(json.params).toEqual({
      steps: [
        { transformer: 'SimpleImputer', params: { strategy: 'mean', fillValue: 0 } },
        { transformer: 'StandardScaler', params: { withMean: true, withStd: true } },
      ],
      model: { model: 'NearestCentroid', params: {} },
    });
    const back = Pipeline.fromJSON(json, [centroidSpec]);
    expect(back.isFitted).toBe(true);
    const probe = [[1.1, 60], [0.1, 100], [NaN, 5]];
    expect(await back.predict(probe)).toEqual(await pipe.predict(probe));
    expect(() => Pipeline.fromJSON(json, dummyModels)).toThrow(/^Pipeline.fromJSON cannot rebuild its model 'NearestCentroid'/);
    const c = pipe.clone();
    expect(c.isFitted).toBe(false);
    expect(c.params.steps[0]).not.toBe(pipe.params.steps[0]);
    const unfitted = Pipeline.fromJSON(c.toJSON(), [centroidSpec]);
    expect(unfitted.isFitted).toBe(false);
    expect(await (await unfitted.fit(Xtr, ytr)).predict(probe)).toEqual(await pipe.predict(probe));
  });

  it('delegates to a regressor; predictProba and classes are errors then', async () => {
    const pipe = await new Pipeline({ steps: [new MinMaxScaler()], model: new DummyRegressor() }).fit([[1], [2], [3]], [1, 2, 6]);
    expect(pipe.task).toBe('regression');
    expect(await pipe.predict([[10]])).toEqual([3]);
    expect(pipe.supportsProba).toBe(false);
    expect(() => pipe.classes).toThrow(/^Pipeline.classes is only available when the final model is a classifier, but DummyRegressor is a regression model\./);
    await expect(pipe.predictProba([[1]])).rejects.toThrow(InputError);
    const back = Pipeline.fromJSON(JSON.stringify(pipe.toJSON()), dummyModels);
    expect(await back.predict([[10]])).toEqual([3]);
    pipe.dispose();
    expect(pipe.isFitted).toBe(false);
  });

  it('validates its parameters and inputs', async () => {
    expect(() => new Pipeline({ model: {} as never })).toThrow(/^The 'model' parameter of Pipeline must be a model/);
    expect(() => new Pipeline({ steps: [{} as never], model: new DummyRegressor() })).toThrow(/step 0 is/);
    const pipe = new Pipeline({ steps: [new StandardScaler()], model: new DummyRegressor() });
    await expect(pipe.fit([[1], [2]], [1])).rejects.toThrow(/^Found X and y with inconsistent numbers of samples: \[2, 1\]/);
  });
});
