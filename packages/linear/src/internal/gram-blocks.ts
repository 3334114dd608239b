/**
 * The centred Gram matrix of least squares by fixed chunks of {@link GRAM_CHUNK} rows, each
 * chunk's upper triangle of `[Xc yc]ᵀ Xc` computed on core's pairwise-dot kernel into a slot of
 * its own, and the slots added in chunk order ({@link addGramSlot}). The chunks do not depend on
 * the number of threads, so one thread and several (gram-threads.ts: the threads claim chunks one
 * at a time over SharedArrayBuffers) give the same Gram matrix bit for bit.
 *
 * No Node import here: this module is bundled for browsers with the rest of the package.
 */
import { pairwiseDots } from '@mlcompare/core/internal';

/** Rows per chunk of the Gram matrix's products (a chunk of d + 1 columns stays in cache). */
export const GRAM_CHUNK = 1024;

/** What the chunks need: the data, its column means, the target and its mean. */
export interface GramProblem {
  /** Row-major n × d (may live in a SharedArrayBuffer). */
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  /** Column means of X (zeros for no centring). */
  mu: Float64Array;
  /** Mean of y (0 for no centring). */
  ybar: number;
}

/** Number of chunks of n rows. */
export function gramChunkCount(n: number): number {
  return Math.max(1, Math.ceil(n / GRAM_CHUNK));
}

/** Doubles per chunk slot: d rows of d + 1 (row j is written from column j on). */
export function gramSlotSize(d: number): number {
  return d * (d + 1);
}

/**
 * Writes rows [start, start + rows) of X (row-major, d columns), centred by `mu`, as the first d
 * rows of `T` (d × rows, column j of the chunk as row j), eight rows of X at a time (the reads
 * stay near each other, each row of T gets a whole cache line of 64 bytes: 80,000 × 20 took
 * 2.0 ms four rows at a time, 1.55 ms so).
 */
function transposeCentred(data: Float64Array, start: number, rows: number, d: number, mu: Float64Array, T: Float64Array): void {
  const base = start * d;
  let i = 0;
  for (; i + 8 <= rows; i += 8) {
    const o = base + i * d;
    for (let j = 0, t = i; j < d; j++, t += rows) {
      const m = mu[j]!;
      const q = o + j;
      T[t] = data[q]! - m;
      T[t + 1] = data[q + d]! - m;
      T[t + 2] = data[q + 2 * d]! - m;
      T[t + 3] = data[q + 3 * d]! - m;
      T[t + 4] = data[q + 4 * d]! - m;
      T[t + 5] = data[q + 5 * d]! - m;
      T[t + 6] = data[q + 6 * d]! - m;
      T[t + 7] = data[q + 7 * d]! - m;
    }
  }
  for (; i < rows; i++) {
    const o = base + i * d;
    for (let j = 0, t = i; j < d; j++, t += rows) T[t] = data[o + j]! - mu[j]!;
  }
}

/** Computes chunks of a {@link GramProblem}: `evaluate(c)` returns chunk c's slot (valid until the next call). */
export interface GramChunks {
  /** Chunk c's upper triangle of `Xcᵀ [Xc yc]`: row j at `[j·(d + 1), (j + 1)·(d + 1))`, fresh from column j on. */
  evaluate(c: number): Float64Array;
}

/** A kernel instance for the chunks of `p` (its own memory: one per thread). */
export function gramChunks(p: GramProblem): GramChunks {
  const { X, y, n, d, mu, ybar } = p;
  const c = Math.min(GRAM_CHUNK, n);
  const st = d + 1;
  const kernel = pairwiseDots((d + 1) * c + d * st, 2);
  const T = kernel.alloc((d + 1) * c);
  const P = kernel.alloc(d * st);
  return {
    evaluate(chunk) {
      const start = chunk * GRAM_CHUNK;
      const rows = Math.min(GRAM_CHUNK, n - start);
      transposeCentred(X, start, rows, d, mu, T);
      for (let i = 0; i < rows; i++) T[d * rows + i] = y[start + i]! - ybar;
      // Only the upper triangle (and Xcᵀyc): row pairs [j, j + 2) of Xcᵀ against rows j..d of
      // [Xc yc]ᵀ. Each dot product is summed as in a full product, and x·y = y·x term by term, so
      // the mirrored lower triangle is the one a full product gives, bit for bit, at half the work.
      for (let j = 0; j < d; j += 2) {
        const off = j * rows;
        kernel.dots(T.subarray(off), Math.min(2, d - j), rows, T.subarray(off), d + 1 - j, rows, rows, P.subarray(j * st + j), st);
      }
      return P;
    },
  };
}

/** Adds a chunk's slot (at offset `at` of `slot`) to the upper triangle of `G` (d × d) and to `b`. */
export function addGramSlot(slot: Float64Array, at: number, d: number, G: Float64Array, b: Float64Array): void {
  const st = d + 1;
  for (let j = 0; j < d; j++) {
    const o = at + j * st;
    for (let k = j; k < d; k++) G[j * d + k]! += slot[o + k]!;
    b[j]! += slot[o + d]!;
  }
}

/** Copies the upper triangle of G into its lower one. */
export function mirrorUpper(G: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) G[j * d + k] = G[k * d + j]!;
}
