import { describe, expect, it } from 'vitest';
import { InputError, Matrix, Rng, toLabels, toMatrix, toTarget, uniqueSorted, type Labels } from '../src/index.js';
import { decodeLabels, encodeLabels } from '../src/matrix.js';

describe('toMatrix', () => {
  it('copy: a Matrix or matrix object comes back as an equal copy, still checked; without it, the same data', () => {
    const X = Matrix.fromRows([[1, 2], [3, 4]]);
    const c = toMatrix(X, 'X', 'f', { copy: true });
    expect(c.data).not.toBe(X.data);
    expect([...c.data]).toEqual([1, 2, 3, 4]);
    expect([c.rows, c.cols]).toEqual([2, 2]);
    const o = toMatrix({ data: X.data, rows: 2, cols: 2 }, 'X', 'f', { copy: true });
    expect(o.data).not.toBe(X.data);
    expect([...o.data]).toEqual([1, 2, 3, 4]);
    expect(toMatrix(X, 'X', 'f').data).toBe(X.data);
    X.data[3] = NaN;
    expect(() => toMatrix(X, 'X', 'f', { copy: true })).toThrow("Argument 'X' passed to 'f' must be a 2-D array of finite numbers, but X[1][1] is NaN.");
    const withNaN = toMatrix(X, 'X', 'f', { copy: true, allowNaN: true });
    expect(Number.isNaN(withNaN.data[3])).toBe(true);
    expect(withNaN.data[2]).toBe(3);
  });

  it('copies plain arrays once into a row-major Float64Array', () => {
    const X = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const m = toMatrix(X, 'X', 'f');
    expect(m.rows).toBe(3);
    expect(m.cols).toBe(2);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.row(1)).toEqual(new Float64Array([3, 4]));
    expect(m.toArray()).toEqual(X);
  });
  it('uses a Matrix or {data, rows, cols} as is', () => {
    const m = new Matrix(new Float64Array([1, 2, 3, 4]), 2, 2);
    expect(toMatrix(m, 'X', 'f')).toBe(m);
    expect(toMatrix({ data: m.data, rows: 2, cols: 2 }, 'X', 'f').data).toBe(m.data);
  });
  it('names the argument, the function, the rule and the value', () => {
    expect(() => toMatrix([1, 2, 3, 4], 'X', 'KNNClassifier.fit')).toThrow(
      /^Argument 'X' passed to 'KNNClassifier.fit' must be a 2-D array of finite numbers, but got a 1-D array of length 4\./,
    );
    expect(() => toMatrix([[1, 2], [3]], 'X', 'f')).toThrow(/row 0 has 2 values and row 1 has 1 \(ragged rows\)/);
    expect(() => toMatrix([[1, NaN]], 'X', 'f')).toThrow(/but X\[0\]\[1\] is NaN\. Fill missing values first/);
    expect(() => toMatrix([[1, Infinity]], 'X', 'f')).toThrow(/but X\[0\]\[1\] is Infinity\./);
    expect(() => toMatrix([], 'X', 'f')).toThrow(InputError);
    expect(() => toMatrix([['a']], 'X', 'f')).toThrow(/X\[0\]\[0\] is 'a' \(string\)/);
    expect(toMatrix([[1, NaN]], 'X', 'f', { allowNaN: true }).data[1]).toBeNaN();
  });
  it('finds a NaN or an infinite value wherever it is, in a Matrix and in nested arrays, and names its row and column', () => {
    // 3 × 7 = 21 values: the check reads eight at a time, then the rest one by one.
    for (let k = 0; k < 21; k++) {
      const i = Math.floor(k / 7);
      const j = k % 7;
      for (const bad of [NaN, Infinity, -Infinity]) {
        const data = Float64Array.from({ length: 21 }, (_, t) => t - 10);
        data[k] = bad;
        const m = new Matrix(data, 3, 7);
        const msg = `Argument 'X' passed to 'f' must be a 2-D array of finite numbers, but X[${i}][${j}] is ${bad}.`;
        expect(() => toMatrix(m, 'X', 'f'), `Matrix, ${bad} at ${k}`).toThrow(msg);
        expect(() => toMatrix(m.toArray(), 'X', 'f'), `nested, ${bad} at ${k}`).toThrow(msg);
        if (Number.isNaN(bad)) {
          expect(toMatrix(m, 'X', 'f', { allowNaN: true })).toBe(m);
          expect(Number.isNaN(toMatrix(m.toArray(), 'X', 'f', { allowNaN: true }).data[k])).toBe(true);
        } else {
          expect(() => toMatrix(m, 'X', 'f', { allowNaN: true }), `Matrix, allowNaN, ${bad} at ${k}`).toThrow(msg);
          expect(() => toMatrix(m.toArray(), 'X', 'f', { allowNaN: true }), `nested, allowNaN, ${bad} at ${k}`).toThrow(msg);
        }
      }
    }
    // The first bad value is the one named, NaN allowed or not.
    const two = new Matrix(Float64Array.from([1, 2, 3, NaN, 5, 6, 7, 8, 9, -Infinity]), 2, 5);
    expect(() => toMatrix(two, 'X', 'f')).toThrow(/X\[0\]\[3\] is NaN\. Fill missing values first/);
    expect(() => toMatrix(two, 'X', 'f', { allowNaN: true })).toThrow(/X\[1\]\[4\] is -Infinity\.$/);
    expect(() => toMatrix([[1], []], 'X', 'f')).toThrow(/row 0 has 1 values and row 1 has 0/);
    expect(() => toMatrix([[], []], 'X', 'f')).toThrow("Argument 'X' passed to 'f' must be a 2-D array of finite numbers with at least one column, but got 0 columns.");
  });
  it('selects rows and columns', () => {
    const m = Matrix.fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.selectRows([1, 0, 1]).toArray()).toEqual([
      [4, 5, 6],
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.selectColumns([2, 0]).toArray()).toEqual([
      [3, 1],
      [6, 4],
    ]);
  });
});

describe('labels', () => {
  it('sorts classes as numpy.unique and round-trips codes', () => {
    expect(uniqueSorted([10, 2, 2, -1])).toEqual([-1, 2, 10]);
    expect(uniqueSorted(['b', 'B', 'a'])).toEqual(['B', 'a', 'b']);
    const { classes, codes } = encodeLabels(['b', 'a', 'b']);
    expect(classes).toEqual(['a', 'b']);
    expect(Array.from(codes)).toEqual([1, 0, 1]);
    expect(decodeLabels(codes, classes)).toEqual(['b', 'a', 'b']);
  });
  it('encodes labels as uniqueSorted and a lookup would: small integers by table, other numbers and strings by Map', () => {
    const reference = (y: Labels): { classes: Labels; codes: number[] } => {
      const classes = uniqueSorted(y);
      return { classes, codes: (y as Array<string | number>).map((v) => (classes as Array<string | number>).indexOf(v)) };
    };
    const rng = new Rng(7);
    const cases: Labels[] = [
      [3, 1, 2, 1, 3],
      [0, 1, 1, 0],
      [-5, 7, -5, 2],
      [-0, 0, 1, -0],
      [1.5, -2, 1.5, 0.25],
      [0, 1e9, 5, 1e9],
      [2 ** 31, 1, 2 ** 31, -(2 ** 31)],
      Array.from({ length: 500 }, () => rng.int(7) + 1990),
      Array.from({ length: 500 }, () => rng.int(2000) - 1000),
      Array.from({ length: 50 }, () => rng.int(100000)),
      Array.from({ length: 300 }, () => rng.normal()),
      ['b', 'B', 'a', 'b', '10', '9', ''],
      Array.from({ length: 300 }, () => `c${rng.int(12)}`),
    ];
    for (const y of cases) {
      const got = encodeLabels(y);
      const want = reference(y);
      expect(got.classes, String(y.slice(0, 8))).toEqual(want.classes);
      expect(Array.from(got.codes), String(y.slice(0, 8))).toEqual(want.codes);
      expect(decodeLabels(got.codes, got.classes)).toEqual((y as Array<string | number>).map((v) => (v === 0 ? 0 : v)));
    }
    // -0 and 0 are one class, written 0 (as a Set keeps it).
    expect(Object.is(encodeLabels([-0, 1]).classes[0], 0)).toBe(true);
    expect(Object.is(encodeLabels([-0, 0.5]).classes[0], 0)).toBe(true);
    // Given classes: the codes into those, and an unknown label is an InputError.
    expect(Array.from(encodeLabels([2, 0], [0, 1, 2]).codes)).toEqual([2, 0]);
    expect(() => encodeLabels([3], [0, 1, 2])).toThrow(InputError);
  });
  it('toLabels reads typed arrays into plain arrays', () => {
    expect(toLabels(Int32Array.from([2, 0, 2]), 'y', 'f')).toEqual([2, 0, 2]);
    expect(toLabels(Float64Array.from([0.5, 1]), 'y', 'f')).toEqual([0.5, 1]);
    expect(() => toLabels(Float64Array.from([0.5, NaN]), 'y', 'f')).toThrow(/y\[1\] is NaN/);
  });
  it('rejects mixed, empty and non-finite labels', () => {
    expect(() => toLabels(['a', 1], 'y', 'f')).toThrow(/mixed label types/);
    expect(() => toLabels([], 'y', 'f')).toThrow(/empty array/);
    expect(() => toLabels([1, NaN], 'y', 'f')).toThrow(/y\[1\] is NaN/);
    expect(() => toTarget([1, 'a'], 'y', 'f')).toThrow(/y\[1\] is 'a'/);
  });
});
