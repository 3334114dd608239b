/**
 * Logistic regression as scikit-learn 1.2.1's `LogisticRegression(solver='lbfgs')`: a single
 * sigmoid for two classes, multinomial softmax for more, L2 penalty scaled by `C`.
 */
import {
  BaseClassifier,
  FitError,
  Matrix,
  type MatrixLike,
  argmaxRows,
  type Labels,
  StateReader,
  bool,
  float,
  int,
  matrixToJSON,
  oneOf,
  readHistory,
  restoreModel,
  stateError,
  type ClassifierStateContext,
  type ModelSpec,
  type ParamSpecs,
  type ParamsOf,
  type TrainingHistory,
  modelSpec,
  convergenceOfHistory,
  MAX_THREAD_BUDGET,
  importThreadModule,
  nullValue,
  union,
  type Convergence,
} from '@mlcompare/core';
import MlLogisticRegression from 'ml-logistic-regression';
import { Matrix as MlMatrix } from 'ml-matrix';
import { minimizeLbfgs, type ObjectiveFn } from './internal/lbfgs.js';
import { largestValue } from './internal/linalg.js';
import { blockCount, blockEvaluator, combineBlocks, slotSize, type BlockProblem } from './internal/logistic-blocks.js';
import type * as Threads from './internal/logistic-threads.js';
import { checkFiniteThrough, headRow, predictLabels } from './internal/predict-input.js';
import { decisionScores } from './internal/wasm-dots.js';
import { logisticDefaultSpace } from './default-space.js';

/** Fewest rows for which the loss and gradient are split over threads (below, one thread is faster: measured in perf/linear.ts). */
const THREAD_MIN_ROWS = 8192;

const spec = {
  C: float({
    default: 1,
    min: 0,
    minExclusive: true,
    doc: 'Inverse of the L2 penalty strength: the objective is C · Σ log-loss + ½‖W‖² (intercepts not penalised), as scikit-learn.',
  }),
  fitIntercept: bool({ default: true, doc: 'Learn an intercept per class (not penalised).' }),
  maxIter: int({
    default: 1000,
    min: 1,
    doc: "Most L-BFGS iterations (scikit-learn's max_iter; the reference runs use 1000). For engine 'ml-logistic-regression': gradient steps per class.",
  }),
  tol: float({ default: 1e-4, min: 0, doc: 'Stop when the largest absolute gradient component is at most tol (scipy L-BFGS-B gtol, as scikit-learn).' }),
  engine: oneOf(['mlcompare', 'ml-logistic-regression'] as const, {
    default: 'mlcompare',
    doc: "'mlcompare': L-BFGS on typed arrays (scikit-learn's model). 'ml-logistic-regression': that library's one-vs-all fixed-step gradient descent, unpenalised (C is ignored), with a ones column for the intercept.",
  }),
  learningRate: float({
    default: 5e-4,
    min: 0,
    minExclusive: true,
    doc: "Step size of engine 'ml-logistic-regression' (its default); ignored by the L-BFGS engine.",
  }),
  nJobs: union<number | null>([nullValue(), int({ default: 2, min: 1, max: MAX_THREAD_BUDGET, doc: 'A number of threads.' })], {
    default: null,
    doc:
      "Threads of the L-BFGS engine's loss and gradient (rows split in fixed blocks of 4,096, summed in block order: the same model whatever the number). " +
      "null: core's thread budget (threadBudget; every core unless the runner set it). One thread below 2 blocks' worth of rows (" +
      `${THREAD_MIN_ROWS}), where threads do not pay, and in browsers.`,
  }),
} satisfies ParamSpecs;

/** Parameters of {@link LogisticRegression}. @useDeclaredType */
export type LogisticRegressionParams = ParamsOf<typeof spec>;

/** Learned state. Rows of `coef` are classes (one row for a binary problem with the L-BFGS engine). */
interface LogisticState {
  engine: LogisticRegressionParams['engine'];
  /** k' × d, k' = 1 (binary, sigmoid) or the number of classes. */
  coef: Matrix;
  /** k' intercepts. */
  intercept: Float64Array;
  history: TrainingHistory;
  /** What ran the fit's products: the WebAssembly SIMD kernel, or JavaScript (its fallback, or the library). */
  backend: 'wasm-simd' | 'js';
  /** The library model (engine 'ml-logistic-regression'). */
  lib?: MlLogisticRegression;
}

/**
 * Logistic regression: multinomial (softmax) for three or more classes and a single sigmoid
 * for two, with an L2 penalty scaled as scikit-learn's (`C`). The default engine minimises
 * `Σ log-loss + ‖W‖² / (2C)` by L-BFGS with a strong-Wolfe line search on Float64Arrays,
 * and stops as scipy's L-BFGS-B does for scikit-learn (`max |g| <= tol`).
 *
 * @example
 * ```ts
 * const model = new LogisticRegression({ C: 1 });
 * await model.fit(X, y);
 * const proba = await model.predictProba(Xtest);
 * ```
 */
export class LogisticRegression extends BaseClassifier<typeof spec, LogisticState> {
  static readonly modelName = 'LogisticRegression';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /** @param params - see {@link LogisticRegressionParams}; validated here, no data work. */
  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super(LogisticRegression.modelName, spec, params);
  }

  /** Rebuilds a model from `toJSON()` output. */
  static fromJSON(json: unknown): LogisticRegression {
    return restoreModel(LogisticRegression, json);
  }

  /**
   * What ran the last fit: `'wasm-simd'` when the L-BFGS engine's matrix products ran on core's
   * WebAssembly SIMD kernel, `'js'` when they ran on its JavaScript fallback (a host without
   * WebAssembly SIMD) or the engine was ml-logistic-regression; `'js'` before fit. A model read
   * from JSON says where it was fitted.
   */
  override get backend(): string {
    return this.isFitted ? this.fitted('backend').inner.backend : 'js';
  }

  /** Objective per sample after each iteration (L-BFGS) or none (the library engine reports nothing). */
  override get history(): TrainingHistory | undefined {
    return this.isFitted ? this.fitted('history').inner.history : undefined;
  }

  /**
   * How the last L-BFGS fit ended: `converged: false` when it stopped at `maxIter` (scikit-learn's
   * ConvergenceWarning); undefined before fit and for engine 'ml-logistic-regression', which has no
   * convergence test.
   */
  override get convergence(): Convergence | undefined {
    if (!this.isFitted) return undefined;
    const s = this.fitted('convergence').inner;
    return s.engine === 'mlcompare' ? convergenceOfHistory(s.history, 'maxIter', this.params.maxIter) : undefined;
  }

  /** Coefficients, one row per class (one row for a binary problem, the positive class `classes[1]`). */
  get coef(): number[][] {
    return this.fitted('coef').inner.coef.toArray();
  }

  /** Intercepts, one per row of {@link LogisticRegression.coef}. */
  get intercept(): number[] {
    return Array.from(this.fitted('intercept').inner.intercept);
  }

  protected async fitEncoded(X: Matrix, y: Int32Array, nClasses: number): Promise<LogisticState> {
    if (this.params.engine === 'ml-logistic-regression') return this.fitLibrary(X, y, nClasses);
    const { C, fitIntercept, maxIter, tol, nJobs } = this.params;
    const d = X.cols;
    const rows = nClasses === 2 ? 1 : nClasses;
    const stride = d + 1;
    const problem: BlockProblem = { X: X.data, y, n: X.rows, d, nClasses, fitIntercept };
    const data = await dataObjective(problem, nJobs, `${LogisticRegression.modelName}.fit`);
    const loss: number[] = [];
    let res;
    try {
      res = minimizeLbfgs(penalised(data.evaluate, rows, d, C, fitIntercept), new Float64Array(rows * stride), {
        maxIter,
        gtol: tol,
        onIteration: (f) => loss.push(f / X.rows),
      });
    } finally {
      await data.close();
    }
    if (res.x.every((v) => v === 0) && !(res.converged && res.nIter === 0)) {
      // L-BFGS left its starting point w = 0 although the gradient there was not below tol (the
      // line search failed, or its step underflowed next to w = 0): the model would predict one
      // class for every sample, silently.
      const { value, row, col } = largestValue(X);
      throw new FitError(
        `LogisticRegression.fit made no progress: L-BFGS ended at its starting point w = 0 (${res.stopReason}). Argument 'X' holds values up to ${value} (row ${row}, column ${col}), which makes the objective too steep for float64 steps; standardise the features (StandardScaler) first.`,
      );
    }
    const coef = Matrix.zeros(rows, d);
    const intercept = new Float64Array(rows);
    for (let k = 0; k < rows; k++) {
      coef.data.set(res.x.subarray(k * stride, k * stride + d), k * d);
      intercept[k] = res.x[k * stride + d]!;
    }
    return { engine: 'mlcompare', coef, intercept, history: { loss, epochs: res.nIter, stopReason: res.stopReason }, backend: data.backend };
  }

  private fitLibrary(X: Matrix, y: Int32Array, nClasses: number): LogisticState {
    const { maxIter, learningRate } = this.params;
    const lib = new MlLogisticRegression({ numSteps: maxIter, learningRate });
    lib.train(withOnes(X), MlMatrix.columnVector(Array.from(y)));
    return { engine: 'ml-logistic-regression', lib, ...libraryWeights(lib, X.cols, nClasses), history: libraryHistory(maxIter), backend: 'js' };
  }

  /**
   * Checks X for prediction; a {@link Matrix} is not scanned value by value here: its decision
   * values are (internal/predict-input.ts), and a value that is not finite gets core's InputError.
   */
  protected override checkPredictX(X: MatrixLike, method: string, allowNaN = false) {
    if (!(X instanceof Matrix) || this.params.engine !== 'mlcompare') return super.checkPredictX(X, method, allowNaN);
    return { Xm: X, f: super.checkPredictX(headRow(X), method, allowNaN).f };
  }

  protected predictProbaEncoded(X: Matrix, s: LogisticState): Matrix {
    const Z = decision(X, s);
    checkFiniteThrough(Z.data, X, `${this.modelName}.predictProba`);
    const n = X.rows;
    if (s.engine === 'ml-logistic-regression') {
      // Each one-vs-all classifier scores P(not its class); normalise 1 − score over classes.
      const k = Z.cols;
      const P = Matrix.zeros(n, k);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const v = 1 - sigmoid(Z.data[i * k + c]!);
          P.data[i * k + c] = v;
          sum += v;
        }
        for (let c = 0; c < k; c++) P.data[i * k + c] = sum > 0 ? P.data[i * k + c]! / sum : 1 / k;
      }
      return P;
    }
    if (Z.cols === 1) {
      const P = Matrix.zeros(n, 2);
      for (let i = 0; i < n; i++) {
        const p1 = sigmoid(Z.data[i]!);
        P.data[2 * i] = 1 - p1;
        P.data[2 * i + 1] = p1;
      }
      return P;
    }
    softmaxRowsInPlace(Z);
    return Z;
  }

  /**
   * The predicted class of each row (as {@link BaseClassifier.predict}); with the L-BFGS engine,
   * the labels are written straight from the product's chunks (internal/predict-input.ts).
   * @param X - rows with as many features as in `fit`.
   * @returns one label per row, from `classes`.
   * @throws {@link @mlcompare/core!NotFittedError | NotFittedError} before `fit`; {@link @mlcompare/core!InputError | InputError} for rows that are not finite numbers or have another number of features.
   */
  override async predict(X: MatrixLike): Promise<Labels> {
    const { Xm, f } = this.checkPredictX(X, 'predict', this.allowsNaN);
    const s = f.inner;
    if (s.engine === 'ml-logistic-regression') {
      const lib = s.lib ?? loadLibrary(s);
      s.lib = lib;
      return this.runPredict(() => Promise.resolve(lib.predict(withOnes(Xm)).map((c) => f.classes[c]!) as Labels));
    }
    return this.runPredict(() => Promise.resolve(predictLabels(Xm, s.coef.data, s.coef.rows, s.intercept, f.classes, `${this.modelName}.predict`)));
  }

  protected serializeState(s: LogisticState): unknown {
    return {
      engine: s.engine,
      coef: matrixToJSON(s.coef),
      intercept: Array.from(s.intercept),
      history: s.history,
      backend: s.backend,
    };
  }

  /**
   * Reads `engine` (the parameter's), `coef` (one row per class, or one row for a binary
   * problem with the L-BFGS engine; one column per feature), `intercept` (one per row; zeros
   * without `fitIntercept` for the L-BFGS engine), `history` and `backend` (optional: files
   * written before it was recorded read as 'js').
   */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): LogisticState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const engine = r.oneOf('engine', [p.engine] as const, 'params.engine');
    const k = ctx.nClasses;
    const rows = engine === 'mlcompare' && k === 2 ? 1 : k;
    const coef = r.matrix('coef', {
      rows,
      rowsWhy: rows === 1 ? 'one row for a binary problem' : `one row per class: state.classes has ${k}`,
      cols: ctx.nFeatures,
      colsWhy: `one per feature: state.nFeatures is ${ctx.nFeatures}`,
    });
    const intercept = r.float64('intercept', { length: rows, why: `one per row of ${r.at('coef')}` });
    if (engine === 'mlcompare' && !p.fitIntercept && intercept.some((b) => b !== 0)) {
      throw stateError(ctx.owner, r.at('intercept'), 'all 0 (params.fitIntercept is false)', `[${Array.from(intercept).join(', ')}]`);
    }
    const history = readHistory(ctx.owner, r.at('history'), r.raw('history'), {
      maxEpochs: p.maxIter,
      validation: false,
      ...(engine === 'mlcompare' ? { lossLength: 'epochs' as const } : {}),
    });
    // 'backend' was not written before it was recorded: such a model says 'js'.
    const backend = r.has('backend') ? r.oneOf('backend', engine === 'mlcompare' ? (['wasm-simd', 'js'] as const) : (['js'] as const), `engine '${engine}'`) : 'js';
    r.done();
    return { engine, coef, intercept, history, backend };
  }
}

/** X with a trailing column of ones, as an ml-matrix (the library has no intercept). */
function withOnes(X: Matrix): MlMatrix {
  const { rows: n, cols: d, data } = X;
  const M = new MlMatrix(n, d + 1);
  // ml-matrix keeps its rows as Float64Arrays in the public field `data`: fill them in place.
  const rows = (M as unknown as { data: Float64Array[] }).data;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    r.set(data.subarray(i * d, (i + 1) * d));
    r[d] = 1;
  }
  return M;
}

function libraryWeights(lib: MlLogisticRegression, d: number, nClasses: number): { coef: Matrix; intercept: Float64Array } {
  const coef = Matrix.zeros(nClasses, d);
  const intercept = new Float64Array(nClasses);
  for (let k = 0; k < nClasses; k++) {
    const w = lib.classifiers[k]!.weights.to1DArray();
    for (let j = 0; j < d; j++) coef.data[k * d + j] = w[j]!;
    intercept[k] = w[d]!;
  }
  return { coef, intercept };
}

function libraryHistory(steps: number): TrainingHistory {
  return { loss: [], epochs: steps, stopReason: `ml-logistic-regression ran its fixed ${steps} gradient steps per class (it has no convergence test)` };
}

function loadLibrary(s: LogisticState): MlLogisticRegression {
  const k = s.coef.rows;
  const d = s.coef.cols;
  const classifiers = [];
  for (let c = 0; c < k; c++) {
    const w = Array.from(s.coef.data.subarray(c * d, (c + 1) * d));
    w.push(s.intercept[c]!);
    classifiers.push({ weights: [w] });
  }
  return MlLogisticRegression.load({ name: 'LogisticRegression', numberClasses: k, classifiers });
}

/** Decision values X Wᵀ + b (n × k'). */
function decision(X: Matrix, s: LogisticState): Matrix {
  const k = s.coef.rows;
  return new Matrix(decisionScores(X.data, X.rows, X.cols, s.coef.data, k, s.intercept), X.rows, k);
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function softmaxRowsInPlace(Z: Matrix): void {
  const k = Z.cols;
  const a = Z.data;
  for (let i = 0; i < Z.rows; i++) {
    const o = i * k;
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (a[o + c]! > m) m = a[o + c]!;
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(a[o + c]! - m);
      a[o + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) a[o + c]! /= s;
  }
}

/** The data part of the objective (log-loss and its gradient), on one thread or several. */
interface DataObjective {
  /** Writes the data gradient (k rows of [w (d), b]) into `grad` and returns the data loss. */
  evaluate: ObjectiveFn;
  backend: 'wasm-simd' | 'js';
  close(): Promise<void>;
}

/** True in Node (worker threads available); false in browsers. */
const IN_NODE = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * The data objective over fixed row blocks: on the calling thread, or split over `nJobs` threads
 * (null: the thread budget) when in Node and the rows are at least {@link THREAD_MIN_ROWS}. The
 * Node-only thread module is imported lazily, by a URL a browser bundler leaves alone.
 */
async function dataObjective(p: BlockProblem, nJobs: number | null, caller: string): Promise<DataObjective> {
  const nb = blockCount(p.n);
  if (IN_NODE && nJobs !== 1 && p.n >= THREAD_MIN_ROWS && nb >= 2) {
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    // From source in a worker thread (the runner's), import() of a .ts file fails: core requires it.
    const threads = (await importThreadModule(new URL(`./internal/logistic-threads.${ext}`, import.meta.url).href, import.meta.url)) as typeof Threads;
    const t = Math.min(nJobs ?? threads.defaultThreads(), nb);
    if (t > 1) return threads.threadedData(p, t, caller);
  }
  const k = p.nClasses === 2 ? 1 : p.nClasses;
  const slot = slotSize(k, p.d);
  const ev = blockEvaluator(p, 0, nb);
  const partials = new Float64Array(nb * slot);
  return {
    evaluate: (theta, grad) => {
      ev.evaluate(theta, partials);
      return combineBlocks(partials, nb, slot, grad);
    },
    backend: ev.backend,
    close: () => {
      ev.release();
      return Promise.resolve();
    },
  };
}

/**
 * Σ log-loss + ‖W‖² / (2C) and its gradient from the data part; parameters are k rows of
 * [w (d), b], the layout of scikit-learn's `LinearModelLoss` with an intercept (intercepts not
 * penalised; their gradient is 0 without `fitIntercept`).
 */
function penalised(data: ObjectiveFn, k: number, d: number, C: number, fitIntercept: boolean): ObjectiveFn {
  const st = d + 1;
  const lambda = 1 / C;
  return (theta, grad) => {
    let loss = data(theta, grad);
    for (let c = 0; c < k; c++) {
      const o = c * st;
      for (let j = 0; j < d; j++) {
        const w = theta[o + j]!;
        loss += 0.5 * lambda * w * w;
        grad[o + j]! += lambda * w;
      }
      if (!fitIntercept) grad[o + d] = 0;
    }
    return loss;
  };
}

/** Registry entry of {@link LogisticRegression} (`logistic`). */
export const logisticRegressionSpec: ModelSpec<LogisticRegression> = modelSpec(LogisticRegression, {
  name: 'logistic',
  packageName: '@mlcompare/linear',
  description: 'Logistic regression (multinomial softmax, L2 penalty with C, L-BFGS), as scikit-learn.',
  capabilities: { probabilities: true, needsScaling: true, handlesMissing: false, randomized: false, multiclass: true },
  defaultSpace: logisticDefaultSpace,
});
