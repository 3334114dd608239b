/**
 * Flat storage of a fitted decision tree (as scikit-learn's `Tree`): one entry per node in
 * parallel typed arrays, children by index, and iterative prediction.
 */
import { SerializationError, stateError, type StateContext, type StateReader } from '@mlcompare/core';
import { walkWasm, wasmNodes } from './walk-wasm.js';

/** Marks "no child" in `left` / `right` and "no feature" in `feature` (scikit-learn's `_TREE_LEAF`). */
export const LEAF = -1;

/** A fitted tree in flat arrays. Node 0 is the root; nodes are numbered in depth-first (pre-)order. */
export interface TreeArrays {
  /** Number of nodes. */
  nodeCount: number;
  /** Feature tested at each internal node; {@link LEAF} at leaves. */
  feature: Int32Array;
  /** Threshold of each internal node: go left when `x[feature] <= threshold` (x rounded to float32). */
  threshold: Float64Array;
  /** Left child of each node, {@link LEAF} at leaves. */
  left: Int32Array;
  /** Right child of each node, {@link LEAF} at leaves. */
  right: Int32Array;
  /** Impurity of each node (criterion of the fit). */
  impurity: Float64Array;
  /** Training samples that reached each node. */
  nSamples: Int32Array;
  /** `valueStride` values per node: class counts (classification) or the mean target (regression). */
  value: Float64Array;
  /** Values per node: number of classes, or 1. */
  valueStride: number;
  /** Depth of the deepest node (the root has depth 0). */
  maxDepth: number;
}

/** Growable builder-side storage for {@link TreeArrays}. */
export class TreeStore {
  nodeCount = 0;
  maxDepth = 0;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  impurity: Float64Array;
  nSamples: Int32Array;
  value: Float64Array;

  constructor(
    readonly valueStride: number,
    capacity: number,
  ) {
    const c = Math.max(3, capacity);
    this.feature = new Int32Array(c);
    this.threshold = new Float64Array(c);
    this.left = new Int32Array(c);
    this.right = new Int32Array(c);
    this.impurity = new Float64Array(c);
    this.nSamples = new Int32Array(c);
    this.value = new Float64Array(c * valueStride);
  }

  /** Appends a node (as a leaf) and links it to its parent; returns its id. */
  addNode(parent: number, isLeft: boolean, impurity: number, nSamples: number, depth: number): number {
    const id = this.nodeCount;
    if (id === this.feature.length) this.grow();
    this.feature[id] = LEAF;
    this.threshold[id] = 0;
    this.left[id] = LEAF;
    this.right[id] = LEAF;
    this.impurity[id] = impurity;
    this.nSamples[id] = nSamples;
    if (parent >= 0) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    if (depth > this.maxDepth) this.maxDepth = depth;
    this.nodeCount = id + 1;
    return id;
  }

  private grow(): void {
    const c = this.feature.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature, c);
    this.threshold = g(this.threshold, c);
    this.left = g(this.left, c);
    this.right = g(this.right, c);
    this.impurity = g(this.impurity, c);
    this.nSamples = g(this.nSamples, c);
    this.value = g(this.value, c * this.valueStride);
  }

  /** The finished tree, trimmed to its node count. */
  finish(): TreeArrays {
    const n = this.nodeCount;
    return {
      nodeCount: n,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      impurity: this.impurity.slice(0, n),
      nSamples: this.nSamples.slice(0, n),
      value: this.value.slice(0, n * this.valueStride),
      valueStride: this.valueStride,
      maxDepth: this.maxDepth,
    };
  }
}

/**
 * A tree laid out for prediction: 16 bytes per node — the threshold (float64), then the feature
 * (int32) and the right child (int32) — with the left child implicit as the next node, as the
 * builder numbers nodes (depth-first, left child first). A node visit then touches one cache line
 * instead of one per parallel array (four), which is what a walk down a deep tree that does not
 * fit in cache pays for. A leaf is its own right child, with feature 0 and a NaN threshold (no
 * value is ≤ NaN): a walk that reaches it stays there, which is how the walks see a leaf.
 */
interface PackedTree {
  thr: Float64Array;
  /** Int32 view of the same buffer: node i's feature at 4i + 2, its right child at 4i + 3. */
  ints: Int32Array;
  /** Walk four rows at a time without branching on the comparisons (see {@link applyTree}). */
  branchless: boolean;
  /** Mean depth of the leaves, weighted by their training samples: the levels a row walks, on average. */
  meanDepth: number;
  /** The nodes in the WebAssembly walk's layout (see `walk-wasm.ts`), built on first use; null when too many. */
  wasm?: Uint8Array | null;
}

/**
 * The share of a split's samples that go to its smaller side, summed over the splits weighted by
 * their samples, above which {@link applyTree} walks rows four at a time without branches.
 * Measured on the generated data of perf/cart.ts (makeClassification / makeRegression, 20
 * features, 1,000–100,000 rows; CPU time, fastest of 30 rounds, the walks alternating): the
 * classifiers' trees have a share of 0.16–0.19, and there the branching walk is the faster
 * (2.57 against 2.97 ms for 20,000 rows; the processor guesses the lopsided comparisons well);
 * the regressors' trees have 0.33–0.36, where half the guesses fail and the branch-free walk of
 * four rows is 1.5–1.8× as fast (3.2 against 5.5 ms for 20,000 rows through 160,000 nodes).
 */
const BRANCHLESS_MINORITY_SHARE = 0.25;

/**
 * Fewest levels per feature of X (the tree's {@link PackedTree.meanDepth} ÷ the columns) for which
 * {@link applyTree} walks in WebAssembly: its walk saves time per level, but first converts every
 * value of X to float32 (as scikit-learn does), so a shallow tree over many columns is walked
 * faster in JavaScript. Measured (one process, fastest of 100, WebAssembly ÷ JavaScript):
 * digits 7.9 levels / 64 columns (0.12) 1.69, breast cancer 4.9 / 30 (0.16) 1.35, wine 3.4 / 13
 * (0.26) 0.20, generated 20 columns: 8.7 levels (0.44) 0.73, 11.0 (0.55) 0.51, 17.2 (0.86) 0.61.
 */
const WASM_MIN_DEPTH_PER_COLUMN = 0.25;

/**
 * Fewest levels walked in all (rows × {@link PackedTree.meanDepth}) for the WebAssembly walk: below,
 * its fixed cost per call (the views on its memory, a tree's nodes copied in when another tree
 * walked last) outweighs what it saves. perf/cart.ts's wine folds (36 rows, 3.4 levels: 122) took
 * 0.003 ms in JavaScript and 0.005–0.008 ms with it; the generated 1,000-row classifier (200 rows,
 * 8.7 levels: 1,740) 0.0081 → 0.0058 ms.
 */
const WASM_MIN_LEVELS = 1000;

const packedCache = new WeakMap<TreeArrays, PackedTree | null>();

/** The packed layout of `t`, or null when some left child is not the next node (a tree read from a file may be numbered otherwise). */
function packedOf(t: TreeArrays): PackedTree | null {
  let p = packedCache.get(t);
  if (p !== undefined) return p;
  const { nodeCount, feature, threshold, left, right, nSamples } = t;
  const buf = new ArrayBuffer(16 * nodeCount);
  const thr = new Float64Array(buf);
  const ints = new Int32Array(buf);
  let minority = 0;
  let total = 0;
  let depthSum = 0;
  const depth = new Int32Array(nodeCount);
  p = { thr, ints, branchless: false, meanDepth: 0 };
  for (let i = 0; i < nodeCount; i++) {
    const l = left[i]!;
    if (l === LEAF) {
      thr[2 * i] = NaN;
      ints[4 * i + 3] = i;
      depthSum += nSamples[i]! * depth[i]!;
      continue;
    }
    if (l !== i + 1) {
      p = null;
      break;
    }
    thr[2 * i] = threshold[i]!;
    ints[4 * i + 2] = feature[i]!;
    const r = right[i]!;
    ints[4 * i + 3] = r;
    depth[l] = depth[r] = depth[i]! + 1;
    minority += Math.min(nSamples[l]!, nSamples[r]!);
    total += nSamples[l]! + nSamples[r]!;
  }
  if (p) {
    p.branchless = total > 0 && minority / total >= BRANCHLESS_MINORITY_SHARE;
    p.meanDepth = depthSum / nSamples[0]!;
  }
  packedCache.set(t, p);
  return p;
}

/**
 * The leaf each row of a row-major matrix falls into. Values are rounded to float32 before the
 * comparison, as scikit-learn converts X to float32 for its trees.
 *
 * Two walks of the packed tree, with the same leaves: one row at a time, branching on each
 * comparison, or — for trees whose splits are balanced enough that the processor's guesses of
 * those branches often fail (see {@link BRANCHLESS_MINORITY_SHARE}) — four rows side by side, the
 * next node computed from the comparison as a number (no branch), until all four stand on leaves.
 * The branching walk runs in WebAssembly (`walk-wasm.ts`: X converted to float32 chunk by chunk,
 * no bounds checks) when the tree is deep enough for its columns ({@link WASM_MIN_DEPTH_PER_COLUMN}),
 * the call walks enough levels ({@link WASM_MIN_LEVELS}) and the host has WebAssembly; otherwise
 * in JavaScript.
 * @param walk - `'js'` keeps every walk in JavaScript (the tests compare the two); default `'auto'`.
 */
export function applyTree(t: TreeArrays, data: Float64Array, rows: number, cols: number, walk: 'auto' | 'js' = 'auto'): Int32Array {
  const out = new Int32Array(rows);
  const packed = packedOf(t);
  if (packed !== null) {
    const { thr, ints } = packed;
    if (walk === 'auto' && !packed.branchless && packed.meanDepth >= WASM_MIN_DEPTH_PER_COLUMN * cols && rows * packed.meanDepth >= WASM_MIN_LEVELS) {
      if (packed.wasm === undefined) packed.wasm = wasmNodes(t);
      if (packed.wasm !== null && walkWasm(packed.wasm, data, rows, cols, out)) return out;
    }
    let i = 0;
    if (packed.branchless) {
      for (; i + 4 <= rows; i += 4) {
        const b0 = i * cols;
        const b1 = b0 + cols;
        const b2 = b1 + cols;
        const b3 = b2 + cols;
        let n0 = 0;
        let n1 = 0;
        let n2 = 0;
        let n3 = 0;
        for (;;) {
          const r0 = ints[4 * n0 + 3]!;
          const r1 = ints[4 * n1 + 3]!;
          const r2 = ints[4 * n2 + 3]!;
          const r3 = ints[4 * n3 + 3]!;
          // 1 when the row goes left (to the next node), 0 when right (a leaf's right child is itself).
          const g0 = Number(Math.fround(data[b0 + ints[4 * n0 + 2]!]!) <= thr[2 * n0]!);
          const g1 = Number(Math.fround(data[b1 + ints[4 * n1 + 2]!]!) <= thr[2 * n1]!);
          const g2 = Number(Math.fround(data[b2 + ints[4 * n2 + 2]!]!) <= thr[2 * n2]!);
          const g3 = Number(Math.fround(data[b3 + ints[4 * n3 + 2]!]!) <= thr[2 * n3]!);
          const m0 = r0 + g0 * (n0 + 1 - r0);
          const m1 = r1 + g1 * (n1 + 1 - r1);
          const m2 = r2 + g2 * (n2 + 1 - r2);
          const m3 = r3 + g3 * (n3 + 1 - r3);
          if (m0 === n0 && m1 === n1 && m2 === n2 && m3 === n3) break;
          n0 = m0;
          n1 = m1;
          n2 = m2;
          n3 = m3;
        }
        out[i] = n0;
        out[i + 1] = n1;
        out[i + 2] = n2;
        out[i + 3] = n3;
      }
    }
    for (; i < rows; i++) {
      const base = i * cols;
      let node = 0;
      for (;;) {
        const r = ints[4 * node + 3]!;
        if (r === node) break;
        node = Math.fround(data[base + ints[4 * node + 2]!]!) <= thr[2 * node]! ? node + 1 : r;
      }
      out[i] = node;
    }
    return out;
  }
  const { feature, threshold, left, right } = t;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let node = 0;
    let l = left[node]!;
    while (l !== LEAF) {
      node = Math.fround(data[base + feature[node]!]!) <= threshold[node]! ? l : right[node]!;
      l = left[node]!;
    }
    out[i] = node;
  }
  return out;
}

/** Number of leaves. */
export function countLeaves(t: TreeArrays): number {
  let c = 0;
  for (let i = 0; i < t.nodeCount; i++) if (t.left[i] === LEAF) c++;
  return c;
}

/**
 * Feature importances as scikit-learn's `compute_feature_importances(normalize=True)`: the total
 * weighted impurity decrease brought by each feature, divided by the root's sample count, then
 * normalised to sum to 1 (all zeros for a single-leaf tree).
 */
export function featureImportances(t: TreeArrays, nFeatures: number): Float64Array {
  const imp = new Float64Array(nFeatures);
  const { left, right, nSamples, impurity, feature } = t;
  for (let i = 0; i < t.nodeCount; i++) {
    const l = left[i]!;
    if (l === LEAF) continue;
    const r = right[i]!;
    imp[feature[i]!]! +=
      nSamples[i]! * impurity[i]! - nSamples[l]! * impurity[l]! - nSamples[r]! * impurity[r]!;
  }
  if (t.nodeCount > 0) {
    const root = nSamples[0]!;
    for (let f = 0; f < nFeatures; f++) imp[f] = imp[f]! / root;
  }
  let sum = 0;
  for (let f = 0; f < nFeatures; f++) sum += imp[f]!;
  if (sum > 0) for (let f = 0; f < nFeatures; f++) imp[f] = imp[f]! / sum;
  return imp;
}

/** Plain-JSON form of a tree. */
export function treeToJSON(t: TreeArrays): Record<string, unknown> {
  return {
    nodeCount: t.nodeCount,
    valueStride: t.valueStride,
    maxDepth: t.maxDepth,
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    impurity: Array.from(t.impurity),
    nSamples: Array.from(t.nSamples),
    value: Array.from(t.value),
  };
}

/** What a tree read from JSON must agree with: its kind, its value width and the growth parameters. */
export interface TreeExpectations {
  /** Class counts per node (classification) or one mean / median per node (regression). */
  kind: 'classification' | 'regression';
  /** Values per node: the number of classes, or 1. */
  valueStride: number;
  /** Why `valueStride` is what it is (`state.classes has 3`). */
  strideWhy: string;
  /** Deepest level allowed (null: unlimited). */
  maxDepth: number | null;
  /** Fewest samples an internal node has (max of minSamplesSplit and 2 · minSamplesLeaf). */
  minSplit: number;
  /** Fewest samples a node other than the root has. */
  minLeaf: number;
}

/**
 * Reads a tree written by {@link treeToJSON} (the object `r` reads, e.g. `parent.object('tree')`)
 * and checks that it is the tree a fit could have grown: every array one entry per node; children by index after their
 * parent, each node but the root the child of exactly one node (no cycle, no shared subtree);
 * features of internal nodes in [0, nFeatures) and {@link LEAF} at leaves; finite thresholds and
 * impurities; sample counts that add up from children to parent and respect minSamplesSplit /
 * minSamplesLeaf; class counts that add up to the node's samples; `maxDepth` the tree's depth,
 * within the maxDepth parameter. So prediction can neither loop nor read outside a row.
 * @param r - the reader of the tree's object.
 * @param ctx - the model's context (owner and nFeatures).
 * @param e - what the tree must agree with.
 * @returns the tree.
 * @throws {@link SerializationError} naming the field and the node.
 */
export function readTree(r: StateReader, ctx: StateContext, e: TreeExpectations): TreeArrays {
  const fail = (key: string, rule: string, got: string): never => {
    throw stateError(ctx.owner, r.at(key), rule, got);
  };
  const nodeCount = r.number('nodeCount', { integer: true, min: 1, max: 2147483647 });
  const valueStride = r.equal('valueStride', e.valueStride, e.strideWhy) as number;
  const maxDepth = r.number('maxDepth', { integer: true, min: 0, max: Math.min(e.maxDepth ?? nodeCount, nodeCount) });
  const per = { length: nodeCount, why: `one per node: nodeCount is ${nodeCount}` };
  const left = r.int32('left', { ...per, min: LEAF, max: nodeCount - 1 });
  const right = r.int32('right', { ...per, min: LEAF, max: nodeCount - 1 });
  const feature = r.int32('feature', { ...per, min: LEAF, max: ctx.nFeatures - 1 });
  const threshold = r.float64('threshold', per);
  const impurity = r.float64('impurity', per);
  const nSamples = r.int32('nSamples', { ...per, min: 1 });
  const value = r.float64('value', { length: nodeCount * valueStride, why: `nodeCount × valueStride = ${nodeCount} × ${valueStride}`, ...(e.kind === 'classification' ? { min: 0, integer: true } : {}) });
  r.done();
  const parents = new Int32Array(nodeCount);
  const depth = new Int32Array(nodeCount);
  let deepest = 0;
  for (let i = 0; i < nodeCount; i++) {
    const l = left[i]!;
    const rr = right[i]!;
    if (i > 0 && parents[i] !== 1) fail('left', `links making node ${i} the child of exactly one earlier node (a tree)`, `${parents[i]} parents`);
    if (i > 0 && depth[i]! > deepest) deepest = depth[i]!;
    if (i > 0 && nSamples[i]! < e.minLeaf) fail(`nSamples[${i}]`, `at least ${e.minLeaf} (params.minSamplesLeaf)`, String(nSamples[i]));
    if (e.kind === 'classification') {
      let sum = 0;
      for (let k = 0; k < valueStride; k++) sum += value[i * valueStride + k]!;
      if (sum !== nSamples[i]) fail(`value`, `class counts of node ${i} that add up to its nSamples (${nSamples[i]})`, `counts adding up to ${sum}`);
    }
    if (l === LEAF) {
      if (rr !== LEAF) fail(`right[${i}]`, `${LEAF} (node ${i} has no left child: a leaf)`, String(rr));
      if (feature[i] !== LEAF) fail(`feature[${i}]`, `${LEAF} (node ${i} is a leaf)`, String(feature[i]));
      continue;
    }
    if (!(l > i) || !(rr > i) || l === rr) fail(`left`, `children of node ${i} numbered after it (and two of them)`, `left ${l}, right ${rr}`);
    if (feature[i]! < 0) fail(`feature[${i}]`, `a feature in [0, ${ctx.nFeatures}) (node ${i} is split)`, String(feature[i]));
    if (nSamples[i]! < e.minSplit) fail(`nSamples[${i}]`, `at least ${e.minSplit} for a split node (params.minSamplesSplit, 2 × minSamplesLeaf)`, String(nSamples[i]));
    if (nSamples[l]! + nSamples[rr]! !== nSamples[i]) {
      fail(`nSamples[${i}]`, `the sum of its children's (${nSamples[l]} + ${nSamples[rr]})`, String(nSamples[i]));
    }
    parents[l]!++;
    parents[rr]!++;
    depth[l] = depth[rr] = depth[i]! + 1;
  }
  if (deepest !== maxDepth) fail('maxDepth', `the depth of the tree (${deepest})`, String(maxDepth));
  return { nodeCount, valueStride, maxDepth, feature, threshold, left, right, impurity, nSamples, value };
}
