// Expected folds: scikit-learn 1.2.1 via Debian's /usr/bin/python3 (sklearn.model_selection.KFold,
// StratifiedKFold, train_test_split on the same inputs), and the reference folds in datasets/folds/
// (StratifiedKFold / KFold(5, shuffle=True, random_state=0), scikit-learn 1.2.1).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  HoldoutSplit,
  InputError,
  KFold,
  ParameterError,
  PredefinedSplit,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  StratifiedKFold,
  holdoutSplit,
  predefinedSplits,
  trainTestSplit,
  type Fold,
} from '../src/index.js';

const root = new URL('../../../', import.meta.url);
const readJSON = (rel: string): any => JSON.parse(readFileSync(fileURLToPath(new URL(rel, root)), 'utf8'));
const irisLabels = (): string[] =>
  readFileSync(fileURLToPath(new URL('datasets/iris.csv', root)), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').at(-1)!);

const tests = (folds: Fold[]): number[][] => folds.map((f) => Array.from(f.test));
const classCounts = (folds: Array<{ test: ArrayLike<number> }>, y: readonly (string | number)[]): number[][] => {
  const classes = [...new Set(y)].sort();
  return folds.map((f) => classes.map((c) => Array.from(f.test).filter((i) => y[i] === c).length));
};

/** Every row in exactly one test fold; train is the complement; indices sorted. */
function checkPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const { train, test } of folds) {
    expect(train.length + test.length).toBe(n);
    for (let i = 1; i < test.length; i++) expect(test[i]!).toBeGreaterThan(test[i - 1]!);
    for (let i = 1; i < train.length; i++) expect(train[i]!).toBeGreaterThan(train[i - 1]!);
    const inTest = new Set(test);
    for (const i of train) expect(inTest.has(i)).toBe(false);
    for (const i of test) seen[i]!++;
  }
  expect(Array.from(seen).every((c) => c === 1)).toBe(true);
}

describe('KFold', () => {
  it('non-shuffled folds equal scikit-learn 1.2.1', () => {
    expect(tests(new KFold({ nSplits: 3 }).split(7))).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
    expect(tests(new KFold({ nSplits: 4 }).split(Array.from({ length: 10 }, () => [0])))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]);
  });
  it('shuffled: same fold sizes as the reference diabetes folds, a partition, same seed → same folds', () => {
    const ref = readJSON('datasets/folds/diabetes.json');
    const folds = new KFold({ nSplits: 5, shuffle: true, seed: 0 }).split(ref.n_samples);
    expect(folds.map((f) => f.test.length)).toEqual(ref.folds.map((f: Fold) => f.test.length)); // [89, 89, 88, 88, 88]
    checkPartition(folds, ref.n_samples);
    expect(tests(new KFold({ nSplits: 5, shuffle: true, seed: 0 }).split(ref.n_samples))).toEqual(tests(folds));
    expect(tests(new KFold({ nSplits: 5, shuffle: true, seed: 1 }).split(ref.n_samples))).not.toEqual(tests(folds));
  });
  it('rejects bad options and too few rows', () => {
    expect(() => new KFold({ nSplits: 1 })).toThrow(ParameterError);
    expect(() => new KFold({ nSplits: 1 })).toThrow(/^The 'nSplits' parameter of KFold must be an integer in \[2, Infinity\)\. Got 1 instead\./);
    expect(() => new KFold({ nSplits: 6 }).split(5)).toThrow(InputError);
    expect(() => new KFold({ nSplits: 6 }).split(5)).toThrow(/^Cannot have number of splits nSplits=6 greater than the number of samples: n_samples=5/);
  });
});

describe('StratifiedKFold', () => {
  it('non-shuffled folds equal scikit-learn 1.2.1 (classes numbered by first appearance)', () => {
    const y = ['b', 'a', 'b', 'c', 'a', 'b', 'b', 'a', 'c', 'b', 'a', 'b'];
    const cv = new StratifiedKFold({ nSplits: 3 });
    expect(tests(cv.split(y.length, y))).toEqual([[0, 1, 2, 4], [3, 5, 6, 7], [8, 9, 10, 11]]);
    // scikit-learn warns here too: 'c' has 2 members for 3 folds.
    expect(cv.warnings).toEqual([
      "The least populated class in y has only 2 members, which is less than n_splits=3. (Class 'c': some test folds will not contain it.)",
    ]);
    cv.split(6, [0, 1, 0, 1, 0, 1]);
    expect(cv.warnings).toEqual([]);
    const y2 = [...Array(7).fill(2), 0, 0, 0, ...Array(20).fill(1), 0];
    expect(tests(new StratifiedKFold({ nSplits: 5 }).split(y2.length, y2))).toEqual([
      [0, 1, 7, 10, 11, 12, 13],
      [2, 3, 14, 15, 16, 17],
      [4, 8, 18, 19, 20, 21],
      [5, 9, 22, 23, 24, 25],
      [6, 26, 27, 28, 29, 30],
    ]);
  });
  it('shuffled: class counts per test fold equal scikit-learn (same allocation)', () => {
    const y2 = [...Array(7).fill(2), 0, 0, 0, ...Array(20).fill(1), 0];
    const folds = new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 3 }).split(y2.length, y2);
    // StratifiedKFold(5, shuffle=True, random_state=3), counts of classes 0, 1, 2 per test fold.
    expect(classCounts(folds, y2)).toEqual([[1, 4, 2], [0, 4, 2], [1, 4, 1], [1, 4, 1], [1, 4, 1]]);
    checkPartition(folds, y2.length);
  });
  it('matches the class counts of the reference iris folds', () => {
    const y = irisLabels();
    const ref = readJSON('datasets/folds/iris.json');
    const folds = new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 0 }).split(y.length, y);
    expect(classCounts(folds, y)).toEqual(classCounts(ref.folds, y));
    checkPartition(folds, y.length);
  });
  it("records scikit-learn's warning when some class has fewer members than folds, throws when all do", () => {
    const y2 = [...Array(7).fill(2), 0, 0, 0, ...Array(20).fill(1), 0];
    const cv = new StratifiedKFold({ nSplits: 5 });
    cv.split(y2.length, y2);
    expect(cv.warnings).toHaveLength(1);
    expect(cv.warnings[0]).toMatch(/^The least populated class in y has only 4 members, which is less than n_splits=5\./);
    expect(() => new StratifiedKFold({ nSplits: 4 }).split(6, [0, 0, 0, 1, 1, 1])).toThrow(
      /^nSplits=4 cannot be greater than the number of members in each class/,
    );
    expect(() => new StratifiedKFold().split(3)).toThrow(/^Argument 'y' passed to 'StratifiedKFold.split' is required/);
    expect(() => new StratifiedKFold({ nSplits: 2 }).split(4, [0.5, 1.5, 0.5, 2.5])).toThrow(/continuous target.*Use KFold/);
    expect(() => new StratifiedKFold({ nSplits: 2 }).split(4, [0, 1, 0])).toThrow(/^Found X and y with inconsistent numbers of samples: \[4, 3\]/);
  });
});

describe('repeated splitters', () => {
  it('RepeatedStratifiedKFold: nSplits × nRepeats folds, each repetition a partition, repetitions differ, seeded', () => {
    const y = irisLabels();
    const cv = new RepeatedStratifiedKFold({ nSplits: 5, nRepeats: 3, seed: 7 });
    expect(cv.getNSplits()).toBe(15);
    const folds = cv.split(y.length, y);
    expect(folds).toHaveLength(15);
    for (let r = 0; r < 3; r++) {
      const rep = folds.slice(r * 5, r * 5 + 5);
      checkPartition(rep, y.length);
      expect(classCounts(rep, y)).toEqual(Array(5).fill([10, 10, 10]));
    }
    expect(tests(folds.slice(0, 5))).not.toEqual(tests(folds.slice(5, 10)));
    expect(tests(new RepeatedStratifiedKFold({ nSplits: 5, nRepeats: 3, seed: 7 }).split(y.length, y))).toEqual(tests(folds));
  });
  it('RepeatedKFold', () => {
    const folds = new RepeatedKFold({ nSplits: 4, nRepeats: 2, seed: 1 }).split(10);
    expect(folds.map((f) => f.test.length)).toEqual([3, 3, 2, 2, 3, 3, 2, 2]);
    checkPartition(folds.slice(0, 4), 10);
    checkPartition(folds.slice(4), 10);
    expect(() => new RepeatedKFold({ nRepeats: 0 })).toThrow(/^The 'nRepeats' parameter of RepeatedKFold must be an integer in \[1, Infinity\)/);
  });
});

describe('holdout', () => {
  it('sizes equal scikit-learn train_test_split', () => {
    // train_test_split(np.arange(n), test_size=ts): [n_train, n_test]
    const expected: Record<string, [number, number]> = {
      '10_0.25': [7, 3], '10_0.2': [8, 2], '10_0.33': [6, 4], '10_3': [7, 3],
      '11_0.25': [8, 3], '11_0.2': [8, 3], '11_0.33': [7, 4], '11_3': [8, 3],
      '150_0.25': [112, 38], '150_0.2': [120, 30], '150_0.33': [100, 50], '150_3': [147, 3],
      '7_0.25': [5, 2], '7_0.2': [5, 2], '7_0.33': [4, 3], '7_3': [4, 3],
    };
    for (const [key, [nTrain, nTest]] of Object.entries(expected)) {
      const [n, ts] = key.split('_').map(Number) as [number, number];
      const { train, test } = holdoutSplit(n, undefined, { testSize: ts });
      expect([train.length, test.length]).toEqual([nTrain, nTest]);
      expect(new Set([...train, ...test]).size).toBe(n);
    }
    const f = holdoutSplit(10, undefined, { trainSize: 0.55 });
    expect([f.train.length, f.test.length]).toEqual([5, 5]);
    expect(holdoutSplit(10, undefined, { shuffle: false, testSize: 0.3 })).toEqual({ train: Int32Array.from([0, 1, 2, 3, 4, 5, 6]), test: Int32Array.from([7, 8, 9]) });
  });
  it('stratified class counts equal scikit-learn (StratifiedShuffleSplit allocation)', () => {
    const y = [...Array(53).fill(0), ...Array(31).fill(1), ...Array(16).fill(2)];
    const { train, test } = holdoutSplit(y.length, y, { stratify: true, testSize: 0.25 });
    expect(classCounts([{ test: train }, { test }], y)).toEqual([[40, 23, 12], [13, 8, 4]]);
    const y4 = [...Array(9).fill('x'), ...Array(4).fill('y'), ...Array(7).fill('z')];
    const s = trainTestSplit(y4.map((_, i) => [i]), y4, { stratify: true, testSize: 0.3, seed: 5 });
    expect(classCounts([{ test: s.train }, { test: s.test }], y4)).toEqual([[6, 3, 5], [3, 1, 2]]);
    expect(s.XTest.column(0)).toEqual(Float64Array.from(s.test));
    expect(s.yTest).toEqual(Array.from(s.test, (i) => y4[i]));
    expect(new HoldoutSplit({ stratify: true, testSize: 0.3, seed: 5 }).split(20, y4)[0]).toEqual({ train: s.train, test: s.test });
  });
  it('rejects impossible sizes and stratification problems', () => {
    expect(() => holdoutSplit(3, undefined, { testSize: 5 })).toThrow(/^Option 'testSize' passed to 'holdoutSplit' is 5/);
    expect(() => holdoutSplit(10, undefined, { testSize: 0.5, trainSize: 0.6 })).toThrow(/should be smaller than the number of samples 10/);
    expect(() => holdoutSplit(2, undefined, { testSize: 0.01, trainSize: 0.4 })).toThrow(/the resulting train set in 'holdoutSplit' will be empty/);
    expect(() => holdoutSplit(4, [0, 0, 0, 1], { stratify: true })).toThrow(/^The least populated class in y has only 1 member/);
    expect(() => holdoutSplit(4, [0, 0, 1, 1], { stratify: true, shuffle: false })).toThrow(/needs shuffle: true/);
    expect(() => holdoutSplit(4, undefined, { testSize: 1.5 })).toThrow(ParameterError);
  });
});

describe('predefined splits', () => {
  it('reads the reference folds', () => {
    const ref = readJSON('datasets/folds/iris.json');
    const cv = new PredefinedSplit(ref, 'datasets/folds/iris.json');
    const folds = cv.split(150);
    expect(folds).toHaveLength(5);
    checkPartition(folds, 150);
    expect(Array.from(folds[2]!.test)).toEqual(ref.folds[2].test);
    expect(() => cv.split(149)).toThrow(/^The predefined splits in datasets\/folds\/iris.json were made for 150 rows \(n_samples\), but the data has 149 rows/);
    expect(predefinedSplits(JSON.stringify(ref))).toHaveLength(5);
  });
  it('rejects bad indices with a ConfigError naming the fold', () => {
    const bad = (json: unknown, re: RegExp, n?: number): void => {
      let caught: unknown;
      try {
        predefinedSplits(json, n, 'folds.json');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).code).toBe('MLCOMPARE_CONFIG');
      expect((caught as Error).message).toMatch(re);
    };
    bad({ folds: [{ train: [0, 1], test: [2] }, { train: [0, 1.5], test: [2] }] }, /^Fold 1 of folds.json: 'train\[1\]' must be an integer row index in \[0, 3\), but got 1.5/, 3);
    bad({ folds: [{ train: [0, 1], test: [3] }] }, /^Fold 0 of folds.json: 'test\[0\]' must be an integer row index in \[0, 3\), but got 3/, 3);
    bad({ folds: [{ train: [0, 1], test: [-1] }] }, /'test\[0\]' must be an integer row index in \[0, Infinity\), but got -1/);
    bad({ folds: [{ train: [0, 1, 2], test: [2, 3] }] }, /^Fold 0 of folds.json: train and test must be disjoint, but both contain row 2/);
    bad({ folds: [{ train: [0, 0], test: [1] }] }, /lists row 0 twice/);
    bad({ folds: [{ train: [0, 1] }] }, /^Fold 0 of folds.json must have a non-empty 'test' array/);
    bad({ folds: [] }, /^The predefined splits in folds.json must be an object with a non-empty 'folds' array/);
    bad('{not json', /^The predefined splits in folds.json are not valid JSON/);
    bad({ n_samples: 4, folds: [{ train: [0], test: [1] }] }, /were made for 4 rows \(n_samples\), but the data has 5 rows/, 5);
  });
});
