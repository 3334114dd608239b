import { describe, expect, it } from 'vitest';
import { InputError, Matrix, toLabels, toMatrix, toTarget, uniqueSorted } from '../src/index.js';
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
  it('rejects mixed, empty and non-finite labels', () => {
    expect(() => toLabels(['a', 1], 'y', 'f')).toThrow(/mixed label types/);
    expect(() => toLabels([], 'y', 'f')).toThrow(/empty array/);
    expect(() => toLabels([1, NaN], 'y', 'f')).toThrow(/y\[1\] is NaN/);
    expect(() => toTarget([1, 'a'], 'y', 'f')).toThrow(/y\[1\] is 'a'/);
  });
});
