/**
 * The default engine: CART grown depth-first on typed arrays, following scikit-learn 1.2.1's
 * `DepthFirstTreeBuilder` + `BestSplitter` (sklearn/tree/_tree.pyx, _splitter.pyx,
 * _criterion.pyx) step for step, so that given the same random draws it grows the same tree:
 *
 * - features are float32 (scikit-learn converts X to float32), and two values closer than
 *   `FEATURE_THRESHOLD = 1e-7` count as equal;
 * - at each node, candidate features are drawn at random without replacement (Fisher–Yates
 *   over a shared `features` array, known-constant features kept at the front), until
 *   `maxFeatures` non-constant features were visited — scikit-learn's loop, including its
 *   bookkeeping of constant features passed down to the children;
 * - for each visited feature the node's samples are swept in sorted order with incremental class
 *   counts (classification) or running sums (regression); a split is a candidate between two
 *   distinct consecutive values, with threshold = their midpoint, when both sides keep
 *   `minSamplesLeaf` samples; the best split is the first one found with a strictly larger
 *   proxy improvement, computed with scikit-learn's formulas in the same floating-point order
 *   (so exact ties resolve as in scikit-learn);
 * - a node is a leaf at `maxDepth`, below `minSamplesSplit` or `2 · minSamplesLeaf` samples,
 *   when pure (impurity ≤ machine epsilon), when no valid split exists, or when the weighted
 *   impurity decrease + epsilon < `minImpurityDecrease`.
 *
 * Unlike scikit-learn, samples are not re-sorted at every node: each feature is sorted once
 * (a radix sort of the float32 bit patterns), and
 * the sorted index lists are partitioned stably down the tree — O(n·d) per tree level instead
 * of O(n·log n·d). The order of samples with equal values may differ from scikit-learn's
 * (introsort); it does not change class counts, and changes regression sums only in their last
 * bits.
 */
import { TreeStore, type TreeArrays } from './tree.js';

/** Values closer than this are treated as equal (scikit-learn's `FEATURE_THRESHOLD`). */
const FEATURE_THRESHOLD = 1e-7;
/** Impurity at or below this makes a leaf (`np.finfo('double').eps`). */
const EPSILON = 2.220446049250313e-16;

/** Split criteria the builder knows. */
export type Criterion = 'gini' | 'entropy' | 'squared_error' | 'absolute_error';

/** Resolved growth parameters. */
export interface GrowParams {
  criterion: Criterion;
  /** Deepest allowed node depth (root = 0). */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features to visit per node, in [1, d]. */
  maxFeatures: number;
  minImpurityDecrease: number;
  /**
   * Sort the visited features' values at each node (as scikit-learn does) instead of keeping
   * every feature sorted down the tree. Cheaper when few of many features are searched per split
   * (a forest's `maxFeatures: 'sqrt'`): the presorted lists cost O(n·d) per level to partition,
   * per-node sorts O(n·log n) per searched feature. The tree is the same either way. Needs
   * `data.xt` and fewer than 2^21 samples (otherwise ignored).
   */
  sortPerNode?: boolean;
}

/** The training data: features as float32, one column after another (d × n). */
export interface ColumnData {
  /** Column-major float32 features: `xt[f * n + i]` is feature f of sample i. */
  xt: Float32Array;
  n: number;
  d: number;
  /**
   * Optional, for per-node sorting ({@link GrowParams.sortPerNode}): each value's dense rank among
   * its feature's distinct float32 values (in the order of {@link presort}: by bit pattern, so
   * −0 ranks below +0), column-major as `xt`; see {@link denseRanks}. With them a node's values
   * are ordered by a counting sort when the feature has few distinct values (digits' pixels: 17)
   * and by their ranks otherwise — the same order as sorting the values.
   */
  ranks?: Uint32Array;
  /** Distinct values per feature (ranks of feature f are 0 .. rankCount[f] − 1), with `ranks`. */
  rankCount?: Int32Array;
  /**
   * With `ranks`: each feature's distinct values in rank order, feature after feature (feature f's
   * start at the sum of the earlier `rankCount`s). The per-node sort then reads a value from its
   * rank, and `xt` may be left empty (a forest need not gather it for each bootstrap sample).
   */
  rankValues?: Float32Array;
}

/**
 * The dense ranks of every value of every column (see {@link ColumnData.ranks}) from the sorted
 * columns: equal bit patterns share a rank, the next distinct value gets the next rank.
 * @returns the ranks (column-major, as `data.xt`) and the number of distinct values per feature.
 */
export function denseRanks(sorted: SortedColumns, n: number, d: number): { ranks: Uint32Array; rankCount: Int32Array; rankValues: Float32Array } {
  const ranks = new Uint32Array(n * d);
  const rankCount = new Int32Array(d);
  const values = new Float32Array(n * d);
  const bits = new Uint32Array(sorted.val.buffer, sorted.val.byteOffset, sorted.val.length);
  let w = 0;
  for (let f = 0; f < d; f++) {
    const base = f * n;
    let r = -1;
    let prev = 0;
    for (let p = base; p < base + n; p++) {
      const b = bits[p]!;
      if (r < 0 || b !== prev) {
        r++;
        prev = b;
        values[w++] = sorted.val[p]!;
      }
      ranks[base + sorted.idx[p]!] = r;
    }
    rankCount[f] = r + 1;
  }
  return { ranks, rankCount, rankValues: values.slice(0, w) };
}

/** The target: class codes 0..k-1, or real values. */
export type Target = { kind: 'classification'; y: Int32Array; nClasses: number } | { kind: 'regression'; y: Float64Array };

/**
 * A source of uniform integers: `below(k)` returns an integer in [0, k). scikit-learn draws
 * `low + rand_r() % (high - low)`; the model passes its seeded {@link Rng}.
 */
export interface IntSource {
  below(k: number): number;
}

const LOG2 = Math.LN2;

/** Per-node sort keys hold the sample in their low 21 bits. */
const KEY_SAMPLES = 2 ** 21;

/** The float32 values' bit patterns mapped so that unsigned order is numeric order (as `presort`). */
function sortableBits(xt: Float32Array): Uint32Array {
  const bits = new Uint32Array(xt.buffer, xt.byteOffset, xt.length);
  const out = new Uint32Array(xt.length);
  for (let i = 0; i < xt.length; i++) {
    const b = bits[i]!;
    out[i] = (b & 0x80000000) !== 0 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  return out;
}

/** Largest sample count (indices are int32). */
export const MAX_SAMPLES = 2 ** 31 - 1;

/** Every column's samples in ascending order of value (ties in ascending sample order). */
export interface SortedColumns {
  /** `idx[f * n + p]`: the sample at rank p of feature f. */
  idx: Int32Array;
  /** `val[f * n + p]`: its value (float32). */
  val: Float32Array;
}

/**
 * Sorts each column once (LSD radix sort on the float32 bit patterns mapped to unsigned order,
 * three passes of 11/11/10 bits; stable, so equal values keep ascending sample order); returns
 * sample indices and values in ascending order per feature.
 */
export function presort(data: ColumnData): SortedColumns {
  const { xt, n, d } = data;
  const bits = new Uint32Array(xt.buffer, xt.byteOffset, xt.length);
  const idx = new Int32Array(n * d);
  const val = new Float32Array(n * d);
  const keyA = new Uint32Array(n);
  const keyB = new Uint32Array(n);
  const idA = new Int32Array(n);
  const idB = new Int32Array(n);
  // The three digits' histograms, counted in one pass over the keys (11, 11 and 10 bits).
  const count = new Int32Array(3 * 2048);
  for (let f = 0; f < d; f++) {
    const base = f * n;
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const b = bits[base + i]!;
      // Negative floats: flip all bits; positive: set the sign bit. Unsigned order = float order.
      const k = (b & 0x80000000) !== 0 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
      keyA[i] = k;
      idA[i] = i;
      count[k & 0x7ff]!++;
      count[2048 + ((k >>> 11) & 0x7ff)]!++;
      count[4096 + (k >>> 22)]!++;
    }
    let srcK = keyA;
    let srcI = idA;
    let dstK = keyB;
    let dstI = idB;
    for (let pass = 0; pass < 3; pass++) {
      const shift = 11 * pass;
      const mask = pass === 2 ? 0x3ff : 0x7ff;
      const c0 = 2048 * pass;
      if (count[c0 + ((srcK[0]! >>> shift) & mask)] === n) continue; // one digit value: nothing to move
      let sum = 0;
      for (let c = c0; c <= c0 + mask; c++) {
        const t = count[c]!;
        count[c] = sum;
        sum += t;
      }
      for (let i = 0; i < n; i++) {
        const k = srcK[i]!;
        const at = count[c0 + ((k >>> shift) & mask)]!++;
        dstK[at] = k;
        dstI[at] = srcI[i]!;
      }
      const tk = srcK;
      srcK = dstK;
      dstK = tk;
      const ti = srcI;
      srcI = dstI;
      dstI = ti;
    }
    for (let p = 0; p < n; p++) {
      const i = srcI[p]!;
      idx[base + p] = i;
      val[base + p] = xt[base + i]!;
    }
  }
  return { idx, val };
}

/** Best split found so far at a node: proxy, position, feature, threshold. */
type Best = Float64Array;
const B_PROXY = 0;
const B_POS = 1;
const B_FEATURE = 2;
const B_THRESHOLD = 3;

/** Records a candidate at position q+1 (between sorted values vq and vn) if strictly better. */
function offer(best: Best, proxy: number, pos: number, f: number, vq: number, vn: number): void {
  if (proxy > best[B_PROXY]!) {
    best[B_PROXY] = proxy;
    best[B_POS] = pos;
    best[B_FEATURE] = f;
    // scikit-learn: the sum of halves avoids overflow; fall back to the lower value when the
    // midpoint rounds onto the upper one.
    let thr = vq / 2.0 + vn / 2.0;
    if (thr === vn || thr === Infinity || thr === -Infinity) thr = vq;
    best[B_THRESHOLD] = thr;
  }
}

// The three sweeps are separate functions so that each stays monomorphic for V8: one function
// serving class codes and real targets was deoptimised over and over when a process fitted both.

/** Gini sweep over feature f's sorted samples of [start, end) (scikit-learn's proxy, same order of operations). */
function sweepGini(
  idx: Int32Array, val: Float32Array, y: Int32Array, total: Float64Array, left: Float64Array,
  base: number, start: number, end: number, minLeaf: number, totSq: number, f: number, best: Best,
): void {
  left.fill(0);
  const nNode = end - start;
  let sqL = 0;
  let sqR = totSq;
  const last = base + end - 1;
  for (let q = base + start; q < last; q++) {
    const c = y[idx[q]!]!;
    const l = left[c]!;
    const r = total[c]! - l;
    sqL += 2 * l + 1;
    sqR -= 2 * r - 1;
    left[c] = l + 1;
    const vq = val[q]!;
    const vn = val[q + 1]!;
    if (vn <= vq + FEATURE_THRESHOLD) continue;
    const nL = q - base - start + 1;
    const nR = nNode - nL;
    if (nL < minLeaf || nR < minLeaf) continue;
    const giniL = 1.0 - sqL / (nL * nL);
    const giniR = 1.0 - sqR / (nR * nR);
    offer(best, -nR * giniR - nL * giniL, q - base + 1, f, vq, vn);
  }
}

/** Entropy sweep (bits, as scikit-learn's `log` = ln(x) / ln(2)). */
function sweepEntropy(
  idx: Int32Array, val: Float32Array, y: Int32Array, total: Float64Array, left: Float64Array,
  base: number, start: number, end: number, minLeaf: number, K: number, f: number, best: Best,
): void {
  left.fill(0);
  const nNode = end - start;
  const last = base + end - 1;
  for (let q = base + start; q < last; q++) {
    left[y[idx[q]!]!]! += 1;
    const vq = val[q]!;
    const vn = val[q + 1]!;
    if (vn <= vq + FEATURE_THRESHOLD) continue;
    const nL = q - base - start + 1;
    const nR = nNode - nL;
    if (nL < minLeaf || nR < minLeaf) continue;
    let eL = 0;
    let eR = 0;
    for (let k = 0; k < K; k++) {
      let ck = left[k]!;
      if (ck > 0) {
        ck /= nL;
        eL -= ck * (Math.log(ck) / LOG2);
      }
      ck = total[k]! - left[k]!;
      if (ck > 0) {
        ck /= nR;
        eR -= ck * (Math.log(ck) / LOG2);
      }
    }
    offer(best, -nR * eR - nL * eL, q - base + 1, f, vq, vn);
  }
}

/** Squared-error sweep: scikit-learn's MSE proxy sum_L²/n_L + sum_R²/n_R. */
function sweepMse(
  idx: Int32Array, val: Float32Array, y: Float64Array,
  base: number, start: number, end: number, minLeaf: number, totSum: number, f: number, best: Best,
): void {
  const nNode = end - start;
  const last = base + end - 1;
  let sL = 0;
  for (let q = base + start; q < last; q++) {
    sL += y[idx[q]!]!;
    const vq = val[q]!;
    const vn = val[q + 1]!;
    if (vn <= vq + FEATURE_THRESHOLD) continue;
    const nL = q - base - start + 1;
    const nR = nNode - nL;
    if (nL < minLeaf || nR < minLeaf) continue;
    const sR = totSum - sL;
    offer(best, (sL * sL) / nL + (sR * sR) / nR, q - base + 1, f, vq, vn);
  }
}

/** Median of the sorted a[0, m) (mean of the two middle values for even m, as scikit-learn's WeightedMedianCalculator). */
function medianOf(a: Float64Array, m: number): number {
  const k = m >> 1;
  return (m & 1) === 1 ? a[k]! : (a[k]! + a[k - 1]!) / 2.0;
}

/** First index in the sorted a[0, m) whose value is >= v. */
function lowerBound(a: Float64Array, m: number, v: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Absolute-error sweep (scikit-learn's `MAE`: impurity = mean |y − median|, proxy
 * −n_R · impurity_R − n_L · impurity_L). Like scikit-learn's, it costs O(n) per candidate:
 * medians come from sorted copies of both sides, the absolute deviations are summed in sample
 * order. `nodeSorted` holds the node's targets in ascending order.
 */
function sweepMae(
  idx: Int32Array, val: Float32Array, y: Float64Array, nodeSorted: Float64Array, leftS: Float64Array, rightS: Float64Array,
  base: number, start: number, end: number, minLeaf: number, f: number, best: Best,
): void {
  const nNode = end - start;
  rightS.set(nodeSorted.subarray(0, nNode));
  let nR = nNode;
  let nL = 0;
  const last = base + end - 1;
  for (let q = base + start; q < last; q++) {
    const v = y[idx[q]!]!;
    const at = lowerBound(leftS, nL, v);
    leftS.copyWithin(at + 1, at, nL);
    leftS[at] = v;
    nL++;
    const out = lowerBound(rightS, nR, v);
    rightS.copyWithin(out, out + 1, nR);
    nR--;
    const vq = val[q]!;
    const vn = val[q + 1]!;
    if (vn <= vq + FEATURE_THRESHOLD) continue;
    if (nL < minLeaf || nR < minLeaf) continue;
    const medL = medianOf(leftS, nL);
    const medR = medianOf(rightS, nR);
    let aL = 0;
    for (let r = base + start; r <= q; r++) aL += Math.abs(y[idx[r]!]! - medL);
    let aR = 0;
    for (let r = q + 1; r <= last; r++) aR += Math.abs(y[idx[r]!]! - medR);
    offer(best, -nR * (aR / nR) - nL * (aL / nL), q - base + 1, f, vq, vn);
  }
}

/**
 * Grows a tree.
 *
 * @param data - float32 features, column-major.
 * @param target - class codes or values, one per sample.
 * @param p - growth parameters (validated by the caller).
 * @param rand - the random source for the feature draws.
 * @param sorted - `presort(data)` when the caller has it already (a forest derives each bootstrap
 *   sample's order from one sort of the whole training set); it is consumed (partitioned in place).
 * @returns the tree in flat arrays.
 */
export function growTree(data: ColumnData, target: Target, p: GrowParams, rand: IntSource, sorted?: SortedColumns): TreeArrays {
  const { n, d } = data;
  const isClf = target.kind === 'classification';
  const K = isClf ? target.nClasses : 1;
  const yc = isClf ? target.y : new Int32Array(0);
  const yr = isClf ? new Float64Array(0) : target.y;
  const entropy = p.criterion === 'entropy';
  const mae = p.criterion === 'absolute_error';
  // Absolute error: the node's sorted targets, and both sides' sorted targets during a sweep.
  const nodeSorted = new Float64Array(mae ? n : 0);
  const leftS = new Float64Array(mae ? n : 0);
  const rightS = new Float64Array(mae ? n : 0);
  let nodeMedian = 0;
  const minLeaf = p.minSamplesLeaf;
  const minSplit = Math.max(p.minSamplesSplit, 2 * minLeaf);
  const maxF = p.maxFeatures;

  // Per-node sorting: keys = order-preserving float32 bits · 2^21 + sample, sorted as doubles
  // (exact below 2^53), so ties come out in ascending sample order, as in the presorted lists.
  const hasRanks = data.ranks !== undefined && data.rankCount !== undefined && data.ranks.length === n * d;
  const byRankValues = hasRanks && data.rankValues !== undefined;
  const perNode = p.sortPerNode === true && n < KEY_SAMPLES && (data.xt.length === n * d || byRankValues);
  const sorted0 = perNode ? { idx: new Int32Array(n), val: new Float32Array(n) } : (sorted ?? presort(data));
  // Presorted mode: two copies of the sorted lists, used in turn by depth (a node at depth t
  // reads copy t mod 2 and partitions into the other one, where its children read). Live nodes
  // hold disjoint ranges, so writing a node's range of the other copy clobbers nobody, and each
  // value is written once per level instead of twice plus a copy back.
  const idx0 = sorted0.idx;
  const val0 = sorted0.val;
  const idx1 = perNode ? idx0 : new Int32Array(n * d);
  const val1 = perNode ? val0 : new Float32Array(n * d);
  let idx = sorted0.idx;
  let val = sorted0.val;
  const ranks = perNode && hasRanks ? data.ranks! : null;
  // Values by rank (feature f's at rankOffset[f]), or null: read from xt.
  const rankValues = perNode && byRankValues ? data.rankValues! : null;
  const rankOffset = new Int32Array(d + 1);
  if (rankValues) for (let f = 0; f < d; f++) rankOffset[f + 1] = rankOffset[f]! + data.rankCount![f]!;
  const rankCount = data.rankCount ?? new Int32Array(0);
  // Keys: the ranks when given (same order as the bits), else the order-preserving bits.
  const keyBits = perNode ? (ranks ?? sortableBits(data.xt)) : new Uint32Array(0);
  let maxRanks = 0;
  if (ranks) for (let f = 0; f < d; f++) maxRanks = Math.max(maxRanks, rankCount[f]!);
  const rankStart = new Int32Array(ranks ? maxRanks : 0);
  const keyBuf = new Float64Array(perNode ? n : 0);
  const bestIdx = new Int32Array(perNode ? n : 0);
  const xt = data.xt;
  const samples = new Int32Array(n);
  for (let i = 0; i < n; i++) samples[i] = i;
  const goLeft = new Uint8Array(n);
  const tmpI = new Int32Array(n);

  // scikit-learn's splitter state shared across nodes.
  const features = new Int32Array(d);
  for (let f = 0; f < d; f++) features[f] = f;
  const constantFeatures = new Int32Array(d);

  const total = new Float64Array(K); // node class counts or [sum]
  const leftCounts = new Float64Array(K);
  const bestLeft = new Float64Array(K);
  let sqTotal = 0; // regression: sum of y²

  const tree = new TreeStore(K, Math.min(2 * n, 1024));

  /** Loads the node's class counts / sums from samples[start, end). */
  const nodeReset = (start: number, end: number): void => {
    if (isClf) {
      total.fill(0);
      for (let q = start; q < end; q++) total[yc[samples[q]!]!]! += 1;
    } else {
      let s = 0;
      let sq = 0;
      for (let q = start; q < end; q++) {
        const v = yr[samples[q]!]!;
        s += v;
        sq += v * v;
      }
      total[0] = s;
      sqTotal = sq;
      if (mae) {
        for (let q = start; q < end; q++) nodeSorted[q - start] = yr[samples[q]!]!;
        nodeSorted.subarray(0, end - start).sort();
        nodeMedian = medianOf(nodeSorted, end - start);
      }
    }
  };

  /** Impurity of a set with counts `c` (sum `c[0]`, square sum `sq` for regression) and size w. */
  const impurityOf = (c: Float64Array, w: number, sq: number): number => {
    if (!isClf) return sq / w - (c[0]! / w) ** 2;
    if (entropy) {
      let e = 0;
      for (let k = 0; k < K; k++) {
        let ck = c[k]!;
        if (ck > 0) {
          ck /= w;
          e -= ck * (Math.log(ck) / LOG2);
        }
      }
      return e;
    }
    let sqc = 0;
    for (let k = 0; k < K; k++) sqc += c[k]! * c[k]!;
    return 1.0 - sqc / (w * w);
  };

  /** Sum of |y − m| over positions [from, to) of an index list (scikit-learn sums in sample order). */
  const absDev = (from: number, to: number, m: number, list: Int32Array): number => {
    let a = 0;
    for (let q = from; q < to; q++) a += Math.abs(yr[list[q]!]! - m);
    return a;
  };

  // Result of the last nodeSplit.
  let bestPos = 0;
  let bestFeature = -1;
  let bestThreshold = 0;
  let bestImpL = 0;
  let bestImpR = 0;
  let bestImprovement = 0;
  let nTotalConstantsOut = 0;

  const rightCounts = new Float64Array(K);
  const best: Best = new Float64Array(4);

  /** scikit-learn's `BestSplitter.node_split`. */
  const nodeSplit = (start: number, end: number, impurity: number, nKnown: number): void => {
    // Local aliases: hot loops read locals, not closure slots.
    const idx_ = idx;
    const val_ = val;
    const yc_ = yc;
    const yr_ = yr;
    const total_ = total;
    const leftCounts_ = leftCounts;
    const features_ = features;
    const nNode = end - start;
    let fI = d;
    let nVisited = 0;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnown;
    best[B_PROXY] = -Infinity;
    best[B_POS] = end;
    best[B_FEATURE] = -1;
    const totSum = total_[0]!;
    let totSq = 0;
    if (isClf) for (let k = 0; k < K; k++) totSq += total_[k]! * total_[k]!;

    while (fI > nTotal && (nVisited < maxF || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fj = nDrawn + rand.below(fI - nFound - nDrawn);
      if (fj < nKnown) {
        const t = features_[nDrawn]!;
        features_[nDrawn] = features_[fj]!;
        features_[fj] = t;
        nDrawn++;
        continue;
      }
      fj += nFound;
      const f = features_[fj]!;
      const base = perNode ? 0 : f * n;
      if (perNode ? !sortNode(f, start, end) : val_[base + end - 1]! <= val_[base + start]! + FEATURE_THRESHOLD) {
        features_[fj] = features_[nTotal]!;
        features_[nTotal] = f;
        nFound++;
        nTotal++;
        continue;
      }
      fI--;
      features_[fj] = features_[fI]!;
      features_[fI] = f;

      if (mae) sweepMae(idx_, val_, yr_, nodeSorted, leftS, rightS, base, start, end, minLeaf, f, best);
      else if (!isClf) sweepMse(idx_, val_, yr_, base, start, end, minLeaf, totSum, f, best);
      else if (entropy) sweepEntropy(idx_, val_, yc_, total_, leftCounts_, base, start, end, minLeaf, K, f, best);
      else sweepGini(idx_, val_, yc_, total_, leftCounts_, base, start, end, minLeaf, totSq, f, best);
      if (perNode && best[B_FEATURE] === f) bestIdx.set(idx_.subarray(start, end), start);
    }
    bestPos = best[B_POS]!;
    bestFeature = best[B_FEATURE]!;
    bestThreshold = best[B_THRESHOLD]!;

    if (bestPos < end) {
      // Children impurities and the weighted impurity decrease, as scikit-learn computes them.
      const base = perNode ? 0 : bestFeature * n;
      const idx_ = perNode ? bestIdx : idx;
      const nL = bestPos - start;
      const nR = end - bestPos;
      if (isClf) {
        bestLeft.fill(0);
        for (let q = base + start; q < base + bestPos; q++) bestLeft[yc_[idx_[q]!]!]! += 1;
        for (let k = 0; k < K; k++) rightCounts[k] = total_[k]! - bestLeft[k]!;
        bestImpL = impurityOf(bestLeft, nL, 0);
        bestImpR = impurityOf(rightCounts, nR, 0);
      } else {
        let sL = 0;
        let sqL = 0;
        for (let q = base + start; q < base + bestPos; q++) {
          const v = yr_[idx_[q]!]!;
          sL += v;
          sqL += v * v;
        }
        bestLeft[0] = sL;
        rightCounts[0] = totSum - sL;
        if (mae) {
          const lv = leftS.subarray(0, nL);
          for (let q = 0; q < nL; q++) lv[q] = yr_[idx_[base + start + q]!]!;
          lv.sort();
          const rv = rightS.subarray(0, nR);
          for (let q = 0; q < nR; q++) rv[q] = yr_[idx_[base + bestPos + q]!]!;
          rv.sort();
          bestImpL = absDev(base + start, base + bestPos, medianOf(lv, nL), idx_) / nL;
          bestImpR = absDev(base + bestPos, base + end, medianOf(rv, nR), idx_) / nR;
        } else {
          bestImpL = impurityOf(bestLeft, nL, sqL);
          bestImpR = impurityOf(rightCounts, nR, sqTotal - sqL);
        }
      }
      bestImprovement = (nNode / n) * (impurity - (nR / nNode) * bestImpR - (nL / nNode) * bestImpL);
    }

    // Keep the invariant for constant features (features_[0, nTotal) are the constants).
    for (let k = 0; k < nKnown; k++) features_[k] = constantFeatures[k]!;
    for (let k = nKnown; k < nKnown + nFound; k++) constantFeatures[k] = features_[k]!;
    nTotalConstantsOut = nTotal;
  };

  /**
   * Per-node mode: sorts feature f's values over samples[start, end) into idx/val[start, end);
   * returns false (and sorts nothing) when the feature is constant there.
   */
  const sortNode = (f: number, start: number, end: number): boolean => {
    const fb = f * n;
    if (rankValues) return sortNodeByRank(f, start, end);
    let lo = Infinity;
    let hi = -Infinity;
    for (let q = start; q < end; q++) {
      const v = xt[fb + samples[q]!]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi <= lo + FEATURE_THRESHOLD) return false;
    const m = end - start;
    if (ranks && rankCount[f]! <= 2 * m) {
      // Counting sort by rank: the node's samples are in ascending order (the partition is
      // stable), so ties keep ascending sample order, as with the keys below.
      const R = rankCount[f]!;
      rankStart.fill(0, 0, R);
      for (let q = start; q < end; q++) rankStart[ranks[fb + samples[q]!]!]!++;
      let sum = start;
      for (let r = 0; r < R; r++) {
        const c = rankStart[r]!;
        rankStart[r] = sum;
        sum += c;
      }
      for (let q = start; q < end; q++) {
        const s = samples[q]!;
        const at = rankStart[ranks[fb + s]!]!++;
        idx[at] = s;
        val[at] = xt[fb + s]!;
      }
      return true;
    }
    for (let q = 0; q < m; q++) {
      const s = samples[start + q]!;
      keyBuf[q] = keyBits[fb + s]! * KEY_SAMPLES + s;
    }
    const keys = keyBuf.subarray(0, m).sort();
    for (let q = 0; q < m; q++) {
      const k = keys[q]!;
      const s = k - Math.floor(k / KEY_SAMPLES) * KEY_SAMPLES;
      idx[start + q] = s;
      val[start + q] = xt[fb + s]!;
    }
    return true;
  };

  /**
   * `sortNode` when the values come from their ranks: one pass counts the ranks and finds the
   * lowest and highest (whose values decide whether the feature is constant here, as the lowest
   * and highest value would), then a counting sort (few distinct values) or a sort of
   * rank · 2^21 + sample keys places the samples; values are read by rank.
   */
  const sortNodeByRank = (f: number, start: number, end: number): boolean => {
    const fb = f * n;
    const rk = ranks!;
    const rv = rankValues!;
    const off = rankOffset[f]!;
    const R = rankCount[f]!;
    const m = end - start;
    const counting = R <= 2 * m;
    if (counting) rankStart.fill(0, 0, R);
    let rLo = R;
    let rHi = -1;
    for (let q = start; q < end; q++) {
      const r = rk[fb + samples[q]!]!;
      if (counting) rankStart[r]!++;
      if (r < rLo) rLo = r;
      if (r > rHi) rHi = r;
    }
    if (rv[off + rHi]! <= rv[off + rLo]! + FEATURE_THRESHOLD) return false;
    if (counting) {
      let sum = start;
      for (let r = 0; r < R; r++) {
        const c = rankStart[r]!;
        rankStart[r] = sum;
        sum += c;
      }
      for (let q = start; q < end; q++) {
        const s = samples[q]!;
        const r = rk[fb + s]!;
        const at = rankStart[r]!++;
        idx[at] = s;
        val[at] = rv[off + r]!;
      }
      return true;
    }
    for (let q = 0; q < m; q++) {
      const s = samples[start + q]!;
      keyBuf[q] = rk[fb + s]! * KEY_SAMPLES + s;
    }
    const keys = keyBuf.subarray(0, m).sort();
    for (let q = 0; q < m; q++) {
      const k = keys[q]!;
      const r = Math.floor(k / KEY_SAMPLES);
      idx[start + q] = k - r * KEY_SAMPLES;
      val[start + q] = rv[off + r]!;
    }
    return true;
  };

  /** Per-node mode: stable partition of samples[start, end) by the best split (bestIdx holds its left side first). */
  const partitionSamples = (start: number, end: number): void => {
    for (let q = start; q < bestPos; q++) goLeft[bestIdx[q]!] = 1;
    for (let q = bestPos; q < end; q++) goLeft[bestIdx[q]!] = 0;
    let w = start;
    let t = 0;
    for (let q = start; q < end; q++) {
      const s = samples[q]!;
      if (goLeft[s] === 1) samples[w++] = s;
      else tmpI[t++] = s;
    }
    samples.set(tmpI.subarray(0, t), w);
  };

  /**
   * Partitions every non-constant feature's sorted range (and `samples`) around the best split,
   * from the node's copy of the sorted lists into the other one (see `idx0` / `idx1`), stably: the
   * left side's samples go to [start, bestPos), the right side's to [bestPos, end).
   */
  const partition = (start: number, end: number, nConst: number, depth: number): void => {
    const idxS = (depth & 1) === 0 ? idx0 : idx1;
    const valS = (depth & 1) === 0 ? val0 : val1;
    const idxD = (depth & 1) === 0 ? idx1 : idx0;
    const valD = (depth & 1) === 0 ? val1 : val0;
    const goLeft_ = goLeft;
    const tmpI_ = tmpI;
    const samples_ = samples;
    const features_ = features;
    const bb = bestFeature * n;
    for (let q = bb + start; q < bb + bestPos; q++) goLeft_[idxS[q]!] = 1;
    for (let q = bb + bestPos; q < bb + end; q++) goLeft_[idxS[q]!] = 0;
    // When both children will be leaves (the test of the main loop, known here), they never
    // read the sorted lists: only `samples` is partitioned.
    const leafL = depth + 1 >= p.maxDepth || bestPos - start < minSplit || bestImpL <= EPSILON;
    const leafR = depth + 1 >= p.maxDepth || end - bestPos < minSplit || bestImpR <= EPSILON;
    for (let k = leafL && leafR ? d : nConst; k < d; k++) {
      const f = features_[k]!;
      const base = f * n;
      if (f === bestFeature) {
        // Already in order: its left side is [start, bestPos).
        idxD.set(idxS.subarray(base + start, base + end), base + start);
        valD.set(valS.subarray(base + start, base + end), base + start);
        continue;
      }
      let l = base + start;
      let r = base + bestPos;
      for (let q = base + start; q < base + end; q++) {
        const s = idxS[q]!;
        const g = goLeft_[s]!;
        const at = g === 1 ? l : r;
        idxD[at] = s;
        valD[at] = valS[q]!;
        l += g;
        r += 1 - g;
      }
    }
    let w = start;
    let t = 0;
    for (let q = start; q < end; q++) {
      const s = samples_[q]!;
      if (goLeft_[s] === 1) samples_[w++] = s;
      else tmpI_[t++] = s;
    }
    samples_.set(tmpI.subarray(0, t), w);
  };

  // Depth-first, left child first (scikit-learn pushes right, then left, on a stack).
  const stack: number[] = [0, n, 0, -1, 0, 0, 0];
  let first = true;
  while (stack.length > 0) {
    const nConstIn = stack.pop()!;
    let impurity = stack.pop()!;
    const isLeft = stack.pop()! === 1;
    const parent = stack.pop()!;
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const nNode = end - start;
    if (!perNode) {
      idx = (depth & 1) === 0 ? idx0 : idx1;
      val = (depth & 1) === 0 ? val0 : val1;
    }
    nodeReset(start, end);
    let isLeaf = depth >= p.maxDepth || nNode < minSplit || nNode < 2 * minLeaf;
    if (first) {
      impurity = mae ? absDev(start, end, nodeMedian, samples) / nNode : impurityOf(total, nNode, sqTotal);
      first = false;
    }
    isLeaf = isLeaf || impurity <= EPSILON;
    let nConst = nConstIn;
    if (!isLeaf) {
      nodeSplit(start, end, impurity, nConstIn);
      nConst = nTotalConstantsOut;
      isLeaf = bestPos >= end || bestImprovement + EPSILON < p.minImpurityDecrease;
    }
    const id = tree.addNode(parent, isLeft, impurity, nNode, depth);
    const vb = id * K;
    if (isClf) for (let k = 0; k < K; k++) tree.value[vb + k] = total[k]!;
    else tree.value[vb] = mae ? nodeMedian : total[0]! / nNode;
    if (!isLeaf) {
      tree.feature[id] = bestFeature;
      tree.threshold[id] = bestThreshold;
      const pos = bestPos;
      const impL = bestImpL;
      const impR = bestImpR;
      if (perNode) partitionSamples(start, end);
      else partition(start, end, nConst, depth);
      stack.push(pos, end, depth + 1, id, 0, impR, nConst);
      stack.push(start, pos, depth + 1, id, 1, impL, nConst);
    }
  }
  return tree.finish();
}
