/**
 * The model registry: each model package exports `ModelSpec`s, and the runner and CLI find
 * models only through them.
 */
import { ConfigError } from './errors.js';
import { BaseClassifier, BaseRegressor, type Model, type Task } from './model.js';
import type { ParamSpecs } from './params.js';
import type { SearchSpace } from './results.js';
import { didYouMean } from './suggest.js';

/** What a model can do; the runner uses it to choose preprocessing and metrics. */
export interface Capabilities {
  /** `predictProba` is available (with default parameters). */
  probabilities: boolean;
  /** Inputs should be standardised (the runner adds a StandardScaler inside each fold). */
  needsScaling: boolean;
  /** `fit`/`predict` accept NaN as missing (otherwise the runner imputes inside each fold). */
  handlesMissing: boolean;
  /** The result depends on `seed`. */
  randomized: boolean;
  /** Handles more than two classes (classifiers). */
  multiclass?: boolean;
}

/** One model in the registry. */
export interface ModelSpec<M extends Model<any> = Model<any>> {
  /** Registry name used in suites and on the command line (`knn`, `svm`, `mlp`, …); shared by a family's classifier and regressor. */
  name: string;
  /** Class name (`KNNClassifier`). Also accepted where a registry name is. */
  className: string;
  /** What the class predicts (a classifier: classification). */
  task: Task;
  /** Package that provides it. */
  packageName: string;
  /** One line for `mlcompare models`. */
  description: string;
  /** What the model can do; the runner chooses preprocessing and metrics from it. */
  capabilities: Capabilities;
  /** The parameter declarations of the class. */
  params: ParamSpecs;
  /** Builds a model (parameters validated). */
  create(params?: Record<string, unknown>): M;
  /** Rebuilds a model from its JSON. */
  fromJSON(json: unknown): M;
  /** Part of the `default` suite (true unless said otherwise). */
  inDefaultSuite?: boolean;
  /**
   * The space a tuned entry searches when the suite or command line gives none (bounds, choices and
   * log scales from the literature; each package README names the source). Checked against `params`
   * by core's tests with `validateSpace`.
   */
  defaultSpace?: SearchSpace;
}

/**
 * The static side of a model class that {@link modelSpec} derives a registry entry from: the
 * constructor, the class name, the parameter declarations and `fromJSON`.
 */
export interface SpecifiedModelClass<M extends Model<any>> {
  new (params?: any): M;
  /** Class name (`KNNClassifier`). */
  readonly modelName: string;
  /** The parameter declarations the constructor validates against. */
  readonly paramSpec: ParamSpecs;
  /** Rebuilds a model from its JSON. */
  fromJSON(json: unknown): M;
}

/** What a registry entry says that its class cannot: the argument of {@link modelSpec}. */
export interface ModelSpecInfo {
  /** Registry name (`knn`), shared by a family's classifier and regressor. */
  name: string;
  /** Package that provides the model (`@mlcompare/knn`). */
  packageName: string;
  /** One line for `mlcompare models`. */
  description: string;
  /** What the model can do (probabilities, scaling, missing values, randomness, classes). */
  capabilities: Capabilities;
  /** Part of the `default` suite (true unless said otherwise). */
  inDefaultSuite?: boolean;
  /** The default search space of a tuned entry (see {@link ModelSpec.defaultSpace}). */
  defaultSpace?: SearchSpace;
}

/**
 * A registry entry derived from its class, so that it cannot drift from it: the class name,
 * the parameters, `create` and `fromJSON` come from the class's statics (`modelName`,
 * `paramSpec`, the constructor, `fromJSON`), the task from its base class ({@link BaseClassifier}
 * → classification, {@link BaseRegressor} → regression).
 * @param Class - the model class.
 * @param info - what the class cannot say: registry name, package, description, capabilities.
 * @returns the registry entry.
 * @throws {@link ConfigError} when the class extends neither base class (its task is unknown).
 * @example
 * ```ts
 * const spec = modelSpec(DummyClassifier, {
 *   name: 'dummy',
 *   packageName: '@mlcompare/core',
 *   description: 'Baseline that ignores the features.',
 *   capabilities: { probabilities: true, needsScaling: false, handlesMissing: true, randomized: false, multiclass: true },
 * });
 * spec.className; // 'DummyClassifier'
 * spec.task; // 'classification'
 * ```
 */
export function modelSpec<M extends Model<any>>(Class: SpecifiedModelClass<M>, info: ModelSpecInfo): ModelSpec<M> {
  const task: Task | undefined =
    Class.prototype instanceof BaseClassifier ? 'classification' : Class.prototype instanceof BaseRegressor ? 'regression' : undefined;
  if (task === undefined) {
    throw new ConfigError(
      `Argument 'Class' passed to 'modelSpec' must extend BaseClassifier or BaseRegressor (its task is read from its base class), but ${Class.modelName} extends neither.`,
    );
  }
  const spec: ModelSpec<M> = {
    name: info.name,
    className: Class.modelName,
    task,
    packageName: info.packageName,
    description: info.description,
    capabilities: info.capabilities,
    params: Class.paramSpec,
    create: (params) => new Class(params),
    fromJSON: (json) => Class.fromJSON(json),
  };
  if (info.inDefaultSuite !== undefined) spec.inDefaultSuite = info.inDefaultSuite;
  if (info.defaultSpace !== undefined) spec.defaultSpace = info.defaultSpace;
  return spec;
}

/**
 * Where a registry entry disagrees with the class it builds (a hand-written entry can drift
 * from its class; one made by {@link modelSpec} cannot): the class name, the task, the
 * parameter declarations (the class's static `paramSpec`, declaration by declaration) and the
 * class `fromJSON` returns. The contract suite runs this on every model.
 * @param spec - a registry entry.
 * @returns one sentence per disagreement; empty when the entry matches its class.
 * @example
 * ```ts
 * specDrift(dummyModels[0]); // []
 * specDrift({ ...dummyModels[0], className: 'Dummy' });
 * // ["className is 'Dummy' but create() builds a DummyClassifier"]
 * ```
 */
export function specDrift(spec: ModelSpec): string[] {
  const out: string[] = [];
  const m = spec.create();
  const Class = m.constructor as Partial<SpecifiedModelClass<Model<any>>>;
  try {
    if (m.modelName !== spec.className) out.push(`className is '${spec.className}' but create() builds a ${m.modelName}`);
    if (Class.modelName !== undefined && Class.modelName !== m.modelName) {
      out.push(`the class's static modelName is '${Class.modelName}' but its instances say '${m.modelName}'`);
    }
    if (m.task !== spec.task) out.push(`task is '${spec.task}' but create() builds a ${m.task} model`);
    const declared = Class.paramSpec;
    if (declared === undefined) out.push(`${m.modelName} has no static paramSpec to compare params with`);
    else {
      const keys = (o: object): string => Object.keys(o).sort().join(', ');
      if (keys(declared) !== keys(spec.params)) out.push(`params declares [${keys(spec.params)}] but ${m.modelName}.paramSpec declares [${keys(declared)}]`);
      for (const [k, d] of Object.entries(spec.params)) {
        if (declared[k] !== undefined && declared[k] !== d) out.push(`params.${k} is not ${m.modelName}.paramSpec.${k}`);
      }
    }
    const back = spec.fromJSON(m.toJSON());
    if (back.constructor !== m.constructor) out.push(`fromJSON returns a ${back.modelName}, not a ${m.modelName}`);
    back.dispose();
  } finally {
    m.dispose();
  }
  return out;
}

function registryNames(registry: readonly ModelSpec[]): string[] {
  return [...new Set(registry.map((s) => s.name))].sort();
}

/**
 * Every registry entry of a model (one per task), by registry name or class name.
 * @param registry - the specs to search (each model package exports its `models`).
 * @param name - a registry name (`knn`) or class name (`KNNClassifier`: then only that class).
 * @returns the entries, in registry order; never empty.
 * @throws {@link ConfigError} for an unknown name, with the closest valid name and the list.
 * @example
 * ```ts
 * modelVariants(dummyModels, 'dummy').map((s) => s.task); // ['classification', 'regression']
 * ```
 */
export function modelVariants(registry: readonly ModelSpec[], name: string): ModelSpec[] {
  const matches = registry.filter((s) => s.name === name || s.className === name);
  if (matches.length === 0) {
    const names = registryNames(registry);
    const hint = didYouMean(name, [...names, ...registry.map((s) => s.className)]);
    throw new ConfigError(`Unknown model '${name}'.${hint} Valid models: ${names.join(', ')}. Run 'mlcompare models' to see them with their parameters.`);
  }
  return matches;
}

/**
 * Finds a model by registry name or class name for a task.
 * @param registry - the specs to search (each model package exports its `models`).
 * @param name - a registry name (`dummy`) or class name (`DummyClassifier`).
 * @param task - the task wanted; without it the first match is returned.
 * @returns the spec.
 * @throws {@link ConfigError} for an unknown name (see {@link modelVariants}), or listing the
 *   tasks the model has.
 * @example
 * ```ts
 * findModel(dummyModels, 'dummy', 'regression').className; // 'DummyRegressor'
 * ```
 */
export function findModel(registry: readonly ModelSpec[], name: string, task?: Task): ModelSpec {
  const matches = modelVariants(registry, name);
  if (task === undefined) return matches[0]!;
  const m = matches.find((s) => s.task === task);
  if (!m) {
    throw new ConfigError(`Model '${name}' has no ${task} variant (it supports: ${matches.map((s) => s.task).join(', ')}).`);
  }
  return m;
}

/**
 * The entry of a model for a task, or undefined when the model has no variant for that task
 * (the runner's planner then leaves it out with a note).
 * @param registry - the specs to search.
 * @param name - a registry name or class name.
 * @param task - the task of the data.
 * @returns the spec, or undefined.
 * @throws {@link ConfigError} for an unknown name (see {@link modelVariants}).
 * @example
 * ```ts
 * modelForTask(dummyModels, 'dummy', 'regression')?.className; // 'DummyRegressor'
 * ```
 */
export function modelForTask(registry: readonly ModelSpec[], name: string, task: Task): ModelSpec | undefined {
  return modelVariants(registry, name).find((s) => s.task === task);
}

/**
 * Finds a model by its exact class name and task (how a job names its model).
 * @param registry - the specs to search.
 * @param className - the class name (`KNNClassifier`).
 * @param task - the task.
 * @returns the spec.
 * @throws {@link ConfigError} when no entry has that class for that task.
 * @example
 * ```ts
 * findModelByClass(dummyModels, 'DummyRegressor', 'regression').name; // 'dummy'
 * ```
 */
export function findModelByClass(registry: readonly ModelSpec[], className: string, task: Task): ModelSpec {
  const m = registry.find((s) => s.className === className && s.task === task);
  if (!m) {
    const classes = registry.filter((s) => s.task === task).map((s) => s.className);
    throw new ConfigError(
      `The registry has no ${task} model of class '${className}'.${didYouMean(className, classes)} Its ${task} classes: ${classes.join(', ') || '(none)'}.`,
    );
  }
  return m;
}

