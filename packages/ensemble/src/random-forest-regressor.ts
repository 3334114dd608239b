/**
 * `RandomForestRegressor`: scikit-learn's `RandomForestRegressor` on @mlcompare/cart's tree
 * engine (default), or the ml-random-forest library.
 */
import {
  BaseRegressor,
  ParameterError,
  SerializationError,
  float64FromJSON,
  oneOf,
  r2Score,
  restoreModel,
  type Matrix,
  type ModelSpec,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
} from '@mlcompare/core';
import { RandomForestRegression as MlForestRegressor } from 'ml-random-forest';
import {
  checkForestParams,
  forestBytes,
  forestFromJSON,
  forestSpec,
  forestToJSON,
  growForest,
  predictForest,
  type PackedForest,
} from './internal/forest.js';
import { mlForestOptions } from './internal/ml-forest.js';

/** Split criteria of the forest's trees. */
export const FOREST_REGRESSOR_CRITERIA = ['squared_error', 'absolute_error'] as const;

const spec = {
  criterion: oneOf(FOREST_REGRESSOR_CRITERIA, {
    default: 'squared_error',
    doc: "Error each split minimises: 'squared_error' (leaves predict the mean) or 'absolute_error' (the median; O(n²) per node, as in scikit-learn).",
  }) as ParamDecl<(typeof FOREST_REGRESSOR_CRITERIA)[number]>,
  ...forestSpec(null),
} satisfies ParamSpecs;

/**
 * Parameters of {@link RandomForestRegressor} (scikit-learn's names, camelCased).
 *
 * - `nEstimators` — @defaultValue `100`
 * - `criterion` — @defaultValue `'squared_error'`
 * - `maxDepth` — @defaultValue `null` (unlimited)
 * - `minSamplesSplit` — @defaultValue `2`
 * - `minSamplesLeaf` — @defaultValue `1`
 * - `maxFeatures` — @defaultValue `null` (all features: scikit-learn's 1.0)
 * - `minImpurityDecrease` — @defaultValue `0`
 * - `bootstrap` — @defaultValue `true`
 * - `maxSamples` — @defaultValue `null`
 * - `oobScore` — @defaultValue `false`
 * - `seed` — @defaultValue `0`
 * - `engine` — @defaultValue `'fast'`
 */
export type RandomForestRegressorParams = ParamsOf<typeof spec>;

type RegState =
  | { engine: 'fast'; forest: PackedForest; importances: Float64Array; oobScore: number | null }
  | { engine: 'ml-random-forest'; model: MlForestRegressor };

/**
 * A random forest regressor, as scikit-learn 1.2.1's `RandomForestRegressor`: the mean of
 * `nEstimators` fully grown regression trees, each on a bootstrap sample of the rows (by default
 * every feature is searched at each split, as scikit-learn's `max_features=1.0`).
 *
 * @example
 * ```ts
 * import { RandomForestRegressor } from '@mlcompare/ensemble';
 * const rf = await new RandomForestRegressor({ nEstimators: 20 }).fit([[1], [2], [3], [4], [5], [6]], [1, 1.2, 0.9, 3.1, 2.9, 3]);
 * await rf.predict([[1.5], [5.5]]); // about [1.1, 3]
 * ```
 */
export class RandomForestRegressor extends BaseRegressor<typeof spec, RegState> {
  /** Class name used in JSON and messages. */
  static readonly modelName = 'RandomForestRegressor';
  /** Version of the JSON state layout. */
  static readonly stateVersion = 1;
  /** The parameter declarations. */
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; omitted ones take their defaults.
   * @throws {@link ParameterError} for an unknown name or invalid value, `oobScore` or
   *   `maxSamples` without `bootstrap`, or an option the 'ml-random-forest' engine cannot honour.
   */
  constructor(params: Partial<RandomForestRegressorParams> = {}) {
    super(RandomForestRegressor.modelName, spec, params);
    checkForestParams(this.modelName, this.params, this.params.criterion, 'squared_error');
  }

  /**
   * Rebuilds a regressor from {@link RandomForestRegressor.toJSON}'s output.
   * @throws {@link SerializationError} when `json` is not a RandomForestRegressor of this version.
   */
  static fromJSON(json: unknown): RandomForestRegressor {
    return restoreModel(RandomForestRegressor, json);
  }

  /**
   * Mean decrease in impurity per feature, averaged over the trees and normalised to sum 1.
   * @throws {@link NotFittedError} before `fit`; {@link ParameterError} with engine 'ml-random-forest'.
   */
  get featureImportances(): number[] {
    const s = this.fitted('featureImportances').inner;
    if (s.engine !== 'fast') {
      throw new ParameterError(`${this.modelName}.featureImportances is not available with engine 'ml-random-forest' (its trees keep no node impurities); use engine 'fast'.`);
    }
    return Array.from(s.importances);
  }

  /**
   * R² of the out-of-bag predictions on the training rows (scikit-learn's `oob_score_`).
   * @throws {@link NotFittedError} before `fit`; {@link ParameterError} unless fitted with `oobScore: true`.
   */
  get oobScore_(): number {
    const s = this.fitted('oobScore_').inner;
    if (s.engine !== 'fast' || s.oobScore === null) {
      throw new ParameterError(`${this.modelName}.oobScore_ is available only after a fit with 'oobScore: true'.`);
    }
    return s.oobScore;
  }

  /** Bytes of typed arrays holding the fitted trees. @throws {@link NotFittedError} before `fit`. */
  get treeBytes(): number {
    const s = this.fitted('treeBytes').inner;
    return s.engine === 'fast' ? forestBytes(s.forest) : 0;
  }

  protected fitTarget(X: Matrix, y: Float64Array): RegState {
    const p = this.params;
    const caller = `${this.modelName}.fit`;
    if (p.engine === 'ml-random-forest') {
      const model = new MlForestRegressor({ ...mlForestOptions(p, X.cols, caller, undefined), selectionMethod: 'mean' });
      model.train(X.toArray(), Array.from(y));
      return { engine: 'ml-random-forest', model };
    }
    const grown = growForest(X, { kind: 'regression', y }, p.criterion, p, caller, (oob, seen) => {
      // scikit-learn 1.2.1: the out-of-bag sums are divided by the number of trees that left each
      // row out (rows never left out keep 0), and R² is taken over every training row.
      return r2Score(y, Array.from(oob, (v, i) => (seen[i] === 0 ? 0 : v / seen[i]!)));
    });
    return { engine: 'fast', forest: grown.forest, importances: grown.importances, oobScore: grown.oobScore };
  }

  protected predictValues(X: Matrix, s: RegState): ArrayLike<number> {
    if (s.engine === 'ml-random-forest') return s.model.predict(X.toArray());
    return predictForest(s.forest, X);
  }

  protected serializeState(s: RegState): unknown {
    if (s.engine === 'fast') {
      return { engine: 'fast', forest: forestToJSON(s.forest), importances: Array.from(s.importances), oobScore: s.oobScore };
    }
    return { engine: 'ml-random-forest', model: JSON.parse(JSON.stringify(s.model.toJSON())) };
  }

  protected deserializeState(raw: unknown): RegState {
    const r = raw as { engine?: unknown; forest?: unknown; importances?: unknown; oobScore?: unknown; model?: unknown } | null;
    if (r?.engine !== this.params.engine) {
      throw new SerializationError(`Invalid ${this.modelName} JSON: the state was made by engine ${JSON.stringify(r?.engine)}, but the parameters say '${this.params.engine}'.`);
    }
    if (r.engine === 'ml-random-forest') return { engine: 'ml-random-forest', model: MlForestRegressor.load(r.model as never) };
    const importances = float64FromJSON(r.importances, 'importances');
    const forest = forestFromJSON(r.forest, this.modelName, importances.length);
    if (r.oobScore !== null && typeof r.oobScore !== 'number') throw new SerializationError(`Invalid ${this.modelName} JSON: 'oobScore' must be a number or null.`);
    return { engine: 'fast', forest, importances, oobScore: r.oobScore as number | null };
  }
}

/** Registry entry of {@link RandomForestRegressor} (registry name `forest`). */
export const randomForestRegressorSpec: ModelSpec<RandomForestRegressor> = {
  name: 'forest',
  className: 'RandomForestRegressor',
  task: 'regression',
  packageName: '@mlcompare/ensemble',
  description: "Random forest: 100 bootstrap regression trees on @mlcompare/cart's engine (ml-random-forest selectable).",
  capabilities: { probabilities: false, needsScaling: false, handlesMissing: false, randomized: true, multiclass: false },
  params: spec,
  create: (p) => new RandomForestRegressor(p as Partial<RandomForestRegressorParams>),
  fromJSON: (j) => RandomForestRegressor.fromJSON(j),
};
