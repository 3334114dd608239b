/**
 * Kernel matrices for libsvm's precomputed-kernel mode (`-t 4`), built on core's WebAssembly SIMD
 * pairwise dot products. libsvm-js evaluates every kernel value on its own (a sparse dot product
 * over index/value nodes, without SIMD); on digits-sized problems it trains about twice as fast
 * when handed the whole Gram matrix, and the matrix costs less than that to build here.
 *
 * Kernels as libsvm 3 defines them (`Kernel::kernel_*` in svm.cpp):
 * linear x·y; poly (γ x·y + coef0)^degree (by repeated squaring, libsvm's `powi`);
 * rbf exp(−γ (‖x‖² + ‖y‖² − 2 x·y)); sigmoid tanh(γ x·y + coef0).
 */
import type { Matrix } from '@mlcompare/core';
import { pairwiseDots, pairwiseDotsJs } from '@mlcompare/core/internal';
import type { Kernel } from './common.js';

/** A kernel function and its coefficients. */
export interface KernelParams {
  readonly kernel: Kernel;
  readonly gamma: number;
  readonly degree: number;
  readonly coef0: number;
}

/** libsvm's `powi`: base^times by repeated squaring (times ≥ 0). */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** ‖x_i‖² of every row, summed as the SIMD kernel sums (so bit-identical to its x·x). */
export function rowSquares(data: Float64Array, rows: number, cols: number): Float64Array {
  const sq = new Float64Array(rows);
  for (let i = 0; i < rows; i++) pairwiseDotsJs(data, 1, cols, data, 1, cols, cols, sq, 1, i * cols, i * cols, i);
  return sq;
}

/** Turns dot products `dot` (in place) into kernel values, for rows with squares `sa[i]` against `sb[j]`. */
function applyKernel(k: KernelParams, dot: Float64Array, off: number, rows: number, cols: number, stride: number, sa: Float64Array, aOff: number, sb: Float64Array, bOff: number): void {
  const { gamma, degree, coef0 } = k;
  for (let i = 0; i < rows; i++) {
    const o = off + i * stride;
    switch (k.kernel) {
      case 'linear':
        break;
      case 'rbf': {
        const si = sa[aOff + i]!;
        for (let j = 0; j < cols; j++) dot[o + j] = Math.exp(-gamma * (si + sb[bOff + j]! - 2 * dot[o + j]!));
        break;
      }
      case 'poly':
        for (let j = 0; j < cols; j++) dot[o + j] = powi(gamma * dot[o + j]! + coef0, degree);
        break;
      case 'sigmoid':
        for (let j = 0; j < cols; j++) dot[o + j] = Math.tanh(gamma * dot[o + j]! + coef0);
        break;
    }
  }
}

/** Rows per block of kernel rows (bounds the scratch memory to BLOCK × n doubles). */
const BLOCK = 128;

/**
 * The Gram matrix of the rows of X in libsvm's precomputed format: row i is
 * `[i + 1, K(x_i, x_0), …, K(x_i, x_{n−1})]` (its serial number, then the kernel values).
 * Symmetric by construction (K(x_i, x_j) and K(x_j, x_i) are the same sum), so each block of rows
 * computes only the columns from its first row on and copies the rest from earlier rows.
 */
export function gramRows(X: Matrix, k: KernelParams): Float64Array[] {
  const { rows: n, cols: d } = X;
  const sq = rowSquares(X.data, n, d);
  const mem = pairwiseDots(n * d + BLOCK * n, 2);
  const A = mem.alloc(n * d);
  A.set(X.data);
  const D = mem.alloc(BLOCK * n);
  const out: Float64Array[] = [];
  for (let p = 0; p < n; p += BLOCK) {
    const np = Math.min(BLOCK, n - p);
    const cols = n - p;
    mem.dots(A.subarray(p * d), np, d, A.subarray(p * d), cols, d, d, D, cols);
    applyKernel(k, D, 0, np, cols, cols, sq, p, sq, p);
    for (let a = 0; a < np; a++) {
      const i = p + a;
      const row = new Float64Array(n + 1);
      row[0] = i + 1;
      for (let j = 0; j < p; j++) row[j + 1] = out[j]![i + 1]!;
      row.set(D.subarray(a * cols, (a + 1) * cols), p + 1);
      out.push(row);
    }
  }
  return out;
}

/** The support vectors of a model trained on a precomputed kernel, to evaluate the kernel against new rows. */
export interface PrecomputedSupport {
  readonly params: KernelParams;
  /** The support vectors' feature rows (nSV × d, row-major). */
  readonly sv: Float64Array;
  /** ‖sv_j‖² as {@link rowSquares} computes them. */
  readonly svSquares: Float64Array;
  /** Each support vector's serial number (1-based row of the training set): its column in a kernel row. */
  readonly serial: Int32Array;
  /** Rows in the training set (kernel rows have nTrain + 1 entries). */
  readonly nTrain: number;
  readonly d: number;
}

/**
 * Calls `visit(i, row)` for each row of X with its kernel row in libsvm's precomputed format
 * (`row[serial_j] = K(x_i, sv_j)`, zero in the columns of training rows that are not support
 * vectors, which libsvm never reads). `row` is reused between calls.
 */
export function forEachKernelRow(X: Matrix, s: PrecomputedSupport, visit: (i: number, row: Float64Array) => void): void {
  const { rows: n, cols: d } = X;
  const m = s.serial.length;
  const row = new Float64Array(s.nTrain + 1);
  if (n === 0) return;
  const chunk = Math.max(1, Math.min(n, BLOCK));
  const mem = pairwiseDots(chunk * d + m * d + chunk * m, 3);
  const A = mem.alloc(chunk * d);
  const S = mem.alloc(m * d);
  S.set(s.sv);
  const D = mem.alloc(chunk * m);
  const sq = rowSquares(X.data, n, d);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    A.set(X.data.subarray(start * d, (start + rows) * d));
    mem.dots(A, rows, d, S, m, d, d, D, m);
    applyKernel(s.params, D, 0, rows, m, m, sq, start, s.svSquares, 0);
    for (let a = 0; a < rows; a++) {
      for (let j = 0; j < m; j++) row[s.serial[j]!] = D[a * m + j]!;
      visit(start + a, row);
    }
  }
}

/** The header lines libsvm's `svm_save_model` writes for a kernel (from `kernel_type`): both engines write the same model text. */
export function kernelLines(k: KernelParams): string[] {
  const type = { linear: 'linear', rbf: 'rbf', poly: 'polynomial', sigmoid: 'sigmoid' }[k.kernel];
  const lines = [`kernel_type ${type}`];
  if (k.kernel === 'poly') lines.push(`degree ${k.degree}`);
  if (k.kernel !== 'linear') lines.push(`gamma ${String(k.gamma)}`);
  if (k.kernel === 'poly' || k.kernel === 'sigmoid') lines.push(`coef0 ${String(k.coef0)}`);
  return lines;
}
