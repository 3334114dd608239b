/**
 * Brute-force k-nearest-neighbour search on row-major typed arrays, with a WebAssembly SIMD
 * distance kernel (./simd.ts) where the host has SIMD and a plain JavaScript kernel otherwise.
 *
 * Why not a k-d tree here: in high dimension a tree visits almost every node (ml-knn's tree
 * predicted digits, 64 features, 125× slower than scikit-learn; see BASELINES.md), so an exact
 * scan with a tight inner loop wins. The scan is blocked twice: training rows in chunks that
 * stay in cache, and queries four at a time so that each training value loaded serves four
 * distances. The k nearest are kept by insertion into a sorted k-array (no full sort).
 *
 * Euclidean, SIMD: rows are ranked by ‖t‖² − 2 q·t (one multiply-add per value, two training
 * rows per step), then the exact distances of the k kept rows are recomputed from differences
 * and re-sorted, so reported distances are exact (a duplicate row is at distance 0, as
 * `weights: 'distance'` needs). Euclidean, JavaScript: direct differences (measured as fast as
 * the expansion in V8: 26 vs 27 ms for 359 × 1438 × 64). Manhattan: direct differences.
 */
import type { Matrix } from '@mlcompare/core';
import { simdKernel } from './simd.js';

/** Distance between two rows. */
export type Metric = 'euclidean' | 'manhattan';

/** The k nearest training rows of each query, nearest first. */
export interface Neighbors {
  /** Neighbours per query. */
  readonly k: number;
  /** Training-row index of neighbour `j` of query `i` at `i * k + j`. */
  readonly indices: Int32Array;
  /** Its distance (euclidean or manhattan, not squared), at the same place. */
  readonly distances: Float64Array;
  /** What computed the distances: the WebAssembly SIMD kernel, or JavaScript (the JS scan or ml-knn's tree). */
  readonly backend: 'wasm-simd' | 'js';
}

/** Training rows per chunk: 256 rows × 64 features × 8 bytes = 128 KiB, about L2-sized. */
const CHUNK_BYTES = 131072;

/**
 * Inserts candidate `j` at distance `d` into the sorted top-k list starting at `base`.
 * The caller has checked `d < topD[base + k - 1]`; candidates arrive in increasing `j`, and an
 * equal distance never moves past an earlier entry, so ties keep the lower training index.
 */
function insert(topD: Float64Array, topI: Int32Array, base: number, k: number, d: number, j: number): number {
  let p = base + k - 1;
  while (p > base && topD[p - 1]! > d) {
    topD[p] = topD[p - 1]!;
    topI[p] = topI[p - 1]!;
    p--;
  }
  topD[p] = d;
  topI[p] = j;
  return topD[base + k - 1]!;
}

/**
 * Exact k nearest neighbours by scanning every training row.
 * Ties in distance are broken by training-row index (the lower index is nearer).
 *
 * @param train - training rows (n × d).
 * @param queries - query rows (m × d).
 * @param k - neighbours per query, 1 ≤ k ≤ n.
 * @param metric - `'euclidean'` or `'manhattan'`.
 * @param kernel - `'auto'` (SIMD when available), or force `'simd'` / `'js'` (tests compare them).
 * @returns the neighbours of each query, nearest first.
 */
export function bruteKNeighbors(train: Matrix, queries: Matrix, k: number, metric: Metric, kernel: 'auto' | 'simd' | 'js' = 'auto'): Neighbors {
  if (kernel !== 'js' && simdKernel()) return bruteSimd(train, queries, k, metric);
  return bruteJs(train, queries, k, metric);
}

function finish(topD: Float64Array, topI: Int32Array, k: number, metric: Metric, backend: Neighbors['backend']): Neighbors {
  if (metric !== 'manhattan') for (let i = 0; i < topD.length; i++) topD[i] = Math.sqrt(topD[i]!);
  return { k, indices: topI, distances: topD, backend };
}

function bruteSimd(train: Matrix, queries: Matrix, k: number, metric: Metric): Neighbors {
  const simd = simdKernel()!;
  const n = train.rows;
  const m = queries.rows;
  const d = train.cols;
  const dp = d + (d & 1);
  const nPad = n + (n & 1);
  const mPad = Math.ceil(m / 4) * 4;
  const chunk = 2 * Math.max(8, Math.floor(CHUNK_BYTES / (16 * dp)));
  const qOff = nPad * dp;
  const outOff = qOff + mPad * dp;
  const H = simd.heap((outOff + 4 * chunk) * 8);
  // Copy rows in, padded with zeros to an even length (the kernel reads two features at a time)
  // and, for the pairwise euclidean kernel, to an even number of training rows.
  H.fill(0, 0, outOff);
  for (let j = 0; j < n; j++) H.set(train.data.subarray(j * d, (j + 1) * d), j * dp);
  for (let i = 0; i < m; i++) H.set(queries.data.subarray(i * d, (i + 1) * d), qOff + i * dp);
  const topD = new Float64Array(m * k).fill(Infinity);
  const topI = new Int32Array(m * k).fill(-1);
  const worst = new Float64Array(mPad).fill(Infinity);
  const euclidean = metric === 'euclidean';
  // Euclidean: rank by ‖t‖² − 2 q·t (‖q‖² is the same for every row of a query), then recompute
  // the exact distances of the k kept rows below.
  const tn = new Float64Array(n);
  if (euclidean) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let f = 0; f < d; f++) s += train.data[j * d + f]! ** 2;
      tn[j] = s;
    }
  }
  for (let j0 = 0; j0 < n; j0 += chunk) {
    const len = Math.min(n, j0 + chunk) - j0;
    for (let q = 0; q < m; q += 4) {
      if (euclidean) simd.p4(j0 * dp * 8, (len + 1) >> 1, (qOff + q * dp) * 8, dp, outOff * 8);
      else simd.d4(j0 * dp * 8, len, (qOff + q * dp) * 8, dp, outOff * 8, 1);
      const cs = Math.min(4, m - q);
      for (let c = 0; c < cs; c++) {
        const base = (q + c) * k;
        let w = worst[q + c]!;
        if (euclidean) {
          for (let j = 0; j < len; j++) {
            const key = tn[j0 + j]! - 2 * H[outOff + 4 * j + c]!;
            if (key < w) w = insert(topD, topI, base, k, key, j0 + j);
          }
        } else {
          for (let j = 0; j < len; j++) {
            const dist = H[outOff + 4 * j + c]!;
            if (dist < w) w = insert(topD, topI, base, k, dist, j0 + j);
          }
        }
        worst[q + c] = w;
      }
    }
  }
  if (euclidean) exactEuclidean(train, queries, k, topD, topI);
  return finish(topD, topI, k, metric, 'wasm-simd');
}

/** Replaces ranking keys by exact squared distances and re-sorts each query's k by (distance, index). */
function exactEuclidean(train: Matrix, queries: Matrix, k: number, topD: Float64Array, topI: Int32Array): void {
  const d = train.cols;
  for (let i = 0; i < queries.rows; i++) {
    const base = i * k;
    for (let a = 0; a < k; a++) {
      const j = topI[base + a]!;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = queries.data[i * d + f]! - train.data[j * d + f]!;
        s += t * t;
      }
      // Insertion sort by (distance, index) as the exact values arrive.
      let p = base + a;
      while (p > base && (topD[p - 1]! > s || (topD[p - 1] === s && topI[p - 1]! > j))) {
        topD[p] = topD[p - 1]!;
        topI[p] = topI[p - 1]!;
        p--;
      }
      topD[p] = s;
      topI[p] = j;
    }
  }
}

function bruteJs(train: Matrix, queries: Matrix, k: number, metric: Metric): Neighbors {
  const n = train.rows;
  const m = queries.rows;
  const d = train.cols;
  const T = train.data;
  const Q = queries.data;
  const topD = new Float64Array(m * k).fill(Infinity);
  const topI = new Int32Array(m * k).fill(-1);
  const worst = new Float64Array(m).fill(Infinity);
  const chunk = Math.max(16, Math.floor(CHUNK_BYTES / (8 * Math.max(1, d))));
  const manhattan = metric === 'manhattan';
  for (let j0 = 0; j0 < n; j0 += chunk) {
    const j1 = Math.min(n, j0 + chunk);
    let q = 0;
    for (; q + 4 <= m; q += 4) {
      const o0 = q * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      let w0 = worst[q]!;
      let w1 = worst[q + 1]!;
      let w2 = worst[q + 2]!;
      let w3 = worst[q + 3]!;
      for (let j = j0; j < j1; j++) {
        const t = j * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        if (manhattan) {
          for (let f = 0; f < d; f++) {
            const v = T[t + f]!;
            s0 += Math.abs(Q[o0 + f]! - v);
            s1 += Math.abs(Q[o1 + f]! - v);
            s2 += Math.abs(Q[o2 + f]! - v);
            s3 += Math.abs(Q[o3 + f]! - v);
          }
        } else {
          for (let f = 0; f < d; f++) {
            const v = T[t + f]!;
            const a = Q[o0 + f]! - v;
            const b = Q[o1 + f]! - v;
            const c = Q[o2 + f]! - v;
            const e = Q[o3 + f]! - v;
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += e * e;
          }
        }
        if (s0 < w0) w0 = insert(topD, topI, q * k, k, s0, j);
        if (s1 < w1) w1 = insert(topD, topI, (q + 1) * k, k, s1, j);
        if (s2 < w2) w2 = insert(topD, topI, (q + 2) * k, k, s2, j);
        if (s3 < w3) w3 = insert(topD, topI, (q + 3) * k, k, s3, j);
      }
      worst[q] = w0;
      worst[q + 1] = w1;
      worst[q + 2] = w2;
      worst[q + 3] = w3;
    }
    for (; q < m; q++) {
      const o = q * d;
      let w = worst[q]!;
      for (let j = j0; j < j1; j++) {
        const t = j * d;
        let s = 0;
        if (manhattan) {
          for (let f = 0; f < d; f++) s += Math.abs(Q[o + f]! - T[t + f]!);
        } else {
          for (let f = 0; f < d; f++) {
            const a = Q[o + f]! - T[t + f]!;
            s += a * a;
          }
        }
        if (s < w) w = insert(topD, topI, q * k, k, s, j);
      }
      worst[q] = w;
    }
  }
  return finish(topD, topI, k, metric, 'js');
}
