/** Support-vector classification. */
import {
  BaseClassifier,
  Matrix,
  ParameterError,
  StateReader,
  bool,
  stateError,
  type ClassifierStateContext,
  restoreModel,
  seedParam,
  type ModelSpec,
  type ParamsOf,
  modelSpec,
  type Convergence,
} from '@mlcompare/core';
import { resolveGamma } from './gamma.js';
import { checkKernelInput, commonSpec, engineParam, libsvmOptions, readGamma } from './internal/common.js';
import { readLibsvmText } from './internal/model-text.js';
import {
  advanceRand,
  ensureLibsvm,
  freshLibsvm,
  libsvmText,
  precomputeKernel,
  predictLibsvm,
  releaseLibsvm,
  sharedLibsvm,
  trainLibsvm,
  type LibsvmState,
} from './internal/libsvm.js';
import { denseModelText, fitDenseSvc, parseDenseModel, predictDenseState, type DenseState } from './internal/dense.js';
import { mlSvmFromJSON, mlSvmToJSON, predictMlSvm, trainMlSvm, type MlSvmFit } from './internal/mlsvm.js';
import { svmDefaultSpace } from './default-space.js';

const spec = {
  ...commonSpec,
  probability: bool({
    default: false,
    doc: "Fit libsvm's Platt scaling (an internal 5-fold cross-validation) so that predictProba is available; slower fit.",
  }),
  engine: engineParam,
  seed: seedParam('Seed of the random choices: the folds of the probability fit (libsvm-js) and the SMO partner choice (ml-svm).'),
} as const;

/** Parameters of {@link SVC}. @useDeclaredType */
export type SVCParams = ParamsOf<typeof spec>;

/** @internal Learned state of {@link SVC}. */
export type SvcState = (LibsvmState & { nClasses: number }) | (DenseState & { nClasses: number }) | { engine: 'ml-svm'; gamma: number; nClasses: number; fit: MlSvmFit };

/** Whether a state is a model of the 'libsvm' engine held as arrays (not in libsvm-js's heap). */
function isDense(s: SvcState): s is DenseState & { nClasses: number } {
  return 'dense' in s;
}

/**
 * C-support-vector classifier (scikit-learn's `SVC`), by default libsvm's solver ported to
 * TypeScript (engine 'libsvm'), step for step: the same models as libsvm compiled to WebAssembly
 * (engine 'libsvm-js') and as scikit-learn on the same data. Multi-class problems are one-vs-one,
 * as in libsvm.
 *
 * `predictProba` needs `probability: true`, which fits libsvm's Platt scaling with an internal
 * 5-fold cross-validation (so, as in scikit-learn, probabilities may disagree with `predict`);
 * such fits run in libsvm-js whatever the engine. libsvm draws those folds with C's `rand()`,
 * which libsvm-js does not let us seed: such a fit runs in a fresh WASM instance whose `rand()`
 * is first advanced by `seed`, so the same seed gives the same probabilities (but not
 * scikit-learn's, which come from its own random state).
 *
 * `engine: 'ml-svm'` uses ml-svm's simplified SMO in JavaScript instead: binary problems only,
 * no probabilities, much slower; kept for comparison.
 *
 * @example
 * ```ts
 * const svc = new SVC({ kernel: 'rbf', C: 1 });
 * await svc.fit([[0, 0], [0, 1], [1, 0], [1, 1]], ['a', 'b', 'b', 'a']);
 * await svc.predict([[0.9, 0.1]]);
 * svc.dispose(); // frees the model in the WASM heap
 * ```
 */
export class SVC extends BaseClassifier<typeof spec, SvcState> {
  static readonly modelName = 'SVC';
  static readonly stateVersion = 1;
  static readonly paramSpec = spec;

  /**
   * @param params - hyper-parameters; missing ones take their defaults (`kernel` 'rbf', `C` 1,
   *   `gamma` 'scale', `degree` 3, `coef0` 0, `tol` 1e-3, `shrinking` true, `probability` false,
   *   `engine` 'libsvm', `seed` 0).
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name, a value that breaks its rule, or
   *   `probability: true` with `engine: 'ml-svm'`.
   */
  constructor(params: Partial<SVCParams> = {}) {
    super(SVC.modelName, spec, params);
    if (this.params.engine === 'ml-svm' && this.params.probability) {
      throw new ParameterError(
        "The 'probability' parameter of SVC must be false when 'engine' is 'ml-svm' (ml-svm has no probability estimates). Got true instead; use engine 'libsvm-js'.",
      );
    }
  }

  /** Rebuilds a model from {@link SVC.toJSON} output. */
  static fromJSON(json: unknown): SVC {
    return restoreModel(SVC, json);
  }

  /**
   * Where the model runs: `'wasm'` (libsvm-js, and engine 'libsvm' with `probability: true`) or
   * `'js'` (engine 'libsvm' otherwise, ml-svm).
   */
  override get backend(): string {
    const p = this.params;
    return p.engine === 'libsvm-js' || (p.engine === 'libsvm' && p.probability) ? 'wasm' : 'js';
  }

  /**
   * How libsvm's solver ended in the last fit: `converged: false` when it stopped at libsvm's
   * built-in iteration limit (max(10⁷, 100 × the problem's variables); no parameter sets it, as
   * scikit-learn's default `max_iter=-1`). Undefined before fit, for a model read from JSON (the
   * file does not keep it) and for engine 'ml-svm'.
   */
  override get convergence(): Convergence | undefined {
    if (!this.isFitted) return undefined;
    const s = this.fitted('convergence').inner;
    return s.engine !== 'ml-svm' && s.convergence ? { ...s.convergence } : undefined;
  }

  /** Whether `predictProba` is available: only with `probability: true`. */
  override get supportsProba(): boolean {
    return this.params.probability;
  }

  /** The numeric gamma used by the fitted model ('scale' and 'auto' resolved on the training data). */
  get gammaValue(): number {
    return this.fitted('gammaValue').inner.gamma;
  }

  protected override probaUnavailableMessage(): string {
    return "SVC.predictProba is only available when the model is fitted with { probability: true } (libsvm's Platt scaling); it was constructed with probability: false.";
  }

  protected async fitEncoded(X: Matrix, y: Int32Array, nClasses: number): Promise<SvcState> {
    const p = this.params;
    checkKernelInput(X, `${this.modelName}.fit`, p.engine === 'libsvm-js' || (p.engine === 'libsvm' && p.probability));
    const gamma = resolveGamma(p.gamma, X, `${this.modelName}.fit`);
    if (p.engine === 'ml-svm') {
      if (nClasses > 2) {
        throw new ParameterError(
          `The 'engine' parameter of SVC must be 'libsvm-js' for more than two classes (ml-svm is binary only), but y has ${nClasses} classes. Got 'ml-svm' instead.`,
        );
      }
      const fit = trainMlSvm(X.toArray(), y, { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 }, p.C, p.tol, p.seed);
      return { engine: 'ml-svm', gamma, nClasses, fit };
    }
    if (p.engine === 'libsvm' && !p.probability) {
      return { ...fitDenseSvc(X, y, { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 }, p.C, p.tol, p.shrinking), nClasses };
    }
    const lib = p.probability ? await freshLibsvm() : await sharedLibsvm();
    if (p.probability) advanceRand(lib, p.seed);
    // Platt scaling predicts through predictOneProbability on feature rows: native kernel only.
    const precompute = p.engine === 'libsvm-js' && !p.probability && precomputeKernel(X.rows, X.cols, nClasses) ? { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 } : undefined;
    const options = libsvmOptions(lib.SVM, p, gamma, { type: lib.SVM.SVM_TYPES.C_SVC, probabilityEstimates: p.probability });
    const { svm, pre, convergence } = trainLibsvm(lib, options, X, y, this.modelName, precompute);
    return { engine: p.engine, gamma, nClasses, lib, svm, pre, ...(convergence ? { convergence } : {}) };
  }

  protected override async predictEncoded(X: Matrix, s: SvcState): Promise<Int32Array> {
    checkKernelInput(X, `${this.modelName}.predict`, false);
    if (s.engine === 'ml-svm') return predictMlSvm(s.fit, X.toArray());
    if (isDense(s)) return Int32Array.from(predictDenseState(s, X, false));
    return Int32Array.from(await predictLibsvm(s, X));
  }

  protected override async predictProbaEncoded(X: Matrix, s: SvcState): Promise<Matrix> {
    checkKernelInput(X, `${this.modelName}.predictProba`, false);
    if (s.engine === 'ml-svm' || isDense(s)) throw new ParameterError(this.probaUnavailableMessage());
    const svm = await ensureLibsvm(s);
    const out = Matrix.zeros(X.rows, s.nClasses);
    for (let i = 0; i < X.rows; i++) {
      for (const e of svm.predictOneProbability(X.row(i)).estimates) out.data[i * s.nClasses + e.label] = e.probability;
    }
    return out;
  }

  protected override releaseState(s: SvcState): void {
    if (s.engine !== 'ml-svm' && !isDense(s)) releaseLibsvm(s);
  }

  protected serializeState(s: SvcState): unknown {
    if (s.engine === 'ml-svm') return { engine: s.engine, gamma: s.gamma, nClasses: s.nClasses, model: mlSvmToJSON(s.fit) };
    if (isDense(s)) return { engine: s.engine, gamma: s.gamma, nClasses: s.nClasses, model: denseModelText(s, false) };
    return { engine: s.engine, gamma: s.gamma, nClasses: s.nClasses, model: libsvmText(s) };
  }

  /**
   * Reads `engine` (the parameter's), `gamma` (see `readGamma`), `nClasses` (state.classes) and
   * `model`: libsvm's model text, checked line by line against the parameters, the classes and
   * the number of features (see `readLibsvmText`), or an ml-svm model (two classes; see
   * `mlSvmFromJSON`).
   */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): SvcState {
    const r = StateReader.of(ctx.owner, ctx.path, raw);
    const p = this.params;
    const k = ctx.nClasses;
    const engine = r.oneOf('engine', [p.engine] as const, 'params.engine');
    const gamma = readGamma(r, p.gamma, ctx.nFeatures);
    r.equal('nClasses', k, `state.classes has ${k}`);
    if (engine === 'ml-svm') {
      if (k !== 2) throw stateError(ctx.owner, 'state.classes', "2 classes with engine 'ml-svm' (binary only)", `${k} classes`);
      const fit = mlSvmFromJSON(r, { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 }, ctx.nFeatures);
      r.done();
      return { engine, gamma, nClasses: k, fit };
    }
    const text = readLibsvmText(r, 'model', {
      svmType: 'c_svc',
      kernel: p.kernel,
      degree: p.degree,
      gamma,
      coef0: p.coef0,
      nClass: k,
      probability: p.probability,
      nFeatures: ctx.nFeatures,
    });
    r.done();
    if (engine === 'libsvm' && !p.probability) return { ...parseDenseModel(text, { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 }, ctx.nFeatures, false), nClasses: k };
    return { engine, gamma, nClasses: k, text };
  }
}

/** Registry entry of {@link SVC}. */
export const svcSpec: ModelSpec<SVC> = modelSpec(SVC, {
  name: 'svm',
  packageName: '@mlcompare/svm',
  description: "Support-vector classifier (libsvm's solver in TypeScript; libsvm in WebAssembly and ml-svm selectable)",
  capabilities: { probabilities: false, needsScaling: true, handlesMissing: false, randomized: false, multiclass: true },
  defaultSpace: svmDefaultSpace,
});
