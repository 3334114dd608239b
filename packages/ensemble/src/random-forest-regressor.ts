/**
 * `RandomForestRegressor`: scikit-learn's `RandomForestRegressor` on @mlcompare/cart's tree
 * engine (default), or the ml-random-forest library.
 */
import {
  BaseRegressor,
  ParameterError,
  StateReader,
  oneOf,
  r2Score,
  modelSpec,
  restoreModel,
  type Matrix,
  type StateContext,
  type ModelSpec,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
} from '@mlcompare/core';
import { RandomForestRegression as MlForestRegressor } from 'ml-random-forest';
import {
  checkForestParams,
  forestBytes,
  forestSpec,
  forestToJSON,
  growForest,
  predictForest,
  readForest,
  type FastForest,
} from './internal/forest.js';
import { mlForestOptions, readMlForest } from './internal/ml-forest.js';
import { forestDefaultSpace } from './default-space.js';

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
 * @useDeclaredType
 */
export type RandomForestRegressorParams = ParamsOf<typeof spec>;

type RegState =
  | FastForest
  | { engine: 'ml-random-forest'; model: MlForestRegressor; json?: unknown };

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
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or invalid value, `oobScore` or
   *   `maxSamples` without `bootstrap`, or an option the 'ml-random-forest' engine cannot honour.
   */
  constructor(params: Partial<RandomForestRegressorParams> = {}) {
    super(RandomForestRegressor.modelName, spec, params);
    checkForestParams(this.modelName, this.params, this.params.criterion, 'squared_error');
  }

  /**
   * Rebuilds a regressor from {@link RandomForestRegressor.toJSON}'s output.
   * @throws {@link @mlcompare/core!SerializationError | SerializationError} when `json` is not a RandomForestRegressor of this version.
   */
  static fromJSON(json: unknown): RandomForestRegressor {
    return restoreModel(RandomForestRegressor, json);
  }

  /**
   * Mean decrease in impurity per feature, averaged over the trees and normalised to sum 1.
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!ParameterError | ParameterError} with engine 'ml-random-forest'.
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
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!ParameterError | ParameterError} unless fitted with `oobScore: true`.
   */
  get oobScore_(): number {
    const s = this.fitted('oobScore_').inner;
    if (s.engine !== 'fast' || s.oobScore === null) {
      throw new ParameterError(`${this.modelName}.oobScore_ is available only after a fit with 'oobScore: true'.`);
    }
    return s.oobScore;
  }

  /** Bytes of typed arrays holding the fitted trees. @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`. */
  get treeBytes(): number {
    const s = this.fitted('treeBytes').inner;
    return s.engine === 'fast' ? forestBytes(s.trees) : 0;
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
    return { engine: 'fast', nFeatures: X.cols, trees: grown.trees, importances: grown.importances, oobScore: grown.oobScore };
  }

  protected predictValues(X: Matrix, s: RegState): ArrayLike<number> {
    if (s.engine === 'ml-random-forest') return s.model.predict(X.toArray());
    return predictForest(s.trees, X, false);
  }

  protected serializeState(s: RegState): unknown {
    if (s.engine === 'fast') return forestToJSON(s);
    return { engine: 'ml-random-forest', model: s.json ?? JSON.parse(JSON.stringify(s.model.toJSON())) };
  }

  /**
   * Reads `engine` (the parameter's) and, for 'fast', the trees and the out-of-bag score (see
   * `readForest`: each tree checked as @mlcompare/cart checks one); for 'ml-random-forest', the
   * library's JSON (see `readMlForest`).
   */
  protected deserializeState(raw: unknown, ctx: StateContext): RegState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const engine = r.oneOf('engine', [p.engine] as const, 'params.engine');
    if (engine === 'ml-random-forest') {
      const json = readMlForest(r, ctx, p, undefined);
      r.done();
      // The library's load drops fields it does not predict with: keep the JSON read, so it is written back as it was.
      return { engine: 'ml-random-forest', model: MlForestRegressor.load(json as never), json };
    }
    const f = readForest(r, ctx, p, 'regression', 1, 'one value per node');
    r.done();
    return f;
  }
}

/** Registry entry of {@link RandomForestRegressor} (registry name `forest`). */
export const randomForestRegressorSpec: ModelSpec<RandomForestRegressor> = modelSpec(RandomForestRegressor, {
  name: 'forest',
  packageName: '@mlcompare/ensemble',
  description: "Random forest: 100 bootstrap regression trees on @mlcompare/cart's engine (ml-random-forest selectable).",
  capabilities: { probabilities: false, needsScaling: false, handlesMissing: false, randomized: true, multiclass: false },
  defaultSpace: forestDefaultSpace,
});
