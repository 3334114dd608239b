/**
 * The model registry: each model package exports `ModelSpec`s, and the runner and CLI find
 * models only through them.
 */
import { ConfigError } from './errors.js';
import type { Model, Task } from './model.js';
import type { ParamSpecs } from './params.js';

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
  task: Task;
  /** Package that provides it. */
  packageName: string;
  /** One line for `mlcompare models`. */
  description: string;
  capabilities: Capabilities;
  /** The parameter declarations of the class. */
  params: ParamSpecs;
  /** Builds a model (parameters validated). */
  create(params?: Record<string, unknown>): M;
  /** Rebuilds a model from its JSON. */
  fromJSON(json: unknown): M;
  /** Part of the `default` suite (true unless said otherwise). */
  inDefaultSuite?: boolean;
}

/**
 * Finds a model by registry name or class name for a task.
 * @param registry - the specs to search (each model package exports its `models`).
 * @param name - a registry name (`dummy`) or class name (`DummyClassifier`).
 * @param task - the task wanted; without it the first match is returned.
 * @returns the spec.
 * @throws {@link ConfigError} listing the valid names, or the tasks the model has.
 * @example
 * ```ts
 * findModel(dummyModels, 'dummy', 'regression').className; // 'DummyRegressor'
 * ```
 */
export function findModel(registry: readonly ModelSpec[], name: string, task?: Task): ModelSpec {
  const matches = registry.filter((s) => s.name === name || s.className === name);
  if (matches.length === 0) {
    const names = [...new Set(registry.map((s) => s.name))].sort();
    throw new ConfigError(`Unknown model '${name}'. Valid models: ${names.join(', ')}. Run 'mlcompare models' to see them with their parameters.`);
  }
  if (task === undefined) return matches[0]!;
  const m = matches.find((s) => s.task === task);
  if (!m) {
    throw new ConfigError(`Model '${name}' has no ${task} variant (it supports: ${matches.map((s) => s.task).join(', ')}).`);
  }
  return m;
}
