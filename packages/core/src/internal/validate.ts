/**
 * Argument checks shared by metrics, resampling, statistics and preprocessing.
 * Messages follow the house template: the argument, the function, the rule and the value.
 */
import { InputError, formatValue } from '../errors.js';
import { Matrix, toLabels, toTarget, uniqueSorted, type Label, type Labels } from '../matrix.js';

/** Checks that two label arrays have the same length and kind; returns them as plain arrays. */
export function labelPair(yTrue: unknown, yPred: unknown, caller: string, predArg = 'yPred'): { t: Labels; p: Labels } {
  const t = toLabels(yTrue, 'yTrue', caller);
  const p = toLabels(yPred, predArg, caller);
  if (t.length !== p.length) {
    throw new InputError(
      `Arguments 'yTrue' and '${predArg}' passed to '${caller}' must have the same length, but got inconsistent numbers of samples: [${t.length}, ${p.length}].`,
    );
  }
  if (typeof t[0] !== typeof p[0]) {
    throw new InputError(
      `Arguments 'yTrue' and '${predArg}' passed to '${caller}' must hold labels of the same kind, but yTrue holds ${typeof t[0]}s and ${predArg} holds ${typeof p[0]}s.`,
    );
  }
  return { t, p };
}

/** Checks two numeric targets of equal length; returns copies. */
export function targetPair(yTrue: unknown, yPred: unknown, caller: string): { t: Float64Array; p: Float64Array } {
  const t = toTarget(yTrue, 'yTrue', caller);
  const p = toTarget(yPred, 'yPred', caller);
  if (t.length !== p.length) {
    throw new InputError(
      `Arguments 'yTrue' and 'yPred' passed to '${caller}' must have the same length, but got inconsistent numbers of samples: [${t.length}, ${p.length}].`,
    );
  }
  return { t, p };
}

/** Sorted distinct labels of both arrays (scikit-learn's `unique_labels`). */
export function unionLabels(a: Labels, b: Labels): Labels {
  return uniqueSorted([...a, ...b] as Labels);
}

/** Map from label to its index in `classes`. */
export function indexOf(classes: readonly Label[]): Map<Label, number> {
  const m = new Map<Label, number>();
  classes.forEach((c, i) => m.set(c, i));
  return m;
}

/**
 * Reads scores or probabilities: a 1-D array (one score per sample) or a 2-D array / matrix
 * (one row per sample). Values must be finite.
 */
export function toScores(y: unknown, arg: string, caller: string): { oneD: Float64Array | undefined; twoD: Matrix | undefined; rows: number } {
  const prefix = `Argument '${arg}' passed to '${caller}' must be a non-empty 1-D array of scores or a 2-D array of probabilities (one row per sample) of finite numbers`;
  if (y instanceof Matrix || (y !== null && typeof y === 'object' && !Array.isArray(y) && (y as { data?: unknown }).data instanceof Float64Array)) {
    const o = y as { data: Float64Array; rows: number; cols: number };
    if (o.data.length !== o.rows * o.cols || o.rows === 0) throw new InputError(`${prefix}, but got a matrix of ${o.rows} × ${o.cols} with ${o.data.length} values.`);
    checkFinite(o.data, arg, caller, prefix, o.cols);
    return { oneD: undefined, twoD: new Matrix(o.data, o.rows, o.cols), rows: o.rows };
  }
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new InputError(`${prefix}, but got ${formatValue(y)}.`);
  const arr = y as ArrayLike<unknown>;
  if (arr.length === 0) throw new InputError(`${prefix}, but got an empty array.`);
  const first = arr[0];
  if (Array.isArray(first) || ArrayBuffer.isView(first)) {
    const n = arr.length;
    const d = (first as ArrayLike<unknown>).length;
    if (d === 0) throw new InputError(`${prefix}, but row 0 is empty.`);
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = arr[i] as ArrayLike<unknown>;
      if ((!Array.isArray(r) && !ArrayBuffer.isView(r)) || r.length !== d) {
        throw new InputError(`${prefix}, but row 0 has ${d} values and row ${i} is ${Array.isArray(r) ? `of length ${r.length}` : formatValue(r)} (ragged rows).`);
      }
      for (let j = 0; j < d; j++) {
        const v = r[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${prefix}, but ${arg}[${i}][${j}] is ${formatValue(v)}.`);
        data[i * d + j] = v;
      }
    }
    return { oneD: undefined, twoD: new Matrix(data, n, d), rows: n };
  }
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${prefix}, but ${arg}[${i}] is ${formatValue(v)}.`);
    out[i] = v;
  }
  return { oneD: out, twoD: undefined, rows: out.length };
}

function checkFinite(data: Float64Array, arg: string, caller: string, prefix: string, cols: number): void {
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) {
      throw new InputError(`${prefix}, but ${arg}[${Math.floor(k / cols)}][${k % cols}] is ${formatValue(data[k])}.`);
    }
  }
}

/** A non-empty array of finite numbers, copied (for statistics inputs). */
export function toFiniteArray(a: unknown, arg: string, caller: string, minLength = 1): Float64Array {
  const prefix = `Argument '${arg}' passed to '${caller}' must be an array of at least ${minLength} finite number${minLength === 1 ? '' : 's'}`;
  if (!Array.isArray(a) && !ArrayBuffer.isView(a)) throw new InputError(`${prefix}, but got ${formatValue(a)}.`);
  const arr = a as ArrayLike<unknown>;
  if (arr.length < minLength) throw new InputError(`${prefix}, but got ${arr.length}.`);
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${prefix}, but ${arg}[${i}] is ${formatValue(v)}.`);
    out[i] = v;
  }
  return out;
}
