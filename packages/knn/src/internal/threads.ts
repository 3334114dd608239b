/**
 * The brute-force scan with its queries split across threads (Node only: search.ts loads this
 * module with `import()` of a URL it computes, so that a bundler for the browser leaves it out
 * and the browser searches on one thread).
 *
 * The training rows and the queries are copied into SharedArrayBuffers at each search (the rows
 * as they are then: a model keeps the caller's Matrix, see search.ts, so a copy kept from an
 * earlier search could be stale and make the result depend on the number of threads; the copy
 * reads n × d values where the search does at least 20 million multiply-adds), the results live
 * in SharedArrayBuffers too, and the
 * calling thread and `threads − 1` piscina workers claim blocks of queries from one shared
 * counter: each query is searched by exactly one thread with the one-thread code, so the result
 * is the same for any number of threads, bit for bit. The pool of workers is shared by every
 * model of this thread (the runner fits and predicts a new model per fold: a pool per model would
 * start its workers again each time) and lets its workers go after {@link IDLE_MS} idle.
 */
import { availableParallelism } from 'node:os';
import { threadBudget, type Matrix } from '@mlcompare/core';
import { workerSpec } from '@mlcompare/core/workers';
import { Piscina } from 'piscina';
import { blockSearch, queryBlock, type Kernel, type Metric, type Neighbors } from './brute.js';
import type { ScanTask } from './knn-worker.js';

/** Idle time (ms) after which a worker of the pool exits (a new one starts on the next search). */
export const IDLE_MS = 5000;

/** The threads of a search whose `nJobs` is left to the default: core's thread budget, else the cores Node reports. */
export function defaultThreads(): number {
  return threadBudget(availableParallelism());
}

const pools = new Map<number, Piscina>();

/** The pool of `workers` threads (created on first use, kept for the life of the thread). */
function poolOf(workers: number): Piscina {
  let pool = pools.get(workers);
  if (!pool) {
    pool = new Piscina({ ...workerSpec(import.meta.url, 'knn-worker'), minThreads: 0, maxThreads: workers, idleTimeout: IDLE_MS });
    pools.set(workers, pool);
  }
  return pool;
}

/** `data` copied into a new SharedArrayBuffer. */
function shareCopy(data: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(data.byteLength));
  out.set(data);
  return out;
}

/** Lets the event loop run (piscina's messages: a worker that has just started takes its task). */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The neighbours {@link bruteKNeighbors} finds, searched by `threads` threads: this one and
 * `threads − 1` workers. This thread searches blocks too (letting the event loop run between
 * them), and returns as soon as every block is searched: a worker that is still starting finds
 * nothing left to claim, and is not waited for.
 *
 * @param train - training rows (copied for the workers at each call).
 * @param threads - 2 or more.
 * @returns the neighbours, nearest first; the arrays view SharedArrayBuffers.
 * @throws the error of a worker that failed before its blocks were searched.
 */
export async function threadedKNeighbors(train: Matrix, queries: Matrix, k: number, metric: Metric, kernel: Kernel, threads: number): Promise<Neighbors> {
  const T = shareCopy(train.data);
  const m = queries.rows;
  const block = queryBlock(m, threads);
  const blocks = Math.ceil(m / block);
  const task: ScanTask = {
    T,
    n: train.rows,
    Q: shareCopy(queries.data),
    m,
    d: train.cols,
    k,
    metric,
    kernel,
    block,
    topD: new Float64Array(new SharedArrayBuffer(m * k * 8)),
    topI: new Int32Array(new SharedArrayBuffer(m * k * 4)),
    next: new Int32Array(new SharedArrayBuffer(4)),
    done: new Int32Array(new SharedArrayBuffer(4 * (threads + 1))),
    slot: 0,
  };
  const here = blockSearch(task);
  // The workers run the kernel this thread runs (SIMD, or the JavaScript fallback).
  const workerKernel: Kernel = here.backend === 'wasm-simd' ? 'simd' : 'js';
  const pool = poolOf(threads - 1);
  let failure: { error: unknown } | undefined;
  for (let w = 1; w < threads; w++) {
    pool.run({ ...task, kernel: workerKernel, slot: w } satisfies ScanTask).catch((error: unknown) => {
      failure ??= { error };
    });
  }
  for (let q0 = Atomics.add(task.next, 0, block); q0 < m; q0 = Atomics.add(task.next, 0, block)) {
    here.search(q0);
    Atomics.add(task.done, 1, 1);
    Atomics.add(task.done, 0, 1);
    await yieldToLoop();
  }
  // Blocks a worker still searches: wait for them (at most a block's time), or for its failure.
  while (Atomics.load(task.done, 0) < blocks) {
    if (failure) throw failure.error;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  let used = 0;
  for (let t = 0; t < threads; t++) if (Atomics.load(task.done, 1 + t) > 0) used++;
  return { k, indices: task.topI, distances: task.topD, backend: here.backend, threads: used };
}
