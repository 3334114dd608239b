/**
 * The worker of the threaded logistic objective (logistic-threads.ts), started by piscina: one
 * task per fit evaluates its range of blocks each time the main thread asks (a generation counter
 * in shared memory, Atomics.wait / notify) until told to stop. Everything it reads and writes is
 * in SharedArrayBuffers: the data, the class codes, the parameters and the partial sums.
 */
import { blockEvaluator } from './logistic-blocks.js';

/** One fit's shared buffers and this worker's block range. */
export interface LogisticTask {
  X: Float64Array;
  y: Int32Array;
  n: number;
  d: number;
  nClasses: number;
  fitIntercept: boolean;
  first: number;
  last: number;
  /** Parameters, written by the main thread before each request. */
  theta: Float64Array;
  /** One slot per block (logistic-blocks.ts). */
  partials: Float64Array;
  /** [request generation, done generation, stop, status (0 starting, 1 ready, 2 failed)]. */
  control: Int32Array;
}

/** Control slots. */
export const REQUEST = 0;
export const DONE = 1;
export const STOP = 2;
export const STATUS = 3;

/** Serves evaluation requests for one fit; returns the kernel it used. */
export default function serve(task: LogisticTask): 'wasm-simd' | 'js' {
  const ctl = task.control;
  let ev;
  try {
    ev = blockEvaluator(task, task.first, task.last);
  } catch (e) {
    Atomics.store(ctl, STATUS, 2);
    Atomics.notify(ctl, DONE);
    throw e;
  }
  Atomics.store(ctl, STATUS, 1);
  Atomics.notify(ctl, STATUS);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, REQUEST, seen);
    if (Atomics.load(ctl, STOP) === 1) return ev.backend;
    seen = Atomics.load(ctl, REQUEST);
    try {
      ev.evaluate(task.theta, task.partials);
    } catch (e) {
      Atomics.store(ctl, STATUS, 2);
      Atomics.notify(ctl, DONE);
      throw e;
    }
    Atomics.store(ctl, DONE, seen);
    Atomics.notify(ctl, DONE);
  }
}
