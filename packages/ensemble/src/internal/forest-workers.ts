/**
 * A forest's trees grown in worker threads (`nJobs` > 1): the training columns, their sort or
 * ranks, and the target go to SharedArrayBuffers once (`prepareForest(…, onShared)`); each
 * worker grows whole trees from them, tree t from its own random stream, so the forest is the
 * one {@link growForest} grows on the calling thread, whatever the number of threads. The pool
 * (piscina, as the bench runner's) is kept between fits and lets its threads go after a second
 * idle.
 */
import type { Matrix } from '@mlcompare/core';
import type { Criterion, Target, TreeArrays } from '@mlcompare/cart/engine';
import { workerSpec } from '@mlcompare/core/workers';
import { Piscina } from 'piscina';
import { finishForest, prepareForest, type ForestParams, type GrownForest } from './forest.js';
import type { ForestTask } from './forest-worker.js';

const pools = new Map<number, Piscina>();

function poolOf(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    pool = new Piscina({ ...workerSpec(import.meta.url, 'forest-worker'), minThreads: 0, maxThreads: threads, idleTimeout: 1000 });
    pools.set(threads, pool);
  }
  return pool;
}

/**
 * Grows the forest in `threads` worker threads: the trees of {@link growForest}, the same
 * importances and out-of-bag score. Trees are handed out one per task, in order.
 * @throws {@link @mlcompare/core!InputError | InputError} as `growForest`.
 */
export async function growForestInWorkers(
  X: Matrix,
  target: Target,
  criterion: Criterion,
  p: ForestParams,
  caller: string,
  oobScorer: (oob: Float64Array, seen: Int32Array) => number,
  threads: number,
): Promise<GrownForest> {
  const shared = prepareForest(X, target, criterion, p, caller, undefined, true);
  const pool = poolOf(threads);
  const tasks: Array<Promise<TreeArrays[]>> = [];
  for (let t = 0; t < p.nEstimators; t++) tasks.push(pool.run({ shared, trees: [t] } satisfies ForestTask) as Promise<TreeArrays[]>);
  const trees = (await Promise.all(tasks)).flat();
  return finishForest(trees, X, target, p, shared.m, oobScorer);
}
