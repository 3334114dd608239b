/**
 * Dense linear algebra on row-major Float64Arrays for the linear models: column statistics,
 * the centred Gram matrix, Cholesky, and least squares with a rank-deficiency fallback, in the
 * d × d (primal) form when there are at least as many rows as features and in the n × n (dual,
 * kernel) form when there are more features than rows.
 */
import { Matrix as MlMatrix, SVD } from 'ml-matrix';
import { FitError, Matrix, importThreadModule, toMatrix } from '@mlcompare/core';
import { GRAM_CHUNK, addGramSlot, gramChunkCount, gramChunks, mirrorUpper, type GramProblem } from './gram-blocks.js';
import type * as GramThreads from './gram-threads.js';

/**
 * Builds the chunked Gram matrix `Xcᵀ Xc` (full d × d) and `Xcᵀ yc` of a problem another way
 * than on the calling thread (gram-threads.ts); the same matrix bit for bit.
 */
export interface GramBuilder {
  /** The Gram matrix of `p`. */
  build(p: GramProblem): { G: Float64Array; b: Float64Array };
  /** Where the builder wants X (n × d, row-major): the column-means pass copies X there as it reads it. */
  readonly stage?: Float64Array;
  /** Set to the array whose values `stage` now holds, so that `build` does not copy it again. */
  stagedFrom?: Float64Array;
}

/**
 * Column means of `X` and its largest magnitude, in one pass over the data (the means are those
 * of {@link columnMeans}, bit for bit: each column's sum still adds its rows in order, four rows
 * per load and store of the running sum). With `copyTo`, X is copied there on the way.
 */
export function meansAndMaxAbs(X: Matrix, copyTo?: Float64Array): { mu: Float64Array; maxAbs: number } {
  const { rows: n, cols: d, data } = X;
  const mu = new Float64Array(d);
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let i = 0;
  // Four rows at a time: ((mu + x0) + x1) + x2) + x3 is the row-by-row sum, and four running
  // maxima are one: 80,000 × 20 took 3.1 ms row by row, 1.7 ms so.
  if (copyTo) {
    for (; i + 4 <= n; i += 4) {
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const v0 = data[o + j]!;
        const v1 = data[o + d + j]!;
        const v2 = data[o + 2 * d + j]!;
        const v3 = data[o + 3 * d + j]!;
        copyTo[o + j] = v0;
        copyTo[o + d + j] = v1;
        copyTo[o + 2 * d + j] = v2;
        copyTo[o + 3 * d + j] = v3;
        mu[j] = mu[j]! + v0 + v1 + v2 + v3;
        m0 = Math.max(m0, Math.abs(v0));
        m1 = Math.max(m1, Math.abs(v1));
        m2 = Math.max(m2, Math.abs(v2));
        m3 = Math.max(m3, Math.abs(v3));
      }
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const v0 = data[o + j]!;
        const v1 = data[o + d + j]!;
        const v2 = data[o + 2 * d + j]!;
        const v3 = data[o + 3 * d + j]!;
        mu[j] = mu[j]! + v0 + v1 + v2 + v3;
        m0 = Math.max(m0, Math.abs(v0));
        m1 = Math.max(m1, Math.abs(v1));
        m2 = Math.max(m2, Math.abs(v2));
        m3 = Math.max(m3, Math.abs(v3));
      }
    }
  }
  for (; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j]!;
      if (copyTo) copyTo[o + j] = v;
      mu[j]! += v;
      m0 = Math.max(m0, Math.abs(v));
    }
  }
  for (let j = 0; j < d; j++) mu[j]! /= n;
  return { mu, maxAbs: Math.max(m0, m1, m2, m3) };
}

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

/**
 * Population standard deviations of the columns; a zero deviation becomes 1 (as scikit-learn's
 * StandardScaler). Squares are taken in units of a power of two near each column's largest
 * deviation (exact), so that columns near 1e300 do not overflow nor columns near 1e-300 underflow.
 */
export function columnScales(X: Matrix, mu: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = X;
  const big = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const a = Math.abs(data[o + j]! - mu[j]!);
      if (a > big[j]!) big[j] = a;
    }
  }
  const unit = Float64Array.from(big, (b) => powerOfTwoUnit(b, 0));
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = (data[o + j]! - mu[j]!) * unit[j]!;
      sd[j]! += v * v;
    }
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(sd[j]! / n) / unit[j]!;
    sd[j] = s > 0 ? s : 1;
  }
  return sd;
}

/** The entry of largest magnitude of `X` and where it is, for error messages. */
export function largestValue(X: Matrix): { value: number; row: number; col: number } {
  let best = 0;
  for (let k = 1; k < X.data.length; k++) if (Math.abs(X.data[k]!) > Math.abs(X.data[best]!)) best = k;
  return { value: X.data[best] ?? 0, row: Math.floor(best / Math.max(1, X.cols)), col: best % Math.max(1, X.cols) };
}

/** Largest absolute value in `v` (0 when empty; NaN when `v` holds a NaN). */
function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m) m = a;
    else if (a !== a) return NaN;
  }
  return m;
}

/**
 * 1 when `big` is 0 or within [2^-safe, 2^safe]; otherwise the power of two that brings `big`
 * into [1, 2), clamped to 2^±1000 so that it is finite. Multiplying by it is exact (save values
 * that underflow next to the largest), so results in that unit convert back exactly.
 */
function powerOfTwoUnit(big: number, safe: number): number {
  if (big === 0 || !Number.isFinite(big) || (big >= 2 ** -safe && big <= 2 ** safe)) return 1;
  const e = Math.min(1000, Math.max(-1000, Math.floor(Math.log2(big))));
  return 2 ** -e;
}

/** Mean of a vector. */
function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return v.length > 0 ? s / v.length : 0;
}

/**
 * Fewest multiply-adds of the Gram matrix's upper triangle (n · d(d + 1) / 2) for which it goes
 * through the kernel: below, starting a kernel instance (about 0.02 ms) costs more than it saves.
 * Measured (leastSquares, rank-one updates → kernel): 150 × 10 0.037 → 0.041 ms, 300 × 10 0.070
 * → 0.054 ms, 60 × 20 0.051 → 0.047 ms, 800 × 20 0.58 → 0.19 ms (it was 2,048 rows whatever d).
 */
const GRAM_KERNEL_MIN_WORK = 8192;
/** Most features for which the Gram matrix goes through the pairwise-dot kernel (its partial sums are a second d × d). */
const GRAM_KERNEL_MAX_D = 2048;

/**
 * The Gram matrix `Xcᵀ Xc` (d × d, full, row-major) and `Xcᵀ yc`, where `Xc = X − 1 muᵀ` and
 * `yc = y − ybar` (pass zeros / 0 for no centring).
 *
 * Rows go by chunks of {@link GRAM_CHUNK}, centred and transposed into the pairwise-dot kernel's
 * memory (core's `pairwiseDots`: WebAssembly SIMD, or its JavaScript twin, bit-identical), with
 * yc as row d, so that one call gives the chunk's `Xcᵀ [Xc yc]`; the chunks' sums are added in
 * chunk order. Beyond {@link GRAM_KERNEL_MAX_D} features or below {@link GRAM_KERNEL_MIN_WORK} multiply-adds,
 * a row-by-row rank-one update.
 */
function centredGram(X: Matrix, mu: Float64Array, y: Float64Array, ybar: number, gram?: GramBuilder): { G: Float64Array; b: Float64Array } {
  const { rows: n, cols: d, data } = X;
  const G = new Float64Array(d * d);
  const b = new Float64Array(d);
  if (d > GRAM_KERNEL_MAX_D || (n * d * (d + 1)) / 2 < GRAM_KERNEL_MIN_WORK) {
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
  if (gram) return gram.build({ X: data, y, n, d, mu, ybar });
  const chunks = gramChunks({ X: data, y, n, d, mu, ybar });
  for (let c = 0, nc = gramChunkCount(n); c < nc; c++) addGramSlot(chunks.evaluate(c), 0, d, G, b);
  mirrorUpper(G, d);
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
 * Most entries (2^27, 1 GiB of float64) of one matrix the least-squares solvers allocate: the
 * d × d Gram matrix (primal form) or the n × n kernel matrix (dual form). Past it, fitting
 * throws a FitError that says what was too large, instead of V8's raw RangeError or an
 * allocation of many gigabytes.
 */
export const MAX_SYSTEM_ENTRIES = 2 ** 27;

/**
 * Least squares `min ‖y − X w − b‖²` (or with `alpha > 0`, ridge: `+ alpha ‖w‖²`, the
 * intercept not penalised), centring `X` and `y` when `fitIntercept`.
 *
 * With at least as many rows as features, the d × d normal equations are solved by Cholesky
 * after equilibration. With more features than rows, the n × n kernel form is solved instead
 * (the same solution, as scikit-learn's `_solve_cholesky_kernel`): w = Zᵀ (Z Zᵀ + alpha I)⁻¹ t,
 * where Z = Qᵀ X and t = Qᵀ y for an orthonormal basis Q of the vectors orthogonal to the
 * ones vector (a Householder reflection) when fitting an intercept, Z = X and t = y otherwise.
 * When either system is close to singular (rank-deficient or badly conditioned design, and
 * `alpha = 0`), the minimum-norm solution is computed from the SVD of the centred data, with
 * singular values below `max(n, d) · eps · s_max` treated as zero (numpy's `lstsq` cut-off), as
 * LAPACK's gelsd does for scikit-learn. Data whose largest magnitude lies outside
 * [2^-250, 2^250] is solved in units of a power of two (exact; alpha converted with the unit).
 * @param caller - the public method, for the error message (`'Ridge.fit'`).
 * @param gram - builds the chunked Gram matrix instead of the calling thread (gram-threads.ts); the same matrix bit for bit.
 * @param checkX - X's values have not been checked yet (a {@link Matrix} given to `fit`): the pass
 *   over X that finds its largest magnitude checks them (core's full check of X, value by value,
 *   took 1.5 ms at 80,000 × 20, as long as that pass), and a NaN or ±∞ gets core's InputError.
 * @throws {@link @mlcompare/core!FitError | FitError} when a coefficient comes out non-finite (values that overflow), or
 *   when the system to solve would exceed {@link MAX_SYSTEM_ENTRIES}; {@link @mlcompare/core!InputError | InputError}
 *   with `checkX` when X holds a NaN or ±∞.
 */
export function leastSquares(X: Matrix, y: Float64Array, fitIntercept: boolean, alpha: number, caller: string, gram?: GramBuilder, checkX = false): LstsqResult {
  const { rows: n, cols: d } = X;
  const m = Math.min(n, d);
  // Solve in units where squares neither overflow nor underflow: X·fx and y·fy give w·fy/fx,
  // b·fy, and the penalty alpha‖w‖² becomes alpha·fx² ‖w'‖² (after multiplying the objective by fy²).
  // One pass gives the largest magnitude and, when no unit change is needed, the column means.
  const stage = gram?.stage;
  const staged = stage !== undefined && fitIntercept && stage.length >= X.data.length;
  const stats = fitIntercept ? meansAndMaxAbs(X, staged ? stage : undefined) : { mu: undefined, maxAbs: maxAbs(X.data) };
  // The largest magnitude is NaN or ∞ exactly when X holds a NaN or ±∞ (Math.max and maxAbs keep
  // a NaN): then core's check of X throws its usual InputError naming the first such value.
  if (checkX && !Number.isFinite(stats.maxAbs)) toMatrix(X, 'X', caller);
  if (m * m > MAX_SYSTEM_ENTRIES) {
    const gb = ((m * m * 8) / 2 ** 30).toFixed(1);
    throw new FitError(
      `Argument 'X' passed to '${caller}' is ${n} × ${d}: least squares would solve a ${m} × ${m} system (${gb} GiB per copy), above the limit of ${MAX_SYSTEM_ENTRIES} entries (1 GiB). Use fewer features or rows (min(rows, features) must be at most ${Math.floor(Math.sqrt(MAX_SYSTEM_ENTRIES))}).`,
    );
  }
  if (staged && gram) gram.stagedFrom = X.data;
  const fx = powerOfTwoUnit(stats.maxAbs, 250);
  const fy = powerOfTwoUnit(maxAbs(y), 250);
  let r: LstsqResult;
  if (fx === 1 && fy === 1) r = solveLeastSquares(X, y, fitIntercept, alpha, stats.mu, gram);
  else {
    const Xs = new Matrix(Float64Array.from(X.data, (v) => v * fx), n, d);
    const ys = Float64Array.from(y, (v) => v * fy);
    r = solveLeastSquares(Xs, ys, fitIntercept, alpha * fx * fx, undefined, gram);
    for (let j = 0; j < d; j++) r.coef[j] = (r.coef[j]! * fx) / fy;
    r.intercept /= fy;
  }
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(r.coef[j]!)) {
      throw new FitError(
        `Arguments 'X' and 'y' passed to '${caller}' must give finite least-squares coefficients, but feature ${j} got ${r.coef[j]} (${n} × ${d} data); check the data for extreme values (rescale them).`,
      );
    }
  }
  return r;
}

/** {@link leastSquares} in the data's own units, primal or dual by shape (`means`: X's column means when already known). */
function solveLeastSquares(X: Matrix, y: Float64Array, fitIntercept: boolean, alpha: number, means?: Float64Array, gram?: GramBuilder): LstsqResult {
  const { cols: d } = X;
  const mu = fitIntercept ? (means ?? columnMeans(X)) : new Float64Array(d);
  const ybar = fitIntercept ? mean(y) : 0;
  const solved = d > X.rows ? dualSolve(X, y, fitIntercept, alpha) : primalSolve(X, mu, y, ybar, alpha, gram);
  let coef: Float64Array;
  let method: LstsqMethod = 'cholesky';
  let rank: number;
  if (solved) ({ coef, rank } = solved);
  else {
    method = 'svd';
    ({ coef, rank } = svdLeastSquares(X, mu, y, ybar, alpha));
  }
  let intercept = 0;
  if (fitIntercept) {
    intercept = ybar;
    for (let j = 0; j < d; j++) intercept -= mu[j]! * coef[j]!;
  }
  return { coef, intercept, method, rank };
}

/**
 * Solves a symmetric positive (semi)definite system `(A + alpha I) x = b` (A is m × m, its
 * copy is modified) by Cholesky after scaling to a unit diagonal; undefined when it is too close
 * to singular for the normal equations (see {@link RANK_TOLERANCE}) and alpha = 0. Returns the
 * solution and how many diagonal entries were zero (dropped: their unknown is 0).
 */
function equilibratedCholesky(A: Float64Array, m: number, b: Float64Array, alpha: number): { x: Float64Array; zeros: number } | undefined {
  const s = new Float64Array(m);
  const diag = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const g = A[j * m + j]!;
    diag[j] = g;
    s[j] = g > 0 ? 1 / Math.sqrt(g + alpha) : 0;
  }
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < m; k++) A[j * m + k] = A[j * m + k]! * s[j]! * s[k]!;
    A[j * m + j] = s[j]! > 0 ? (diag[j]! + alpha) * s[j]! * s[j]! : 1;
  }
  const ratio = choleskyInPlace(A, m);
  if (!(ratio > RANK_TOLERANCE || (alpha > 0 && ratio > 0))) return undefined;
  const x = new Float64Array(m);
  for (let j = 0; j < m; j++) x[j] = b[j]! * s[j]!;
  choleskySolveInPlace(A, m, x);
  let zeros = 0;
  for (let j = 0; j < m; j++) {
    x[j]! *= s[j]!;
    if (s[j] === 0) zeros++;
  }
  return { x, zeros };
}

/** The d × d normal equations (XcᵀXc + alpha I) w = Xcᵀ yc. */
function primalSolve(X: Matrix, mu: Float64Array, y: Float64Array, ybar: number, alpha: number, gram?: GramBuilder): { coef: Float64Array; rank: number } | undefined {
  const d = X.cols;
  const { G, b } = centredGram(X, mu, y, ybar, gram);
  const r = equilibratedCholesky(G, d, b, alpha);
  return r && { coef: r.x, rank: d - r.zeros };
}

/**
 * The n × n kernel form for more features than rows: w = Zᵀ (Z Zᵀ + alpha I)⁻¹ t with Z = Qᵀ X,
 * t = Qᵀ y, where Q (n × (n − 1)) spans the vectors orthogonal to the ones vector when fitting
 * an intercept (Qᵀ X = Qᵀ Xc, and ‖yc − Xc w‖ = ‖t − Z w‖), and Q = I otherwise.
 */
function dualSolve(X: Matrix, y: Float64Array, fitIntercept: boolean, alpha: number): { coef: Float64Array; rank: number } | undefined {
  const { rows: n, cols: d, data } = X;
  let Z = data;
  let t = y;
  let m = n;
  if (fitIntercept) {
    // Householder reflection H = I − 2 v vᵀ / (vᵀ v), v = 1 + √n e₁, maps the ones vector to
    // −√n e₁; its rows 2..n are an orthonormal basis of the vectors orthogonal to it.
    m = n - 1;
    const v = new Float64Array(n).fill(1);
    v[0] = 1 + Math.sqrt(n);
    const vv = v[0]! * v[0]! + (n - 1);
    const vX = new Float64Array(d);
    let vy = 0;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) vX[j]! += v[i]! * data[o + j]!;
      vy += v[i]! * y[i]!;
    }
    Z = new Float64Array(m * d);
    t = new Float64Array(m);
    for (let i = 1; i < n; i++) {
      const c = (2 * v[i]!) / vv;
      const o = i * d;
      const oz = (i - 1) * d;
      for (let j = 0; j < d; j++) Z[oz + j] = data[o + j]! - c * vX[j]!;
      t[i - 1] = y[i]! - c * vy;
    }
  }
  if (m === 0) return { coef: new Float64Array(d), rank: 0 };
  const K = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = i; k < m; k++) {
      let s = 0;
      const oi = i * d;
      const ok = k * d;
      for (let j = 0; j < d; j++) s += Z[oi + j]! * Z[ok + j]!;
      K[i * m + k] = s;
      K[k * m + i] = s;
    }
  }
  const r = equilibratedCholesky(K, m, t, alpha);
  if (!r) return undefined;
  const coef = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    const a = r.x[i]!;
    if (a === 0) continue;
    const o = i * d;
    for (let j = 0; j < d; j++) coef[j]! += a * Z[o + j]!;
  }
  return { coef, rank: m - r.zeros };
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

/** True in Node (worker threads available); false in browsers. */
const IN_NODE = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Fewest rows from which the Gram matrix is split over threads (`nJobs` ≠ 1): below, copying
 * X into shared memory and waking a worker cost about what the second thread saves.
 */
export const GRAM_THREAD_MIN_ROWS = 16_384;

/**
 * Fewest features from which the Gram matrix is split over threads. The threaded build copies X
 * (d values a row) into shared memory on the calling thread before the workers can start, and
 * shares the products (d(d + 1)/2 a row): with few features the copy and the hand-over cost more
 * than the second thread saves. `Ridge` fit, two threads ÷ one, median of 14 alternated fits at
 * load 2.6–4.3 on 2 CPUs: 100,000 × 20 1.29×, 80,000 × 20 1.51×, 40,000 × 32 1.31×, 80,000 × 40
 * 1.11×, 50,000 × 48 1.20×, 20,000 × 64 0.79×, 50,000 × 64 0.74×, 20,000 × 128 0.83×.
 */
export const GRAM_THREAD_MIN_FEATURES = 64;

/**
 * {@link leastSquares} with the Gram matrix on `nJobs` threads (null: core's thread budget) when
 * in Node, with at least {@link GRAM_THREAD_MIN_ROWS} rows and {@link GRAM_THREAD_MIN_FEATURES}
 * features, no more features than rows and at most {@link GRAM_KERNEL_MAX_D} features; on the
 * calling thread otherwise. The same solution bit for
 * bit whatever the number of threads (fixed chunks added in chunk order: gram-blocks.ts).
 * @param checkX - as in {@link leastSquares}: X's values are checked in the means pass.
 * @throws {@link @mlcompare/core!FitError | FitError} as {@link leastSquares}, or when a worker thread fails;
 *   {@link @mlcompare/core!InputError | InputError} with `checkX` when X holds a NaN or ±∞.
 */
export async function leastSquaresThreaded(
  X: Matrix,
  y: Float64Array,
  fitIntercept: boolean,
  alpha: number,
  caller: string,
  nJobs: number | null,
  checkX = false,
): Promise<LstsqResult> {
  const { rows: n, cols: d } = X;
  if (!IN_NODE || nJobs === 1 || n < GRAM_THREAD_MIN_ROWS || d < GRAM_THREAD_MIN_FEATURES || d > n || d > GRAM_KERNEL_MAX_D || gramChunkCount(n) < 2) {
    return leastSquares(X, y, fitIntercept, alpha, caller, undefined, checkX);
  }
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  // From source in a worker thread (the runner's), import() of a .ts file fails: core requires it.
  const threads = (await importThreadModule(new URL(`./gram-threads.${ext}`, import.meta.url).href, import.meta.url)) as typeof GramThreads;
  const t = Math.min(nJobs ?? threads.defaultThreads(), gramChunkCount(n));
  if (t < 2) return leastSquares(X, y, fitIntercept, alpha, caller, undefined, checkX);
  const tg = await threads.threadedGram(n, d, t, caller);
  try {
    return leastSquares(X, y, fitIntercept, alpha, caller, tg, checkX);
  } finally {
    await tg.close();
  }
}
