/**
 * `GradientBoostingClassifier`: histogram gradient boosting after scikit-learn 1.2.1's
 * `HistGradientBoostingClassifier`.
 */
import {
  BaseClassifier,
  Matrix,
  StateReader,
  modelSpec,
  restoreModel,
  type ClassifierStateContext,
  type ModelSpec,
  type ParamSpecs,
  type ParamsOf,
  type TrainingHistory,
} from '@mlcompare/core';
import { boostedBytes, readBoosted, boostedToJSON, fitBoosting, probabilities, type BoostedTrees } from './internal/hgb/boosting.js';
import { boostingSpec } from './internal/hgb/params.js';
import { boostingThreads, fitBoostingThreaded, predictThreads, rawPredictThreaded } from './internal/hgb/boost-threads.js';
import { historyOf } from './internal/hgb/history.js';
import { boostingDefaultSpace } from './default-space.js';

const spec = { ...boostingSpec() } satisfies ParamSpecs;

/**
 * Parameters of {@link GradientBoostingClassifier} (scikit-learn's names, camelCased).
 *
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
export type GradientBoostingClassifierParams = ParamsOf<typeof spec>;

/**
 * Gradient-boosted trees for classification, as scikit-learn 1.2.1's
 * `HistGradientBoostingClassifier`: features binned into at most 255 bins (plus one for missing
 * values), trees grown leaf-wise on gradient/hessian histograms (the larger child by histogram
 * subtraction), log loss — binary (one tree per iteration, sigmoid) or multinomial (one tree per
 * class per iteration, softmax). Missing values (NaN) are handled natively: each split sends them
 * to the side that gained most in training (or to the larger child when training had none).
 *
 * With early stopping off (the default up to 10,000 rows) the fit is deterministic and follows
 * scikit-learn step for step.
 *
 * @example
 * ```ts
 * import { GradientBoostingClassifier } from '@mlcompare/ensemble';
 * const X = Array.from({ length: 60 }, (_, i) => [i % 10, i < 30 ? 0 : 1]);
 * const y = X.map(([a, b]) => (a! + 3 * b! > 6 ? 'hi' : 'lo'));
 * const gb = await new GradientBoostingClassifier({ minSamplesLeaf: 5 }).fit(X, y);
 * await gb.predict([[9, 1], [0, 0], [NaN, 1]]); // ['hi', 'lo', 'hi']
 * ```
 */
export class GradientBoostingClassifier extends BaseClassifier<typeof spec, BoostedTrees> {
  /** Class name used in JSON and messages. */
  static readonly modelName = 'GradientBoostingClassifier';
  /** Version of the JSON state layout. */
  static readonly stateVersion = 1;
  /** The parameter declarations. */
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; omitted ones take their defaults.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or an invalid value.
   */
  constructor(params: Partial<GradientBoostingClassifierParams> = {}) {
    super(GradientBoostingClassifier.modelName, spec, params);
  }

  /**
   * Rebuilds a classifier from {@link GradientBoostingClassifier.toJSON}'s output.
   * @throws {@link @mlcompare/core!SerializationError | SerializationError} when `json` is not a GradientBoostingClassifier of this version.
   */
  static fromJSON(json: unknown): GradientBoostingClassifier {
    return restoreModel(GradientBoostingClassifier, json);
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

  /** Training loss (half log loss) per iteration, validation loss with early stopping; undefined before `fit`. */
  override get history(): TrainingHistory | undefined {
    return this.isFitted ? historyOf(this.fitted('history').inner, this.params) : undefined;
  }

  protected fitEncoded(X: Matrix, y: Int32Array, nClasses: number): BoostedTrees | Promise<BoostedTrees> {
    const loss = nClasses === 2 ? 'binomial' : 'multinomial';
    const threads = boostingThreads(this.params.nJobs, X.rows, X.cols);
    if (threads > 1) return fitBoostingThreaded(X, y, loss, nClasses, this.params, threads, 'GradientBoostingClassifier.fit');
    return fitBoosting(X, y, loss, nClasses, this.params);
  }

  protected predictProbaEncoded(X: Matrix, s: BoostedTrees): Matrix {
    const P = probabilities(s, rawPredictThreaded(s, X, predictThreads(this.params.nJobs, X.rows)), X.rows);
    return new Matrix(P, X.rows, s.loss === 'binomial' ? 2 : s.nOutputs);
  }

  protected serializeState(s: BoostedTrees): unknown {
    return boostedToJSON(s);
  }

  /** Reads the trees and the losses (see `readBoosted`): one output (binomial) for two classes, one per class beyond. */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): BoostedTrees {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const K = ctx.nClasses;
    const binary = K === 2;
    return readBoosted(r, ctx, this.params, binary ? 'binomial' : 'multinomial', binary ? 1 : K, `state.classes has ${K}: ${binary ? 'binomial, one output' : 'multinomial, one output per class'}`);
  }
}

/** Registry entry of {@link GradientBoostingClassifier} (registry name `boosting`). */
export const gradientBoostingClassifierSpec: ModelSpec<GradientBoostingClassifier> = modelSpec(GradientBoostingClassifier, {
  name: 'boosting',
  packageName: '@mlcompare/ensemble',
  description: "Histogram gradient boosting after scikit-learn's HistGradientBoostingClassifier (255 bins, 31 leaves, 100 iterations, NaN handled).",
  capabilities: { probabilities: true, needsScaling: false, handlesMissing: true, randomized: true, multiclass: true },
  defaultSpace: boostingDefaultSpace,
});
