/**
 * Worker-pool plumbing: how to start a TypeScript worker under tsx, or the compiled one under
 * plain node (see TOOLCHAIN.md §5: piscina `require()`s the worker, which tsx's CJS hook handles
 * in worker threads on Node 20, where its ESM hooks are not registered).
 */
import os from 'node:os';
import { workerSpec as coreWorkerSpec } from '@mlcompare/core/workers';

/**
 * The thread budget of each of `workers` worker threads (core's `setThreadBudget`): the cores
 * shared out evenly, ⌊cores ÷ workers⌋, and at least 1 — so that workers × threads per model do
 * not exceed the cores (joblib does the same inside scikit-learn's `n_jobs` workers).
 * @param workers - worker threads running jobs at once (`--jobs`, or a worker's `--concurrency`).
 * @param cores - the cores to share out; Node's `os.availableParallelism()` by default.
 * @returns the budget, a whole number ≥ 1.
 * @example
 * threadsPerWorker(2, 2); // 1: two workers on two cores compute on one thread each
 * threadsPerWorker(1, 2); // 2
 */
export function threadsPerWorker(workers: number, cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

/**
 * The `filename` and `execArgv` for a piscina pool running `./<name>.ts` from source (under tsx
 * or vitest) or `./<name>.js` from `dist`.
 * @param name - worker module name next to this file, without extension.
 * @returns options to spread into `new Piscina({...})`.
 * @example
 * const pool = new Piscina({ ...workerSpec('worker'), maxThreads: 2 });
 */
export function workerSpec(name: string): { filename: string; execArgv: string[] } {
  return coreWorkerSpec(import.meta.url, name);
}
