// Branches of the splitters that the main test file leaves open (found by mutation testing:
// `pnpm mutation packages/core/src/resampling.ts`). Sizes and class counts: scikit-learn 1.2.1
// `train_test_split` via /usr/bin/python3 (noted at each call).
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  HoldoutSplit,
  InputError,
  KFold,
  Matrix,
  PredefinedSplit,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  StratifiedKFold,
  holdoutSplit,
  predefinedSplits,
  trainTestSplit,
} from '../src/index.js';

const throwsAs = (cls: typeof InputError | typeof ConfigError, f: () => unknown, re: RegExp): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(cls);
  expect((caught as Error).message).toMatch(re);
};
const count = (y: number[], ix: Int32Array, k: number): number[] => {
  const c = new Array<number>(k).fill(0);
  for (const i of ix) c[y[i]!]!++;
  return c;
};

describe('what split accepts as X', () => {
  it('a row count, an array, a Matrix or a { rows } object; nothing else', () => {
    const sizes = (X: unknown) => new KFold({ nSplits: 2 }).split(X as number).map((f) => f.test.length);
    expect(sizes(5)).toEqual([3, 2]);
    expect(sizes([[1], [2], [3], [4]])).toEqual([2, 2]);
    expect(sizes(Matrix.zeros(6, 2))).toEqual([3, 3]);
    expect(sizes({ rows: 3, cols: 1, data: new Float64Array(3) })).toEqual([2, 1]);
    expect(sizes(new Float64Array(4))).toEqual([2, 2]);
    throwsAs(InputError, () => sizes(0), /^Argument 'X' passed to 'KFold\.split' must be a positive number of rows or the data, but got 0\.$/);
    throwsAs(InputError, () => sizes(2.5), /but got 2\.5\.$/);
    throwsAs(InputError, () => sizes(null), /^Argument 'X' passed to 'KFold\.split' must be the data \(an array or matrix\) or its number of rows, but got null\.$/);
    throwsAs(InputError, () => sizes('abc'), /or its number of rows, but got 'abc'\.$/);
  });
  it('getNSplits counts every fold of every repetition', () => {
    expect(new KFold({ nSplits: 3 }).getNSplits()).toBe(3);
    expect(new StratifiedKFold({ nSplits: 4 }).getNSplits()).toBe(4);
    expect(new RepeatedKFold({ nSplits: 3, nRepeats: 2 }).getNSplits()).toBe(6);
    expect(new RepeatedStratifiedKFold({ nSplits: 2, nRepeats: 5 }).getNSplits()).toBe(10);
    expect(new HoldoutSplit().getNSplits()).toBe(1);
    expect(new RepeatedKFold({ nSplits: 3, nRepeats: 2, seed: 0 }).split(9)).toHaveLength(6);
  });
});

describe('stratified folds: warnings', () => {
  it('names the least populated class (the first such class in order of appearance)', () => {
    const cv = new StratifiedKFold({ nSplits: 3 });
    cv.split(8, ['b', 'a', 'b', 'a', 'b', 'c', 'c', 'b']);
    expect(cv.warnings).toEqual([
      "The least populated class in y has only 2 members, which is less than n_splits=3. (Class 'a': some test folds will not contain it.)",
    ]);
    cv.split(6, [0, 1, 0, 1, 0, 1]);
    expect(cv.warnings).toEqual([]);
    // Exactly nSplits members: no warning.
    cv.split(9, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(cv.warnings).toEqual([]);
  });
  it('repeated: the warning of the first repetition only, once', () => {
    const cv = new RepeatedStratifiedKFold({ nSplits: 3, nRepeats: 4, seed: 1 });
    cv.split(7, [0, 0, 0, 0, 0, 1, 1]);
    expect(cv.warnings).toHaveLength(1);
    expect(cv.warnings[0]).toMatch(/^The least populated class in y has only 2 members, which is less than n_splits=3\. \(Class 1:/);
  });
  it('the error when every class is smaller than nSplits names the largest', () => {
    throwsAs(InputError, () => new StratifiedKFold({ nSplits: 4 }).split(5, [0, 0, 0, 1, 1]), /^nSplits=4 cannot be greater than the number of members in each class \(in 'StratifiedKFold\.split'\): the largest class has 3 members\. Use fewer folds\.$/);
    throwsAs(InputError, () => new RepeatedStratifiedKFold({ nSplits: 2 }).split(2, undefined), /^Argument 'y' passed to 'RepeatedStratifiedKFold\.split' is required/);
  });
});

describe('holdout sizes (scikit-learn 1.2.1 train_test_split)', () => {
  it('counts and fractions, alone or together', () => {
    // train_test_split(np.arange(10), test_size=3, train_size=5, shuffle=False) → [0..4], [5, 6, 7]
    expect(holdoutSplit(10, undefined, { testSize: 3, trainSize: 5, shuffle: false })).toEqual({ train: Int32Array.from([0, 1, 2, 3, 4]), test: Int32Array.from([5, 6, 7]) });
    // train_size=0.55 → 5 train, 5 test; test_size=0.25, train_size=0.5 → 5 train, 3 test (ceil for test, floor for train)
    const a = holdoutSplit(10, undefined, { trainSize: 0.55 });
    expect([a.train.length, a.test.length]).toEqual([5, 5]);
    const b = holdoutSplit(10, undefined, { testSize: 0.25, trainSize: 0.5 });
    expect([b.train.length, b.test.length]).toEqual([5, 3]);
    const c = holdoutSplit(10, undefined, { trainSize: 4 });
    expect([c.train.length, c.test.length]).toEqual([4, 6]);
    // The shuffled parts are disjoint and sorted.
    const all = [...b.train, ...b.test];
    expect(new Set(all).size).toBe(8);
    expect(Array.from(b.train)).toEqual([...b.train].sort((x, y) => x - y));
  });
  it('rejects counts at n and sums over n, with the numbers', () => {
    throwsAs(InputError, () => holdoutSplit(5, undefined, { testSize: 5 }), /^Option 'testSize' passed to 'holdoutSplit' is 5, which must be smaller than the number of samples 5, or a fraction in \(0, 1\)\.$/);
    throwsAs(InputError, () => holdoutSplit(5, undefined, { trainSize: 5 }), /^Option 'trainSize' passed to 'holdoutSplit' is 5, which must be smaller than the number of samples 5/);
    expect(holdoutSplit(5, undefined, { trainSize: 4 }).test).toHaveLength(1);
    throwsAs(InputError, () => holdoutSplit(5, undefined, { testSize: 3, trainSize: 3 }), /^The sum of train and test sizes in 'holdoutSplit' = 6 should be smaller than the number of samples 5\./);
    expect(holdoutSplit(5, undefined, { testSize: 2, trainSize: 3 }).train).toHaveLength(3);
    throwsAs(InputError, () => holdoutSplit(3, undefined, { trainSize: 0.2 }), /^With n_samples=3, testSize=null and trainSize=0\.2, the resulting train set in 'holdoutSplit' will be empty\./);
  });
});

describe('stratified holdout (scikit-learn 1.2.1 StratifiedShuffleSplit allocation)', () => {
  const y = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
  it('class counts 7/4/2, test 0.3: train [5, 3, 1], test [2, 1, 1] for every seed', () => {
    for (const seed of [0, 1, 2]) {
      const { train, test } = holdoutSplit(13, y, { stratify: true, testSize: 0.3, seed });
      expect(count(y, train, 3)).toEqual([5, 3, 1]);
      expect(count(y, test, 3)).toEqual([2, 1, 1]);
    }
  });
  it('rejects too few members, and train or test smaller than the number of classes', () => {
    throwsAs(InputError, () => holdoutSplit(5, [0, 0, 1, 1, 2], { stratify: true }), /^The least populated class in y has only 1 member, which is too few for a stratified split in 'holdoutSplit' \(class 2\)\. The minimum number of members of any class is 2\.$/);
    throwsAs(InputError, () => holdoutSplit(6, [0, 0, 1, 1, 2, 2], { stratify: true, testSize: 2 }), /^The test size 2 in 'holdoutSplit' should be greater than or equal to the number of classes 3\.$/);
    throwsAs(InputError, () => holdoutSplit(6, [0, 0, 1, 1, 2, 2], { stratify: true, trainSize: 2 }), /^The train size 2 in 'holdoutSplit' should be greater than or equal to the number of classes 3\.$/);
    expect(holdoutSplit(6, [0, 0, 1, 1, 2, 2], { stratify: true, testSize: 3 }).test).toHaveLength(3);
    throwsAs(InputError, () => holdoutSplit(4, [0.5, 0.5, 1.5, 1.5], { stratify: true }), /continuous target/);
  });
  it('trainTestSplit returns the rows and labels of each part, and checks lengths', () => {
    const X = [[0], [1], [2], [3], [NaN]];
    const s = trainTestSplit(X, ['a', 'b', 'c', 'd', 'e'], { testSize: 2, shuffle: false });
    expect(s.XTrain.toArray()).toEqual([[0], [1], [2]]);
    expect(s.XTest.column(0)).toEqual(Float64Array.from([3, NaN]));
    expect(s.yTrain).toEqual(['a', 'b', 'c']);
    expect(s.yTest).toEqual(['d', 'e']);
    throwsAs(InputError, () => trainTestSplit(X, [1, 2]), /^Found X and y with inconsistent numbers of samples: \[5, 2\] \(in 'trainTestSplit'\)\.$/);
  });
});

describe('predefined splits: every malformed input named', () => {
  const ok = { folds: [{ train: [0, 1], test: [2] }], n_samples: 3 };
  it('reads JSON text and objects; split copies the folds', () => {
    expect(predefinedSplits(JSON.stringify(ok))).toEqual([{ train: Int32Array.from([0, 1]), test: Int32Array.from([2]) }]);
    const cv = new PredefinedSplit(JSON.stringify(ok));
    expect(cv.getNSplits()).toBe(1);
    const a = cv.split(3);
    a[0]!.train[0] = 99;
    expect(cv.split(3)[0]!.train[0]).toBe(0);
    // Without n_samples, any index is allowed until the data says otherwise.
    expect(predefinedSplits({ folds: [{ train: [7], test: [0] }] })[0]!.train).toEqual(Int32Array.from([7]));
  });
  it('rejects with the source named', () => {
    throwsAs(ConfigError, () => predefinedSplits('{', undefined, 'f.json'), /^The predefined splits in f\.json are not valid JSON: /);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [] }), /^The predefined splits must be an object with a non-empty 'folds' array of \{ train, test \}, but got/);
    throwsAs(ConfigError, () => predefinedSplits(null), /non-empty 'folds' array/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: {} }), /non-empty 'folds' array/);
    throwsAs(ConfigError, () => predefinedSplits({ ...ok, n_samples: 0 }), /^The predefined splits have 'n_samples' 0, which must be a positive integer\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ ...ok, n_samples: 2.5 }), /'n_samples' 2\.5/);
    throwsAs(ConfigError, () => predefinedSplits(ok, 4), /^The predefined splits were made for 3 rows \(n_samples\), but the data has 4 rows\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [5] }), /^Fold 0 of the predefined splits must be an object \{ train, test \}, but got 5\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [null] }), /but got null\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [], test: [1] }] }), /^Fold 0 of the predefined splits must have a non-empty 'train' array of row indices, but got \[\]\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0], test: 'x' }] }), /non-empty 'test' array of row indices, but got 'x'\.$/);
    throwsAs(ConfigError, () => predefinedSplits(ok, 2), /were made for 3 rows/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0, 3], test: [1] }] }, 3), /^Fold 0 of the predefined splits: 'train\[1\]' must be an integer row index in \[0, 3\), but got 3\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0, -1], test: [1] }] }), /'train\[1\]' must be an integer row index in \[0, Infinity\), but got -1\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0, 1.5], test: [1] }] }), /but got 1\.5\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0, '1'], test: [1] }] }), /but got '1'\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0, 0], test: [1] }] }), /^Fold 0 of the predefined splits: 'train' lists row 0 twice\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0, 1], test: [1] }] }), /^Fold 0 of the predefined splits: train and test must be disjoint, but both contain row 1\.$/);
    throwsAs(ConfigError, () => predefinedSplits({ folds: [{ train: [0, 1, 2], test: [1, 2] }] }), /but both contain rows \[1, 2\]\.$/);
  });
});

describe('names in messages, and fresh state', () => {
  it('a new splitter has no warnings', () => {
    for (const cv of [new KFold(), new StratifiedKFold(), new RepeatedKFold(), new RepeatedStratifiedKFold(), new HoldoutSplit(), new PredefinedSplit({ folds: [{ train: [0], test: [1] }] })]) {
      expect(cv.warnings).toEqual([]);
    }
  });
  it('each splitter names itself in parameter and argument errors', () => {
    expect(() => new StratifiedKFold({ nSplits: 1 })).toThrow(/StratifiedKFold/);
    expect(() => new RepeatedStratifiedKFold({ nRepeats: 0 })).toThrow(/RepeatedStratifiedKFold/);
    expect(() => new HoldoutSplit({ testSize: -1 })).toThrow(/HoldoutSplit/);
    throwsAs(InputError, () => new RepeatedKFold({ nSplits: 2 }).split(0), /^Argument 'X' passed to 'RepeatedKFold\.split'/);
    throwsAs(InputError, () => new RepeatedKFold({ nSplits: 3 }).split(2), /greater than the number of samples: n_samples=2/);
    throwsAs(InputError, () => new HoldoutSplit().split(0), /^Argument 'X' passed to 'HoldoutSplit\.split'/);
    throwsAs(InputError, () => new PredefinedSplit({ folds: [{ train: [0], test: [1] }] }).split(0), /^Argument 'X' passed to 'PredefinedSplit\.split'/);
    throwsAs(InputError, () => new RepeatedStratifiedKFold({ nSplits: 2 }).split(0, []), /^Argument 'X' passed to 'RepeatedStratifiedKFold\.split'/);
    throwsAs(InputError, () => trainTestSplit([[1], [2]], [1, NaN]), /^Argument 'y' passed to 'trainTestSplit'/);
    throwsAs(InputError, () => new StratifiedKFold({ nSplits: 2 }).split(2, [1, NaN]), /^Argument 'y' passed to 'StratifiedKFold\.split'/);
    throwsAs(InputError, () => new StratifiedKFold({ nSplits: 2 }).split(3, [0, 1, 2.5]), /but got a continuous target \(e\.g\. 2\.5\)\. Use KFold for regression\.$/);
  });
});
