/**
 * A suite's tuning settings (`"tune"`, for every model or for one) resolved into each model entry's
 * {@link TuneSpec}: strategy, budget, inner folds, metric, and the space searched (given, or the
 * family's default). A tuned entry is labelled `knn (tuned)` and sits beside the default one.
 */
import {
  ConfigError,
  METRICS,
  ParameterError,
  TUNE_STRATEGIES,
  didYouMean,
  formatParamValue,
  formatValue,
  gridCandidates,
  isGridSpace,
  parseSpace,
  spaceFromJSON,
  type ModelEntry,
  type ModelSpec,
  type SearchSpace,
  type Task,
  type TuneBudget,
  type TuneSpec,
  type TuneStrategy,
} from '@mlcompare/core';

/** Candidate configurations a random or TPE search evaluates when the suite gives no budget. */
const DEFAULT_TUNE_EVALS = 20;
/** Inner folds when the suite gives none. */
const DEFAULT_INNER_FOLDS = 3;
/** The `metric` that means "the run's primary metric of each data set's task". */
export const PRIMARY_METRIC = 'primary';

/** What the tuning parser needs from the suite parser: the registry and how to report a problem at a place. */
export interface TuneContext {
  registry: readonly ModelSpec[];
  /** Throws the suite's ConfigError for a problem at `where` (`tune.budget`, `models[2].tune`). */
  fail(where: string, message: string): never;
  /** The suite's display name of a model with fixed parameters (`knn(weights=distance)`). */
  label(name: string, params: Record<string, unknown>): string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const TUNE_KEYS = ['strategy', 'budget', 'inner', 'metric', 'space', 'halving'];

/** The settings of a `tune` object other than the space, defaults filled in. */
type TuneSettings = Omit<TuneSpec, 'space' | 'taskSpaces'> & { budgetGiven: boolean };

/**
 * Reads a `"budget"`: `{ "evals": N }`, `{ "seconds": S }`, or the command line's text (`50`, `60s`).
 * @param raw - the value.
 * @returns the budget.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} for anything else, naming the rule and the value.
 * @example
 * parseBudget('60s'); // { seconds: 60 }
 */
export function parseBudget(raw: unknown): TuneBudget {
  if (typeof raw === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|seconds)?\s*$/.exec(raw);
    if (m) {
      const n = Number(m[1]);
      if (m[2] !== undefined && n > 0) return { seconds: n };
      if (m[2] === undefined && Number.isInteger(n) && n >= 1) return { evals: n };
    }
    throw new ConfigError(`a budget must be a number of evaluations (an integer >= 1, such as 50) or of CPU seconds (such as 60s), but got ${formatValue(raw)}.`);
  }
  if (isObject(raw) && Object.keys(raw).length === 1) {
    if ('evals' in raw && typeof raw.evals === 'number' && Number.isInteger(raw.evals) && raw.evals >= 1) return { evals: raw.evals };
    if ('seconds' in raw && typeof raw.seconds === 'number' && Number.isFinite(raw.seconds) && raw.seconds > 0) return { seconds: raw.seconds };
  }
  throw new ConfigError(`a budget must be { "evals": N } (an integer >= 1) or { "seconds": S } (CPU seconds > 0), but got ${formatValue(raw)}.`);
}

function parseSettings(raw: Record<string, unknown>, where: string, ctx: TuneContext): TuneSettings {
  for (const k of Object.keys(raw)) {
    if (!TUNE_KEYS.includes(k)) ctx.fail(where, `unknown key '${k}'.${didYouMean(k, TUNE_KEYS)} Valid keys: ${TUNE_KEYS.join(', ')}.`);
  }
  const strategy = (raw.strategy ?? 'random') as TuneStrategy;
  if (!TUNE_STRATEGIES.includes(strategy)) {
    const hint = typeof raw.strategy === 'string' ? didYouMean(raw.strategy, TUNE_STRATEGIES) : '';
    ctx.fail(`${where}.strategy`, `must be one of ${TUNE_STRATEGIES.map((s) => `'${s}'`).join(', ')}, but got ${formatValue(raw.strategy)}.${hint}`);
  }
  let budget: TuneBudget = { evals: DEFAULT_TUNE_EVALS };
  if (raw.budget !== undefined) {
    try {
      budget = parseBudget(raw.budget);
    } catch (err) {
      if (err instanceof ConfigError) ctx.fail(`${where}.budget`, err.message);
      throw err;
    }
  }
  if (strategy === 'halving' && 'seconds' in budget) {
    ctx.fail(`${where}.budget`, `successive halving takes a number of evaluations (the candidates of its first round, as scikit-learn's n_candidates), not seconds; got ${formatValue(raw.budget)}.`);
  }
  const inner = raw.inner ?? {};
  if (!isObject(inner)) ctx.fail(`${where}.inner`, `must be an object such as { "kind": "kfold", "folds": 3, "shuffle": false }, but got ${formatValue(inner)}.`);
  for (const k of Object.keys(inner)) {
    if (!['kind', 'folds', 'shuffle'].includes(k)) ctx.fail(`${where}.inner`, `unknown key '${k}'. Valid keys: kind, folds, shuffle.`);
  }
  if (inner.kind !== undefined && inner.kind !== 'kfold') ctx.fail(`${where}.inner.kind`, `must be 'kfold' (the only inner resampling), but got ${formatValue(inner.kind)}.`);
  const folds = inner.folds ?? DEFAULT_INNER_FOLDS;
  if (typeof folds !== 'number' || !Number.isInteger(folds) || folds < 2) ctx.fail(`${where}.inner.folds`, `must be an integer >= 2, but got ${formatValue(folds)}.`);
  const shuffle = inner.shuffle ?? false;
  if (typeof shuffle !== 'boolean') ctx.fail(`${where}.inner.shuffle`, `must be true or false, but got ${formatValue(shuffle)}.`);
  const metric = raw.metric ?? PRIMARY_METRIC;
  if (typeof metric !== 'string' || (metric !== PRIMARY_METRIC && !(metric in METRICS))) {
    const hint = typeof metric === 'string' ? didYouMean(metric, Object.keys(METRICS)) : '';
    ctx.fail(`${where}.metric`, `must be '${PRIMARY_METRIC}' (each data set's primary metric) or a metric name, but got ${formatValue(metric)}.${hint} Valid metrics: ${Object.keys(METRICS).join(', ')}.`);
  }
  const settings: TuneSettings = { strategy, budget, inner: { kind: 'kfold', folds, shuffle }, metric, budgetGiven: raw.budget !== undefined };
  if (strategy === 'halving') {
    const h = raw.halving ?? {};
    if (!isObject(h)) ctx.fail(`${where}.halving`, `must be an object such as { "factor": 3, "minResources": "exhaust" }, but got ${formatValue(h)}.`);
    for (const k of Object.keys(h)) if (!['factor', 'minResources'].includes(k)) ctx.fail(`${where}.halving`, `unknown key '${k}'. Valid keys: factor, minResources.`);
    const factor = h.factor ?? 3;
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 1) ctx.fail(`${where}.halving.factor`, `must be a number > 1, but got ${formatValue(factor)}.`);
    const minResources = h.minResources ?? 'exhaust';
    if (!(minResources === 'exhaust' || minResources === 'smallest' || (typeof minResources === 'number' && Number.isInteger(minResources) && minResources >= 1))) {
      ctx.fail(`${where}.halving.minResources`, `must be 'exhaust', 'smallest' or an integer >= 1, but got ${formatValue(minResources)}.`);
    }
    settings.halving = { factor, minResources: minResources as number | 'exhaust' | 'smallest' };
  } else if (raw.halving !== undefined) {
    ctx.fail(`${where}.halving`, `applies to the 'halving' strategy only, but the strategy is '${strategy}'.`);
  }
  return settings;
}

/** Every variant declares an empty default space: the family has no parameter worth tuning. */
function nothingToTune(specs: readonly ModelSpec[]): boolean {
  return specs.every((s) => s.defaultSpace !== undefined && Object.keys(s.defaultSpace).length === 0);
}

/**
 * A `--space` value the model takes, for a message to suggest: its first parameter with choices
 * (all of them), else its first numeric parameter other than the seed (its default).
 */
function spaceExample(spec: ModelSpec): string {
  const params = Object.entries(spec.params);
  const choices = params.find(([, d]) => d.choices !== undefined && d.choices.length > 1);
  if (choices) return `${spec.name}:${choices[0]}=${choices[1].choices!.map(formatParamValue).join(',')}`;
  const numeric = params.find(([k, d]) => (d.kind === 'int' || d.kind === 'float') && k !== 'seed' && typeof d.default === 'number' && Number.isFinite(d.default));
  return numeric ? `${spec.name}:${numeric[0]}=${formatParamValue(numeric[1].default)}` : `${spec.name}:PARAM=A,B,C`;
}

/** The registry's variants of a model name. */
function variantsOf(registry: readonly ModelSpec[], name: string): ModelSpec[] {
  return registry.filter((s) => s.name === name);
}

/**
 * The space a tuned entry searches: the one given (text in the `--space` grammar, or JSON), checked
 * against the variants' declarations (at least one must take it), else the family's default space.
 */
function resolveSpace(raw: unknown, specs: ModelSpec[], where: string, ctx: TuneContext): { space: SearchSpace; taskSpaces?: Partial<Record<Task, SearchSpace>> } {
  if (raw === undefined) {
    const withDefault = specs.filter((s) => s.defaultSpace !== undefined && Object.keys(s.defaultSpace).length > 0);
    if (withDefault.length === 0) {
      const why = nothingToTune(specs) ? 'has nothing to tune by default (its default search space is empty)' : 'has no default search space';
      ctx.fail(where, `'${specs[0]!.name}' ${why}: give one, as --space '${spaceExample(specs[0]!)}' (the values to try, separated by commas) or "space" in the suite's tune.`);
    }
    const space = withDefault[0]!.defaultSpace!;
    const same = withDefault.every((s) => JSON.stringify(s.defaultSpace) === JSON.stringify(space));
    if (same) return { space };
    return { space, taskSpaces: Object.fromEntries(withDefault.map((s) => [s.task, s.defaultSpace!])) };
  }
  let first: unknown;
  for (const s of specs) {
    try {
      const space = typeof raw === 'string' ? parseSpace(raw, s.params, where) : spaceFromJSON(raw, s.params, where);
      return { space };
    } catch (err) {
      first ??= err;
    }
  }
  if (first instanceof ConfigError || first instanceof ParameterError) ctx.fail(where, first.message.startsWith(`${where}: `) ? first.message.slice(where.length + 2) : first.message);
  throw first;
}

/** The label of a tuned entry: `knn (tuned)`, or `knn(weights=distance) (tuned)` with fixed parameters. */
function tunedLabel(label: string): string {
  return `${label} (tuned)`;
}

/**
 * Makes a model entry tuned.
 * @param entry - the entry as parsed (its `params` are fixed during the search).
 * @param raw - its `tune` object (per model) or the suite's (for all models).
 * @param spaceRaw - the space given for this model, if any.
 * @param where - the place, for messages.
 * @param ctx - registry and how to fail.
 * @param label - the tuned entry's label (default: the entry's, with ` (tuned)`).
 * @param spaceWhere - the place of `spaceRaw`, for messages: `tune.space.knn` for a space the suite's
 *   `"tune"` (or `--space knn:…`) gives one model, so that a bad one is blamed on what wrote it.
 * @returns the tuned entry, labelled `… (tuned)` unless `label` is given.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} (through `ctx.fail`) for an invalid setting, a
 *   space the model does not take, a parameter both fixed and searched, or a grid search over a range.
 */
export function tunedEntry(entry: ModelEntry, raw: unknown, spaceRaw: unknown, where: string, ctx: TuneContext, label?: string, spaceWhere = `${where}.space`): ModelEntry {
  if (!isObject(raw)) ctx.fail(where, `must be an object such as { "strategy": "random", "budget": { "evals": 20 } }, but got ${formatValue(raw)}.`);
  const settings = parseSettings(raw, where, ctx);
  const specs = variantsOf(ctx.registry, entry.model);
  const { space, taskSpaces } = resolveSpace(spaceRaw, specs, spaceWhere, ctx);
  for (const s of [space, ...Object.values(taskSpaces ?? {})]) {
    for (const k of Object.keys(s)) {
      if (k in entry.params) ctx.fail(spaceWhere, `'${k}' is both fixed (${k}=${formatValue(entry.params[k])}) and searched; give it in one place.`);
    }
  }
  const { budgetGiven, ...rest } = settings;
  const tune: TuneSpec = { ...rest, space };
  if (taskSpaces) tune.taskSpaces = taskSpaces;
  if (settings.strategy === 'grid') {
    let size = 0;
    for (const s of [space, ...Object.values(taskSpaces ?? {})]) {
      if (!isGridSpace(s)) {
        try {
          gridCandidates(s);
        } catch (err) {
          if (err instanceof ConfigError) ctx.fail(spaceWhere, err.message);
          throw err;
        }
      }
      size = Math.max(size, gridCandidates(s).length);
    }
    // A grid search evaluates the whole grid unless a smaller budget is given.
    if (!budgetGiven) tune.budget = { evals: size };
  }
  // A space only one task variant takes leaves the other out: the plan checks each data set's variant and says so.
  return { model: entry.model, params: entry.params, label: label ?? tunedLabel(entry.label), tune };
}

/**
 * Adds a tuned entry beside every untuned one, for a suite-wide `"tune"` (`--tune STRATEGY`):
 * `space` there maps model names to spaces. Entries that differ only in searched parameters give
 * one tuned entry; a family whose default space is empty (nothing to tune) gets none unless a
 * space is given for it.
 * @param models - the suite's entries.
 * @param raw - the suite's `tune`.
 * @param ctx - registry and how to fail.
 * @returns the entries with the tuned ones after them.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} for an invalid setting or a space for a model not in the suite.
 */
export function addTunedEntries(models: ModelEntry[], raw: unknown, ctx: TuneContext): ModelEntry[] {
  if (raw === undefined) return models;
  if (!isObject(raw)) ctx.fail('tune', `must be an object such as { "strategy": "random", "budget": { "evals": 20 } }, but got ${formatValue(raw)}.`);
  const spaces = raw.space ?? {};
  if (!isObject(spaces)) ctx.fail('tune.space', `must be an object of { model: space }, one per model, but got ${formatValue(spaces)}.`);
  const names = new Set(models.map((m) => m.model));
  for (const k of Object.keys(spaces)) {
    if (!names.has(k)) ctx.fail(`tune.space.${k}`, `'${k}' is not a model of this suite.${didYouMean(k, [...names])} Its models: ${[...names].join(', ')}.`);
  }
  const { space: _space, ...settings } = raw;
  void _space;
  const out = [...models];
  const labels = new Set(models.map((m) => m.label));
  for (const m of models) {
    if (m.tune) continue;
    const spaceRaw = spaces[m.model];
    // A family with nothing to tune (an empty default space, as ordinary least squares) gets no tuned row.
    if (spaceRaw === undefined && nothingToTune(variantsOf(ctx.registry, m.model))) continue;
    const probe = tunedEntry({ ...m, params: {} }, settings, spaceRaw, 'tune', ctx, undefined, `tune.space.${m.model}`);
    const searched = new Set([...Object.keys(probe.tune!.space), ...Object.values(probe.tune!.taskSpaces ?? {}).flatMap((s) => Object.keys(s))]);
    const fixed = Object.fromEntries(Object.entries(m.params).filter(([k]) => !searched.has(k)));
    const base = Object.keys(fixed).length === Object.keys(m.params).length ? m.label : ctx.label(m.model, fixed);
    const entry = tunedEntry({ model: m.model, params: fixed, label: base }, settings, spaceRaw, 'tune', ctx, undefined, `tune.space.${m.model}`);
    if (labels.has(entry.label)) continue;
    labels.add(entry.label);
    out.push(entry);
  }
  return out;
}

/**
 * Jobs one outer fold of an entry gives at most, for the run's size check: 1 for an untuned entry;
 * for a tuned one its inner trials (candidates × inner folds; successive halving counts each
 * candidate once per round it can reach) and the refit. A time budget counts one candidate.
 * @param entry - a model entry.
 * @returns the number of jobs.
 */
export function jobsPerOuterFold(entry: ModelEntry): number {
  const t = entry.tune;
  if (!t) return 1;
  const evals = 'evals' in t.budget ? t.budget.evals : 1;
  // Halving: n + n/f + n/f² + … < n·f/(f−1) candidate evaluations over all rounds.
  const perFold = t.strategy === 'halving' && t.halving ? Math.ceil((evals * t.halving.factor) / (t.halving.factor - 1)) : evals;
  return perFold * t.inner.folds + 1;
}
