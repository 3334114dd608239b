/**
 * A forest's trees grown in worker threads (`nJobs` > 1): the training columns, their sort or
 * ranks, and the target go to SharedArrayBuffers once (`prepareForest(…, onShared)`); each
 * worker grows whole trees from them, tree t from its own random stream, so the forest is the
 * one {@link growForest} grows on the calling thread, whatever the number of threads. The pool
 * (piscina, as the bench runner's) is kept between fits and lets its threads go after a second
 * idle.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Matrix } from '@mlcompare/core';
import type { Criterion, Target, TreeArrays } from '@mlcompare/cart/engine';
import { Piscina } from 'piscina';
import { finishForest, prepareForest, type ForestParams, type GrownForest } from './forest.js';
import type { ForestTask } from './forest-worker.js';

/** piscina's `filename` and `execArgv` for ./forest-worker.ts from source (tsx, vitest) or ./forest-worker.js from dist (TOOLCHAIN.md §5). */
function workerSpec(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(`./forest-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
  const execArgv = [...process.execArgv];
  if (!fromSource) return { filename, execArgv };
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  if (!execArgv.some((a) => a.endsWith('/tsx/dist/loader.mjs'))) execArgv.push('--import', tsxLoader);
  if (!execArgv.includes('--conditions=@mlcompare/source') && !execArgv.includes('@mlcompare/source')) execArgv.push('--conditions=@mlcompare/source');
  return { filename, execArgv };
}

const pools = new Map<number, Piscina>();

function poolOf(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    pool = new Piscina({ ...workerSpec(), minThreads: 0, maxThreads: threads, idleTimeout: 1000 });
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
