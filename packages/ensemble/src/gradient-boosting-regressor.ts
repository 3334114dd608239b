/**
 * `GradientBoostingRegressor`: histogram gradient boosting after scikit-learn 1.2.1's
 * `HistGradientBoostingRegressor` (squared error).
 */
import {
  BaseRegressor,
  StateReader,
  oneOf,
  modelSpec,
  restoreModel,
  type Matrix,
  type ModelSpec,
  type StateContext,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
  type TrainingHistory,
} from '@mlcompare/core';
import { boostedBytes, readBoosted, boostedToJSON, fitBoosting, type BoostedTrees } from './internal/hgb/boosting.js';
import { historyOf } from './internal/hgb/history.js';
import { boostingSpec } from './internal/hgb/params.js';
import { boostingThreads, fitBoostingThreaded, predictThreads, rawPredictThreaded } from './internal/hgb/boost-threads.js';
import { boostingDefaultSpace } from './default-space.js';

const spec = {
  loss: oneOf(['squared_error'] as const, {
    default: 'squared_error',
    doc: "Loss the trees descend: 'squared_error' (half squared error; scikit-learn's other losses are not implemented).",
  }) as ParamDecl<'squared_error'>,
  ...boostingSpec(),
} satisfies ParamSpecs;

/**
 * Parameters of {@link GradientBoostingRegressor} (scikit-learn's names, camelCased).
 *
 * - `loss` — @defaultValue `'squared_error'`
 * - `learningRate` — @defaultValue `0.1`
 * - `maxIter` — @defaultValue `100`
 * - `maxLeafNodes` — @defaultValue `31`
 * - `maxDepth` — @defaultValue `null`
 * - `minSamplesLeaf` — @defaultValue `20`
 * - `l2Regularization` — @defaultValue `0`
 * - `maxBins` — @defaultValue `255`
 * - `earlyStopping` — @defaultValue `'auto'` (on above 10,000 rows)
 * - `validationFraction` — @defaultValue `0.1`
 * - `nIterNoChange` — @defaultValue `10`
 * - `tol` — @defaultValue `1e-7`
 * - `nJobs` — @defaultValue `null` (the thread budget)
 * - `seed` — @defaultValue `0`
 * @useDeclaredType
 */
export type GradientBoostingRegressorParams = ParamsOf<typeof spec>;

/**
 * Gradient-boosted regression trees, as scikit-learn 1.2.1's `HistGradientBoostingRegressor`:
 * the mean target, plus `maxIter` trees fitted to the residuals on binned features (at most 255
 * bins and a missing-values bin), grown leaf-wise up to `maxLeafNodes` leaves, each leaf value
 * multiplied by `learningRate`. NaN is handled natively.
 *
 * @example
 * ```ts
 * import { GradientBoostingRegressor } from '@mlcompare/ensemble';
 * const X = Array.from({ length: 100 }, (_, i) => [i / 10]);
 * const gb = await new GradientBoostingRegressor().fit(X, X.map(([x]) => Math.sin(x!)));
 * await gb.predict([[1.55]]); // about [1.0]
 * ```
 */
export class GradientBoostingRegressor extends BaseRegressor<typeof spec, BoostedTrees> {
  /** Class name used in JSON and messages. */
  static readonly modelName = 'GradientBoostingRegressor';
  /** Version of the JSON state layout. */
  static readonly stateVersion = 1;
  /** The parameter declarations. */
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; omitted ones take their defaults.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or an invalid value.
   */
  constructor(params: Partial<GradientBoostingRegressorParams> = {}) {
    super(GradientBoostingRegressor.modelName, spec, params);
  }

  /**
   * Rebuilds a regressor from {@link GradientBoostingRegressor.toJSON}'s output.
   * @throws {@link @mlcompare/core!SerializationError | SerializationError} when `json` is not a GradientBoostingRegressor of this version.
   */
  static fromJSON(json: unknown): GradientBoostingRegressor {
    return restoreModel(GradientBoostingRegressor, json);
  }

  /** NaN is accepted in `fit` and `predict` as a missing value. */
  protected override get allowsNaN(): boolean {
    return true;
  }

  /** Iterations run (scikit-learn's `n_iter_`). @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`. */
  get nIter(): number {
    return this.fitted('nIter').inner.nIter;
  }

  /** Bytes of typed arrays holding the trees. @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`. */
  get treeBytes(): number {
    return boostedBytes(this.fitted('treeBytes').inner);
  }

  /** Training loss (half squared error) per iteration, validation loss with early stopping; undefined before `fit`. */
  override get history(): TrainingHistory | undefined {
    return this.isFitted ? historyOf(this.fitted('history').inner, this.params) : undefined;
  }

  protected fitTarget(X: Matrix, y: Float64Array): BoostedTrees | Promise<BoostedTrees> {
    const threads = boostingThreads(this.params.nJobs, X.rows, X.cols);
    if (threads > 1) return fitBoostingThreaded(X, y, 'squared_error', 1, this.params, threads, 'GradientBoostingRegressor.fit');
    return fitBoosting(X, y, 'squared_error', 1, this.params);
  }

  protected predictValues(X: Matrix, s: BoostedTrees): Float64Array {
    return rawPredictThreaded(s, X, predictThreads(this.params.nJobs, X.rows));
  }

  protected serializeState(s: BoostedTrees): unknown {
    return boostedToJSON(s);
  }

  /** Reads the trees and the losses (see `readBoosted`): squared error, one output. */
  protected deserializeState(raw: unknown, ctx: StateContext): BoostedTrees {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    return readBoosted(r, ctx, this.params, 'squared_error', 1, 'a regressor: squared error, one output');
  }
}

/** Registry entry of {@link GradientBoostingRegressor} (registry name `boosting`). */
export const gradientBoostingRegressorSpec: ModelSpec<GradientBoostingRegressor> = modelSpec(GradientBoostingRegressor, {
  name: 'boosting',
  packageName: '@mlcompare/ensemble',
  description: "Histogram gradient boosting after scikit-learn's HistGradientBoostingRegressor (255 bins, 31 leaves, 100 iterations, NaN handled).",
  capabilities: { probabilities: false, needsScaling: false, handlesMissing: true, randomized: true, multiclass: false },
  defaultSpace: boostingDefaultSpace,
});
