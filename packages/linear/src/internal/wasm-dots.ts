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

/** Rows per chunk when predicting through the kernel (bounded scratch memory). */
const CHUNK = 256;
/** Below this many multiply-adds the JavaScript kernel is as fast (no copy into the kernel's memory). */
const WASM_MIN_WORK = 32768;
let scratch: { dots: WasmDots; A: Float64Array; W: Float64Array; Z: Float64Array } | undefined;

/**
 * `Z = X Wᵀ + b` (n × k) for k rows of weights `W` (k × d) and intercepts `b`; bit-identical
 * to {@link linearForward}, on the WebAssembly kernel (in chunks of 256 rows through a reused
 * scratch memory) when the product is large enough to gain from it.
 */
export function decisionScores(X: Float64Array, n: number, d: number, W: Float64Array, k: number, b: Float64Array): Float64Array {
  const Z = new Float64Array(n * k);
  let useWasm = n * d * k >= WASM_MIN_WORK && d > 0;
  if (useWasm && (!scratch || scratch.A.length < CHUNK * d || scratch.W.length < k * d || scratch.Z.length < CHUNK * k)) {
    // Grow to twice what is needed, so that slightly larger problems reuse it.
    const dots = wasmDots(2 * (CHUNK * d + k * d + CHUNK * k), 3);
    scratch = dots ? { dots, A: dots.alloc(2 * CHUNK * d), W: dots.alloc(2 * k * d), Z: dots.alloc(2 * CHUNK * k) } : undefined;
  }
  if (!scratch) useWasm = false;
  if (useWasm && scratch) {
    const { dots, A, W: Wm, Z: Zm } = scratch;
    Wm.set(W.subarray(0, k * d));
    for (let start = 0; start < n; start += CHUNK) {
      const rows = Math.min(CHUNK, n - start);
      A.set(X.subarray(start * d, (start + rows) * d));
      dots.dots(A, rows, d, Wm, k, d, d, Zm, k);
      Z.set(Zm.subarray(0, rows * k), start * k);
    }
  } else {
    linearForward(X, n, d, W, k, d, false, Z);
  }
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) Z[i * k + c]! += b[c]!;
  return Z;
}
