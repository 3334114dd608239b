/** k-nearest-neighbour classification. */
import {
  BaseClassifier,
  Matrix,
  StateReader,
  argmaxRows,
  stateError,
  type ClassifierStateContext,
  restoreModel,
  type LabelsLike,
  type MatrixLike,
  type ModelSpec,
  type ParamsOf,
  modelSpec,
} from '@mlcompare/core';
import type { Neighbors } from './internal/brute.js';
import { NeighborSearch, fitSearch, neighborWeights, type Engine } from './internal/search.js';
import { knnParamSpec } from './params.js';
import { knnDefaultSpace } from './default-space.js';

const spec = knnParamSpec;

/** Parameters of {@link KNNClassifier}. @useDeclaredType */
export type KNNClassifierParams = ParamsOf<typeof spec>;

/** @internal Learned state: the training rows with their class codes. */
export interface KnnClassifierState {
  search: NeighborSearch;
  y: Int32Array;
  nClasses: number;
}

/**
 * k-nearest-neighbour classifier (scikit-learn's `KNeighborsClassifier`).
 *
 * A sample gets the class with the largest (weighted) vote among its `nNeighbors` nearest
 * training samples. Ties are broken deterministically: among training samples at the same
 * distance the one with the lower row index is nearer, and a tied vote goes to the class that
 * sorts first in `classes` (scikit-learn's `argmax`). ml-knn's own vote differs here: it takes
 * the first class to reach the top count in distance order (one digits fold differs by 2/359).
 *
 * Training rows: `fit` keeps a {@link @mlcompare/core!Matrix | Matrix} passed to it without
 * copying it, as scikit-learn keeps a float64 array (nested arrays are converted, hence copied).
 * Treat that Matrix as read-only while the model is in use: brute force (the default engine)
 * reads it at every prediction, so a change shows in later predictions (on any number of
 * threads alike), and a value made NaN or infinite makes `predict` throw an `InputError`; the
 * k-d tree works on the copy it took at fit. Pass `X.clone()` to keep changing X.
 *
 * @example
 * ```ts
 * const knn = new KNNClassifier({ nNeighbors: 3, weights: 'distance' });
 * await knn.fit([[0], [1], [2], [10], [11]], ['a', 'a', 'a', 'b', 'b']);
 * await knn.predict([[1.5], [9]]); // ['a', 'b']
 * ```
 */
export class KNNClassifier extends BaseClassifier<typeof spec, KnnClassifierState> {
  static readonly modelName = 'KNNClassifier';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; missing ones take their defaults (`nNeighbors` 5,
   *   `weights` 'uniform', `metric` 'euclidean', `algorithm` 'auto').
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value that breaks its rule.
   */
  constructor(params: Partial<KNNClassifierParams> = {}) {
    super(KNNClassifier.modelName, spec, params);
  }

  /** Rebuilds a model from {@link KNNClassifier.toJSON} output. */
  static fromJSON(json: unknown): KNNClassifier {
    return restoreModel(KNNClassifier, json);
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

  protected fitEncoded(X: Matrix, y: Int32Array, nClasses: number): KnnClassifierState {
    return { search: fitSearch(this.modelName, this.params, X), y, nClasses };
  }

  /** Weighted votes per class, n × nClasses, each row summing to the total weight. */
  #votes(nb: Neighbors, s: KnnClassifierState, normalise: boolean): Matrix {
    const k = nb.k;
    const m = nb.indices.length / k;
    const out = Matrix.zeros(m, s.nClasses);
    const w = new Float64Array(k);
    for (let i = 0; i < m; i++) {
      neighborWeights(nb, i, this.params.weights, w);
      let total = 0;
      for (let j = 0; j < k; j++) {
        out.data[i * s.nClasses + s.y[nb.indices[i * k + j]!]!]! += w[j]!;
        total += w[j]!;
      }
      if (normalise) for (let c = 0; c < s.nClasses; c++) out.data[i * s.nClasses + c]! /= total;
    }
    return out;
  }

  protected async predictProbaEncoded(X: Matrix, s: KnnClassifierState): Promise<Matrix> {
    return this.#votes(await s.search.kneighbors(X, this.params.nNeighbors, this.params.nJobs), s, true);
  }

  protected async predictEncoded(X: Matrix, s: KnnClassifierState): Promise<Int32Array> {
    // A tied vote goes to the first class (argmaxRows keeps the first maximum).
    return argmaxRows(this.#votes(await s.search.kneighbors(X, this.params.nNeighbors, this.params.nJobs), s, false));
  }

  protected serializeState(s: KnnClassifierState): unknown {
    return { search: s.search.toJSON(), y: Array.from(s.y), nClasses: s.nClasses };
  }

  /**
   * Reads `search` (see `NeighborSearch.fromJSON`), `y` (one class code per training row, every
   * class present, as fit leaves them) and `nClasses` (the number of classes).
   */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): KnnClassifierState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const k = ctx.nClasses;
    r.equal('nClasses', k, `state.classes has ${k}`);
    const search = NeighborSearch.fromJSON(r, ctx, this.params);
    const y = r.int32('y', { length: search.X.rows, min: 0, max: k - 1, why: `one class code per training row of ${r.at('search.X')}` });
    const seen = new Uint8Array(k);
    for (const c of y) seen[c] = 1;
    const missing = seen.indexOf(0);
    if (missing >= 0) throw stateError(ctx.owner, r.at('y'), `class codes covering every class in state.classes (fit saw each one)`, `no row of class code ${missing}`);
    r.done();
    return { search, y, nClasses: k };
  }
}

/** Registry entry of {@link KNNClassifier}. */
export const knnClassifierSpec: ModelSpec<KNNClassifier> = modelSpec(KNNClassifier, {
  name: 'knn',
  packageName: '@mlcompare/knn',
  description: "k-nearest neighbours (brute force on typed arrays, or ml-knn's k-d tree)",
  capabilities: { probabilities: true, needsScaling: true, handlesMissing: false, randomized: false, multiclass: true },
  defaultSpace: knnDefaultSpace,
});
