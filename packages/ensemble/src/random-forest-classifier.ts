/**
 * `RandomForestClassifier`: scikit-learn's `RandomForestClassifier` on @mlcompare/cart's tree
 * engine (default), or the ml-random-forest library.
 */
import {
  BaseClassifier,
  Matrix,
  ParameterError,
  StateReader,
  oneOf,
  modelSpec,
  restoreModel,
  type ClassifierStateContext,
  type ModelSpec,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
} from '@mlcompare/core';
import { RandomForestClassifier as MlForestClassifier } from 'ml-random-forest';
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
export const FOREST_CLASSIFIER_CRITERIA = ['gini', 'entropy', 'log_loss'] as const;

const spec = {
  criterion: oneOf(FOREST_CLASSIFIER_CRITERIA, {
    default: 'gini',
    doc: "Impurity each split minimises: 'gini', or 'entropy' / 'log_loss' (the same: Shannon entropy).",
  }) as ParamDecl<(typeof FOREST_CLASSIFIER_CRITERIA)[number]>,
  ...forestSpec('sqrt'),
} satisfies ParamSpecs;

/**
 * Parameters of {@link RandomForestClassifier} (scikit-learn's names, camelCased).
 *
 * - `nEstimators` — @defaultValue `100`
 * - `criterion` — @defaultValue `'gini'`
 * - `maxDepth` — @defaultValue `null` (unlimited)
 * - `minSamplesSplit` — @defaultValue `2`
 * - `minSamplesLeaf` — @defaultValue `1`
 * - `maxFeatures` — @defaultValue `'sqrt'`
 * - `minImpurityDecrease` — @defaultValue `0`
 * - `bootstrap` — @defaultValue `true`
 * - `maxSamples` — @defaultValue `null` (as many rows as the training set)
 * - `oobScore` — @defaultValue `false`
 * - `seed` — @defaultValue `0`
 * - `engine` — @defaultValue `'fast'`
 * @useDeclaredType
 */
export type RandomForestClassifierParams = ParamsOf<typeof spec>;

type ClfState =
  | FastForest
  | { engine: 'ml-random-forest'; model: MlForestClassifier; nClasses: number; json?: unknown };

/**
 * A random forest classifier (Breiman 2001), as scikit-learn 1.2.1's `RandomForestClassifier`:
 * `nEstimators` fully grown CART trees, each on a bootstrap sample of the rows and searching
 * `maxFeatures` features drawn at each split; `predictProba` is the mean of the trees' leaf
 * class frequencies and `predict` its arg-max.
 *
 * The random streams are core's (`Rng`), not numpy's, so a forest is not scikit-learn's forest
 * tree for tree; the same `seed` always grows the same forest.
 *
 * @example
 * ```ts
 * import { RandomForestClassifier } from '@mlcompare/ensemble';
 * const rf = await new RandomForestClassifier({ nEstimators: 50, seed: 1 }).fit(
 *   [[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.1], [0.9, 0.9]], ['a', 'b', 'b', 'a', 'a', 'a']);
 * await rf.predict([[0.05, 0.05]]); // ['a']
 * ```
 */
export class RandomForestClassifier extends BaseClassifier<typeof spec, ClfState> {
  /** Class name used in JSON and messages. */
  static readonly modelName = 'RandomForestClassifier';
  /** Version of the JSON state layout. */
  static readonly stateVersion = 1;
  /** The parameter declarations. */
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; omitted ones take their defaults.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or invalid value, `oobScore` or
   *   `maxSamples` without `bootstrap`, or an option the 'ml-random-forest' engine cannot honour.
   */
  constructor(params: Partial<RandomForestClassifierParams> = {}) {
    super(RandomForestClassifier.modelName, spec, params);
    checkForestParams(this.modelName, this.params, this.params.criterion, 'gini');
  }

  /**
   * Rebuilds a classifier from {@link RandomForestClassifier.toJSON}'s output.
   * @throws {@link @mlcompare/core!SerializationError | SerializationError} when `json` is not a RandomForestClassifier of this version.
   */
  static fromJSON(json: unknown): RandomForestClassifier {
    return restoreModel(RandomForestClassifier, json);
  }

  /**
   * Mean decrease in impurity per feature, averaged over the trees and normalised to sum 1
   * (scikit-learn's `feature_importances_`).
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
   * Accuracy of the out-of-bag predictions on the training rows (scikit-learn's `oob_score_`).
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

  protected fitEncoded(X: Matrix, y: Int32Array, nClasses: number): ClfState {
    const p = this.params;
    const caller = `${this.modelName}.fit`;
    if (p.engine === 'ml-random-forest') {
      const model = new MlForestClassifier(mlForestOptions(p, X.cols, caller, 'gini'));
      // Class codes 0..k-1 reach the library, never the labels.
      model.train(X.toArray(), Array.from(y));
      return { engine: 'ml-random-forest', model, nClasses };
    }
    const criterion = p.criterion === 'gini' ? 'gini' : 'entropy';
    const grown = growForest(X, { kind: 'classification', y, nClasses }, criterion, p, caller, (oob, seen) => {
      // scikit-learn 1.2.1: rows no tree left out get all-zero probabilities (so class 0), and
      // the accuracy is over every training row.
      let ok = 0;
      for (let i = 0; i < y.length; i++) {
        let best = 0;
        for (let c = 1; c < nClasses; c++) if (oob[i * nClasses + c]! > oob[i * nClasses + best]!) best = c;
        if (seen[i] === 0) best = 0;
        if (best === y[i]) ok++;
      }
      return ok / y.length;
    });
    return { engine: 'fast', nFeatures: X.cols, trees: grown.trees, importances: grown.importances, oobScore: grown.oobScore };
  }

  protected predictProbaEncoded(X: Matrix, s: ClfState): Matrix {
    if (s.engine === 'fast') return new Matrix(predictForest(s.trees, X, true), X.rows, s.trees[0]!.valueStride);
    // ml-random-forest: the share of trees voting for each class.
    const votes = s.model.predictionValues(X.toArray()) as unknown as { rows: number; columns: number; get(i: number, j: number): number };
    const out = Matrix.zeros(X.rows, s.nClasses);
    for (let i = 0; i < votes.rows; i++) {
      for (let t = 0; t < votes.columns; t++) out.data[i * s.nClasses + votes.get(i, t)]! += 1 / votes.columns;
    }
    return out;
  }

  protected override async predictEncoded(X: Matrix, s: ClfState): Promise<Int32Array> {
    // ml-random-forest: its own majority vote.
    if (s.engine === 'ml-random-forest') return Int32Array.from(s.model.predict(X.toArray()));
    return super.predictEncoded(X, s);
  }

  protected serializeState(s: ClfState): unknown {
    if (s.engine === 'fast') return forestToJSON(s);
    return { engine: 'ml-random-forest', model: s.json ?? JSON.parse(JSON.stringify(s.model.toJSON())) };
  }

  /**
   * Reads `engine` (the parameter's) and, for 'fast', the trees and the out-of-bag score (see
   * `readForest`: each tree checked as @mlcompare/cart checks one); for 'ml-random-forest', the
   * library's JSON (see `readMlForest`).
   */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): ClfState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const engine = r.oneOf('engine', [p.engine] as const, 'params.engine');
    if (engine === 'ml-random-forest') {
      const json = readMlForest(r, ctx, p, ctx.nClasses);
      r.done();
      // The library's load drops fields it does not predict with: keep the JSON read, so it is written back as it was.
      return { engine: 'ml-random-forest', model: MlForestClassifier.load(json as never), nClasses: ctx.nClasses, json };
    }
    const f = readForest(r, ctx, p, 'classification', ctx.nClasses, `one count per class: state.classes has ${ctx.nClasses}`);
    r.done();
    return f;
  }
}

/** Registry entry of {@link RandomForestClassifier} (registry name `forest`). */
export const randomForestClassifierSpec: ModelSpec<RandomForestClassifier> = modelSpec(RandomForestClassifier, {
  name: 'forest',
  packageName: '@mlcompare/ensemble',
  description: "Random forest: 100 bootstrap CART trees on @mlcompare/cart's engine (ml-random-forest selectable).",
  capabilities: { probabilities: true, needsScaling: false, handlesMissing: false, randomized: true, multiclass: true },
  defaultSpace: forestDefaultSpace,
});
