/**
 * The `Model` contract every mlcompare model honours, and the base classes that implement
 * the boundary work once: parameter validation, input conversion, label encoding, the fitted
 * check, JSON round trips, `clone` and `dispose`.
 */
import { FitError, InputError, MlcompareError, NotFittedError, ParameterError, SerializationError, formatValue } from './errors.js';
import {
  Matrix,
  checkConsistentLength,
  decodeLabels,
  encodeLabels,
  toLabels,
  toMatrix,
  toTarget,
  type Labels,
  type LabelsLike,
  type MatrixLike,
} from './matrix.js';
import type { Convergence } from './convergence.js';
import { r2Score } from './metrics.js';
import { StateReader, describeJsonValue, type TrainingHistory, readClasses, readFloat64Array, stateError, type ClassifierStateContext, type StateContext } from './model-json.js';
import { resolveParams, type ParamSpecs, type ParamsOf } from './params.js';
import { closestName } from './suggest.js';

/** What a model predicts. */
export type Task = 'classification' | 'regression';
export type { TrainingHistory } from './model-json.js';

/** The serialised form of a model: tagged and versioned. */
export interface ModelJSON {
  format: 'mlcompare-model';
  /** Class name, e.g. `KNNClassifier`. */
  model: string;
  /** Version of the state layout of that class. */
  version: number;
  params: Record<string, unknown>;
  /** Learned state; null for an unfitted model. */
  state: unknown;
}

/** The contract shared by classifiers and regressors. */
export interface Model<P extends object = Record<string, unknown>> {
  /** Class name, e.g. `KNNClassifier`. */
  readonly modelName: string;
  readonly task: Task;
  /** Parameters with defaults merged, validated, read-only. */
  readonly params: Readonly<P>;
  /** True after a successful `fit`. */
  readonly isFitted: boolean;
  /**
   * What ran the model's arithmetic, as it actually happened on this host: for most models the
   * last fit; for a model that works when predicting (k-NN) the last prediction; for a network,
   * the backend it last ran on. Values: `'js'` (JavaScript), `'wasm-simd'` (mlcompare's
   * WebAssembly SIMD kernels; `'js'` when their JavaScript fallback ran), `'wasm'` (libsvm-js),
   * `'tensorflow'`, `'cpu'` (TensorFlow.js backends), …
   */
  readonly backend: string;
  /** Training history, for iterative models (undefined otherwise). */
  readonly history: TrainingHistory | undefined;
  /**
   * Warnings about how the model ran that a result should carry (a network read from JSON that
   * ran on another backend than it was fitted on); empty when there are none. Optional, so that
   * a model written against an older contract still type-checks.
   */
  readonly notes?: readonly string[];
  /**
   * How the last fit's iterative solver ended (stopped at its iteration limit or not); undefined
   * for a model without such a limit, or before `fit`. Optional, so that a model written against
   * an older contract still type-checks.
   */
  readonly convergence?: Convergence | undefined;
  /** Learns from `X` and `y`, replacing all learned state; resolves to the model itself. */
  fit(X: MatrixLike, y: LabelsLike): Promise<this>;
  /** Predictions for the rows of `X`: class labels (classifiers) or numbers (regressors). */
  predict(X: MatrixLike): Promise<Labels | number[]>;
  /** Mean accuracy (classifiers) or R² (regressors, as {@link r2Score}) on the given data. */
  score(X: MatrixLike, y: LabelsLike): Promise<number>;
  /** A copy of the parameters. */
  getParams(): P;
  /** A new, unfitted model with the same parameters. */
  clone(): Model<P>;
  /** Parameters and learned state as plain JSON; the class's static `fromJSON` rebuilds the model. */
  toJSON(): ModelJSON;
  /**
   * Releases what the model holds (WASM heap, tensors); the model is unfitted afterwards. A
   * prediction already running finishes first (its memory is freed when it ends); a fit already
   * running is cancelled and rejects with a `FitError`.
   */
  dispose(): void;
}

/** A model that predicts class labels. */
export interface Classifier<P extends object = Record<string, unknown>> extends Model<P> {
  readonly task: 'classification';
  /** The classes seen in `fit`, sorted; the column order of `predictProba`. */
  readonly classes: Labels;
  /** True when `predictProba` is available with the current parameters. */
  readonly supportsProba: boolean;
  /** The predicted class of each row of `X`, one of `classes`. */
  predict(X: MatrixLike): Promise<Labels>;
  /** Class probabilities, one row per sample, columns in `classes` order. */
  predictProba(X: MatrixLike): Promise<number[][]>;
}

/** A model that predicts numbers. */
export interface Regressor<P extends object = Record<string, unknown>> extends Model<P> {
  readonly task: 'regression';
  /** The predicted value of each row of `X`. */
  predict(X: MatrixLike): Promise<number[]>;
}

/**
 * True when `m` is a classifier (narrows its type).
 * @param m - a model.
 * @returns whether `m.task` is `'classification'`.
 * @example
 * ```ts
 * isClassifier(new DummyClassifier()); // true
 * ```
 */
export function isClassifier(m: Model<any>): m is Classifier<any> {
  return m.task === 'classification';
}

/** Static side of a model class: what `restoreModel` and the registry need. */
export interface ModelClass<M> {
  new (params?: any): M;
  readonly modelName: string;
  readonly stateVersion: number;
  /** The parameter declarations; `restoreModel` checks a file's `params` against them (every model made with `modelSpec` has them). */
  readonly paramSpec?: ParamSpecs;
}

/** What every fitted model holds: the model's own learned state and the number of features seen in `fit`. */
export interface FittedCommon<St> {
  /** The subclass's learned state. */
  inner: St;
  /** Number of features seen in `fit`. */
  nFeatures: number;
}

/**
 * Base of every model: parameters, fitted state, JSON, clone, dispose.
 * Subclasses provide `serializeState`/`deserializeState` and, if they hold external memory,
 * `releaseState`.
 */
export abstract class BaseModel<S extends ParamSpecs, St, F extends FittedCommon<St> = FittedCommon<St>> {
  abstract readonly task: Task;
  readonly params: Readonly<ParamsOf<S>>;
  #fitted: F | undefined;
  #fitting = false;
  /** Counts `dispose()` calls, so that a fit running across one knows to discard its result. */
  #disposals = 0;
  /** Predictions running now (they hold the fitted state they started with). */
  #inFlight = 0;
  /** States released while predictions ran: freed when the last of them ends. */
  #pendingRelease: St[] = [];

  /**
   * @param modelName - class name, for messages and JSON.
   * @param paramSpec - the parameter declarations.
   * @param params - user parameters (merged with defaults and validated here; no data work).
   */
  protected constructor(
    readonly modelName: string,
    readonly paramSpec: S,
    params?: Partial<ParamsOf<S>>,
  ) {
    this.params = Object.freeze(resolveParams(modelName, paramSpec, params));
  }

  get isFitted(): boolean {
    return this.#fitted !== undefined;
  }

  get backend(): string {
    return 'js';
  }

  get history(): TrainingHistory | undefined {
    return undefined;
  }

  /** Warnings about how the model ran (see {@link Model.notes}); none by default. */
  get notes(): readonly string[] {
    return [];
  }

  /** How the last fit's solver ended (see {@link Model.convergence}); undefined by default. */
  get convergence(): Convergence | undefined {
    return undefined;
  }

  /** Number of features seen in `fit`. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeatures;
  }

  /**
   * The parameters, copied (arrays too): passing them to the constructor gives the same model.
   * @returns every parameter, defaults included.
   */
  getParams(): ParamsOf<S> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.params)) out[k] = Array.isArray(v) ? [...v] : v;
    return out as ParamsOf<S>;
  }

  /**
   * A new, unfitted model of the same class with the same parameters (scikit-learn's `clone`).
   * @returns the new model.
   */
  clone(): this {
    const Ctor = this.constructor as new (p: ParamsOf<S>) => this;
    return new Ctor(this.getParams());
  }

  /**
   * Frees the learned state; the model is unfitted from this call on (a later `predict` gets a
   * {@link NotFittedError}, a later `fit` fits it again). A prediction already running finishes
   * with the state it started with, whose memory is freed when it ends; a `fit` already running
   * is cancelled: its result is freed and it rejects with a {@link FitError}.
   */
  dispose(): void {
    this.#disposals++;
    const f = this.#fitted;
    this.#fitted = undefined;
    if (f) this.#release(f.inner);
  }

  /** Releases a state now, or when the running predictions end. */
  #release(state: St): void {
    if (this.#inFlight > 0) this.#pendingRelease.push(state);
    else this.releaseState(state);
  }

  /**
   * Runs a prediction on the fitted state: `dispose()` or a refit meanwhile defers freeing that
   * state until every running prediction has ended.
   */
  protected async runPredict<T>(work: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await work();
    } finally {
      if (--this.#inFlight === 0) for (const st of this.#pendingRelease.splice(0)) this.releaseState(st);
    }
  }

  /**
   * The model as JSON: the format tag, the class name, the state version, the parameters and the
   * learned state (`null` before `fit`). `JSON.stringify(model)` calls it.
   * @returns the {@link ModelJSON}; the class's static `fromJSON` (or {@link restoreModel}) rebuilds the model from it.
   */
  toJSON(): ModelJSON {
    const Ctor = this.constructor as unknown as ModelClass<unknown>;
    return {
      format: 'mlcompare-model',
      model: this.modelName,
      version: Ctor.stateVersion ?? 1,
      params: this.getParams(),
      state: this.#fitted ? this.serializeFitted(this.#fitted) : null,
    };
  }

  /** @internal Restores fitted state from JSON (used by `restoreModel`); null leaves the model unfitted. */
  restoreState(raw: unknown): void {
    if (raw === null) return;
    this.#fitted = this.deserializeFitted(raw);
  }

  /** The fitted state; throws {@link NotFittedError} before `fit`. */
  protected fitted(method = 'predict'): F {
    if (!this.#fitted) throw new NotFittedError(this.modelName, method);
    return this.#fitted;
  }

  /**
   * Runs a fit: refuses concurrent fits, releases the old state, stores the new one whole.
   * @throws {@link FitError} when `dispose()` was called while it ran (the new state is freed;
   *   the model stays unfitted).
   */
  protected async runFit(make: () => Promise<F> | F): Promise<this> {
    if (this.#fitting) {
      throw new InputError(`Cannot start '${this.modelName}.fit' because another fit() call on this instance is ongoing.`);
    }
    this.#fitting = true;
    const disposals = this.#disposals;
    try {
      const next = await make();
      if (this.#disposals !== disposals) {
        this.#release(next.inner);
        throw new FitError(`${this.modelName}.fit was cancelled: dispose() was called while it ran, so the model stays unfitted (the state it learned was freed). Fit it again to use it.`);
      }
      const old = this.#fitted;
      this.#fitted = next;
      if (old) this.#release(old.inner);
    } finally {
      this.#fitting = false;
    }
    return this;
  }

  /** Converts and checks X for prediction: finite, same number of features as in fit. */
  protected checkPredictX(X: MatrixLike, method: string, allowNaN = false): { Xm: Matrix; f: F } {
    const f = this.fitted(method);
    const Xm = toMatrix(X, 'X', `${this.modelName}.${method}`, { allowNaN });
    if (Xm.cols !== f.nFeatures) {
      throw new InputError(
        `Argument 'X' passed to '${this.modelName}.${method}' must have ${f.nFeatures} features (as in fit), but got ${Xm.cols}.`,
      );
    }
    return { Xm, f };
  }

  /** Whether `fit` and `predict` accept NaN (models that handle missing values override). */
  protected get allowsNaN(): boolean {
    return false;
  }

  protected abstract serializeFitted(f: F): unknown;
  protected abstract deserializeFitted(raw: unknown): F;

  /** Frees memory held outside the JS heap (WASM, tensors); called on refit and dispose. */
  protected releaseState(_state: St): void {}
}

/** Fitted state of a classifier: the subclass's state plus the classes. */
export interface ClassifierFitted<St> extends FittedCommon<St> {
  classes: Labels;
}

/**
 * Base of every classifier. Subclasses implement `fitEncoded` (labels arrive as codes
 * 0..k-1 into the sorted `classes`) and `predictProbaEncoded` and/or `predictEncoded`.
 */
export abstract class BaseClassifier<S extends ParamSpecs, St> extends BaseModel<S, St, ClassifierFitted<St>> {
  readonly task = 'classification' as const;
  /** Fewest classes `fit` accepts (2; the dummy classifier allows 1). */
  protected readonly minClasses: number = 2;

  get classes(): Labels {
    return [...this.fitted('classes').classes] as Labels;
  }

  /** True when `predictProba` is available with these parameters. */
  get supportsProba(): boolean {
    return true;
  }

  /**
   * Learns from `X` and `y`, replacing anything learned before.
   * @param X - the training rows: a 2-D array or {@link Matrix} of finite numbers (NaN allowed only by models that handle missing values).
   * @param y - one class label (string or number) per row, with at least two classes.
   * @returns the model itself, fitted.
   * @throws {@link @mlcompare/core!InputError | InputError} when `X` is not 2-D finite numbers, `X` and `y` differ in length, `y` has too few classes, or another `fit` of this instance is running.
   */
  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const caller = `${this.modelName}.fit`;
    const Xm = toMatrix(X, 'X', caller, { allowNaN: this.allowsNaN });
    const labels = toLabels(y, 'y', caller);
    checkConsistentLength(Xm.rows, labels.length, caller);
    const { classes, codes } = encodeLabels(labels);
    if (classes.length < this.minClasses) {
      throw new InputError(
        `Argument 'y' passed to '${caller}' must contain at least ${this.minClasses} classes, but got only ${formatValue(classes)}.`,
      );
    }
    return this.runFit(async () => ({
      inner: await this.fitEncoded(Xm, codes, classes.length),
      nFeatures: Xm.cols,
      classes,
    }));
  }

  /**
   * The predicted class of each row.
   * @param X - rows with as many features as in `fit`.
   * @returns one label per row, from `classes`.
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for rows that are not finite numbers or have another number of features.
   */
  async predict(X: MatrixLike): Promise<Labels> {
    const { Xm, f } = this.checkPredictX(X, 'predict', this.allowsNaN);
    return this.runPredict(async () => decodeLabels(await this.predictEncoded(Xm, f.inner), f.classes));
  }

  /**
   * Class probabilities.
   * @param X - rows with as many features as in `fit`.
   * @returns one row per sample, one column per class in `classes` order; each row sums to 1.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} when these parameters give no probabilities (`supportsProba` is false); {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for bad rows.
   */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    if (!this.supportsProba) throw new ParameterError(this.probaUnavailableMessage());
    const { Xm, f } = this.checkPredictX(X, 'predictProba', this.allowsNaN);
    return this.runPredict(async () => (await this.predictProbaEncoded(Xm, f.inner)).toArray());
  }

  /**
   * Mean accuracy on the given data.
   * @param X - rows with as many features as in `fit`.
   * @param y - their true labels.
   * @returns the share of rows predicted right, in [0, 1].
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for bad rows or when `X` and `y` differ in length.
   */
  async score(X: MatrixLike, y: LabelsLike): Promise<number> {
    const pred = await this.predict(X);
    const truth = toLabels(y, 'y', `${this.modelName}.score`);
    checkConsistentLength(pred.length, truth.length, `${this.modelName}.score`);
    let ok = 0;
    for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) ok++;
    return ok / truth.length;
  }

  /** Message when `predictProba` is unavailable (override to say which parameter enables it). */
  protected probaUnavailableMessage(): string {
    return `${this.modelName}.predictProba is not available for this model.`;
  }

  protected abstract fitEncoded(X: Matrix, y: Int32Array, nClasses: number): Promise<St> | St;

  /** Class probabilities as an n × k matrix (columns in class order). */
  protected predictProbaEncoded(_X: Matrix, _state: St): Promise<Matrix> | Matrix {
    throw new ParameterError(this.probaUnavailableMessage());
  }

  /** Predicted class codes; by default the arg-max of the probabilities (first maximum wins). */
  protected async predictEncoded(X: Matrix, state: St): Promise<Int32Array> {
    return argmaxRows(await this.predictProbaEncoded(X, state));
  }

  protected serializeFitted(f: ClassifierFitted<St>): unknown {
    return { classes: f.classes, nFeatures: f.nFeatures, model: this.serializeState(f.inner) };
  }

  /**
   * Reads `state`: `classes` (sorted distinct labels of one kind, at least `minClasses`),
   * `nFeatures` (a positive integer) and `model`, which {@link deserializeState} reads knowing both.
   * @throws {@link SerializationError} naming the field that breaks its rule.
   */
  protected deserializeFitted(raw: unknown): ClassifierFitted<St> {
    const r = StateReader.of(this.modelName, 'state', raw);
    const classes = readClasses(this.modelName, r.at('classes'), r.raw('classes'), this.minClasses);
    const nFeatures = r.number('nFeatures', { integer: true, min: 1, max: 2147483647 });
    const model = r.raw('model');
    r.done();
    return { classes, nFeatures, inner: this.deserializeState(model, { owner: this.modelName, path: r.at('model'), nFeatures, nClasses: classes.length }) };
  }

  protected abstract serializeState(state: St): unknown;
  /**
   * Reads the model's own state (`state.model`) and checks it against `ctx` (the number of
   * features and classes, already checked) and the parameters; throws {@link SerializationError}
   * naming the field (see {@link StateReader}).
   */
  protected abstract deserializeState(raw: unknown, ctx: ClassifierStateContext): St;
}

/** `Array.from(v)` for numbers, in a plain loop: several times faster than `Array.from` on a typed array in V8. */
function numberArray(v: ArrayLike<number>): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]!;
  return out;
}

/** Base of every regressor. Subclasses implement `fitTarget` and `predictValues`. */
export abstract class BaseRegressor<S extends ParamSpecs, St> extends BaseModel<S, St> {
  readonly task = 'regression' as const;

  /**
   * Learns from `X` and `y`, replacing anything learned before.
   * @param X - the training rows: a 2-D array or {@link Matrix} of finite numbers (NaN allowed only by models that handle missing values).
   * @param y - one finite number per row.
   * @returns the model itself, fitted.
   * @throws {@link @mlcompare/core!InputError | InputError} when `X` is not 2-D finite numbers, `y` is not finite numbers, they differ in length, or another `fit` of this instance is running.
   */
  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const caller = `${this.modelName}.fit`;
    const Xm = toMatrix(X, 'X', caller, { allowNaN: this.allowsNaN });
    const t = toTarget(y, 'y', caller);
    checkConsistentLength(Xm.rows, t.length, caller);
    return this.runFit(async () => ({ inner: await this.fitTarget(Xm, t), nFeatures: Xm.cols }));
  }

  /**
   * The predicted value of each row.
   * @param X - rows with as many features as in `fit`.
   * @returns one number per row.
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for rows that are not finite numbers or have another number of features.
   */
  async predict(X: MatrixLike): Promise<number[]> {
    const { Xm, f } = this.checkPredictX(X, 'predict', this.allowsNaN);
    return this.runPredict(async () => numberArray(await this.predictValues(Xm, f.inner)));
  }

  /**
   * The coefficient of determination R² on the given data (as {@link r2Score}).
   * @param X - rows with as many features as in `fit`.
   * @param y - their true values.
   * @returns R² (1 is perfect; it can be negative).
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for bad rows or when `X` and `y` differ in length.
   */
  async score(X: MatrixLike, y: LabelsLike): Promise<number> {
    const pred = await this.predict(X);
    const t = toTarget(y, 'y', `${this.modelName}.score`);
    checkConsistentLength(pred.length, t.length, `${this.modelName}.score`);
    return r2Score(t, pred);
  }

  protected abstract fitTarget(X: Matrix, y: Float64Array): Promise<St> | St;
  protected abstract predictValues(X: Matrix, state: St): Promise<ArrayLike<number>> | ArrayLike<number>;

  protected serializeFitted(f: FittedCommon<St>): unknown {
    return { nFeatures: f.nFeatures, model: this.serializeState(f.inner) };
  }

  /**
   * Reads `state`: `nFeatures` (a positive integer) and `model`, which {@link deserializeState}
   * reads knowing it.
   * @throws {@link SerializationError} naming the field that breaks its rule.
   */
  protected deserializeFitted(raw: unknown): FittedCommon<St> {
    const r = StateReader.of(this.modelName, 'state', raw);
    const nFeatures = r.number('nFeatures', { integer: true, min: 1, max: 2147483647 });
    const model = r.raw('model');
    r.done();
    return { nFeatures, inner: this.deserializeState(model, { owner: this.modelName, path: r.at('model'), nFeatures }) };
  }

  protected abstract serializeState(state: St): unknown;
  /**
   * Reads the model's own state (`state.model`) and checks it against `ctx` (the number of
   * features, already checked) and the parameters; throws {@link SerializationError} naming the
   * field (see {@link StateReader}).
   */
  protected abstract deserializeState(raw: unknown, ctx: StateContext): St;
}

/**
 * Index of the largest value in each row (the first one on ties, as numpy's argmax).
 * @param P - an n × k matrix (class probabilities or scores).
 * @returns n column indices.
 * @example
 * ```ts
 * argmaxRows(Matrix.fromRows([[0.2, 0.8], [0.5, 0.5]])); // Int32Array [1, 0]
 * ```
 */
export function argmaxRows(P: Matrix): Int32Array {
  const out = new Int32Array(P.rows);
  const k = P.cols;
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    let bv = P.data[i * k]!;
    for (let j = 1; j < k; j++) {
      const v = P.data[i * k + j]!;
      if (v > bv) {
        bv = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/**
 * Rebuilds a model from {@link ModelJSON}: checks the tag, the class and the version; checks that
 * `params` names every declared parameter (none is filled in with its default: a model file says
 * how the model was made) with a value its rule accepts, and constructs the model with them;
 * then restores the learned state, which the model checks against its parameters, its number of
 * features and its classes. Model files travel between machines and users: nothing in one is
 * trusted.
 * @param Ctor - the model class (its `modelName`, `stateVersion` and `paramSpec` are used).
 * @param json - a {@link ModelJSON} object, or its JSON text.
 * @returns the model, fitted when the JSON held learned state.
 * @throws {@link SerializationError} for anything that is not a faithful JSON of this class and
 *   version, naming the field (`params.nNeighbors`, `state.model.coef`), the rule and the value.
 * @example
 * ```ts
 * const m = await new DummyClassifier().fit([[0], [1]], ['a', 'b']);
 * const back = restoreModel(DummyClassifier, JSON.stringify(m)); // what DummyClassifier.fromJSON does
 * await back.predict([[0]]); // ['a']
 * ```
 */
export function restoreModel<
  M extends {
    /** Restores the learned state from its JSON. */
    restoreState(raw: unknown): void;
    /** The class's parameter declarations. */
    readonly paramSpec?: ParamSpecs;
  },
>(Ctor: ModelClass<M>, json: unknown): M {
  const owner = Ctor.modelName;
  const j = (typeof json === 'string' ? safeParse(json, owner) : json) as Partial<ModelJSON> | null;
  if (j === null || typeof j !== 'object' || Array.isArray(j) || j.format !== 'mlcompare-model') {
    throw new SerializationError(`Argument 'json' passed to '${owner}.fromJSON' must be an mlcompare model JSON (format 'mlcompare-model'), but got ${formatValue(json)}.`);
  }
  if (j.model !== owner) {
    throw new SerializationError(`Argument 'json' passed to '${owner}.fromJSON' holds a ${formatValue(j.model)} model, not a ${owner}.`);
  }
  if (j.version !== Ctor.stateVersion) {
    throw new SerializationError(
      `Argument 'json' passed to '${owner}.fromJSON' has state version ${formatValue(j.version)}; this version of mlcompare reads version ${Ctor.stateVersion}. Refit the model.`,
    );
  }
  const top = StateReader.of(owner, '', j);
  for (const key of ['format', 'model', 'version']) top.raw(key);
  const params = top.object('params');
  const given = params.raw.bind(params);
  const spec = Ctor.paramSpec;
  const checkParams = (declared: ParamSpecs): void => {
    for (const [name, decl] of Object.entries(declared)) {
      if (!params.has(name)) {
        throw stateError(owner, `params.${name}`, `present (a model file names every parameter: a missing one would silently take its default, ${formatValue(decl.default)})`, describeJsonValue(undefined));
      }
      const v = given(name);
      if (!decl.accepts(v)) throw stateError(owner, `params.${name}`, decl.rule, describeJsonValue(v));
    }
    for (const key of Object.keys(j.params as object)) {
      if (!Object.prototype.hasOwnProperty.call(declared, key)) {
        const near = closestName(key, Object.keys(declared));
        throw stateError(owner, 'params', `an object of ${owner}'s parameters only`, `an unknown parameter '${key}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`);
      }
    }
  };
  if (spec) checkParams(spec);
  const state = top.raw('state');
  top.done();
  if (state === undefined) throw stateError(owner, 'state', 'null (an unfitted model) or the learned state', describeJsonValue(state));
  let m: M;
  try {
    m = new Ctor(j.params);
  } catch (err) {
    if (!(err instanceof MlcompareError)) throw err;
    throw new SerializationError(`Invalid ${owner} JSON: 'params' must be parameters ${owner} accepts together, but its constructor refused them: ${err.message}`, { cause: err });
  }
  if (!spec && m.paramSpec) checkParams(m.paramSpec);
  try {
    m.restoreState(state);
  } catch (err) {
    if (err instanceof SerializationError) throw err;
    throw new SerializationError(`Invalid ${owner} JSON state: ${(err as Error).message}`, { cause: err });
  }
  return m;
}

function safeParse(text: string, owner: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SerializationError(`Argument 'json' passed to '${owner}.fromJSON' is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Reads a numeric array written to JSON as plain numbers (`Array.from(typedArray)`; doubles round-trip exactly).
 * Models check their state with {@link StateReader}, which also knows each array's length.
 * @param raw - the parsed JSON value.
 * @param what - its name in the state, for the message.
 * @returns the values.
 * @throws {@link SerializationError} when `raw` is not an array of finite numbers.
 * @example
 * ```ts
 * float64FromJSON([0.5, 2], 'coef'); // Float64Array [0.5, 2]
 * ```
 */
export function float64FromJSON(raw: unknown, what: string): Float64Array {
  return readFloat64Array('model', what, raw);
}

/**
 * Writes a matrix for JSON as `{ rows, cols, data }` (plain numbers; doubles round-trip exactly).
 * @param m - the matrix.
 * @returns a plain object; read it back with {@link matrixFromJSON}.
 * @example
 * ```ts
 * matrixToJSON(Matrix.fromRows([[1, 2]])); // { rows: 1, cols: 2, data: [1, 2] }
 * ```
 */
export function matrixToJSON(m: Matrix): { rows: number; cols: number; data: number[] } {
  return { rows: m.rows, cols: m.cols, data: Array.from(m.data) };
}

/**
 * Reads a matrix written by {@link matrixToJSON}.
 * @param raw - the parsed JSON value.
 * @param what - its name in the state, for the message.
 * @returns the matrix.
 * @throws {@link SerializationError} when `raw` is not `{ rows, cols, data }` with numbers.
 * @example
 * ```ts
 * matrixFromJSON({ rows: 1, cols: 2, data: [1, 2] }, 'weights').get(0, 1); // 2
 * ```
 */
export function matrixFromJSON(raw: unknown, what: string): Matrix {
  return StateReader.of('model', '', { [what]: raw }).matrix(what);
}
