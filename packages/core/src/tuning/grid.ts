/**
 * Grid search candidates, in scikit-learn 1.2.1's `ParameterGrid` order (`model_selection/_search.py`):
 * parameter names sorted, the cartesian product taken with the last name varying fastest.
 */
import { ConfigError, InputError, formatValue } from '../errors.js';
import type { SearchSpace } from '../results.js';
import type { SpaceValue, TuneConfig } from './space.js';

/** The names of a space in `ParameterGrid` order (`sorted(p.items())`: by code unit, as Python sorts ASCII names). */
export function sortedNames(space: SearchSpace): string[] {
  return Object.keys(space).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The value lists of a space in `ParameterGrid` order, or the first range's name when it has one. */
function axes(space: SearchSpace): Array<[string, readonly SpaceValue[]]> | string {
  const out: Array<[string, readonly SpaceValue[]]> = [];
  for (const name of sortedNames(space)) {
    const d = space[name]!;
    if (d.kind !== 'values') return name;
    out.push([name, d.values]);
  }
  return out;
}

/**
 * True when every parameter of the space is a list of values (scikit-learn's `_is_all_lists`):
 * then random search samples the grid without replacement.
 * @param space - the space.
 * @returns whether the space is a finite grid.
 * @example
 * ```ts
 * isGridSpace({ k: { kind: 'values', values: [1, 3] } }); // true
 * ```
 */
export function isGridSpace(space: SearchSpace): boolean {
  return typeof axes(space) !== 'string';
}

/**
 * The number of configurations of an all-list space (`len(ParameterGrid(space))`); Infinity when a
 * parameter is a range. The empty space has one configuration (every parameter at its value outside the space).
 * @param space - the space.
 * @returns the product of the list lengths, or Infinity.
 * @example
 * ```ts
 * gridSize({ C: { kind: 'values', values: [1, 10] }, kernel: { kind: 'values', values: ['rbf', 'linear', 'poly'] } }); // 6
 * ```
 */
export function gridSize(space: SearchSpace): number {
  const a = axes(space);
  if (typeof a === 'string') return Infinity;
  return a.reduce((n, [, v]) => n * v.length, 1);
}

/** The index of `v` in a list domain (integer lists compared element by element), or -1. */
export function valueIndex(d: { values: readonly SpaceValue[] }, v: unknown): number {
  return d.values.findIndex((x) => (Array.isArray(x) && Array.isArray(v) ? x.length === v.length && x.every((e, i) => e === v[i]) : x === v));
}

function copy(v: SpaceValue): SpaceValue {
  return Array.isArray(v) ? [...v] : v;
}

/**
 * The configuration at `index` of the grid, as `ParameterGrid.__getitem__` computes it (the last
 * sorted name varies fastest), without building the whole grid.
 * @param space - an all-list space.
 * @param index - an integer in [0, gridSize(space)).
 * @returns the configuration.
 * @throws {@link InputError} for an index outside the grid; {@link ConfigError} when the space has a range.
 * @example
 * ```ts
 * gridAt({ a: { kind: 'values', values: [1, 2] }, b: { kind: 'values', values: ['x', 'y'] } }, 1); // { a: 1, b: 'y' }
 * ```
 */
export function gridAt(space: SearchSpace, index: number): TuneConfig {
  const a = axes(space);
  if (typeof a === 'string') throw rangeInGrid(space, a);
  const size = a.reduce((n, [, v]) => n * v.length, 1);
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new InputError(`Argument 'index' passed to 'gridAt' must be an integer in [0, ${size - 1}] (the grid has ${size} configurations). Got ${formatValue(index)} instead.`);
  }
  const out: TuneConfig = {};
  let rest = index;
  for (let i = a.length - 1; i >= 0; i--) {
    const [name, values] = a[i]!;
    out[name] = copy(values[rest % values.length]!);
    rest = Math.floor(rest / values.length);
  }
  // Keys in sorted order, as scikit-learn's dicts are built.
  const ordered: TuneConfig = {};
  for (const [name] of a) ordered[name] = out[name]!;
  return ordered;
}

function rangeInGrid(space: SearchSpace, name: string): ConfigError {
  const d = space[name]!;
  const shown = d.kind === 'values' ? '' : `${d.log ? 'log' : 'range'}(${d.low},${d.high})`;
  return new ConfigError(
    `A grid search needs a list of values for every parameter, but '${name}' is the range ${shown}: give values instead (${name}=a,b,c), or tune with 'random', 'halving' or 'tpe', which sample ranges.`,
  );
}

/**
 * Every configuration of an all-list space, in scikit-learn's `ParameterGrid` order.
 * @param space - the space (every parameter a list of values).
 * @returns the configurations; one empty configuration for the empty space.
 * @throws {@link ConfigError} when a parameter is a range, with the remedy (give values).
 * @example
 * ```ts
 * gridCandidates({ gamma: { kind: 'values', values: [0.1, 1] }, C: { kind: 'values', values: [1, 10] } });
 * // [{ C: 1, gamma: 0.1 }, { C: 1, gamma: 1 }, { C: 10, gamma: 0.1 }, { C: 10, gamma: 1 }]
 * ```
 */
export function gridCandidates(space: SearchSpace): TuneConfig[] {
  const size = gridSize(space);
  if (size === Infinity) {
    const a = axes(space) as string;
    throw rangeInGrid(space, a);
  }
  return Array.from({ length: size }, (_, i) => gridAt(space, i));
}
