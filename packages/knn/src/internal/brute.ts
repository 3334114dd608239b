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
import { simdKernel, type SimdKernel } from './simd.js';

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
  /** Threads that searched at least one query (1 but for a search split across threads). */
  readonly threads: number;
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
export function bruteKNeighbors(train: Matrix, queries: Matrix, k: number, metric: Metric, kernel: Kernel = 'auto'): Neighbors {
  const m = queries.rows;
  const topD = new Float64Array(m * k);
  const topI = new Int32Array(m * k);
  const block = queryBlock(m, 1);
  const s = blockSearch({ T: train.data, n: train.rows, Q: queries.data, m, d: train.cols, k, metric, kernel, block, topD, topI });
  for (let q0 = 0; q0 < m; q0 += block) s.search(q0);
  return { k, indices: topI, distances: topD, backend: s.backend, threads: 1 };
}

/** Which kernel a scan uses: `'auto'` (SIMD when the host has it), or forced. */
export type Kernel = 'auto' | 'simd' | 'js';

/**
 * Queries per block when `threads` threads share a search of `m` queries: blocks of 256 (4 of
 * them, × 20 features, stay in L1 while a chunk of training rows streams past), fewer when that
 * would leave a thread with fewer than four blocks (the last blocks even out the threads' ends).
 */
export function queryBlock(m: number, threads: number): number {
  return Math.max(4, Math.min(256, Math.ceil(m / (4 * threads) / 4) * 4));
}

/** One search, as {@link blockSearch} takes it (the arrays may view SharedArrayBuffers). */
export interface ScanJob {
  /** Training rows, n × d, row-major. */
  T: Float64Array;
  n: number;
  /** Query rows, m × d, row-major. */
  Q: Float64Array;
  m: number;
  d: number;
  k: number;
  metric: Metric;
  kernel: Kernel;
  /** Queries per block. */
  block: number;
  /** Out: distance (not squared) of neighbour j of query q at `q · k + j`, nearest first. */
  topD: Float64Array;
  /** Out: its training-row index. */
  topI: Int32Array;
}

/**
 * The scan behind {@link bruteKNeighbors}, block by block: `search(q0)` finds the k nearest of
 * queries `[q0, min(m, q0 + block))` and writes them to `job.topD` / `job.topI`. A query's result
 * depends only on the query and the training rows, so threads that share the blocks of one search
 * (each with its own `blockSearch` over the same arrays) give the one-thread result, bit for bit.
 *
 * @returns `search` and the kernel it runs: `'wasm-simd'` or `'js'`.
 */
export function blockSearch(job: ScanJob): { backend: Neighbors['backend']; search: (q0: number) => void } {
  const { T, n, Q, m, d, k, metric, block, topD, topI } = job;
  const simd = job.kernel !== 'js' ? simdKernel() : null;
  const scan = simd ? simdScan(simd, T, n, Q, d, block, metric) : undefined;
  return {
    backend: simd ? 'wasm-simd' : 'js',
    search(q0) {
      const q1 = Math.min(m, q0 + block);
      topD.fill(Infinity, q0 * k, q1 * k);
      topI.fill(-1, q0 * k, q1 * k);
      if (scan) scan(q0, q1, k, topD, topI);
      else bruteJs(T, n, Q, d, q0, q1, k, metric, topD, topI);
      if (metric !== 'manhattan') for (let i = q0 * k; i < q1 * k; i++) topD[i] = Math.sqrt(topD[i]!);
    },
  };
}

/**
 * Returns the search of one block of queries with the SIMD kernel. The kernel's memory holds the
 * training rows (padded with zeros to a multiple of four features, and to an even count) and,
 * for euclidean, their squared norms; they are copied in before the first block and again
 * whenever another search used the memory in between (`simd.owner`).
 */
function simdScan(
  simd: SimdKernel,
  T: Float64Array,
  n: number,
  Q: Float64Array,
  d: number,
  block: number,
  metric: Metric,
): (q0: number, q1: number, k: number, topD: Float64Array, topI: Int32Array) => void {
  const dp = Math.ceil(d / 4) * 4;
  const nPad = n + (n & 1);
  const chunk = 2 * Math.max(8, Math.floor(CHUNK_BYTES / (16 * dp)));
  const bPad = Math.ceil(block / 4) * 4;
  // Heap layout (in doubles): training rows | their squared norms | query block | 4 thresholds |
  // candidate records (or, for manhattan, the kernel's 4 × chunk distances).
  const tnOff = nPad * dp;
  const qOff = tnOff + nPad;
  const thrOff = qOff + bPad * dp;
  const outOff = thrOff + 4;
  const heapBytes = (outOff + 2 + 4 * chunk * 2) * 8;
  const euclidean = metric === 'euclidean';
  const token = {};
  const load = (): void => {
    const H = simd.heap(heapBytes);
    H.fill(0, 0, outOff);
    for (let j = 0; j < n; j++) H.set(T.subarray(j * d, (j + 1) * d), j * dp);
    // Euclidean: rank by ‖t‖² − 2 q·t (‖q‖² is the same for every row of a query), then recompute
    // the exact distances of the k kept rows (exactEuclidean). A padding row ranks at +∞: never kept.
    if (euclidean) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let f = 0; f < d; f++) s += T[j * d + f]! ** 2;
        H[tnOff + j] = s;
      }
      if (nPad > n) H[tnOff + n] = Infinity;
    }
    simd.owner = token;
  };
  const worst = new Float64Array(bPad);
  return (q0, q1, k, topD, topI) => {
    if (simd.owner !== token) load();
    const H = simd.heap(0);
    const bm = q1 - q0;
    H.fill(0, qOff, qOff + bPad * dp);
    for (let i = 0; i < bm; i++) H.set(Q.subarray((q0 + i) * d, (q0 + i + 1) * d), qOff + i * dp);
    worst.fill(Infinity);
    const I32 = new Int32Array(H.buffer);
    const candByte = outOff * 8;
    for (let j0 = 0; j0 < n; j0 += chunk) {
      const len = Math.min(n, j0 + chunk) - j0;
      for (let g = 0; g < bm; g += 4) {
        const cs = Math.min(4, bm - g);
        if (euclidean) {
          for (let c = 0; c < 4; c++) H[thrOff + c] = c < cs ? worst[g + c]! : -Infinity;
          simd.s4(j0 * dp * 8, (len + 1) >> 1, (qOff + g * dp) * 8, dp, (tnOff + j0) * 8, thrOff * 8, candByte);
          const count = I32[candByte >> 2]!;
          for (let r = 0; r < count; r++) {
            const rec = outOff + 2 + 4 * r;
            const code = I32[(rec + 2) * 2]!;
            const c = code & 3;
            const j = j0 + 2 * (code >> 2);
            const base = (q0 + g + c) * k;
            let w = worst[g + c]!;
            const a = H[rec]!;
            if (a < w) w = insert(topD, topI, base, k, a, j);
            const b = H[rec + 1]!;
            if (b < w && j + 1 < n) w = insert(topD, topI, base, k, b, j + 1);
            worst[g + c] = w;
          }
        } else {
          simd.d4(j0 * dp * 8, len, (qOff + g * dp) * 8, dp, outOff * 8, 1);
          for (let c = 0; c < cs; c++) {
            const base = (q0 + g + c) * k;
            let w = worst[g + c]!;
            for (let j = 0; j < len; j++) {
              const dist = H[outOff + 4 * j + c]!;
              if (dist < w) w = insert(topD, topI, base, k, dist, j0 + j);
            }
            worst[g + c] = w;
          }
        }
      }
    }
    if (euclidean) exactEuclidean(T, Q, d, q0, q1, k, topD, topI);
  };
}

/** Replaces ranking keys by exact squared distances and re-sorts each query's k by (distance, index). */
function exactEuclidean(T: Float64Array, Q: Float64Array, d: number, q0: number, q1: number, k: number, topD: Float64Array, topI: Int32Array): void {
  for (let i = q0; i < q1; i++) {
    const base = i * k;
    for (let a = 0; a < k; a++) {
      const j = topI[base + a]!;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = Q[i * d + f]! - T[j * d + f]!;
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

/** The JavaScript scan of queries [q0, q1) (squared euclidean or manhattan distances into topD). */
function bruteJs(T: Float64Array, n: number, Q: Float64Array, d: number, q0: number, q1: number, k: number, metric: Metric, topD: Float64Array, topI: Int32Array): void {
  const m = q1;
  // worst[q - q0]: the k-th smallest distance so far of query q.
  const worst = new Float64Array(q1 - q0).fill(Infinity);
  const chunk = Math.max(16, Math.floor(CHUNK_BYTES / (8 * Math.max(1, d))));
  const manhattan = metric === 'manhattan';
  for (let j0 = 0; j0 < n; j0 += chunk) {
    const j1 = Math.min(n, j0 + chunk);
    let q = q0;
    for (; q + 4 <= m; q += 4) {
      const o0 = q * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      let w0 = worst[q - q0]!;
      let w1 = worst[q - q0 + 1]!;
      let w2 = worst[q - q0 + 2]!;
      let w3 = worst[q - q0 + 3]!;
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
      worst[q - q0] = w0;
      worst[q - q0 + 1] = w1;
      worst[q - q0 + 2] = w2;
      worst[q - q0 + 3] = w3;
    }
    for (; q < m; q++) {
      const o = q * d;
      let w = worst[q - q0]!;
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
      worst[q - q0] = w;
    }
  }
}
