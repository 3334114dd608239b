/**
 * The thread budget: how many threads one model may use for its own work (k-NN queries split
 * across worker threads, a forest's trees, …) when its `nJobs` parameter is left to the default.
 *
 * scikit-learn's defaults use every core where they can (OpenMP in k-NN's brute-force search,
 * BLAS in logistic regression), and joblib narrows that inside its worker processes so that
 * `n_jobs` workers × threads per worker do not exceed the cores. mlcompare does the same: a
 * model's default is "the budget", the benchmark runner sets the budget in each of its workers
 * to ⌊cores ÷ jobs⌋ (at least 1), and a program that never sets it lets each model use every core
 * the platform reports. The budget is module state of this thread only (each worker thread has
 * its own copy of core), so setting it in one worker does not change another.
 *
 * This module imports nothing from Node: the detection of the cores is left to the caller
 * (see {@link threadBudget}).
 * @module
 */
import { InputError, formatValue } from './errors.js';

/** The largest budget accepted (a guard against a typo such as 1e9, not a machine limit). */
export const MAX_THREAD_BUDGET = 256;

let budget: number | undefined;

/**
 * Sets how many threads a model may use when its `nJobs` is left to the default; `undefined`
 * clears it (every core the platform reports).
 * @param threads - A whole number from 1 to {@link MAX_THREAD_BUDGET}, or `undefined`.
 * @throws InputError when `threads` is not such a number.
 * @example
 * setThreadBudget(1); // each model computes on the calling thread only
 */
export function setThreadBudget(threads: number | undefined): void {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREAD_BUDGET)) {
    throw new InputError(
      `Argument 'threads' passed to 'setThreadBudget' must be a whole number from 1 to ${MAX_THREAD_BUDGET} or undefined, but got ${formatValue(threads)}.`,
    );
  }
  budget = threads;
}

/**
 * The threads a model may use by default: the budget set by {@link setThreadBudget}, else
 * `detected` (what the caller found, e.g. Node's `os.availableParallelism()`), else the
 * platform's `navigator.hardwareConcurrency` where there is one, else 1.
 * @param detected - The caller's count of cores, used only when no budget is set.
 * @example
 * threadBudget(os.availableParallelism()); // 2 on a two-core machine with no budget set
 */
export function threadBudget(detected?: number): number {
  if (budget !== undefined) return budget;
  if (detected !== undefined && Number.isInteger(detected) && detected >= 1) return Math.min(detected, MAX_THREAD_BUDGET);
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: unknown } }).navigator?.hardwareConcurrency;
  return typeof hc === 'number' && Number.isInteger(hc) && hc >= 1 ? Math.min(hc, MAX_THREAD_BUDGET) : 1;
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: 'module') => { createRequire(from: string): (path: string) => unknown } | undefined;
}

/**
 * Imports a module by URL — a model package's Node-only thread module, computed at run time so
 * that a browser bundle leaves it out, or the runner's registry module: `import()`, or, from
 * source inside a worker thread (the runner runs every model in one), `require` — tsx's ESM hooks
 * are not registered in worker threads on Node 20, its CJS hook is (TOOLCHAIN.md §5), so
 * `import()` of a `.ts` file fails there with `ERR_UNKNOWN_FILE_EXTENSION`.
 * @param url - the module's URL (`new URL('./x-threads.ts', import.meta.url).href`).
 * @param from - the importing module's `import.meta.url`, for `createRequire`.
 * @returns the module's namespace.
 * @example
 * ```ts
 * const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
 * const threads = (await importThreadModule(new URL(`./threads.${ext}`, import.meta.url).href, import.meta.url)) as typeof Threads;
 * ```
 */
export async function importThreadModule(url: string, from: string): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ url);
  } catch (err) {
    const proc = (globalThis as { process?: NodeProcess }).process;
    const nodeModule = proc?.getBuiltinModule?.('module');
    if ((err as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !nodeModule) throw err;
    return nodeModule.createRequire(from)(decodeURIComponent(new URL(url).pathname));
  }
}
