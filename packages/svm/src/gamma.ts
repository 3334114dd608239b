/** The numeric value of SVC's and SVR's `gamma` parameter. */
import { InputError, type Matrix } from '@mlcompare/core';

/**
 * The numeric gamma for data X (scikit-learn 1.2, `BaseLibSVM.fit`): 'scale' is
 * 1 / (n_features · X.var()) with the variance over all values (population), or 1 when that
 * variance is 0; 'auto' is 1 / n_features. The variance is computed in units of a power of two
 * near the largest magnitude (exact), so that it neither overflows (1e300) nor underflows (1e-300).
 * @param gamma - the `gamma` parameter: 'scale', 'auto' or a number > 0 (returned as it is).
 * @param X - the training data (a row-major `Matrix`).
 * @param owner - the public method, for the error message (`'SVC.fit'`).
 * @returns the gamma the kernel uses.
 * @throws {@link @mlcompare/core!InputError | InputError} when 'scale' gives a gamma float64 cannot hold (values so close
 *   together that 1 / variance overflows).
 * @example
 * ```ts
 * resolveGamma('auto', Matrix.fromRows([[1, 2], [3, 4]])); // 0.5
 * ```
 */
export function resolveGamma(gamma: 'scale' | 'auto' | number, X: Matrix, owner = 'fit'): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  const v = X.data;
  let big = 0;
  for (let i = 0; i < v.length; i++) big = Math.max(big, Math.abs(v[i]!));
  const e = big > 0 ? Math.min(1000, Math.max(-1000, Math.floor(Math.log2(big)))) : 0;
  const f = 2 ** -e;
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i]! * f;
  mean /= v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i]! * f - mean) ** 2;
  const variance = ss / v.length;
  if (variance === 0) return 1;
  // 1 / (d · variance / f²), without forming f² (2^±2000 is not a double).
  const g = (f / (X.cols * variance)) * f;
  if (!Number.isFinite(g)) {
    throw new InputError(
      `Argument 'X' passed to '${owner}' has a variance of about ${(variance / f) / f} over all its values, so gamma 'scale' = 1 / (nFeatures · variance) = ${g} is not a finite number. Standardise the features (StandardScaler) or pass a numeric gamma.`,
    );
  }
  return g;
}

