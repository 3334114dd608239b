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
import { SerializationError, holdoutSplit, type Matrix } from '@mlcompare/core';
import { fitBins, transformBins } from './binning.js';
import { growBoostingTree, type BinnedData, type GrownTree } from './grower.js';

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

/** Mean half loss of raw predictions `raw` (n × K) for targets `y` (values, or class codes). */
function meanLoss(loss: BoostingLoss, y: ArrayLike<number>, raw: Float64Array, K: number): number {
  const n = y.length;
  let s = 0;
  if (loss === 'squared_error') {
    for (let i = 0; i < n; i++) s += 0.5 * (y[i]! - raw[i]!) ** 2;
  } else if (loss === 'binomial') {
    for (let i = 0; i < n; i++) s += softplus(raw[i]!) - y[i]! * raw[i]!;
  } else {
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, raw[i * K + k]!);
      let se = 0;
      for (let k = 0; k < K; k++) se += Math.exp(raw[i * K + k]! - mx);
      s += mx + Math.log(se) - raw[i * K + y[i]!]!;
    }
  }
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

/** Gradients and hessians (float32) of the loss at `raw`; for multinomial, class-major: g[k·n + i]. */
function gradients(loss: BoostingLoss, y: ArrayLike<number>, raw: Float64Array, K: number, g: Float32Array, h: Float32Array, p: Float64Array): void {
  const n = y.length;
  if (loss === 'squared_error') {
    for (let i = 0; i < n; i++) g[i] = raw[i]! - y[i]!;
    return;
  }
  if (loss === 'binomial') {
    // sklearn/_loss: cgrad_hess_half_binomial.
    for (let i = 0; i < n; i++) {
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
  for (let i = 0; i < n; i++) {
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

/** Adds the binned-data predictions of tree `t` (validation rows, compact bins) into raw[:, k]. */
function addBinnedTree(t: GrownTree, bins: Uint8Array, n: number, nBinsNonMissing: Int32Array, raw: Float64Array, K: number, k: number): void {
  for (let i = 0; i < n; i++) {
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

/**
 * Fits the boosted trees.
 * @param X - training rows (NaN = missing).
 * @param y - values, or class codes 0..K−1.
 * @param loss - the loss.
 * @param nClasses - classes (classification), 1 for regression.
 * @param p - settings.
 */
export function fitBoosting(X: Matrix, y: ArrayLike<number>, loss: BoostingLoss, nClasses: number, p: BoostingParams): BoostedTrees {
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
    rows.forEach((r, i) => {
      data.set(X.data.subarray(r * d, (r + 1) * d), i * d);
      yy[i] = y[r]!;
    });
    return { data, yy, n: rows.length };
  };
  const tr = take(trainRows);
  const va = valRows ? take(valRows) : null;
  const n = tr.n;
  const mapper = fitBins(tr.data, n, d, p.maxBins);
  const bins = transformBins(mapper, tr.data, n, d);
  const nBinsNonMissing = Int32Array.from(mapper.thresholds, (t) => t.length + 1);
  const hasMissing = new Uint8Array(d);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) {
      if (bins[f * n + i] === mapper.missingBin) {
        hasMissing[f] = 1;
        break;
      }
    }
  }
  compactBins(bins, n, nBinsNonMissing, mapper.missingBin);
  const offsets = new Int32Array(d + 1);
  for (let f = 0; f < d; f++) offsets[f + 1] = offsets[f]! + nBinsNonMissing[f]! + 1;
  const data: BinnedData = { bins, n, d, nBinsNonMissing, hasMissing, offsets };
  const valBins = va ? compactBins(transformBins(mapper, va.data, va.n, d), va.n, nBinsNonMissing, mapper.missingBin) : null;

  const baseline = baselineOf(loss, tr.yy, K);
  const raw = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) raw[i * K + k] = baseline[k]!;
  const rawVal = va ? new Float64Array(va.n * K) : null;
  if (rawVal && va) for (let i = 0; i < va.n; i++) for (let k = 0; k < K; k++) rawVal[i * K + k] = baseline[k]!;

  const g = new Float32Array(n * K);
  const h = loss === 'squared_error' ? Float32Array.of(1) : new Float32Array(n * K);
  const pBuf = new Float64Array(K);
  const trees: GrownTree[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] | null = va ? [] : null;
  const record = (): boolean => {
    trainLoss.push(meanLoss(loss, tr.yy, raw, K));
    if (validationLoss && va && rawVal) validationLoss.push(meanLoss(loss, va.yy, rawVal, K));
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
    gradients(loss, tr.yy, raw, K, g, h, pBuf);
    for (let k = 0; k < K; k++) {
      const gk = K === 1 ? g : g.subarray(k * n, (k + 1) * n);
      const hk = K === 1 ? h : h.subarray(k * n, (k + 1) * n);
      const tree = growBoostingTree(data, gk, hk, grower, mapper.thresholds, raw, K, k);
      trees.push(tree);
      if (valBins && va && rawVal) addBinnedTree(tree, valBins, va.n, nBinsNonMissing, rawVal, K, k);
    }
    nIter++;
    if (early && record()) break;
  }
  if (!early) trainLoss.push(meanLoss(loss, tr.yy, raw, K));
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

/**
 * Raw predictions (n × nOutputs) of rows of X: the baseline plus every tree's leaf value, added
 * iteration by iteration (scikit-learn's `_raw_predict`). NaN follows each split's missing-value
 * direction; other values go left when x <= threshold.
 */
export function rawPredict(m: BoostedTrees, X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const K = m.nOutputs;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = m.baseline[k]!;
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
 * Reads {@link boostedToJSON}'s output and checks the trees (children after their parent and
 * inside their tree, features in range, one tree per output and iteration) so that prediction
 * cannot loop or read out of range.
 * @throws {@link SerializationError} for anything malformed.
 */
export function boostedFromJSON(raw: unknown, owner: string, loss: BoostingLoss, nOutputs: number): BoostedTrees {
  const r = raw as Record<string, unknown> | null;
  const bad = (what: string): never => {
    throw new SerializationError(`Invalid ${owner} JSON: the boosted trees' ${what}.`);
  };
  if (r === null || typeof r !== 'object') bad('state must be an object');
  if (r!.loss !== loss) bad(`loss must be '${loss}'`);
  if (r!.nOutputs !== nOutputs) bad(`'nOutputs' must be ${nOutputs}`);
  const nFeatures = r!.nFeatures;
  if (!Number.isInteger(nFeatures) || (nFeatures as number) < 1) bad("'nFeatures' must be a positive integer");
  const nums = (key: string, allowNull = false): number[] => {
    const a = r![key];
    if (!Array.isArray(a) || !a.every((v) => typeof v === 'number' || (allowNull && v === null))) bad(`'${key}' must be an array of numbers`);
    return a as number[];
  };
  const baseline = nums('baseline');
  if (baseline.length !== nOutputs) bad(`'baseline' must have ${nOutputs} values`);
  const roots = nums('roots');
  const nIter = r!.nIter;
  if (!Number.isInteger(nIter) || (nIter as number) < 0 || roots.length !== (nIter as number) * nOutputs + 1) bad("'roots' must hold nIter · nOutputs + 1 offsets");
  const feature = nums('feature');
  const total = feature.length;
  const threshold = nums('threshold', true).map((v) => (v === null ? Infinity : v));
  const missingLeft = nums('missingLeft');
  const left = nums('left');
  const right = nums('right');
  const value = nums('value');
  for (const [k, a] of [['threshold', threshold], ['missingLeft', missingLeft], ['left', left], ['right', right], ['value', value]] as const) {
    if (a.length !== total) bad(`'${k}' must have ${total} entries`);
  }
  if (roots[0] !== 0 || roots[roots.length - 1] !== total) bad("'roots' must start at 0 and end at the node count");
  for (let t = 0; t + 1 < roots.length; t++) {
    const o = roots[t]!;
    const e = roots[t + 1]!;
    if (!(e > o)) bad(`'roots' must increase (tree ${t})`);
    for (let i = o; i < e; i++) {
      const l = left[i]!;
      const rr = right[i]!;
      if (l === -1 && rr === -1) continue;
      if (!(l > i && l < e && rr > i && rr < e)) bad(`node ${i} must have both children after it, inside its tree`);
      if (!(Number.isInteger(feature[i]) && feature[i]! >= 0 && feature[i]! < (nFeatures as number))) bad(`node ${i} must test a feature in [0, ${nFeatures})`);
    }
  }
  const losses = (key: string): number[] | null => {
    const a = r![key];
    if (a === null) return null;
    if (!Array.isArray(a) || !a.every((v) => typeof v === 'number')) bad(`'${key}' must be an array of numbers or null`);
    return a as number[];
  };
  return {
    loss,
    baseline: Float64Array.from(baseline),
    nOutputs,
    nIter: nIter as number,
    roots: Int32Array.from(roots),
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    missingLeft: Uint8Array.from(missingLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    trainLoss: losses('trainLoss') ?? [],
    validationLoss: losses('validationLoss'),
    earlyStopped: r!.earlyStopped === true,
    nFeatures: nFeatures as number,
  };
}
