/**
 * The piscina pools of the linear models' worker threads (Node only: imported by the thread
 * modules, which the models load lazily, never bundled for browsers).
 */
import { availableParallelism } from 'node:os';
import { threadBudget } from '@mlcompare/core';
import { workerSpec } from '@mlcompare/core/workers';
import { Piscina } from 'piscina';

/** The default thread count: the thread budget, else this machine's cores. */
export function defaultThreads(): number {
  return threadBudget(availableParallelism());
}

/**
 * A pool of the worker module `name` (a file next to this one), made on first use and made
 * again, larger, when more workers are asked for than it has; idle workers exit after 30 s.
 * @param name - the worker module's file name without extension (`'gram-worker'`).
 * @returns the function that gives the pool for a number of workers.
 */
export function workerPool(name: string): (workers: number) => Piscina {
  let pool: Piscina | undefined;
  return (workers) => {
    if (!pool || pool.maxThreads < workers) {
      void pool?.close();
      pool = new Piscina({ ...workerSpec(import.meta.url, name), minThreads: 0, maxThreads: workers, idleTimeout: 30_000 });
    }
    return pool;
  };
}
