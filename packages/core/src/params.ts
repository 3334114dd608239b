/**
 * Hyper-parameter declarations. A model declares each parameter once (type, rule, default,
 * documentation); that one declaration drives validation and its error messages, `getParams`,
 * `toJSON`, the CLI's `model:param=value` parsing, generated invalid values for the contract
 * suite, and search spaces (after scikit-learn's `_parameter_constraints`).
 */
import { ParameterError, formatValue } from './errors.js';
import { didYouMean } from './suggest.js';

/** One declared hyper-parameter. */
export interface ParamDecl<T> {
  /** Kind of value, for tables and search spaces. */
  readonly kind: 'int' | 'float' | 'bool' | 'enum' | 'int[]' | 'null' | 'union';
  /** Value used when the parameter is not given. */
  readonly default: T;
  /** One sentence for `mlcompare models` and docs. */
  readonly doc: string;
  /** The rule as a phrase: "an integer in [1, Infinity)". */
  readonly rule: string;
  /** True when `value` satisfies the rule. */
  accepts(value: unknown): boolean;
  /** Parses a command-line string (`5`, `true`, `distance`, `64,32`, `null`); undefined when it cannot. */
  parse(text: string): T | undefined;
  /** Values that break the rule, for contract tests. */
  readonly invalid: readonly unknown[];
  /** Finite choices (enums, booleans), for grids and search spaces. */
  readonly choices?: readonly T[];
  /** Numeric bounds, for search spaces. */
  readonly bounds?: { readonly min?: number; readonly max?: number; readonly minExclusive?: boolean; readonly maxExclusive?: boolean };
  /** Parts of a union. */
  readonly options?: readonly ParamDecl<unknown>[];
  /**
   * Values this model refuses on purpose, each with the reason (a sibling model accepts them:
   * `SVR` refuses `engine: 'ml-svm'`, which `SVC` has). The reason ends the error message.
   */
  readonly refused?: Readonly<Record<string, string>>;
}

/** A model's parameter declarations: name → declaration. */
export type ParamSpecs = Record<string, ParamDecl<any>>;

/** The parameter object type a declaration describes. */
export type ParamsOf<S extends ParamSpecs> = { -readonly [K in keyof S]: S[K] extends ParamDecl<infer T> ? T : never };

/** What every parameter declaration states: its default and a one-line description (shown by `mlcompare models`). */
export interface ParamOptions<T> {
  /** The value used when the parameter is not given. */
  default: T;
  /** What the parameter does, in one sentence. */
  doc: string;
}

function interval(min: number | undefined, max: number | undefined, minEx: boolean, maxEx: boolean): string {
  return `${minEx || min === undefined ? '(' : '['}${min ?? '-Infinity'}, ${max ?? 'Infinity'}${maxEx || max === undefined ? ')' : ']'}`;
}

function inRange(v: number, o: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): boolean {
  if (o.min !== undefined && (o.minExclusive ? v <= o.min : v < o.min)) return false;
  if (o.max !== undefined && (o.maxExclusive ? v >= o.max : v > o.max)) return false;
  return true;
}

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t === 'Infinity' || t === 'inf') return Infinity;
  const v = Number(t);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * An integer parameter, optionally bounded (inclusive).
 * @param o - `default`, `doc`, and the optional `min` / `max`.
 * @returns the declaration.
 * @example
 * ```ts
 * const nNeighbors = int({ default: 5, min: 1, doc: 'Number of neighbours that vote.' });
 * nNeighbors.rule; // 'an integer in [1, Infinity)'
 * nNeighbors.accepts(0); // false
 * ```
 */
export function int(o: ParamOptions<number> & { min?: number; max?: number }): ParamDecl<number> {
  const rule = `an integer in ${interval(o.min, o.max, false, false)}`;
  const invalid: unknown[] = [1.5, 'x', NaN];
  if (o.min !== undefined) invalid.push(o.min - 1);
  if (o.max !== undefined) invalid.push(o.max + 1);
  return {
    kind: 'int',
    default: o.default,
    doc: o.doc,
    rule,
    accepts: (v) => typeof v === 'number' && Number.isInteger(v) && inRange(v, o),
    parse: parseNumber,
    invalid,
    bounds: { min: o.min, max: o.max },
  };
}

/**
 * A real-valued parameter, optionally bounded; bounds are inclusive unless said otherwise. The
 * value must be finite (an open bound `Infinity` is never reached): a step size or a penalty of
 * `Infinity` only turns the arithmetic into NaN. A declaration that gives `Infinity` a meaning
 * says so with `allowInfinity: true` (its rule then ends in `Infinity]`).
 * @param o - `default`, `doc`, and the optional `min` / `max` / `minExclusive` / `maxExclusive` /
 *   `allowInfinity` (default false).
 * @returns the declaration.
 * @example
 * ```ts
 * const C = float({ default: 1, min: 0, minExclusive: true, doc: 'Regularisation strength.' });
 * C.rule; // 'a number in (0, Infinity)'
 * C.accepts(Infinity); // false
 * ```
 */
export function float(
  o: ParamOptions<number> & { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; allowInfinity?: boolean },
): ParamDecl<number> {
  const inf = o.allowInfinity ?? false;
  const top = o.max === undefined && inf ? `${interval(o.min, Infinity, o.minExclusive ?? false, false)}` : interval(o.min, o.max, o.minExclusive ?? false, o.maxExclusive ?? false);
  // Unbounded and finite: said in words, not as the interval (-Infinity, Infinity) that reads as if it took them.
  const rule = o.min === undefined && o.max === undefined && !inf ? 'a finite number' : `a number in ${top}`;
  const invalid: unknown[] = ['x', NaN];
  if (o.min !== undefined) invalid.push(o.minExclusive ? o.min : o.min - 1);
  if (o.max !== undefined) invalid.push(o.maxExclusive ? o.max : o.max + 1);
  if (!inf && o.max === undefined) invalid.push(Infinity);
  if (o.min === undefined) invalid.push(-Infinity);
  return {
    kind: 'float',
    default: o.default,
    doc: o.doc,
    rule,
    accepts: (v) => typeof v === 'number' && !Number.isNaN(v) && inRange(v, o) && (Number.isFinite(v) || (inf && v === Infinity && o.max === undefined)),
    parse: parseNumber,
    invalid,
    bounds: { min: o.min, max: o.max, minExclusive: o.minExclusive, maxExclusive: o.maxExclusive },
  };
}

/**
 * A boolean parameter; `true` / `false` on the command line.
 * @param o - `default` and `doc`.
 * @returns the declaration.
 * @example
 * ```ts
 * bool({ default: true, doc: 'Shuffle the samples.' }).parse('false'); // false
 * ```
 */
export function bool(o: ParamOptions<boolean>): ParamDecl<boolean> {
  return {
    kind: 'bool',
    default: o.default,
    doc: o.doc,
    rule: 'a boolean',
    accepts: (v) => typeof v === 'boolean',
    parse: (t) => (t === 'true' ? true : t === 'false' ? false : undefined),
    invalid: ['yes', 1],
    choices: [false, true],
  };
}

/**
 * One of a fixed set of strings.
 * @param choices - the allowed strings (`as const` keeps their literal types).
 * @param o - `default` (one of the choices), `doc`, and optionally `refused`: strings a sibling
 *   model accepts but this one does not, each with the reason its error message ends with.
 * @returns the declaration.
 * @example
 * ```ts
 * oneOf(['uniform', 'distance'] as const, { default: 'uniform', doc: 'How neighbours vote.' }).rule; // "one of 'uniform', 'distance'"
 * const engine = oneOf(['libsvm-js'] as const, { default: 'libsvm-js', doc: '', refused: { 'ml-svm': 'ml-svm has no regression variant' } });
 * paramErrorMessage('SVR', 'engine', engine, 'ml-svm');
 * // "The 'engine' parameter of SVR must be 'libsvm-js'. Got 'ml-svm' instead: ml-svm has no regression variant."
 * ```
 */
export function oneOf<const C extends readonly string[]>(
  choices: C,
  o: ParamOptions<C[number]> & { refused?: Readonly<Record<string, string>> },
): ParamDecl<C[number]> {
  const decl: ParamDecl<C[number]> = {
    kind: 'enum',
    default: o.default,
    doc: o.doc,
    rule: choices.length === 1 ? `'${choices[0]}'` : `one of ${choices.map((c) => `'${c}'`).join(', ')}`,
    accepts: (v) => typeof v === 'string' && (choices as readonly string[]).includes(v),
    parse: (t) => ((choices as readonly string[]).includes(t) ? (t as C[number]) : undefined),
    invalid: ['not-a-choice', 3, ...Object.keys(o.refused ?? {})],
    choices,
  };
  return o.refused ? { ...decl, refused: o.refused } : decl;
}

/**
 * A non-empty list of integers (e.g. `hiddenLayerSizes`); on the command line `64x32` or `[64,32]`
 * (`64,32` too where a comma does not separate grid values).
 * @param o - `default`, `doc`, and the optional `min` (per element) and `minLength` (default 1).
 * @returns the declaration.
 * @example
 * ```ts
 * intArray({ default: [100], min: 1, doc: 'Units per hidden layer.' }).parse('64x32'); // [64, 32]
 * ```
 */
export function intArray(o: ParamOptions<number[]> & { min?: number; minLength?: number }): ParamDecl<number[]> {
  const minLength = o.minLength ?? 1;
  const min = o.min ?? -Infinity;
  return {
    kind: 'int[]',
    default: o.default,
    doc: o.doc,
    rule: `an array of at least ${minLength} integer${minLength === 1 ? '' : 's'}${o.min !== undefined ? ` >= ${o.min}` : ''}`,
    accepts: (v) => Array.isArray(v) && v.length >= minLength && v.every((x) => Number.isInteger(x) && x >= min),
    parse: (t) => {
      // `64x32`, `64,32` or as JSON `[64,32]` (the brackets are optional, not required).
      // One separator between two numbers: a separator with nothing on one side is a typo
      // ('64x', '64,,32'), not a shorter list.
      const inner = (/^\s*\[(.*)\]\s*$/s.exec(t)?.[1] ?? t).trim();
      if (inner === '') return undefined;
      const parts = inner.split(/\s*[x,;]\s*|\s+/);
      if (parts.some((s) => s === '')) return undefined;
      const nums = parts.map(Number);
      return nums.every((x) => Number.isInteger(x)) ? nums : undefined;
    },
    invalid: [[], 5, [1.5], o.min !== undefined ? [o.min - 1] : 'x'],
  };
}

/**
 * The value `null` (use inside {@link union}: "null means unlimited" and the like).
 * @param doc - what null means.
 * @returns the declaration; `null`, `none` and `None` parse to null.
 * @example
 * ```ts
 * const maxDepth = union<number | null>([int({ default: 1, min: 1, doc: '' }), nullValue()], { default: null, doc: 'Depth limit; null grows fully.' });
 * maxDepth.rule; // 'an integer in [1, Infinity) or null'
 * ```
 */
export function nullValue(doc = ''): ParamDecl<null> {
  return {
    kind: 'null',
    default: null,
    doc,
    rule: 'null',
    accepts: (v) => v === null,
    parse: (t) => (t === 'null' || t === 'none' || t === 'None' ? null : undefined),
    invalid: [],
    choices: [null],
  };
}

/**
 * Any one of several declarations; parsed and checked in the order given.
 * @param options - the declarations of the accepted kinds.
 * @param o - `default` and `doc` of the whole.
 * @returns the declaration; its rule joins the parts' rules with "or".
 * @example
 * ```ts
 * union<number | null>([float({ default: 0, doc: '' }), nullValue()], { default: 0, doc: 'A shift, or null to draw one.' }).parse('null'); // null
 * ```
 */
export function union<T>(options: readonly ParamDecl<any>[], o: ParamOptions<T>): ParamDecl<T> {
  const rules = options.map((p) => p.rule);
  const rule = rules.length <= 1 ? (rules[0] ?? '') : `${rules.slice(0, -1).join(', ')} or ${rules[rules.length - 1]}`;
  const accepts = (v: unknown): boolean => options.some((p) => p.accepts(v));
  const invalid = options.flatMap((p) => p.invalid).filter((v) => !accepts(v));
  return {
    kind: 'union',
    default: o.default,
    doc: o.doc,
    rule,
    accepts,
    parse: (t) => {
      for (const p of options) {
        const v = p.parse(t);
        if (v !== undefined && p.accepts(v)) return v as T;
      }
      return undefined;
    },
    invalid: invalid.length > 0 ? invalid : [{}],
    options,
  };
}

/**
 * The `seed` parameter every randomised model has (scikit-learn's `random_state`): an integer in
 * [0, 2^53 - 1], default 0.
 * @param doc - what the seed drives.
 * @returns the declaration.
 * @example
 * ```ts
 * const spec = { seed: seedParam() } satisfies ParamSpecs;
 * resolveParams('MyModel', spec, {}).seed; // 0
 * ```
 */
export function seedParam(doc = 'Seed of every random choice the model makes; the same seed gives the same model.'): ParamDecl<number> {
  return int({ default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, doc });
}

/**
 * The standard message for a value that breaks its rule (scikit-learn's template).
 * @param owner - the model or function the parameter belongs to.
 * @param name - the parameter.
 * @param decl - its declaration (for the rule).
 * @param value - the value given.
 * @returns the message.
 * @example
 * ```ts
 * paramErrorMessage('KNNClassifier', 'nNeighbors', int({ default: 5, min: 1, doc: '' }), 0);
 * // "The 'nNeighbors' parameter of KNNClassifier must be an integer in [1, Infinity). Got 0 instead."
 * ```
 */
function paramErrorMessage(owner: string, name: string, decl: ParamDecl<unknown>, value: unknown): string {
  const why = typeof value === 'string' && decl.refused && Object.prototype.hasOwnProperty.call(decl.refused, value) ? decl.refused[value] : undefined;
  return `The '${name}' parameter of ${owner} must be ${decl.rule}. Got ${formatValue(value)} instead${why !== undefined ? `: ${why}` : ''}.`;
}

/** "Unknown parameter 'k' for M. Did you mean …? Valid parameters: …." */
function unknownParameterMessage(owner: string, spec: ParamSpecs, name: string): string {
  const names = Object.keys(spec);
  return `Unknown parameter '${name}' for ${owner}.${didYouMean(name, names)} Valid parameters: ${names.join(', ')}.`;
}

function copyValue<T>(v: T): T {
  return (Array.isArray(v) ? [...v] : v) as T;
}

/**
 * Merges defaults with the given parameters and validates every value.
 * Parameters given as `undefined` take their default.
 *
 * @param owner - the model's class name, for messages.
 * @param spec - the parameter declarations.
 * @param given - the caller's parameters (an object, or undefined for all defaults).
 * @returns every declared parameter, validated; arrays copied.
 * @throws {@link ParameterError} for an unknown name (listing the valid ones) or a value that breaks its rule.
 * @example
 * ```ts
 * const spec = { nNeighbors: int({ default: 5, min: 1, doc: '' }) } satisfies ParamSpecs;
 * resolveParams('KNNClassifier', spec, {}); // { nNeighbors: 5 }
 * resolveParams('KNNClassifier', spec, { nNeighbors: 0 }); // throws ParameterError: The 'nNeighbors' parameter of KNNClassifier must be an integer in [1, Infinity). Got 0 instead.
 * ```
 */
export function resolveParams<S extends ParamSpecs>(owner: string, spec: S, given: unknown): ParamsOf<S> {
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw new ParameterError(`The parameters of ${owner} must be an object of { name: value }. Got ${formatValue(given)} instead.`);
  }
  const g = (given ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(g)) {
    if (!Object.prototype.hasOwnProperty.call(spec, key)) {
      throw new ParameterError(unknownParameterMessage(owner, spec, key));
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(spec)) {
    const v = g[name] === undefined ? decl.default : g[name];
    if (!decl.accepts(v)) throw new ParameterError(paramErrorMessage(owner, name, decl, v));
    out[name] = copyValue(v);
  }
  return out as ParamsOf<S>;
}

/**
 * Parses a command-line value for one parameter (`nNeighbors=5`, `weights=distance`, `maxDepth=null`).
 * @param owner - the model's class name, for messages.
 * @param spec - its parameter declarations.
 * @param name - the parameter.
 * @param text - the value as written.
 * @returns the parsed value, checked against its rule.
 * @throws {@link ParameterError} for an unknown name or an unparsable / invalid value.
 * @example
 * ```ts
 * const spec = { nNeighbors: int({ default: 5, min: 1, doc: '' }) } satisfies ParamSpecs;
 * parseParamValue('KNNClassifier', spec, 'nNeighbors', '7'); // 7
 * ```
 */
export function parseParamValue(owner: string, spec: ParamSpecs, name: string, text: string): unknown {
  const decl = spec[name];
  if (!decl) throw new ParameterError(unknownParameterMessage(owner, spec, name));
  const v = decl.parse(text);
  if (v === undefined || !decl.accepts(v)) throw new ParameterError(paramErrorMessage(owner, name, decl, text));
  return v;
}

/**
 * Renders a parameter value for tables and labels (`[64, 32]` → `64,32`); the inverse of the
 * declarations' `parse`.
 * @param v - the value.
 * @returns its text.
 * @example
 * ```ts
 * formatParamValue([64, 32]); // '64,32'
 * formatParamValue(null); // 'null'
 * ```
 */
export function formatParamValue(v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (v === null) return 'null';
  return String(v);
}
