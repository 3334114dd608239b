/**
 * Prediction without a second pass over X to check that it is finite, as scikit-learn's
 * `_assert_all_finite` does it (it checks the sum of X, not every value, when that is finite).
 * A decision value `Σ_j x_j w_j + b` is not finite whenever one of its x_j is not (NaN
 * propagates; ±∞ times a weight is ±∞ or NaN, and stays so in a sum), so a linear model
 * that predicts from a {@link Matrix} checks only its decision values (n × k, a fraction of
 * n × d) and, when one is not finite, runs core's full check of X, which throws the usual
 * InputError naming the first bad value (and passes when X is finite but a sum overflowed).
 */
import { InputError, Matrix, toMatrix, toTarget, type Label, type Labels, type LabelsLike } from '@mlcompare/core';
import { linearForward } from './kernels.js';
import { DECISION_CHUNK, decisionKernel, forEachDecisionChunk } from './wasm-dots.js';

/**
 * The first row of `X` (X itself when it has no rows): what the base class needs to check the
 * fit state and the number of features without scanning every value.
 */
export function headRow(X: Matrix): Matrix {
  return X.rows === 0 ? X : new Matrix(X.data.subarray(0, X.cols), 1, X.cols);
}

/**
 * The checks of core's `BaseRegressor.fit` on a {@link Matrix} `X` and `y`, in the same order,
 * but for the value-by-value finite check of X after its first row: the least-squares fit makes
 * it in its column-means pass (linalg.ts, `checkX`), which reads every value anyway, and throws
 * the same InputError (core's `toMatrix` on X) when a value is NaN or ±∞.
 * @param caller - `Model.fit`, as in the error messages.
 * @returns y as core's `toTarget` gives it.
 * @throws {@link @mlcompare/core!InputError | InputError} for an X without rows or columns, a first row that is not finite, a bad y, or lengths that differ.
 */
export function fitInputOfMatrix(X: Matrix, y: LabelsLike, caller: string): Float64Array {
  toMatrix(headRow(X), 'X', caller);
  const t = toTarget(y, 'y', caller);
  // core's checkConsistentLength (not exported), word for word.
  if (X.rows !== t.length) throw new InputError(`Found X and y with inconsistent numbers of samples: [${X.rows}, ${t.length}] (in '${caller}').`);
  return t;
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

/**
 * Writes `Z[i] + b` to `out[start + i]` for i < rows; returns the sum of `v − v` over the values
 * written (0 when all are finite, NaN otherwise: the finite check costs no branch).
 */
function writeValues(out: number[], start: number, Z: Float64Array, rows: number, b: number): number {
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const v = Z[i]! + b;
    bad += v - v;
    out[start + i] = v;
  }
  return bad;
}

/**
 * Writes the label `two[1]` where `Z[i] + b > 0`, else `two[0]`, to `out[start + i]` for i < rows,
 * by index rather than by a branch (with classes in random order a branch is mispredicted every
 * other row: 20,000 rows, two classes, 0.45 → 0.38 ms); returns the sum of `v − v` as
 * {@link writeValues}.
 */
function writeBinaryLabels(out: Label[], start: number, Z: Float64Array, rows: number, b: number, two: readonly Label[]): number {
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const v = Z[i]! + b;
    bad += v - v;
    out[start + i] = two[+(v > 0)]!;
  }
  return bad;
}

/**
 * `X coef + intercept` as the number[] a regressor's `predict` returns, written straight from
 * the kernel's chunks (no n-long Float64Array in between), checking each value as it is written:
 * when one is not finite, core's check of X runs afterwards (see {@link checkFiniteThrough}).
 * @param caller - `Model.predict`, as in the error message.
 */
export function predictNumbers(X: Matrix, coef: Float64Array, intercept: number, caller: string): number[] {
  const { rows: n, cols: d, data } = X;
  const out = new Array<number>(n);
  // A non-integer number first: the array holds doubles from here on, instead of changing its
  // element kind (and copying its store) inside the loop below (20,000 rows: 0.25 → 0.14 ms).
  if (n > 0) out[0] = 0.5;
  let bad = 0;
  const kernel = decisionKernel(n, d, coef, 1);
  if (kernel) {
    for (let start = 0; start < n; start += DECISION_CHUNK) {
      const rows = Math.min(DECISION_CHUNK, n - start);
      bad += writeValues(out, start, kernel.chunk(data, start, rows), rows, intercept);
    }
  } else {
    const Z = new Float64Array(n);
    linearForward(data, n, d, coef, 1, d, false, Z);
    bad = writeValues(out, 0, Z, n, intercept);
  }
  if (bad !== 0) toMatrix(X, 'X', caller);
  return out;
}

/**
 * The predicted labels of a linear classifier, written straight from the kernel's chunks (no
 * n × k decision matrix, no array of class codes in between): with one row of weights, class 1
 * where `x·w + b > 0`, else class 0; with k rows, the class of the largest `x·w_c + b_c` (the
 * first one on ties), as core's `argmaxRows`. Values that are not finite are checked as in
 * {@link predictNumbers}.
 * @param W - k × d weights, row-major; `b` their k intercepts.
 * @param classes - the labels of the codes 0..max(k, 2) − 1.
 */
export function predictLabels(X: Matrix, W: Float64Array, k: number, b: Float64Array, classes: Labels, caller: string): Labels {
  const { rows: n, cols: d, data } = X;
  const out = new Array<Label>(n);
  let finite = true;
  if (k === 1) {
    const b0 = b[0]!;
    const two = [classes[0]!, classes[1]!];
    let bad = 0;
    const kernel = decisionKernel(n, d, W, 1);
    if (kernel) {
      for (let start = 0; start < n; start += DECISION_CHUNK) {
        const rows = Math.min(DECISION_CHUNK, n - start);
        bad += writeBinaryLabels(out, start, kernel.chunk(data, start, rows), rows, b0, two);
      }
    } else {
      const Z = new Float64Array(n);
      linearForward(data, n, d, W, 1, d, false, Z);
      bad = writeBinaryLabels(out, 0, Z, n, b0, two);
    }
    finite = bad === 0;
  } else {
    forEachDecisionChunk(X.data, X.rows, X.cols, W, k, (start, rows, Z, rs, cs) => {
      for (let i = 0; i < rows; i++) {
        const o = i * rs;
        let best = 0;
        let bv = Z[o]! + b[0]!;
        if (bv - bv !== 0) finite = false;
        for (let c = 1; c < k; c++) {
          const v = Z[o + c * cs]! + b[c]!;
          if (v - v !== 0) finite = false;
          if (v > bv) {
            bv = v;
            best = c;
          }
        }
        out[start + i] = classes[best]!;
      }
    });
  }
  if (!finite) toMatrix(X, 'X', caller);
  return out as Labels;
}
