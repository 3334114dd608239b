/**
 * The boosting loop of scikit-learn 1.2.1's `BaseHistGradientBoosting.fit`
 * (sklearn/ensemble/_hist_gradient_boosting/gradient_boosting.py) with the losses of
 * sklearn/_loss (half squared error, half binomial and half multinomial log loss), the packed
 * predictors, prediction and JSON.
 *
 * - Baseline: the mean target (squared error), logit of the positive share clipped to
 *   [10ε, 1 − 10ε] (binary), log(p_k / geometric mean of p) with p_k clipped to [ε, 1 − ε]
 *   (multinomial).
 * - Each iteration computes the gradients and hessians (float32) from the current raw
 *   predictions once, then grows one tree per output (one per class for multinomial).
 * - Early stopping (scoring 'loss'): the validation part is split off before binning; the
 *   validation loss is recorded after the baseline and after every iteration, and training stops
 *   when none of the last `nIterNoChange` scores beats the one before them by more than `tol`.
 */
import { describeJsonValue, holdoutSplit, readNumber, stateError, type Matrix, type StateContext, type StateReader } from '@mlcompare/core';
import { fitBins, transformBins, type BinMapper } from './binning.js';
import { growBoostingTree, type BinnedData, type GrownTree, type LeafRange } from './grower.js';
import { CTRL, CTRL_WORDS, featureShare, jsHistBackend, wasmAddTrees, wasmHistBackend, type SharedKernel } from './hist-kernel.js';

/** The losses. */
export type BoostingLoss = 'squared_error' | 'binomial' | 'multinomial';

/** Settings of a boosting fit. */
export interface BoostingParams {
  learningRate: number;
  maxIter: number;
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  earlyStopping: 'auto' | boolean;
  validationFraction: number | null;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

/** The fitted ensemble: baseline and trees packed one after another. */
export interface BoostedTrees {
  loss: BoostingLoss;
  /** Raw predictions per row before any tree (one per output). */
  baseline: Float64Array;
  /** Outputs per row: 1, or the number of classes (multinomial). */
  nOutputs: number;
  /** Iterations run. */
  nIter: number;
  /** First node of each tree (trees in order iteration·nOutputs + output), then the node count. */
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** Per iteration: training loss, and validation loss when early stopping held rows out (index 0 = baseline). */
  trainLoss: number[];
  validationLoss: number[] | null;
  /** Whether early stopping was on. */
  earlyStopped: boolean;
  /** Features of the training data. */
  nFeatures: number;
}

const EPS = 2.220446049250313e-16;

/** log(1 + exp(x)) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Rows per block of a loss sum: each block is summed in row order, then the block sums in order,
 * so that threads summing blocks give the one-thread sum (runRowChunk: a row job's chunks are
 * whole blocks).
 */
export const LOSS_BLOCK = 2048;

/** Sum of the half losses of rows i0 .. i1 − 1 (raw predictions n × K; targets: values, or class codes), in row order. */
function lossSum(loss: BoostingLoss, y: ArrayLike<number>, raw: Float64Array, K: number, i0: number, i1: number): number {
  let s = 0;
  if (loss === 'squared_error') {
    for (let i = i0; i < i1; i++) s += 0.5 * (y[i]! - raw[i]!) ** 2;
  } else if (loss === 'binomial') {
    for (let i = i0; i < i1; i++) s += softplus(raw[i]!) - y[i]! * raw[i]!;
  } else {
    for (let i = i0; i < i1; i++) {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, raw[i * K + k]!);
      let se = 0;
      for (let k = 0; k < K; k++) se += Math.exp(raw[i * K + k]! - mx);
      s += mx + Math.log(se) - raw[i * K + y[i]!]!;
    }
  }
  return s;
}

/** Mean half loss: the {@link LOSS_BLOCK} block sums added in order, over the rows. */
function meanLoss(loss: BoostingLoss, y: ArrayLike<number>, raw: Float64Array, K: number): number {
  const n = y.length;
  let s = 0;
  for (let b = 0; b < n; b += LOSS_BLOCK) s += lossSum(loss, y, raw, K, b, Math.min(n, b + LOSS_BLOCK));
  return s / n;
}

/** scikit-learn's `fit_intercept_only` for each loss. */
function baselineOf(loss: BoostingLoss, y: ArrayLike<number>, K: number): Float64Array {
  const n = y.length;
  if (loss === 'squared_error') {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i]!;
    return Float64Array.of(s / n);
  }
  if (loss === 'binomial') {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i]!;
    let p = s / n;
    const eps = 10 * EPS;
    p = Math.min(Math.max(p, eps), 1 - eps);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  const p = new Float64Array(K);
  for (let i = 0; i < n; i++) p[y[i]!]! += 1;
  let logSum = 0;
  for (let k = 0; k < K; k++) {
    p[k] = Math.min(Math.max(p[k]! / n, EPS), 1 - EPS);
    logSum += Math.log(p[k]!);
  }
  const gm = Math.exp(logSum / K);
  return Float64Array.from(p, (v) => Math.log(v / gm));
}

/** Gradients and hessians (float32) of the loss at `raw` for rows i0 .. i1 − 1; for multinomial, class-major: g[k·n + i] (n = y.length). */
function gradients(loss: BoostingLoss, y: ArrayLike<number>, raw: Float64Array, K: number, g: Float32Array, h: Float32Array, p: Float64Array, i0 = 0, i1 = y.length): void {
  const n = y.length;
  if (loss === 'squared_error') {
    for (let i = i0; i < i1; i++) g[i] = raw[i]! - y[i]!;
    return;
  }
  if (loss === 'binomial') {
    // sklearn/_loss: cgrad_hess_half_binomial.
    for (let i = i0; i < i1; i++) {
      const r = raw[i]!;
      const yt = y[i]!;
      if (r > -37) {
        const e = Math.exp(-r);
        g[i] = (1 - yt - yt * e) / (1 + e);
        h[i] = e / (1 + e) ** 2;
      } else {
        const e = Math.exp(r);
        g[i] = e - yt;
        h[i] = e;
      }
    }
    return;
  }
  for (let i = i0; i < i1; i++) {
    let mx = raw[i * K]!;
    for (let k = 1; k < K; k++) if (raw[i * K + k]! > mx) mx = raw[i * K + k]!;
    let se = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(raw[i * K + k]! - mx);
      p[k] = e;
      se += e;
    }
    const yt = y[i]!;
    for (let k = 0; k < K; k++) {
      const pk = p[k]! / se;
      g[k * n + i] = pk - (yt === k ? 1 : 0);
      h[k * n + i] = pk * (1 - pk);
    }
  }
}

/** Moves each feature's missing values from scikit-learn's bin `missingBin` to its compact missing bin (nBinsNonMissing[f]), in place. */
function compactBins(bins: Uint8Array, n: number, nBinsNonMissing: Int32Array, missingBin: number): Uint8Array {
  for (let f = 0; f < nBinsNonMissing.length; f++) {
    const m = nBinsNonMissing[f]!;
    for (let i = f * n; i < (f + 1) * n; i++) if (bins[i] === missingBin) bins[i] = m;
  }
  return bins;
}

/** Adds the binned-data predictions of tree `t` (validation rows i0 .. i1 − 1 of n, compact bins) into raw[:, k]. */
function addBinnedTree(
  t: Pick<GrownTree, 'feature' | 'binThreshold' | 'missingLeft' | 'left' | 'right' | 'value'>,
  bins: Uint8Array,
  n: number,
  nBinsNonMissing: Int32Array,
  raw: Float64Array,
  K: number,
  k: number,
  i0 = 0,
  i1 = n,
): void {
  for (let i = i0; i < i1; i++) {
    let node = 0;
    while (t.left[node]! >= 0) {
      const f = t.feature[node]!;
      const b = bins[f * n + i]!;
      const left = b === nBinsNonMissing[f] ? t.missingLeft[node] === 1 : b <= t.binThreshold[node]!;
      node = left ? t.left[node]! : t.right[node]!;
    }
    raw[i * K + k]! += t.value[node]!;
  }
}

/** `_should_stop`: true when none of the last `nIterNoChange` scores beats the reference by more than tol. */
function shouldStop(scores: number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (scores.length < ref) return false;
  const reference = scores[scores.length - ref]! + tol;
  for (let i = scores.length - ref + 1; i < scores.length; i++) if (scores[i]! > reference) return false;
  return true;
}

/** The losses by their code in the control words of a row job. */
const LOSS_CODES: readonly BoostingLoss[] = ['squared_error', 'binomial', 'multinomial'];

/** The sizes of a threaded fit's row arrays: training and validation rows, outputs, features, and most nodes of a tree (0: trees are applied on the calling thread). */
export interface RowShape {
  n: number;
  nVal: number;
  K: number;
  d: number;
  maxNodes: number;
}

/**
 * Byte addresses of a fit's row arrays from `at` (targets, raw predictions, gradients, hessians,
 * the same for the validation rows, block sums; the validation rows' compact bins, feature-major;
 * the last tree's nodes and leaves) and where they end.
 */
export function rowLayout(at: number, s: RowShape) {
  const { n, nVal, K, d, maxNodes } = s;
  const align8 = (v: number): number => Math.ceil(v / 8) * 8;
  const y = align8(at);
  const raw = y + n * 8;
  const g = raw + n * K * 8;
  const h = align8(g + n * K * 4);
  const yVal = align8(h + n * K * 4);
  const rawVal = yVal + nVal * 8;
  const sums = rawVal + nVal * K * 8;
  const valBins = sums + Math.ceil(Math.max(n, nVal, 1) / LOSS_BLOCK) * 8;
  // The tree: value (float64), feature, bin threshold, left, right (int32), missing left (byte); leaves: value, start, stop.
  const value = align8(valBins + nVal * d);
  const feature = value + maxNodes * 8;
  const binThr = feature + maxNodes * 4;
  const left = binThr + maxNodes * 4;
  const right = left + maxNodes * 4;
  const missLeft = right + maxNodes * 4;
  const leafValue = align8(missLeft + maxNodes);
  const leafStart = leafValue + maxNodes * 8;
  const leafStop = leafStart + maxNodes * 4;
  return { y, raw, g, h, yVal, rawVal, sums, valBins, value, feature, binThr, left, right, missLeft, leafValue, leafStart, leafStop, end: leafStop + maxNodes * 4 };
}

/**
 * Rows per chunk of a row job over n rows: one {@link LOSS_BLOCK} (72,000 rows: 36 chunks; a
 * binomial gradient chunk takes ~80 µs), more above 2,097,152 rows (at most 1,024 chunks), so
 * that the last chunk leaves the other threads little to wait for, and a thread that starts
 * late or loses its core holds up one chunk at most.
 */
function chunkRows(n: number): number {
  return LOSS_BLOCK * Math.max(1, Math.ceil(Math.ceil(n / LOSS_BLOCK) / 1024));
}

/** Validation rows per chunk of applying a tree (`CTRL.rowOp` 3): about eight chunks per thread, at least 256 rows. */
function valChunkRows(nVal: number, threads: number): number {
  return Math.max(256, Math.ceil(nVal / (8 * threads)));
}

/** The chunks of the row job in the control words (see {@link runRowChunk}). */
export function rowJobChunks(c: Int32Array): number {
  const threads = c[CTRL.threads]!;
  if (c[CTRL.rowOp] === 3) {
    const n = c[CTRL.rowShapeN]!;
    const nVal = c[CTRL.rowShapeVal]!;
    return Math.ceil(n / chunkRows(n)) + (nVal > 0 ? Math.ceil(nVal / valChunkRows(nVal, threads)) : 0);
  }
  const n = c[CTRL.rowN]!;
  return Math.ceil(n / chunkRows(n));
}

/**
 * Chunk i of a row job (`CTRL.cmd` 4; {@link rowJobChunks} chunks, claimed by whichever thread
 * comes first): its rows' gradients and hessians (`CTRL.rowOp` 1; each row's values the
 * one-thread ones), its blocks' loss sums (2; the calling thread adds the block sums in order, as
 * {@link meanLoss}), or its part of applying a grown tree (3: {@link applyTreeChunk}). Who runs
 * a chunk does not change a bit of the result.
 */
export function runRowChunk(memory: { readonly buffer: ArrayBufferLike }, i: number): void {
  const buf = memory.buffer;
  const c = new Int32Array(buf, 0, CTRL_WORDS);
  const K = c[CTRL.rowK]!;
  const threads = c[CTRL.threads]!;
  if (c[CTRL.rowOp] === 3) {
    applyTreeChunk(buf, c, i, threads, K);
    return;
  }
  const n = c[CTRL.rowN]!;
  const loss = LOSS_CODES[c[CTRL.rowLoss]!]!;
  const y = new Float64Array(buf, c[CTRL.rowY]! >>> 0, n);
  const raw = new Float64Array(buf, c[CTRL.rowRaw]! >>> 0, n * K);
  const R = chunkRows(n);
  const r0 = i * R;
  const r1 = Math.min(n, r0 + R);
  if (c[CTRL.rowOp] === 1) {
    const g = new Float32Array(buf, c[CTRL.rowG]! >>> 0, n * K);
    const h = loss === 'squared_error' ? g : new Float32Array(buf, c[CTRL.rowH]! >>> 0, n * K);
    gradients(loss, y, raw, K, g, h, new Float64Array(K), r0, r1);
    return;
  }
  const sums = new Float64Array(buf, c[CTRL.rowSums]! >>> 0, Math.ceil(n / LOSS_BLOCK));
  for (let b = r0 / LOSS_BLOCK; b * LOSS_BLOCK < r1; b++) sums[b] = lossSum(loss, y, raw, K, b * LOSS_BLOCK, Math.min(n, (b + 1) * LOSS_BLOCK));
}

/**
 * Chunk i of applying a grown tree (`CTRL.rowOp` 3): the first chunks are positions of the
 * partition, whose samples' training raw predictions receive their leaf's value (as the grower
 * does on one thread), the others validation rows, walked down the tree on their bins (as
 * {@link addBinnedTree}). Every raw prediction receives one addition: the one-thread sums.
 */
function applyTreeChunk(buf: ArrayBufferLike, c: Int32Array, i: number, threads: number, K: number): void {
  const n = c[CTRL.rowShapeN]!;
  const nVal = c[CTRL.rowShapeVal]!;
  const d = c[CTRL.d]!;
  const maxNodes = c[CTRL.rowMaxNodes]!;
  const k = c[CTRL.rowOutput]!;
  const nLeaves = c[CTRL.rowLeaves]!;
  const L = rowLayout(c[CTRL.rowsAt]!, { n, nVal, K, d, maxNodes });
  const R = chunkRows(n);
  const nPos = Math.ceil(n / R);
  if (i < nPos) {
    const part = new Int32Array(buf, c[CTRL.partAt]!, n);
    const raw = new Float64Array(buf, L.raw, n * K);
    const leafValue = new Float64Array(buf, L.leafValue, nLeaves);
    const leafStart = new Int32Array(buf, L.leafStart, nLeaves);
    const leafStop = new Int32Array(buf, L.leafStop, nLeaves);
    const q0 = i * R;
    const q1 = Math.min(n, q0 + R);
    for (let j = 0; j < nLeaves; j++) {
      const a = Math.max(q0, leafStart[j]!);
      const b = Math.min(q1, leafStop[j]!);
      const v = leafValue[j]!;
      for (let q = a; q < b; q++) raw[part[q]! * K + k]! += v;
    }
    return;
  }
  const RV = valChunkRows(nVal, threads);
  const v0 = (i - nPos) * RV;
  const metaAt = c[CTRL.metaAt]!;
  const tree = {
    feature: new Int32Array(buf, L.feature, maxNodes),
    binThreshold: new Int32Array(buf, L.binThr, maxNodes),
    missingLeft: new Uint8Array(buf, L.missLeft, maxNodes),
    left: new Int32Array(buf, L.left, maxNodes),
    right: new Int32Array(buf, L.right, maxNodes),
    value: new Float64Array(buf, L.value, maxNodes),
  };
  const nBinsNonMissing = new Int32Array(buf, metaAt + (d + 1) * 4, d);
  const valBins = new Uint8Array(buf, L.valBins, nVal * d);
  const rawVal = new Float64Array(buf, L.rawVal, nVal * K);
  addBinnedTree(tree, valBins, nVal, nBinsNonMissing, rawVal, K, k, v0, Math.min(nVal, v0 + RV));
}

/** The row arrays of a threaded fit, in its shared memory. */
interface RowArrays {
  yy: Float64Array;
  raw: Float64Array;
  g: Float32Array;
  h: Float32Array;
  yVal: Float64Array;
  rawVal: Float64Array;
  /** The validation rows' compact bins, feature-major. */
  valBins: Uint8Array;
}

/** A threaded fit's gradients and losses, computed by its threads over the rows' arrays in shared memory (boost-threads.ts). */
export interface RowWork {
  /** Bytes the arrays take (the histogram backend reserves them). */
  bytes(shape: RowShape): number;
  /** The arrays, in the region the backend reserved. */
  arrays(shape: RowShape): RowArrays;
  /**
   * Adds a grown tree's leaf values to the training raw predictions of output k (its leaves'
   * samples) and walks the validation rows down it (at most `shape.maxNodes` nodes).
   */
  applyTree(tree: GrownTree, leaves: readonly LeafRange[], k: number): void;
  /** Gradients and hessians of the training rows (as `gradients`). */
  gradients(loss: BoostingLoss, K: number): void;
  /** Mean loss of the training or validation rows (as `meanLoss`). */
  meanLoss(val: boolean, loss: BoostingLoss, K: number): number;
}

/**
 * Bins the training rows: the thresholds and the feature-major bins (`bins[f·n + i]`,
 * scikit-learn's bin numbers; or, with `hasMissing`, each feature's missing values already in
 * its compact missing bin, as {@link compactBins} puts them, and which features have any).
 */
export type Binner = (data: Float64Array, n: number, d: number, maxBins: number) => { mapper: BinMapper; bins: Uint8Array; hasMissing?: Uint8Array };

/** {@link Binner} on the calling thread. */
function binAll(data: Float64Array, n: number, d: number, maxBins: number): { mapper: BinMapper; bins: Uint8Array } {
  const mapper = fitBins(data, n, d, maxBins);
  return { mapper, bins: transformBins(mapper, data, n, d) };
}

/**
 * Fits the boosted trees.
 * @param X - training rows (NaN = missing).
 * @param y - values, or class codes 0..K−1.
 * @param loss - the loss.
 * @param nClasses - classes (classification), 1 for regression.
 * @param p - settings.
 * @param options - `wasm: false` runs the grower's hot loops in JavaScript instead of WebAssembly
 *   (the same numbers: a test checks that both grow the same trees); `shared`: the shared memory
 *   and worker threads of a threaded fit, `binner` its binning and `rows` its gradients and
 *   losses by the same threads (boost-threads.ts; the same trees and losses again).
 */
export function fitBoosting(
  X: Matrix,
  y: ArrayLike<number>,
  loss: BoostingLoss,
  nClasses: number,
  p: BoostingParams,
  options: { wasm?: boolean; shared?: SharedKernel; binner?: Binner; rows?: RowWork } = {},
): BoostedTrees {
  const { rows: nAll, cols: d } = X;
  const K = loss === 'multinomial' ? nClasses : 1;
  const early = p.earlyStopping === 'auto' ? nAll > 10000 : p.earlyStopping;
  let trainRows: Int32Array | null = null;
  let valRows: Int32Array | null = null;
  if (early && p.validationFraction !== null) {
    const fold = holdoutSplit(nAll, loss === 'squared_error' ? undefined : Array.from(y), {
      testSize: p.validationFraction,
      stratify: loss !== 'squared_error',
      seed: p.seed,
    });
    trainRows = fold.train;
    valRows = fold.test;
  }
  const take = (rows: Int32Array | null): { data: Float64Array; yy: Float64Array; n: number } => {
    if (rows === null) return { data: X.data, yy: Float64Array.from(y), n: nAll };
    const data = new Float64Array(rows.length * d);
    const yy = new Float64Array(rows.length);
    const src = X.data;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      for (let j = 0, a = r * d, b = i * d; j < d; j++) data[b + j] = src[a + j]!;
      yy[i] = y[r]!;
    }
    return { data, yy, n: rows.length };
  };
  const tr = take(trainRows);
  const va = valRows ? take(valRows) : null;
  const n = tr.n;
  const binned: ReturnType<Binner> = (options.binner ?? binAll)(tr.data, n, d, p.maxBins);
  const { mapper, bins } = binned;
  const nBinsNonMissing = Int32Array.from(mapper.thresholds, (t) => t.length + 1);
  let hasMissing = binned.hasMissing;
  if (hasMissing === undefined) {
    hasMissing = new Uint8Array(d);
    for (let f = 0; f < d; f++) {
      for (let i = 0; i < n; i++) {
        if (bins[f * n + i] === mapper.missingBin) {
          hasMissing[f] = 1;
          break;
        }
      }
    }
    compactBins(bins, n, nBinsNonMissing, mapper.missingBin);
  }
  const offsets = new Int32Array(d + 1);
  for (let f = 0; f < d; f++) offsets[f + 1] = offsets[f]! + nBinsNonMissing[f]! + 1;
  const wide = offsets[d]! > 65536;
  const histLen = offsets[d]! * 3;
  // Live histograms: at most one per leaf waiting to be split, plus the two children of a split.
  const histograms = p.maxLeafNodes === null ? 16 : p.maxLeafNodes + 2;
  const nVal = va ? va.n : 0;
  // A threaded fit applies each tree on its threads when the trees' size is bounded.
  const shape: RowShape = { n, nVal, K, d, maxNodes: p.maxLeafNodes === null ? 0 : 2 * p.maxLeafNodes - 1 };
  const wasmBackend = options.wasm === false ? null : wasmHistBackend(n, d, histLen, wide, histograms, options.shared, options.rows?.bytes(shape) ?? 0);
  const backend = wasmBackend ?? jsHistBackend(n, d, histLen, wide);
  // A threaded fit's row work shares the kernel's memory: only with its backend.
  const rows = wasmBackend && options.shared ? (options.rows ?? null) : null;
  backend.bins().set(bins);
  backend.setFeatures({ offsets, nBinsNonMissing, hasMissing });
  const slots = backend.slots();
  for (let t = 0; t < backend.slotBlocks; t++) {
    const [f0, f1] = featureShare(d, backend.slotBlocks, t);
    for (let f = f0; f < f1; f++) {
      const o = offsets[f]!;
      for (let i = 0, q = n * f0 + f - f0; i < n; i++, q += f1 - f0) slots[q] = o + bins[f * n + i]!;
    }
  }
  const data: BinnedData = { n, d, nBinsNonMissing, hasMissing, offsets, backend };
  const valBins = va ? compactBins(transformBins(mapper, va.data, va.n, d), va.n, nBinsNonMissing, mapper.missingBin) : null;

  const baseline = baselineOf(loss, tr.yy, K);
  const shared = rows ? rows.arrays(shape) : null;
  if (shared) {
    shared.yy.set(tr.yy);
    if (va) shared.yVal.set(va.yy);
    if (valBins) shared.valBins.set(valBins);
  }
  const treesOnThreads = shared !== null && shape.maxNodes > 0;
  const raw = shared ? shared.raw : new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) raw[i * K + k] = baseline[k]!;
  const rawVal = va ? (shared ? shared.rawVal : new Float64Array(va.n * K)) : null;
  if (rawVal && va) for (let i = 0; i < va.n; i++) for (let k = 0; k < K; k++) rawVal[i * K + k] = baseline[k]!;

  const g = shared ? shared.g : new Float32Array(n * K);
  const h = loss === 'squared_error' ? Float32Array.of(1) : shared ? shared.h : new Float32Array(n * K);
  const pBuf = new Float64Array(K);
  const trees: GrownTree[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] | null = va ? [] : null;
  const trainMeanLoss = (): number => (rows ? rows.meanLoss(false, loss, K) : meanLoss(loss, tr.yy, raw, K));
  const record = (): boolean => {
    trainLoss.push(trainMeanLoss());
    if (validationLoss && va && rawVal) validationLoss.push(rows ? rows.meanLoss(true, loss, K) : meanLoss(loss, va.yy, rawVal, K));
    if (!early) return false;
    const scores = (validationLoss ?? trainLoss).map((v) => -v);
    return shouldStop(scores, p.nIterNoChange, p.tol);
  };
  if (early) record();
  const grower = {
    maxLeafNodes: p.maxLeafNodes,
    maxDepth: p.maxDepth,
    minSamplesLeaf: p.minSamplesLeaf,
    l2Regularization: p.l2Regularization,
    learningRate: p.learningRate,
  };
  let nIter = 0;
  for (let it = 0; it < p.maxIter; it++) {
    if (rows) rows.gradients(loss, K);
    else gradients(loss, tr.yy, raw, K, g, h, pBuf);
    for (let k = 0; k < K; k++) {
      const gk = K === 1 ? g : g.subarray(k * n, (k + 1) * n);
      const hk = K === 1 ? h : h.subarray(k * n, (k + 1) * n);
      if (rows && treesOnThreads) {
        const leaves: LeafRange[] = [];
        const tree = growBoostingTree(data, gk, hk, grower, mapper.thresholds, raw, K, k, leaves);
        trees.push(tree);
        rows.applyTree(tree, leaves, k);
        continue;
      }
      const tree = growBoostingTree(data, gk, hk, grower, mapper.thresholds, raw, K, k);
      trees.push(tree);
      if (valBins && va && rawVal) addBinnedTree(tree, valBins, va.n, nBinsNonMissing, rawVal, K, k);
    }
    nIter++;
    if (early && record()) break;
  }
  if (!early) trainLoss.push(trainMeanLoss());
  return { ...pack(trees), loss, baseline, nOutputs: K, nIter, trainLoss, validationLoss, earlyStopped: early, nFeatures: d };
}

/** Packs trees into shared arrays. */
function pack(trees: GrownTree[]): Pick<BoostedTrees, 'roots' | 'feature' | 'threshold' | 'missingLeft' | 'left' | 'right' | 'value'> {
  const roots = new Int32Array(trees.length + 1);
  let total = 0;
  trees.forEach((t, i) => {
    roots[i] = total;
    total += t.feature.length;
  });
  roots[trees.length] = total;
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const missingLeft = new Uint8Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const value = new Float64Array(total);
  trees.forEach((t, i) => {
    const o = roots[i]!;
    feature.set(t.feature, o);
    threshold.set(t.threshold, o);
    missingLeft.set(t.missingLeft, o);
    value.set(t.value, o);
    for (let k = 0; k < t.left.length; k++) {
      left[o + k] = t.left[k]! < 0 ? -1 : t.left[k]! + o;
      right[o + k] = t.right[k]! < 0 ? -1 : t.right[k]! + o;
    }
  });
  return { roots, feature, threshold, missingLeft, left, right, value };
}

/** n rows of the baseline (n × nOutputs): the raw predictions before any tree. */
export function baselineRows(m: BoostedTrees, n: number): Float64Array {
  const K = m.nOutputs;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = m.baseline[k]!;
  return out;
}

/**
 * Raw predictions (n × nOutputs) of rows of X: the baseline plus every tree's leaf value, added
 * iteration by iteration (scikit-learn's `_raw_predict`). NaN follows each split's missing-value
 * direction; other values go left when x <= threshold. The walks run in WebAssembly
 * (`wasmAddTrees`, the same sums) unless `options.wasm` is false or the host has none.
 */
export function rawPredict(m: BoostedTrees, X: Matrix, options: { wasm?: boolean } = {}): Float64Array {
  const { rows: n, cols: d, data } = X;
  const K = m.nOutputs;
  const out = baselineRows(m, n);
  if (options.wasm !== false && n > 0 && wasmAddTrees(m, data, n, d, K, out)) return out;
  const nTrees = m.roots.length - 1;
  const { feature, threshold, missingLeft, left, right, value } = m;
  for (let t = 0; t < nTrees; t++) {
    const root = m.roots[t]!;
    const k = t % K;
    for (let i = 0; i < n; i++) {
      let node = root;
      const b = i * d;
      while (left[node]! >= 0) {
        const x = data[b + feature[node]!]!;
        const goLeft = x <= threshold[node]! || (x !== x && missingLeft[node] === 1);
        node = goLeft ? left[node]! : right[node]!;
      }
      out[i * K + k]! += value[node]!;
    }
  }
  return out;
}

/** Class probabilities from raw predictions: expit (binary, two columns) or softmax. */
export function probabilities(m: BoostedTrees, raw: Float64Array, n: number): Float64Array {
  if (m.loss === 'binomial') {
    const out = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p1 = 1 / (1 + Math.exp(-raw[i]!));
      out[i * 2 + 1] = p1;
      out[i * 2] = 1 - p1;
    }
    return out;
  }
  const K = m.nOutputs;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, raw[i * K + k]!);
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(raw[i * K + k]! - mx);
      out[i * K + k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) out[i * K + k] = out[i * K + k]! / s;
  }
  return out;
}

/** Bytes of typed arrays holding the trees. */
export function boostedBytes(m: BoostedTrees): number {
  return m.roots.byteLength + m.feature.byteLength + m.threshold.byteLength + m.missingLeft.byteLength + m.left.byteLength + m.right.byteLength + m.value.byteLength + m.baseline.byteLength;
}

/** Plain-JSON form (thresholds of splits on missing values, Infinity, are written as null). */
export function boostedToJSON(m: BoostedTrees): Record<string, unknown> {
  return {
    loss: m.loss,
    nFeatures: m.nFeatures,
    baseline: Array.from(m.baseline),
    nOutputs: m.nOutputs,
    nIter: m.nIter,
    roots: Array.from(m.roots),
    feature: Array.from(m.feature),
    threshold: Array.from(m.threshold, (v) => (v === Infinity ? null : v)),
    missingLeft: Array.from(m.missingLeft),
    left: Array.from(m.left),
    right: Array.from(m.right),
    value: Array.from(m.value),
    trainLoss: m.trainLoss,
    validationLoss: m.validationLoss,
    earlyStopped: m.earlyStopped,
  };
}

/**
 * Reads {@link boostedToJSON}'s output (the object `r` reads) and checks it against the
 * parameters and `state.nFeatures`:
 *
 * - `loss` and `nOutputs` are the task's (`squared_error` / `binomial` with 1 output,
 *   `multinomial` with one per class), `nFeatures` is `state.nFeatures`, `baseline` one finite
 *   value per output;
 * - `nIter` is `maxIter` without early stopping, else in [1, maxIter]; `earlyStopped` agrees with
 *   `earlyStopping` (either way for 'auto'); `trainLoss` holds 1 value (the final loss) or, with
 *   early stopping, nIter + 1 (the baseline's, then each iteration's), `validationLoss` as many
 *   when early stopping held rows out (`validationFraction` not null) and is null otherwise;
 *   losses are finite and non-negative;
 * - `roots` holds nIter · nOutputs + 1 increasing offsets from 0 to the node count (one tree per
 *   output and iteration); every node array has one entry per node;
 * - each tree is a tree: a split node has two children after it inside its tree, a feature in
 *   [0, nFeatures), a finite threshold (or null: +Infinity, a split on missingness) and
 *   `missingLeft` 0 or 1; a leaf has −1 for its children and feature; every node but a root is
 *   the child of exactly one node (no cycle, no shared subtree); leaf values are finite; the
 *   leaves per tree are at most `maxLeafNodes` and no node is deeper than `maxDepth`.
 *
 * So prediction can neither loop nor read outside a row, and `toJSON` writes the same JSON back.
 * @throws {@link @mlcompare/core!SerializationError | SerializationError} naming the field, the rule and the value.
 */
export function readBoosted(r: StateReader, ctx: StateContext, p: BoostingParams, loss: BoostingLoss, nOutputs: number, outputsWhy: string): BoostedTrees {
  const fail = (key: string, rule: string, got: string): never => {
    throw stateError(ctx.owner, r.at(key), rule, got);
  };
  r.oneOf('loss', [loss] as const, outputsWhy);
  const nFeatures = r.equal('nFeatures', ctx.nFeatures, 'state.nFeatures') as number;
  r.equal('nOutputs', nOutputs, outputsWhy);
  const baseline = r.float64('baseline', { length: nOutputs, why: `one per output: nOutputs is ${nOutputs}` });
  const earlyRaw = r.raw('earlyStopped');
  const early = p.earlyStopping === 'auto' ? earlyRaw : p.earlyStopping;
  if (typeof earlyRaw !== 'boolean' || earlyRaw !== early) {
    fail('earlyStopped', p.earlyStopping === 'auto' ? 'true or false' : `${String(p.earlyStopping)} (params.earlyStopping)`, describeJsonValue(earlyRaw));
  }
  const earlyStopped = earlyRaw as boolean;
  const nIter = earlyStopped ? r.number('nIter', { integer: true, min: 1, max: p.maxIter }) : (r.equal('nIter', p.maxIter, 'params.maxIter: early stopping is off') as number);
  const nLosses = earlyStopped ? nIter + 1 : 1;
  const lossWhy = earlyStopped ? `the baseline's and one per iteration: nIter is ${nIter}` : 'the final loss: early stopping is off';
  const trainLoss = Array.from(r.float64('trainLoss', { length: nLosses, min: 0, why: lossWhy }));
  let validationLoss: number[] | null = null;
  if (earlyStopped && p.validationFraction !== null) {
    validationLoss = Array.from(r.float64('validationLoss', { length: nLosses, min: 0, why: `as trainLoss: params.validationFraction is ${p.validationFraction}` }));
  } else if (r.raw('validationLoss') !== null) {
    fail('validationLoss', `null (${earlyStopped ? 'params.validationFraction is null' : 'early stopping is off'})`, describeJsonValue(r.raw('validationLoss')));
  }
  const nTrees = nIter * nOutputs;
  const roots = r.int32('roots', { length: nTrees + 1, min: 0, why: `one per tree and the node count: nIter × nOutputs + 1 = ${nIter} × ${nOutputs} + 1` });
  if (roots[0] !== 0) fail('roots[0]', '0', String(roots[0]));
  for (let t = 0; t < nTrees; t++) {
    if (!(roots[t + 1]! > roots[t]!)) fail(`roots[${t + 1}]`, `more than roots[${t}] (${roots[t]}): every tree has a node`, String(roots[t + 1]));
  }
  const total = roots[nTrees]!;
  const per = { length: total, why: `one per node: roots[${nTrees}] is ${total}` };
  const feature = r.int32('feature', { ...per, min: -1, max: nFeatures - 1 });
  const thresholdRaw = r.raw('threshold');
  if (!Array.isArray(thresholdRaw) || thresholdRaw.length !== total) fail('threshold', `an array of ${total} finite numbers or null (${per.why})`, describeJsonValue(thresholdRaw));
  const threshold = new Float64Array(total);
  (thresholdRaw as unknown[]).forEach((v, i) => {
    if (v === null && feature[i]! >= 0) threshold[i] = Infinity;
    else threshold[i] = readNumber(ctx.owner, `${r.at('threshold')}[${i}]`, v);
  });
  const missingLeft = Uint8Array.from(r.int32('missingLeft', { ...per, min: 0, max: 1 }));
  const left = r.int32('left', { ...per, min: -1, max: total - 1 });
  const right = r.int32('right', { ...per, min: -1, max: total - 1 });
  const value = r.float64('value', per);
  r.done();
  const parents = new Uint8Array(total);
  const depth = new Int32Array(total);
  for (let t = 0; t < nTrees; t++) {
    const o = roots[t]!;
    const e = roots[t + 1]!;
    let leaves = 0;
    for (let i = o; i < e; i++) {
      if (i > o && parents[i] !== 1) fail('left', `links making node ${i} the child of exactly one earlier node of tree ${t} (a tree)`, `${parents[i]} parents`);
      if (p.maxDepth !== null && depth[i]! > p.maxDepth) fail('left', `links no deeper than params.maxDepth (${p.maxDepth})`, `node ${i} at depth ${depth[i]}`);
      const l = left[i]!;
      const rr = right[i]!;
      if (l === -1) {
        if (rr !== -1) fail(`right[${i}]`, `-1 (node ${i} has no left child: a leaf)`, String(rr));
        if (feature[i] !== -1) fail(`feature[${i}]`, `-1 (node ${i} is a leaf)`, String(feature[i]));
        leaves++;
        continue;
      }
      if (!(l > i && l < e && rr > i && rr < e && l !== rr)) fail('left', `two children of node ${i} numbered after it inside tree ${t} (nodes ${o}..${e - 1})`, `left ${l}, right ${rr}`);
      if (feature[i]! < 0) fail(`feature[${i}]`, `a feature in [0, ${nFeatures}) (node ${i} is split)`, String(feature[i]));
      parents[l]!++;
      parents[rr]!++;
      depth[l] = depth[rr] = depth[i]! + 1;
    }
    if (p.maxLeafNodes !== null && leaves > p.maxLeafNodes) fail('left', `trees of at most ${p.maxLeafNodes} leaves (params.maxLeafNodes)`, `tree ${t} with ${leaves}`);
  }
  return { loss, baseline, nOutputs, nIter, roots, feature, threshold, missingLeft, left, right, value, trainLoss, validationLoss, earlyStopped, nFeatures };
}
