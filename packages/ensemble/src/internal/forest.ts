/**
 * What the two random forests share: parameter declarations, the bootstrap, growing the trees
 * on @mlcompare/cart's engine, the packed storage of the fitted trees, prediction, out-of-bag
 * aggregation and JSON.
 *
 * The bootstrap follows scikit-learn 1.2.1's `BaseForest.fit`: each tree sees `maxSamples` rows
 * drawn with replacement (all rows when `bootstrap` is false) and searches `maxFeatures` features
 * drawn at each split. scikit-learn passes the draws to its tree as sample weights (a row drawn
 * k times has weight k); here the drawn rows are handed to the tree k times each, which gives the
 * same class counts, sums, impurities and candidate thresholds (duplicates have equal values, so
 * no threshold falls between them).
 */
import {
  InputError,
  ParameterError,
  Rng,
  SerializationError,
  bool,
  deriveSeed,
  float,
  formatValue,
  int,
  nullValue,
  oneOf,
  seedParam,
  union,
  type Matrix,
  type ParamDecl,
} from '@mlcompare/core';
import {
  applyTree,
  featureImportances,
  growTree,
  presort,
  resolveMaxFeatures,
  toColumns,
  treeFromJSON,
  treeToJSON,
  type ColumnData,
  type Criterion,
  type MaxFeatures,
  type SortedColumns,
  type Target,
  type TreeArrays,
} from '@mlcompare/cart/engine';

/** The engines: our forest on @mlcompare/cart's tree engine, or the ml-random-forest library. */
export const FOREST_ENGINES = ['fast', 'ml-random-forest'] as const;
/** A forest engine name. */
export type ForestEngine = (typeof FOREST_ENGINES)[number];
/** What `maxSamples` accepts: null (as many rows as the training set), a count, or a fraction in (0, 1). */
export type MaxSamples = null | number;

/**
 * The parameters both forests declare identically (everything but `criterion` and the default of
 * `maxFeatures`).
 * @param maxFeaturesDefault - 'sqrt' for the classifier, null (all features) for the regressor, as scikit-learn 1.2.
 */
export function forestSpec(maxFeaturesDefault: MaxFeatures) {
  return {
    nEstimators: int({ default: 100, min: 1, doc: 'Number of trees.' }),
    maxDepth: union<number | null>([nullValue(), int({ default: 1, min: 1, doc: 'Deepest level.' })], {
      default: null,
      doc: 'Deepest level of each tree (the root is level 0); null grows until leaves are pure or too small to split.',
    }),
    minSamplesSplit: int({ default: 2, min: 2, doc: 'Fewest samples a node needs to be split.' }),
    minSamplesLeaf: int({ default: 1, min: 1, doc: 'Fewest samples each child of a split must keep.' }),
    maxFeatures: union<MaxFeatures>(
      [
        nullValue(),
        oneOf(['sqrt', 'log2'] as const, { default: 'sqrt', doc: 'sqrt or log2 of the number of features.' }),
        int({ default: 1, min: 1, doc: 'A number of features.' }),
        float({ default: 0.5, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'A fraction of the features.' }),
      ],
      {
        default: maxFeaturesDefault,
        doc: "Features drawn at random and searched at each split: null (all; scikit-learn's 1.0), 'sqrt', 'log2', an integer count, or a fraction in (0, 1).",
      },
    ),
    minImpurityDecrease: float({
      default: 0,
      min: 0,
      doc: 'A node is split only if the split decreases the weighted impurity by at least this (as in DecisionTree*).',
    }),
    bootstrap: bool({ default: true, doc: 'Each tree sees a bootstrap sample (rows drawn with replacement); false: every tree sees every row.' }),
    maxSamples: union<MaxSamples>(
      [
        nullValue(),
        int({ default: 1, min: 1, doc: 'A number of rows.' }),
        float({ default: 0.5, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'A fraction of the rows.' }),
      ],
      {
        default: null,
        doc: 'Rows drawn for each tree when bootstrap is on: null (as many as the training set), a count, or a fraction in (0, 1).',
      },
    ),
    oobScore: bool({ default: false, doc: 'Score each training row with the trees that did not see it (needs bootstrap); read it from oobScore_.' }),
    seed: seedParam('Seed of the bootstrap samples and of the feature draws of every tree (tree t uses deriveSeed(seed, "tree", t)); the same seed grows the same forest.'),
    engine: oneOf(FOREST_ENGINES, {
      default: 'fast',
      doc: "'fast': trees grown by @mlcompare/cart's engine; 'ml-random-forest': the ml-random-forest library (mljs), features drawn once per tree.",
    }) as ParamDecl<ForestEngine>,
  };
}

/** The parameters the forest code reads. */
export interface ForestParams {
  nEstimators: number;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  minImpurityDecrease: number;
  bootstrap: boolean;
  maxSamples: MaxSamples;
  oobScore: boolean;
  seed: number;
  engine: ForestEngine;
}

/**
 * Checks the combinations of parameters scikit-learn refuses, and what the 'ml-random-forest'
 * engine cannot do.
 * @throws {@link ParameterError} naming the parameter, the rule and the value.
 */
export function checkForestParams(owner: string, p: ForestParams, criterion: string, libCriterion: string): void {
  if (p.oobScore && !p.bootstrap) {
    throw new ParameterError(`The 'oobScore' parameter of ${owner} must be false when 'bootstrap' is false (out-of-bag rows exist only with bootstrap samples). Got true instead.`);
  }
  if (p.maxSamples !== null && !p.bootstrap) {
    throw new ParameterError(`The 'maxSamples' parameter of ${owner} must be null when 'bootstrap' is false (it sizes the bootstrap sample). Got ${formatValue(p.maxSamples)} instead.`);
  }
  if (p.engine !== 'ml-random-forest') return;
  const refuse = (name: string, value: unknown, why: string): never => {
    throw new ParameterError(`The '${name}' parameter of ${owner} must be ${why} with engine 'ml-random-forest'. Got ${formatValue(value)} instead.`);
  };
  if (criterion !== libCriterion) refuse('criterion', criterion, `'${libCriterion}' (the only criterion its trees have)`);
  if (p.minSamplesLeaf !== 1) refuse('minSamplesLeaf', p.minSamplesLeaf, '1 (its trees have no minimum leaf size)');
  if (p.minImpurityDecrease !== 0) refuse('minImpurityDecrease', p.minImpurityDecrease, '0 (its trees have no weighted impurity threshold)');
  if (p.maxSamples !== null) refuse('maxSamples', p.maxSamples, "null (its maxSamples keeps the first rows of the training set instead of sizing the bootstrap)");
  if (p.oobScore) refuse('oobScore', p.oobScore, 'false (use the default engine for out-of-bag scores)');
}

/** The number of rows each tree draws, as scikit-learn's `_get_n_samples_bootstrap`. */
function bootstrapSize(n: number, maxSamples: MaxSamples, caller: string): number {
  if (maxSamples === null) return n;
  if (Number.isInteger(maxSamples)) {
    if (maxSamples > n) {
      throw new InputError(`The 'maxSamples' parameter passed to '${caller}' must be at most the number of rows of X (${n}). Got ${maxSamples} instead.`);
    }
    return maxSamples;
  }
  return Math.max(Math.round(n * maxSamples), 1);
}

/**
 * A fitted forest in packed typed arrays: the nodes of every tree one after another. Node ids
 * are global; tree t's root is `roots[t]`, and children are stored as global ids.
 */
export interface PackedForest {
  /** Number of trees. */
  nTrees: number;
  /** Global id of each tree's root (length nTrees + 1: the last entry is the total node count). */
  roots: Int32Array;
  /** Feature tested at each internal node; −1 at leaves. */
  feature: Int32Array;
  /** Threshold of each internal node (go left when float32(x) <= threshold). */
  threshold: Float64Array;
  /** Left child (global id), −1 at leaves. */
  left: Int32Array;
  /** Right child (global id), −1 at leaves. */
  right: Int32Array;
  /** `stride` values per node: class frequencies (classification, summing to 1) or the mean target. */
  value: Float64Array;
  /** Values per node. */
  stride: number;
}

/** Bytes of typed-array storage of a packed forest. */
export function forestBytes(f: PackedForest): number {
  return f.roots.byteLength + f.feature.byteLength + f.threshold.byteLength + f.left.byteLength + f.right.byteLength + f.value.byteLength;
}

/** Packs trees into one {@link PackedForest}; classification values are normalised to frequencies. */
function pack(trees: TreeArrays[], normalise: boolean): PackedForest {
  const stride = trees[0]!.valueStride;
  let total = 0;
  const roots = new Int32Array(trees.length + 1);
  trees.forEach((t, i) => {
    roots[i] = total;
    total += t.nodeCount;
  });
  roots[trees.length] = total;
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const value = new Float64Array(total * stride);
  trees.forEach((t, i) => {
    const o = roots[i]!;
    feature.set(t.feature, o);
    threshold.set(t.threshold, o);
    for (let k = 0; k < t.nodeCount; k++) {
      const l = t.left[k]!;
      left[o + k] = l < 0 ? -1 : l + o;
      const r = t.right[k]!;
      right[o + k] = r < 0 ? -1 : r + o;
    }
    if (!normalise) value.set(t.value, o * stride);
    else {
      for (let k = 0; k < t.nodeCount; k++) {
        let s = 0;
        for (let c = 0; c < stride; c++) s += t.value[k * stride + c]!;
        // scikit-learn's predict_proba: counts / their sum (a zero sum is left as is).
        if (s === 0) s = 1;
        for (let c = 0; c < stride; c++) value[(o + k) * stride + c] = t.value[k * stride + c]! / s;
      }
    }
  });
  return { nTrees: trees.length, roots, feature, threshold, left, right, value, stride };
}

/** The rows of X as float32 (the trees compare float32 values, as scikit-learn's). */
function toFloat32(X: Matrix): Float32Array {
  return Float32Array.from(X.data);
}

/**
 * Adds each tree's leaf values for each row of X into `out` (n × stride), then divides by the
 * number of trees: the mean of the trees' predictions (scikit-learn's `predict_proba` /
 * `predict` of a forest).
 */
export function predictForest(f: PackedForest, X: Matrix): Float64Array {
  const { rows: n, cols: d } = X;
  const xs = toFloat32(X);
  const S = f.stride;
  const out = new Float64Array(n * S);
  const { feature, threshold, left, right, value } = f;
  for (let t = 0; t < f.nTrees; t++) {
    const root = f.roots[t]!;
    for (let i = 0; i < n; i++) {
      const b = i * d;
      let node = root;
      let l = left[node]!;
      while (l >= 0) {
        node = xs[b + feature[node]!]! <= threshold[node]! ? l : right[node]!;
        l = left[node]!;
      }
      const vb = node * S;
      const ob = i * S;
      for (let c = 0; c < S; c++) out[ob + c]! += value[vb + c]!;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / f.nTrees;
  return out;
}

/** What a fast-engine fit returns. */
export interface GrownForest {
  forest: PackedForest;
  /** Mean of the trees' normalised importances (trees with a single node left out), normalised to sum 1. */
  importances: Float64Array;
  /** Out-of-bag score (accuracy or R²) when asked for. */
  oobScore: number | null;
  /** Out-of-bag summed predictions per training row (n × stride), when asked for. */
  oobValues: Float64Array | null;
}

/**
 * Grows the forest with @mlcompare/cart's engine: tree t draws its bootstrap rows and its feature
 * order from `new Rng(deriveSeed(seed, 'tree', t))`.
 *
 * @param X - training rows.
 * @param target - class codes or values.
 * @param criterion - split criterion of the trees.
 * @param p - the forest's parameters.
 * @param caller - `Class.fit`, for messages.
 * @param oobScorer - turns the out-of-bag mean predictions into a score (accuracy or R²).
 * @param sortPerNode - force cart's per-node sorting on or off (by default on when at most an
 *   eighth of the features is searched per split); the trees are the same either way.
 * @throws {@link InputError} for values float32 cannot hold, a `maxFeatures` or `maxSamples` above the data's size.
 */
export function growForest(
  X: Matrix,
  target: Target,
  criterion: Criterion,
  p: ForestParams,
  caller: string,
  oobScorer: (oob: Float64Array, seen: Int32Array) => number,
  sortPerNode?: boolean,
): GrownForest {
  const cols = toColumns(X, caller);
  const { n, d } = cols;
  const m = p.bootstrap ? bootstrapSize(n, p.maxSamples, caller) : n;
  const maxFeatures = resolveMaxFeatures(p.maxFeatures, d, caller);
  // Sorting the searched features at each node beats partitioning every presorted feature down
  // the tree when at most an eighth of the features is searched (CPU time, 30 trees: digits,
  // 8 of 64 features, 275 vs 346 ms; 10,000 × 20 generated rows, 4 of 20, 1,340 vs 871 ms).
  // Both grow the same trees.
  const perNode = sortPerNode ?? maxFeatures * 8 <= d;
  const options = {
    criterion,
    maxDepth: p.maxDepth ?? 2147483647,
    minSamplesSplit: p.minSamplesSplit,
    minSamplesLeaf: p.minSamplesLeaf,
    maxFeatures,
    minImpurityDecrease: p.minImpurityDecrease,
    sortPerNode: perNode,
  };
  const isClf = target.kind === 'classification';
  const trees: TreeArrays[] = [];
  // One sort of the whole training set; each tree's sorted columns are derived from it (unless
  // the trees sort per node: then each bootstrap sample's columns are gathered instead).
  const sorted = perNode ? null : presort(cols);
  const bootXt = perNode && p.bootstrap ? new Float32Array(m * d) : new Float32Array(0);
  const counts = new Int32Array(n);
  const firstPos = new Int32Array(n);
  const yc = new Int32Array(isClf ? m : 0);
  const yr = new Float64Array(isClf ? 0 : m);
  const stride = isClf ? target.nClasses : 1;
  const oob = p.oobScore ? new Float64Array(n * stride) : null;
  const oobSeen = p.oobScore ? new Int32Array(n) : null;
  const importances = new Float64Array(d);
  let nImportant = 0;
  for (let t = 0; t < p.nEstimators; t++) {
    const rng = new Rng(deriveSeed(p.seed, 'tree', t));
    let data: ColumnData = cols;
    let tgt: Target = target;
    let own: SortedColumns | undefined;
    if (p.bootstrap) {
      counts.fill(0);
      for (let j = 0; j < m; j++) counts[rng.int(n)]!++;
      // The tree's samples: the drawn rows in ascending row order, each as often as it was drawn
      // (row i occupies positions firstPos[i] .. firstPos[i] + counts[i] − 1).
      let w = 0;
      for (let i = 0; i < n; i++) {
        firstPos[i] = w;
        w += counts[i]!;
      }
      if (sorted) {
        own = expandSorted(sorted, n, d, m, counts, firstPos);
        data = { xt: new Float32Array(0), n: m, d };
      } else {
        own = undefined;
        for (let f = 0; f < d; f++) {
          const src = f * n;
          const dst = f * m;
          for (let i = 0; i < n; i++) for (let c = 0, q = firstPos[i]!; c < counts[i]!; c++) bootXt[dst + q + c] = cols.xt[src + i]!;
        }
        data = { xt: bootXt, n: m, d };
      }
      if (target.kind === 'classification') {
        for (let i = 0; i < n; i++) for (let c = 0, q = firstPos[i]!; c < counts[i]!; c++) yc[q + c] = target.y[i]!;
        tgt = { kind: 'classification', y: yc, nClasses: target.nClasses };
      } else {
        for (let i = 0; i < n; i++) for (let c = 0, q = firstPos[i]!; c < counts[i]!; c++) yr[q + c] = target.y[i]!;
        tgt = { kind: 'regression', y: yr };
      }
    } else {
      own = sorted ? { idx: sorted.idx.slice(), val: sorted.val.slice() } : undefined;
    }
    const tree = growTree(data, tgt, options, { below: (k) => rng.int(k) }, own);
    trees.push(tree);
    if (tree.nodeCount > 1) {
      const imp = featureImportances(tree, d);
      for (let f = 0; f < d; f++) importances[f]! += imp[f]!;
      nImportant++;
    }
    if (oob && oobSeen) addOutOfBag(tree, X, counts, oob, oobSeen, stride);
  }
  if (nImportant > 0) {
    let s = 0;
    for (let f = 0; f < d; f++) s += importances[f]! / nImportant;
    for (let f = 0; f < d; f++) importances[f] = s > 0 ? importances[f]! / nImportant / s : 0;
  }
  const forest = pack(trees, isClf);
  let oobScore: number | null = null;
  if (oob && oobSeen) oobScore = oobScorer(oob, oobSeen);
  return { forest, importances, oobScore, oobValues: oob };
}

/**
 * The sorted columns of a bootstrap sample, from the sorted columns of the whole set: walking
 * each feature's ranks and writing each row as often as it was drawn gives what sorting the
 * sample (stably, as `presort` does) would give, in O(m·d) instead of a sort.
 */
function expandSorted(sorted: SortedColumns, n: number, d: number, m: number, counts: Int32Array, firstPos: Int32Array): SortedColumns {
  const idx = new Int32Array(m * d);
  const val = new Float32Array(m * d);
  const sIdx = sorted.idx;
  const sVal = sorted.val;
  for (let f = 0; f < d; f++) {
    let w = f * m;
    const end = (f + 1) * n;
    for (let p = f * n; p < end; p++) {
      const i = sIdx[p]!;
      const c = counts[i]!;
      if (c === 0) continue;
      const v = sVal[p]!;
      const q = firstPos[i]!;
      for (let k = 0; k < c; k++) {
        idx[w] = q + k;
        val[w++] = v;
      }
    }
  }
  return { idx, val };
}

/** Adds one tree's predictions for the rows it did not draw (count 0) into `oob`, and counts them in `seen`. */
function addOutOfBag(tree: TreeArrays, X: Matrix, counts: Int32Array, oob: Float64Array, seen: Int32Array, stride: number): void {
  const d = X.cols;
  const leaves = applyTree(tree, X.data, X.rows, d);
  for (let i = 0; i < X.rows; i++) {
    if (counts[i] !== 0) continue;
    seen[i]!++;
    const vb = leaves[i]! * stride;
    let s = 0;
    if (stride > 1) for (let c = 0; c < stride; c++) s += tree.value[vb + c]!;
    if (stride === 1 || s === 0) s = 1;
    for (let c = 0; c < stride; c++) oob[i * stride + c]! += tree.value[vb + c]! / s;
  }
}

/** Plain-JSON form of a packed forest (one tree after another, as {@link treeToJSON} writes a tree). */
export function forestToJSON(f: PackedForest): Record<string, unknown> {
  return {
    nTrees: f.nTrees,
    stride: f.stride,
    roots: Array.from(f.roots),
    feature: Array.from(f.feature),
    threshold: Array.from(f.threshold),
    left: Array.from(f.left),
    right: Array.from(f.right),
    value: Array.from(f.value),
  };
}

/**
 * Reads a forest written by {@link forestToJSON}: each tree is checked as @mlcompare/cart checks
 * one (children after their parent, inside the tree, features in range), so prediction cannot
 * loop or read out of range.
 * @throws {@link SerializationError} for anything malformed.
 */
export function forestFromJSON(raw: unknown, owner: string, nFeatures: number): PackedForest {
  const r = raw as Record<string, unknown> | null;
  const bad = (what: string): never => {
    throw new SerializationError(`Invalid ${owner} JSON: the forest's ${what}.`);
  };
  if (r === null || typeof r !== 'object') bad('state must be an object');
  const nTrees = r!.nTrees;
  const stride = r!.stride;
  if (!Number.isInteger(nTrees) || (nTrees as number) < 1) bad("'nTrees' must be a positive integer");
  if (!Number.isInteger(stride) || (stride as number) < 1) bad("'stride' must be a positive integer");
  const roots = r!.roots;
  if (!Array.isArray(roots) || roots.length !== (nTrees as number) + 1) bad(`'roots' must be an array of ${(nTrees as number) + 1} numbers`);
  const rootArr = Int32Array.from(roots as number[]);
  const trees: TreeArrays[] = [];
  const arr = (key: string): number[] => {
    const a = r![key];
    if (!Array.isArray(a)) bad(`'${key}' must be an array`);
    return a as number[];
  };
  const feature = arr('feature');
  const threshold = arr('threshold');
  const left = arr('left');
  const right = arr('right');
  const value = arr('value');
  const s = stride as number;
  for (let t = 0; t < (nTrees as number); t++) {
    const o = rootArr[t]!;
    const e = rootArr[t + 1]!;
    if (!(e > o)) bad(`'roots' must increase (tree ${t})`);
    const local = (g: number): number => (g < 0 ? -1 : g - o);
    const nodeCount = e - o;
    const tree = treeFromJSON(
      {
        nodeCount,
        valueStride: s,
        maxDepth: 0,
        feature: feature.slice(o, e),
        threshold: threshold.slice(o, e),
        left: left.slice(o, e).map(local),
        right: right.slice(o, e).map(local),
        impurity: new Array(nodeCount).fill(0),
        nSamples: new Array(nodeCount).fill(0),
        value: value.slice(o * s, e * s),
      },
      owner,
      nFeatures,
    );
    trees.push(tree);
  }
  if (rootArr[0] !== 0 || rootArr[nTrees as number] !== feature.length) bad("'roots' must start at 0 and end at the node count");
  // Values were stored already normalised: pack them as they are.
  return pack(trees, false);
}
