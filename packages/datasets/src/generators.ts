/**
 * Seeded synthetic data, after scikit-learn's `sklearn.datasets.make_*` (1.2.1): the same
 * algorithms and parameter names (camelCased), drawn from core's {@link Rng}, so the values differ
 * from numpy's but the statistics match. Each generator declares its parameters once with core's
 * `params.ts`, so suites and the CLI can write `moons:nSamples=500,noise=0.3`.
 */
import {
  Matrix,
  ParameterError,
  Rng,
  bool,
  float,
  formatParamValue,
  formatValue,
  int,
  nullValue,
  parseParamValue,
  resolveParams,
  seedParam,
  union,
  uniqueSorted,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
  type Task,
} from '@mlcompare/core';
import type { Dataset } from './dataset.js';

/** A list of class weights (`0.9,0.1` on the command line), or null for balanced classes. */
function weightsParam(): ParamDecl<number[] | null> {
  const accepts = (v: unknown): boolean =>
    v === null || (Array.isArray(v) && v.length >= 1 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1));
  return {
    kind: 'union',
    default: null,
    doc: "Share of samples in each class (sklearn's weights); null means balanced. With nClasses - 1 values, the last class gets the rest.",
    rule: 'null or an array of numbers in [0, 1]',
    accepts,
    parse: (t) => {
      if (t === 'null' || t === 'None') return null;
      const nums = t.split(/[,;\s]+/).filter((s) => s !== '').map(Number);
      return nums.length > 0 && nums.every((x) => Number.isFinite(x)) ? nums : undefined;
    },
    invalid: [[], [1.5], 'x', [-0.1]],
  };
}

const nSamples = (def = 100) => int({ default: def, min: 1, doc: 'Number of samples.' });
const noise = (def: number, doc = 'Standard deviation of the Gaussian noise added.') => float({ default: def, min: 0, doc });

const lineSpec = {
  n: int({ default: 100, min: 2, doc: 'Number of samples.' }),
  slope: float({ default: 2, doc: 'Slope a of y = a·x + b.' }),
  intercept: float({ default: 1, doc: 'Intercept b of y = a·x + b.' }),
  noise: noise(1, 'Standard deviation of the Gaussian noise added to y.'),
  seed: seedParam('Seed of the random draws; the same seed gives the same data.'),
} satisfies ParamSpecs;

const moonsSpec = {
  nSamples: nSamples(),
  noise: noise(0),
  shuffle: bool({ default: true, doc: 'Shuffle the samples.' }),
  seed: seedParam('Seed of the random draws; the same seed gives the same data.'),
} satisfies ParamSpecs;

const circlesSpec = {
  nSamples: nSamples(),
  noise: noise(0),
  factor: float({ default: 0.8, min: 0, max: 1, maxExclusive: true, doc: 'Scale factor between the inner and the outer circle.' }),
  shuffle: bool({ default: true, doc: 'Shuffle the samples.' }),
  seed: seedParam('Seed of the random draws; the same seed gives the same data.'),
} satisfies ParamSpecs;

const blobsSpec = {
  nSamples: nSamples(),
  nFeatures: int({ default: 2, min: 1, doc: 'Number of features.' }),
  centers: int({ default: 3, min: 1, doc: 'Number of blobs (classes); their centres are drawn uniformly in [-10, 10] per feature.' }),
  clusterStd: float({ default: 1, min: 0, doc: 'Standard deviation of each blob.' }),
  shuffle: bool({ default: true, doc: 'Shuffle the samples.' }),
  seed: seedParam('Seed of the random draws; the same seed gives the same data.'),
} satisfies ParamSpecs;

const classificationSpec = {
  nSamples: nSamples(),
  nFeatures: int({ default: 20, min: 1, doc: 'Total number of features: informative, redundant, repeated and noise.' }),
  nInformative: int({ default: 2, min: 1, doc: 'Informative features: Gaussian clusters on the vertices of a hypercube.' }),
  nRedundant: int({ default: 2, min: 0, doc: 'Redundant features: random linear combinations of the informative ones.' }),
  nRepeated: int({ default: 0, min: 0, doc: 'Duplicated features, drawn from the informative and redundant ones.' }),
  nClasses: int({ default: 2, min: 2, doc: 'Number of classes.' }),
  nClustersPerClass: int({ default: 2, min: 1, doc: 'Number of clusters per class.' }),
  weights: weightsParam(),
  flipY: float({ default: 0.01, min: 0, max: 1, doc: 'Share of samples whose class is replaced by a random one (label noise).' }),
  classSep: float({ default: 1, min: 0, doc: 'Half the side of the hypercube: larger values separate the classes more.' }),
  hypercube: bool({ default: true, doc: 'Put cluster centres on hypercube vertices (else on a random polytope).' }),
  shift: union<number | null>([float({ default: 0, doc: '' }), nullValue()], {
    default: 0,
    doc: 'Added to every feature; null draws a shift per feature in [-classSep, classSep].',
  }),
  scale: union<number | null>([float({ default: 1, min: 0, minExclusive: true, doc: '' }), nullValue()], {
    default: 1,
    doc: 'Multiplies every feature (after the shift); null draws a scale per feature in [1, 101].',
  }),
  shuffle: bool({ default: true, doc: 'Shuffle the samples and the features.' }),
  seed: seedParam('Seed of the random draws; the same seed gives the same data.'),
} satisfies ParamSpecs;

const regressionSpec = {
  nSamples: nSamples(),
  nFeatures: int({ default: 100, min: 1, doc: 'Number of features.' }),
  nInformative: int({ default: 10, min: 0, doc: 'Features with a non-zero coefficient (capped at nFeatures).' }),
  bias: float({ default: 0, doc: 'Intercept of the linear model.' }),
  noise: noise(0, 'Standard deviation of the Gaussian noise added to y.'),
  shuffle: bool({ default: true, doc: 'Shuffle the samples and the features.' }),
  seed: seedParam('Seed of the random draws; the same seed gives the same data.'),
} satisfies ParamSpecs;

const friedman1Spec = {
  nSamples: nSamples(),
  nFeatures: int({ default: 10, min: 5, doc: 'Number of features (at least 5; only the first 5 enter y).' }),
  noise: noise(0, 'Standard deviation of the Gaussian noise added to y.'),
  seed: seedParam('Seed of the random draws; the same seed gives the same data.'),
} satisfies ParamSpecs;

/** Parameters of {@link makeLine}. @useDeclaredType */
export type MakeLineParams = ParamsOf<typeof lineSpec>;
/** Parameters of {@link makeMoons}. @useDeclaredType */
export type MakeMoonsParams = ParamsOf<typeof moonsSpec>;
/** Parameters of {@link makeCircles}. @useDeclaredType */
export type MakeCirclesParams = ParamsOf<typeof circlesSpec>;
/** Parameters of {@link makeBlobs}. @useDeclaredType */
export type MakeBlobsParams = ParamsOf<typeof blobsSpec>;
/** Parameters of {@link makeClassification}. @useDeclaredType */
export type MakeClassificationParams = ParamsOf<typeof classificationSpec>;
/** Parameters of {@link makeRegression}. @useDeclaredType */
export type MakeRegressionParams = ParamsOf<typeof regressionSpec>;
/** Parameters of {@link makeFriedman1}. @useDeclaredType */
export type MakeFriedman1Params = ParamsOf<typeof friedman1Spec>;

/** `name(p=v,...)` over the parameters the caller gave, in declaration order. */
function datasetName(short: string, spec: ParamSpecs, given: object): string {
  const g = given as Record<string, unknown>;
  const parts = Object.keys(spec)
    .filter((k) => g[k] !== undefined)
    .map((k) => `${k}=${formatParamValue(g[k])}`);
  return parts.length > 0 ? `${short}(${parts.join(',')})` : short;
}

function build(
  short: string,
  fn: string,
  spec: ParamSpecs,
  given: object,
  resolved: Record<string, unknown>,
  X: Matrix,
  y: number[],
  task: Task,
  notes: string[] = [],
): Dataset {
  const featureNames = Array.from({ length: X.cols }, (_, j) => `x${j}`);
  return {
    name: datasetName(short, spec, given),
    task,
    X,
    y,
    featureNames,
    targetName: 'y',
    ...(task === 'classification' ? { classes: uniqueSorted(y) } : {}),
    featureTypes: featureNames.map(() => 'numeric' as const),
    categories: featureNames.map(() => null),
    source: `generated: ${fn}(${Object.entries(resolved)
      .map(([k, v]) => `${k}=${formatParamValue(v)}`)
      .join(', ')})`,
    notes,
  };
}

function linspace(start: number, stop: number, n: number, endpoint = true): Float64Array {
  const out = new Float64Array(n);
  const div = endpoint ? n - 1 : n;
  const step = div > 0 ? (stop - start) / div : 0;
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}

/** Reorders rows of X (and y) by a random permutation, as sklearn's `util.shuffle`. */
function shuffleRows(X: Float64Array, d: number, y: number[], rng: Rng): { X: Float64Array<ArrayBuffer>; y: number[] } {
  const n = y.length;
  const p = rng.permutation(n);
  const X2 = new Float64Array(X.length);
  const y2 = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    X2.set(X.subarray(p[i]! * d, p[i]! * d + d), i * d);
    y2[i] = y[p[i]!]!;
  }
  return { X: X2, y: y2 };
}

function permuteColumns(X: Float64Array, n: number, d: number, perm: Int32Array): void {
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = X[i * d + perm[j]!]!;
    X.set(row, i * d);
  }
}

/**
 * y = slope·x + intercept + noise, with x uniform in [0, 10]: the simplest thing a model can learn.
 *
 * @param params - {@link MakeLineParams}; every field optional.
 * @returns a regression data set with one feature `x0`.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value outside its rule.
 * @example
 * ```ts
 * const line = makeLine({ n: 50, slope: 3, intercept: -1, noise: 0.1, seed: 1 });
 * line.X.rows; // 50
 * ```
 */
export function makeLine(params: Partial<MakeLineParams> = {}): Dataset {
  const p = resolveParams('makeLine', lineSpec, params);
  const rng = new Rng(p.seed);
  const X = new Float64Array(p.n);
  const y = new Array<number>(p.n);
  for (let i = 0; i < p.n; i++) {
    X[i] = rng.uniform(0, 10);
    y[i] = p.slope * X[i]! + p.intercept + (p.noise > 0 ? rng.normal(0, p.noise) : 0);
  }
  return build('line', 'makeLine', lineSpec, params, p, new Matrix(X, p.n, 1), y, 'regression');
}

/**
 * Two interleaving half circles (sklearn's `make_moons`): class 0 on the upper unit half circle,
 * class 1 on a lower one shifted by (1, 0.5); then Gaussian noise.
 *
 * @param params - {@link MakeMoonsParams}.
 * @returns a 2-feature, 2-class data set (nSamples/2 rounded down in class 0).
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value outside its rule.
 * @example
 * ```ts
 * const moons = makeMoons({ nSamples: 200, noise: 0.2, seed: 0 });
 * moons.name; // 'moons(nSamples=200,noise=0.2,seed=0)'
 * ```
 */
export function makeMoons(params: Partial<MakeMoonsParams> = {}): Dataset {
  const p = resolveParams('makeMoons', moonsSpec, params);
  const rng = new Rng(p.seed);
  const nOut = Math.floor(p.nSamples / 2);
  const nIn = p.nSamples - nOut;
  let X = new Float64Array(p.nSamples * 2);
  let y = new Array<number>(p.nSamples);
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  for (let i = 0; i < nOut; i++) {
    X[2 * i] = Math.cos(tOut[i]!);
    X[2 * i + 1] = Math.sin(tOut[i]!);
    y[i] = 0;
  }
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    X[2 * r] = 1 - Math.cos(tIn[i]!);
    X[2 * r + 1] = 1 - Math.sin(tIn[i]!) - 0.5;
    y[r] = 1;
  }
  if (p.shuffle) ({ X, y } = shuffleRows(X, 2, y, rng));
  if (p.noise > 0) for (let k = 0; k < X.length; k++) X[k]! += rng.normal(0, p.noise);
  return build('moons', 'makeMoons', moonsSpec, params, p, new Matrix(X, p.nSamples, 2), y, 'classification');
}

/**
 * A small circle inside a big one (sklearn's `make_circles`): class 0 on the unit circle,
 * class 1 on the circle of radius `factor`; then Gaussian noise.
 *
 * @param params - {@link MakeCirclesParams}.
 * @returns a 2-feature, 2-class data set.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value outside its rule.
 * @example
 * ```ts
 * const circles = makeCircles({ nSamples: 300, factor: 0.5, noise: 0.05, seed: 3 });
 * ```
 */
export function makeCircles(params: Partial<MakeCirclesParams> = {}): Dataset {
  const p = resolveParams('makeCircles', circlesSpec, params);
  const rng = new Rng(p.seed);
  const nOut = Math.floor(p.nSamples / 2);
  const nIn = p.nSamples - nOut;
  let X = new Float64Array(p.nSamples * 2);
  let y = new Array<number>(p.nSamples);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  for (let i = 0; i < nOut; i++) {
    X[2 * i] = Math.cos(tOut[i]!);
    X[2 * i + 1] = Math.sin(tOut[i]!);
    y[i] = 0;
  }
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    X[2 * r] = Math.cos(tIn[i]!) * p.factor;
    X[2 * r + 1] = Math.sin(tIn[i]!) * p.factor;
    y[r] = 1;
  }
  if (p.shuffle) ({ X, y } = shuffleRows(X, 2, y, rng));
  if (p.noise > 0) for (let k = 0; k < X.length; k++) X[k]! += rng.normal(0, p.noise);
  return build('circles', 'makeCircles', circlesSpec, params, p, new Matrix(X, p.nSamples, 2), y, 'classification');
}

/**
 * Isotropic Gaussian blobs (sklearn's `make_blobs` with an integer `centers`): centres uniform in
 * [-10, 10]^nFeatures, samples split as evenly as possible (the first `nSamples % centers` blobs
 * get one more), each blob a normal with sd `clusterStd`.
 *
 * @param params - {@link MakeBlobsParams}.
 * @returns a classification data set; the class is the blob index. Its `notes` give the centres.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value outside its rule.
 * @example
 * ```ts
 * const blobs = makeBlobs({ nSamples: 300, centers: 4, clusterStd: 0.5, seed: 2 });
 * blobs.classes; // [0, 1, 2, 3]
 * ```
 */
export function makeBlobs(params: Partial<MakeBlobsParams> = {}): Dataset {
  const p = resolveParams('makeBlobs', blobsSpec, params);
  const rng = new Rng(p.seed);
  const d = p.nFeatures;
  const k = p.centers;
  const centers = new Float64Array(k * d);
  for (let i = 0; i < centers.length; i++) centers[i] = rng.uniform(-10, 10);
  const counts = Array.from({ length: k }, (_, c) => Math.floor(p.nSamples / k) + (c < p.nSamples % k ? 1 : 0));
  let X = new Float64Array(p.nSamples * d);
  let y = new Array<number>(p.nSamples);
  let r = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < counts[c]!; i++, r++) {
      for (let j = 0; j < d; j++) X[r * d + j] = rng.normal(centers[c * d + j]!, p.clusterStd);
      y[r] = c;
    }
  }
  if (p.shuffle) ({ X, y } = shuffleRows(X, d, y, rng));
  const notes = [`Centres: ${Array.from({ length: k }, (_, c) => `[${Array.from(centers.subarray(c * d, c * d + d), (v) => v.toFixed(3)).join(', ')}]`).join(', ')}.`];
  return build('blobs', 'makeBlobs', blobsSpec, params, p, new Matrix(X, p.nSamples, d), y, 'classification', notes);
}

/**
 * sklearn's `make_classification` (Guyon's Madelon design): `nClustersPerClass` Gaussian clusters
 * per class on vertices of a hypercube of side 2·classSep in the `nInformative` first dimensions,
 * each cluster given a random covariance; then `nRedundant` random linear combinations of them,
 * `nRepeated` copies, and standard-normal noise features; `flipY` of the labels replaced at
 * random; shift and scale; samples and features shuffled.
 *
 * @param params - {@link MakeClassificationParams}.
 * @returns a classification data set with classes 0..nClasses-1. Without `shuffle` the columns are
 *   in sklearn's order: informative, redundant, repeated, noise.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} when a value breaks its rule, or when
 *   nInformative + nRedundant + nRepeated > nFeatures, nClasses·nClustersPerClass > 2^nInformative,
 *   or `weights` has neither nClasses nor nClasses - 1 values, or its values sum to more than 1.
 * @example
 * ```ts
 * const ds = makeClassification({ nSamples: 1000, nFeatures: 10, nInformative: 3, weights: [0.9, 0.1], seed: 4 });
 * ```
 */
export function makeClassification(params: Partial<MakeClassificationParams> = {}): Dataset {
  const p = resolveParams('makeClassification', classificationSpec, params);
  const { nSamples: n, nFeatures: d, nInformative: nInf, nRedundant: nRed, nRepeated: nRep, nClasses: K, nClustersPerClass: cpc } = p;
  if (nInf + nRed + nRep > d) {
    throw new ParameterError(
      `The parameters of makeClassification must have nInformative + nRedundant + nRepeated <= nFeatures. Got ${nInf} + ${nRed} + ${nRep} > ${d} instead.`,
    );
  }
  if (K * cpc > 2 ** nInf) {
    throw new ParameterError(
      `The parameters of makeClassification must have nClasses * nClustersPerClass <= 2^nInformative (one hypercube vertex per cluster). Got ${K} * ${cpc} > 2^${nInf} = ${2 ** nInf} instead.`,
    );
  }
  let weights: number[];
  if (p.weights === null) weights = new Array<number>(K).fill(1 / K);
  else if (p.weights.length === K) weights = p.weights.slice();
  else if (p.weights.length === K - 1) weights = [...p.weights, 1 - p.weights.reduce((a, b) => a + b, 0)];
  else {
    throw new ParameterError(
      `The 'weights' parameter of makeClassification must have nClasses (${K}) or nClasses - 1 values. Got ${formatValue(p.weights)} instead.`,
    );
  }
  // Shares above 1 in all would ask for more rows than nSamples (scikit-learn silently truncates).
  const total = p.weights === null ? 1 : p.weights.reduce((a, b) => a + b, 0);
  if (total > 1 + 1e-9) {
    throw new ParameterError(
      `The 'weights' parameter of makeClassification must hold shares that sum to at most 1. Got ${formatValue(p.weights)} (sum ${total}) instead.`,
    );
  }
  const rng = new Rng(p.seed);
  const nUseless = d - nInf - nRed - nRep;
  const nClusters = K * cpc;
  const perCluster = Array.from({ length: nClusters }, (_, c) => Math.floor((n * weights[c % K]!) / cpc));
  const short = n - perCluster.reduce((a, b) => a + b, 0);
  for (let i = 0; i < short; i++) perCluster[i % nClusters]!++;

  // Cluster centres: distinct random hypercube vertices, scaled to ±classSep.
  const vertices = hypercubeVertices(nClusters, nInf, rng);
  const centroids = new Float64Array(nClusters * nInf);
  for (let i = 0; i < centroids.length; i++) centroids[i] = vertices[i]! * 2 * p.classSep - p.classSep;
  if (!p.hypercube) {
    const a = Array.from({ length: nClusters }, () => rng.random());
    const b = Array.from({ length: nInf }, () => rng.random());
    for (let c = 0; c < nClusters; c++) for (let j = 0; j < nInf; j++) centroids[c * nInf + j]! *= a[c]! * b[j]!;
  }

  let X = new Float64Array(n * d);
  let y = new Array<number>(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < nInf; j++) X[i * d + j] = rng.normal();
  let start = 0;
  const row = new Float64Array(nInf);
  for (let c = 0; c < nClusters; c++) {
    const A = new Float64Array(nInf * nInf);
    for (let i = 0; i < A.length; i++) A[i] = 2 * rng.random() - 1;
    for (let i = start; i < start + perCluster[c]!; i++) {
      y[i] = c % K;
      for (let j = 0; j < nInf; j++) {
        let s = 0;
        for (let l = 0; l < nInf; l++) s += X[i * d + l]! * A[l * nInf + j]!;
        row[j] = s + centroids[c * nInf + j]!;
      }
      X.set(row, i * d);
    }
    start += perCluster[c]!;
  }
  if (nRed > 0) {
    const B = new Float64Array(nInf * nRed);
    for (let i = 0; i < B.length; i++) B[i] = 2 * rng.random() - 1;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < nRed; j++) {
        let s = 0;
        for (let l = 0; l < nInf; l++) s += X[i * d + l]! * B[l * nRed + j]!;
        X[i * d + nInf + j] = s;
      }
    }
  }
  if (nRep > 0) {
    const m = nInf + nRed;
    const idx = Array.from({ length: nRep }, () => Math.floor((m - 1) * rng.random() + 0.5));
    for (let i = 0; i < n; i++) for (let j = 0; j < nRep; j++) X[i * d + m + j] = X[i * d + idx[j]!]!;
  }
  if (nUseless > 0) for (let i = 0; i < n; i++) for (let j = d - nUseless; j < d; j++) X[i * d + j] = rng.normal();
  // Drawn even when flipY is 0, as sklearn does, so that only the labels change with flipY.
  const flip = Array.from({ length: n }, () => rng.random() < p.flipY);
  for (let i = 0; i < n; i++) if (flip[i]) y[i] = rng.int(K);
  const shift = p.shift === null ? Array.from({ length: d }, () => (2 * rng.random() - 1) * p.classSep) : new Array<number>(d).fill(p.shift);
  const scale = p.scale === null ? Array.from({ length: d }, () => 1 + 100 * rng.random()) : new Array<number>(d).fill(p.scale);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X[i * d + j] = (X[i * d + j]! + shift[j]!) * scale[j]!;
  if (p.shuffle) {
    ({ X, y } = shuffleRows(X, d, y, rng));
    permuteColumns(X, n, d, rng.permutation(d));
  }
  return build('classification', 'makeClassification', classificationSpec, params, p, new Matrix(X, n, d), y, 'classification');
}

/** `count` distinct random vertices of the unit hypercube in `dim` dimensions (0/1 coordinates), row-major. */
function hypercubeVertices(count: number, dim: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(count * dim);
  const seen = new Set<string>();
  for (let c = 0; c < count; c++) {
    let key: string;
    const v = new Uint8Array(dim);
    do {
      for (let j = 0; j < dim; j++) v[j] = rng.int(2);
      key = v.join('');
    } while (seen.has(key));
    seen.add(key);
    out.set(v, c * dim);
  }
  return out;
}

/**
 * sklearn's `make_regression` (one target, no low-rank option): standard-normal features,
 * coefficients uniform in [0, 100) on the first `nInformative` features and 0 elsewhere,
 * y = X·coef + bias + noise; samples and features shuffled.
 *
 * @param params - {@link MakeRegressionParams}.
 * @returns a regression data set; `notes` give the true coefficients (after the shuffle).
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value outside its rule.
 * @example
 * ```ts
 * const ds = makeRegression({ nSamples: 200, nFeatures: 20, nInformative: 5, noise: 10, seed: 0 });
 * ```
 */
export function makeRegression(params: Partial<MakeRegressionParams> = {}): Dataset {
  const p = resolveParams('makeRegression', regressionSpec, params);
  const { nSamples: n, nFeatures: d } = p;
  const nInf = Math.min(d, p.nInformative);
  const rng = new Rng(p.seed);
  let X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  let coef = new Float64Array(d);
  for (let j = 0; j < nInf; j++) coef[j] = 100 * rng.random();
  let y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = p.bias;
    for (let j = 0; j < nInf; j++) s += X[i * d + j]! * coef[j]!;
    y[i] = s;
  }
  if (p.noise > 0) for (let i = 0; i < n; i++) y[i]! += rng.normal(0, p.noise);
  if (p.shuffle) {
    ({ X, y } = shuffleRows(X, d, y, rng));
    const perm = rng.permutation(d);
    permuteColumns(X, n, d, perm);
    coef = Float64Array.from(perm, (j) => coef[j]!);
  }
  const notes = [`True coefficients: [${Array.from(coef, (c) => Number(c.toPrecision(6))).join(', ')}], bias ${p.bias}.`];
  return build('regression', 'makeRegression', regressionSpec, params, p, new Matrix(X, n, d), y, 'regression', notes);
}

/**
 * Friedman #1 (sklearn's `make_friedman1`): features uniform in [0, 1];
 * y = 10·sin(π·x0·x1) + 20·(x2 − 0.5)² + 10·x3 + 5·x4 + noise; the other features are noise.
 *
 * @param params - {@link MakeFriedman1Params}.
 * @returns a regression data set.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value outside its rule.
 * @example
 * ```ts
 * const ds = makeFriedman1({ nSamples: 500, noise: 1, seed: 0 });
 * ```
 */
export function makeFriedman1(params: Partial<MakeFriedman1Params> = {}): Dataset {
  const p = resolveParams('makeFriedman1', friedman1Spec, params);
  const { nSamples: n, nFeatures: d } = p;
  const rng = new Rng(p.seed);
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.random();
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = i * d;
    y[i] = 10 * Math.sin(Math.PI * X[r]! * X[r + 1]!) + 20 * (X[r + 2]! - 0.5) ** 2 + 10 * X[r + 3]! + 5 * X[r + 4]!;
  }
  if (p.noise > 0) for (let i = 0; i < n; i++) y[i]! += rng.normal(0, p.noise);
  return build('friedman1', 'makeFriedman1', friedman1Spec, params, p, new Matrix(X, n, d), y, 'regression');
}

/** One data generator: its name for suites and the CLI, its task and its parameter declarations. */
export interface GeneratorSpec {
  /** Short name used in suites: `moons`. */
  name: string;
  /** Function name: `makeMoons`. */
  functionName: string;
  /** Task of the data it makes. */
  task: Task;
  /** One sentence for `mlcompare datasets`. */
  description: string;
  /** Parameter declarations (core's params.ts). */
  params: ParamSpecs;
  /** Makes the data. */
  generate(params: Record<string, unknown>): Dataset;
}

/** Every generator, by short name. */
export const generators: readonly GeneratorSpec[] = [
  { name: 'line', functionName: 'makeLine', task: 'regression', description: 'y = slope·x + intercept + noise, x uniform in [0, 10].', params: lineSpec, generate: (p) => makeLine(p) },
  { name: 'moons', functionName: 'makeMoons', task: 'classification', description: 'Two interleaving half circles (2 features, 2 classes).', params: moonsSpec, generate: (p) => makeMoons(p) },
  { name: 'circles', functionName: 'makeCircles', task: 'classification', description: 'A small circle inside a big one (2 features, 2 classes).', params: circlesSpec, generate: (p) => makeCircles(p) },
  { name: 'blobs', functionName: 'makeBlobs', task: 'classification', description: 'Isotropic Gaussian blobs, one class per blob.', params: blobsSpec, generate: (p) => makeBlobs(p) },
  {
    name: 'classification',
    functionName: 'makeClassification',
    task: 'classification',
    description: 'Clusters on hypercube vertices with informative, redundant, repeated and noise features and label noise.',
    params: classificationSpec,
    generate: (p) => makeClassification(p),
  },
  { name: 'regression', functionName: 'makeRegression', task: 'regression', description: 'A sparse random linear model with Gaussian noise.', params: regressionSpec, generate: (p) => makeRegression(p) },
  { name: 'friedman1', functionName: 'makeFriedman1', task: 'regression', description: 'Friedman #1: a non-linear function of 5 uniform features, plus noise features.', params: friedman1Spec, generate: (p) => makeFriedman1(p) },
];

function findGenerator(name: unknown, caller: string, arg = 'name'): GeneratorSpec {
  const g = generators.find((s) => s.name === name || s.functionName === name);
  if (!g) {
    throw new ParameterError(
      `Argument '${arg}' passed to '${caller}' must ${arg === 'name' ? 'be' : 'start with'} one of the generators ${generators.map((s) => `'${s.name}'`).join(', ')}. Got ${formatValue(name)} instead.`,
    );
  }
  return g;
}

/**
 * Makes data with a generator named in a suite or on the command line.
 *
 * @param name - a generator's short name (`moons`) or function name (`makeMoons`).
 * @param params - its parameters; unknown names and invalid values are rejected.
 * @returns the data set.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown generator, parameter or value.
 * @example
 * ```ts
 * const ds = generateDataset('moons', { nSamples: 500, noise: 0.3 });
 * ```
 */
export function generateDataset(name: string, params: Record<string, unknown> = {}): Dataset {
  return findGenerator(name, 'generateDataset').generate(params);
}

/**
 * Parses a generator reference as written in suites and on the command line:
 * `moons`, `moons:nSamples=500,noise=0.3`, `classification:weights=0.9;0.1` (list values take `;`).
 *
 * @param text - the reference.
 * @returns the generator's short name and its parsed, validated parameters.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown generator, a malformed `key=value`, an unknown
 *   parameter or an invalid value.
 * @example
 * ```ts
 * parseGeneratorRef('moons:nSamples=500,noise=0.3'); // { name: 'moons', params: { nSamples: 500, noise: 0.3 } }
 * ```
 */
export function parseGeneratorRef(text: string): { name: string; params: Record<string, unknown> } {
  const colon = text.indexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const g = findGenerator(head.trim(), 'parseGeneratorRef', 'text');
  const params: Record<string, unknown> = {};
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  for (const part of rest.split(',').filter((s) => s.trim() !== '')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      throw new ParameterError(
        `Argument 'text' passed to 'parseGeneratorRef' must list parameters as key=value, separated by ',' (moons:nSamples=500,noise=0.3). ` +
          `Got ${formatValue(part)} in ${formatValue(text)} instead.`,
      );
    }
    const key = part.slice(0, eq).trim();
    params[key] = parseParamValue(g.functionName, g.params, key, part.slice(eq + 1).trim());
  }
  resolveParams(g.functionName, g.params, params);
  return { name: g.name, params };
}
