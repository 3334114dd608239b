/** k-nearest-neighbour regression. */
import {
  BaseRegressor,
  StateReader,
  type StateContext,
  restoreModel,
  type LabelsLike,
  type Matrix,
  type MatrixLike,
  type ModelSpec,
  type ParamsOf,
  modelSpec,
} from '@mlcompare/core';
import { NeighborSearch, fitSearch, neighborWeights, type Engine } from './internal/search.js';
import { knnParamSpec } from './params.js';
import { knnDefaultSpace } from './default-space.js';

const spec = knnParamSpec;

/** Parameters of {@link KNNRegressor}. @useDeclaredType */
export type KNNRegressorParams = ParamsOf<typeof spec>;

/** @internal Learned state: the training rows with their targets. */
export interface KnnRegressorState {
  search: NeighborSearch;
  y: Float64Array;
}

/**
 * k-nearest-neighbour regressor (scikit-learn's `KNeighborsRegressor`): the prediction is the
 * mean (or the 1/distance-weighted mean) of the targets of the `nNeighbors` nearest training
 * samples. ml-knn has no regression; this uses the same engines as {@link KNNClassifier}
 * (brute force, or ml-knn's `kdTree.nearest`). Neighbours at equal distance: lower row index first.
 * `fit` keeps a {@link @mlcompare/core!Matrix | Matrix} passed to it without copying it, as
 * {@link KNNClassifier} does (see there).
 *
 * @example
 * ```ts
 * const knn = new KNNRegressor({ nNeighbors: 2 });
 * await knn.fit([[0], [1], [2], [3]], [0, 10, 20, 30]);
 * await knn.predict([[0.4]]); // [5]
 * ```
 */
export class KNNRegressor extends BaseRegressor<typeof spec, KnnRegressorState> {
  static readonly modelName = 'KNNRegressor';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; missing ones take their defaults (`nNeighbors` 5,
   *   `weights` 'uniform', `metric` 'euclidean', `algorithm` 'auto').
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value that breaks its rule.
   */
  constructor(params: Partial<KNNRegressorParams> = {}) {
    super(KNNRegressor.modelName, spec, params);
  }

  /** Rebuilds a model from {@link KNNRegressor.toJSON} output. */
  static fromJSON(json: unknown): KNNRegressor {
    return restoreModel(KNNRegressor, json);
  }

  /**
   * What ran the last neighbour search (k-NN does its work when predicting): `'wasm-simd'` for
   * the brute-force scan's WebAssembly SIMD kernel, `'js'` for its JavaScript fallback (a host
   * without WebAssembly SIMD) and for ml-knn's k-d tree; `'js'` before the first prediction.
   */
  override get backend(): string {
    return this.isFitted ? this.fitted('backend').inner.search.backend : 'js';
  }

  /** The engine the fitted model searches with (what `algorithm: 'auto'` resolved to). */
  get effectiveAlgorithm(): Engine {
    return this.fitted('effectiveAlgorithm').inner.search.engine;
  }

  protected fitTarget(X: Matrix, y: Float64Array): KnnRegressorState {
    return { search: fitSearch(this.modelName, this.params, X), y };
  }

  protected async predictValues(X: Matrix, s: KnnRegressorState): Promise<Float64Array> {
    const nb = await s.search.kneighbors(X, this.params.nNeighbors, this.params.nJobs);
    const k = nb.k;
    const out = new Float64Array(X.rows);
    const w = new Float64Array(k);
    for (let i = 0; i < X.rows; i++) {
      neighborWeights(nb, i, this.params.weights, w);
      let num = 0;
      let den = 0;
      for (let j = 0; j < k; j++) {
        num += w[j]! * s.y[nb.indices[i * k + j]!]!;
        den += w[j]!;
      }
      out[i] = num / den;
    }
    return out;
  }

  protected serializeState(s: KnnRegressorState): unknown {
    return { search: s.search.toJSON(), y: Array.from(s.y) };
  }

  /** Reads `search` (see `NeighborSearch.fromJSON`) and `y` (one finite target per training row). */
  protected deserializeState(raw: unknown, ctx: StateContext): KnnRegressorState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const search = NeighborSearch.fromJSON(r, ctx, this.params);
    const y = r.float64('y', { length: search.X.rows, why: `one target per training row of ${r.at('search.X')}` });
    r.done();
    return { search, y };
  }
}

/** Registry entry of {@link KNNRegressor}. */
export const knnRegressorSpec: ModelSpec<KNNRegressor> = modelSpec(KNNRegressor, {
  name: 'knn',
  packageName: '@mlcompare/knn',
  description: "k-nearest neighbours regression (brute force on typed arrays, or ml-knn's k-d tree)",
  capabilities: { probabilities: false, needsScaling: true, handlesMissing: false, randomized: false },
  defaultSpace: knnDefaultSpace,
});
