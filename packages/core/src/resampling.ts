/**
 * Resampling: k-fold, stratified k-fold, their repeated forms, a (stratified) holdout split and
 * predefined splits read from JSON. Fold sizes, the stratified allocation of each class to the
 * folds, and the non-shuffled folds are those of scikit-learn 1.2.1; shuffling uses core's
 * seeded {@link Rng}, so shuffled folds are reproducible but not numpy's.
 */
import { ConfigError, InputError, formatValue } from './errors.js';
import { Matrix, toLabels, toMatrix, uniqueSorted, type Label, type Labels, type LabelsLike, type MatrixLike } from './matrix.js';
import { bool, float, int, nullValue, resolveParams, seedParam, union, type ParamsOf } from './params.js';
import { Rng } from './rng.js';

/** One train/test split: row indices, sorted ascending (as scikit-learn's splitters give them). */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** What `split` accepts as its first argument: the data (only its row count is used) or the row count. */
export type SplitData = MatrixLike | ArrayLike<unknown> | number;

/** A cross-validation splitter. */
export interface Splitter {
  /** Number of folds `split` returns (all repetitions). */
  getNSplits(): number;
  /**
   * The folds: every row is in exactly one test fold per repetition.
   * @param X - the data, or its number of rows.
   * @param y - labels (needed by stratified splitters).
   */
  split(X: SplitData, y?: LabelsLike): Fold[];
  /** Warnings of the last `split` call (scikit-learn's UserWarnings), empty when there were none. */
  readonly warnings: readonly string[];
}

const kfoldSpec = {
  nSplits: int({ default: 5, min: 2, doc: 'Number of folds.' }),
  shuffle: bool({ default: false, doc: 'Shuffle the rows (within each class, for stratified folds) before splitting.' }),
  seed: seedParam('Seed of the shuffle; ignored when shuffle is false.'),
};
const repeatedSpec = {
  nSplits: int({ default: 5, min: 2, doc: 'Number of folds per repetition.' }),
  nRepeats: int({ default: 10, min: 1, doc: 'Number of repetitions, each with a new shuffle.' }),
  seed: seedParam('Seed of the shuffles.'),
};

/** Options of {@link KFold} and {@link StratifiedKFold}. @useDeclaredType */
export type KFoldOptions = ParamsOf<typeof kfoldSpec>;
/** Options of {@link RepeatedKFold} and {@link RepeatedStratifiedKFold}. @useDeclaredType */
export type RepeatedKFoldOptions = ParamsOf<typeof repeatedSpec>;

/** Number of rows of the data given to `split`. */
function nRows(X: SplitData, caller: string): number {
  if (typeof X === 'number') {
    if (!Number.isInteger(X) || X < 1) throw new InputError(`Argument 'X' passed to '${caller}' must be a positive number of rows or the data, but got ${formatValue(X)}.`);
    return X;
  }
  if (X instanceof Matrix) return X.rows;
  if (X !== null && typeof X === 'object' && typeof (X as { rows?: unknown }).rows === 'number' && !Array.isArray(X)) return (X as { rows: number }).rows;
  if (X !== null && typeof X === 'object' && typeof (X as { length?: unknown }).length === 'number') return (X as ArrayLike<unknown>).length;
  throw new InputError(`Argument 'X' passed to '${caller}' must be the data (an array or matrix) or its number of rows, but got ${formatValue(X)}.`);
}

function labelsFor(y: LabelsLike | undefined, n: number, caller: string, needed: boolean): Labels | undefined {
  if (y === undefined) {
    if (needed) throw new InputError(`Argument 'y' passed to '${caller}' is required: stratified splits need the class labels.`);
    return undefined;
  }
  const labels = toLabels(y, 'y', caller);
  if (labels.length !== n) throw new InputError(`Found X and y with inconsistent numbers of samples: [${n}, ${labels.length}] (in '${caller}').`);
  return labels;
}

function checkNotRegression(y: Labels, caller: string): void {
  if (typeof y[0] === 'number' && (y as number[]).some((v) => !Number.isInteger(v))) {
    throw new InputError(
      `Argument 'y' passed to '${caller}' must hold class labels, but got a continuous target (e.g. ${formatValue((y as number[]).find((v) => !Number.isInteger(v)))}). Use KFold for regression.`,
    );
  }
}

/** Turns per-row test-fold numbers into sorted train/test index arrays. */
function foldsFromAssignment(testFold: Int32Array, k: number): Fold[] {
  const n = testFold.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[testFold[i]!]!++;
  const out: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test = new Int32Array(sizes[f]!);
    const train = new Int32Array(n - sizes[f]!);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (testFold[i] === f) test[a++] = i;
      else train[b++] = i;
    }
    out.push({ train, test });
  }
  return out;
}

function checkSplitsVsSamples(nSplits: number, n: number, caller: string): void {
  if (nSplits > n) {
    throw new InputError(
      `Cannot have number of splits nSplits=${nSplits} greater than the number of samples: n_samples=${n} (in '${caller}'). Use fewer folds.`,
    );
  }
}

/**
 * scikit-learn's KFold: fold sizes n // k, the first n % k folds one larger, consecutive blocks
 * of the (optionally shuffled) rows.
 */
function kfoldAssignment(n: number, k: number, rng: Rng | undefined): Int32Array {
  const order = rng ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const testFold = new Int32Array(n);
  const base = Math.floor(n / k);
  const extra = n % k;
  let pos = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    for (let s = 0; s < size; s++) testFold[order[pos++]!] = f;
  }
  return testFold;
}

/**
 * scikit-learn 1.2.1's StratifiedKFold._make_test_folds: classes numbered by first appearance,
 * the per-fold count of each class taken round-robin over the sorted codes, rows of each class
 * given to folds in blocks (block order shuffled within the class when shuffling).
 */
function stratifiedAssignment(y: Labels, k: number, rng: Rng | undefined, caller: string, warnings: string[]): Int32Array {
  const n = y.length;
  const code = new Map<Label, number>();
  const firstLabel: Label[] = [];
  const enc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = code.get(y[i]!);
    if (c === undefined) {
      c = code.size;
      code.set(y[i]!, c);
      firstLabel.push(y[i]!);
    }
    enc[i] = c;
  }
  const nClasses = code.size;
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) counts[enc[i]!]!++;
  let minCount = Infinity;
  let minClass: Label = firstLabel[0]!;
  for (let c = 0; c < nClasses; c++) {
    if (counts[c]! < minCount) {
      minCount = counts[c]!;
      minClass = firstLabel[c]!;
    }
  }
  if (counts.every((c) => c < k)) {
    throw new InputError(
      `nSplits=${k} cannot be greater than the number of members in each class (in '${caller}'): the largest class has ${Math.max(...counts)} members. Use fewer folds.`,
    );
  }
  if (k > minCount) {
    warnings.push(
      `The least populated class in y has only ${minCount} members, which is less than n_splits=${k}. (Class ${formatValue(minClass)}: some test folds will not contain it.)`,
    );
  }
  // allocation[f][c] = number of class-c rows in test fold f: round robin over the sorted codes.
  const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
  let pos = 0;
  for (let c = 0; c < nClasses; c++) {
    for (let m = 0; m < counts[c]!; m++) {
      allocation[pos % k]![c]!++;
      pos++;
    }
  }
  const testFold = new Int32Array(n);
  for (let c = 0; c < nClasses; c++) {
    const foldsForClass = new Int32Array(counts[c]!);
    let p = 0;
    for (let f = 0; f < k; f++) for (let m = 0; m < allocation[f]![c]!; m++) foldsForClass[p++] = f;
    if (rng) rng.shuffle(foldsForClass);
    let q = 0;
    for (let i = 0; i < n; i++) if (enc[i] === c) testFold[i] = foldsForClass[q++]!;
  }
  return testFold;
}

/**
 * K-fold cross-validation (scikit-learn's `KFold`): consecutive folds, the first `n % nSplits` one
 * row larger; with `shuffle`, the rows are permuted first (seeded).
 * @example
 * ```ts
 * const kf = new KFold({ nSplits: 3 });
 * kf.split(7).map((f) => Array.from(f.test)); // [[0, 1, 2], [3, 4], [5, 6]]
 * Array.from(kf.split(7)[0]!.train); // [3, 4, 5, 6]
 * kf.getNSplits(); // 3
 * ```
 */
export class KFold implements Splitter {
  /** Validated options. */
  readonly options: Readonly<KFoldOptions>;
  warnings: readonly string[] = [];
  /**
   * @param options - `nSplits` (default 5, at least 2), `shuffle` (default false), `seed` (default 0).
   * @throws {@link ParameterError} for an invalid option.
   */
  constructor(options: Partial<KFoldOptions> = {}) {
    this.options = Object.freeze(resolveParams('KFold', kfoldSpec, options));
  }
  /**
   * Number of folds `split` returns.
   * @returns `nSplits`.
   * @throws Nothing.
   */
  getNSplits(): number {
    return this.options.nSplits;
  }
  /**
   * The `nSplits` folds; each row is in exactly one test fold. Resets `warnings` (KFold never warns).
   * @param X - the data (only its row count is used), or its number of rows.
   * @param _y - ignored (accepted so that every splitter is called the same way).
   * @returns `nSplits` folds, indices sorted ascending; the same folds on every call (seeded).
   * @throws {@link InputError} when there are fewer rows than folds, or `X` is neither data nor a positive integer.
   */
  split(X: SplitData, _y?: LabelsLike): Fold[] {
    const n = nRows(X, 'KFold.split');
    this.warnings = [];
    checkSplitsVsSamples(this.options.nSplits, n, 'KFold.split');
    const rng = this.options.shuffle ? new Rng(this.options.seed) : undefined;
    return foldsFromAssignment(kfoldAssignment(n, this.options.nSplits, rng), this.options.nSplits);
  }
}

/**
 * Stratified k-fold (scikit-learn 1.2.1's `StratifiedKFold`): each test fold holds the same
 * number of rows of each class as scikit-learn's would. When every class has fewer members than
 * `nSplits` it throws; when only some do, it splits and records scikit-learn's warning in `warnings`.
 * @example
 * ```ts
 * const folds = new StratifiedKFold({ nSplits: 2 }).split(4, ['a', 'b', 'a', 'b']);
 * folds.map((f) => Array.from(f.test)); // [[0, 1], [2, 3]]
 * const cv = new StratifiedKFold({ nSplits: 3 });
 * cv.split(6, ['a', 'a', 'a', 'a', 'b', 'b']);
 * cv.warnings; // ["The least populated class in y has only 2 members, which is less than n_splits=3. (Class 'b': some test folds will not contain it.)"]
 * ```
 */
export class StratifiedKFold implements Splitter {
  /** Validated options. */
  readonly options: Readonly<KFoldOptions>;
  warnings: readonly string[] = [];
  /**
   * @param options - `nSplits` (default 5, at least 2), `shuffle` (default false), `seed` (default 0).
   * @throws {@link ParameterError} for an invalid option.
   */
  constructor(options: Partial<KFoldOptions> = {}) {
    this.options = Object.freeze(resolveParams('StratifiedKFold', kfoldSpec, options));
  }
  /**
   * Number of folds `split` returns.
   * @returns `nSplits`.
   * @throws Nothing.
   */
  getNSplits(): number {
    return this.options.nSplits;
  }
  /**
   * The `nSplits` stratified folds; each row is in exactly one test fold. Replaces `warnings`.
   * @param X - the data (only its row count is used), or its number of rows.
   * @param y - class labels, one per row (required; integers or strings, not a continuous target).
   * @returns `nSplits` folds, indices sorted ascending; the same folds on every call (seeded).
   * @throws {@link InputError} without `y`, for a continuous `y`, fewer rows than folds, or when every class has fewer members than folds.
   */
  split(X: SplitData, y?: LabelsLike): Fold[] {
    const caller = 'StratifiedKFold.split';
    const n = nRows(X, caller);
    const labels = labelsFor(y, n, caller, true)!;
    checkNotRegression(labels, caller);
    checkSplitsVsSamples(this.options.nSplits, n, caller);
    const warnings: string[] = [];
    const rng = this.options.shuffle ? new Rng(this.options.seed) : undefined;
    const folds = foldsFromAssignment(stratifiedAssignment(labels, this.options.nSplits, rng, caller, warnings), this.options.nSplits);
    this.warnings = warnings;
    return folds;
  }
}

/**
 * K-fold repeated `nRepeats` times with a new shuffle each time (scikit-learn's `RepeatedKFold`).
 * Folds are returned repetition by repetition.
 * @example
 * ```ts
 * const cv = new RepeatedKFold({ nSplits: 5, nRepeats: 3, seed: 1 });
 * cv.split(100).length; // 15
 * cv.getNSplits(); // 15
 * ```
 */
export class RepeatedKFold implements Splitter {
  /** Validated options. */
  readonly options: Readonly<RepeatedKFoldOptions>;
  warnings: readonly string[] = [];
  /**
   * @param options - `nSplits` (default 5), `nRepeats` (default 10), `seed` (default 0).
   * @throws {@link ParameterError} for an invalid option.
   */
  constructor(options: Partial<RepeatedKFoldOptions> = {}) {
    this.options = Object.freeze(resolveParams('RepeatedKFold', repeatedSpec, options));
  }
  /**
   * Number of folds `split` returns, all repetitions.
   * @returns `nSplits · nRepeats`.
   * @throws Nothing.
   */
  getNSplits(): number {
    return this.options.nSplits * this.options.nRepeats;
  }
  /**
   * `nRepeats` shuffled k-fold partitions, one after the other, from one seeded stream (so repetition r
   * differs from r − 1). Resets `warnings` (never warns).
   * @param X - the data (only its row count is used), or its number of rows.
   * @param _y - ignored.
   * @returns `nSplits · nRepeats` folds, indices sorted ascending within each fold.
   * @throws {@link InputError} when there are fewer rows than folds, or `X` is neither data nor a positive integer.
   */
  split(X: SplitData, _y?: LabelsLike): Fold[] {
    const n = nRows(X, 'RepeatedKFold.split');
    this.warnings = [];
    checkSplitsVsSamples(this.options.nSplits, n, 'RepeatedKFold.split');
    const rng = new Rng(this.options.seed);
    const out: Fold[] = [];
    for (let r = 0; r < this.options.nRepeats; r++) out.push(...foldsFromAssignment(kfoldAssignment(n, this.options.nSplits, rng), this.options.nSplits));
    return out;
  }
}

/**
 * Stratified k-fold repeated `nRepeats` times with a new shuffle each time (scikit-learn's
 * `RepeatedStratifiedKFold`). Folds are returned repetition by repetition.
 * @example
 * ```ts
 * new RepeatedStratifiedKFold({ nSplits: 2, nRepeats: 2 }).split(4, [0, 1, 0, 1]).length; // 4
 * ```
 */
export class RepeatedStratifiedKFold implements Splitter {
  /** Validated options. */
  readonly options: Readonly<RepeatedKFoldOptions>;
  warnings: readonly string[] = [];
  /**
   * @param options - `nSplits` (default 5), `nRepeats` (default 10), `seed` (default 0).
   * @throws {@link ParameterError} for an invalid option.
   */
  constructor(options: Partial<RepeatedKFoldOptions> = {}) {
    this.options = Object.freeze(resolveParams('RepeatedStratifiedKFold', repeatedSpec, options));
  }
  /**
   * Number of folds `split` returns, all repetitions.
   * @returns `nSplits · nRepeats`.
   * @throws Nothing.
   */
  getNSplits(): number {
    return this.options.nSplits * this.options.nRepeats;
  }
  /**
   * `nRepeats` shuffled stratified k-fold partitions, one after the other. `warnings` holds the
   * first repetition's warnings (they are the same for every repetition).
   * @param X - the data (only its row count is used), or its number of rows.
   * @param y - class labels, one per row (required).
   * @returns `nSplits · nRepeats` folds, indices sorted ascending within each fold.
   * @throws {@link InputError} as {@link StratifiedKFold.split}.
   */
  split(X: SplitData, y?: LabelsLike): Fold[] {
    const caller = 'RepeatedStratifiedKFold.split';
    const n = nRows(X, caller);
    const labels = labelsFor(y, n, caller, true)!;
    checkNotRegression(labels, caller);
    checkSplitsVsSamples(this.options.nSplits, n, caller);
    const rng = new Rng(this.options.seed);
    const out: Fold[] = [];
    const warnings: string[] = [];
    for (let r = 0; r < this.options.nRepeats; r++) {
      const w: string[] = [];
      out.push(...foldsFromAssignment(stratifiedAssignment(labels, this.options.nSplits, rng, caller, w), this.options.nSplits));
      if (r === 0) warnings.push(...w);
    }
    this.warnings = warnings;
    return out;
  }
}

// ----------------------------------------------------------------------------------------------
// Holdout

const holdoutSpec = {
  testSize: union<number | null>([float({ default: 0.25, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: '' }), int({ default: 1, min: 1, doc: '' }), nullValue()], {
    default: null,
    doc: 'Test rows: a fraction in (0, 1) or a count; null means the complement of trainSize, or 0.25 when both are null.',
  }),
  trainSize: union<number | null>([float({ default: 0.75, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: '' }), int({ default: 1, min: 1, doc: '' }), nullValue()], {
    default: null,
    doc: 'Training rows: a fraction in (0, 1) or a count; null means the complement of testSize.',
  }),
  shuffle: bool({ default: true, doc: 'Shuffle before splitting (required for a stratified split).' }),
  stratify: bool({ default: false, doc: 'Keep the class proportions of y in both parts (scikit-learn StratifiedShuffleSplit).' }),
  seed: seedParam('Seed of the shuffle.'),
};

/** Options of {@link holdoutSplit}, {@link trainTestSplit} and {@link HoldoutSplit}. @useDeclaredType */
export type HoldoutOptions = ParamsOf<typeof holdoutSpec>;

/** scikit-learn's `_validate_shuffle_split`: fractions round the test part up and the train part down. */
function holdoutSizes(n: number, o: HoldoutOptions, caller: string): { nTrain: number; nTest: number } {
  const isFrac = (v: number): boolean => v > 0 && v < 1;
  const testSize = o.testSize === null && o.trainSize === null ? 0.25 : o.testSize;
  let nTest: number;
  let nTrain: number;
  if (testSize !== null && !isFrac(testSize) && testSize >= n) {
    throw new InputError(`Option 'testSize' passed to '${caller}' is ${testSize}, which must be smaller than the number of samples ${n}, or a fraction in (0, 1).`);
  }
  if (o.trainSize !== null && !isFrac(o.trainSize) && o.trainSize >= n) {
    throw new InputError(`Option 'trainSize' passed to '${caller}' is ${o.trainSize}, which must be smaller than the number of samples ${n}, or a fraction in (0, 1).`);
  }
  if (testSize !== null) nTest = isFrac(testSize) ? Math.ceil(testSize * n) : testSize;
  if (o.trainSize !== null) nTrain = isFrac(o.trainSize) ? Math.floor(o.trainSize * n) : o.trainSize;
  if (o.trainSize === null) nTrain = n - nTest!;
  else if (testSize === null) nTest = n - nTrain!;
  if (nTrain! + nTest! > n) {
    throw new InputError(`The sum of train and test sizes in '${caller}' = ${nTrain! + nTest!} should be smaller than the number of samples ${n}. Reduce testSize and/or trainSize.`);
  }
  if (nTrain! === 0 || nTest! === 0) {
    throw new InputError(
      `With n_samples=${n}, testSize=${formatValue(o.testSize)} and trainSize=${formatValue(o.trainSize)}, the resulting ${nTrain! === 0 ? 'train' : 'test'} set in '${caller}' will be empty. Adjust any of these options.`,
    );
  }
  return { nTrain: nTrain!, nTest: nTest! };
}

/**
 * scikit-learn's `_approximate_mode`: per-class counts proportional to `counts`, summing to
 * `draws`, the remainder given to the largest fractional parts (ties broken at random).
 */
function approximateMode(counts: Int32Array, draws: number, rng: Rng): Int32Array {
  let total = 0;
  for (const c of counts) total += c;
  const k = counts.length;
  const continuous = Array.from(counts, (c) => (c / total) * draws);
  const floored = Int32Array.from(continuous, (v) => Math.floor(v));
  let need = draws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((v, i) => v - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      for (let i = 0; i < k; i++) if (remainder[i] === value) inds.push(i);
      const addNow = Math.min(inds.length, need);
      const chosen = rng.shuffle(inds).slice(0, addNow);
      for (const i of chosen) floored[i]!++;
      need -= addNow;
      if (need === 0) break;
    }
  }
  return floored;
}

/**
 * One train/test split of `n` rows (scikit-learn's `train_test_split` on the row indices):
 * shuffled and seeded by default, optionally stratified (scikit-learn's `StratifiedShuffleSplit`
 * allocation). Indices are returned sorted.
 * @param X - the data, or its number of rows.
 * @param y - labels; required when `stratify` is true.
 * @param options - `testSize` (default 0.25), `trainSize`, `shuffle` (default true), `stratify` (default false), `seed` (default 0).
 * @returns one fold: `test` has ⌈testSize·n⌉ rows for a fraction (the count itself otherwise), `train`
 *   ⌊trainSize·n⌋ or the rest, as scikit-learn's `_validate_shuffle_split`; without `shuffle`, the
 *   first rows train and the next ones test.
 * @throws {@link ParameterError} for an invalid option; {@link InputError} for sizes that leave a part empty,
 *   sizes that add up to more than n, stratification without shuffling, a continuous or missing `y` when
 *   stratifying, a class with fewer than 2 members, or fewer train or test rows than classes.
 * @example
 * ```ts
 * const { train, test } = holdoutSplit(10, undefined, { testSize: 0.3, seed: 1 });
 * [train.length, test.length]; // [7, 3]
 * Array.from(test); // [1, 2, 4]
 * ```
 */
export function holdoutSplit(X: SplitData, y?: LabelsLike, options: Partial<HoldoutOptions> = {}): Fold {
  return holdoutWith(X, y, resolveParams('holdoutSplit', holdoutSpec, options), 'holdoutSplit');
}

function holdoutWith(X: SplitData, y: LabelsLike | undefined, o: HoldoutOptions, caller: string): Fold {
  const n = nRows(X, caller);
  const labels = labelsFor(y, n, caller, o.stratify);
  const { nTrain, nTest } = holdoutSizes(n, o, caller);
  const rng = new Rng(o.seed);
  let train: number[];
  let test: number[];
  if (!o.shuffle) {
    if (o.stratify) throw new InputError(`A stratified split in '${caller}' needs shuffle: true (scikit-learn does not implement it for shuffle=False).`);
    train = Array.from({ length: nTrain }, (_, i) => i);
    test = Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else if (!o.stratify) {
    const perm = rng.permutation(n);
    test = Array.from(perm.subarray(0, nTest));
    train = Array.from(perm.subarray(nTest, nTest + nTrain));
  } else {
    checkNotRegression(labels!, caller);
    const classes = uniqueSorted(labels!);
    const idx = new Map<Label, number>(classes.map((c, i) => [c, i]));
    const counts = new Int32Array(classes.length);
    const members: number[][] = classes.map(() => []);
    labels!.forEach((v, i) => {
      const c = idx.get(v)!;
      counts[c]!++;
      members[c]!.push(i);
    });
    const least = Math.min(...counts);
    if (least < 2) {
      throw new InputError(
        `The least populated class in y has only ${least} member, which is too few for a stratified split in '${caller}' (class ${formatValue(classes[counts.indexOf(least)])}). The minimum number of members of any class is 2.`,
      );
    }
    if (nTrain < classes.length) throw new InputError(`The train size ${nTrain} in '${caller}' should be greater than or equal to the number of classes ${classes.length}.`);
    if (nTest < classes.length) throw new InputError(`The test size ${nTest} in '${caller}' should be greater than or equal to the number of classes ${classes.length}.`);
    const nI = approximateMode(counts, nTrain, rng);
    const remaining = Int32Array.from(counts, (c, i) => c - nI[i]!);
    const tI = approximateMode(remaining, nTest, rng);
    train = [];
    test = [];
    for (let c = 0; c < classes.length; c++) {
      const perm = rng.shuffle([...members[c]!]);
      train.push(...perm.slice(0, nI[c]!));
      test.push(...perm.slice(nI[c]!, nI[c]! + tI[c]!));
    }
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/**
 * {@link holdoutSplit} as a splitter with one fold, for code that takes any {@link Splitter}.
 * @example
 * ```ts
 * const cv = new HoldoutSplit({ testSize: 0.2, stratify: true });
 * cv.split(10, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])[0]!.test.length; // 2
 * cv.getNSplits(); // 1
 * ```
 */
export class HoldoutSplit implements Splitter {
  /** Validated options. */
  readonly options: Readonly<HoldoutOptions>;
  readonly warnings: readonly string[] = [];
  /**
   * @param options - as {@link holdoutSplit}: `testSize`, `trainSize`, `shuffle` (default true), `stratify` (default false), `seed` (default 0).
   * @throws {@link ParameterError} for an invalid option.
   */
  constructor(options: Partial<HoldoutOptions> = {}) {
    this.options = Object.freeze(resolveParams('HoldoutSplit', holdoutSpec, options));
  }
  /**
   * Number of folds `split` returns.
   * @returns 1.
   * @throws Nothing.
   */
  getNSplits(): number {
    return 1;
  }
  /**
   * The single holdout fold, as {@link holdoutSplit} with this splitter's options.
   * @param X - the data (only its row count is used), or its number of rows.
   * @param y - labels; required when `stratify` is true.
   * @returns an array holding one fold.
   * @throws {@link InputError} as {@link holdoutSplit}.
   */
  split(X: SplitData, y?: LabelsLike): Fold[] {
    return [holdoutWith(X, y, this.options, 'HoldoutSplit.split')];
  }
}

/** The data split by {@link trainTestSplit}. */
export interface TrainTestSplit<Y> {
  XTrain: Matrix;
  XTest: Matrix;
  yTrain: Y;
  yTest: Y;
  /** The row indices of each part, sorted. */
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits data and labels into a training and a test part (scikit-learn's `train_test_split`),
 * with the options of {@link holdoutSplit}. Inputs are not modified.
 * @param X - the data, a 2-D array or {@link Matrix}; NaN is allowed (splitting comes before imputation).
 * @param y - labels or target values, one per row of `X`.
 * @param options - as {@link holdoutSplit}: `testSize` (default 0.25), `trainSize`, `shuffle` (default true),
 *   `stratify` (default false), `seed` (default 0).
 * @returns the rows of `X` and `y` in each part (in row order) and their indices.
 * @throws {@link ParameterError} and {@link InputError} as {@link holdoutSplit}, and {@link InputError} for
 *   an invalid `X` or `y` or lengths that differ.
 * @example
 * ```ts
 * const { XTrain, yTrain, yTest } = trainTestSplit([[1], [2], [3], [4]], ['a', 'b', 'a', 'b'], { testSize: 0.5, stratify: true });
 * XTrain.toArray(); // [[1], [4]]
 * yTrain; // ['a', 'b']
 * yTest; // ['b', 'a']
 * ```
 */
export function trainTestSplit<Y extends Labels | number[]>(X: MatrixLike, y: Y | LabelsLike, options: Partial<HoldoutOptions> = {}): TrainTestSplit<Y> {
  const caller = 'trainTestSplit';
  const o = resolveParams(caller, holdoutSpec, options);
  const Xm = toMatrixAllowNaN(X, caller);
  const labels = toLabels(y, 'y', caller);
  if (labels.length !== Xm.rows) throw new InputError(`Found X and y with inconsistent numbers of samples: [${Xm.rows}, ${labels.length}] (in '${caller}').`);
  const { train, test } = holdoutWith(Xm.rows, labels, o, caller);
  const pick = (ix: Int32Array): Y => Array.from(ix, (i) => labels[i]) as Y;
  return { XTrain: Xm.selectRows(train), XTest: Xm.selectRows(test), yTrain: pick(train), yTest: pick(test), train, test };
}

function toMatrixAllowNaN(X: MatrixLike, caller: string): Matrix {
  // Missing values are allowed: splitting comes before imputation.
  return toMatrix(X, 'X', caller, { allowNaN: true });
}

// ----------------------------------------------------------------------------------------------
// Predefined splits

/** A split file as written by the reference script: `{ folds: [{ train: [...], test: [...] }, ...] }`. */
export interface SplitsJSON {
  folds: Array<{ train: number[]; test: number[] }>;
  /** Number of rows of the data the indices refer to (checked when present). */
  n_samples?: number;
  dataset?: string;
  task?: string;
  /** How the folds were made, in words. */
  splitter?: string;
}

/**
 * Reads and validates predefined folds (the format of `datasets/folds/*.json`): each fold needs
 * integer `train` and `test` indices, without duplicates, disjoint, and in [0, n) where n is
 * `nSamples`, else the file's `n_samples`. Indices keep the file's order.
 * @param json - the parsed object or the JSON text.
 * @param nSamples - number of rows of the data (optional when the file has `n_samples`).
 * @param source - where the folds came from (a file name), for messages.
 * @returns one {@link Fold} per entry of `folds`, indices in the file's order.
 * @throws {@link ConfigError} for invalid JSON text, a missing or empty `folds`, an `n_samples` that is
 *   not a positive integer or differs from `nSamples`, naming the fold and the offending index otherwise.
 * @example
 * ```ts
 * predefinedSplits({ folds: [{ train: [0, 1], test: [2] }, { train: [1, 2], test: [0] }] }, 3).length; // 2
 * ```
 */
export function predefinedSplits(json: unknown, nSamples?: number, source = DEFAULT_SOURCE): Fold[] {
  let j = json;
  if (typeof j === 'string') {
    try {
      j = JSON.parse(j);
    } catch (err) {
      throw new ConfigError(`${cap(source)} are not valid JSON: ${(err as Error).message}`, { cause: err });
    }
  }
  const o = j as Partial<SplitsJSON> | null;
  if (o === null || typeof o !== 'object' || !Array.isArray(o.folds) || o.folds.length === 0) {
    throw new ConfigError(`${cap(source)} must be an object with a non-empty 'folds' array of { train, test }, but got ${formatValue(json)}.`);
  }
  const declared = o.n_samples;
  if (declared !== undefined && (!Number.isInteger(declared) || declared < 1)) {
    throw new ConfigError(`${cap(source)} have 'n_samples' ${formatValue(declared)}, which must be a positive integer.`);
  }
  if (nSamples !== undefined && declared !== undefined && nSamples !== declared) {
    throw new ConfigError(`${cap(source)} were made for ${declared} rows (n_samples), but the data has ${nSamples} rows.`);
  }
  const n = nSamples ?? declared;
  return o.folds.map((fold, f) => {
    const where = `Fold ${f} of ${source}`;
    if (fold === null || typeof fold !== 'object') throw new ConfigError(`${where} must be an object { train, test }, but got ${formatValue(fold)}.`);
    const read = (key: 'train' | 'test'): Int32Array => {
      const a = (fold as Record<string, unknown>)[key];
      if (!Array.isArray(a) || a.length === 0) throw new ConfigError(`${where} must have a non-empty '${key}' array of row indices, but got ${formatValue(a)}.`);
      const seen = new Set<number>();
      const out = new Int32Array(a.length);
      a.forEach((v: unknown, i: number) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || (n !== undefined && v >= n)) {
          throw new ConfigError(
            `${where}: '${key}[${i}]' must be an integer row index in [0, ${n ?? 'Infinity'}), but got ${formatValue(v)}.`,
          );
        }
        if (seen.has(v)) throw new ConfigError(`${where}: '${key}' lists row ${v} twice.`);
        seen.add(v);
        out[i] = v;
      });
      return out;
    };
    const train = read('train');
    const test = read('test');
    const inTrain = new Set(train);
    const both = Array.from(test).filter((v) => inTrain.has(v));
    if (both.length > 0) throw new ConfigError(`${where}: train and test must be disjoint, but both contain ${both.length > 1 ? `rows ${formatValue(both)}` : `row ${both[0]}`}.`);
    return { train, test };
  });
}

function cap(source: string): string {
  return source === DEFAULT_SOURCE ? 'The predefined splits' : `The predefined splits in ${source}`;
}

const DEFAULT_SOURCE = 'the predefined splits';

/**
 * Predefined folds as a splitter (for example the reference folds of `datasets/folds/*.json`):
 * `split(X)` checks that the indices fit the data and returns the folds.
 * @example
 * ```ts
 * const cv = new PredefinedSplit({ n_samples: 3, folds: [{ train: [0, 1], test: [2] }] });
 * cv.split([[1], [2], [3]])[0]!.test; // Int32Array [2]
 * cv.getNSplits(); // 1
 * ```
 */
export class PredefinedSplit implements Splitter {
  readonly warnings: readonly string[] = [];
  readonly #json: unknown;
  readonly #source: string;
  readonly #folds: Fold[];
  /**
   * @param json - the parsed split file or its text.
   * @param source - where it came from (a file name), for messages.
   * @throws {@link ConfigError} for an invalid file (see {@link predefinedSplits}).
   */
  constructor(json: unknown, source?: string) {
    this.#source = source ?? DEFAULT_SOURCE;
    this.#folds = predefinedSplits(json, undefined, this.#source);
    this.#json = typeof json === 'string' ? JSON.parse(json) : json;
  }
  /**
   * Number of folds `split` returns.
   * @returns the number of folds in the file.
   * @throws Nothing.
   */
  getNSplits(): number {
    return this.#folds.length;
  }
  /**
   * The folds of the file, checked against the data's row count.
   * @param X - the data (only its row count is used), or its number of rows.
   * @param _y - ignored.
   * @returns fresh copies of the folds (callers may modify them).
   * @throws {@link ConfigError} when the folds do not fit the data's row count; {@link InputError} when `X` is neither data nor a positive integer.
   */
  split(X: SplitData, _y?: LabelsLike): Fold[] {
    const n = nRows(X, 'PredefinedSplit.split');
    return predefinedSplits(this.#json, n, this.#source).map((f) => ({ train: f.train.slice(), test: f.test.slice() }));
  }
}
