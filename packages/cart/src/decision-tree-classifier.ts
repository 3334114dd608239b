/**
 * `DecisionTreeClassifier`: CART classification as scikit-learn's `DecisionTreeClassifier`,
 * grown by our own engine on typed arrays (default) or by ml-cart.
 */
import {
  BaseClassifier,
  Matrix,
  StateReader,
  argmaxRows,
  type ClassifierStateContext,
  oneOf,
  restoreModel,
  type ModelSpec,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
  modelSpec,
} from '@mlcompare/core';
import { DecisionTreeClassifier as MlCartClassifier } from 'ml-cart';
import { commonSpec, growFast, importancesOf, mlCartOptions, shapeOf, treeExpectations } from './internal/common.js';
import { readMlCart } from './internal/mlcart-json.js';
import { applyTree, readTree, treeToJSON, type TreeArrays } from './internal/tree.js';
import { cartDefaultSpace } from './default-space.js';

/** Split criteria of the classifier. */
export const CLASSIFIER_CRITERIA = ['gini', 'entropy', 'log_loss'] as const;

const spec = {
  criterion: oneOf(CLASSIFIER_CRITERIA, {
    default: 'gini',
    doc: "Impurity a split minimises: 'gini', or 'entropy' / 'log_loss' (the same: Shannon entropy in bits).",
  }) as ParamDecl<(typeof CLASSIFIER_CRITERIA)[number]>,
  ...commonSpec(),
} satisfies ParamSpecs;

/**
 * Parameters of {@link DecisionTreeClassifier} (scikit-learn's names, camelCased).
 *
 * - `criterion` — @defaultValue `'gini'`
 * - `maxDepth` — @defaultValue `null` (unlimited)
 * - `minSamplesSplit` — @defaultValue `2`
 * - `minSamplesLeaf` — @defaultValue `1`
 * - `maxFeatures` — @defaultValue `null` (all features)
 * - `minImpurityDecrease` — @defaultValue `0`
 * - `seed` — @defaultValue `0`
 * - `engine` — @defaultValue `'fast'`
 * @useDeclaredType
 */
export type DecisionTreeClassifierParams = ParamsOf<typeof spec>;

type ClfState =
  | { engine: 'fast'; tree: TreeArrays; nFeatures: number; leafClass: Int32Array }
  | { engine: 'ml-cart'; model: MlCartClassifier; nClasses: number; nFeatures: number; json?: unknown };

/** Class of each node: the largest count (first maximum wins, as numpy's argmax). */
function nodeArgmax(t: TreeArrays): Int32Array {
  return argmaxRows(new Matrix(t.value, t.nodeCount, t.valueStride));
}

/**
 * A CART decision tree classifier.
 *
 * The default engine (`'fast'`) follows scikit-learn 1.2.1's best splitter step for step:
 * features compared as float32, candidate features in a seeded random order, thresholds at
 * midpoints between distinct neighbouring values, the first strictly best split wins. A fully
 * grown tree (the defaults) fits every training sample it can separate. `predictProba` gives
 * the class frequencies of the leaf a sample falls into.
 *
 * @example
 * ```ts
 * import { DecisionTreeClassifier } from '@mlcompare/cart';
 * const tree = new DecisionTreeClassifier({ maxDepth: 2 });
 * await tree.fit([[0, 0], [0, 1], [1, 0], [1, 1]], ['a', 'b', 'b', 'a']);
 * await tree.predict([[1, 1]]); // ['a']
 * ```
 */
export class DecisionTreeClassifier extends BaseClassifier<typeof spec, ClfState> {
  /** Class name used in JSON and messages. */
  static readonly modelName = 'DecisionTreeClassifier';
  /** Version of the JSON state layout. */
  static readonly stateVersion = 1;
  /** The parameter declarations. */
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; omitted ones take their defaults.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name, an invalid value, or an option the
   *   `'ml-cart'` engine cannot honour (criterion other than gini, `minSamplesLeaf` ≠ 1,
   *   `maxFeatures` ≠ null, `minImpurityDecrease` ≠ 0).
   */
  constructor(params: Partial<DecisionTreeClassifierParams> = {}) {
    super(DecisionTreeClassifier.modelName, spec, params);
    if (this.params.engine === 'ml-cart') mlCartOptions(this.modelName, this.params, 'gini');
  }

  /**
   * Rebuilds a classifier from {@link DecisionTreeClassifier.toJSON}'s output.
   * @throws {@link @mlcompare/core!SerializationError | SerializationError} when `json` is not a DecisionTreeClassifier of this version.
   */
  static fromJSON(json: unknown): DecisionTreeClassifier {
    return restoreModel(DecisionTreeClassifier, json);
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

  protected fitEncoded(X: Matrix, y: Int32Array, nClasses: number): ClfState {
    const p = this.params;
    const caller = `${this.modelName}.fit`;
    if (p.engine === 'ml-cart') {
      const model = new MlCartClassifier({ gainFunction: 'gini', ...mlCartOptions(this.modelName, p, 'gini') });
      // ml-cart needs integer class indices: it gets the codes 0..k-1, never the labels.
      model.train(X.toArray(), Array.from(y));
      return { engine: 'ml-cart', model, nClasses, nFeatures: X.cols };
    }
    const tree = growFast(X, { kind: 'classification', y, nClasses }, p.criterion === 'gini' ? 'gini' : 'entropy', p, caller);
    return { engine: 'fast', tree, nFeatures: X.cols, leafClass: nodeArgmax(tree) };
  }

  protected predictProbaEncoded(X: Matrix, s: ClfState): Matrix {
    if (s.engine === 'ml-cart') return this.mlCartProba(X, s.model, s.nClasses);
    const K = s.tree.valueStride;
    const leaves = applyTree(s.tree, X.data, X.rows, X.cols);
    const out = Matrix.zeros(X.rows, K);
    const v = s.tree.value;
    for (let i = 0; i < X.rows; i++) {
      const b = leaves[i]! * K;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += v[b + k]!;
      if (sum === 0) sum = 1;
      for (let k = 0; k < K; k++) out.data[i * K + k] = v[b + k]! / sum;
    }
    return out;
  }

  protected override async predictEncoded(X: Matrix, s: ClfState): Promise<Int32Array> {
    if (s.engine === 'ml-cart') return Int32Array.from(s.model.predict(X.toArray()));
    const leaves = applyTree(s.tree, X.data, X.rows, X.cols);
    for (let i = 0; i < leaves.length; i++) leaves[i] = s.leafClass[leaves[i]!]!;
    return leaves;
  }

  private mlCartProba(X: Matrix, model: MlCartClassifier, K: number): Matrix {
    const out = Matrix.zeros(X.rows, K);
    const rows = X.toArray();
    for (let i = 0; i < rows.length; i++) {
      // Walk ml-cart's tree as its own `classify` does (x < splitValue goes left).
      let node = model.root;
      while (node.left && node.right) node = rows[i]![node.splitColumn!]! < node.splitValue! ? node.left : node.right;
      const dist = node.distribution as { to1DArray(): number[] };
      // A leaf's row is as long as the largest class code it saw + 1: pad with zeros. ml-cart
      // sums 1/n per sample, so rows can add up to 1 + 2e-16: divide by the row sum.
      const row = dist.to1DArray();
      let sum = 0;
      for (const p of row) sum += p;
      row.forEach((p, k) => (out.data[i * K + k] = p / sum));
    }
    return out;
  }

  protected serializeState(s: ClfState): unknown {
    if (s.engine === 'fast') return { engine: 'fast', nFeatures: s.nFeatures, tree: treeToJSON(s.tree) };
    return { engine: 'ml-cart', nClasses: s.nClasses, nFeatures: s.nFeatures, model: s.json ?? JSON.parse(JSON.stringify(s.model.toJSON())) };
  }

  /**
   * Reads `engine` (the parameter's), `nFeatures` (state.nFeatures) and, for 'fast', `tree`
   * (see `readTree`: one class count per class and node); for 'ml-cart', `nClasses` and ml-cart's
   * JSON (see `readMlCart`).
   */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): ClfState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const k = ctx.nClasses;
    const engine = r.oneOf('engine', [p.engine] as const, 'params.engine');
    if (engine === 'ml-cart') {
      r.equal('nClasses', k, `state.classes has ${k}`);
      r.equal('nFeatures', ctx.nFeatures, 'state.nFeatures');
      const json = readMlCart(r.at('model'), r.raw('model'), ctx, {
        name: 'DTClassifier',
        options: { gainFunction: 'gini', splitFunction: 'mean', ...mlCartOptions(this.modelName, p, 'gini'), maxDepth: p.maxDepth, kind: 'classifier' },
        nClasses: k,
        maxDepth: p.maxDepth,
      });
      r.done();
      // ml-cart's load drops fields it does not predict with (gain, numberSamples): keep the JSON read, so it is written back as it was.
      return { engine: 'ml-cart', model: MlCartClassifier.load(json), nClasses: k, nFeatures: ctx.nFeatures, json };
    }
    r.equal('nFeatures', ctx.nFeatures, 'state.nFeatures');
    const tree = readTree(r.object('tree'), ctx, { kind: 'classification', valueStride: k, strideWhy: `one count per class: state.classes has ${k}`, ...treeExpectations(p) });
    r.done();
    return { engine: 'fast', tree, nFeatures: ctx.nFeatures, leafClass: nodeArgmax(tree) };
  }
}

/** Registry entry of {@link DecisionTreeClassifier} (registry name `cart`). */
export const decisionTreeClassifierSpec: ModelSpec<DecisionTreeClassifier> = modelSpec(DecisionTreeClassifier, {
  name: 'cart',
  packageName: '@mlcompare/cart',
  description: "CART decision tree (scikit-learn's best splitter on typed arrays; ml-cart selectable).",
  capabilities: { probabilities: true, needsScaling: false, handlesMissing: false, randomized: true, multiclass: true },
  defaultSpace: cartDefaultSpace,
});
