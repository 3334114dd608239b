/** Parameters and helpers shared by `SVC` and `SVR`. */
import { InputError, bool, float, int, oneOf, union, type Matrix, type ParamSpecs, type StateReader } from '@mlcompare/core';
import type { LibsvmClass, LibsvmOptions } from 'libsvm-js';

/** Kernel functions (scikit-learn's names). */
export type Kernel = 'linear' | 'rbf' | 'poly' | 'sigmoid';

/** The parameters both SVC and SVR have. */
export const commonSpec = {
  kernel: oneOf(['linear', 'rbf', 'poly', 'sigmoid'] as const, {
    default: 'rbf',
    doc: "Kernel: 'linear' x·y, 'rbf' exp(-gamma·|x-y|²), 'poly' (gamma·x·y + coef0)^degree, 'sigmoid' tanh(gamma·x·y + coef0).",
  }),
  C: float({ default: 1, min: 0, minExclusive: true, doc: 'Regularisation: the penalty on margin violations (larger = less regularisation).' }),
  gamma: union<'scale' | 'auto' | number>([oneOf(['scale', 'auto'] as const, { default: 'scale', doc: '' }), float({ default: 1, min: 0, minExclusive: true, doc: '' })], {
    default: 'scale',
    doc: "Kernel coefficient of rbf/poly/sigmoid: 'scale' = 1 / (nFeatures · X.var()) over all values of X, 'auto' = 1 / nFeatures, or a number > 0.",
  }),
  degree: int({ default: 3, min: 0, doc: "Degree of the 'poly' kernel." }),
  coef0: float({ default: 0, doc: "Independent term of the 'poly' and 'sigmoid' kernels." }),
  tol: float({ default: 1e-3, min: 0, minExclusive: true, doc: 'Tolerance of the stopping criterion.' }),
  shrinking: bool({ default: true, doc: "Use libsvm's shrinking heuristic (faster; same solution)." }),
} satisfies ParamSpecs;

/**
 * The engines of SVC: libsvm's algorithm in TypeScript (default), libsvm compiled to WASM, or
 * ml-svm's simplified SMO in JS.
 */
export const engineParam = oneOf(['libsvm', 'libsvm-js', 'ml-svm'] as const, {
  default: 'libsvm',
  doc: "'libsvm': libsvm 3's solver (scikit-learn's) in TypeScript on dense rows, the same models as libsvm-js, faster (fits with probability: true run libsvm-js's Platt scaling). 'libsvm-js': libsvm 3 in WebAssembly. 'ml-svm': simplified SMO in JavaScript, binary classification only (slower, kept for comparison).",
});

/**
 * Most features libsvm-js takes: it copies each row onto its WebAssembly stack of 5 MiB
 * (`TOTAL_STACK`, through emscripten's `ccall` array argument), so 8 bytes a feature must stay
 * within it; past about 650,000 features the copy overruns the stack with a trap ("memory access
 * out of bounds"). 2^19 = 524,288 features (4 MiB) leaves room for the rest of the stack.
 */
export const LIBSVM_MAX_FEATURES = 2 ** 19;

/**
 * Checks X before libsvm sees it: at most {@link LIBSVM_MAX_FEATURES} features (with libsvm-js),
 * and values small enough that the kernels' dot products and squared distances (sums of d
 * products of two values, up to 4·d·max²) stay finite — past that libsvm's dual coefficients
 * come out non-finite and one class is predicted (scikit-learn refuses such a model after
 * fitting: "The dual coefficients or intercepts are not finite").
 * @param owner - the public method (`'SVC.fit'`).
 * @throws {@link InputError} naming the count or the value and its place.
 */
export function checkKernelInput(X: Matrix, owner: string, libsvm: boolean): void {
  if (libsvm && X.cols > LIBSVM_MAX_FEATURES) {
    throw new InputError(
      `Argument 'X' passed to '${owner}' has ${X.cols} features, but libsvm-js takes at most ${LIBSVM_MAX_FEATURES}: it copies each row onto its 5 MiB WebAssembly stack (8 bytes a feature). Select or reduce the features first.`,
    );
  }
  const limit = Math.sqrt(Number.MAX_VALUE / (4 * Math.max(1, X.cols)));
  const v = X.data;
  for (let k = 0; k < v.length; k++) {
    if (Math.abs(v[k]!) > limit) {
      throw new InputError(
        `Argument 'X' passed to '${owner}' must hold values of magnitude at most ${limit.toPrecision(3)} (with ${X.cols} features, so that the kernel's sums of products stay finite), but got ${v[k]} at row ${Math.floor(k / X.cols)}, column ${k % X.cols}. Standardise the features (StandardScaler) first.`,
      );
    }
  }
}

/** Our parameters in libsvm-js's option names (it throws 'Bad option' on any other key). */
export function libsvmOptions(
  SVM: LibsvmClass,
  p: { kernel: Kernel; C: number; degree: number; coef0: number; tol: number; shrinking: boolean },
  gamma: number,
  extra: LibsvmOptions,
): LibsvmOptions {
  const kernel = { linear: SVM.KERNEL_TYPES.LINEAR, rbf: SVM.KERNEL_TYPES.RBF, poly: SVM.KERNEL_TYPES.POLYNOMIAL, sigmoid: SVM.KERNEL_TYPES.SIGMOID }[p.kernel];
  return {
    kernel,
    cost: p.C,
    gamma,
    degree: p.degree,
    coef0: p.coef0,
    tolerance: p.tol,
    shrinking: p.shrinking,
    // scikit-learn's default cache (200 MB); libsvm-js's is 100 MB.
    cacheSize: 200,
    quiet: true,
    ...extra,
  };
}

/**
 * Reads the fitted gamma of a model's state (its field `gamma`): the `gamma` parameter itself
 * when it is a number, 1 / nFeatures for 'auto', a number > 0 for 'scale' (it depends on the
 * training data).
 * @throws {@link SerializationError} naming the field.
 */
export function readGamma(r: StateReader, gamma: 'scale' | 'auto' | number, nFeatures: number): number {
  if (typeof gamma === 'number') return r.equal('gamma', gamma, 'params.gamma') as number;
  if (gamma === 'auto') return r.equal('gamma', 1 / nFeatures, "params.gamma 'auto' is 1 / state.nFeatures") as number;
  return r.number('gamma', { min: 0, minExclusive: true });
}
