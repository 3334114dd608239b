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
} from '@mlcompare/core';
import { resolveGamma } from './gamma.js';
import { checkKernelInput, commonSpec, libsvmOptions, readGamma } from './internal/common.js';
import { readLibsvmText } from './internal/model-text.js';
import { libsvmText, predictLibsvm, releaseLibsvm, sharedLibsvm, trainLibsvm, type LibsvmState } from './internal/libsvm.js';
import { svmDefaultSpace } from './default-space.js';

const spec = {
  ...commonSpec,
  epsilon: float({ default: 0.1, min: 0, doc: 'Width of the tube within which errors are not penalised (in target units).' }),
  engine: oneOf(['libsvm-js'] as const, {
    default: 'libsvm-js',
    doc: "'libsvm-js': libsvm 3 in WebAssembly (scikit-learn's solver). SVC's other engine, 'ml-svm', has no regression variant.",
    // Refused here, so that `svm:engine=ml-svm` in a suite leaves regression data out with this
    // reason when the run is planned, instead of becoming failed jobs.
    refused: { 'ml-svm': 'ml-svm has no regression variant (ml-svm 2.1.2 does binary classification only)' },
  }),
} as const;

/** Parameters of {@link SVR}. @useDeclaredType */
export type SVRParams = ParamsOf<typeof spec>;

/**
 * Epsilon-support-vector regression (scikit-learn's `SVR`) through libsvm-js, libsvm compiled
 * to WebAssembly: the same solver as scikit-learn, so the same model on the same data.
 * The target is used as given (not standardised), as in scikit-learn: with `C` 1 and a target
 * whose spread is large (diabetes: sd 77) the model underfits on both sides.
 * `engine` exists for symmetry with {@link SVC}; ml-svm has no regression, so only 'libsvm-js'
 * is accepted.
 *
 * @example
 * ```ts
 * const svr = new SVR({ kernel: 'linear', C: 10, epsilon: 0.01 });
 * await svr.fit([[0], [1], [2], [3]], [0, 2, 4, 6]);
 * await svr.predict([[1.5]]); // ≈ [3]
 * svr.dispose();
 * ```
 */
export class SVR extends BaseRegressor<typeof spec, LibsvmState> {
  static readonly modelName = 'SVR';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; missing ones take their defaults (`kernel` 'rbf', `C` 1,
   *   `gamma` 'scale', `degree` 3, `coef0` 0, `tol` 1e-3, `shrinking` true, `epsilon` 0.1,
   *   `engine` 'libsvm-js').
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

  /** Where the model runs: `'wasm'` (libsvm-js). */
  override get backend(): string {
    return 'wasm';
  }

  /** The numeric gamma used by the fitted model ('scale' and 'auto' resolved on the training data). */
  get gammaValue(): number {
    return this.fitted('gammaValue').inner.gamma;
  }

  protected async fitTarget(X: Matrix, y: Float64Array): Promise<LibsvmState> {
    const p = this.params;
    checkKernelInput(X, `${this.modelName}.fit`, true);
    const gamma = resolveGamma(p.gamma, X, `${this.modelName}.fit`);
    const lib = await sharedLibsvm();
    const { svm } = trainLibsvm(lib, libsvmOptions(lib.SVM, p, gamma, { type: lib.SVM.SVM_TYPES.EPSILON_SVR, epsilon: p.epsilon }), X, y, this.modelName);
    return { engine: 'libsvm-js', gamma, lib, svm };
  }

  protected async predictValues(X: Matrix, s: LibsvmState): Promise<Float64Array> {
    checkKernelInput(X, `${this.modelName}.predict`, false);
    return predictLibsvm(s, X);
  }

  protected override releaseState(s: LibsvmState): void {
    releaseLibsvm(s);
  }

  protected serializeState(s: LibsvmState): unknown {
    return { engine: s.engine, gamma: s.gamma, model: libsvmText(s) };
  }

  /**
   * Reads `engine` ('libsvm-js'), `gamma` (see `readGamma`) and `model`: libsvm's epsilon_svr
   * model text, checked line by line against the parameters and the number of features (see
   * `readLibsvmText`).
   */
  protected deserializeState(raw: unknown, ctx: StateContext): LibsvmState {
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
    return { engine, gamma, text };
  }
}

/** Registry entry of {@link SVR}. */
export const svrSpec: ModelSpec<SVR> = modelSpec(SVR, {
  name: 'svm',
  packageName: '@mlcompare/svm',
  description: 'Epsilon-support-vector regression (libsvm in WebAssembly)',
  capabilities: { probabilities: false, needsScaling: true, handlesMissing: false, randomized: false },
  defaultSpace: svmDefaultSpace,
});
