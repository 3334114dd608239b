/**
 * Search spaces: the text form of `--space 'svm:C=log(1e-3,1e3),kernel=rbf,linear'`, the JSON form of a
 * suite, and the check of a space against a model's parameter declarations. A space is core's
 * {@link SearchSpace} (results.ts): parameter name → a list of values, or an integer / real range
 * sampled uniformly or on a log scale.
 */
import { ConfigError, formatValue } from '../errors.js';
import type { ParamDecl, ParamSpecs } from '../params.js';
import type { SearchSpace, SpaceDomain } from '../results.js';
import { didYouMean } from '../suggest.js';

/** A value a list domain may hold (a parameter value: number, string, boolean, null or integer list). */
export type SpaceValue = number | string | boolean | null | number[];

/** One candidate configuration: parameter name → value. */
export type TuneConfig = Record<string, SpaceValue>;

function fail(where: string, message: string): never {
  throw new ConfigError(`${where}: ${message}`);
}

/** The numeric kinds a declaration accepts: its own, or those of the parts of a union (`maxDepth`: int or null). */
function numericKinds(decl: ParamDecl<unknown>): Set<'int' | 'float'> {
  const out = new Set<'int' | 'float'>();
  if (decl.kind === 'int' || decl.kind === 'float') out.add(decl.kind);
  if (decl.kind === 'union') for (const o of decl.options ?? []) for (const k of numericKinds(o)) out.add(k);
  return out;
}

/**
 * The kind of a range on this declaration: its numeric kind; for a union with both an integer and a
 * real part (`maxFeatures`: a count or a fraction), an integer range when both bounds are integers.
 */
function rangeKind(decl: ParamDecl<unknown>, low: number, high: number): 'int' | 'float' | undefined {
  const kinds = numericKinds(decl);
  if (kinds.size === 0) return undefined;
  if (kinds.size === 1) return [...kinds][0];
  return Number.isInteger(low) && Number.isInteger(high) ? 'int' : 'float';
}

function unknownParam(where: string, name: string, declarations: ParamSpecs): never {
  const names = Object.keys(declarations);
  fail(where, `unknown parameter '${name}'.${didYouMean(name, names)} Valid parameters: ${names.join(', ')}.`);
}

/** Splits at commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

const RANGE = /^(range|log)\s*\((.*)\)$/s;

function parseBound(where: string, name: string, fn: string, text: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) fail(where, `the bounds of '${name}=${fn}(...)' must be finite numbers, but got ${formatValue(t)}.`);
  return v;
}

function rangeDomain(where: string, name: string, decl: ParamDecl<unknown>, fn: string, inner: string): SpaceDomain {
  if (numericKinds(decl).size === 0) {
    fail(where, `'${name}' is ${decl.rule}, not a number: it takes a list of values (${name}=a,b,c), not ${fn}(lo,hi).`);
  }
  const bounds = splitTopLevel(inner);
  if (bounds.length !== 2) fail(where, `'${name}=${fn}(${inner})' must have two bounds, ${fn}(lo,hi), but got ${bounds.length}.`);
  const low = parseBound(where, name, fn, bounds[0]!);
  const high = parseBound(where, name, fn, bounds[1]!);
  return { kind: rangeKind(decl, low, high)!, low, high, log: fn === 'log' };
}

/**
 * Parses the text form of a search space: the part after `model:` in `--space`.
 *
 * Grammar: parameters separated by commas, each `name=DOMAIN`; a DOMAIN is a list of values
 * `a,b,c` (each parsed by the parameter's declaration, as `model:param=value` is, so an integer
 * list is written `64x32`), `range(lo,hi)` (uniform) or `log(lo,hi)` (log-uniform). An integer
 * parameter gives an integer range, a real one a real range. Commas inside parentheses belong to
 * the range; a comma-separated token holding `=` starts the next parameter.
 * @param text - e.g. `C=log(1e-3,1e3),gamma=log(1e-4,1e1),kernel=rbf,linear`.
 * @param declarations - the model's parameter declarations (`ModelSpec.params`).
 * @param where - where the text comes from, for messages (`--space 'svm:…'`).
 * @returns the space, checked with {@link validateSpace}.
 * @throws {@link ConfigError} naming `where`, the parameter, the rule and the value: an unknown
 *   parameter (with did-you-mean), a value its declaration refuses, a malformed range, a range on a
 *   parameter that is not a number, a parameter given twice, an empty text.
 * @example
 * ```ts
 * parseSpace('C=log(1e-3,1e3),kernel=rbf,linear', svcSpec.params, "--space 'svm:…'");
 * // { C: { kind: 'float', low: 0.001, high: 1000, log: true }, kernel: { kind: 'values', values: ['rbf', 'linear'] } }
 * ```
 */
export function parseSpace(text: string, declarations: ParamSpecs, where: string): SearchSpace {
  if (typeof text !== 'string' || text.trim() === '') fail(where, `a search space must be name=values or name=range(lo,hi) or name=log(lo,hi), but got ${formatValue(text)}.`);
  const tokens = splitTopLevel(text);
  const groups: Array<{ name: string; parts: string[] }> = [];
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const paren = token.indexOf('(');
    if (eq > 0 && (paren < 0 || eq < paren)) {
      groups.push({ name: token.slice(0, eq).trim(), parts: [token.slice(eq + 1).trim()] });
    } else if (groups.length === 0) {
      fail(where, `a search space must start with name=..., but got ${formatValue(token)}.`);
    } else {
      groups[groups.length - 1]!.parts.push(token);
    }
  }
  const space: SearchSpace = {};
  for (const { name, parts } of groups) {
    if (!Object.prototype.hasOwnProperty.call(declarations, name)) unknownParam(where, name, declarations);
    if (Object.prototype.hasOwnProperty.call(space, name)) fail(where, `parameter '${name}' is given twice.`);
    const decl = declarations[name]!;
    const ranged = parts.map((p) => RANGE.exec(p));
    if (ranged.some((m) => m !== null)) {
      if (parts.length !== 1) fail(where, `'${name}' mixes a range with other values (${parts.join(',')}): give one range or a list of values.`);
      space[name] = rangeDomain(where, name, decl, ranged[0]![1]!, ranged[0]![2]!);
      continue;
    }
    const values: SpaceValue[] = [];
    for (const part of parts) {
      if (part === '') fail(where, `'${name}' has an empty value in ${formatValue(parts.join(','))}.`);
      const v = decl.parse(part) as SpaceValue | undefined;
      if (v === undefined || !decl.accepts(v)) {
        fail(where, `the '${name}' parameter must be ${decl.rule}. Got ${formatValue(part)} instead.`);
      }
      values.push(v);
    }
    space[name] = { kind: 'values', values };
  }
  validateSpace(space, declarations, where);
  return space;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads the JSON form of a search space (a suite's `"space"`). Each parameter maps to
 * - an array of values: `"kernel": ["rbf", "linear"]`, `"hiddenLayerSizes": [[64], [64, 32]]`;
 * - `{ "range": [lo, hi] }` (uniform) or `{ "log": [lo, hi] }` (log-uniform), integer or real as
 *   the parameter is declared;
 * - or the recorded form itself (`{ "kind": "float", "low": 0.001, "high": 1000, "log": true }`,
 *   `{ "kind": "values", "values": [...] }`), so that a space read back from `run.json` parses.
 * @param json - the parsed JSON value.
 * @param declarations - the model's parameter declarations.
 * @param where - where the value comes from (`models[2].tune.space`), for messages.
 * @returns the space, checked with {@link validateSpace}.
 * @throws {@link ConfigError} naming `where`, the parameter and the value, for anything else.
 * @example
 * ```ts
 * spaceFromJSON({ C: { log: [1e-3, 1e3] }, kernel: ['rbf', 'linear'] }, svcSpec.params, 'models[0].tune.space');
 * // { C: { kind: 'float', low: 0.001, high: 1000, log: true }, kernel: { kind: 'values', values: ['rbf', 'linear'] } }
 * ```
 */
export function spaceFromJSON(json: unknown, declarations: ParamSpecs, where: string): SearchSpace {
  if (!isPlainObject(json)) fail(where, `a search space must be an object of { name: [values] | { "range": [lo, hi] } | { "log": [lo, hi] } }, but got ${formatValue(json)}.`);
  const space: SearchSpace = {};
  for (const [name, raw] of Object.entries(json)) {
    if (!Object.prototype.hasOwnProperty.call(declarations, name)) unknownParam(where, name, declarations);
    const decl = declarations[name]!;
    const at = `${where}.${name}`;
    if (Array.isArray(raw)) {
      space[name] = { kind: 'values', values: raw as SpaceValue[] };
    } else if (isPlainObject(raw) && 'kind' in raw) {
      const keys = raw.kind === 'values' ? ['kind', 'values'] : ['kind', 'low', 'high', 'log'];
      const extra = Object.keys(raw).filter((k) => !keys.includes(k));
      if (!['values', 'int', 'float'].includes(raw.kind as string) || extra.length > 0) {
        fail(at, `a recorded domain must be { "kind": "values", "values": [...] } or { "kind": "int" | "float", "low", "high", "log" }, but got ${formatValue(raw)}.`);
      }
      if (raw.kind === 'values') {
        if (!Array.isArray(raw.values)) fail(at, `'values' must be an array, but got ${formatValue(raw.values)}.`);
        space[name] = { kind: 'values', values: raw.values as SpaceValue[] };
      } else {
        if (typeof raw.log !== 'boolean') fail(at, `'log' must be a boolean, but got ${formatValue(raw.log)}.`);
        space[name] = { kind: raw.kind as 'int' | 'float', low: raw.low as number, high: raw.high as number, log: raw.log };
      }
    } else if (isPlainObject(raw) && Object.keys(raw).length === 1 && ('range' in raw || 'log' in raw)) {
      const fn = 'range' in raw ? 'range' : 'log';
      const b = raw[fn];
      if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => typeof x === 'number')) {
        fail(at, `{ "${fn}": [lo, hi] } must hold two numbers, but got ${formatValue(b)}.`);
      }
      const kind = rangeKind(decl, b[0] as number, b[1] as number);
      if (kind === undefined) fail(at, `'${name}' is ${decl.rule}, not a number: it takes an array of values, not { "${fn}": [lo, hi] }.`);
      space[name] = { kind, low: b[0] as number, high: b[1] as number, log: fn === 'log' };
    } else {
      fail(at, `must be an array of values, { "range": [lo, hi] } or { "log": [lo, hi] }, but got ${formatValue(raw)}.`);
    }
  }
  validateSpace(space, declarations, where);
  return space;
}

function formatDomain(d: SpaceDomain): string {
  if (d.kind === 'values') return formatValue(d.values);
  return `${d.log ? 'log' : 'range'}(${d.low},${d.high})`;
}

/**
 * Checks a space against a model's declarations: every parameter is declared (else did-you-mean),
 * a list is non-empty and each value satisfies the parameter's rule, a range has finite bounds
 * `low <= high` that both satisfy the rule, an integer range has integer bounds and sits on an
 * integer parameter, a real range on a real parameter, a log range has `low > 0`.
 * @param space - the space.
 * @param declarations - the model's parameter declarations.
 * @param where - where the space comes from, for messages.
 * @throws {@link ConfigError} naming `where`, the parameter, the rule and the value.
 * @example
 * ```ts
 * validateSpace({ nNeighbors: { kind: 'values', values: [0, 5] } }, knnClassifierSpec.params, "--space 'knn:…'");
 * // throws ConfigError: --space 'knn:…': the 'nNeighbors' parameter must be an integer in [1, Infinity). Got 0 instead.
 * ```
 */
export function validateSpace(space: SearchSpace, declarations: ParamSpecs, where: string): void {
  if (!isPlainObject(space)) fail(where, `a search space must be an object of { name: domain }, but got ${formatValue(space)}.`);
  for (const [name, d] of Object.entries(space)) {
    if (!Object.prototype.hasOwnProperty.call(declarations, name)) unknownParam(where, name, declarations);
    const decl = declarations[name]!;
    if (!isPlainObject(d)) fail(where, `the domain of '${name}' must be an object, but got ${formatValue(d)}.`);
    if (d.kind === 'values') {
      if (!Array.isArray(d.values) || d.values.length === 0) fail(where, `'${name}' must have at least one value, but got ${formatValue(d.values)}.`);
      for (const v of d.values) {
        if (!decl.accepts(v)) fail(where, `the '${name}' parameter must be ${decl.rule}. Got ${formatValue(v)} instead.`);
      }
      continue;
    }
    if (d.kind !== 'int' && d.kind !== 'float') fail(where, `the domain of '${name}' must be of kind 'values', 'int' or 'float', but got ${formatValue((d as { kind: unknown }).kind)}.`);
    const kinds = numericKinds(decl);
    if (kinds.size === 0) fail(where, `'${name}' is ${decl.rule}, not a number: it takes a list of values, not ${formatDomain(d)}.`);
    if (d.kind === 'float' && !kinds.has('float')) fail(where, `'${name}' is an integer parameter: its range must be an integer range, but got a real range ${formatDomain(d)}.`);
    if (typeof d.log !== 'boolean') fail(where, `the 'log' flag of '${name}' must be a boolean, but got ${formatValue(d.log)}.`);
    for (const [side, b] of [['lower', d.low], ['upper', d.high]] as const) {
      if (typeof b !== 'number' || !Number.isFinite(b)) fail(where, `the ${side} bound of '${name}' must be a finite number, but got ${formatValue(b)}.`);
      if (d.kind === 'int' && !Number.isInteger(b)) fail(where, `the ${side} bound of '${name}' must be an integer (it is an integer parameter), but got ${b}.`);
      if (!decl.accepts(b)) fail(where, `the ${side} bound of '${name}' ${formatDomain(d)} must satisfy its rule: ${decl.rule}. Got ${b} instead.`);
    }
    if (d.low > d.high) fail(where, `the range of '${name}' must have low <= high, but got ${formatDomain(d)}.`);
    if (d.log && d.low <= 0) fail(where, `the log range of '${name}' must have a lower bound > 0, but got ${formatDomain(d)}.`);
  }
}
