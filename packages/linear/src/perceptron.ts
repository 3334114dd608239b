/**
 * Rosenblatt's perceptron, as scikit-learn's `Perceptron` (an `SGDClassifier` with the
 * perceptron loss, constant learning rate `eta0` and no penalty): a weighted sum and a
 * threshold per class, one-vs-rest for more than two classes.
 */
import {
  BaseClassifier,
  FitError,
  Matrix,
  type MatrixLike,
  argmaxRows,
  type Labels,
  Rng,
  StateReader,
  bool,
  deriveSeed,
  float,
  int,
  matrixToJSON,
  readHistory,
  restoreModel,
  stateError,
  type ClassifierStateContext,
  seedParam,
  type ModelSpec,
  type ParamSpecs,
  type ParamsOf,
  type TrainingHistory,
  modelSpec,
  convergenceOfHistory,
  type Convergence,
  MAX_ITER_REACHED,
} from '@mlcompare/core';
import { headRow, predictLabels } from './internal/predict-input.js';
import { largestValue } from './internal/linalg.js';
import { untunedDefaultSpace } from './default-space.js';

const spec = {
  maxIter: int({ default: 1000, min: 1, doc: 'Most passes (epochs) over the training data.' }),
  tol: float({
    default: 1e-3,
    min: 0,
    doc: 'Stop when an epoch\'s summed loss has not fallen below (best − tol · n) for nIterNoChange epochs (scikit-learn\'s rule); 0 keeps going to maxIter unless the loss stops changing.',
  }),
  eta0: float({ default: 1, min: 0, minExclusive: true, doc: 'Constant step size of the update rule.' }),
  shuffle: bool({ default: true, doc: 'Shuffle the training samples before each epoch.' }),
  seed: seedParam(),
  fitIntercept: bool({ default: true, doc: 'Learn a threshold (bias) per class.' }),
  nIterNoChange: int({ default: 5, min: 1, doc: 'Epochs without improvement before stopping.' }),
  earlyStopping: bool({
    default: false,
    doc: 'Hold out validationFraction of the training data and stop when its accuracy has not improved by tol for nIterNoChange epochs (as scikit-learn, the last weights are kept).',
  }),
  validationFraction: float({ default: 0.1, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'Share held out when earlyStopping is true.' }),
} satisfies ParamSpecs;

/** Parameters of {@link Perceptron}. @useDeclaredType */
export type PerceptronParams = ParamsOf<typeof spec>;

interface PerceptronState {
  /** k' × d, k' = 1 for a binary problem (positive class code 1). */
  coef: Matrix;
  intercept: Float64Array;
  history: TrainingHistory;
}

/**
 * The perceptron: `predict` is the class whose weighted sum `x·w_c + b_c` is largest (for two
 * classes, the positive class when the sum is > 0). Training is Rosenblatt's rule: for each
 * sample in turn, when `y (x·w + b) <= 0` (y = ±1), `w += eta0 · y · x` and `b += eta0 · y`.
 * One binary perceptron per class for more than two classes (one-vs-rest), each with its own
 * shuffling stream derived from `seed`. No probabilities. {@link Perceptron.history} holds, per
 * epoch, the share of samples that triggered an update (averaged over the one-vs-rest problems
 * still training).
 *
 * @example
 * ```ts
 * const model = new Perceptron({ seed: 0 });
 * await model.fit(X, y);
 * const labels = await model.predict(Xtest);
 * ```
 */
export class Perceptron extends BaseClassifier<typeof spec, PerceptronState> {
  static readonly modelName = 'Perceptron';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /** @param params - see {@link PerceptronParams}; validated here, no data work. */
  constructor(params: Partial<PerceptronParams> = {}) {
    super(Perceptron.modelName, spec, params);
  }

  /** Rebuilds a model from `toJSON()` output. */
  static fromJSON(json: unknown): Perceptron {
    return restoreModel(Perceptron, json);
  }

  /** The perceptron has no probabilities. */
  override get supportsProba(): boolean {
    return false;
  }

  /** Per epoch, the share of samples that triggered an update. */
  override get history(): TrainingHistory | undefined {
    return this.isFitted ? this.fitted('history').inner.history : undefined;
  }

  /** How the last fit ended: `converged: false` when it stopped at `maxIter` (scikit-learn's ConvergenceWarning); undefined before fit. */
  override get convergence(): Convergence | undefined {
    return this.isFitted ? convergenceOfHistory(this.fitted('convergence').inner.history, 'maxIter', this.params.maxIter) : undefined;
  }

  /** Weights, one row per class (one row for a binary problem: the positive class `classes[1]`). */
  get coef(): number[][] {
    return this.fitted('coef').inner.coef.toArray();
  }

  /** Thresholds (biases), one per row of {@link Perceptron.coef}. */
  get intercept(): number[] {
    return Array.from(this.fitted('intercept').inner.intercept);
  }

  protected override probaUnavailableMessage(): string {
    return 'Perceptron.predictProba is not available: the perceptron outputs a class, not a probability (use LogisticRegression for probabilities).';
  }

  protected fitEncoded(X: Matrix, y: Int32Array, nClasses: number): PerceptronState {
    const p = this.params;
    const { rows: n, cols: d } = X;
    const problems = nClasses === 2 ? 1 : nClasses;
    const coef = Matrix.zeros(problems, d);
    const intercept = new Float64Array(problems);
    const loss: number[] = [];
    const lengths: number[] = [];
    let allConverged = true;
    for (let c = 0; c < problems; c++) {
      const positive = problems === 1 ? 1 : c;
      const yb = new Float64Array(n);
      for (let i = 0; i < n; i++) yb[i] = y[i] === positive ? 1 : -1;
      const rng = new Rng(deriveSeed(p.seed, 'perceptron', c));
      const r = trainBinary(X, yb, p, rng, coef.data.subarray(c * d, (c + 1) * d));
      intercept[c] = r.bias;
      lengths.push(r.errors.length);
      if (!r.converged) allConverged = false;
      for (let e = 0; e < r.errors.length; e++) loss[e] = (loss[e] ?? 0) + r.errors[e]!;
    }
    // Average the update rate over the problems still training at each epoch.
    const epochsMax = Math.max(...lengths);
    const counts = new Array<number>(epochsMax).fill(0);
    for (const len of lengths) for (let e = 0; e < len; e++) counts[e]!++;
    const history: TrainingHistory = {
      loss: loss.map((v, e) => v / Math.max(1, counts[e]!)),
      epochs: epochsMax,
      stopReason: allConverged
        ? p.earlyStopping
          ? `validation accuracy did not improve by tol (${p.tol}) for ${p.nIterNoChange} epochs`
          : `training loss did not improve by tol × n (tol = ${p.tol}) for ${p.nIterNoChange} epochs`
        : `${MAX_ITER_REACHED} (${p.maxIter} epochs)`,
    };
    return { coef, intercept, history };
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
   * The predicted class of each row (as {@link BaseClassifier.predict}), the labels written
   * straight from the product's chunks (internal/predict-input.ts).
   * @param X - rows with as many features as in `fit`.
   * @returns one label per row, from `classes`.
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for rows that are not finite numbers or have another number of features.
   */
  override async predict(X: MatrixLike): Promise<Labels> {
    const { Xm, f } = this.checkPredictX(X, 'predict', this.allowsNaN);
    const s = f.inner;
    return this.runPredict(() => Promise.resolve(predictLabels(Xm, s.coef.data, s.coef.rows, s.intercept, f.classes, `${this.modelName}.predict`)));
  }

  protected serializeState(s: PerceptronState): unknown {
    return { coef: matrixToJSON(s.coef), intercept: Array.from(s.intercept), history: s.history };
  }

  /**
   * Reads `coef` (one row per class, one row for a binary problem; one column per feature),
   * `intercept` (one per row; zeros without `fitIntercept`) and `history`.
   */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): PerceptronState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const k = ctx.nClasses;
    const rows = k === 2 ? 1 : k;
    const coef = r.matrix('coef', {
      rows,
      rowsWhy: rows === 1 ? 'one row for a binary problem' : `one row per class: state.classes has ${k}`,
      cols: ctx.nFeatures,
      colsWhy: `one per feature: state.nFeatures is ${ctx.nFeatures}`,
    });
    const intercept = r.float64('intercept', { length: rows, why: `one per row of ${r.at('coef')}` });
    if (!this.params.fitIntercept && intercept.some((b) => b !== 0)) {
      throw stateError(ctx.owner, r.at('intercept'), 'all 0 (params.fitIntercept is false)', `[${Array.from(intercept).join(', ')}]`);
    }
    const history = readHistory(ctx.owner, r.at('history'), r.raw('history'), { maxEpochs: this.params.maxIter, lossLength: 'epochs', validation: false });
    r.done();
    return { coef, intercept, history };
  }
}

/** The FitError for a weighted sum that overflowed (it made every later comparison false: one class predicted). */
function overflowed(X: Matrix, z: number, epoch: number, i: number, eta0: number): FitError {
  const { value, row, col } = largestValue(X);
  return new FitError(
    `Perceptron.fit overflowed: the weighted sum x·w + b of sample ${i} became ${z} at epoch ${epoch}. Argument 'X' holds values up to ${value} (row ${row}, column ${col}) and eta0 = ${eta0}; standardise the features (StandardScaler) or lower eta0.`,
  );
}

/**
 * One binary perceptron (labels ±1) by scikit-learn's `_plain_sgd` with the perceptron loss
 * (`Hinge(threshold = 0)`), constant step `eta0` and no penalty. Writes the weights into `w`.
 */
function trainBinary(
  X: Matrix,
  y: Float64Array,
  p: PerceptronParams,
  rng: Rng,
  w: Float64Array,
): { bias: number; errors: number[]; converged: boolean } {
  const { cols: d, data } = X;
  const { eta0, maxIter, tol, nIterNoChange, fitIntercept, shuffle, earlyStopping } = p;
  let train: Int32Array;
  let val: Int32Array | undefined;
  if (earlyStopping) {
    ({ train, val } = validationSplit(y, p.validationFraction, rng));
  } else {
    train = new Int32Array(X.rows);
    for (let i = 0; i < train.length; i++) train[i] = i;
  }
  const n = train.length;
  let b = 0;
  const errors: number[] = [];
  let bestLoss = Infinity;
  let bestScore = -Infinity;
  let noImprovement = 0;
  let converged = false;
  for (let epoch = 0; epoch < maxIter; epoch++) {
    if (shuffle) rng.shuffle(train);
    let sumLoss = 0;
    let updates = 0;
    for (let t = 0; t < n; t++) {
      const i = train[t]!;
      const o = i * d;
      // Four running sums: the dot product is latency-bound with one.
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let j = 0;
      for (; j + 4 <= d; j += 4) {
        z0 += w[j]! * data[o + j]!;
        z1 += w[j + 1]! * data[o + j + 1]!;
        z2 += w[j + 2]! * data[o + j + 2]!;
        z3 += w[j + 3]! * data[o + j + 3]!;
      }
      for (; j < d; j++) z0 += w[j]! * data[o + j]!;
      const z = z0 + z1 + (z2 + z3) + b;
      if (!Number.isFinite(z)) throw overflowed(X, z, epoch, i, eta0);
      const yi = y[i]!;
      const m = yi * z;
      if (m <= 0) {
        sumLoss -= m;
        updates++;
        const u = eta0 * yi;
        for (let j = 0; j < d; j++) w[j]! += u * data[o + j]!;
        if (fitIntercept) b += u;
      }
    }
    errors.push(updates / n);
    if (val) {
      const score = accuracyOn(X, y, val, w, b);
      if (score < bestScore + tol) noImprovement++;
      else noImprovement = 0;
      if (score > bestScore) bestScore = score;
    } else {
      if (sumLoss > bestLoss - tol * n) noImprovement++;
      else noImprovement = 0;
      if (sumLoss < bestLoss) bestLoss = sumLoss;
    }
    if (noImprovement >= nIterNoChange) {
      converged = true;
      break;
    }
  }
  return { bias: b, errors, converged };
}

/** Stratified hold-out of `fraction` of the samples (at least one per sign when possible). */
function validationSplit(y: Float64Array, fraction: number, rng: Rng): { train: Int32Array; val: Int32Array } {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i]! > 0 ? pos : neg).push(i);
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  for (const group of [pos, neg]) {
    rng.shuffle(group);
    const k = Math.min(group.length - 1, Math.max(group.length > 1 ? 1 : 0, Math.round(group.length * fraction)));
    for (let t = 0; t < group.length; t++) (t < k ? valIdx : trainIdx).push(group[t]!);
  }
  return { train: Int32Array.from(trainIdx), val: Int32Array.from(valIdx) };
}

function accuracyOn(X: Matrix, y: Float64Array, idx: Int32Array, w: Float64Array, b: number): number {
  const d = X.cols;
  let ok = 0;
  for (const i of idx) {
    let z = b;
    for (let j = 0; j < d; j++) z += w[j]! * X.data[i * d + j]!;
    if ((z > 0 ? 1 : -1) === y[i]) ok++;
  }
  return idx.length > 0 ? ok / idx.length : 0;
}

/** Registry entry of {@link Perceptron} (`perceptron`). */
export const perceptronSpec: ModelSpec<Perceptron> = modelSpec(Perceptron, {
  name: 'perceptron',
  packageName: '@mlcompare/linear',
  description: "Rosenblatt's perceptron (weighted sum + threshold, one-vs-rest), as scikit-learn's Perceptron.",
  capabilities: { probabilities: false, needsScaling: true, handlesMissing: false, randomized: true, multiclass: true },
  defaultSpace: untunedDefaultSpace,
});
