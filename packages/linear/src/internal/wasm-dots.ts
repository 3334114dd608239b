/**
 * The WebAssembly SIMD pairwise-dot kernel of `@mlcompare/core` (`pairwiseDots`) as the linear
 * models use it: `out[p·so + q] = Σ_t P[p·sp + t] · Q[q·sq + t]`, every dot product summed the
 * same way whatever block it falls in (even-indexed and odd-indexed terms in two lanes, then
 * lane 0 + lane 1, then the last term when the length is odd). When WebAssembly SIMD is
 * unavailable, {@link wasmDots} returns undefined and callers use the JavaScript kernels.
 */

import { pairwiseDots, type PairwiseDots } from '@mlcompare/core/internal';
import { linearForward } from './kernels.js';

/** A memory with the kernel (core's {@link PairwiseDots}). */
export type WasmDots = PairwiseDots;

/**
 * A kernel instance with its own memory of `totalDoubles` doubles (plus alignment slack), or
 * undefined when WebAssembly SIMD is not available here.
 */
export function wasmDots(totalDoubles: number, arrays: number): WasmDots | undefined {
  return pairwiseDots(totalDoubles, arrays, true);
}

// ---- decision values for prediction ------------------------------------------------------

/** Rows per chunk when predicting through the kernel (bounded scratch memory that stays in cache). */
export const DECISION_CHUNK = 512;
/** Below this many multiply-adds the JavaScript kernel is as fast (no copy into the kernel's memory). */
const WASM_MIN_WORK = 32768;
let scratch: { dots: WasmDots; A: Float64Array; W: Float64Array; Z: Float64Array } | undefined;

/**
 * Receives decision values without intercepts for rows [start, start + rows): the value of row
 * start + i and class c is `Z[i·rs + c·cs]`. Valid only during the call (the kernel reuses Z).
 */
export type DecisionSink = (start: number, rows: number, Z: Float64Array, rs: number, cs: number) => void;

/**
 * The WebAssembly kernel set up for one product `X Wᵀ` (see {@link decisionKernel}): `chunk`
 * copies rows [start, start + rows) of X (rows ≤ {@link DECISION_CHUNK}) into the kernel's scratch
 * memory and returns their values class-major (row i of class c at `i + c·rows`), valid until the
 * next call.
 */
export interface DecisionKernel {
  /** The chunk's decision values without intercepts, class-major. */
  chunk(X: Float64Array, start: number, rows: number): Float64Array;
}

/**
 * The WebAssembly kernel for `x_i · w_c` with the k rows of `W` (k × d) loaded, when the product
 * of n rows is large enough to gain from it and WebAssembly SIMD is here; undefined otherwise
 * (then {@link linearForward} computes the same values, bit for bit). The weights are the
 * kernel's first operand and the rows its second, so that it sums four rows at a time against
 * one class (against the rows first, two: 0.12 → 0.08 ms for 20,000 × 20 and one class). The
 * callers loop over the chunks themselves: a loop inside the caller is optimised with it, a sink
 * called per chunk (see {@link forEachDecisionChunk}) kept its running state in a closure.
 */
export function decisionKernel(n: number, d: number, W: Float64Array, k: number): DecisionKernel | undefined {
  if (n * d * k < WASM_MIN_WORK || d === 0) return undefined;
  if (!scratch || scratch.A.length < DECISION_CHUNK * d || scratch.W.length < k * d || scratch.Z.length < DECISION_CHUNK * k) {
    // Grow to twice what is needed, so that slightly larger problems reuse it.
    const dots = wasmDots(2 * (DECISION_CHUNK * d + k * d + DECISION_CHUNK * k), 3);
    scratch = dots ? { dots, A: dots.alloc(2 * DECISION_CHUNK * d), W: dots.alloc(2 * k * d), Z: dots.alloc(2 * DECISION_CHUNK * k) } : undefined;
  }
  if (!scratch) return undefined;
  const { dots, A, W: Wm, Z: Zm } = scratch;
  Wm.set(W.subarray(0, k * d));
  return {
    chunk(X, start, rows) {
      A.set(X.subarray(start * d, (start + rows) * d));
      dots.dots(Wm, k, d, A, rows, d, d, Zm, rows);
      return Zm;
    },
  };
}

/**
 * `x_i · w_c` for the n rows of X (row-major n × d) and the k rows of `W` (k × d), handed to
 * `sink` chunk by chunk, each dot product summed as {@link linearForward} sums it (bit-identical
 * on either kernel): from {@link decisionKernel} by chunks of {@link DECISION_CHUNK} rows,
 * class-major (rs 1, cs rows), when it is there; from the JavaScript kernel in one row-major call
 * (rs k, cs 1) otherwise.
 */
export function forEachDecisionChunk(X: Float64Array, n: number, d: number, W: Float64Array, k: number, sink: DecisionSink): void {
  const kernel = decisionKernel(n, d, W, k);
  if (kernel) {
    for (let start = 0; start < n; start += DECISION_CHUNK) {
      const rows = Math.min(DECISION_CHUNK, n - start);
      sink(start, rows, kernel.chunk(X, start, rows), 1, rows);
    }
  } else {
    const Z = new Float64Array(n * k);
    linearForward(X, n, d, W, k, d, false, Z);
    sink(0, n, Z, k, 1);
  }
}

/**
 * `Z = X Wᵀ + b` (n × k, row-major) for k rows of weights `W` (k × d) and intercepts `b`;
 * bit-identical to {@link linearForward} (see {@link forEachDecisionChunk}).
 */
export function decisionScores(X: Float64Array, n: number, d: number, W: Float64Array, k: number, b: Float64Array): Float64Array {
  const Z = new Float64Array(n * k);
  forEachDecisionChunk(X, n, d, W, k, (start, rows, Zc, rs, cs) => {
    for (let c = 0; c < k; c++) {
      const bc = b[c]!;
      for (let i = 0, o = start * k + c; i < rows; i++, o += k) Z[o] = Zc[i * rs + c * cs]! + bc;
    }
  });
  return Z;
}
