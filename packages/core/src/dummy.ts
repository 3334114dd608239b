/**
 * Baselines: the row every comparison needs. As scikit-learn's DummyClassifier / DummyRegressor.
 */
import { ParameterError } from './errors.js';
import { Matrix } from './matrix.js';
import { BaseClassifier, BaseRegressor, restoreModel } from './model.js';
import { StateReader, readNumber, stateError, type ClassifierStateContext, type StateContext } from './model-json.js';
import { float, oneOf, seedParam, union, nullValue, type ParamSpecs, type ParamsOf } from './params.js';
import { modelSpec, type ModelSpec } from './registry.js';
import { Rng, deriveSeed } from './rng.js';

const classifierSpec = {
  strategy: oneOf(['prior', 'mostFrequent', 'stratified', 'uniform'] as const, {
    default: 'prior',
    doc: "'prior' and 'mostFrequent' predict the most frequent class ('prior' gives the class priors as probabilities); 'stratified' draws labels from the training distribution; 'uniform' draws them uniformly.",
  }),
  seed: seedParam(),
} satisfies ParamSpecs;

/** Parameters of {@link DummyClassifier}. @useDeclaredType */
export type DummyClassifierParams = ParamsOf<typeof classifierSpec>;

interface DummyClassifierState {
  prior: Float64Array;
}

/** Hash of a row's values, so a random baseline gives a row the same draw alone or in a batch. */
function rowSeed(seed: number, row: Float64Array): number {
  const parts: number[] = [];
  for (let j = 0; j < row.length; j++) parts.push(row[j]!);
  return deriveSeed(seed, ...parts);
}

/**
 * A classifier that ignores the features: the baseline any real model must beat.
 *
 * @example
 * ```ts
 * const m = await new DummyClassifier({ strategy: 'mostFrequent' }).fit([[0], [1], [2]], ['a', 'b', 'b']);
 * await m.predict([[5]]); // ['b']
 * ```
 */
export class DummyClassifier extends BaseClassifier<typeof classifierSpec, DummyClassifierState> {
  static readonly modelName = 'DummyClassifier';
  static readonly stateVersion = 1;
  static readonly paramSpec = classifierSpec;
  protected override readonly minClasses = 1;

  /** @param params - see {@link DummyClassifierParams}. */
  constructor(params: Partial<DummyClassifierParams> = {}) {
    super(DummyClassifier.modelName, classifierSpec, params);
  }

  /** Rebuilds a model written by `toJSON`. */
  static fromJSON(json: unknown): DummyClassifier {
    return restoreModel(DummyClassifier, json);
  }

  /** Features are ignored, so missing values are fine. */
  protected override get allowsNaN(): boolean {
    return true;
  }

  protected fitEncoded(_X: Matrix, y: Int32Array, nClasses: number): DummyClassifierState {
    const prior = new Float64Array(nClasses);
    for (const c of y) prior[c]! += 1;
    for (let k = 0; k < nClasses; k++) prior[k]! /= y.length;
    return { prior };
  }

  #mostFrequent(prior: Float64Array): number {
    let best = 0;
    for (let k = 1; k < prior.length; k++) if (prior[k]! > prior[best]!) best = k;
    return best;
  }

  #draw(X: Matrix, prior: Float64Array, i: number): number {
    const rng = new Rng(rowSeed(this.params.seed, X.row(i)));
    if (this.params.strategy === 'uniform') return rng.int(prior.length);
    const u = rng.random();
    let acc = 0;
    for (let k = 0; k < prior.length; k++) {
      acc += prior[k]!;
      if (u < acc) return k;
    }
    return prior.length - 1;
  }

  protected override async predictEncoded(X: Matrix, s: DummyClassifierState): Promise<Int32Array> {
    const out = new Int32Array(X.rows);
    const strategy = this.params.strategy;
    const mf = this.#mostFrequent(s.prior);
    for (let i = 0; i < X.rows; i++) out[i] = strategy === 'prior' || strategy === 'mostFrequent' ? mf : this.#draw(X, s.prior, i);
    return out;
  }

  protected override predictProbaEncoded(X: Matrix, s: DummyClassifierState): Matrix {
    const k = s.prior.length;
    const P = Matrix.zeros(X.rows, k);
    const strategy = this.params.strategy;
    const mf = this.#mostFrequent(s.prior);
    for (let i = 0; i < X.rows; i++) {
      if (strategy === 'prior') P.data.set(s.prior, i * k);
      else if (strategy === 'uniform') P.data.fill(1 / k, i * k, (i + 1) * k);
      else if (strategy === 'mostFrequent') P.data[i * k + mf] = 1;
      else P.data[i * k + this.#draw(X, s.prior, i)] = 1;
    }
    return P;
  }

  protected serializeState(s: DummyClassifierState): unknown {
    return { prior: Array.from(s.prior) };
  }

  /** `prior`: one share in (0, 1] per class (every class was seen in fit), summing to 1. */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): DummyClassifierState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const k = ctx.nClasses;
    const prior = r.float64('prior', { length: k, min: 0, minExclusive: true, max: 1, why: `one per class: state.classes has ${k}` });
    r.done();
    let sum = 0;
    for (const p of prior) sum += p;
    if (Math.abs(sum - 1) > 1e-9) throw stateError(ctx.owner, r.at('prior'), 'class shares that sum to 1', `shares that sum to ${sum}`);
    return { prior };
  }
}

const regressorSpec = {
  strategy: oneOf(['mean', 'median', 'quantile', 'constant'] as const, {
    default: 'mean',
    doc: "Predict the training mean, median, a quantile ('quantile'), or a given constant ('constant').",
  }),
  quantile: union<number | null>([nullValue(), float({ default: 0.5, min: 0, max: 1, doc: '' })], {
    default: null,
    doc: "The quantile in [0, 1] predicted with strategy 'quantile'.",
  }),
  constant: union<number | null>([nullValue(), float({ default: 0, doc: '' })], {
    default: null,
    doc: "The value predicted with strategy 'constant'.",
  }),
} satisfies ParamSpecs;

/** Parameters of {@link DummyRegressor}. @useDeclaredType */
export type DummyRegressorParams = ParamsOf<typeof regressorSpec>;

/** numpy's default (linear) percentile of sorted values. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * A regressor that ignores the features and predicts one number.
 *
 * @example
 * ```ts
 * const m = await new DummyRegressor({ strategy: 'median' }).fit([[0], [1], [2]], [1, 2, 10]);
 * await m.predict([[7]]); // [2]
 * ```
 */
export class DummyRegressor extends BaseRegressor<typeof regressorSpec, number> {
  static readonly modelName = 'DummyRegressor';
  static readonly stateVersion = 1;
  static readonly paramSpec = regressorSpec;

  /** @param params - see {@link DummyRegressorParams}. */
  constructor(params: Partial<DummyRegressorParams> = {}) {
    super(DummyRegressor.modelName, regressorSpec, params);
    const p = this.params;
    if (p.strategy === 'quantile' && p.quantile === null) {
      throw new ParameterError(`The 'quantile' parameter of DummyRegressor must be a number in [0, 1] when strategy is 'quantile'. Got null instead.`);
    }
    if (p.strategy === 'constant' && p.constant === null) {
      throw new ParameterError(`The 'constant' parameter of DummyRegressor must be a number when strategy is 'constant'. Got null instead.`);
    }
  }

  /** Features are ignored, so missing values are fine. */
  protected override get allowsNaN(): boolean {
    return true;
  }

  /** Rebuilds a model written by `toJSON`. */
  static fromJSON(json: unknown): DummyRegressor {
    return restoreModel(DummyRegressor, json);
  }

  protected fitTarget(_X: Matrix, y: Float64Array): number {
    const p = this.params;
    if (p.strategy === 'mean') {
      let s = 0;
      for (const v of y) s += v;
      return s / y.length;
    }
    if (p.strategy === 'constant') return p.constant as number;
    const sorted = Float64Array.from(y).sort();
    return quantileSorted(sorted, p.strategy === 'median' ? 0.5 : (p.quantile as number));
  }

  protected predictValues(X: Matrix, value: number): Float64Array {
    return new Float64Array(X.rows).fill(value);
  }

  protected serializeState(value: number): unknown {
    return value;
  }

  /** The predicted value: a finite number; with strategy 'constant', the `constant` parameter itself. */
  protected deserializeState(raw: unknown, ctx: StateContext): number {
    const v = readNumber(ctx.owner, ctx.path, raw);
    const p = this.params;
    if (p.strategy === 'constant' && v !== p.constant) {
      throw stateError(ctx.owner, ctx.path, `${String(p.constant)} (strategy 'constant' predicts params.constant)`, String(v));
    }
    return v;
  }
}

/** Registry entries of the baselines. */
export const dummyModels: ModelSpec[] = [
  modelSpec(DummyClassifier, {
    name: 'dummy',
    packageName: '@mlcompare/core',
    description: 'Baseline that ignores the features (predicts the most frequent class by default).',
    capabilities: { probabilities: true, needsScaling: false, handlesMissing: true, randomized: false, multiclass: true },
    // A baseline: nothing to tune.
    defaultSpace: {},
  }),
  modelSpec(DummyRegressor, {
    name: 'dummy',
    packageName: '@mlcompare/core',
    description: 'Baseline that ignores the features (predicts the training mean by default).',
    capabilities: { probabilities: false, needsScaling: false, handlesMissing: true, randomized: false },
    defaultSpace: {},
  }),
];
