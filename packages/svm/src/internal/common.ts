/** Parameters and helpers shared by `SVC` and `SVR`. */
import { bool, float, int, oneOf, union, type Matrix, type ParamSpecs, type StateReader } from '@mlcompare/core';
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

/** The engines: libsvm compiled to WASM (default) or ml-svm's simplified SMO in JS. */
export const engineParam = oneOf(['libsvm-js', 'ml-svm'] as const, {
  default: 'libsvm-js',
  doc: "'libsvm-js': libsvm 3 in WebAssembly (scikit-learn's solver; all tasks). 'ml-svm': simplified SMO in JavaScript, binary classification only (slower, kept for comparison).",
});

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
