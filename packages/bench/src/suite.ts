/**
 * Benchmark suites: the JSON format, its validation (errors that say where and what to try),
 * the `name:param=value` text syntax shared by suites and the command line, and parameter grids.
 */
import { isAbsolute, resolve } from 'node:path';
import {
  ConfigError,
  METRICS,
  deriveSeed,
  ParameterError,
  ROPE_MODES,
  didYouMean,
  formatParamValue,
  formatValue,
  modelVariants,
  parseParamValue,
  resolveParams,
  type DatasetSpec,
  type Limits,
  type ModelEntry,
  type ModelSpec,
  type ParamSpecs,
  type Resampling,
  type RopeSetting,
  type Suite,
} from '@mlcompare/core';
import { addTunedEntries, tunedEntry, type TuneContext } from './tune.js';

import type { CsvDelimiter } from '@mlcompare/datasets';

// The data shape of a resolved suite is core's (run.json records it; --resume reads it back).
export type { DatasetSpec, Limits, ModelEntry, Resampling, Suite } from '@mlcompare/core';

/** What the validator needs to know about available data. */
export interface DatasetCatalog {
  /** Names of the bundled data sets. */
  bundled: readonly string[];
  /** Names of the generators (`moons`, `circles`, …). */
  generators: readonly string[];
  /** Parameter declarations of each generator, to validate suites (optional). */
  generatorParams?: Readonly<Record<string, ParamSpecs>>;
}

/** Context for {@link parseSuite}. */
export interface SuiteContext {
  /** Where the suite came from, for messages (`benchmarks/suites/quick.json`). */
  source: string;
  /** Folder relative paths (CSV files, split files) are resolved against. */
  baseDir: string;
  registry: readonly ModelSpec[];
  catalog: DatasetCatalog;
  /** Keys (top-level, or dotted paths such as `tune.budget`) that came from the command line, with the option that set them (`models` → `--models`); an error is blamed on the most specific one. */
  fromCommandLine?: Readonly<Record<string, string>>;
  /**
   * Most jobs a run may plan (`--max-jobs`): a grid with more model configurations is refused while
   * parsing, before it is expanded. @defaultValue {@link DEFAULT_MAX_JOBS}
   */
  maxJobs?: number;
}

/** Default most jobs of one run (`--max-jobs` raises it). */
export const DEFAULT_MAX_JOBS = 100_000;

/**
 * The rule for a suite name, which names the default results folder `results/<name>-<date>-<time>`:
 * letters, digits, `.`, `_`, `-` and spaces, not starting with `.` or a space, at most 100 characters
 * — so no path separator, no `..` and no control character.
 */
const SUITE_NAME_RULE = /^[\p{L}\p{N}_-][\p{L}\p{N}._ -]{0,99}$/u;

/** Default seconds per job. */
const DEFAULT_TIMEOUT_SEC = 600;

const SUITE_KEYS = ['name', 'description', 'datasets', 'models', 'resampling', 'metrics', 'seed', 'limits', 'scaleTarget', 'rope', 'tune', '$schema'];

function fail(ctx: SuiteContext, where: string, message: string): never {
  // A value given on the command line is blamed on its option, not on the suite file.
  // The most specific option that set the place (`tune.budget` → --budget before `tune` → --tune).
  // The place up to its first index (`models[2].tune` → `models`); a model name in `tune.space.<model>` may hold digits or '-'.
  const parts = (/^[^[\s]+/.exec(where)?.[0] ?? '').split('.');
  let option: string | undefined;
  for (let n = parts.length; n > 0 && option === undefined; n--) option = ctx.fromCommandLine?.[parts.slice(0, n).join('.')];
  if (option) {
    const item = /^[A-Za-z$]+\[(\d+)\]/.exec(where)?.[1];
    throw new ConfigError(`Invalid option '${option}'${item !== undefined ? ` (item ${Number(item) + 1})` : ''}: ${message}`);
  }
  throw new ConfigError(`Invalid suite ${ctx.source}: ${where}: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(ctx: SuiteContext, where: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      const valid = allowed.filter((a) => a !== '$schema');
      fail(ctx, where, `unknown key '${k}'.${didYouMean(k, valid)} Valid keys: ${valid.join(', ')}.`);
    }
  }
}

/**
 * Splits `name:a=1,b=2` into its name and `key → text` pairs. A comma-separated token without
 * `=` continues the previous value (so `knn:nNeighbors=1,5,15` gives `nNeighbors → '1,5,15'`).
 * `;` also separates parameters.
 * @param text - the item as written.
 * @returns the name and the parameter texts in order.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} for an empty name or a parameter without a name.
 * @example
 * parseItem('moons:nSamples=200,noise=0.3'); // { name: 'moons', params: [['nSamples','200'],['noise','0.3']] }
 */
export function parseItem(text: string): { name: string; params: Array<[string, string]> } {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (name === '') throw new ConfigError(`'${text}' has no name before ':'. Write it as name or name:param=value.`);
  const params: Array<[string, string]> = [];
  if (colon >= 0) {
    if (text.slice(colon + 1).trim() === '') {
      throw new ConfigError(`'${text}' has nothing after ':'. Write ${name} alone, or ${name}:param=value (see 'mlcompare models' or 'mlcompare datasets').`);
    }
    for (const token of text.slice(colon + 1).split(/[,;]/)) {
      const eq = token.indexOf('=');
      if (eq < 0) {
        const last = params[params.length - 1];
        if (!last) throw new ConfigError(`'${text}': '${token}' is not of the form param=value (as in ${name}:param=value).`);
        last[1] += `,${token.trim()}`;
      } else {
        const key = token.slice(0, eq).trim();
        if (key === '') throw new ConfigError(`'${text}': '${token}' has no parameter name before '='.`);
        params.push([key, token.slice(eq + 1).trim()]);
      }
    }
  }
  return { name, params };
}

/**
 * Splits a command-line list (`iris,moons:nSamples=200,noise=0.3` or
 * `knn:nNeighbors=1,5,15,svm`) into items. After an item with parameters, a token continues it
 * (a grid value, or another `param=value`) unless it contains `:` or `isItemStart` says it names a
 * new item; after an item without parameters every token starts a new one.
 * @param text - the option's value.
 * @param isItemStart - true when a token's name (before any `:`) names a new item.
 * @returns the items as written.
 */
export function splitList(text: string, isItemStart: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const head = token.split(':')[0]!;
    const prev = out[out.length - 1];
    // Only an item with parameters can be continued (by a value or another param=value).
    const starts = prev === undefined || !prev.includes(':') || token.includes(':') || (!token.includes('=') && isItemStart(head));
    if (starts) out.push(token);
    else out[out.length - 1] += `,${token}`;
  }
  return out;
}

/** {@link parseItem} for an item of a suite: its errors name the item's place (or its option). */
function parseItemAt(ctx: SuiteContext, where: string, text: string): ReturnType<typeof parseItem> {
  try {
    return parseItem(text);
  } catch (err) {
    if (err instanceof ConfigError) fail(ctx, where, err.message);
    throw err;
  }
}

function parseScalar(text: string): number | string | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : text;
}

/**
 * Parses one data set item of a suite: a bundled name, a generator (`moons:nSamples=200,noise=0.3`,
 * or `{ generator, params, name? }`) or a CSV file (`{ csv, target, name?, task?, delimiter?, drop?, categorical?, missing? }`).
 * @param item - the JSON value.
 * @param where - its position, for messages (`datasets[2]`).
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} naming the position, listing the valid names.
 */
function parseDatasetItem(item: unknown, where: string, ctx: SuiteContext): DatasetSpec {
  const { bundled, generators } = ctx.catalog;
  const valid = `Bundled data sets: ${bundled.join(', ')}. Generators: ${generators.join(', ')} (as name:param=value,...). Or { "csv": FILE, "target": COLUMN }.`;
  if (typeof item === 'string') {
    const { name, params } = parseItemAt(ctx, where, item);
    if (bundled.includes(name) && params.length === 0) return { kind: 'bundled', name };
    if (generators.includes(name)) {
      const p: Record<string, number | string | boolean> = {};
      const decls = ctx.catalog.generatorParams?.[name];
      for (const [k, v] of params) {
        if (!decls) {
          p[k] = parseScalar(v);
          continue;
        }
        try {
          p[k] = parseParamValue(`generator '${name}'`, decls, k, v) as number | string | boolean;
        } catch (err) {
          if (err instanceof ParameterError) fail(ctx, where, err.message);
          throw err;
        }
      }
      const label = params.length === 0 ? name : `${name}(${params.map(([k, v]) => `${k}=${v}`).join(',')})`;
      return { kind: 'generator', name: label, generator: name, params: p };
    }
    if (bundled.includes(name)) fail(ctx, where, `the bundled data set '${name}' takes no parameters (got '${item}').`);
    if (/\.(csv|tsv|txt)$/i.test(name)) fail(ctx, where, `a CSV file needs its target column: write { "csv": ${JSON.stringify(item)}, "target": "COLUMN" }.`);
    fail(ctx, where, `unknown data set '${name}'.${didYouMean(name, [...bundled, ...generators])} ${valid}`);
  }
  if (!isObject(item)) fail(ctx, where, `must be a string or an object, but got ${formatValue(item)}. ${valid}`);
  if ('csv' in item) {
    checkKeys(ctx, where, item, ['csv', 'target', 'name', 'task', 'delimiter', 'drop', 'categorical', 'missing']);
    if (typeof item.csv !== 'string' || item.csv === '') fail(ctx, `${where}.csv`, `must be a file path, but got ${formatValue(item.csv)}.`);
    if (typeof item.target !== 'string' || item.target === '') {
      fail(ctx, `${where}.target`, `must name the target column of ${item.csv}, but got ${formatValue(item.target)}.`);
    }
    const path = isAbsolute(item.csv) ? item.csv : resolve(ctx.baseDir, item.csv);
    const spec: DatasetSpec = { kind: 'csv', name: optString(ctx, where, item, 'name') ?? baseName(item.csv), path, target: item.target };
    if (item.task !== undefined) {
      if (item.task !== 'classification' && item.task !== 'regression') {
        fail(ctx, `${where}.task`, `must be 'classification' or 'regression', but got ${formatValue(item.task)}.`);
      }
      spec.task = item.task;
    }
    if (item.delimiter !== undefined) {
      const d = typeof item.delimiter === 'string' ? delimiterOf(item.delimiter) : undefined;
      if (d === undefined) fail(ctx, `${where}.delimiter`, `must be ${DELIMITER_WORDS}, but got ${formatValue(item.delimiter)}.`);
      spec.delimiter = d;
    }
    for (const key of ['drop', 'categorical', 'missing'] as const) {
      const v = item[key];
      if (v === undefined) continue;
      if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(ctx, `${where}.${key}`, `must be an array of strings, but got ${formatValue(v)}.`);
      spec[key] = v as string[];
    }
    return spec;
  }
  if ('generator' in item) {
    checkKeys(ctx, where, item, ['generator', 'params', 'name']);
    if (typeof item.generator !== 'string' || !generators.includes(item.generator)) {
      const hint = typeof item.generator === 'string' ? didYouMean(item.generator, generators) : '';
      fail(ctx, `${where}.generator`, `unknown generator ${formatValue(item.generator)}.${hint} Generators: ${generators.join(', ')}.`);
    }
    const params = item.params ?? {};
    if (!isObject(params) || !Object.values(params).every((v) => ['number', 'string', 'boolean'].includes(typeof v))) {
      fail(ctx, `${where}.params`, `must be an object of { name: number | string | boolean }, but got ${formatValue(params)}.`);
    }
    const p = params as Record<string, number | string | boolean>;
    const decls = ctx.catalog.generatorParams?.[item.generator];
    if (decls) {
      try {
        resolveParams(`generator '${item.generator}'`, decls, p);
      } catch (err) {
        if (err instanceof ParameterError) fail(ctx, `${where}.params`, err.message);
        throw err;
      }
    }
    const entries = Object.entries(p);
    const label = entries.length === 0 ? item.generator : `${item.generator}(${entries.map(([k, v]) => `${k}=${v}`).join(',')})`;
    return { kind: 'generator', name: optString(ctx, where, item, 'name') ?? label, generator: item.generator, params: p };
  }
  if ('name' in item && Object.keys(item).length === 1 && typeof item.name === 'string') return parseDatasetItem(item.name, where, ctx);
  fail(ctx, where, `an object data set needs 'csv' (with 'target') or 'generator', but got keys ${Object.keys(item).join(', ') || '(none)'}. ${valid}`);
}

/** The ways to write a delimiter, in a suite and after `--delimiter`. */
export const DELIMITER_WORDS = `',', ';', 'tab' (or '\\t'), 'space' (or ' ': one space per break) or 'whitespace' (runs of spaces and tabs)`;

/**
 * A delimiter as a user writes it (`,` `;` `tab` `\t` `space` `' '` `whitespace`), as `loadCsv` takes it.
 * @param text - the delimiter as written.
 * @returns the delimiter, or undefined when `text` is none of those.
 */
export function delimiterOf(text: string): CsvDelimiter | undefined {
  switch (text) {
    case ',':
    case ';':
      return text;
    case '\t':
    case '\\t':
    case 'tab':
      return '\t';
    case ' ':
    case 'space':
      return ' ';
    case 'whitespace':
      return 'whitespace';
    default:
      return undefined;
  }
}

function optString(ctx: SuiteContext, where: string, obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') fail(ctx, `${where}.${key}`, `must be a non-empty string, but got ${formatValue(v)}.`);
  return v;
}

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.[^.]+$/, '');
}

/** The specs registered under a registry name or class name (one per task); an unknown name fails at `where`. */
function variantsAt(ctx: SuiteContext, where: string, name: unknown): ModelSpec[] {
  if (typeof name !== 'string') fail(ctx, where, `'model' must be a registry name such as 'knn', but got ${formatValue(name)}. Run 'mlcompare models' to see them.`);
  try {
    return modelVariants(ctx.registry, name);
  } catch (err) {
    if (err instanceof ConfigError) fail(ctx, where, err.message);
    throw err;
  }
}

/**
 * The values of a grid written as text: split at commas outside brackets, so that a list value
 * written as JSON stays whole (`[64,32],[128]` is two values, `1,5,15` three).
 */
function gridValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[') depth++;
    else if (ch === ']' && depth > 0) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Every combination of the grid's values, in the order given (last parameter varies fastest). */
export function expandGrid(grid: Array<[string, unknown[]]>): Array<Record<string, unknown>> {
  let combos: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of grid) {
    const next: Array<Record<string, unknown>> = [];
    for (const c of combos) for (const v of values) next.push({ ...c, [key]: v });
    combos = next;
  }
  return combos;
}

/** Refuses a grid with more configurations than a run may have jobs, before expanding it. */
function checkGridSize(ctx: SuiteContext, where: string, grid: Array<[string, unknown[]]>): void {
  const max = ctx.maxJobs ?? DEFAULT_MAX_JOBS;
  const size = grid.reduce((p, [, v]) => p * v.length, 1);
  if (size > max) {
    fail(
      ctx,
      where,
      `the grid gives ${size.toLocaleString('en-US')} model configurations (${grid.map(([k, v]) => `${v.length} ${k}`).join(' × ')}), and every configuration is at least one job per fold, ` +
        `above the limit of ${max.toLocaleString('en-US')} jobs per run. Use fewer values, or raise the limit with --max-jobs N.`,
    );
  }
}

/** `knn` or `knn(nNeighbors=15,weights=distance)`. */
function modelLabel(name: string, params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return name;
  return `${name}(${entries.map(([k, v]) => `${k}=${formatParamValue(v)}`).join(',')})`;
}

/**
 * Checks the parameters against the model's task variants: at least one must accept them (a
 * classifier-only parameter is fine; the plan leaves that model out on regression data and says so).
 */
function checkParams(ctx: SuiteContext, where: string, specs: ModelSpec[], params: Record<string, unknown>): void {
  let first: unknown;
  for (const s of specs) {
    try {
      resolveParams(s.className, s.params, params);
      return;
    } catch (err) {
      first ??= err;
    }
  }
  if (first instanceof ParameterError) fail(ctx, where, `${first.message} Run 'mlcompare models' to see every parameter and its rule.`);
  throw first;
}

/**
 * Parses one model item: `knn`, `knn:nNeighbors=1,5,15,weights=distance` (a comma list is a grid;
 * an integer-list parameter writes its value as `64x32` or `[64,32]`), or `{ model, params?, grid?, label? }`
 * (`grid` maps parameters to arrays of values).
 * @returns one entry per grid combination.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} for an unknown model or parameter (listing the valid ones) or an invalid value.
 */
function parseModelItem(item: unknown, where: string, ctx: SuiteContext): ModelEntry[] {
  if (typeof item === 'string') {
    const { name, params } = parseItemAt(ctx, where, item);
    const specs = variantsAt(ctx, where, name);
    const regName = specs[0]!.name;
    const grid: Array<[string, unknown[]]> = [];
    for (const [key, text] of params) {
      const values: unknown[] = [];
      for (const part of gridValues(text)) {
        const s = specs.find((v) => key in v.params) ?? specs[0]!;
        try {
          values.push(parseParamValue(s.className, s.params, key, part.trim()));
        } catch (err) {
          if (err instanceof ParameterError) fail(ctx, where, `${err.message} Run 'mlcompare models' to see every parameter and its rule.`);
          throw err;
        }
      }
      if (grid.some(([k]) => k === key)) fail(ctx, where, `parameter '${key}' is given twice in '${item}'.`);
      grid.push([key, values]);
    }
    checkGridSize(ctx, where, grid);
    return expandGrid(grid).map((p) => {
      checkParams(ctx, where, specs, p);
      return { model: regName, params: p, label: modelLabel(regName, p) };
    });
  }
  if (!isObject(item)) fail(ctx, where, `must be a string (name or name:param=value) or { "model", "params", "grid" }, but got ${formatValue(item)}.`);
  checkKeys(ctx, where, item, ['model', 'params', 'grid', 'label', 'tune']);
  const specs = variantsAt(ctx, where, item.model);
  const regName = specs[0]!.name;
  const fixed = item.params ?? {};
  if (!isObject(fixed)) fail(ctx, `${where}.params`, `must be an object of { name: value }, but got ${formatValue(fixed)}.`);
  const gridObj = item.grid ?? {};
  if (!isObject(gridObj)) fail(ctx, `${where}.grid`, `must be an object of { name: [values] }, but got ${formatValue(gridObj)}.`);
  const grid: Array<[string, unknown[]]> = [];
  for (const [k, v] of Object.entries(gridObj)) {
    if (!Array.isArray(v) || v.length === 0) fail(ctx, `${where}.grid.${k}`, `must be a non-empty array of values, but got ${formatValue(v)}.`);
    if (k in fixed) fail(ctx, `${where}.grid.${k}`, `'${k}' is also in 'params'; give it in one place.`);
    grid.push([k, v]);
  }
  checkGridSize(ctx, where, grid);
  const combos = expandGrid(grid).map((g) => ({ ...fixed, ...g }));
  const label = optString(ctx, where, item, 'label');
  if (label !== undefined && combos.length > 1) fail(ctx, `${where}.label`, `a grid gives ${combos.length} models, so one 'label' cannot name them all; leave it out.`);
  return combos.map((p) => {
    checkParams(ctx, where, specs, p);
    const entry = { model: regName, params: p, label: label ?? modelLabel(regName, p) };
    if (item.tune === undefined) return entry;
    const space = isObject(item.tune) ? item.tune.space : undefined;
    return tunedEntry(entry, item.tune, space, `${where}.tune`, tuneContext(ctx), label);
  });
}

/** What the tuning parser needs from this one. */
function tuneContext(ctx: SuiteContext): TuneContext {
  return { registry: ctx.registry, fail: (where, message) => fail(ctx, where, message), label: modelLabel };
}

/** Every registered model meant for the default suite, once per registry name, with default parameters. */
function allModels(registry: readonly ModelSpec[]): ModelEntry[] {
  const names = [...new Set(registry.filter((s) => s.inDefaultSuite !== false).map((s) => s.name))];
  return names.map((name) => ({ model: name, params: {}, label: name }));
}

/**
 * Parses every item of a list, so that every bad item is named, not only the first: one item's
 * error is thrown as it is; several are thrown as one error, one line per item.
 */
function eachItem<T>(items: readonly unknown[], parse: (item: unknown, i: number) => T[]): T[] {
  const out: T[] = [];
  const errors: ConfigError[] = [];
  items.forEach((item, i) => {
    try {
      out.push(...parse(item, i));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push(err);
    }
  });
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new ConfigError(`${errors.length} of ${items.length} items are wrong:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
  return out;
}

function parseResampling(raw: unknown, ctx: SuiteContext): Resampling {
  const where = 'resampling';
  if (raw === undefined) return { kind: 'kfold', folds: 5, repeats: 1, stratify: true };
  if (!isObject(raw)) fail(ctx, where, `must be an object such as { "kind": "kfold", "folds": 5 }, but got ${formatValue(raw)}.`);
  const kinds = ['kfold', 'holdout', 'predefined'];
  const posInt = (key: string, dflt: number, min: number): number => {
    const v = raw[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(ctx, `${where}.${key}`, `must be an integer >= ${min}, but got ${formatValue(v)}.`);
    return v;
  };
  const stratify = (): boolean => {
    const v = raw.stratify ?? true;
    if (typeof v !== 'boolean') fail(ctx, `${where}.stratify`, `must be true or false, but got ${formatValue(v)}.`);
    return v;
  };
  switch (raw.kind) {
    case 'kfold':
      checkKeys(ctx, where, raw, ['kind', 'folds', 'repeats', 'stratify']);
      return { kind: 'kfold', folds: posInt('folds', 5, 2), repeats: posInt('repeats', 1, 1), stratify: stratify() };
    case 'holdout': {
      checkKeys(ctx, where, raw, ['kind', 'testSize', 'repeats', 'stratify']);
      const t = raw.testSize ?? 0.25;
      if (typeof t !== 'number' || !(t > 0 && t < 1)) fail(ctx, `${where}.testSize`, `must be a number in (0, 1), but got ${formatValue(t)}.`);
      return { kind: 'holdout', testSize: t, repeats: posInt('repeats', 1, 1), stratify: stratify() };
    }
    case 'predefined': {
      checkKeys(ctx, where, raw, ['kind', 'file']);
      if (raw.file === undefined) return { kind: 'predefined' };
      if (typeof raw.file !== 'string') fail(ctx, `${where}.file`, `must be a path to a JSON file of { "folds": [{ "train", "test" }] }, but got ${formatValue(raw.file)}.`);
      return { kind: 'predefined', file: isAbsolute(raw.file) ? raw.file : resolve(ctx.baseDir, raw.file) };
    }
    default:
      fail(ctx, `${where}.kind`, `must be one of ${kinds.map((k) => `'${k}'`).join(', ')}, but got ${formatValue(raw.kind)}.`);
  }
}

/**
 * Validates a suite's JSON and fills in defaults (5-fold stratified, seed 0, 600 s per job,
 * `scaleTarget` "auto").
 * @param raw - the parsed JSON.
 * @param ctx - registry, data catalogue and where the suite came from.
 * @returns the suite with grids expanded.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} whose message names the suite, the position and the valid choices.
 * @example
 * parseSuite({ datasets: ['iris'], models: ['knn:nNeighbors=1,5'] }, ctx).models.map((m) => m.label);
 * // ['knn(nNeighbors=1)', 'knn(nNeighbors=5)']
 */
export function parseSuite(raw: unknown, ctx: SuiteContext): Suite {
  if (!isObject(raw)) fail(ctx, 'top level', `must be a JSON object with 'datasets' and 'models', but got ${formatValue(raw)}.`);
  checkKeys(ctx, 'top level', raw, SUITE_KEYS);
  const name = raw.name ?? ctx.source.split(/[\\/]/).pop()!.replace(/\.json$/, '');
  if (typeof name !== 'string' || name === '') fail(ctx, 'name', `must be a non-empty string, but got ${formatValue(name)}.`);
  if (!SUITE_NAME_RULE.test(name)) {
    fail(
      ctx,
      'name',
      `must be letters, digits, '.', '_', '-' or spaces (not starting with '.' or a space, at most 100 characters), because it names the results folder results/<name>-<date>-<time>; ` +
        `a path separator or '..' would write elsewhere. Got ${formatValue(name)}.`,
    );
  }
  const description = raw.description ?? '';
  if (typeof description !== 'string') fail(ctx, 'description', `must be a string, but got ${formatValue(description)}.`);

  let datasets: DatasetSpec[];
  if (raw.datasets === '*' || raw.datasets === 'all') {
    datasets = ctx.catalog.bundled.map((n) => ({ kind: 'bundled', name: n }));
  } else {
    if (!Array.isArray(raw.datasets) || raw.datasets.length === 0) {
      fail(ctx, 'datasets', `must be "*" (every bundled data set) or a non-empty array, but got ${formatValue(raw.datasets)}.`);
    }
    datasets = eachItem(raw.datasets, (d, i) => [parseDatasetItem(d, `datasets[${i}]`, ctx)]);
  }
  const seen = new Set<string>();
  for (const d of datasets) {
    if (seen.has(d.name)) fail(ctx, 'datasets', `the data set name '${d.name}' appears twice; give one of them a "name".`);
    seen.add(d.name);
  }

  let models: ModelEntry[];
  if (raw.models === '*' || raw.models === 'all') {
    models = allModels(ctx.registry);
  } else {
    if (!Array.isArray(raw.models) || raw.models.length === 0) {
      fail(ctx, 'models', `must be "*" (every registered model) or a non-empty array, but got ${formatValue(raw.models)}.`);
    }
    models = eachItem(raw.models, (m, i) => parseModelItem(m, `models[${i}]`, ctx));
  }
  models = addTunedEntries(models, raw.tune, tuneContext(ctx));
  const maxJobs = ctx.maxJobs ?? DEFAULT_MAX_JOBS;
  if (models.length * datasets.length > maxJobs) {
    fail(
      ctx,
      'models',
      `${models.length.toLocaleString('en-US')} model configurations × ${datasets.length} data set(s) is more than the limit of ${maxJobs.toLocaleString('en-US')} jobs per run (before counting folds). ` +
        `Use fewer, or raise the limit with --max-jobs N.`,
    );
  }
  const labels = new Set<string>();
  for (const m of models) {
    if (labels.has(m.label)) fail(ctx, 'models', `'${m.label}' appears twice; remove one, or give it a distinct "label".`);
    labels.add(m.label);
  }

  const resampling = parseResampling(raw.resampling, ctx);

  const metrics = raw.metrics ?? [];
  if (!Array.isArray(metrics)) fail(ctx, 'metrics', `must be an array of metric names, but got ${formatValue(metrics)}.`);
  eachItem(metrics, (m, i) => {
    if (typeof m !== 'string' || !(m in METRICS)) {
      const hint = typeof m === 'string' ? didYouMean(m, Object.keys(METRICS)) : '';
      fail(ctx, `metrics[${i}]`, `unknown metric ${formatValue(m)}.${hint} Valid metrics: ${Object.keys(METRICS).join(', ')}.`);
    }
    return [];
  });

  const seed = raw.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) fail(ctx, 'seed', `must be an integer (negative ones too), but got ${formatValue(seed)}.`);
  // A generator's own seed is >= 0: a negative suite seed gives it one derived from it.
  const generatorSeed = seed >= 0 ? seed : deriveSeed(seed, 'generator');

  // A generator's data follow the suite seed unless the suite fixes the generator's own seed.
  datasets = datasets.map((d) =>
    d.kind === 'generator' && d.params['seed'] === undefined && ctx.catalog.generatorParams?.[d.generator]?.['seed'] !== undefined
      ? { ...d, params: { ...d.params, seed: generatorSeed } }
      : d,
  );
  const limits = parseLimits(raw.limits, ctx);
  const scaleTarget = raw.scaleTarget ?? 'auto';
  if (scaleTarget !== 'auto' && typeof scaleTarget !== 'boolean') {
    const asking = [...new Set(ctx.registry.filter((m) => m.capabilities.needsTargetScaling).map((m) => m.name))];
    fail(
      ctx,
      'scaleTarget',
      `must be "auto" (standardise the regression target inside each fold for the models that ask for it${asking.length > 0 ? `: ${asking.join(', ')}` : ''}), true (for every regressor) or false (never, as scikit-learn), but got ${formatValue(scaleTarget)}.`,
    );
  }
  const rope = parseRope(raw.rope, ctx);
  return { name, description, datasets, models, resampling, metrics: metrics as string[], seed, limits, scaleTarget, rope };
}

/** The suite's `rope`: a number >= 0 in the primary metric's units, `'auto'` (the default) or `'autorank'`. */
function parseRope(raw: unknown, ctx: SuiteContext): RopeSetting {
  if (raw === undefined) return 'auto';
  if (ROPE_MODES.includes(raw as RopeSetting) || (typeof raw === 'number' && raw >= 0 && Number.isFinite(raw))) return raw as RopeSetting;
  const hint = typeof raw === 'string' ? didYouMean(raw, ROPE_MODES as string[]) : '';
  fail(
    ctx,
    'rope',
    `must be a number >= 0 in the primary metric's units (0.01 = one point of accuracy), 'auto' (0.01 for accuracy-like metrics, else 'autorank') or 'autorank' (a tenth of the pooled spread), but got ${formatValue(raw)}.${hint}`,
  );
}

function parseLimits(raw: unknown, ctx: SuiteContext): Limits {
  if (raw === undefined) return { timeoutSec: DEFAULT_TIMEOUT_SEC, maxRows: {} };
  if (!isObject(raw)) fail(ctx, 'limits', `must be an object such as { "timeoutSec": 600, "maxRows": { "svm": 20000 } }, but got ${formatValue(raw)}.`);
  checkKeys(ctx, 'limits', raw, ['timeoutSec', 'maxRows']);
  const t = raw.timeoutSec ?? DEFAULT_TIMEOUT_SEC;
  if (typeof t !== 'number' || !(t >= 0) || !Number.isFinite(t)) fail(ctx, 'limits.timeoutSec', `must be a number of seconds >= 0 (0 = no limit), but got ${formatValue(t)}.`);
  const maxRows = raw.maxRows ?? {};
  if (!isObject(maxRows)) fail(ctx, 'limits.maxRows', `must be an object of { model: rows }, but got ${formatValue(maxRows)}.`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(maxRows)) {
    const specs = variantsAt(ctx, `limits.maxRows.${k}`, k);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(ctx, `limits.maxRows.${k}`, `must be an integer >= 1, but got ${formatValue(v)}.`);
    out[specs[0]!.name] = v;
  }
  return { timeoutSec: t, maxRows: out };
}
