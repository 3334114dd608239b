/**
 * Prediction without a second pass over X to check that it is finite, as scikit-learn's
 * `_assert_all_finite` does it (it checks the sum of X, not every value, when that is finite).
 * A decision value `Σ_j x_j w_j + b` is not finite whenever one of its x_j is not (NaN
 * propagates; ±∞ times a weight is ±∞ or NaN, and stays so in a sum), so a linear model
 * that predicts from a {@link Matrix} checks only its decision values (n × k, a fraction of
 * n × d) and, when one is not finite, runs core's full check of X, which throws the usual
 * InputError naming the first bad value (and passes when X is finite but a sum overflowed).
 */
import { Matrix, toMatrix } from '@mlcompare/core';

/**
 * The first row of `X` (X itself when it has no rows): what the base class needs to check the
 * fit state and the number of features without scanning every value.
 */
export function headRow(X: Matrix): Matrix {
  return X.rows === 0 ? X : new Matrix(X.data.subarray(0, X.cols), 1, X.cols);
}

/**
 * Throws core's InputError for `X` (the one `toMatrix` gives, naming the first value that is
 * not finite) when some decision value is NaN or ±∞ because X has such a value.
 * @param values - decision values computed from `X`.
 * @param caller - `Model.method`, as in the error message.
 */
export function checkFiniteThrough(values: Float64Array, X: Matrix, caller: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) {
      toMatrix(X, 'X', caller);
      return;
    }
  }
}
