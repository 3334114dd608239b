/**
 * Ordinary least squares, as scikit-learn's `LinearRegression`, with two engines for the exact
 * solution and a plain batch gradient-descent solver that records its cost per epoch.
 */
import {
  BaseRegressor,
  FitError,
  ParameterError,
  StateReader,
  bool,
  float,
  int,
  oneOf,
  nullValue,
  union,
  MAX_THREAD_BUDGET,
  readHistory,
  restoreModel,
  type StateContext,
  Matrix,
  type MatrixLike,
  type LabelsLike,
  type ModelSpec,
  type ParamSpecs,
  type ParamsOf,
  type TrainingHistory,
  modelSpec,
  convergenceOfHistory,
  type Convergence,
  MAX_ITER_REACHED,
} from '@mlcompare/core';
import { MultivariateLinearRegression } from 'ml-regression';
import { linearBackward, linearForward, transpose } from './internal/kernels.js';
import { checkFiniteThrough, fitInputOfMatrix, headRow, predictNumbers } from './internal/predict-input.js';
import { decisionScores } from './internal/wasm-dots.js';
import { GRAM_THREAD_MIN_FEATURES, GRAM_THREAD_MIN_ROWS, MAX_SYSTEM_ENTRIES, columnMeans, columnScales, leastSquaresThreaded } from './internal/linalg.js';
import { untunedDefaultSpace } from './default-space.js';

const spec = {
  fitIntercept: bool({ default: true, doc: 'Learn an intercept (the data are centred before solving).' }),
  solver: oneOf(['lstsq', 'gd'] as const, {
    default: 'lstsq',
    doc: "'lstsq': the exact least-squares solution. 'gd': plain batch gradient descent on standardised features, recording the cost (MSE / 2) per epoch.",
  }),
  engine: oneOf(['mlcompare', 'ml-regression'] as const, {
    default: 'mlcompare',
    doc: "Engine of solver 'lstsq'. 'mlcompare': Cholesky of the normal equations on typed arrays (the n × n kernel form when there are more features than rows), minimum-norm SVD solution when the design is rank deficient. 'ml-regression': MultivariateLinearRegression (SVD of XᵀX).",
  }),
  learningRate: float({ default: 0.1, min: 0, minExclusive: true, doc: "Step size of solver 'gd' (on standardised features)." }),
  maxIter: int({ default: 1000, min: 1, doc: "Most epochs of solver 'gd'." }),
  tol: float({ default: 1e-7, min: 0, doc: "Solver 'gd' stops when an epoch lowers the cost by less than tol × the cost." }),
  nJobs: union<number | null>([nullValue(), int({ default: 2, min: 1, max: MAX_THREAD_BUDGET, doc: 'A number of threads.' })], {
    default: null,
    doc:
      "Threads of the Gram matrix XᵀX of solver 'lstsq', engine 'mlcompare' (rows in fixed chunks of 1,024, added in chunk order: the same model whatever the number). " +
      "null: core's thread budget (threadBudget; every core unless the runner set it). One thread below " +
      `${GRAM_THREAD_MIN_ROWS} rows or ${GRAM_THREAD_MIN_FEATURES} features, where threads do not pay, with more features than rows, and in browsers.`,
  }),
} satisfies ParamSpecs;

/** Parameters of {@link LinearRegression}. @useDeclaredType */
export type LinearRegressionParams = ParamsOf<typeof spec>;

/** Learned state. */
interface LinearState {
  coef: Float64Array;
  intercept: number;
  /** How the coefficients were found: 'cholesky', 'svd', 'ml-regression' or 'gd'. */
  method: string;
  history?: TrainingHistory;
  lib?: MultivariateLinearRegression;
}

/**
 * Linear regression by least squares. The default engine solves the normal equations by
 * Cholesky on Float64Arrays, in their n × n kernel form when there are more features than rows
 * (falling back to the minimum-norm SVD solution for a rank-deficient
 * design, as LAPACK's gelsd does for scikit-learn); `engine: 'ml-regression'` calls
 * ml-regression's `MultivariateLinearRegression`; `solver: 'gd'` runs plain batch gradient
 * descent on standardised features and records the cost per epoch in {@link LinearRegression.history}.
 *
 * @example
 * ```ts
 * const model = new LinearRegression({ solver: 'gd', learningRate: 0.1 });
 * await model.fit(X, y);
 * console.log(model.history?.loss); // the cost falling epoch by epoch
 * ```
 */
export class LinearRegression extends BaseRegressor<typeof spec, LinearState> {
  static readonly modelName = 'LinearRegression';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /**
   * @param params - see {@link LinearRegressionParams}; validated here, no data work.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for `engine: 'ml-regression'` with `solver: 'gd'` (the library has no such solver).
   */
  constructor(params: Partial<LinearRegressionParams> = {}) {
    super(LinearRegression.modelName, spec, params);
    if (this.params.solver === 'gd' && this.params.engine === 'ml-regression') {
      throw new ParameterError(
        "The 'engine' parameter of LinearRegression must be 'mlcompare' when solver is 'gd' (ml-regression has no gradient-descent solver). Got 'ml-regression' instead.",
      );
    }
  }

  /** Rebuilds a model from `toJSON()` output. */
  static fromJSON(json: unknown): LinearRegression {
    return restoreModel(LinearRegression, json);
  }

  /** Cost (MSE / 2 on the training data) before each epoch of solver 'gd'; undefined for 'lstsq'. */
  override get history(): TrainingHistory | undefined {
    return this.isFitted ? this.fitted('history').inner.history : undefined;
  }

  /** How the last fit of solver 'gd' ended: `converged: false` when it stopped at `maxIter`; undefined before fit and for 'lstsq'. */
  override get convergence(): Convergence | undefined {
    const h = this.isFitted ? this.fitted('convergence').inner.history : undefined;
    return h ? convergenceOfHistory(h, 'maxIter', this.params.maxIter) : undefined;
  }

  /** Coefficients, one per feature, in the units of the original features. */
  get coef(): number[] {
    return Array.from(this.fitted('coef').inner.coef);
  }

  /** The intercept (0 when `fitIntercept` is false). */
  get intercept(): number {
    return this.fitted('intercept').inner.intercept;
  }

  /**
   * Learns from `X` and `y` (as {@link BaseRegressor.fit}); with solver 'lstsq' and engine
   * 'mlcompare', a {@link Matrix} X is not scanned value by value before the fit: the
   * column-means pass of least squares checks its values and throws core's usual InputError
   * naming the first NaN or ±∞ (internal/linalg.ts, `checkX`).
   * @param X - the training rows: a 2-D array or {@link Matrix} of finite numbers.
   * @param y - one finite number per row.
   * @returns the model itself, fitted.
   * @throws {@link @mlcompare/core!InputError | InputError} when `X` is not 2-D finite numbers, `y` is not finite numbers, they differ in length, or another `fit` of this instance is running.
   */
  override async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    if (!(X instanceof Matrix) || this.params.solver !== 'lstsq' || this.params.engine !== 'mlcompare') return super.fit(X, y);
    const t = fitInputOfMatrix(X, y, `${this.modelName}.fit`);
    return this.runFit(async () => {
      const r = await leastSquaresThreaded(X, t, this.params.fitIntercept, 0, `${this.modelName}.fit`, this.params.nJobs, true);
      return { inner: { coef: r.coef, intercept: r.intercept, method: r.method }, nFeatures: X.cols };
    });
  }

  protected async fitTarget(X: Matrix, y: Float64Array): Promise<LinearState> {
    const { fitIntercept, solver, engine } = this.params;
    if (solver === 'gd') return gradientDescent(X, y, this.params);
    if (engine === 'ml-regression') {
      // The library takes the SVD of the d × d matrix XᵀX whatever the shape.
      if (X.cols * X.cols > MAX_SYSTEM_ENTRIES) {
        throw new FitError(
          `Argument 'X' passed to 'LinearRegression.fit' has ${X.cols} features: engine 'ml-regression' would decompose a ${X.cols} × ${X.cols} matrix, above the limit of ${MAX_SYSTEM_ENTRIES} entries (1 GiB). Use engine 'mlcompare', which solves the ${X.rows} × ${X.rows} kernel form when there are more features than rows.`,
        );
      }
      // Rows as views: the library copies each row into its own matrix anyway.
      const rows = Array.from({ length: X.rows }, (_, i) => X.row(i));
      const lib = new MultivariateLinearRegression(rows, Array.from(y, (v) => [v]), { intercept: fitIntercept, statistics: false });
      const coef = Float64Array.from(lib.weights.slice(0, X.cols), (r) => r[0]!);
      const intercept = fitIntercept ? lib.weights[X.cols]![0]! : 0;
      return { coef, intercept, method: 'ml-regression', lib };
    }
    const r = await leastSquaresThreaded(X, y, fitIntercept, 0, `${this.modelName}.fit`, this.params.nJobs);
    return { coef: r.coef, intercept: r.intercept, method: r.method };
  }

  /**
   * Checks X for prediction; a {@link Matrix} is not scanned value by value here: its decision
   * values are (internal/predict-input.ts), and a value that is not finite gets core's InputError.
   */
  protected override checkPredictX(X: MatrixLike, method: string, allowNaN = false) {
    if (!(X instanceof Matrix) || this.params.engine === 'ml-regression') return super.checkPredictX(X, method, allowNaN);
    return { Xm: X, f: super.checkPredictX(headRow(X), method, allowNaN).f };
  }

  /**
   * The predicted value of each row (as {@link BaseRegressor.predict}); except with engine
   * 'ml-regression', written into the returned array straight from the product's chunks
   * (internal/predict-input.ts).
   * @param X - rows with as many features as in `fit`.
   * @returns one number per row.
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for rows that are not finite numbers or have another number of features.
   */
  override async predict(X: MatrixLike): Promise<number[]> {
    const { Xm, f } = this.checkPredictX(X, 'predict', this.allowsNaN);
    const s = f.inner;
    if (s.method === 'ml-regression') return this.runPredict(() => Promise.resolve(Array.from(this.predictValues(Xm, s))));
    return this.runPredict(() => Promise.resolve(predictNumbers(Xm, s.coef, s.intercept, `${this.modelName}.predict`)));
  }

  protected predictValues(X: Matrix, s: LinearState): Float64Array {
    if (s.method === 'ml-regression') {
      const lib = s.lib ?? loadLibrary(s, this.params.fitIntercept);
      s.lib = lib;
      return Float64Array.from(lib.predict(plainRows(X)), (r) => r[0]!);
    }
    return predictLinear(X, s.coef, s.intercept, `${this.modelName}.predict`);
  }

  protected serializeState(s: LinearState): unknown {
    return { coef: Array.from(s.coef), intercept: s.intercept, method: s.method, history: s.history };
  }

  /**
   * Reads `coef` (one finite number per feature), `intercept` (0 without `fitIntercept`),
   * `method` (the one the solver and engine parameters use) and, for solver 'gd', `history`.
   */
  protected deserializeState(raw: unknown, ctx: StateContext): LinearState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const coef = r.float64('coef', { length: ctx.nFeatures, why: `one per feature: state.nFeatures is ${ctx.nFeatures}` });
    const intercept = readIntercept(r, p.fitIntercept);
    const methods = p.solver === 'gd' ? (['gd'] as const) : p.engine === 'ml-regression' ? (['ml-regression'] as const) : (['cholesky', 'svd'] as const);
    const method = r.oneOf('method', methods, `params.solver is '${p.solver}' and params.engine '${p.engine}'`);
    const out: LinearState = { coef, intercept, method };
    if (method === 'gd') out.history = readHistory(ctx.owner, r.at('history'), r.raw('history'), { maxEpochs: p.maxIter, lossLength: 'epochs', validation: false });
    else r.absent('history', `with solver '${p.solver}' (only solver 'gd' records one)`);
    r.done();
    return out;
  }
}

/**
 * Reads a linear model's `intercept`: a finite number, exactly 0 when `fitIntercept` is false.
 * @internal Shared by LinearRegression and Ridge.
 */
export function readIntercept(r: StateReader, fitIntercept: boolean): number {
  return fitIntercept ? r.number('intercept') : (r.equal('intercept', 0, 'params.fitIntercept is false') as number);
}

/**
 * `X coef + intercept` (on the WebAssembly kernel for large X, bit-identical to the JavaScript
 * one); throws core's InputError naming the bad value when X is not finite (see predict-input.ts).
 */
export function predictLinear(X: Matrix, coef: Float64Array, intercept: number, caller: string): Float64Array {
  const out = decisionScores(X.data, X.rows, X.cols, coef, 1, Float64Array.of(intercept));
  checkFiniteThrough(out, X, caller);
  return out;
}

/** Rows as plain arrays (what ml-regression's predict accepts). */
function plainRows(X: Matrix): number[][] {
  const { rows: n, cols: d, data } = X;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(d);
    for (let j = 0; j < d; j++) r[j] = data[i * d + j]!;
    out[i] = r;
  }
  return out;
}

function loadLibrary(s: LinearState, fitIntercept: boolean): MultivariateLinearRegression {
  const weights = Array.from(s.coef, (c) => [c]);
  if (fitIntercept) weights.push([s.intercept]);
  return MultivariateLinearRegression.load({ name: 'multivariateLinearRegression', weights, inputs: s.coef.length, outputs: 1, intercept: fitIntercept });
}

/**
 * Plain batch gradient descent on J(w, b) = Σ (x·w + b − y)² / (2n) over standardised features
 * (centred only when fitting an intercept), from w = 0, b = 0; returns coefficients in the
 * original units and the cost before each epoch.
 */
function gradientDescent(X: Matrix, y: Float64Array, p: LinearRegressionParams): LinearState {
  const { rows: n, cols: d } = X;
  const { learningRate: lr, maxIter, tol, fitIntercept } = p;
  const mu = fitIntercept ? columnMeans(X) : new Float64Array(d);
  const sd = columnScales(X, columnMeans(X));
  const Xs = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xs[i * d + j] = (X.data[i * d + j]! - mu[j]!) / sd[j]!;
  const Xt = transpose(Xs, n, d);
  const theta = new Float64Array(d + 1); // [w, b]
  const grad = new Float64Array(d + 1);
  const r = new Float64Array(n);
  const loss: number[] = [];
  let stopReason = `${MAX_ITER_REACHED} (${maxIter} epochs)`;
  let prev = Infinity;
  for (let epoch = 0; epoch < maxIter; epoch++) {
    linearForward(Xs, n, d, theta, 1, d + 1, true, r);
    let cost = 0;
    for (let i = 0; i < n; i++) {
      const e = r[i]! - y[i]!;
      r[i] = e;
      cost += e * e;
    }
    cost /= 2 * n;
    if (!Number.isFinite(cost) || cost > prev * (1 + 1e-9)) {
      // Suggest a tenth of the step only where the rule accepts it (a subnormal step has no tenth above 0).
      const smaller = lr / 10;
      const hint = spec.learningRate.accepts(smaller) ? ` Try a smaller learningRate (e.g. ${smaller}).` : ' Standardise the features (StandardScaler) or use solver lstsq.';
      throw new FitError(
        `LinearRegression.fit with solver 'gd' diverged at epoch ${epoch} (cost rose from ${prev} to ${cost}): learningRate = ${lr} is too large for these data.${hint}`,
      );
    }
    if (epoch > 0 && prev - cost <= tol * prev) {
      stopReason = `cost decreased by less than tol × cost (tol = ${tol}) at epoch ${epoch}`;
      break;
    }
    loss.push(cost);
    prev = cost;
    linearBackward(r, 1, n, Xt, d, grad, d + 1, fitIntercept);
    for (let j = 0; j <= d; j++) theta[j]! -= (lr / n) * grad[j]!;
  }
  const coef = new Float64Array(d);
  let intercept = fitIntercept ? theta[d]! : 0;
  for (let j = 0; j < d; j++) {
    coef[j] = theta[j]! / sd[j]!;
    intercept -= coef[j]! * mu[j]!;
  }
  return { coef, intercept, method: 'gd', history: { loss, epochs: loss.length, stopReason } };
}

/** Registry entry of {@link LinearRegression} (`linear`). */
export const linearRegressionSpec: ModelSpec<LinearRegression> = modelSpec(LinearRegression, {
  name: 'linear',
  packageName: '@mlcompare/linear',
  description: 'Ordinary least squares (Cholesky / SVD on typed arrays, or ml-regression), or batch gradient descent with its cost curve.',
  capabilities: { probabilities: false, needsScaling: false, handlesMissing: false, randomized: false },
  defaultSpace: untunedDefaultSpace,
});
