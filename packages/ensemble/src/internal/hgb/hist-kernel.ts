/**
 * The hot loops of growing a boosting tree — building a node's histograms, the larger child's
 * histograms by subtraction, and partitioning a node's samples — behind one interface with two
 * implementations that compute the same numbers in the same order:
 *
 * - {@link wasmHistBackend}: WebAssembly (assembled in code with core's encoding helpers, no
 *   binary file), the default. In JavaScript every typed-array access is bounds-checked; these
 *   loops were two thirds of a fit.
 * - {@link jsHistBackend}: the same loops in JavaScript, for hosts without WebAssembly (and for
 *   the test that checks both grow the same trees).
 *
 * A node's histogram holds, per histogram slot (feature f's bins start at `offsets[f]`), three
 * float64: the sum of gradients, the sum of hessians (0 when hessians are constant) and the count.
 * It is built sample by sample over the row-major slots (`slots[i·d + f]`): one read of a row's
 * slots, gradient and hessian serves every feature. Each slot still receives its samples in
 * partition order, so every sum is the one scikit-learn's feature-by-feature loop computes.
 * Histograms live in one pool (`pool()`, histogram `id` at `id · histLen`) that grows as needed.
 */
import { binFeature, binPercentiles, featureThresholds } from './binning.js';
import { compileSimd, instantiateSimd, wasmEncoding, type SimdMemory, type SimdModule, type WasmFunction } from '@mlcompare/core/internal';

/** Where the grower's hot loops run. Views returned by the getters are invalid after {@link HistBackend.ensure} grows the pool. */
export interface HistBackend {
  /** Entries (float64) per histogram: 3 per slot. */
  readonly histLen: number;
  /**
   * The slots `offsets[f] + bin` of every row and feature, n·d (write them once, before the first
   * tree), in {@link HistBackend.slotBlocks} blocks of features: block b holds features f0 .. f1 − 1
   * ({@link featureShare}`(d, slotBlocks, b)`) from element n·f0, row-major over its features —
   * row i's slot of feature f at n·f0 + i·(f1 − f0) + (f − f0). One block: plain row-major.
   */
  slots(): Uint16Array | Int32Array;
  /**
   * Blocks of features of the slots: the threads that share each histogram by features, so that
   * each thread reads only its own features' slots (a row-major row would bring every thread the
   * cache lines of the others' features: at 80,000 rows × 20 features the 3.2 MB of slots do not
   * stay in a core's cache, and splitting by features then halved no thread's reads).
   */
  readonly slotBlocks: number;
  /** Column-major compact bins, `bins[f·n + i]` (write them once, before the first tree). */
  bins(): Uint8Array;
  /** The partition of the sample indices (the grower reads it; `split` reorders it). */
  partition(): Int32Array;
  /** Every histogram: histogram `id` is `pool()[id·histLen, (id+1)·histLen)`. */
  pool(): Float64Array;
  /** Makes room for histograms 0..count−1 (growing the pool invalidates earlier views). */
  ensure(count: number): void;
  /** Sets the gradients and hessians of the next tree (hessians of length 1: constant). */
  setGradients(gradients: Float32Array, hessians: Float32Array): void;
  /** Histogram `id` := the sums over partition[start, stop). */
  build(id: number, start: number, stop: number): void;
  /** Histogram `out` := histogram `parent` − histogram `small` (the larger child's). */
  subtract(out: number, parent: number, small: number): void;
  /**
   * Stable partition of partition[start, stop) by feature f: bins <= thr go left, the missing
   * bin (`missingBin`) goes left when `missLeft`; left samples first, both sides in order.
   * @returns the first position of the right side.
   */
  split(start: number, stop: number, f: number, missingBin: number, missLeft: boolean, thr: number): number;
  /** The features' histogram layout for {@link HistBackend.bestSplit} (call once, before the first tree). */
  setFeatures(layout: FeatureLayout): void;
  /**
   * The best split of histogram `id` (scikit-learn's `Splitter.find_node_split` for numerical
   * features without constraints: see {@link bestSplitJs}), written to `out` as
   * [gain, feature, bin, missing values go left (0/1), gradient sum left, hessian sum left, count left];
   * gain −1 when no split is allowed.
   */
  bestSplit(id: number, q: SplitQuery, out: Float64Array): void;
  /**
   * A node's work after its samples are partitioned, as one job (the threads of a threaded
   * backend share it by features): histogram `build` from partition[start, stop), then
   * `subtract.out` := `subtract.parent` − `build`, then each split search of `splits` (at most 2)
   * as {@link HistBackend.bestSplit}.
   */
  children(job: NodeJob): void;
}

/** One {@link HistBackend.children} job. */
interface NodeJob {
  build: number;
  start: number;
  stop: number;
  subtract: { out: number; parent: number } | null;
  splits: Array<{ id: number; q: SplitQuery; out: Float64Array }>;
}

/** Where each feature's bins sit in a histogram. */
interface FeatureLayout {
  /** First slot of each feature (length d + 1). */
  offsets: Int32Array;
  /** Non-missing bins per feature (also the index of its missing-values bin). */
  nBinsNonMissing: Int32Array;
  /** 1 when the feature has missing values in training. */
  hasMissing: Uint8Array;
}

/** What a split search needs to know about its node. */
export interface SplitQuery {
  nSamples: number;
  sumG: number;
  sumH: number;
  /** sumG · the node's value (scikit-learn's `loss_current_node`). */
  lossCurrent: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Hessians are constant: the counts stand in for the hessian sums. */
  constHess: boolean;
}

/** Minimum hessian sum each child of a split keeps (scikit-learn's `min_hessian_to_split`). */
const MIN_HESSIAN_TO_SPLIT = 1e-3;

/** scikit-learn's `compute_node_value` without bounds. */
function nodeValue(g: number, h: number, l2: number): number {
  return -g / (h + l2 + 1e-15);
}

/**
 * The split search in JavaScript: for each feature, its bins scanned left to right (missing
 * values go right; with missing values the scan includes the last non-missing bin), then, when
 * the feature has missing values, right to left (missing values go left); a split needs
 * `minSamplesLeaf` samples and a hessian sum of 1e-3 on both sides; gain = loss(node) −
 * loss(left) − loss(right) with loss(G, v) = G·v and v = −G / (H + λ + 1e-15); the first
 * strictly best feature and bin win. The WebAssembly backend runs the same steps
 * (`bestSplitBody`), with the same floating-point operations in the same order.
 * @param hist - the histogram pool; the node's histogram starts at `h0`.
 */
function bestSplitJs(hist: Float64Array, h0: number, layout: FeatureLayout, q: SplitQuery, out: Float64Array): void {
  const { offsets, nBinsNonMissing, hasMissing } = layout;
  const d = nBinsNonMissing.length;
  const { nSamples, sumG, sumH, lossCurrent, constHess } = q;
  const minLeaf = q.minSamplesLeaf;
  const l2 = q.l2Regularization;
  let bestGain = -1;
  let bestF = 0;
  let bestBin = 0;
  let bestMissLeft = 0;
  let bestGL = 0;
  let bestHL = 0;
  let bestNL = 0;
  for (let f = 0; f < d; f++) {
    // Each feature starts at gain −1; the first strictly best feature wins.
    let fGain = -1;
    let fBin = 0;
    let fMissLeft = 0;
    let fGL = 0;
    let fHL = 0;
    let fNL = 0;
    const hb = h0 + offsets[f]! * 3;
    const miss = hasMissing[f]!;
    const end = nBinsNonMissing[f]! - 1 + miss;
    let gL = 0;
    let hL = 0;
    let nL = 0;
    for (let b = 0; b < end; b++) {
      const k = hb + b * 3;
      // A bin with exactly nothing in it leaves every sum, hence the gain, as at the previous
      // bin, which cannot be beaten strictly by an equal gain: skip it (exactly as scanning it).
      if (hist[k + 2] === 0 && hist[k] === 0 && hist[k + 1] === 0) continue;
      nL += hist[k + 2]!;
      const nR = nSamples - nL;
      hL += constHess ? hist[k + 2]! : hist[k + 1]!;
      const hR = sumH - hL;
      gL += hist[k]!;
      const gR = sumG - gL;
      if (nL < minLeaf) continue;
      if (nR < minLeaf) break;
      if (hL < MIN_HESSIAN_TO_SPLIT) continue;
      if (hR < MIN_HESSIAN_TO_SPLIT) break;
      const vL = nodeValue(gL, hL, l2);
      const vR = nodeValue(gR, hR, l2);
      const gain = lossCurrent - gL * vL - gR * vR;
      if (gain > fGain && gain > 0) {
        fGain = gain;
        fBin = b;
        fMissLeft = 0;
        fGL = gL;
        fHL = hL;
        fNL = nL;
      }
    }
    if (miss) {
      let gR = 0;
      let hR = 0;
      let nR = 0;
      for (let b = nBinsNonMissing[f]! - 2; b >= 0; b--) {
        const k = hb + (b + 1) * 3;
        if (hist[k + 2] === 0 && hist[k] === 0 && hist[k + 1] === 0) continue;
        nR += hist[k + 2]!;
        const nL2 = nSamples - nR;
        hR += constHess ? hist[k + 2]! : hist[k + 1]!;
        const hL2 = sumH - hR;
        gR += hist[k]!;
        const gL2 = sumG - gR;
        if (nR < minLeaf) continue;
        if (nL2 < minLeaf) break;
        if (hR < MIN_HESSIAN_TO_SPLIT) continue;
        if (hL2 < MIN_HESSIAN_TO_SPLIT) break;
        const vL = nodeValue(gL2, hL2, l2);
        const vR = nodeValue(gR, hR, l2);
        const gain = lossCurrent - gL2 * vL - gR * vR;
        if (gain > fGain && gain > 0) {
          fGain = gain;
          fBin = b;
          fMissLeft = 1;
          fGL = gL2;
          fHL = hL2;
          fNL = nL2;
        }
      }
    }
    if (fGain > bestGain) {
      bestGain = fGain;
      bestF = f;
      bestBin = fBin;
      bestMissLeft = fMissLeft;
      bestGL = fGL;
      bestHL = fHL;
      bestNL = fNL;
    }
  }
  out[0] = bestGain;
  out[1] = bestF;
  out[2] = bestBin;
  out[3] = bestMissLeft;
  out[4] = bestGL;
  out[5] = bestHL;
  out[6] = bestNL;
}

// ---------------------------------------------------------------------------- JavaScript

/**
 * The JavaScript implementation.
 * @param n - samples.
 * @param d - features.
 * @param histLen - float64 entries per histogram.
 * @param wide - more than 65,536 slots (Int32 slots instead of Uint16).
 */
export function jsHistBackend(n: number, d: number, histLen: number, wide: boolean): HistBackend {
  const slots = wide ? new Int32Array(n * d) : new Uint16Array(n * d);
  const bins = new Uint8Array(n * d);
  const partition = new Int32Array(n);
  const buffer = new Int32Array(n);
  let pool = new Float64Array(0);
  let g: Float32Array = new Float32Array(0);
  let h: Float32Array = new Float32Array(0);
  let constHess = true;
  let layout: FeatureLayout | null = null;
  return {
    histLen,
    slotBlocks: 1,
    setFeatures(l) {
      layout = l;
    },
    bestSplit(id, q, out) {
      bestSplitJs(pool, id * histLen, layout!, q, out);
    },
    children(job) {
      this.build(job.build, job.start, job.stop);
      if (job.subtract) this.subtract(job.subtract.out, job.subtract.parent, job.build);
      for (const sp of job.splits) this.bestSplit(sp.id, sp.q, sp.out);
    },
    slots: () => slots,
    bins: () => bins,
    partition: () => partition,
    pool: () => pool,
    ensure(count) {
      if (pool.length >= count * histLen) return;
      const grown = new Float64Array(Math.max(count, 2 * (pool.length / histLen)) * histLen);
      grown.set(pool);
      pool = grown;
    },
    setGradients(gradients, hessians) {
      g = gradients;
      h = hessians;
      constHess = hessians.length === 1;
    },
    build(id, start, stop) {
      const hist = pool;
      const hb = id * histLen;
      hist.fill(0, hb, hb + histLen);
      for (let q = start; q < stop; q++) {
        const s = partition[q]!;
        const gi = g[s]!;
        const hi = constHess ? 0 : h[s]!;
        const rb = s * d;
        for (let f = 0; f < d; f++) {
          const k = hb + slots[rb + f]! * 3;
          hist[k]! += gi;
          if (!constHess) hist[k + 1]! += hi;
          hist[k + 2]! += 1;
        }
      }
    },
    subtract(out, parent, small) {
      const o = out * histLen;
      const a = parent * histLen;
      const b = small * histLen;
      for (let k = 0; k < histLen; k++) pool[o + k] = pool[a + k]! - pool[b + k]!;
    },
    split(start, stop, f, missingBin, missLeft, thr) {
      const fb = f * n;
      let w = start;
      let r = 0;
      for (let q = start; q < stop; q++) {
        const s = partition[q]!;
        const b = bins[fb + s]!;
        if (b === missingBin ? missLeft : b <= thr) partition[w++] = s;
        else buffer[r++] = s;
      }
      partition.set(buffer.subarray(0, r), w);
      return w;
    },
  };
}

// ---------------------------------------------------------------------------- WebAssembly

const { get, set, tee, i32, I32, F64 } = wasmEncoding;
const uleb = wasmEncoding.uleb;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (l: number) => [0x0c, ...uleb(l)],
  brIf: (l: number) => [0x0d, ...uleb(l)],
  select: [0x1b],
  eq: [0x46],
  ltU: [0x49],
  leU: [0x4d],
  geU: [0x4f],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  shrU: [0x76],
  i32load: [0x28, 2, 0],
  i32load8u: [0x2d, 0, 0],
  i32load16u: [0x2f, 1, 0],
  i32store: [0x36, 2, 0],
  f32load: [0x2a, 2, 0],
  f64load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64store: (offset: number) => [0x39, 3, ...uleb(offset)],
  f64add: [0xa0],
  f64sub: [0xa1],
  promote: [0xbb],
  /** f64.const 1.0 */
  one: [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
  /** memory.copy (bulk memory) */
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
};

/**
 * hist(part, start, stop, slots, d, g, h, hist, f0, f1): histogram at `hist` += each sample of
 * partition[start, stop): its gradient, hessian (unless constant) and 1 at its slots of features
 * f0 .. f1 − 1 (f1 > f0; a thread builds its features' part of a histogram).
 */
function histBody(wide: boolean, constHess: boolean): number[] {
  const [PART, START, STOP, SLOTS, D, G, H, HIST, F0, F1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [Q, QEND, S, RB, RE, K, ROWB, SPAN] = [10, 11, 12, 13, 14, 15, 16, 17];
  const [GI, HI] = [18, 19];
  const c: number[] = [];
  const slotBytes = wide ? 4 : 2;
  c.push(...get(PART), ...get(START), ...i32(2), ...op.shl, ...op.add, ...set(Q));
  c.push(...get(PART), ...get(STOP), ...i32(2), ...op.shl, ...op.add, ...set(QEND));
  c.push(...get(D), ...i32(slotBytes), ...op.mul, ...set(ROWB));
  // The row's slots of features f0 .. f1 − 1: from slots + f0·slotBytes, span (f1 − f0)·slotBytes.
  c.push(...get(SLOTS), ...get(F0), ...i32(slotBytes), ...op.mul, ...op.add, ...set(SLOTS));
  c.push(...get(F1), ...get(F0), ...op.sub, ...i32(slotBytes), ...op.mul, ...set(SPAN));
  c.push(...op.block, ...op.loop);
  c.push(...get(Q), ...get(QEND), ...op.geU, ...op.brIf(1));
  c.push(...get(Q), ...op.i32load, ...tee(S), ...i32(2), ...op.shl, ...get(G), ...op.add, ...op.f32load, ...op.promote, ...set(GI));
  if (!constHess) c.push(...get(S), ...i32(2), ...op.shl, ...get(H), ...op.add, ...op.f32load, ...op.promote, ...set(HI));
  c.push(...get(SLOTS), ...get(S), ...get(ROWB), ...op.mul, ...op.add, ...tee(RB), ...get(SPAN), ...op.add, ...set(RE));
  c.push(...op.loop);
  c.push(...get(HIST), ...get(RB), ...(wide ? op.i32load : op.i32load16u), ...i32(24), ...op.mul, ...op.add, ...set(K));
  c.push(...get(K), ...get(K), ...op.f64load(0), ...get(GI), ...op.f64add, ...op.f64store(0));
  if (!constHess) c.push(...get(K), ...get(K), ...op.f64load(8), ...get(HI), ...op.f64add, ...op.f64store(8));
  c.push(...get(K), ...get(K), ...op.f64load(16), ...op.one, ...op.f64add, ...op.f64store(16));
  c.push(...get(RB), ...i32(slotBytes), ...op.add, ...tee(RB), ...get(RE), ...op.ltU, ...op.brIf(0));
  c.push(...op.end);
  c.push(...get(Q), ...i32(4), ...op.add, ...set(Q), ...op.br(0));
  c.push(...op.end, ...op.end);
  return c;
}

/** sub(out, a, b, len): out[k] = a[k] − b[k] for len float64 (byte addresses). */
function subBody(): number[] {
  const [OUT, A, B, LEN] = [0, 1, 2, 3];
  const [END] = [4];
  const c: number[] = [];
  c.push(...get(OUT), ...get(LEN), ...i32(3), ...op.shl, ...op.add, ...set(END));
  c.push(...op.block, ...op.loop);
  c.push(...get(OUT), ...get(END), ...op.geU, ...op.brIf(1));
  c.push(...get(OUT), ...get(A), ...op.f64load(0), ...get(B), ...op.f64load(0), ...op.f64sub, ...op.f64store(0));
  for (const p of [OUT, A, B]) c.push(...get(p), ...i32(8), ...op.add, ...set(p));
  c.push(...op.br(0), ...op.end, ...op.end);
  return c;
}

/**
 * split(part, buf, start, stop, col, missingBin, missLeft, thr, result): stable partition of
 * partition[start, stop) (int32 at `part`) by the bins at `col` (one byte per sample), left
 * first; writes the first right position (an index) as int32 at `result`.
 */
function splitBody(): number[] {
  const [PART, BUF, START, STOP, COL, MISSBIN, MISSLEFT, THR, RESULT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [Q, QEND, W, R, S, B, LEFT] = [9, 10, 11, 12, 13, 14, 15];
  const c: number[] = [];
  c.push(...get(PART), ...get(START), ...i32(2), ...op.shl, ...op.add, ...tee(Q), ...set(W));
  c.push(...get(PART), ...get(STOP), ...i32(2), ...op.shl, ...op.add, ...set(QEND));
  c.push(...get(BUF), ...set(R));
  c.push(...op.block, ...op.loop);
  c.push(...get(Q), ...get(QEND), ...op.geU, ...op.brIf(1));
  c.push(...get(Q), ...op.i32load, ...set(S));
  c.push(...get(COL), ...get(S), ...op.add, ...op.i32load8u, ...set(B));
  // left = b == missingBin ? missLeft : b <= thr
  c.push(...get(MISSLEFT), ...get(B), ...get(THR), ...op.leU, ...get(B), ...get(MISSBIN), ...op.eq, ...op.select, ...set(LEFT));
  // Both sides get s; one of them advances (no branch on the unpredictable side).
  c.push(...get(W), ...get(S), ...op.i32store, ...get(R), ...get(S), ...op.i32store);
  c.push(...get(W), ...get(LEFT), ...i32(2), ...op.shl, ...op.add, ...set(W));
  c.push(...get(R), ...i32(1), ...get(LEFT), ...op.sub, ...i32(2), ...op.shl, ...op.add, ...set(R));
  c.push(...get(Q), ...i32(4), ...op.add, ...set(Q), ...op.br(0));
  c.push(...op.end, ...op.end);
  // memory.copy(w, buf, r − buf); result = (w − part) >> 2
  c.push(...get(W), ...get(BUF), ...get(R), ...get(BUF), ...op.sub, ...op.memoryCopy);
  c.push(...get(RESULT), ...get(W), ...get(PART), ...op.sub, ...i32(2), ...op.shrU, ...op.i32store);
  return c;
}

/** f64.const v. */
function f64c(v: number): number[] {
  return [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
}

/**
 * best(hist, meta, d, f0, f1, q, out): {@link bestSplitJs} in WebAssembly over features f0 .. f1 − 1.
 * `meta` holds int32 offsets[d + 1], nBinsNonMissing[d], hasMissing[d]; `q` float64 [nSamples,
 * sumG, sumH, lossCurrent, minSamplesLeaf, l2]; `out` receives float64 [gain, feature, bin,
 * missingLeft, gL, hL, nL].
 */
function bestSplitBody(constHess: boolean): number[] {
  const [HIST, META, D, F0, F1, IO, OUT] = [0, 1, 2, 3, 4, 5, 6];
  const [F, HB, NB, MISS, END, B, K, BESTF, FBIN, FMISS, BESTBIN, BESTMISS] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const [NS, SG, SH, LC, ML, L2, GL, HL, NL, GR, HR, NR, GAIN, FGAIN, FGL, FHL, FNL, BGAIN, BGL, BHL, BNL, C, VL, VR] = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42];
  const f64 = { add: [0xa0], sub: [0xa1], mul: [0xa2], div: [0xa3], neg: [0x9a], lt: [0x63], gt: [0x64], eq: [0x61], fromI32: [0xb7] };
  const i32and = [0x71];
  const geS = [0x4e];
  const ifThen = [0x04, 0x40];
  const c: number[] = [];
  const ld = (local: number, offset: number): number[] => [...get(local), ...op.f64load(offset)];
  // value(g, h) = −g / (h + l2 + 1e-15): pushes it
  const value = (g: number, h: number): number[] => [...get(g), ...f64.neg, ...get(h), ...get(L2), ...f64.add, ...f64c(1e-15), ...f64.add, ...f64.div];
  for (const [l, i] of [[NS, 0], [SG, 1], [SH, 2], [LC, 3], [ML, 4], [L2, 5]] as const) c.push(...ld(IO, i * 8), ...set(l));
  c.push(...f64c(-1), ...set(BGAIN), ...get(F0), ...set(BESTF));
  c.push(...get(F0), ...set(F));
  c.push(...op.block, ...op.loop);
  c.push(...get(F), ...get(F1), ...geS, ...op.brIf(1));
  // hb = hist + offsets[f]·24; nb = nBins[f]; miss = hasMissing[f]
  c.push(...get(HIST), ...get(META), ...get(F), ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...i32(24), ...op.mul, ...op.add, ...set(HB));
  c.push(...get(META), ...get(D), ...i32(1), ...op.add, ...get(F), ...op.add, ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...set(NB));
  c.push(...get(META), ...get(D), ...i32(2), ...op.mul, ...i32(1), ...op.add, ...get(F), ...op.add, ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...set(MISS));
  c.push(...f64c(-1), ...set(FGAIN), ...i32(0), ...set(FBIN), ...i32(0), ...set(FMISS));
  c.push(...f64c(0), ...set(FGL), ...f64c(0), ...set(FHL), ...f64c(0), ...set(FNL));
  // Left to right.
  c.push(...get(NB), ...i32(1), ...op.sub, ...get(MISS), ...op.add, ...set(END));
  c.push(...f64c(0), ...set(GL), ...f64c(0), ...set(HL), ...f64c(0), ...set(NL));
  c.push(...i32(0), ...set(B), ...get(HB), ...set(K));
  // One direction's scan: (a, b, n) the side that accumulates, (o-side) the complement.
  const scan = (accG: number, accH: number, accN: number, othG: number, othH: number, othN: number, missLeft: number, leftG: number, leftH: number, leftN: number, rightG: number, rightH: number, step: number, cond: number[]): void => {
    c.push(...op.block, ...op.loop);
    c.push(...cond, ...op.brIf(1));
    c.push(...op.block);
    // empty bin: skip
    c.push(...ld(K, 16), ...f64c(0), ...f64.eq, ...ld(K, 0), ...f64c(0), ...f64.eq, ...i32and, ...ld(K, 8), ...f64c(0), ...f64.eq, ...i32and, ...op.brIf(0));
    c.push(...ld(K, 16), ...tee(C), ...get(accN), ...f64.add, ...set(accN));
    c.push(...get(NS), ...get(accN), ...f64.sub, ...set(othN));
    c.push(...get(accH), ...(constHess ? get(C) : ld(K, 8)), ...f64.add, ...set(accH));
    c.push(...get(SH), ...get(accH), ...f64.sub, ...set(othH));
    c.push(...get(accG), ...ld(K, 0), ...f64.add, ...set(accG));
    c.push(...get(SG), ...get(accG), ...f64.sub, ...set(othG));
    c.push(...get(accN), ...get(ML), ...f64.lt, ...op.brIf(0));
    c.push(...get(othN), ...get(ML), ...f64.lt, ...op.brIf(2));
    c.push(...get(accH), ...f64c(MIN_HESSIAN_TO_SPLIT), ...f64.lt, ...op.brIf(0));
    c.push(...get(othH), ...f64c(MIN_HESSIAN_TO_SPLIT), ...f64.lt, ...op.brIf(2));
    c.push(...value(leftG, leftH), ...set(VL), ...value(rightG, rightH), ...set(VR));
    c.push(...get(LC), ...get(leftG), ...get(VL), ...f64.mul, ...f64.sub, ...get(rightG), ...get(VR), ...f64.mul, ...f64.sub, ...set(GAIN));
    c.push(...get(GAIN), ...get(FGAIN), ...f64.gt, ...get(GAIN), ...f64c(0), ...f64.gt, ...i32and, ...ifThen);
    c.push(...get(GAIN), ...set(FGAIN), ...get(B), ...set(FBIN), ...i32(missLeft), ...set(FMISS));
    c.push(...get(leftG), ...set(FGL), ...get(leftH), ...set(FHL), ...get(leftN), ...set(FNL));
    c.push(...op.end); // if
    c.push(...op.end); // block (continue)
    c.push(...get(B), ...i32(step), ...op.add, ...set(B), ...get(K), ...i32(24 * step), ...op.add, ...set(K), ...op.br(0));
    c.push(...op.end, ...op.end);
  };
  scan(GL, HL, NL, GR, HR, NR, 0, GL, HL, NL, GR, HR, 1, [...get(B), ...get(END), ...geS]);
  // Right to left when the feature has missing values: b from nb − 2 down to 0, bin b + 1 read.
  c.push(...get(MISS), ...ifThen);
  c.push(...f64c(0), ...set(GR), ...f64c(0), ...set(HR), ...f64c(0), ...set(NR));
  c.push(...get(NB), ...i32(2), ...op.sub, ...set(B), ...get(HB), ...get(B), ...i32(1), ...op.add, ...i32(24), ...op.mul, ...op.add, ...set(K));
  scan(GR, HR, NR, GL, HL, NL, 1, GL, HL, NL, GR, HR, -1, [...get(B), ...i32(0), ...ltS]);
  c.push(...op.end);
  c.push(...get(FGAIN), ...get(BGAIN), ...f64.gt, ...ifThen);
  c.push(...get(FGAIN), ...set(BGAIN), ...get(F), ...set(BESTF), ...get(FBIN), ...set(BESTBIN), ...get(FMISS), ...set(BESTMISS));
  c.push(...get(FGL), ...set(BGL), ...get(FHL), ...set(BHL), ...get(FNL), ...set(BNL));
  c.push(...op.end);
  c.push(...get(F), ...i32(1), ...op.add, ...set(F), ...op.br(0));
  c.push(...op.end, ...op.end);
  const outputs: Array<[number, number[]]> = [
    [0, get(BGAIN)], [1, [...get(BESTF), ...f64.fromI32]], [2, [...get(BESTBIN), ...f64.fromI32]], [3, [...get(BESTMISS), ...f64.fromI32]],
    [4, get(BGL)], [5, get(BHL)], [6, get(BNL)],
  ]; // prettier-ignore
  for (const [i, v] of outputs) c.push(...get(OUT), ...v, ...op.f64store(i * 8));
  return c;
}

/** The kernel's functions (one module; `shared` imports a shared memory, for threads). */
function kernelFunctions(): WasmFunction[] {
  const histLocals = [
    [8, I32],
    [2, F64],
  ] as const;
  const fns: WasmFunction[] = [false, true].flatMap((wide) =>
    [false, true].map((constHess) => ({ name: `hist${wide ? '32' : '16'}${constHess ? 'c' : 'h'}`, params: 10, locals: histLocals, body: histBody(wide, constHess) })),
  );
  fns.push({ name: 'sub', params: 4, locals: [[1, I32]] as const, body: subBody() });
  fns.push({ name: 'split', params: 9, locals: [[7, I32]] as const, body: splitBody() });
  for (const constHess of [false, true]) {
    fns.push({ name: `best${constHess ? 'c' : 'h'}`, params: 7, locals: [[12, I32], [24, F64]] as const, body: bestSplitBody(constHess) });
  }
  return fns;
}

/** Most pages a shared kernel memory may grow to (4 GiB). */
const SHARED_MAX_PAGES = 65536;


const compiled: { plain?: SimdModule | null; shared?: SimdModule | null } = {};

/** The module (`shared`: over a shared memory), or null without WebAssembly (or without its bulk-memory or threads instructions). */
export function histModule(shared = false): SimdModule | null {
  const key = shared ? 'shared' : 'plain';
  if (compiled[key] === undefined) compiled[key] = compileSimd(wasmEncoding.moduleBytes(kernelFunctions(), shared ? SHARED_MAX_PAGES : undefined));
  return compiled[key]!;
}

type Fn = (...args: number[]) => void;

/**
 * The first bytes of a kernel's memory: control words (int32) through which the calling thread
 * hands a node's work to the worker threads, the two split queries and each thread's results.
 * The same layout serves one thread (the words are then written and read by it alone).
 */
export const CTRL = {
  /** Job counter: a worker runs a job when it changes. */
  seq: 0,
  /** 1: run the node job; 2: stop; 3: run the binning job; 4: run the row job (3 and 4 are cut in chunks: {@link claimChunk}). */
  cmd: 1,
  /** Set by a worker that failed. */
  err: 2,
  /** Workers started. */
  ready: 3,
  /** What the job does: {@link JOB} bits. */
  flags: 4,
  /** Byte addresses of the histograms, and the samples partition[start, stop) to build from. */
  build: 5,
  start: 6,
  stop: 7,
  subOut: 8,
  subParent: 9,
  subSmall: 10,
  split1: 11,
  split2: 12,
  constHess: 13,
  /** The data's layout (written once per fit). */
  n: 14,
  d: 15,
  wide: 16,
  slotsAt: 17,
  gAt: 18,
  hAt: 19,
  partAt: 20,
  metaAt: 21,
  /** Threads (the calling one included) sharing each job. */
  threads: 22,
  /** A binning job (cmd 3): byte addresses of the rows (float64, row-major), of the bins (feature-major bytes), of the thresholds (256 float64 per feature) and their counts (int32), and maxBins. */
  binData: 23,
  binOut: 24,
  binThr: 25,
  binCount: 26,
  maxBins: 27,
  /** 1 while the calling thread sleeps waiting for a worker (the worker then wakes it). */
  mainSleeps: 28,
  /** A binning job's byte address of each feature's missing-values flag (one byte per feature). */
  binMissing: 29,
  /**
   * A chunked job ({@link claimChunk}): the next chunk to claim (the job's number in the high
   * bits, so that a thread still at an earlier job claims nothing), the chunks, and how many of
   * them are done.
   */
  next: 30,
  chunks: 31,
  chunksDone: 101,
  /** done[t]: the last job thread t finished (16 words). */
  done: 32,
  /** sleeps[t]: 1 while worker t sleeps waiting for a job (the calling thread then wakes it; 16 words). */
  sleeps: 48,
  /**
   * A row job (cmd 4; see boosting.ts's runRowChunk): 1 gradients, 2 loss sums per block of
   * rows; the loss (0 squared error, 1 binomial, 2 multinomial), outputs, rows, and the byte
   * addresses of targets (float64), raw predictions (float64), gradients and hessians (float32)
   * and block sums (float64).
   */
  rowOp: 64,
  rowLoss: 65,
  rowK: 66,
  rowN: 67,
  rowY: 68,
  rowRaw: 69,
  rowG: 70,
  rowH: 71,
  rowSums: 72,
  /** Byte address of the rows' region (reserved before the histogram pool). */
  rowsAt: 73,
  /** The row arrays' shape (boosting.ts's RowShape: training rows, validation rows, most nodes) for applying a tree (`rowOp` 3), its output and its leaves. */
  rowShapeN: 74,
  rowShapeVal: 75,
  rowMaxNodes: 76,
  rowOutput: 77,
  rowLeaves: 78,
  /** claims[t]: the last job whose share t was claimed, by worker t or by the calling thread (16 words). */
  claims: 80,
  /**
   * A node's partition shared by the threads ({@link JOB}.partition, with `start` and `stop`):
   * byte addresses of the buffer and of the feature's bins, the missing-values bin, 1 when
   * missing values go left, the bin threshold, and from `partEnds` each thread's first right
   * position in its slice (16 words).
   */
  partBuf: 96,
  partCol: 97,
  partMissBin: 98,
  partMissLeft: 99,
  partThr: 100,
  partEnds: 104,
} as const;
/** Control words (int32) at the start of a kernel's memory. */
export const CTRL_WORDS = 128;
/** Bits of `CTRL.flags`. */
const JOB = { build: 1, subtract: 2, split1: 4, split2: 8, partition: 16 } as const;

/**
 * Fewest samples of a node whose partition the threads share (each its slice of the samples; the
 * calling thread then moves the slices' left and right parts together): below it a share is a
 * few microseconds, as long as handing it over.
 */
export const SHARED_PARTITION_SAMPLES = 16384;

/** Slice of samples start + [s0, s1) of thread t's share of a shared partition of [start, stop). */
function sliceOf(start: number, stop: number, threads: number, t: number): [number, number] {
  const m = stop - start;
  return [start + Math.floor((t * m) / threads), start + Math.floor(((t + 1) * m) / threads)];
}
/** Most threads sharing a job. */
export const MAX_KERNEL_THREADS = 16;
/** Byte address of split query s (0, 1): 6 float64. */
const queryAt = (s: number): number => CTRL_WORDS * 4 + s * 48;
/** Byte address of thread t's result for split s: 7 float64. */
const outAt = (t: number, s: number): number => CTRL_WORDS * 4 + 96 + (t * 2 + s) * 56;
/** Bytes reserved at the start of every kernel memory for the above. */
export const CTRL_BYTES = 4096; // ≥ CTRL_WORDS·4 + 2 queries (96) + 2 results × MAX_KERNEL_THREADS (1,792)

/** Features f0 .. f1 − 1 of thread t's share when `threads` threads split d features (contiguous, in order). */
export function featureShare(d: number, threads: number, t: number): [number, number] {
  return [Math.floor((t * d) / threads), Math.floor(((t + 1) * d) / threads)];
}

/** A kernel instance's functions and a view of its whole memory (renewed when it grows). */
export interface KernelThread {
  fns: Record<string, Fn>;
  memory: { readonly buffer: ArrayBufferLike };
  ints?: Int32Array;
  doubles?: Float64Array;
}

/**
 * Runs thread t's share of the job in the control words: features f0 .. f1 − 1 of the histogram
 * to build (zeroed first), of the subtraction, and of the one or two split searches, whose
 * results go to thread t's result slots. Every thread runs the same steps on its own features, so
 * each sum is the one-thread sum.
 */
export function runShare(k: KernelThread, t: number): void {
  const buf = k.memory.buffer;
  if (k.ints?.buffer !== buf) {
    k.ints = new Int32Array(buf);
    k.doubles = new Float64Array(buf);
  }
  const c = k.ints;
  const flags = c[CTRL.flags]!;
  if (flags & JOB.partition) {
    // Thread t's slice of the node's samples, partitioned in place (left then right, both in order).
    const [s0, s1] = sliceOf(c[CTRL.start]!, c[CTRL.stop]!, c[CTRL.threads]!, t);
    const partAt = c[CTRL.partAt]!;
    k.fns.split!(partAt, c[CTRL.partBuf]! + s0 * 4, s0, s1, c[CTRL.partCol]!, c[CTRL.partMissBin]!, c[CTRL.partMissLeft]!, c[CTRL.partThr]!, (CTRL.partEnds + t) * 4);
    return;
  }
  const d = c[CTRL.d]!;
  const [f0, f1] = featureShare(d, c[CTRL.threads]!, t);
  if (f1 <= f0) return;
  const metaAt = c[CTRL.metaAt]!;
  const o0 = c[(metaAt >> 2) + f0]!;
  const o1 = c[(metaAt >> 2) + f1]!;
  const constHess = c[CTRL.constHess] === 1;
  if (flags & JOB.build) {
    const h = c[CTRL.build]! >>> 0;
    k.doubles!.fill(0, h / 8 + o0 * 3, h / 8 + o1 * 3);
    const hist = k.fns[`hist${c[CTRL.wide] === 1 ? '32' : '16'}${constHess ? 'c' : 'h'}`]!;
    // Thread t's block of slots (HistBackend.slots): rows of f1 − f0 slots from element n·f0,
    // passed as a row-major array of f1 − f0 features whose feature f0 would sit at its start.
    const slotBytes = c[CTRL.wide] === 1 ? 4 : 2;
    const block = c[CTRL.slotsAt]! + (c[CTRL.n]! * f0 - f0) * slotBytes;
    hist(c[CTRL.partAt]!, c[CTRL.start]!, c[CTRL.stop]!, block, f1 - f0, c[CTRL.gAt]!, c[CTRL.hAt]!, h, f0, f1);
  }
  if (flags & JOB.subtract) {
    const o = o0 * 24;
    k.fns.sub!((c[CTRL.subOut]! >>> 0) + o, (c[CTRL.subParent]! >>> 0) + o, (c[CTRL.subSmall]! >>> 0) + o, (o1 - o0) * 3);
  }
  const best = k.fns[constHess ? 'bestc' : 'besth']!;
  if (flags & JOB.split1) best(c[CTRL.split1]!, metaAt, d, f0, f1, queryAt(0), outAt(t, 0));
  if (flags & JOB.split2) best(c[CTRL.split2]!, metaAt, d, f0, f1, queryAt(1), outAt(t, 1));
}

/** Each thread's scratch column and percentiles for {@link runBinChunk} (reused from one feature to the next). */
let binScratch: { col: Float64Array; maxBins: number; percentiles: number[] } | null = null;

/**
 * Chunk f of a binning job (`CTRL.cmd` 3): feature f's thresholds and bins as scikit-learn's
 * `_BinMapper` (binning.ts, the one-thread code), its missing values put straight in its compact
 * missing bin (thresholds + 1, as boosting.ts's `compactBins` would), and whether it has any.
 */
export function runBinChunk(memory: { readonly buffer: ArrayBufferLike }, f: number): void {
  const buf = memory.buffer;
  const c = new Int32Array(buf, 0, CTRL_WORDS);
  const n = c[CTRL.n]!;
  const d = c[CTRL.d]!;
  const maxBins = c[CTRL.maxBins]!;
  const data = new Float64Array(buf, c[CTRL.binData]! >>> 0, n * d);
  if (binScratch === null || binScratch.col.length < n || binScratch.maxBins !== maxBins) {
    binScratch = { col: new Float64Array(n), maxBins, percentiles: binPercentiles(maxBins) };
  }
  const th = featureThresholds(data, n, d, f, maxBins, binScratch.col, binScratch.percentiles);
  new Float64Array(buf, (c[CTRL.binThr]! >>> 0) + f * BIN_THRESHOLD_BYTES, th.length).set(th);
  new Int32Array(buf, c[CTRL.binCount]! >>> 0, d)[f] = th.length;
  const missing = th.length + 1;
  const out = new Uint8Array(buf, (c[CTRL.binOut]! >>> 0) + f * n, n);
  binFeature(th, data, n, d, f, missing, out);
  let has = 0;
  for (let i = 0; i < n; i++) {
    if (out[i] === missing) {
      has = 1;
      break;
    }
  }
  new Uint8Array(buf, c[CTRL.binMissing]! >>> 0, d)[f] = has;
}

/** Bytes per feature for its thresholds in a binning job (at most 254 float64). */
export const BIN_THRESHOLD_BYTES = 256 * 8;

/**
 * How the calling thread runs a job with the workers (see boost-threads.ts): it posts the job
 * in the control words, runs share 0, then runs itself every share no worker has claimed yet
 * (a worker that is asleep or off its core does not hold the job up), and waits for the shares
 * the workers claimed. Whoever runs a share runs the same code, so the result does not depend
 * on who ran what.
 */
export interface JobRunner {
  /** Threads sharing each job, the calling one included. */
  threads: number;
  /** Runs the node job in the control words (`cmd` 1); `share(t)` runs share t. */
  run(ctrl: Int32Array, cmd: 1, share: (t: number) => void): void;
  /**
   * Runs a chunked job (`cmd` 3, binning by features; 4, a row job by blocks of rows): every
   * thread claims chunks ({@link claimChunk}) until none is left; `chunk(i)` runs chunk i.
   */
  runChunks(ctrl: Int32Array, cmd: 3 | 4, chunks: number, chunk: (i: number) => void): void;
}

/** Bits of `CTRL.next` that number the chunk (the others hold the job's number). */
const CHUNK_BITS = 12;
/** Most chunks of a chunked job. */
const MAX_CHUNKS = 1 << CHUNK_BITS;

/** `CTRL.next` when job `seq`'s first chunk is next. */
export function firstChunk(seq: number): number {
  return (seq & 0x7ffff) << CHUNK_BITS;
}

/**
 * Claims the next chunk of the chunked job `seq` (`cmd` 3 or 4): its index, or −1 when none is
 * left or the job is no longer `seq`. Every thread, the calling one included, claims chunks
 * until none is left, so a thread that starts late, or loses its core, holds up at most the
 * chunk it is running.
 */
export function claimChunk(ctrl: Int32Array, seq: number): number {
  const tag = firstChunk(seq);
  for (;;) {
    const v = Atomics.load(ctrl, CTRL.next);
    const i = v - tag;
    if (i < 0 || i >= MAX_CHUNKS || i >= Atomics.load(ctrl, CTRL.chunks)) return -1;
    if (Atomics.compareExchange(ctrl, CTRL.next, v, v + 1) === v) return i;
  }
}

/**
 * How long a thread of a threaded fit checks a control word before it sleeps on the futex
 * ({@link spinUntil}): `ms`, at most `max`, adapted to the machine's load.
 */
export interface Spin {
  ms: number;
  readonly max: number;
}

/** The shortest spin (ms): about what 5,000 checks took before the spin was timed. */
const MIN_SPIN_MS = 0.02;
/** Two clock reads 1,024 checks apart (a few microseconds) further apart than this (ms): the thread lost its core meanwhile. */
const PREEMPTED_MS = 0.1;

/**
 * Checks `done()` until it holds (true) or `spin.ms` have passed (false: the caller then sleeps
 * on the futex). Spinning pays when the thread keeps its core: a wake-up from the futex costs
 * ~54 µs here, a spinning thread sees a job in ~0.2 µs (boost-worker.ts's `SPIN_MS`). It costs
 * when the machine has more runnable threads than cores: a spinning thread then takes the core
 * another thread of the fit needs. So when the clock shows this thread lost its core while
 * checking, `spin.ms` drops to {@link MIN_SPIN_MS}; each wait that ends while checking grows it
 * back by half, up to `spin.max`.
 */
export function spinUntil(spin: Spin, done: () => boolean): boolean {
  const since = performance.now();
  let last = since;
  for (let k = 1; ; k++) {
    if (done()) {
      spin.ms = Math.min(spin.max, spin.ms * 1.5);
      return true;
    }
    if ((k & 1023) === 0) {
      const now = performance.now();
      if (now - last > PREEMPTED_MS) {
        spin.ms = MIN_SPIN_MS;
        return false;
      }
      if (now - since > spin.ms) return false;
      last = now;
    }
  }
}

/** Claims share t of the job `seq` for the calling thread; false when another thread has it. */
export function claimShare(ctrl: Int32Array, t: number, seq: number): boolean {
  return Atomics.compareExchange(ctrl, CTRL.claims + t, seq - 1, seq) === seq - 1;
}

/** The shared memory a threaded fit's kernel uses, and the compiled module its workers instantiate. */
export interface SharedKernel {
  memory: SimdMemory & { readonly buffer: ArrayBufferLike };
  module: SimdModule;
  runner: JobRunner;
}

/**
 * The WebAssembly implementation, or null when this host has no WebAssembly or the data would
 * not fit in 2 GiB of its memory (the grower then uses {@link jsHistBackend}).
 * @param n - samples.
 * @param d - features.
 * @param histLen - float64 entries per histogram.
 * @param wide - more than 65,536 slots (Int32 slots instead of Uint16).
 * @param histograms - histograms to make room for at first.
 * @param shared - a shared memory and its workers (threads split each node's histograms and
 *   split search by features); without it, a memory of its own and one thread.
 * @param rowBytes - bytes reserved before the histograms for the rows' arrays of a threaded fit
 *   (their byte address is `CTRL.rowsAt`).
 */
export function wasmHistBackend(n: number, d: number, histLen: number, wide: boolean, histograms: number, shared?: SharedKernel, rowBytes = 0): HistBackend | null {
  const mod = shared ? shared.module : histModule();
  if (mod === null) return null;
  const slotBytes = wide ? 4 : 2;
  const align8 = (v: number): number => Math.ceil(v / 8) * 8;
  const slotsAt = CTRL_BYTES;
  const binsAt = align8(slotsAt + n * d * slotBytes);
  const gAt = align8(binsAt + n * d);
  const hAt = gAt + align8(n * 4);
  const partAt = hAt + align8(n * 4);
  const bufAt = partAt + align8(n * 4);
  const resultAt = bufAt + align8(n * 4);
  const metaAt = resultAt + 8;
  const rowsAt = align8(metaAt + (3 * d + 1) * 4);
  const poolAt = align8(rowsAt + rowBytes);
  const histBytes = histLen * 8;
  if (poolAt + histograms * histBytes > 2 ** 31) return null;
  let memory: SimdMemory & { readonly buffer: ArrayBufferLike };
  let fns: Record<string, Fn>;
  if (shared) {
    memory = shared.memory;
    const want = Math.ceil((poolAt + histograms * histBytes) / 65536);
    const have = memory.buffer.byteLength / 65536;
    if (want > have) memory.grow(want - have);
    const api = (globalThis as { WebAssembly?: { Instance: new (m: object, i: object) => { exports: Record<string, unknown> } } }).WebAssembly!;
    fns = new api.Instance(mod.compiled, { env: { mem: memory } }).exports as Record<string, Fn>;
  } else {
    const inst = instantiateSimd(mod, poolAt + histograms * histBytes);
    memory = inst.memory;
    fns = inst.exports as Record<string, Fn>;
  }
  const kernel: KernelThread = { fns, memory };
  const threads = shared ? shared.runner.threads : 1;
  const split = fns.split!;
  let constHess = true;
  let buf: ArrayBufferLike | null = null;
  let views!: {
    slots: Uint16Array | Int32Array;
    bins: Uint8Array;
    g: Float32Array;
    h: Float32Array;
    part: Int32Array;
    pool: Float64Array;
    result: Int32Array;
    ctrl: Int32Array;
    all: Float64Array;
  };
  const v = (): typeof views => {
    if (memory.buffer !== buf) {
      const b = memory.buffer;
      buf = b;
      views = {
        slots: wide ? new Int32Array(b, slotsAt, n * d) : new Uint16Array(b, slotsAt, n * d),
        bins: new Uint8Array(b, binsAt, n * d),
        g: new Float32Array(b, gAt, n),
        h: new Float32Array(b, hAt, n),
        part: new Int32Array(b, partAt, n),
        pool: new Float64Array(b, poolAt, Math.floor((b.byteLength - poolAt) / histBytes) * histLen),
        result: new Int32Array(b, resultAt, 1),
        ctrl: new Int32Array(b, 0, CTRL_WORDS),
        all: new Float64Array(b),
      };
    }
    return views;
  };
  {
    const c = v().ctrl;
    const layout: Array<[number, number]> = [
      [CTRL.n, n], [CTRL.d, d], [CTRL.wide, wide ? 1 : 0], [CTRL.slotsAt, slotsAt], [CTRL.gAt, gAt], [CTRL.hAt, hAt],
      [CTRL.partAt, partAt], [CTRL.metaAt, metaAt], [CTRL.threads, threads], [CTRL.rowsAt, rowsAt],
    ]; // prettier-ignore
    for (const [i, x] of layout) c[i] = x;
  }
  const histAt = (id: number): number => poolAt + id * histBytes;
  /** Runs the job in the control words: on the workers and this thread, or here alone. */
  const runJob = (): void => {
    const c = v().ctrl;
    c[CTRL.constHess] = constHess ? 1 : 0;
    if (threads === 1) {
      runShare(kernel, 0);
      return;
    }
    shared!.runner.run(c, 1, (t) => runShare(kernel, t));
  };
  /** Split s's result: the threads' results in feature order, a later one only when strictly better. */
  const result = (s: number, out: Float64Array): void => {
    const all = v().all;
    let best = outAt(0, s) / 8;
    for (let t = 1; t < threads; t++) if (all[outAt(t, s) / 8]! > all[best]!) best = outAt(t, s) / 8;
    for (let i = 0; i < 7; i++) out[i] = all[best + i]!;
  };
  const setQuery = (s: number, q: SplitQuery): void => {
    const all = v().all;
    const o = queryAt(s) / 8;
    all[o] = q.nSamples;
    all[o + 1] = q.sumG;
    all[o + 2] = q.sumH;
    all[o + 3] = q.lossCurrent;
    all[o + 4] = q.minSamplesLeaf;
    all[o + 5] = q.l2Regularization;
  };
  return {
    histLen,
    slotBlocks: threads,
    slots: () => v().slots,
    bins: () => v().bins,
    partition: () => v().part,
    pool: () => v().pool,
    ensure(count) {
      const have = v().pool.length / histLen;
      if (have >= count) return;
      const want = Math.max(count, 2 * have);
      const bytes = poolAt + want * histBytes;
      if (bytes > 2 ** 32) throw new RangeError(`boosting histograms need ${bytes} bytes, more than WebAssembly's 4 GiB`);
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    },
    setGradients(gradients, hessians) {
      const w = v();
      constHess = hessians.length === 1;
      // Gradients already in this memory (a threaded fit's row arrays) are read where they are.
      const inPlace = gradients.buffer === memory.buffer && (constHess || hessians.buffer === memory.buffer);
      w.ctrl[CTRL.gAt] = inPlace ? gradients.byteOffset : gAt;
      w.ctrl[CTRL.hAt] = inPlace && !constHess ? hessians.byteOffset : hAt;
      if (inPlace) return;
      w.g.set(gradients);
      if (!constHess) w.h.set(hessians);
    },
    build(id, start, stop) {
      const c = v().ctrl;
      c[CTRL.flags] = JOB.build;
      c[CTRL.build] = histAt(id);
      c[CTRL.start] = start;
      c[CTRL.stop] = stop;
      runJob();
    },
    subtract(out, parent, small) {
      const c = v().ctrl;
      c[CTRL.flags] = JOB.subtract;
      c[CTRL.subOut] = histAt(out);
      c[CTRL.subParent] = histAt(parent);
      c[CTRL.subSmall] = histAt(small);
      runJob();
    },
    split(start, stop, f, missingBin, missLeft, thr) {
      if (threads === 1 || stop - start < SHARED_PARTITION_SAMPLES) {
        split(partAt, bufAt, start, stop, binsAt + f * n, missingBin, missLeft ? 1 : 0, thr, resultAt);
        return v().result[0]!;
      }
      // Each thread partitions its slice: [L0 R0 | L1 R1 | …]; then, here, [L0 L1 … R0 R1 …] —
      // the one-thread stable partition (left samples in order, then right samples in order).
      const w = v();
      const c = w.ctrl;
      const words: Array<[number, number]> = [
        [CTRL.start, start], [CTRL.stop, stop], [CTRL.partBuf, bufAt], [CTRL.partCol, binsAt + f * n],
        [CTRL.partMissBin, missingBin], [CTRL.partMissLeft, missLeft ? 1 : 0], [CTRL.partThr, thr], [CTRL.flags, JOB.partition],
      ]; // prettier-ignore
      for (const [i, x] of words) c[i] = x;
      runJob();
      const part = w.part;
      const tmp = new Int32Array(memory.buffer, bufAt, n);
      let to = c[CTRL.partEnds]!;
      let rights = 0;
      for (let t = 0; t < threads; t++) {
        const [s0, s1] = sliceOf(start, stop, threads, t);
        const end = c[CTRL.partEnds + t]!;
        tmp.set(part.subarray(end, s1), rights);
        rights += s1 - end;
        if (t > 0) {
          part.copyWithin(to, s0, end);
          to += end - s0;
        }
      }
      part.set(tmp.subarray(0, rights), to);
      return to;
    },
    setFeatures(layout) {
      const meta = new Int32Array(memory.buffer, metaAt, 3 * d + 1);
      meta.set(layout.offsets);
      meta.set(layout.nBinsNonMissing, d + 1);
      meta.set(layout.hasMissing, 2 * d + 1);
    },
    bestSplit(id, q, out) {
      const c = v().ctrl;
      c[CTRL.flags] = JOB.split1;
      c[CTRL.split1] = histAt(id);
      setQuery(0, q);
      runJob();
      result(0, out);
    },
    children(job) {
      const c = v().ctrl;
      let flags = JOB.build;
      c[CTRL.build] = histAt(job.build);
      c[CTRL.start] = job.start;
      c[CTRL.stop] = job.stop;
      if (job.subtract) {
        flags |= JOB.subtract;
        c[CTRL.subOut] = histAt(job.subtract.out);
        c[CTRL.subParent] = histAt(job.subtract.parent);
        c[CTRL.subSmall] = histAt(job.build);
      }
      job.splits.forEach((sp, s) => {
        flags |= s === 0 ? JOB.split1 : JOB.split2;
        c[s === 0 ? CTRL.split1 : CTRL.split2] = histAt(sp.id);
        setQuery(s, sp.q);
      });
      c[CTRL.flags] = flags;
      runJob();
      job.splits.forEach((sp, s) => result(s, sp.out));
    },
  };
}

// ---------------------------------------------------------------------------- prediction

/** Opcodes of the tree walks (predictBody, predict4Body). */
const f64le = [0x65];
const f64ne = [0x62];
const and = [0x71];
const or = [0x72];
const ltS = [0x48];

/**
 * tree(X, n, d, feature, threshold, missingLeft, left, right, value, root, out, K): for each row
 * of X (float64, row-major), walks one tree from `root` (x <= threshold goes left; NaN goes left
 * when missingLeft) and adds the leaf's value to out[i·K] (`out` already offset to the output).
 * The side is chosen with `select`, not a branch: a tree walk's turns are unpredictable.
 */
function predictBody(): number[] {
  const [X, N, D, FEAT, THR, MISS, LEFT, RIGHT, VALUE, ROOT, OUT, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [I, ROW, O, NODE, L] = [12, 13, 14, 15, 16];
  const [XV] = [17];
  const c: number[] = [];
  c.push(...i32(0), ...set(I), ...get(X), ...set(ROW), ...get(OUT), ...set(O));
  c.push(...op.block, ...op.loop);
  c.push(...get(I), ...get(N), ...op.geU, ...op.brIf(1));
  c.push(...get(ROOT), ...set(NODE));
  c.push(...op.block, ...op.loop);
  // l = left[node]; a leaf when l < 0
  c.push(...get(LEFT), ...get(NODE), ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...tee(L), ...i32(0), ...ltS, ...op.brIf(1));
  // x = X[row + feature[node]]
  c.push(...get(ROW), ...get(FEAT), ...get(NODE), ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...set(XV));
  // node = (x <= thr[node]) | (x != x & missingLeft[node]) ? l : right[node]
  c.push(...get(L), ...get(RIGHT), ...get(NODE), ...i32(2), ...op.shl, ...op.add, ...op.i32load);
  c.push(...get(XV), ...get(THR), ...get(NODE), ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...f64le);
  c.push(...get(XV), ...get(XV), ...f64ne, ...get(MISS), ...get(NODE), ...op.add, ...op.i32load8u, ...and, ...or);
  c.push(...op.select, ...set(NODE), ...op.br(0));
  c.push(...op.end, ...op.end);
  // out[o] += value[node]
  c.push(...get(O), ...get(O), ...op.f64load(0), ...get(VALUE), ...get(NODE), ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...op.f64add, ...op.f64store(0));
  c.push(...get(O), ...get(K), ...i32(3), ...op.shl, ...op.add, ...set(O));
  c.push(...get(ROW), ...get(D), ...i32(3), ...op.shl, ...op.add, ...set(ROW));
  c.push(...get(I), ...i32(1), ...op.add, ...set(I), ...op.br(0));
  c.push(...op.end, ...op.end);
  return c;
}

/** Rows a `tree4` walk takes down the tree together. */
const LANES = 4;

/**
 * tree4(X, n, d, feature, threshold, missingLeft, left, right, value, root, out, K): as `tree`
 * (see {@link predictBody}; n a multiple of 4), but four rows walk down the tree together, one
 * level each per step: a walk waits on its loads (node, feature, value, threshold), and four
 * independent walks wait together. A row at a leaf stays there (`select`) until all four are;
 * leaves must have a feature in range (written as 0: their comparison is not used).
 */
function predict4Body(): number[] {
  const [X, N, D, FEAT, THR, MISS, LEFT, RIGHT, VALUE, ROOT, OUT, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const I = 12;
  const ROW = 13; // LANES locals each
  const NODE = ROW + LANES;
  const L = NODE + LANES;
  const [O, STRIDE, XV] = [L + LANES, L + LANES + 1, L + LANES + 2];
  const c: number[] = [];
  c.push(...i32(0), ...set(I), ...get(OUT), ...set(O), ...get(D), ...i32(3), ...op.shl, ...set(STRIDE));
  c.push(...get(X), ...set(ROW));
  c.push(...op.block, ...op.loop);
  c.push(...get(I), ...get(N), ...op.geU, ...op.brIf(1));
  for (let j = 0; j < LANES; j++) {
    if (j > 0) c.push(...get(ROW + j - 1), ...get(STRIDE), ...op.add, ...set(ROW + j));
    c.push(...get(ROOT), ...set(NODE + j));
  }
  c.push(...op.block, ...op.loop);
  for (let j = 0; j < LANES; j++) c.push(...get(LEFT), ...get(NODE + j), ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...set(L + j));
  // All four at leaves (every left child negative): done.
  c.push(...get(L));
  for (let j = 1; j < LANES; j++) c.push(...get(L + j), ...and);
  c.push(...i32(0), ...ltS, ...op.brIf(1));
  for (let j = 0; j < LANES; j++) {
    const nd = NODE + j;
    // x = X[row + feature[node]]
    c.push(...get(ROW + j), ...get(FEAT), ...get(nd), ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...set(XV));
    // next = (x <= thr | (x != x & missingLeft)) ? l : right; node = l < 0 ? node : next
    c.push(...get(nd));
    c.push(...get(L + j), ...get(RIGHT), ...get(nd), ...i32(2), ...op.shl, ...op.add, ...op.i32load);
    c.push(...get(XV), ...get(THR), ...get(nd), ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...f64le);
    c.push(...get(XV), ...get(XV), ...f64ne, ...get(MISS), ...get(nd), ...op.add, ...op.i32load8u, ...and, ...or);
    c.push(...op.select);
    c.push(...get(L + j), ...i32(0), ...ltS, ...op.select, ...set(nd));
  }
  c.push(...op.br(0));
  c.push(...op.end, ...op.end);
  for (let j = 0; j < LANES; j++) {
    // out[o] += value[node]; o += K·8
    c.push(...get(O), ...get(O), ...op.f64load(0), ...get(VALUE), ...get(NODE + j), ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...op.f64add, ...op.f64store(0));
    c.push(...get(O), ...get(K), ...i32(3), ...op.shl, ...op.add, ...set(O));
  }
  c.push(...get(ROW + LANES - 1), ...get(STRIDE), ...op.add, ...set(ROW));
  c.push(...get(I), ...i32(LANES), ...op.add, ...set(I), ...op.br(0));
  c.push(...op.end, ...op.end);
  return c;
}

const predictCompiled: { plain?: SimdModule | null; shared?: SimdModule | null } = {};

/** The tree-walk module (`shared`: over a shared memory, for {@link walkChunk} on worker threads), or null without WebAssembly. */
export function predictModule(shared = false): SimdModule | null {
  const key = shared ? 'shared' : 'plain';
  if (predictCompiled[key] === undefined) {
    const locals = [
      [5, I32],
      [1, F64],
    ] as const;
    const fns = [
      { name: 'tree', params: 12, locals, body: predictBody() },
      { name: 'tree4', params: 12, locals: [[3 * LANES + 3, I32], [1, F64]] as const, body: predict4Body() },
    ]; // prettier-ignore
    predictCompiled[key] = compileSimd(wasmEncoding.moduleBytes(fns, shared ? SHARED_MAX_PAGES : undefined));
  }
  return predictCompiled[key]!;
}

/** The packed trees {@link wasmAddTrees} walks. */
export interface PackedTrees {
  /** First node of each tree, then the node count. */
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/** Byte addresses of a prediction's arrays in the walk module's memory (see {@link predictLayout}). */
export interface PredictLayout {
  n: number;
  d: number;
  K: number;
  nodes: number;
  /** Rows (float64, row-major), outputs (float64, n × K), then the trees' arrays. */
  x: number;
  out: number;
  thr: number;
  value: number;
  feat: number;
  left: number;
  right: number;
  miss: number;
  /** Bytes used from `at`. */
  end: number;
}

/** Where {@link writePredict} puts n rows of d features, their n × K outputs and the trees, from byte `at`. */
export function predictLayout(t: PackedTrees, n: number, d: number, K: number, at = 0): PredictLayout {
  const nodes = t.feature.length;
  const align8 = (v: number): number => Math.ceil(v / 8) * 8;
  const x = align8(at);
  const out = x + n * d * 8;
  const thr = out + n * K * 8;
  const value = thr + nodes * 8;
  const feat = value + nodes * 8;
  const left = feat + nodes * 4;
  const right = left + nodes * 4;
  const miss = right + nodes * 4;
  return { n, d, K, nodes, x, out, thr, value, feat, left, right, miss, end: align8(miss + nodes) };
}

/** Writes the rows, the starting outputs (`out`, n × K: the baseline) and the trees at their places of `L`. */
export function writePredict(buf: ArrayBufferLike, L: PredictLayout, t: PackedTrees, data: Float64Array, out: Float64Array): void {
  const { n, d, K, nodes } = L;
  new Float64Array(buf, L.x, n * d).set(data.subarray(0, n * d));
  new Float64Array(buf, L.out, n * K).set(out);
  new Float64Array(buf, L.thr, nodes).set(t.threshold);
  new Float64Array(buf, L.value, nodes).set(t.value);
  // A leaf's feature (−1) as 0: tree4 reads (and does not use) a leaf's feature value.
  const feat = new Int32Array(buf, L.feat, nodes);
  feat.set(t.feature);
  for (let i = 0; i < nodes; i++) if (feat[i]! < 0) feat[i] = 0;
  new Int32Array(buf, L.left, nodes).set(t.left);
  new Int32Array(buf, L.right, nodes).set(t.right);
  new Uint8Array(buf, L.miss, nodes).set(t.missingLeft);
}

/** The walk module's functions: `tree` walks rows one by one, `tree4` four at a time. */
export interface WalkFunctions {
  tree: (...args: number[]) => void;
  tree4: (...args: number[]) => void;
}

/** The walk functions of an instance of {@link predictModule}. */
export function walkFunctions(exports: Record<string, unknown>): WalkFunctions {
  return { tree: exports.tree as WalkFunctions['tree'], tree4: exports.tree4 as WalkFunctions['tree4'] };
}

/**
 * Adds every tree's leaf value to the outputs of rows r0 .. r1 − 1 (tree t into output t mod K),
 * tree after tree: each row's sum is taken in tree order, whoever walks which rows, four rows at
 * a time (`tree4`) and the last r1 − r0 mod 4 one by one.
 * @param fns - the walk module's functions, over the memory {@link writePredict} wrote.
 */
export function walkChunk(fns: WalkFunctions, L: PredictLayout, roots: Int32Array, r0: number, r1: number): void {
  const { d, K } = L;
  const nTrees = roots.length - 1;
  const m4 = (r1 - r0) & ~(LANES - 1);
  const x = L.x + r0 * d * 8;
  const o = L.out + r0 * K * 8;
  const xt = x + m4 * d * 8;
  const ot = o + m4 * K * 8;
  for (let k = 0; k < nTrees; k++) {
    if (m4 > 0) fns.tree4(x, m4, d, L.feat, L.thr, L.miss, L.left, L.right, L.value, roots[k]!, o + (k % K) * 8, K);
    if (r1 - r0 > m4) fns.tree(xt, r1 - r0 - m4, d, L.feat, L.thr, L.miss, L.left, L.right, L.value, roots[k]!, ot + (k % K) * 8, K);
  }
}

/** Control words (int32) at the start of a threaded walk's memory: the next chunk to claim (an atomic counter)… */
export const WALK_NEXT = 0;
/** …and from this word, one state word per chunk: 0 to walk, 1 walked, 2 failed (the worker threw). */
export const WALK_STATES = 16;

/**

/**
 * Adds every tree's leaf value to `out` (n × K, tree t into output t mod K), tree after tree as
 * the JavaScript loop of `rawPredict` does (the same sums), in WebAssembly. Returns false (and
 * changes nothing) when this host has no WebAssembly or the data would not fit in 2 GiB.
 * @param t - the packed trees (node indexes are absolute).
 * @param data - rows, row-major float64 (NaN = missing).
 */
export function wasmAddTrees(t: PackedTrees, data: Float64Array, n: number, d: number, K: number, out: Float64Array): boolean {
  const mod = predictModule();
  if (mod === null) return false;
  const L = predictLayout(t, n, d, K);
  if (L.end > 2 ** 31) return false;
  const inst = instantiateSimd(mod, L.end);
  const buf = inst.memory.buffer;
  writePredict(buf, L, t, data, out);
  walkChunk(walkFunctions(inst.exports), L, t.roots, 0, n);
  out.set(new Float64Array(buf, L.out, n * K));
  return true;
}
