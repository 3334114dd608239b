// Branches of the transformers that the main test file leaves open (found by mutation testing:
// `pnpm mutation packages/core/src/preprocessing.ts`): JSON restore errors, feature names, and
// the fitted statistics at their edges. Expected values: scikit-learn 1.2.1 where noted
// (StandardScaler / MinMaxScaler / SimpleImputer on the same columns), else the documented rule.
import { describe, expect, it } from 'vitest';
import {
  DummyRegressor,
  InputError,
  MinMaxScaler,
  OneHotEncoder,
  ParameterError,
  Pipeline,
  SerializationError,
  SimpleImputer,
  StandardScaler,
  dummyModels,
  restoreTransformer,
} from '../src/index.js';

const throwsSer = (f: () => unknown, re: RegExp): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SerializationError);
  expect((caught as Error).message).toMatch(re);
};

describe('fromJSON and restoreTransformer reject what is not theirs, saying why', () => {
  const fitted = new StandardScaler().fit([[1, 2], [3, 6]]);
  const json = fitted.toJSON();
  it('reads a JSON string; rejects a malformed one', () => {
    expect(StandardScaler.fromJSON(JSON.stringify(json)).transform([[1, 2]]).toArray()).toEqual([[-1, -1]]);
    expect(restoreTransformer(JSON.stringify(json)).transform([[3, 6]]).toArray()).toEqual([[1, 1]]);
    throwsSer(() => StandardScaler.fromJSON('{oops'), /^Argument 'json' passed to 'StandardScaler\.fromJSON' is not valid JSON: /);
    throwsSer(() => restoreTransformer('{oops'), /^Argument 'json' passed to 'restoreTransformer' is not valid JSON: /);
  });
  it('format, transformer name and version', () => {
    throwsSer(() => StandardScaler.fromJSON(null), /^Argument 'json' passed to 'StandardScaler\.fromJSON' must be an mlcompare transformer JSON \(format 'mlcompare-transformer'\), but got null\.$/);
    throwsSer(() => StandardScaler.fromJSON(5), /but got 5\.$/);
    throwsSer(() => StandardScaler.fromJSON({ ...json, format: 'x' }), /must be an mlcompare transformer JSON/);
    throwsSer(() => StandardScaler.fromJSON({ ...json, transformer: 'MinMaxScaler' }), /^Argument 'json' passed to 'StandardScaler\.fromJSON' holds a 'MinMaxScaler', not a StandardScaler\.$/);
    throwsSer(() => StandardScaler.fromJSON({ ...json, version: 2 }), /has state version 2; this version of mlcompare reads version 1\. Refit it\.$/);
    throwsSer(() => restoreTransformer({ ...json, transformer: 'toString' }), /must be the JSON of one of StandardScaler, MinMaxScaler, SimpleImputer, OneHotEncoder, but got/);
    throwsSer(() => restoreTransformer(null), /but got null\.$/);
  });
  it('state: null means unfitted; nFeatures must be a positive integer; arrays must have nFeatures numbers', () => {
    expect(StandardScaler.fromJSON({ ...json, state: null }).isFitted).toBe(false);
    for (const nFeatures of [0, 1.5, '2', undefined]) {
      throwsSer(() => StandardScaler.fromJSON({ ...json, state: { ...json.state!, nFeatures } }), /^Invalid StandardScaler JSON: state must have a positive integer 'nFeatures'\.$/);
    }
    const st = json.state as { nFeatures: number; state: { mean: number[]; scale: number[] } };
    throwsSer(() => StandardScaler.fromJSON({ ...json, state: { nFeatures: 2, state: { ...st.state, mean: [1] } } }), /^Invalid StandardScaler JSON: 'mean' must be an array of 2 numbers\.$/);
    throwsSer(() => StandardScaler.fromJSON({ ...json, state: { nFeatures: 2, state: { ...st.state, scale: [1, '2'] } } }), /'scale' must be an array of 2 numbers\.$/);
    throwsSer(() => StandardScaler.fromJSON({ ...json, state: { nFeatures: 2, state: null } }), /'mean' must be an array of 2 numbers/);
    const mm = new MinMaxScaler().fit([[1], [3]]).toJSON();
    throwsSer(() => MinMaxScaler.fromJSON({ ...mm, state: { nFeatures: 1, state: { scale: [1] } } }), /^Invalid MinMaxScaler JSON: 'min' must be an array of 1 numbers\.$/);
    throwsSer(() => MinMaxScaler.fromJSON({ ...mm, state: { nFeatures: 1, state: { min: [1] } } }), /'scale' must be an array of 1 numbers\.$/);
    const imp = new SimpleImputer().fit([[1], [3]]).toJSON();
    throwsSer(() => SimpleImputer.fromJSON({ ...imp, state: { nFeatures: 1, state: 'x' } }), /^Invalid SimpleImputer JSON: 'statistics' must be an array of 1 numbers\.$/);
  });
  it('OneHotEncoder state: columns within nFeatures, one non-empty numeric category list per column', () => {
    const oh = new OneHotEncoder({ columns: [1] }).fit([[0.5, 1], [2, 0]]).toJSON();
    const good = { columns: [1], categories: [[0, 1]] };
    expect(OneHotEncoder.fromJSON({ ...oh, state: { nFeatures: 2, state: good } }).transform([[7, 1]]).toArray()).toEqual([[7, 0, 1]]);
    const bad = [
      { columns: 1, categories: [[0, 1]] },
      { columns: [2], categories: [[0, 1]] },
      { columns: [-1], categories: [[0, 1]] },
      { columns: [0.5], categories: [[0, 1]] },
      { columns: [1], categories: 'x' },
      { columns: [1], categories: [[0, 1], [0]] },
      { columns: [1], categories: [[]] },
      { columns: [1], categories: [['a']] },
      { columns: [1], categories: [5] },
      null,
    ];
    for (const state of bad) {
      throwsSer(
        () => OneHotEncoder.fromJSON({ ...oh, state: { nFeatures: 2, state } }),
        /^Invalid OneHotEncoder JSON: state must have 'columns' \(indices < 2\) and one non-empty 'categories' array per column\.$/,
      );
    }
  });
});

describe('featureNamesOut', () => {
  it('default names x0…, given names copied, wrong names rejected', () => {
    const s = new StandardScaler().fit([[1, 2], [3, 4]]);
    expect(s.featureNamesOut()).toEqual(['x0', 'x1']);
    const names = ['a', 'b'];
    const out = s.featureNamesOut(names);
    expect(out).toEqual(['a', 'b']);
    expect(out).not.toBe(names);
    for (const bad of [['a'], ['a', 'b', 'c'], ['a', 2], 'ab']) {
      expect(() => s.featureNamesOut(bad as string[])).toThrow(InputError);
      expect(() => s.featureNamesOut(bad as string[])).toThrow(/^Argument 'names' passed to 'StandardScaler\.featureNamesOut' must be 2 strings \(one per feature seen in fit\), but got /);
    }
  });
  it('OneHotEncoder names each category column name_code, others unchanged', () => {
    const enc = new OneHotEncoder({ columns: [0, 2] }).fit([
      [0, 5, 2],
      [1, 6, 0],
      [0, 7, NaN],
    ]);
    expect(enc.featureNamesOut(['c', 'n', 'd'])).toEqual(['c_0', 'c_1', 'n', 'd_0', 'd_2']);
    expect(enc.categories).toEqual([[0, 1], [0, 2]]);
    expect(new OneHotEncoder().fit([[1, 0], [0, 3]]).featureNamesOut()).toEqual(['x0_0', 'x0_1', 'x1_0', 'x1_3']);
    expect(() => new OneHotEncoder({ columns: [0] }).fit([[-1]])).toThrow(/but X\[0\]\[0\] is -1\.$/);
  });
});

describe('fitted statistics at their edges (scikit-learn 1.2.1)', () => {
  it('StandardScaler: withStd false keeps scale 1; a near-constant column (within rounding) gets scale 1', () => {
    const X = [[1, 0.1], [2, 0.1], [4, 0.1 + 1e-17]];
    const s = new StandardScaler().fit(X);
    expect(s.scale[1]).toBe(1);
    expect(s.mean[0]).toBeCloseTo(7 / 3, 15);
    // StandardScaler().fit([[1],[2],[4]]).scale_ = [1.24721913]
    expect(s.scale[0]).toBeCloseTo(1.247219128924647, 14);
    const noStd = new StandardScaler({ withStd: false }).fit(X);
    expect(Array.from(noStd.scale)).toEqual([1, 1]);
    expect(noStd.transform([[2, 0.1]]).get(0, 0)).toBeCloseTo(2 - 7 / 3, 15);
    // A column varying only far below its magnitude is still not constant: 1e8 + 1, 1e8 + 2.
    expect(new StandardScaler().fit([[1e8 + 1], [1e8 + 2]]).scale[0]).toBe(0.5);
  });
  it('MinMaxScaler: a constant column maps to the low end; clip caps both ends', () => {
    const m = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[5, 0], [5, 10]]);
    expect(m.transform([[5, 5]]).toArray()).toEqual([[-1, 0]]);
    const c = new MinMaxScaler({ clip: true }).fit([[0], [10]]);
    expect(c.transform([[-5], [15], [5]]).toArray()).toEqual([[0], [1], [0.5]]);
    expect(new MinMaxScaler().fit([[0], [10]]).transform([[15]]).toArray()).toEqual([[1.5]]);
  });
  it('SimpleImputer: median of an even count, most frequent on a tie takes the smallest, constant needs no data', () => {
    expect(Array.from(new SimpleImputer({ strategy: 'median' }).fit([[4], [1], [NaN], [3], [10]]).statistics)).toEqual([3.5]);
    expect(Array.from(new SimpleImputer({ strategy: 'mostFrequent' }).fit([[3], [1], [3], [1], [2]]).statistics)).toEqual([1]);
    expect(Array.from(new SimpleImputer({ strategy: 'mostFrequent' }).fit([[3], [1], [3], [2]]).statistics)).toEqual([3]);
    const k = new SimpleImputer({ strategy: 'constant', fillValue: -7 }).fit([[NaN, 1], [NaN, 2]]);
    expect(k.transform([[NaN, NaN]]).toArray()).toEqual([[-7, -7]]);
    expect(() => new SimpleImputer({ strategy: 'mostFrequent' }).fit([[NaN]])).toThrow(
      /^Column 0 of argument 'X' passed to 'SimpleImputer\.fit' has no observed values \(all NaN\), so its most frequent value cannot be computed\. Drop the column, or use strategy 'constant'\.$/,
    );
    expect(() => new StandardScaler().fit([[1, NaN]])).toThrow(/^Column 1 of argument 'X' passed to 'StandardScaler\.fit' has no observed values \(all NaN\), so its mean cannot be computed\. Impute it first/);
    expect(() => new MinMaxScaler().fit([[NaN]])).toThrow(/so its range cannot be computed/);
  });
});

describe('Pipeline: parameter checks and JSON restore, each rejection named', () => {
  const reg = () => new DummyRegressor();
  it('the model must have fit, predict and toJSON; steps must be an array of transformers', () => {
    const partial = { fit() {}, predict() {}, toJSON() {} };
    for (const model of [null, 5, { ...partial, fit: 1 }, { ...partial, predict: 1 }, { ...partial, toJSON: 1 }]) {
      expect(() => new Pipeline({ model: model as never })).toThrow(ParameterError);
      expect(() => new Pipeline({ model: model as never })).toThrow(/^The 'model' parameter of Pipeline must be a model \(with fit, predict and toJSON\)\. Got .* instead\.$/);
    }
    expect(() => new Pipeline(undefined as never)).toThrow(/^The 'model' parameter of Pipeline must be a model/);
    expect(() => new Pipeline({ steps: 'x' as never, model: reg() })).toThrow(/^The 'steps' parameter of Pipeline must be an array of transformers\. Got 'x' instead\.$/);
    const t = { fitTransform() {}, transform() {}, toJSON() {} };
    for (const step of [null, 3, { ...t, fitTransform: 1 }, { ...t, transform: 1 }, { ...t, toJSON: 1 }]) {
      expect(() => new Pipeline({ steps: [new StandardScaler(), step as never], model: reg() })).toThrow(
        /^The 'steps' parameter of Pipeline must hold transformers \(with fitTransform, transform and toJSON\), but step 1 is .*\.$/,
      );
    }
    const p = new Pipeline({ model: reg() });
    expect(p.params.steps).toEqual([]);
    expect(p.getParams().model).toBe(p.params.model);
  });
  it('fromJSON: format, model name, version and state', async () => {
    const pipe = await new Pipeline({ steps: [new StandardScaler()], model: reg() }).fit([[1], [3]], [1, 2]);
    const json = pipe.toJSON();
    expect(json.version).toBe(1);
    const wrong = /^Argument 'json' passed to 'Pipeline\.fromJSON' must be a Pipeline model JSON \(format 'mlcompare-model', model 'Pipeline'\), but got /;
    for (const bad of [null, 7, { ...json, format: 'x' }, { ...json, model: 'DummyRegressor' }]) {
      expect(() => Pipeline.fromJSON(bad, dummyModels)).toThrow(SerializationError);
      expect(() => Pipeline.fromJSON(bad, dummyModels)).toThrow(wrong);
    }
    expect(() => Pipeline.fromJSON('{', dummyModels)).toThrow(/^Argument 'json' passed to 'Pipeline\.fromJSON' is not valid JSON: /);
    expect(() => Pipeline.fromJSON({ ...json, version: 2 }, dummyModels)).toThrow(/^Argument 'json' passed to 'Pipeline\.fromJSON' has state version 2; this version of mlcompare reads version 1\.$/);
    const badState = /^Invalid Pipeline JSON: 'state' must hold 'steps' \(transformer JSONs\) and 'model' \(a model JSON\)\.$/;
    const st = json.state as { steps: unknown[]; model: unknown };
    for (const state of [null, 'x', { ...st, steps: 'x' }, { ...st, model: null }, { ...st, model: 'x' }]) {
      expect(() => Pipeline.fromJSON({ ...json, state }, dummyModels)).toThrow(badState);
    }
    // Unfitted steps make an unfitted pipeline even if the model is fitted.
    const unfittedStep = Pipeline.fromJSON({ ...json, state: { ...st, steps: [new StandardScaler().toJSON()] } }, dummyModels);
    expect(unfittedStep.isFitted).toBe(false);
  });
  it('a pipeline inside a pipeline round-trips', async () => {
    const inner = new Pipeline({ steps: [new MinMaxScaler()], model: reg() });
    const outer = await new Pipeline({ steps: [new SimpleImputer()], model: inner }).fit([[1], [NaN], [3]], [1, 2, 6]);
    const back = Pipeline.fromJSON(JSON.parse(JSON.stringify(outer.toJSON())), dummyModels);
    expect(back.isFitted).toBe(true);
    expect(await back.predict([[NaN], [5]])).toEqual(await outer.predict([[NaN], [5]]));
    expect(back.params.model).toBeInstanceOf(Pipeline);
  });
});

describe('getters: not fitted, then copies', () => {
  it('each getter names itself before fit and returns a copy after', () => {
    const cases: [() => unknown, string, string][] = [
      [() => new StandardScaler().nFeaturesIn, 'StandardScaler', 'nFeaturesIn'],
      [() => new StandardScaler().mean, 'StandardScaler', 'mean'],
      [() => new StandardScaler().scale, 'StandardScaler', 'scale'],
      [() => new SimpleImputer().statistics, 'SimpleImputer', 'statistics'],
      [() => new OneHotEncoder().categories, 'OneHotEncoder', 'categories'],
      [() => new StandardScaler().featureNamesOut(), 'StandardScaler', 'featureNamesOut'],
    ];
    for (const [get, name, what] of cases) expect(get).toThrow(new RegExp(`^This ${name} instance is not fitted yet\\. Call 'fit' before '${what}'\\.`));
    const s = new StandardScaler().fit([[1, 2], [3, 2]]);
    expect(s.nFeaturesIn).toBe(2);
    s.mean[0] = 99;
    s.scale[0] = 99;
    expect(s.mean[0]).toBe(2);
    expect(s.scale[0]).toBe(1);
    const imp = new SimpleImputer().fit([[1], [3]]);
    imp.statistics[0] = 99;
    expect(imp.statistics[0]).toBe(2);
    const enc = new OneHotEncoder().fit([[1], [0]]);
    enc.categories[0]!.push(5);
    expect(enc.categories).toEqual([[0, 1]]);
  });
  it("SimpleImputer's fillValue must be finite", () => {
    expect(() => new SimpleImputer({ strategy: 'constant', fillValue: Infinity })).toThrow(/^The 'fillValue' parameter of SimpleImputer must be a number in \(-Infinity, Infinity\)\. Got Infinity instead\.$/);
  });
  it('Pipeline.fit names itself; getParams copies the step list', async () => {
    const p = new Pipeline({ steps: [new StandardScaler()], model: new DummyRegressor() });
    await expect(p.fit([[1], [2]], [1, 2, 3])).rejects.toThrow(/^Found X and y with inconsistent numbers of samples: \[2, 3\] \(in 'Pipeline\.fit'\)\.$/);
    await expect(p.fit([[1], [Infinity]], [1, 2])).rejects.toThrow(/passed to 'Pipeline\.fit'/);
    expect(p.getParams().steps).not.toBe(p.params.steps);
    expect(p.getParams().steps).toEqual(p.params.steps);
    await p.fit([[1], [3]], [1, 3]);
    await expect(p.predict([[1, 2]])).rejects.toThrow(/must have 1 features \(as in fit\), but got 2/);
    await expect(p.score([[Infinity]], [1])).rejects.toThrow(/passed to 'Pipeline\.score'/);
  });
});
