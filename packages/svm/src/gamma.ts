/** The numeric value of SVC's and SVR's `gamma` parameter. */
import type { Matrix } from '@mlcompare/core';

/**
 * The numeric gamma for data X (scikit-learn 1.2, `BaseLibSVM.fit`): 'scale' is
 * 1 / (n_features · X.var()) with the variance over all values (population), or 1 when that
 * variance is 0; 'auto' is 1 / n_features.
 * @param gamma - the `gamma` parameter: 'scale', 'auto' or a number > 0 (returned as it is).
 * @param X - the training data (a row-major `Matrix`).
 * @returns the gamma the kernel uses.
 * @throws Nothing: `gamma` is validated by the model's constructor, not here.
 * @example
 * ```ts
 * resolveGamma('auto', Matrix.fromRows([[1, 2], [3, 4]])); // 0.5
 * ```
 */
export function resolveGamma(gamma: 'scale' | 'auto' | number, X: Matrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  const v = X.data;
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i]!;
  mean /= v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i]! - mean) ** 2;
  const variance = ss / v.length;
  return variance === 0 ? 1 : 1 / (X.cols * variance);
}
