/**
 * Matrix and label types, and the conversions done once at every public boundary.
 * Inside mlcompare a data matrix is row-major `Float64Array` with `rows`/`cols`.
 */
import { InputError, formatValue } from './errors.js';

/**
 * A dense row-major matrix of float64 values: entry (i, j) is `data[i * cols + j]`. The accessors
 * do not check indices (they sit in inner loops); validate at public boundaries with {@link toMatrix}.
 * @example
 * ```ts
 * const m = new Matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3);
 * m.get(1, 0); // 4
 * m.toArray(); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export class Matrix {
  /**
   * @param data - row-major values, length `rows * cols` (kept, not copied).
   * @param rows - number of rows (samples).
   * @param cols - number of columns (features).
   * @throws {@link InputError} when `data.length !== rows * cols`.
   */
  constructor(
    readonly data: Float64Array,
    readonly rows: number,
    readonly cols: number,
  ) {
    if (data.length !== rows * cols) {
      throw new InputError(`Argument 'data' passed to 'Matrix' must have rows * cols = ${rows * cols} values, but got ${data.length}.`);
    }
  }

  /**
   * A zero matrix.
   * @param rows - number of rows.
   * @param cols - number of columns.
   * @returns a new `rows × cols` matrix of zeros.
   * @throws RangeError (from `Float64Array`) when `rows * cols` is negative; {@link InputError} when it is not an integer.
   * @example
   * ```ts
   * Matrix.zeros(2, 2).toArray(); // [[0, 0], [0, 0]]
   * ```
   */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(new Float64Array(rows * cols), rows, cols);
  }

  /**
   * Copies a `number[][]` (no validation; use {@link toMatrix} at public boundaries).
   * @param rows - the rows; the width is that of the first row (0 when there is none).
   * @returns a new matrix with a copy of the values; a missing value of a short row becomes NaN.
   * @throws Nothing: ragged or non-numeric rows are not detected.
   * @example
   * ```ts
   * Matrix.fromRows([[1, 2], [3, 4]]).cols; // 2
   * Matrix.fromRows([]).rows; // 0
   * ```
   */
  static fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
    const n = rows.length;
    const d = n > 0 ? rows[0]!.length : 0;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      for (let j = 0; j < d; j++) data[i * d + j] = r[j]!;
    }
    return new Matrix(data, n, d);
  }

  /**
   * Value at row `i`, column `j`.
   * @param i - row index in [0, rows).
   * @param j - column index in [0, cols).
   * @returns `data[i * cols + j]` (undefined at run time for an index past the end: not checked).
   * @throws Nothing.
   * @example
   * ```ts
   * Matrix.fromRows([[1, 2], [3, 4]]).get(1, 0); // 3
   * ```
   */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /**
   * Row `i` as a view (no copy): writing to it writes to the matrix.
   * @param i - row index in [0, rows) (not checked; past the end gives an empty array).
   * @returns a `Float64Array` of length `cols` sharing the matrix's buffer.
   * @throws Nothing.
   * @example
   * ```ts
   * const m = Matrix.fromRows([[1, 2], [3, 4]]);
   * m.row(1); // Float64Array [3, 4]
   * m.row(0)[0] = 9;
   * m.get(0, 0); // 9
   * ```
   */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /**
   * Column `j` as a copy.
   * @param j - column index in [0, cols) (not checked; out of range gives NaN entries).
   * @returns a new `Float64Array` of length `rows`.
   * @throws Nothing.
   * @example
   * ```ts
   * Matrix.fromRows([[1, 2], [3, 4]]).column(1); // Float64Array [2, 4]
   * ```
   */
  column(j: number): Float64Array {
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j]!;
    return out;
  }

  /**
   * A new matrix made of the given rows, in the given order (repeats allowed), as numpy's `X[indices]`.
   * @param indices - row indices in [0, rows) (not checked: an index past the end gives a row of zeros).
   * @returns a new `indices.length × cols` matrix (a copy).
   * @throws Nothing.
   * @example
   * ```ts
   * Matrix.fromRows([[1, 2], [3, 4], [5, 6]]).selectRows([2, 0, 2]).toArray(); // [[5, 6], [1, 2], [5, 6]]
   * ```
   */
  selectRows(indices: ArrayLike<number>): Matrix {
    const d = this.cols;
    const out = new Float64Array(indices.length * d);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      out.set(this.data.subarray(i * d, (i + 1) * d), k * d);
    }
    return new Matrix(out, indices.length, d);
  }

  /**
   * A new matrix made of the given columns, in the given order (repeats allowed), as numpy's `X[:, indices]`.
   * @param indices - column indices in [0, cols) (not checked).
   * @returns a new `rows × indices.length` matrix (a copy).
   * @throws Nothing.
   * @example
   * ```ts
   * Matrix.fromRows([[1, 2, 3], [4, 5, 6]]).selectColumns([2, 0]).toArray(); // [[3, 1], [6, 4]]
   * ```
   */
  selectColumns(indices: ArrayLike<number>): Matrix {
    const m = indices.length;
    const out = new Float64Array(this.rows * m);
    for (let i = 0; i < this.rows; i++) {
      for (let k = 0; k < m; k++) out[i * m + k] = this.data[i * this.cols + indices[k]!]!;
    }
    return new Matrix(out, this.rows, m);
  }

  /**
   * A deep copy.
   * @returns a new matrix with its own copy of `data`.
   * @throws Nothing.
   * @example
   * ```ts
   * const m = Matrix.fromRows([[1, 2]]);
   * const c = m.clone();
   * c.data[0] = 0;
   * m.get(0, 0); // 1
   * ```
   */
  clone(): Matrix {
    return new Matrix(this.data.slice(), this.rows, this.cols);
  }

  /**
   * Plain nested arrays (for JSON, printing or tests).
   * @returns one `number[]` per row, copied.
   * @throws Nothing.
   * @example
   * ```ts
   * Matrix.zeros(1, 2).toArray(); // [[0, 0]]
   * ```
   */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}

/** What public methods accept as a feature matrix. */
export type MatrixLike = Matrix | ReadonlyArray<ReadonlyArray<number>> | { readonly data: Float64Array; readonly rows: number; readonly cols: number };

/** A class label. */
export type Label = string | number;
/** Labels as given to `fit`: all strings or all numbers. */
export type Labels = string[] | number[];
/** What public methods accept as labels or targets. */
export type LabelsLike = ReadonlyArray<string> | ReadonlyArray<number> | Float64Array | Int32Array;

/** Options of {@link toMatrix}. */
export interface ToMatrixOptions {
  /** Accept NaN as "missing" (for imputers and models that handle missing values). */
  allowNaN?: boolean;
  /** Accept a matrix with zero rows. */
  allowEmpty?: boolean;
  /**
   * Return a copy of a `Matrix` (or matrix object) passed in, made once it has passed the check
   * (nested arrays are always copied): for code that must not share its caller's memory.
   */
  copy?: boolean;
}

function describeShape(X: unknown): string {
  if (Array.isArray(X)) {
    if (X.length === 0) return 'an empty array';
    if (!Array.isArray(X[0]) && !ArrayBuffer.isView(X[0])) return `a 1-D array of length ${X.length}`;
    return `an array of ${X.length} rows`;
  }
  if (X === null) return 'null';
  return typeof X === 'object' ? `an object (${(X as object).constructor?.name ?? 'Object'})` : `${typeof X} ${formatValue(X)}`;
}

/**
 * Converts and validates a feature matrix at a public boundary.
 * Plain arrays are copied once; a {@link Matrix} (or `{data, rows, cols}`) is checked and used as is
 * (callers must treat it as read-only).
 *
 * @param X - the matrix: `number[][]`, a {@link Matrix}, or any `{ data: Float64Array, rows, cols }`.
 * @param arg - the argument name for messages, e.g. `'X'`.
 * @param caller - the public function, e.g. `'KNNClassifier.fit'`.
 * @param options - `allowNaN` (missing values pass), `allowEmpty` (zero rows pass).
 * @returns the matrix (the same data when given a Matrix, a copy of plain arrays).
 * @throws {@link InputError} for a non-2-D value, ragged rows, an empty matrix, NaN or ±Infinity.
 * @example
 * ```ts
 * toMatrix([[1, 2], [3, 4]], 'X', 'MyModel.fit').cols; // 2
 * toMatrix([1, 2], 'X', 'MyModel.fit'); // throws InputError: Argument 'X' passed to 'MyModel.fit' must be a 2-D array of finite numbers, but got a 1-D array of length 2. …
 * ```
 */
export function toMatrix(X: unknown, arg: string, caller: string, options: ToMatrixOptions = {}): Matrix {
  const prefix = `Argument '${arg}' passed to '${caller}' must be a 2-D array of finite numbers`;
  let m: Matrix;
  if (X instanceof Matrix) {
    m = X;
  } else if (X !== null && typeof X === 'object' && !Array.isArray(X) && (X as { data?: unknown }).data instanceof Float64Array) {
    const o = X as { data: Float64Array; rows: number; cols: number };
    if (!Number.isInteger(o.rows) || !Number.isInteger(o.cols) || o.data.length !== o.rows * o.cols) {
      throw new InputError(`${prefix}, but got a matrix object whose rows * cols (${o.rows} * ${o.cols}) does not match its data length ${o.data.length}.`);
    }
    m = new Matrix(o.data, o.rows, o.cols);
  } else if (Array.isArray(X)) {
    const n = X.length;
    if (n === 0) {
      if (options.allowEmpty) return new Matrix(new Float64Array(0), 0, 0);
      throw new InputError(`${prefix} with at least one row, but got an empty array.`);
    }
    const first = X[0];
    if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
      throw new InputError(`${prefix}, but got ${describeShape(X)}. Wrap a single sample as [[...]], or a single feature as [[x1], [x2], ...].`);
    }
    const d = (first as ArrayLike<number>).length;
    if (d === 0) throw new InputError(`${prefix} with at least one column, but got 0 columns.`);
    const data = new Float64Array(n * d);
    // Copied and checked in one pass: \`v * 0\` is 0 for a finite number and NaN for NaN and
    // ±Infinity, so one sum per row says whether the row needs a closer look.
    for (let i = 0; i < n; i++) {
      const r = X[i] as ArrayLike<unknown> | undefined;
      if (!Array.isArray(r) && !ArrayBuffer.isView(r)) {
        throw new InputError(`${prefix}, but row ${i} is ${formatValue(r)}.`);
      }
      if (r.length !== d) {
        throw new InputError(`${prefix} with rows of equal length, but row 0 has ${d} values and row ${i} has ${r.length} (ragged rows).`);
      }
      let zero = 0;
      for (let j = 0; j < d; j++) {
        const v = r[j];
        if (typeof v !== 'number') {
          throw new InputError(`${prefix}, but X[${i}][${j}] is ${formatValue(v)} (${typeof v}).`);
        }
        data[i * d + j] = v;
        zero += v * 0;
      }
      if (zero !== 0) checkFinite(data, i * d, (i + 1) * d, d, prefix, arg, options.allowNaN === true);
    }
    return new Matrix(data, n, d);
  } else {
    throw new InputError(`${prefix}, but got ${describeShape(X)}.`);
  }
  if (m.rows === 0 && !options.allowEmpty) throw new InputError(`${prefix} with at least one row, but got 0 rows.`);
  if (m.cols === 0 && m.rows > 0) throw new InputError(`${prefix} with at least one column, but got 0 columns.`);
  checkFinite(m.data, 0, m.data.length, m.cols, prefix, arg, options.allowNaN === true);
  // A copy made after the check (\`slice\` is a block copy, faster than copying in the check's loop).
  return options.copy ? new Matrix(m.data.slice(), m.rows, m.cols) : m;
}

/**
 * Throws the {@link toMatrix} error for the first value of `data[from, to)` that is not finite
 * (NaN passes with `allowNaN`). The common case, all finite, is one pass with a single branch per
 * eight values: \`v * 0\` is 0 for a finite number and NaN otherwise, and a sum with a NaN is NaN.
 */
function checkFinite(data: Float64Array, from: number, to: number, cols: number, prefix: string, arg: string, allowNaN: boolean): void {
  let k = from;
  if (!allowNaN) {
    for (const end = to - 7; k < end; k += 8) {
      const s =
        data[k]! * 0 + data[k + 1]! * 0 + (data[k + 2]! * 0 + data[k + 3]! * 0) + (data[k + 4]! * 0 + data[k + 5]! * 0 + (data[k + 6]! * 0 + data[k + 7]! * 0));
      if (s !== 0) break;
    }
  }
  for (; k < to; k++) {
    const v = data[k]!;
    if (v * 0 === 0 || (allowNaN && v !== v)) continue;
    const i = Math.floor(k / cols);
    const j = k % cols;
    throw new InputError(
      `${prefix}, but ${arg}[${i}][${j}] is ${formatValue(v)}.` + (v !== v ? ' Fill missing values first (SimpleImputer) or drop those rows.' : ''),
    );
  }
}

/**
 * Validates class labels at a public boundary: a non-empty array of all strings or all finite numbers.
 * @param y - the labels (a plain array, or a Float64Array / Int32Array / Float32Array of numbers).
 * @param arg - the argument name for messages, e.g. `'y'`.
 * @param caller - the public function, e.g. `'KNNClassifier.fit'`.
 * @returns the labels as a plain array (the given array itself when it is one).
 * @throws {@link InputError} otherwise.
 * @example
 * ```ts
 * toLabels(['a', 'b'], 'y', 'MyModel.fit'); // ['a', 'b']
 * toLabels(['a', 1], 'y', 'MyModel.fit'); // throws InputError (mixed label types)
 * ```
 */
export function toLabels(y: unknown, arg: string, caller: string): Labels {
  const prefix = `Argument '${arg}' passed to '${caller}' must be a non-empty 1-D array of labels (all strings or all finite numbers)`;
  let arr: unknown[];
  if (Array.isArray(y)) arr = y;
  else if (y instanceof Float64Array || y instanceof Int32Array || y instanceof Float32Array) {
    // A plain loop: Array.from on a typed array is several times slower in V8.
    arr = new Array<number>(y.length);
    for (let i = 0; i < y.length; i++) arr[i] = y[i]!;
  }
  else throw new InputError(`${prefix}, but got ${describeShape(y)}.`);
  if (arr.length === 0) throw new InputError(`${prefix}, but got an empty array.`);
  const kind = typeof arr[0];
  if (kind !== 'string' && kind !== 'number') throw new InputError(`${prefix}, but ${arg}[0] is ${formatValue(arr[0])}.`);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== kind) {
      throw new InputError(`${prefix}, but ${arg}[0] is a ${kind} and ${arg}[${i}] is ${formatValue(v)} (mixed label types).`);
    }
    if (kind === 'number' && !Number.isFinite(v as number)) {
      throw new InputError(`${prefix}, but ${arg}[${i}] is ${formatValue(v)}.`);
    }
  }
  return arr as Labels;
}

/**
 * Validates a numeric regression target: a non-empty 1-D array of finite numbers.
 * @param y - the target (a plain array or a typed array).
 * @param arg - the argument name for messages, e.g. `'y'`.
 * @param caller - the public function, e.g. `'KNNRegressor.fit'`.
 * @returns a copy as a Float64Array.
 * @throws {@link InputError} otherwise.
 * @example
 * ```ts
 * toTarget([1.5, 2], 'y', 'MyModel.fit'); // Float64Array [1.5, 2]
 * toTarget([1, NaN], 'y', 'MyModel.fit'); // throws InputError: … but y[1] is NaN.
 * ```
 */
export function toTarget(y: unknown, arg: string, caller: string): Float64Array {
  const prefix = `Argument '${arg}' passed to '${caller}' must be a non-empty 1-D array of finite numbers`;
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new InputError(`${prefix}, but got ${describeShape(y)}.`);
  const arr = y as ArrayLike<unknown>;
  if (arr.length === 0) throw new InputError(`${prefix}, but got an empty array.`);
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InputError(`${prefix}, but ${arg}[${i}] is ${formatValue(v)}.`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Throws when X and y have different numbers of samples (scikit-learn's check_consistent_length).
 * @param nX - rows of X.
 * @param nY - length of y.
 * @param caller - the public function, for the message.
 * @throws {@link InputError} when `nX !== nY`.
 * @example
 * ```ts
 * checkConsistentLength(150, 149, 'MyModel.fit'); // throws InputError: Found X and y with inconsistent numbers of samples: [150, 149] (in 'MyModel.fit').
 * ```
 */
export function checkConsistentLength(nX: number, nY: number, caller: string): void {
  if (nX !== nY) {
    throw new InputError(`Found X and y with inconsistent numbers of samples: [${nX}, ${nY}] (in '${caller}').`);
  }
}

/** Labels encoded as integer codes into a sorted list of classes. */
export interface EncodedLabels {
  /** Distinct labels in sorted order (numbers ascending, strings by code unit), as numpy's `unique`. */
  classes: Labels;
  /** Code of each sample: its index into `classes`. */
  codes: Int32Array;
}

/**
 * Sorts labels as numpy's `np.unique` does: numbers ascending, strings by UTF-16 code unit.
 * @param y - labels, all strings or all numbers.
 * @returns the distinct labels, sorted.
 * @example
 * ```ts
 * uniqueSorted([10, 2, 10]); // [2, 10]
 * uniqueSorted(['b', 'B', 'a']); // ['B', 'a', 'b']
 * ```
 */
export function uniqueSorted(y: Labels): Labels {
  if (y.length > 0 && typeof y[0] === 'number') {
    return Array.from(new Set(y as number[])).sort((a, b) => a - b);
  }
  return Array.from(new Set(y as string[])).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Encodes labels to codes into their sorted classes.
 * @param y - labels, all strings or all numbers.
 * @param classes - the classes to encode into (default: the distinct labels of `y` in the order of {@link uniqueSorted}).
 * @returns the classes and each sample's code.
 * @throws {@link InputError} when a label is not in `classes`.
 * @example
 * ```ts
 * encodeLabels(['b', 'a', 'b']); // { classes: ['a', 'b'], codes: Int32Array [1, 0, 1] }
 * ```
 */
export function encodeLabels(y: Labels, classes?: Labels): EncodedLabels {
  if (classes === undefined) return encodeSorted(y);
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = index.get(y[i]!);
    if (c === undefined) throw new InputError(`Label ${formatValue(y[i])} at position ${i} is not one of the known classes ${formatValue(classes)}.`);
    codes[i] = c;
  }
  return { classes, codes };
}

/** Largest span of integer labels (max − min + 1), beyond twice their count, that {@link encodeSorted} encodes through a table. */
const TABLE_SLACK = 256;

/**
 * {@link encodeLabels} without given classes: the classes and the codes in one go. Integer
 * labels in a span not much wider than their count (class numbers: 0..k−1, 1..k, years…) go
 * through a table indexed by value (two passes, no hashing); other labels get a code in the
 * order they first appear (one pass over a Map), then the distinct labels are sorted and the
 * codes renumbered. Classes come out as {@link uniqueSorted} gives them (−0 as 0).
 */
function encodeSorted(y: Labels): EncodedLabels {
  const n = y.length;
  const codes = new Int32Array(n);
  if (n > 0 && typeof y[0] === 'number') {
    const v = y as number[];
    let min = v[0]!;
    let max = min;
    let ints = true;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if ((x | 0) !== x) {
        ints = false;
        break;
      }
      if (x < min) min = x;
      else if (x > max) max = x;
    }
    if (ints && max - min < 2 * n + TABLE_SLACK) {
      const span = max - min + 1;
      const table = new Int32Array(span);
      for (let i = 0; i < n; i++) table[v[i]! - min] = 1;
      const classes: number[] = [];
      for (let c = 0; c < span; c++) {
        if (table[c] === 0) continue;
        table[c] = classes.length;
        classes.push(min + c);
      }
      for (let i = 0; i < n; i++) codes[i] = table[v[i]! - min]!;
      return { classes, codes };
    }
  }
  const seen = new Map<Label, number>();
  const distinct: Label[] = [];
  for (let i = 0; i < n; i++) {
    const l = y[i]!;
    let c = seen.get(l);
    if (c === undefined) {
      c = distinct.length;
      seen.set(l, c);
      distinct.push(typeof l === 'number' ? l + 0 : l);
    }
    codes[i] = c;
  }
  const order = distinct.map((_, i) => i);
  if (typeof distinct[0] === 'number') {
    const d = distinct as number[];
    order.sort((a, b) => d[a]! - d[b]!);
  } else {
    const d = distinct as string[];
    order.sort((a, b) => (d[a]! < d[b]! ? -1 : d[a]! > d[b]! ? 1 : 0));
  }
  const rank = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
  for (let i = 0; i < n; i++) codes[i] = rank[codes[i]!]!;
  return { classes: order.map((o) => distinct[o]!) as Labels, codes };
}

/**
 * Maps codes back to labels of the same kind as `classes` (the inverse of {@link encodeLabels}).
 * @param codes - indices into `classes`.
 * @param classes - the classes.
 * @returns one label per code.
 * @example
 * ```ts
 * decodeLabels([1, 0, 1], ['a', 'b']); // ['b', 'a', 'b']
 * ```
 */
export function decodeLabels(codes: ArrayLike<number>, classes: Labels): Labels {
  const out = new Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = classes[codes[i]!];
  return out as Labels;
}
