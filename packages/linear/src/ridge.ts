/** Ridge regression, as scikit-learn's `Ridge` (intercept not penalised). */
import {
  BaseRegressor,
  StateReader,
  bool,
  float,
  int,
  nullValue,
  union,
  MAX_THREAD_BUDGET,
  restoreModel,
  type StateContext,
  Matrix,
  type MatrixLike,
  type LabelsLike,
  type ModelSpec,
  type ParamSpecs,
  type ParamsOf,
  modelSpec,
} from '@mlcompare/core';
import { GRAM_THREAD_MIN_FEATURES, GRAM_THREAD_MIN_ROWS, leastSquaresThreaded } from './internal/linalg.js';
import { fitInputOfMatrix, headRow, predictNumbers } from './internal/predict-input.js';
import { predictLinear, readIntercept } from './linear-regression.js';
import { ridgeDefaultSpace } from './default-space.js';

const spec = {
  alpha: float({ default: 1, min: 0, doc: 'L2 penalty strength: minimises ‖y − Xw − b‖² + alpha ‖w‖² (the intercept b is not penalised).' }),
  fitIntercept: bool({ default: true, doc: 'Learn an intercept (the data are centred before solving).' }),
  nJobs: union<number | null>([nullValue(), int({ default: 2, min: 1, max: MAX_THREAD_BUDGET, doc: 'A number of threads.' })], {
    default: null,
    doc:
      "Threads of the Gram matrix XᵀX (rows in fixed chunks of 1,024, added in chunk order: the same model whatever the number). " +
      "null: core's thread budget (threadBudget; every core unless the runner set it). One thread below " +
      `${GRAM_THREAD_MIN_ROWS} rows or ${GRAM_THREAD_MIN_FEATURES} features, where threads do not pay, with more features than rows, and in browsers.`,
  }),
} satisfies ParamSpecs;

/** Parameters of {@link Ridge}. @useDeclaredType */
export type RidgeParams = ParamsOf<typeof spec>;

interface RidgeState {
  coef: Float64Array;
  intercept: number;
}

/**
 * Linear least squares with an L2 penalty: `(XcᵀXc + alpha I) w = Xcᵀ yc` on centred data,
 * solved by Cholesky on Float64Arrays (scikit-learn's 'cholesky' solver, which its 'auto'
 * picks for dense data), in the n × n kernel form `w = Xcᵀ (Xc Xcᵀ + alpha I)⁻¹ yc` when there
 * are more features than rows (as scikit-learn's `_solve_cholesky_kernel`); `alpha = 0` is
 * ordinary least squares.
 *
 * @example
 * ```ts
 * const model = new Ridge({ alpha: 10 });
 * await model.fit(X, y);
 * const r2 = await model.score(Xtest, ytest);
 * ```
 */
export class Ridge extends BaseRegressor<typeof spec, RidgeState> {
  static readonly modelName = 'Ridge';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /** @param params - see {@link RidgeParams}; validated here, no data work. */
  constructor(params: Partial<RidgeParams> = {}) {
    super(Ridge.modelName, spec, params);
  }

  /** Rebuilds a model from `toJSON()` output. */
  static fromJSON(json: unknown): Ridge {
    return restoreModel(Ridge, json);
  }

  /** Coefficients, one per feature. */
  get coef(): number[] {
    return Array.from(this.fitted('coef').inner.coef);
  }

  /** The intercept (0 when `fitIntercept` is false). */
  get intercept(): number {
    return this.fitted('intercept').inner.intercept;
  }

  /**
   * Learns from `X` and `y` (as {@link BaseRegressor.fit}); a {@link Matrix} X is not scanned
   * value by value before the fit: the column-means pass of least squares checks its values and
   * throws core's usual InputError naming the first NaN or ±∞ (internal/linalg.ts, `checkX`).
   * @param X - the training rows: a 2-D array or {@link Matrix} of finite numbers.
   * @param y - one finite number per row.
   * @returns the model itself, fitted.
   * @throws {@link @mlcompare/core!InputError | InputError} when `X` is not 2-D finite numbers, `y` is not finite numbers, they differ in length, or another `fit` of this instance is running.
   */
  override async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    if (!(X instanceof Matrix)) return super.fit(X, y);
    const t = fitInputOfMatrix(X, y, `${this.modelName}.fit`);
    return this.runFit(async () => ({ inner: await this.solve(X, t, true), nFeatures: X.cols }));
  }

  protected async fitTarget(X: Matrix, y: Float64Array): Promise<RidgeState> {
    return this.solve(X, y, false);
  }

  /** The least-squares solution; `checkX`: X's values are still to be checked (see {@link Ridge.fit}). */
  private async solve(X: Matrix, y: Float64Array, checkX: boolean): Promise<RidgeState> {
    const r = await leastSquaresThreaded(X, y, this.params.fitIntercept, this.params.alpha, `${this.modelName}.fit`, this.params.nJobs, checkX);
    return { coef: r.coef, intercept: r.intercept };
  }

  /**
   * Checks X for prediction; a {@link Matrix} is not scanned value by value here: its decision
   * values are (internal/predict-input.ts), and a value that is not finite gets core's InputError.
   */
  protected override checkPredictX(X: MatrixLike, method: string, allowNaN = false) {
    if (!(X instanceof Matrix)) return super.checkPredictX(X, method, allowNaN);
    return { Xm: X, f: super.checkPredictX(headRow(X), method, allowNaN).f };
  }

  /**
   * The predicted value of each row (as {@link BaseRegressor.predict}), written into the
   * returned array straight from the product's chunks (internal/predict-input.ts).
   * @param X - rows with as many features as in `fit`.
   * @returns one number per row.
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for rows that are not finite numbers or have another number of features.
   */
  override async predict(X: MatrixLike): Promise<number[]> {
    const { Xm, f } = this.checkPredictX(X, 'predict', this.allowsNaN);
    return this.runPredict(() => Promise.resolve(predictNumbers(Xm, f.inner.coef, f.inner.intercept, `${this.modelName}.predict`)));
  }

  protected predictValues(X: Matrix, s: RidgeState): Float64Array {
    return predictLinear(X, s.coef, s.intercept, `${this.modelName}.predict`);
  }

  protected serializeState(s: RidgeState): unknown {
    return { coef: Array.from(s.coef), intercept: s.intercept };
  }

  /** Reads `coef` (one finite number per feature) and `intercept` (0 without `fitIntercept`). */
  protected deserializeState(raw: unknown, ctx: StateContext): RidgeState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const coef = r.float64('coef', { length: ctx.nFeatures, why: `one per feature: state.nFeatures is ${ctx.nFeatures}` });
    const intercept = readIntercept(r, this.params.fitIntercept);
    r.done();
    return { coef, intercept };
  }
}

/** Registry entry of {@link Ridge} (`ridge`). */
export const ridgeSpec: ModelSpec<Ridge> = modelSpec(Ridge, {
  name: 'ridge',
  packageName: '@mlcompare/linear',
  description: 'Ridge regression (L2-penalised least squares, intercept not penalised), as scikit-learn.',
  capabilities: { probabilities: false, needsScaling: true, handlesMissing: false, randomized: false },
  defaultSpace: ridgeDefaultSpace,
});
