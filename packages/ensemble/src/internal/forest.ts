/**
 * What the two random forests share: parameter declarations, the bootstrap, growing the trees
 * on @mlcompare/cart's engine, prediction, feature importances, out-of-bag aggregation and JSON
 * (each tree written and read back as @mlcompare/cart writes and checks one).
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
  StateReader,
  bool,
  deriveSeed,
  float,
  formatValue,
  int,
  nullValue,
  oneOf,
  seedParam,
  union,
  describeJsonValue,
  stateError,
  type Matrix,
  type ParamDecl,
  type StateContext,
} from '@mlcompare/core';
import {
  applyTree,
  denseRanks,
  featureImportances,
  growTree,
  presort,
  resolveMaxFeatures,
  readTree,
  toColumns,
  treeExpectations,
  treeToJSON,
  growthSpec,
  type ColumnData,
  type Criterion,
  type GrowParams,
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
    ...growthSpec(maxFeaturesDefault),
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
    nJobs: int({
      default: 1,
      min: 1,
      max: 256,
      doc: "Worker threads growing the trees (scikit-learn's n_jobs); 1 grows them on the calling thread. The forest is the same for any value.",
    }),
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
  nJobs: number;
  engine: ForestEngine;
}

/**
 * Checks the combinations of parameters scikit-learn refuses, and what the 'ml-random-forest'
 * engine cannot do.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} naming the parameter, the rule and the value.
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
  if (p.nJobs !== 1) refuse('nJobs', p.nJobs, '1 (the library grows its trees on one thread)');
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

/** Bytes of typed-array storage of the fitted trees. */
export function forestBytes(trees: readonly TreeArrays[]): number {
  let b = 0;
  for (const t of trees) {
    b += t.feature.byteLength + t.threshold.byteLength + t.left.byteLength + t.right.byteLength + t.impurity.byteLength + t.nSamples.byteLength + t.value.byteLength;
  }
  return b;
}

/**
 * Mean of the trees' normalised importances (trees with a single node left out), normalised to
 * sum 1: scikit-learn's `feature_importances_` of a forest.
 */
function forestImportances(trees: readonly TreeArrays[], d: number): Float64Array {
  const importances = new Float64Array(d);
  let nImportant = 0;
  for (const tree of trees) {
    if (tree.nodeCount <= 1) continue;
    const imp = featureImportances(tree, d);
    for (let f = 0; f < d; f++) importances[f]! += imp[f]!;
    nImportant++;
  }
  if (nImportant > 0) {
    let s = 0;
    for (let f = 0; f < d; f++) s += importances[f]! / nImportant;
    for (let f = 0; f < d; f++) importances[f] = s > 0 ? importances[f]! / nImportant / s : 0;
  }
  return importances;
}

/** The rows of X as float32 (the trees compare float32 values, as scikit-learn's). */
function toFloat32(X: Matrix): Float32Array {
  return Float32Array.from(X.data);
}

/**
 * The mean of the trees' predictions for each row of X (n × valueStride): scikit-learn's
 * `predict_proba` of a forest (each leaf's class counts divided by its samples, which they sum
 * to) or `predict` of a regression forest (each leaf's mean target).
 * @param trees - the fitted trees.
 * @param X - the rows.
 * @param classification - whether leaf values are class counts to normalise.
 */
export function predictForest(trees: readonly TreeArrays[], X: Matrix, classification: boolean): Float64Array {
  const { rows: n, cols: d } = X;
  const xs = toFloat32(X);
  const S = trees[0]!.valueStride;
  const out = new Float64Array(n * S);
  for (const t of trees) {
    const { feature, threshold, left, right, value, nSamples } = t;
    for (let i = 0; i < n; i++) {
      const b = i * d;
      let node = 0;
      let l = left[0]!;
      while (l >= 0) {
        node = xs[b + feature[node]!]! <= threshold[node]! ? l : right[node]!;
        l = left[node]!;
      }
      const vb = node * S;
      const ob = i * S;
      if (classification) {
        // The counts are integers adding up to nSamples (readTree checks it): the same quotient as counts / their sum.
        const s = nSamples[node]!;
        for (let c = 0; c < S; c++) out[ob + c]! += value[vb + c]! / s;
      } else {
        for (let c = 0; c < S; c++) out[ob + c]! += value[vb + c]!;
      }
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / trees.length;
  return out;
}

/** What a fast-engine fit returns. */
export interface GrownForest {
  /** The trees, in the order they were grown. */
  trees: TreeArrays[];
  /** Mean of the trees' normalised importances (trees with a single node left out), normalised to sum 1. */
  importances: Float64Array;
  /** Out-of-bag score (accuracy or R²) when asked for. */
  oobScore: number | null;
  /** Out-of-bag summed predictions per training row (n × stride), when asked for. */
  oobValues: Float64Array | null;
}

/**
 * What every tree of one forest fit reads (never writes): the training columns (with their dense
 * ranks when the trees sort per node), the one sort of the whole set (when they do not), the
 * target and the growth settings. Trees grown in worker threads read it from SharedArrayBuffers.
 */
export interface ForestShared {
  cols: ColumnData;
  sorted: SortedColumns | null;
  target: Target;
  options: GrowParams;
  /** Rows each tree draws (bootstrap), or n. */
  m: number;
  bootstrap: boolean;
  seed: number;
}

/** Per-thread working arrays of {@link growForestTree} (reused from tree to tree). */
export interface TreeScratch {
  counts: Int32Array;
  firstPos: Int32Array;
  bootRanks: Uint32Array;
  yc: Int32Array;
  yr: Float64Array;
}

/**
 * Checks the parameters against the data and prepares what every tree shares.
 * @param onShared - put the arrays on SharedArrayBuffers (for worker threads).
 * @throws {@link @mlcompare/core!InputError | InputError} for values float32 cannot hold, a `maxFeatures` or `maxSamples` above the data's size.
 */
export function prepareForest(X: Matrix, target: Target, criterion: Criterion, p: ForestParams, caller: string, sortPerNode?: boolean, onShared = false): ForestShared {
  const plain = toColumns(X, caller);
  const { n, d } = plain;
  const m = p.bootstrap ? bootstrapSize(n, p.maxSamples, caller) : n;
  const maxFeatures = resolveMaxFeatures(p.maxFeatures, d, caller);
  // Sorting the searched features at each node beats partitioning every presorted feature down
  // the tree when at most an eighth of the features is searched (CPU time, 30 trees: digits,
  // 8 of 64 features, 275 vs 346 ms; 10,000 × 20 generated rows, 4 of 20, 1,340 vs 871 ms).
  // Both grow the same trees.
  const perNode = sortPerNode ?? maxFeatures * 8 <= d;
  const options: GrowParams = {
    criterion,
    maxDepth: p.maxDepth ?? 2147483647,
    minSamplesSplit: p.minSamplesSplit,
    minSamplesLeaf: p.minSamplesLeaf,
    maxFeatures,
    minImpurityDecrease: p.minImpurityDecrease,
    sortPerNode: perNode,
  };
  const share = <T extends Float32Array | Float64Array | Int32Array | Uint32Array>(a: T): T => {
    if (!onShared) return a;
    const ctor = a.constructor as new (b: SharedArrayBuffer) => T;
    const out = new ctor(new SharedArrayBuffer(a.byteLength));
    out.set(a as never);
    return out;
  };
  const cols: ColumnData = { xt: share(plain.xt), n, d };
  // One sort of the whole training set: each tree's sorted columns are derived from it, or (when
  // the trees sort per node) the values' dense ranks come from it, gathered with each sample.
  const sortedAll = presort(plain);
  let sorted: SortedColumns | null = null;
  if (perNode) {
    const { ranks, rankCount, rankValues } = denseRanks(sortedAll, n, d);
    cols.ranks = share(ranks);
    cols.rankCount = share(rankCount);
    cols.rankValues = share(rankValues);
  } else {
    sorted = { idx: share(sortedAll.idx), val: share(sortedAll.val) };
  }
  const tgt: Target = target.kind === 'classification' ? { ...target, y: share(target.y) } : { kind: 'regression', y: share(target.y) };
  return { cols, sorted, target: tgt, options, m, bootstrap: p.bootstrap, seed: p.seed };
}

/** Working arrays for {@link growForestTree} on `sh`. */
export function treeScratch(sh: ForestShared): TreeScratch {
  const { n, d } = sh.cols;
  const { m } = sh;
  const isClf = sh.target.kind === 'classification';
  const perNode = sh.sorted === null;
  return {
    counts: new Int32Array(n),
    firstPos: new Int32Array(n),
    bootRanks: new Uint32Array(perNode && sh.bootstrap ? m * d : 0),
    yc: new Int32Array(isClf ? m : 0),
    yr: new Float64Array(isClf ? 0 : m),
  };
}

/**
 * Grows tree t of the forest: it draws its bootstrap rows and its feature order from
 * `new Rng(deriveSeed(seed, 'tree', t))`, so a tree does not depend on which thread grows it or
 * on the trees before it. `scratch.counts` holds how often each row was drawn afterwards.
 */
export function growForestTree(sh: ForestShared, t: number, scratch: TreeScratch): TreeArrays {
  const { cols, sorted, target, m } = sh;
  const { n, d } = cols;
  const { counts, firstPos, bootRanks, yc, yr } = scratch;
  const rng = new Rng(deriveSeed(sh.seed, 'tree', t));
  let data: ColumnData = cols;
  let tgt: Target = target;
  let own: SortedColumns | undefined;
  if (sh.bootstrap) {
    drawRows(rng, n, m, counts);
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
      // Per-node sorting reads values by rank: only the ranks are gathered.
      own = undefined;
      const ranks = cols.ranks!;
      for (let f = 0; f < d; f++) {
        const src = f * n;
        const dst = f * m;
        for (let i = 0; i < n; i++) {
          const c = counts[i]!;
          if (c === 0) continue;
          const r = ranks[src + i]!;
          for (let k = 0, q = dst + firstPos[i]!; k < c; k++, q++) bootRanks[q] = r;
        }
      }
      data = { xt: new Float32Array(0), n: m, d, ranks: bootRanks, rankCount: cols.rankCount!, rankValues: cols.rankValues! };
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
  return growTree(data, tgt, sh.options, { below: (k) => rng.int(k) }, own);
}

/** Tree t's bootstrap: how often each of the n rows is among the m drawn (the first draws of its random stream). */
function drawRows(rng: Rng, n: number, m: number, counts: Int32Array): void {
  counts.fill(0);
  for (let j = 0; j < m; j++) counts[rng.int(n)]!++;
}

/**
 * The forest from its trees in order: importances, and the out-of-bag score when asked for
 * (each tree's bootstrap drawn again from its random stream, the trees added in order).
 */
export function finishForest(trees: TreeArrays[], X: Matrix, target: Target, p: ForestParams, m: number, oobScorer: (oob: Float64Array, seen: Int32Array) => number): GrownForest {
  const stride = target.kind === 'classification' ? target.nClasses : 1;
  let oobScore: number | null = null;
  let oob: Float64Array | null = null;
  if (p.oobScore) {
    oob = new Float64Array(X.rows * stride);
    const seen = new Int32Array(X.rows);
    const counts = new Int32Array(X.rows);
    trees.forEach((tree, t) => {
      drawRows(new Rng(deriveSeed(p.seed, 'tree', t)), X.rows, m, counts);
      addOutOfBag(tree, X, counts, oob!, seen, stride);
    });
    oobScore = oobScorer(oob, seen);
  }
  return { trees, importances: forestImportances(trees, X.cols), oobScore, oobValues: oob };
}

/**
 * Grows the forest with @mlcompare/cart's engine on the calling thread: tree t draws its
 * bootstrap rows and its feature order from `new Rng(deriveSeed(seed, 'tree', t))`
 * ({@link growForestTree}); `growForestInWorkers` grows the same trees in worker threads.
 *
 * @param X - training rows.
 * @param target - class codes or values.
 * @param criterion - split criterion of the trees.
 * @param p - the forest's parameters.
 * @param caller - `Class.fit`, for messages.
 * @param oobScorer - turns the out-of-bag mean predictions into a score (accuracy or R²).
 * @param sortPerNode - force cart's per-node sorting on or off (by default on when at most an
 *   eighth of the features is searched per split); the trees are the same either way.
 * @throws {@link @mlcompare/core!InputError | InputError} for values float32 cannot hold, a `maxFeatures` or `maxSamples` above the data's size.
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
  const sh = prepareForest(X, target, criterion, p, caller, sortPerNode);
  const scratch = treeScratch(sh);
  const trees: TreeArrays[] = [];
  for (let t = 0; t < p.nEstimators; t++) trees.push(growForestTree(sh, t, scratch));
  return finishForest(trees, X, target, p, sh.m, oobScorer);
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

/** What a fitted fast-engine forest holds. */
export interface FastForest {
  engine: 'fast';
  /** The trees. */
  trees: TreeArrays[];
  /** Features of the training data. */
  nFeatures: number;
  /** Feature importances (derived from the trees: not written to JSON). */
  importances: Float64Array;
  /** Out-of-bag score, when fitted with `oobScore`. */
  oobScore: number | null;
}

/** Plain-JSON form of a fast-engine forest: each tree as @mlcompare/cart's `treeToJSON` writes it, and the out-of-bag score. */
export function forestToJSON(f: FastForest): Record<string, unknown> {
  return { engine: 'fast', nFeatures: f.nFeatures, trees: f.trees.map(treeToJSON), oobScore: f.oobScore };
}

/**
 * Reads {@link forestToJSON}'s output (the object `r` reads, with `engine` already read):
 * `nFeatures` is `state.nFeatures`; `trees` holds `params.nEstimators` trees, each checked by @mlcompare/cart's `readTree` (one
 * value per node and class — `valueStride` — links that make a tree, features below
 * `state.nFeatures`, finite numbers, sample counts and depth that the growth parameters allow);
 * `oobScore` is null unless `params.oobScore`, else an accuracy in [0, 1] or an R² of at most 1.
 * The importances are computed from the trees, as at fit.
 * @throws {@link @mlcompare/core!SerializationError | SerializationError} naming the field.
 */
export function readForest(r: StateReader, ctx: StateContext, p: ForestParams, kind: 'classification' | 'regression', valueStride: number, strideWhy: string): FastForest {
  r.equal('nFeatures', ctx.nFeatures, 'state.nFeatures');
  const raw = r.raw('trees');
  const path = r.at('trees');
  if (!Array.isArray(raw) || raw.length !== p.nEstimators) {
    throw stateError(ctx.owner, path, `an array of ${p.nEstimators} trees (params.nEstimators)`, describeJsonValue(raw));
  }
  const e = { kind, valueStride, strideWhy, ...treeExpectations(p) };
  const trees = raw.map((t: unknown, i) => readTree(StateReader.of(ctx.owner, `${path}[${i}]`, t), ctx, e));
  let oobScore: number | null = null;
  if (!p.oobScore) {
    const v = r.raw('oobScore');
    if (v !== null) throw stateError(ctx.owner, r.at('oobScore'), 'null (params.oobScore is false)', describeJsonValue(v));
  } else {
    oobScore = r.number('oobScore', kind === 'classification' ? { min: 0, max: 1 } : { max: 1 });
  }
  return { engine: 'fast', nFeatures: ctx.nFeatures, trees, importances: forestImportances(trees, ctx.nFeatures), oobScore };
}
