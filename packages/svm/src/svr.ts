/** Support-vector regression. */
import {
  BaseRegressor,
  StateReader,
  float,
  type StateContext,
  oneOf,
  restoreModel,
  type Matrix,
  type ModelSpec,
  type ParamsOf,
  modelSpec,
  type Convergence,
} from '@mlcompare/core';
import { resolveGamma } from './gamma.js';
import { checkKernelInput, commonSpec, libsvmOptions, readGamma } from './internal/common.js';
import { readLibsvmText } from './internal/model-text.js';
import { denseModelText, fitDenseSvr, parseDenseModel, predictDenseState, type DenseState } from './internal/dense.js';
import { libsvmText, predictLibsvm, releaseLibsvm, sharedLibsvm, trainLibsvm, type LibsvmState } from './internal/libsvm.js';
import { svmDefaultSpace } from './default-space.js';

const spec = {
  ...commonSpec,
  epsilon: float({ default: 0.1, min: 0, doc: 'Width of the tube within which errors are not penalised (in target units).' }),
  engine: oneOf(['libsvm', 'libsvm-js'] as const, {
    default: 'libsvm',
    doc: "'libsvm': libsvm 3's solver (scikit-learn's) in TypeScript on dense rows, the same models as libsvm-js, faster. 'libsvm-js': libsvm 3 in WebAssembly. SVC's third engine, 'ml-svm', has no regression variant.",
    // Refused here, so that `svm:engine=ml-svm` in a suite leaves regression data out with this
    // reason when the run is planned, instead of becoming failed jobs.
    refused: { 'ml-svm': 'ml-svm has no regression variant (ml-svm 2.1.2 does binary classification only)' },
  }),
} as const;

/** Parameters of {@link SVR}. @useDeclaredType */
export type SVRParams = ParamsOf<typeof spec>;

/** @internal Learned state of {@link SVR}: a model of engine 'libsvm' (arrays) or 'libsvm-js' (WASM heap). */
export type SvrState = LibsvmState | DenseState;

function isDense(s: SvrState): s is DenseState {
  return 'dense' in s;
}

/**
 * Epsilon-support-vector regression (scikit-learn's `SVR`), by default libsvm's solver ported to
 * TypeScript (engine 'libsvm'); engine 'libsvm-js' runs libsvm compiled to WebAssembly. Both are
 * scikit-learn's solver, so the same model on the same data.
 * The target is used as given (not standardised), as in scikit-learn: with `C` 1 and a target
 * whose spread is large (diabetes: sd 77) the model underfits on both sides.
 * `engine` 'ml-svm' (an engine of {@link SVC}) is refused: ml-svm has no regression.
 *
 * @example
 * ```ts
 * const svr = new SVR({ kernel: 'linear', C: 10, epsilon: 0.01 });
 * await svr.fit([[0], [1], [2], [3]], [0, 2, 4, 6]);
 * await svr.predict([[1.5]]); // ≈ [3]
 * svr.dispose();
 * ```
 */
export class SVR extends BaseRegressor<typeof spec, SvrState> {
  static readonly modelName = 'SVR';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; missing ones take their defaults (`kernel` 'rbf', `C` 1,
   *   `gamma` 'scale', `degree` 3, `coef0` 0, `tol` 1e-3, `shrinking` true, `epsilon` 0.1,
   *   `engine` 'libsvm').
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value that breaks its rule
   *   (`engine: 'ml-svm'` among them: ml-svm has no regression).
   */
  constructor(params: Partial<SVRParams> = {}) {
    super(SVR.modelName, spec, params);
  }

  /** Rebuilds a model from {@link SVR.toJSON} output. */
  static fromJSON(json: unknown): SVR {
    return restoreModel(SVR, json);
  }

  /** Where the model runs: `'js'` (engine 'libsvm') or `'wasm'` (libsvm-js). */
  override get backend(): string {
    return this.params.engine === 'libsvm' ? 'js' : 'wasm';
  }

  /**
   * How libsvm's solver ended in the last fit: `converged: false` when it stopped at libsvm's
   * built-in iteration limit (max(10⁷, 100 × the problem's variables); no parameter sets it, as
   * scikit-learn's default `max_iter=-1`). Undefined before fit and for a model read from JSON
   * (the file does not keep it).
   */
  override get convergence(): Convergence | undefined {
    if (!this.isFitted) return undefined;
    const s = this.fitted('convergence').inner;
    return s.convergence ? { ...s.convergence } : undefined;
  }

  /** The numeric gamma used by the fitted model ('scale' and 'auto' resolved on the training data). */
  get gammaValue(): number {
    return this.fitted('gammaValue').inner.gamma;
  }

  protected async fitTarget(X: Matrix, y: Float64Array): Promise<SvrState> {
    const p = this.params;
    checkKernelInput(X, `${this.modelName}.fit`, p.engine === 'libsvm-js');
    const gamma = resolveGamma(p.gamma, X, `${this.modelName}.fit`);
    if (p.engine === 'libsvm') return fitDenseSvr(X, y, { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 }, p.C, p.epsilon, p.tol, p.shrinking);
    const lib = await sharedLibsvm();
    const { svm, convergence } = trainLibsvm(lib, libsvmOptions(lib.SVM, p, gamma, { type: lib.SVM.SVM_TYPES.EPSILON_SVR, epsilon: p.epsilon }), X, y, this.modelName);
    return { engine: 'libsvm-js', gamma, lib, svm, ...(convergence ? { convergence } : {}) };
  }

  protected async predictValues(X: Matrix, s: SvrState): Promise<Float64Array> {
    checkKernelInput(X, `${this.modelName}.predict`, false);
    return isDense(s) ? predictDenseState(s, X, true) : predictLibsvm(s, X);
  }

  protected override releaseState(s: SvrState): void {
    if (!isDense(s)) releaseLibsvm(s);
  }

  protected serializeState(s: SvrState): unknown {
    return { engine: s.engine, gamma: s.gamma, model: isDense(s) ? denseModelText(s, true) : libsvmText(s) };
  }

  /**
   * Reads `engine` (the parameter's), `gamma` (see `readGamma`) and `model`: libsvm's epsilon_svr
   * model text, checked line by line against the parameters and the number of features (see
   * `readLibsvmText`).
   */
  protected deserializeState(raw: unknown, ctx: StateContext): SvrState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const engine = r.oneOf('engine', [p.engine] as const, 'params.engine');
    const gamma = readGamma(r, p.gamma, ctx.nFeatures);
    const text = readLibsvmText(r, 'model', {
      svmType: 'epsilon_svr',
      kernel: p.kernel,
      degree: p.degree,
      gamma,
      coef0: p.coef0,
      nClass: 2,
      probability: false,
      nFeatures: ctx.nFeatures,
    });
    r.done();
    if (engine === 'libsvm') return parseDenseModel(text, { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 }, ctx.nFeatures, true);
    return { engine, gamma, text };
  }
}

/** Registry entry of {@link SVR}. */
export const svrSpec: ModelSpec<SVR> = modelSpec(SVR, {
  name: 'svm',
  packageName: '@mlcompare/svm',
  description: "Epsilon-support-vector regression (libsvm's solver in TypeScript; libsvm in WebAssembly selectable)",
  capabilities: { probabilities: false, needsScaling: true, handlesMissing: false, randomized: false, needsTargetScaling: true },
  defaultSpace: svmDefaultSpace,
});
