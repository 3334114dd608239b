/**
 * Dense linear algebra on row-major Float64Arrays for the linear models: column statistics,
 * the centred Gram matrix, Cholesky, and least squares with a rank-deficiency fallback.
 */
import { Matrix as MlMatrix, SVD } from 'ml-matrix';
import { FitError, type Matrix } from '@mlcompare/core';

/** Column means of `X`. */
export function columnMeans(X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mu[j]! += data[o + j]!;
  }
  for (let j = 0; j < d; j++) mu[j]! /= n;
  return mu;
}

/** Population standard deviations of the columns; a zero deviation becomes 1 (as scikit-learn's StandardScaler). */
export function columnScales(X: Matrix, mu: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = X;
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j]! - mu[j]!;
      sd[j]! += v * v;
    }
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(sd[j]! / n);
    sd[j] = s > 0 ? s : 1;
  }
  return sd;
}

/** Mean of a vector. */
function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return v.length > 0 ? s / v.length : 0;
}

/**
 * The Gram matrix `Xcᵀ Xc` (d × d, full, row-major) and `Xcᵀ yc`, where `Xc = X − 1 muᵀ` and
 * `yc = y − ybar` (pass zeros / 0 for no centring).
 */
function centredGram(X: Matrix, mu: Float64Array, y: Float64Array, ybar: number): { G: Float64Array; b: Float64Array } {
  const { rows: n, cols: d, data } = X;
  const G = new Float64Array(d * d);
  const b = new Float64Array(d);
  const r = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) r[j] = data[o + j]! - mu[j]!;
    const yi = y[i]! - ybar;
    for (let j = 0; j < d; j++) {
      const rj = r[j]!;
      if (rj === 0) continue;
      b[j]! += rj * yi;
      const gj = j * d;
      for (let k = j; k < d; k++) G[gj + k]! += rj * r[k]!;
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) G[j * d + k] = G[k * d + j]!;
  return { G, b };
}

/**
 * In-place Cholesky factorisation of the symmetric d × d matrix `A` (lower triangle
 * `L` written over `A`). Returns the smallest ratio pivot² / diagonal seen, a measure of
 * how close the matrix is to singular (1 for orthogonal columns, 0 for dependent ones);
 * returns 0 as soon as a pivot is not positive.
 */
function choleskyInPlace(A: Float64Array, d: number): number {
  let minRatio = 1;
  for (let j = 0; j < d; j++) {
    const diag = A[j * d + j]!;
    let s = diag;
    for (let k = 0; k < j; k++) s -= A[j * d + k]! * A[j * d + k]!;
    if (!(s > 0)) return 0;
    if (diag > 0) minRatio = Math.min(minRatio, s / diag);
    const ljj = Math.sqrt(s);
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j]!;
      for (let k = 0; k < j; k++) t -= A[i * d + k]! * A[j * d + k]!;
      A[i * d + j] = t / ljj;
    }
  }
  return minRatio;
}

/** Solves `L Lᵀ x = b` with the factor written by {@link choleskyInPlace}; `b` is overwritten with `x`. */
function choleskySolveInPlace(L: Float64Array, d: number, b: Float64Array): Float64Array {
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * b[k]!;
    b[i] = s / L[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * b[k]!;
    b[i] = s / L[i * d + i]!;
  }
  return b;
}

/**
 * Smallest pivot ratio (see {@link choleskyInPlace}) below which the normal equations are
 * treated as rank deficient and the solution is computed from the SVD of the data instead.
 * 1e-9 means cond(X)² above about 1e9, where the normal equations lose more than half of
 * the double-precision digits.
 */
const RANK_TOLERANCE = 1e-9;

/** How a least-squares solution was computed. */
type LstsqMethod = 'cholesky' | 'svd';

/** Result of {@link leastSquares}. */
export interface LstsqResult {
  coef: Float64Array;
  intercept: number;
  method: LstsqMethod;
  /** Numerical rank of the (centred) design. */
  rank: number;
}

/**
 * Least squares `min ‖y − X w − b‖²` (or with `alpha > 0`, ridge: `+ alpha ‖w‖²`, the
 * intercept not penalised), centring `X` and `y` when `fitIntercept`.
 *
 * The normal equations are solved by Cholesky after equilibration. When they are close to
 * singular (rank-deficient or badly conditioned design, and `alpha = 0`), the minimum-norm
 * solution is computed from the SVD of the centred data, with singular values below
 * `max(n, d) · eps · s_max` treated as zero (numpy's `lstsq` cut-off), as LAPACK's gelsd
 * does for scikit-learn.
 * @param caller - the public method, for the error message (`'Ridge.fit'`).
 * @throws {@link @mlcompare/core!FitError | FitError} when a coefficient comes out non-finite (values that overflow).
 */
export function leastSquares(X: Matrix, y: Float64Array, fitIntercept: boolean, alpha: number, caller: string): LstsqResult {
  const { rows: n, cols: d } = X;
  const mu = fitIntercept ? columnMeans(X) : new Float64Array(d);
  const ybar = fitIntercept ? mean(y) : 0;
  const { G, b } = centredGram(X, mu, y, ybar);
  // Equilibrate: scale to a unit diagonal (zero columns keep scale 1 and get coefficient 0).
  const s = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const g = G[j * d + j]!;
    s[j] = g > 0 ? 1 / Math.sqrt(g + alpha) : 0;
  }
  const A = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) A[j * d + k] = G[j * d + k]! * s[j]! * s[k]!;
    A[j * d + j] = s[j]! > 0 ? (G[j * d + j]! + alpha) * s[j]! * s[j]! : 1;
  }
  const ratio = choleskyInPlace(A, d);
  let coef: Float64Array;
  let method: LstsqMethod = 'cholesky';
  let rank = d;
  if (ratio > RANK_TOLERANCE || (alpha > 0 && ratio > 0)) {
    const rhs = new Float64Array(d);
    for (let j = 0; j < d; j++) rhs[j] = b[j]! * s[j]!;
    choleskySolveInPlace(A, d, rhs);
    coef = rhs;
    for (let j = 0; j < d; j++) coef[j]! *= s[j]!;
    for (let j = 0; j < d; j++) if (s[j] === 0) rank--;
  } else {
    method = 'svd';
    ({ coef, rank } = svdLeastSquares(X, mu, y, ybar, alpha));
  }
  let intercept = 0;
  if (fitIntercept) {
    intercept = ybar;
    for (let j = 0; j < d; j++) intercept -= mu[j]! * coef[j]!;
  }
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(coef[j]!)) {
      throw new FitError(
        `Arguments 'X' and 'y' passed to '${caller}' must give finite least-squares coefficients, but feature ${j} got ${coef[j]} (${n} × ${d} data); check the data for extreme values (rescale them).`,
      );
    }
  }
  return { coef, intercept, method, rank };
}

/** Minimum-norm (ridge when alpha > 0) solution from the SVD of the centred data. */
function svdLeastSquares(X: Matrix, mu: Float64Array, y: Float64Array, ybar: number, alpha: number): { coef: Float64Array; rank: number } {
  const { rows: n, cols: d, data } = X;
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(d);
    for (let j = 0; j < d; j++) r[j] = data[i * d + j]! - mu[j]!;
    rows[i] = r;
  }
  const svd = new SVD(new MlMatrix(rows), { computeLeftSingularVectors: true, computeRightSingularVectors: true, autoTranspose: true });
  const sv = svd.diagonal;
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const smax = sv.length > 0 ? Math.max(...sv) : 0;
  const cut = Math.max(n, d) * Number.EPSILON * smax;
  const coef = new Float64Array(d);
  let rank = 0;
  for (let c = 0; c < sv.length; c++) {
    const si = sv[c]!;
    if (!(si > cut)) continue;
    rank++;
    let uy = 0;
    for (let i = 0; i < n; i++) uy += U.get(i, c) * (y[i]! - ybar);
    const f = (si * uy) / (si * si + alpha);
    for (let j = 0; j < d; j++) coef[j]! += f * V.get(j, c);
  }
  return { coef, rank };
}
