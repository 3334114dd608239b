/**
 * `DecisionTreeRegressor`: CART regression as scikit-learn's `DecisionTreeRegressor`, grown by
 * our own engine on typed arrays (default) or by ml-cart's `DecisionTreeRegression`.
 */
import {
  BaseRegressor,
  StateReader,
  type StateContext,
  oneOf,
  restoreModel,
  type Matrix,
  type ModelSpec,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
  modelSpec,
} from '@mlcompare/core';
import { DecisionTreeRegression as MlCartRegression } from 'ml-cart';
import { commonSpec, growFast, importancesOf, mlCartOptions, shapeOf, treeExpectations } from './internal/common.js';
import { readMlCart } from './internal/mlcart-json.js';
import { applyTree, readTree, treeToJSON, type TreeArrays } from './internal/tree.js';
import { cartDefaultSpace } from './default-space.js';

/** Split criteria of the regressor. */
export const REGRESSOR_CRITERIA = ['squared_error', 'absolute_error'] as const;

const spec = {
  criterion: oneOf(REGRESSOR_CRITERIA, {
    default: 'squared_error',
    doc: "Impurity a split minimises: 'squared_error' (variance; leaves predict the mean) or 'absolute_error' (mean absolute deviation from the median; leaves predict the median; O(n²) per node, as in scikit-learn).",
  }) as ParamDecl<(typeof REGRESSOR_CRITERIA)[number]>,
  ...commonSpec(),
} satisfies ParamSpecs;

/**
 * Parameters of {@link DecisionTreeRegressor} (scikit-learn's names, camelCased).
 *
 * - `criterion` — @defaultValue `'squared_error'`
 * - `maxDepth` — @defaultValue `null` (unlimited)
 * - `minSamplesSplit` — @defaultValue `2`
 * - `minSamplesLeaf` — @defaultValue `1`
 * - `maxFeatures` — @defaultValue `null` (all features)
 * - `minImpurityDecrease` — @defaultValue `0`
 * - `seed` — @defaultValue `0`
 * - `engine` — @defaultValue `'fast'`
 * @useDeclaredType
 */
export type DecisionTreeRegressorParams = ParamsOf<typeof spec>;

type RegState = { engine: 'fast'; tree: TreeArrays; nFeatures: number } | { engine: 'ml-cart'; model: MlCartRegression; nFeatures: number; json?: unknown };

/**
 * A CART decision tree regressor: leaves predict the mean target of their training samples
 * (the median with `criterion: 'absolute_error'`).
 * The default engine follows scikit-learn 1.2.1's best splitter (see {@link DecisionTreeClassifier}).
 *
 * @example
 * ```ts
 * import { DecisionTreeRegressor } from '@mlcompare/cart';
 * const tree = new DecisionTreeRegressor({ maxDepth: 1 });
 * await tree.fit([[0], [1], [2], [3]], [1, 1, 5, 5]);
 * await tree.predict([[2.5]]); // [5]
 * ```
 */
export class DecisionTreeRegressor extends BaseRegressor<typeof spec, RegState> {
  /** Class name used in JSON and messages. */
  static readonly modelName = 'DecisionTreeRegressor';
  /** Version of the JSON state layout. */
  static readonly stateVersion = 1;
  /** The parameter declarations. */
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; omitted ones take their defaults.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name, an invalid value, or an option the
   *   `'ml-cart'` engine cannot honour (`minSamplesLeaf` ≠ 1, `maxFeatures` ≠ null,
   *   `minImpurityDecrease` ≠ 0).
   */
  constructor(params: Partial<DecisionTreeRegressorParams> = {}) {
    super(DecisionTreeRegressor.modelName, spec, params);
    if (this.params.engine === 'ml-cart') mlCartOptions(this.modelName, this.params, 'squared_error');
  }

  /**
   * Rebuilds a regressor from {@link DecisionTreeRegressor.toJSON}'s output.
   * @throws {@link @mlcompare/core!SerializationError | SerializationError} when `json` is not a DecisionTreeRegressor of this version.
   */
  static fromJSON(json: unknown): DecisionTreeRegressor {
    return restoreModel(DecisionTreeRegressor, json);
  }

  /**
   * Normalised total impurity decrease per feature (scikit-learn's `feature_importances_`).
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!ParameterError | ParameterError} with engine 'ml-cart'.
   */
  get featureImportances(): number[] {
    return importancesOf(this.modelName, this.fitted('featureImportances').inner);
  }

  /** Number of leaves of the fitted tree. @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`. */
  get nLeaves(): number {
    return shapeOf(this.fitted('nLeaves').inner).leaves;
  }

  /** Depth of the fitted tree (a single leaf has depth 0). @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`. */
  get depth(): number {
    return shapeOf(this.fitted('depth').inner).depth;
  }

  protected fitTarget(X: Matrix, y: Float64Array): RegState {
    const p = this.params;
    const caller = `${this.modelName}.fit`;
    if (p.engine === 'ml-cart') {
      const model = new MlCartRegression({ gainFunction: 'regression', ...mlCartOptions(this.modelName, p, 'squared_error') });
      model.train(X.toArray(), Array.from(y));
      return { engine: 'ml-cart', model, nFeatures: X.cols };
    }
    const tree = growFast(X, { kind: 'regression', y }, p.criterion, p, caller);
    return { engine: 'fast', tree, nFeatures: X.cols };
  }

  protected predictValues(X: Matrix, s: RegState): ArrayLike<number> {
    if (s.engine === 'ml-cart') return s.model.predict(X.toArray());
    const leaves = applyTree(s.tree, X.data, X.rows, X.cols);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = s.tree.value[leaves[i]!]!;
    return out;
  }

  protected serializeState(s: RegState): unknown {
    if (s.engine === 'fast') return { engine: 'fast', nFeatures: s.nFeatures, tree: treeToJSON(s.tree) };
    return { engine: 'ml-cart', nFeatures: s.nFeatures, model: s.json ?? JSON.parse(JSON.stringify(s.model.toJSON())) };
  }

  /**
   * Reads `engine` (the parameter's), `nFeatures` (state.nFeatures; the width the tree was
   * grown on, which a tree that splits on few features cannot tell) and, for 'fast', `tree`
   * (see `readTree`: one value per node); for 'ml-cart', ml-cart's JSON (see `readMlCart`).
   */
  protected deserializeState(raw: unknown, ctx: StateContext): RegState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const engine = r.oneOf('engine', [p.engine] as const, 'params.engine');
    if (engine === 'ml-cart') {
      r.equal('nFeatures', ctx.nFeatures, 'state.nFeatures');
      const json = readMlCart(r.at('model'), r.raw('model'), ctx, {
        name: 'DTRegression',
        options: { gainFunction: 'regression', splitFunction: 'mean', ...mlCartOptions(this.modelName, p, 'squared_error'), maxDepth: p.maxDepth, kind: 'regression' },
        maxDepth: p.maxDepth,
      });
      r.done();
      // ml-cart's load drops fields it does not predict with (gain, numberSamples): keep the JSON read, so it is written back as it was.
      return { engine: 'ml-cart', model: MlCartRegression.load(json), nFeatures: ctx.nFeatures, json };
    }
    r.equal('nFeatures', ctx.nFeatures, 'state.nFeatures');
    const tree = readTree(r.object('tree'), ctx, { kind: 'regression', valueStride: 1, strideWhy: 'one value per node', ...treeExpectations(p) });
    r.done();
    return { engine: 'fast', tree, nFeatures: ctx.nFeatures };
  }
}

/** Registry entry of {@link DecisionTreeRegressor} (registry name `cart`). */
export const decisionTreeRegressorSpec: ModelSpec<DecisionTreeRegressor> = modelSpec(DecisionTreeRegressor, {
  name: 'cart',
  packageName: '@mlcompare/cart',
  description: "CART regression tree (scikit-learn's best splitter on typed arrays; ml-cart selectable).",
  capabilities: { probabilities: false, needsScaling: false, handlesMissing: false, randomized: true },
  defaultSpace: cartDefaultSpace,
});

