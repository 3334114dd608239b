/**
 * One boosting tree, grown leaf-wise on binned features as scikit-learn 1.2.1's `TreeGrower`
 * (sklearn/ensemble/_hist_gradient_boosting/grower.py) with its `HistogramBuilder` and
 * `Splitter` (histogram.pyx, splitting.pyx), step for step and in the same floating-point order
 * (one thread):
 *
 * - histograms hold, per feature and bin, the sum of gradients, the sum of hessians (not kept
 *   when hessians are constant: the count stands in for them) and the count, summed over the
 *   node's samples in partition order; the smaller child is built from its samples and the
 *   larger one is the parent minus the smaller (histogram subtraction);
 * - a node's best split: for each feature, bins scanned left to right (missing values go right;
 *   with missing values the scan includes the last non-missing bin), then, when the feature has
 *   missing values, right to left (missing values go left); a split needs `minSamplesLeaf`
 *   samples and a hessian sum of 1e-3 on both sides; gain = loss(node) − loss(left) −
 *   loss(right) with loss(G, v) = G·v and v = −G / (H + λ + 1e-15) (the root's value is 0);
 *   the first strictly best feature and bin win;
 * - nodes are split in order of decreasing gain from a binary heap that behaves exactly as
 *   Python's heapq (ties resolve as in scikit-learn); at `maxLeafNodes` leaves, `maxDepth`, or
 *   fewer than 2·`minSamplesLeaf` samples a node becomes a leaf; leaves' values are multiplied
 *   by the learning rate at the end.
 */

import type { HistBackend, SplitQuery } from './hist-kernel.js';

/** Minimum hessian sum each child of a split keeps (scikit-learn's `min_hessian_to_split`). */
const MIN_HESSIAN_TO_SPLIT = 1e-3;

/** Growth settings of one tree. */
export interface GrowerParams {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  learningRate: number;
}

/**
 * The binned training data shared by every tree of a fit. Bins are compact per feature: feature
 * f's non-missing bins are 0 .. nBinsNonMissing[f] − 1 and its missing values are in bin
 * nBinsNonMissing[f] (scikit-learn's bin 255); histograms hold only those bins, so a feature with
 * 17 distinct values costs 18 histogram slots, not 256 (the sums are the same).
 */
export interface BinnedData {
  n: number;
  d: number;
  /** Non-missing bins per feature (thresholds + 1); also the index of its missing-values bin. */
  nBinsNonMissing: Int32Array;
  /** Whether feature f has a missing value among the training rows. */
  hasMissing: Uint8Array;
  /** First histogram slot of each feature (length d + 1: the last entry is the total). */
  offsets: Int32Array;
  /** Where histograms are built and samples partitioned (its slots and bins already written). */
  backend: HistBackend;
}

/** A grown tree: nodes in depth-first order (node, left subtree, right subtree), as scikit-learn's predictor. */
export interface GrownTree {
  feature: Int32Array;
  /** Bin threshold: binned x <= it goes left. */
  binThreshold: Int32Array;
  /** Raw threshold: x <= it goes left (Infinity for a split of the non-missing values from the missing ones). */
  threshold: Float64Array;
  /** 1 when missing values go left. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values (already multiplied by the learning rate); 0 at internal nodes. */
  value: Float64Array;
}

/** A leaf of a grown tree: its samples partition[start, stop) and its value (learning rate applied). */
export interface LeafRange {
  start: number;
  stop: number;
  value: number;
}

/** A node while growing. */
interface GNode {
  start: number;
  stop: number;
  depth: number;
  sumG: number;
  sumH: number;
  value: number;
  /** Index of its histogram in the backend's pool (−1: none). */
  hist: number;
  isLeaf: boolean;
  // Best split.
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  gL: number;
  hL: number;
  nL: number;
  gR: number;
  hR: number;
  vL: number;
  vR: number;
  left: GNode | null;
  right: GNode | null;
}

/** scikit-learn's `compute_node_value` without bounds. */
function nodeValue(g: number, h: number, l2: number): number {
  return -g / (h + l2 + 1e-15);
}

/**
 * Grows one tree on the binned data for the given gradients and hessians (float32, as
 * scikit-learn's `G_H_DTYPE`).
 *
 * @param data - binned training data.
 * @param gradients - one per row.
 * @param hessians - one per row, or a single value when the hessians are constant.
 * @param p - growth settings.
 * @param thresholds - each feature's raw thresholds (for the predictor).
 * @param rawOut - training raw predictions of this tree's output, updated in place with the leaf values.
 * @param leavesOut - when given, the leaves (their samples' positions in the partition and their
 *   values) go there and `rawOut` is left to the caller (a threaded fit updates it on its threads).
 * @returns the tree.
 */
export function growBoostingTree(
  data: BinnedData,
  gradients: Float32Array,
  hessians: Float32Array,
  p: GrowerParams,
  thresholds: readonly Float64Array[],
  rawOut: Float64Array,
  rawStride: number,
  rawOffset: number,
  leavesOut?: LeafRange[],
): GrownTree {
  const { n, nBinsNonMissing, hasMissing } = data;
  const constHess = hessians.length === 1;
  const l2 = p.l2Regularization;
  const minLeaf = p.minSamplesLeaf;
  const backend = data.backend;
  backend.setGradients(gradients, hessians);
  let partition = backend.partition();
  for (let i = 0; i < n; i++) partition[i] = i;
  // Histograms: indexes into the backend's pool; freed ones are reused.
  const freeHists: number[] = [];
  let nextHist = 0;
  const newHist = (): number => {
    const id = freeHists.pop();
    if (id !== undefined) return id;
    backend.ensure(nextHist + 1);
    return nextHist++;
  };
  const freeHist = (node: GNode): void => {
    if (node.hist >= 0) {
      freeHists.push(node.hist);
      node.hist = -1;
    }
  };
  /** scikit-learn's `Splitter.find_node_split` (numerical features, no constraints), run by the backend ({@link HistBackend.bestSplit}): its query and its result. */
  const queryOf = (node: GNode): SplitQuery => ({
    nSamples: node.stop - node.start,
    sumG: node.sumG,
    sumH: node.sumH,
    lossCurrent: node.sumG * node.value,
    minSamplesLeaf: minLeaf,
    l2Regularization: l2,
    constHess,
  });
  const outs = [new Float64Array(7), new Float64Array(7)] as const;
  const applySplit = (node: GNode, best: Float64Array): void => {
    node.gain = best[0]!;
    node.feature = best[1]!;
    node.bin = best[2]!;
    node.missingLeft = best[3] === 1;
    node.gL = best[4]!;
    node.hL = best[5]!;
    node.nL = best[6]!;
    node.gR = node.sumG - node.gL;
    node.hR = node.sumH - node.hL;
    node.vL = nodeValue(node.gL, node.hL, l2);
    node.vR = nodeValue(node.gR, node.hR, l2);
  };

  // Python's heapq on "a < b ⇔ a.gain > b.gain".
  const heap: GNode[] = [];
  const less = (a: GNode, b: GNode): boolean => a.gain > b.gain;
  const siftDown = (startpos: number, pos: number): void => {
    const item = heap[pos]!;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parent = heap[parentpos]!;
      if (less(item, parent)) {
        heap[pos] = parent;
        pos = parentpos;
        continue;
      }
      break;
    }
    heap[pos] = item;
  };
  const siftUp = (pos: number): void => {
    const endpos = heap.length;
    const startpos = pos;
    const item = heap[pos]!;
    let child = 2 * pos + 1;
    while (child < endpos) {
      const right = child + 1;
      if (right < endpos && !less(heap[child]!, heap[right]!)) child = right;
      heap[pos] = heap[child]!;
      pos = child;
      child = 2 * pos + 1;
    }
    heap[pos] = item;
    siftDown(startpos, pos);
  };
  const push = (node: GNode): void => {
    heap.push(node);
    siftDown(0, heap.length - 1);
  };
  const pop = (): GNode => {
    const last = heap.pop()!;
    if (heap.length === 0) return last;
    const top = heap[0]!;
    heap[0] = last;
    siftUp(0);
    return top;
  };

  const leaves: GNode[] = [];
  const finalize = (node: GNode): void => {
    node.isLeaf = true;
    leaves.push(node);
    freeHist(node);
  };
  const makeNode = (start: number, stop: number, depth: number, sumG: number, sumH: number, value: number): GNode => ({
    start, stop, depth, sumG, sumH, value, hist: -1, isLeaf: false,
    gain: -1, feature: 0, bin: 0, missingLeft: false, gL: 0, hL: 0, nL: 0, gR: 0, hR: 0, vL: 0, vR: 0, left: null, right: null,
  });
  /** After the node's split search: a leaf when nothing gains, else into the heap. */
  const pushOrFinalize = (node: GNode): void => {
    if (node.gain <= 0) finalize(node);
    else push(node);
  };

  let sumG = 0;
  for (let i = 0; i < n; i++) sumG += gradients[i]!;
  let sumH: number;
  if (constHess) sumH = hessians[0]! * n;
  else {
    sumH = 0;
    for (let i = 0; i < n; i++) sumH += hessians[i]!;
  }
  const root = makeNode(0, n, 0, sumG, sumH, 0);
  if (n < 2 * minLeaf || sumH < MIN_HESSIAN_TO_SPLIT) finalize(root);
  else {
    // scikit-learn's `compute_histograms_brute` of the root, then its split search.
    root.hist = newHist();
    backend.children({ build: root.hist, start: 0, stop: n, subtract: null, splits: [{ id: root.hist, q: queryOf(root), out: outs[0] }] });
    applySplit(root, outs[0]);
    pushOrFinalize(root);
  }

  while (heap.length > 0) {
    const node = pop();
    // Stable partition of the node's samples (one thread: left in order, then right in order).
    const w = backend.split(node.start, node.stop, node.feature, nBinsNonMissing[node.feature]!, node.missingLeft, node.bin);
    const depth = node.depth + 1;
    const nLeaves = leaves.length + heap.length + 2;
    const left = makeNode(node.start, w, depth, node.gL, node.hL, node.vL);
    const right = makeNode(w, node.stop, depth, node.gR, node.hR, node.vR);
    node.left = left;
    node.right = right;
    if (!hasMissing[node.feature]) {
      // No missing value seen for this feature: at prediction they follow the larger child.
      node.missingLeft = left.stop - left.start > right.stop - right.start;
    }
    if (p.maxLeafNodes !== null && nLeaves === p.maxLeafNodes) {
      finalize(left);
      finalize(right);
      while (heap.length > 0) finalize(heap.pop()!);
    } else if (p.maxDepth !== null && depth === p.maxDepth) {
      finalize(left);
      finalize(right);
    } else {
      if (left.stop - left.start < 2 * minLeaf) finalize(left);
      if (right.stop - right.start < 2 * minLeaf) finalize(right);
      if (!left.isLeaf || !right.isLeaf) {
        const nLeft = left.stop - left.start;
        const nRight = right.stop - right.start;
        const [small, large] = nLeft < nRight ? [left, right] : [right, left];
        // The smaller child's histograms from its samples, the larger one's by subtraction
        // (scikit-learn's `_subtract_histograms`), then the split search of each child that may split.
        small.hist = newHist();
        large.hist = newHist();
        const searched = [left, right].filter((c) => !c.isLeaf);
        backend.children({
          build: small.hist,
          start: small.start,
          stop: small.stop,
          subtract: { out: large.hist, parent: node.hist },
          splits: searched.map((c, s) => ({ id: c.hist, q: queryOf(c), out: outs[s]! })),
        });
        searched.forEach((c, s) => {
          applySplit(c, outs[s]!);
          pushOrFinalize(c);
        });
        for (const c of [left, right]) if (c.isLeaf) freeHist(c);
      }
    }
    freeHist(node);
  }

  // Shrinkage, and the training raw predictions of this tree.
  partition = backend.partition();
  for (const leaf of leaves) {
    leaf.value *= p.learningRate;
    if (leavesOut) leavesOut.push({ start: leaf.start, stop: leaf.stop, value: leaf.value });
    else for (let q = leaf.start; q < leaf.stop; q++) rawOut[partition[q]! * rawStride + rawOffset]! += leaf.value;
  }
  return flatten(root, thresholds, data.nBinsNonMissing);
}

/** Depth-first (node, left, right) flat arrays, as scikit-learn's `_fill_predictor_arrays`. */
function flatten(root: GNode, thresholds: readonly Float64Array[], nBinsNonMissing: Int32Array): GrownTree {
  const nodes: GNode[] = [];
  const stack: GNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    if (!node.isLeaf) stack.push(node.right!, node.left!);
  }
  const m = nodes.length;
  const index = new Map<GNode, number>();
  nodes.forEach((nd, i) => index.set(nd, i));
  const t: GrownTree = {
    feature: new Int32Array(m).fill(-1),
    binThreshold: new Int32Array(m),
    threshold: new Float64Array(m),
    missingLeft: new Uint8Array(m),
    left: new Int32Array(m).fill(-1),
    right: new Int32Array(m).fill(-1),
    value: new Float64Array(m),
  };
  nodes.forEach((nd, i) => {
    if (nd.isLeaf) {
      t.value[i] = nd.value;
      return;
    }
    t.feature[i] = nd.feature;
    t.binThreshold[i] = nd.bin;
    t.threshold[i] = nd.bin === nBinsNonMissing[nd.feature]! - 1 ? Infinity : thresholds[nd.feature]![nd.bin]!;
    t.missingLeft[i] = nd.missingLeft ? 1 : 0;
    t.left[i] = index.get(nd.left!)!;
    t.right[i] = index.get(nd.right!)!;
  });
  return t;
}
