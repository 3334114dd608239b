/**
 * Reading a model's JSON as the trust boundary it is: model files travel between machines and
 * users, so every field of the learned state is checked for its type, its range and its shape
 * against the other fields and the parameters before a model uses it. Every failure is a
 * {@link SerializationError} that names the field (`state.model.coef`), the rule and the value:
 *
 * `Invalid Ridge JSON: 'state.model.coef' must be an array of 4 finite numbers (one per feature: state.nFeatures is 4), but got an array of 3 items.`
 */
import { SerializationError, formatValue } from './errors.js';
import { Matrix, uniqueSorted, type Labels } from './matrix.js';

/** Training history of an iterative model (network epochs, gradient-descent cost). */
export interface TrainingHistory {
  /** Training loss (cost) per epoch. */
  loss: number[];
  /** Validation score per epoch, when early stopping held out a validation set. */
  validationScore?: number[];
  /** Epochs (iterations) run. */
  epochs: number;
  /** Why training stopped, in words ("maxIter reached", "loss did not improve by tol for 10 epochs", …). */
  stopReason: string;
}

/** What a model's `deserializeState` is told about the state around it (already validated). */
export interface StateContext {
  /** The model's class name, for messages. */
  readonly owner: string;
  /** Where the model's own state sits in its JSON (`state.model`). */
  readonly path: string;
  /** The number of features the model was fitted on (`state.nFeatures`). */
  readonly nFeatures: number;
}

/** {@link StateContext} of a classifier: also the number of classes (`state.classes`). */
export interface ClassifierStateContext extends StateContext {
  /** The number of classes (`state.classes.length`). */
  readonly nClasses: number;
}

/** Rules of a number in a model's JSON. */
export interface NumberRule {
  /** Must be an integer. */
  integer?: boolean;
  /** Smallest value allowed (inclusive unless `minExclusive`). */
  min?: number;
  /** Largest value allowed (inclusive unless `maxExclusive`). */
  max?: number;
  /** `min` itself is not allowed. */
  minExclusive?: boolean;
  /** `max` itself is not allowed. */
  maxExclusive?: boolean;
  /** Must be a float32 value exactly (`Math.fround(v) === v`): weights of a network that computes in float32. */
  float32?: boolean;
}

/** Rules of an array of numbers in a model's JSON. */
export interface ArrayRule extends NumberRule {
  /** Exact number of items. */
  length?: number;
  /** Fewest items (default 0). */
  minLength?: number;
  /** Why the length is what it is, e.g. `one per feature: state.nFeatures is 4`. */
  why?: string;
}

/**
 * The error for a field of a model's JSON that breaks its rule.
 * @param owner - the model's class name.
 * @param path - the field, e.g. `state.model.coef`.
 * @param rule - what it must be, e.g. `an array of 4 finite numbers`.
 * @param got - what it is, already rendered (see {@link describeJsonValue}).
 * @returns the error (throw it).
 * @example
 * ```ts
 * stateError('Ridge', 'state.model.intercept', 'a finite number', 'NaN').message;
 * // "Invalid Ridge JSON: 'state.model.intercept' must be a finite number, but got NaN."
 * ```
 */
export function stateError(owner: string, path: string, rule: string, got: string): SerializationError {
  return new SerializationError(`Invalid ${owner} JSON: '${path}' must be ${rule}, but got ${got}.`);
}

/**
 * A JSON value rendered for a message: arrays by their length, objects by their kind, scalars as {@link formatValue}.
 * @param v - the value.
 * @returns its description.
 * @example
 * ```ts
 * describeJsonValue([1, 2, 3]); // 'an array of 3 items'
 * describeJsonValue(undefined); // 'nothing (the field is missing)'
 * ```
 */
export function describeJsonValue(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v !== null && typeof v === 'object') return ArrayBuffer.isView(v) ? `a ${v.constructor.name}` : 'an object';
  return formatValue(v);
}

function interval(r: NumberRule): string {
  if (r.min === undefined && r.max === undefined) return '';
  const lo = r.min === undefined ? '(-Infinity' : `${r.minExclusive ? '(' : '['}${r.min}`;
  const hi = r.max === undefined ? 'Infinity)' : `${r.max}${r.maxExclusive ? ')' : ']'}`;
  return ` in ${lo}, ${hi}`;
}

function numberPhrase(r: NumberRule, plural: boolean): string {
  const noun = r.integer ? (plural ? 'integers' : 'an integer') : plural ? 'finite numbers' : 'a finite number';
  return `${noun}${interval(r)}${r.float32 ? ' (float32 values)' : ''}`;
}

function numberOk(v: unknown, r: NumberRule): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (r.integer && !Number.isInteger(v)) return false;
  if (r.min !== undefined && (r.minExclusive ? v <= r.min : v < r.min)) return false;
  if (r.max !== undefined && (r.maxExclusive ? v >= r.max : v > r.max)) return false;
  if (r.float32 && Math.fround(v) !== v) return false;
  return true;
}

/**
 * Reads one number of a model's JSON.
 * @param owner - the model's class name, for messages.
 * @param path - the field.
 * @param v - its value.
 * @param rule - integer, bounds, float32.
 * @returns the number.
 * @throws {@link SerializationError} when it is not a finite number that keeps the rule.
 * @example
 * ```ts
 * readNumber('KNNClassifier', 'state.nFeatures', 4, { integer: true, min: 1 }); // 4
 * ```
 */
export function readNumber(owner: string, path: string, v: unknown, rule: NumberRule = {}): number {
  if (!numberOk(v, rule)) throw stateError(owner, path, numberPhrase(rule, false), describeJsonValue(v));
  return v;
}

function readNumberArray(owner: string, path: string, v: unknown, rule: ArrayRule): number[] {
  const why = rule.why ? ` (${rule.why})` : '';
  const phrase =
    rule.length !== undefined
      ? `an array of ${rule.length} ${numberPhrase(rule, true)}${why}`
      : `an array of ${rule.minLength ? `at least ${rule.minLength} ` : ''}${numberPhrase(rule, true)}${why}`;
  if (!Array.isArray(v)) throw stateError(owner, path, phrase, describeJsonValue(v));
  if ((rule.length !== undefined && v.length !== rule.length) || v.length < (rule.minLength ?? 0)) {
    throw stateError(owner, path, phrase, describeJsonValue(v));
  }
  for (let i = 0; i < v.length; i++) {
    if (!numberOk(v[i], rule)) throw stateError(owner, `${path}[${i}]`, numberPhrase(rule, false), describeJsonValue(v[i]));
  }
  return v as number[];
}

/**
 * Reads an array of numbers of a model's JSON into a Float64Array (doubles round-trip exactly).
 * @param owner - the model's class name, for messages.
 * @param path - the field.
 * @param v - its value.
 * @param rule - length (with its reason), integer, bounds, float32.
 * @returns the values.
 * @throws {@link SerializationError} naming the field, or the first item, that breaks the rule.
 * @example
 * ```ts
 * readFloat64Array('Ridge', 'state.model.coef', [0.5, 2], { length: 2 }); // Float64Array [0.5, 2]
 * ```
 */
export function readFloat64Array(owner: string, path: string, v: unknown, rule: ArrayRule = {}): Float64Array {
  return Float64Array.from(readNumberArray(owner, path, v, rule));
}

/**
 * Reads an array of integers of a model's JSON into an Int32Array (refusing values an
 * Int32Array would silently wrap or truncate).
 * @param owner - the model's class name, for messages.
 * @param path - the field.
 * @param v - its value.
 * @param rule - length (with its reason) and bounds; values are integers in the int32 range at least.
 * @returns the values.
 * @throws {@link SerializationError} naming the field, or the first item, that breaks the rule.
 * @example
 * ```ts
 * readInt32Array('KNNClassifier', 'state.model.y', [0, 1, 1], { min: 0, max: 1 }); // Int32Array [0, 1, 1]
 * ```
 */
export function readInt32Array(owner: string, path: string, v: unknown, rule: ArrayRule = {}): Int32Array {
  const r: ArrayRule = { ...rule, integer: true, min: Math.max(rule.min ?? -2147483648, -2147483648), max: Math.min(rule.max ?? 2147483647, 2147483647) };
  return Int32Array.from(readNumberArray(owner, path, v, r));
}

/**
 * Reads the `classes` of a classifier's JSON: at least `minClasses` labels, all strings or all
 * finite numbers, distinct and in the order `fit` sorts them ({@link uniqueSorted}).
 * @param owner - the model's class name, for messages.
 * @param path - the field (`state.classes`).
 * @param v - its value.
 * @param minClasses - fewest classes the model fits with.
 * @returns the classes (a copy).
 * @throws {@link SerializationError} naming the field and the rule.
 * @example
 * ```ts
 * readClasses('SVC', 'state.classes', ['a', 'b'], 2); // ['a', 'b']
 * readClasses('SVC', 'state.classes', ['b', 'a'], 2); // throws: … must be … sorted …
 * ```
 */
export function readClasses(owner: string, path: string, v: unknown, minClasses: number): Labels {
  const rule = `an array of at least ${minClasses} distinct class labels (all strings or all finite numbers), sorted as fit sorts them`;
  if (!Array.isArray(v) || v.length < minClasses) throw stateError(owner, path, rule, describeJsonValue(v));
  const kind = typeof v[0];
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    const ok = (kind === 'string' && typeof c === 'string') || (kind === 'number' && typeof c === 'number' && Number.isFinite(c));
    if (!ok) throw stateError(owner, `${path}[${i}]`, `a label of the same kind as ${path}[0] (all strings or all finite numbers)`, describeJsonValue(c));
  }
  const sorted = uniqueSorted(v as Labels);
  if (sorted.length !== v.length || sorted.some((c, i) => c !== v[i])) {
    throw stateError(owner, path, rule, `${formatValue(v)}${sorted.length !== v.length ? ' (with repeats)' : ' (out of order)'}`);
  }
  return [...v] as Labels;
}

/**
 * Reads a {@link TrainingHistory}: `loss` (finite numbers), optional `validationScore`,
 * `epochs` (an integer in [0, maxEpochs]) and `stopReason` (a string).
 * @param owner - the model's class name, for messages.
 * @param path - the field.
 * @param v - its value.
 * @param o - `maxEpochs` (the `maxIter` parameter), `lossLength` (when it must equal epochs:
 *   `'epochs'`), `validation` (`true`: required, `false`: forbidden, undefined: optional).
 * @returns the history (a copy).
 * @throws {@link SerializationError} naming the field and the rule.
 * @example
 * ```ts
 * readHistory('Perceptron', 'state.model.history', { loss: [0.5], epochs: 1, stopReason: 'maxIter reached' }, { maxEpochs: 10 }).epochs; // 1
 * ```
 */
export function readHistory(
  owner: string,
  path: string,
  v: unknown,
  o: { maxEpochs?: number; lossLength?: 'epochs'; validation?: boolean } = {},
): TrainingHistory {
  const r = StateReader.of(owner, path, v);
  const epochs = r.number('epochs', { integer: true, min: 0, ...(o.maxEpochs !== undefined ? { max: o.maxEpochs } : {}) });
  const len = o.lossLength === 'epochs' ? { length: epochs, why: `one per epoch: ${path}.epochs is ${epochs}` } : {};
  const loss = Array.from(r.float64('loss', len));
  const stopReason = r.string('stopReason');
  const h: TrainingHistory = { loss, epochs, stopReason };
  if (o.validation === false) r.absent('validationScore', 'without early stopping');
  else if (o.validation === true || r.has('validationScore')) {
    h.validationScore = Array.from(r.float64('validationScore', { length: loss.length, why: `one per epoch, as ${path}.loss` }));
  }
  r.done();
  return h;
}

/**
 * Reads the fields of one object of a model's JSON, each with its rule; {@link StateReader.done}
 * then refuses fields the model does not read (a model file holds what the model is, nothing else).
 *
 * @example
 * ```ts
 * const r = StateReader.of('Ridge', 'state.model', { coef: [1, 2], intercept: 0.5 });
 * r.float64('coef', { length: 2, why: 'one per feature' }); // Float64Array [1, 2]
 * r.number('intercept'); // 0.5
 * r.done();
 * ```
 */
export class StateReader {
  readonly #obj: Record<string, unknown>;
  readonly #read = new Set<string>();

  private constructor(
    /** The model's class name, for messages. */
    readonly owner: string,
    /** Where the object sits in the JSON (`state.model`). */
    readonly path: string,
    obj: Record<string, unknown>,
  ) {
    this.#obj = obj;
  }

  /**
   * A reader of `v`, which must be a plain object.
   * @param owner - the model's class name, for messages.
   * @param path - where `v` sits in the JSON.
   * @param v - the value.
   * @returns the reader.
   * @throws {@link SerializationError} when `v` is not an object.
   */
  static of(owner: string, path: string, v: unknown): StateReader {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) throw stateError(owner, path, 'an object', describeJsonValue(v));
    return new StateReader(owner, path, v as Record<string, unknown>);
  }

  /**
   * The path of a field of this object.
   * @param key - the field.
   * @returns e.g. `state.model.coef`.
   */
  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /**
   * Whether the field is present (not undefined).
   * @param key - the field.
   * @returns true when present.
   */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.#obj, key) && this.#obj[key] !== undefined;
  }

  /**
   * The raw value of a field (marked as read); check it yourself.
   * @param key - the field.
   * @returns its value (undefined when missing).
   */
  raw(key: string): unknown {
    this.#read.add(key);
    return Object.prototype.hasOwnProperty.call(this.#obj, key) ? this.#obj[key] : undefined;
  }

  /**
   * Refuses a field that must not be there.
   * @param key - the field.
   * @param why - when it must be absent, e.g. `with probability false`.
   * @throws {@link SerializationError} when it is present.
   */
  absent(key: string, why: string): void {
    if (this.has(key)) throw stateError(this.owner, this.at(key), `absent ${why}`, describeJsonValue(this.raw(key)));
    this.#read.add(key);
  }

  /**
   * A number field (see {@link readNumber}).
   * @param key - the field.
   * @param rule - integer, bounds, float32.
   * @returns the number.
   * @throws {@link SerializationError} naming the field.
   */
  number(key: string, rule: NumberRule = {}): number {
    return readNumber(this.owner, this.at(key), this.raw(key), rule);
  }

  /**
   * A number field that must equal a value the rest of the model implies.
   * @param key - the field.
   * @param expected - the value.
   * @param why - where the value comes from, e.g. `params.coef0`.
   * @returns the number.
   * @throws {@link SerializationError} naming the field.
   */
  equal(key: string, expected: number | string | boolean, why: string): typeof expected {
    const v = this.raw(key);
    if (v !== expected) throw stateError(this.owner, this.at(key), `${formatValue(expected)} (${why})`, describeJsonValue(v));
    return expected;
  }

  /**
   * A string field.
   * @param key - the field.
   * @returns the string.
   * @throws {@link SerializationError} naming the field.
   */
  string(key: string): string {
    const v = this.raw(key);
    if (typeof v !== 'string') throw stateError(this.owner, this.at(key), 'a string', describeJsonValue(v));
    return v;
  }

  /**
   * A string field with a fixed set of values.
   * @param key - the field.
   * @param choices - the values allowed.
   * @param why - optional reason the set is what it is (e.g. `params.engine is 'fast'`).
   * @returns the value.
   * @throws {@link SerializationError} naming the field.
   */
  oneOf<const C extends readonly string[]>(key: string, choices: C, why?: string): C[number] {
    const v = this.raw(key);
    if (typeof v !== 'string' || !choices.includes(v)) {
      const rule = choices.length === 1 ? formatValue(choices[0]) : `one of ${choices.map((c) => formatValue(c)).join(', ')}`;
      throw stateError(this.owner, this.at(key), `${rule}${why ? ` (${why})` : ''}`, describeJsonValue(v));
    }
    return v as C[number];
  }

  /**
   * An array-of-numbers field (see {@link readFloat64Array}).
   * @param key - the field.
   * @param rule - length (with its reason), integer, bounds, float32.
   * @returns the values.
   * @throws {@link SerializationError} naming the field or item.
   */
  float64(key: string, rule: ArrayRule = {}): Float64Array {
    return readFloat64Array(this.owner, this.at(key), this.raw(key), rule);
  }

  /**
   * An array-of-integers field (see {@link readInt32Array}).
   * @param key - the field.
   * @param rule - length (with its reason) and bounds.
   * @returns the values.
   * @throws {@link SerializationError} naming the field or item.
   */
  int32(key: string, rule: ArrayRule = {}): Int32Array {
    return readInt32Array(this.owner, this.at(key), this.raw(key), rule);
  }

  /**
   * A matrix field written by `matrixToJSON` (`{ rows, cols, data }`), with its shape checked
   * before its data is read.
   * @param key - the field.
   * @param shape - the rows and columns it must have (each optional), each with its reason
   *   (`rowsWhy`, `colsWhy`), or `minRows`.
   * @returns the matrix.
   * @throws {@link SerializationError} naming the field.
   */
  matrix(key: string, shape: { rows?: number; rowsWhy?: string; cols?: number; colsWhy?: string; minRows?: number } = {}): Matrix {
    const m = this.object(key);
    const rows = shape.rows !== undefined ? (m.equal('rows', shape.rows, shape.rowsWhy ?? 'as the rest of the model implies') as number) : m.number('rows', { integer: true, min: shape.minRows ?? 1 });
    const cols = shape.cols !== undefined ? (m.equal('cols', shape.cols, shape.colsWhy ?? 'as the rest of the model implies') as number) : m.number('cols', { integer: true, min: 1 });
    const data = m.float64('data', { length: rows * cols, why: `rows × cols = ${rows} × ${cols}` });
    m.done();
    return new Matrix(data, rows, cols);
  }

  /**
   * An object field, as a reader of its own.
   * @param key - the field.
   * @returns its reader.
   * @throws {@link SerializationError} when it is not an object.
   */
  object(key: string): StateReader {
    return StateReader.of(this.owner, this.at(key), this.raw(key));
  }

  /**
   * Refuses the fields that were not read: a model file holds what the model reads, nothing else.
   * @throws {@link SerializationError} naming the first unknown field.
   */
  done(): void {
    for (const key of Object.keys(this.#obj)) {
      if (!this.#read.has(key)) {
        const known = [...this.#read].map((k) => `'${k}'`).join(', ');
        throw stateError(this.owner, this.path, `an object with only the fields ${known || '(none)'}`, `an unknown field '${key}'`);
      }
    }
  }
}
