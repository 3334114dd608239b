/**
 * The worker of the threaded logistic objective (logistic-threads.ts), started by piscina: one
 * task per fit. Each time the main thread asks (a generation number in shared memory,
 * Atomics.wait / notify), it claims blocks of rows one at a time from a shared counter and
 * evaluates them, until none is left or told to stop. Everything it reads and writes is in
 * SharedArrayBuffers: the data, the class codes, the parameters, the claims and the partial sums.
 */
import { blockCount, blockEvaluator, type BlockProblem } from './logistic-blocks.js';

/** One fit's shared buffers: the problem (X and y in SharedArrayBuffers) and the exchange slots. */
export interface LogisticTask extends BlockProblem {
  /** Parameters, written by the main thread before each request. */
  theta: Float64Array;
  /** One slot per block (logistic-blocks.ts). */
  partials: Float64Array;
  /** The claim counter: generation × 2³² + next block (see {@link claimBlock}). */
  claims: BigInt64Array;
  /** Per block, the generation whose slot is written. */
  done: Int32Array;
  /** This worker's [request generation, stop, status (0 starting, 1 ready, 2 failed)]. */
  control: Int32Array;
}

/** Control slots. */
export const REQUEST = 0;
export const STOP = 1;
export const STATUS = 2;

const GEN = 2n ** 32n;

/**
 * Claims the next block of generation `gen` (−1 when all are claimed, or the main thread has
 * moved on to another generation): a compare-and-swap on the counter, so that each block is
 * evaluated once per generation, by whichever thread gets it first.
 */
export function claimBlock(claims: BigInt64Array, gen: number, nBlocks: number): number {
  const g = BigInt(gen);
  for (;;) {
    const cur = Atomics.load(claims, 0);
    if (cur / GEN !== g) return -1;
    const b = Number(cur % GEN);
    if (b >= nBlocks) return -1;
    if (Atomics.compareExchange(claims, 0, cur, cur + 1n) === cur) return b;
  }
}

/** Serves evaluation requests for one fit; returns the kernel it used. */
export default function serve(task: LogisticTask): 'wasm-simd' | 'js' {
  const ctl = task.control;
  const nb = blockCount(task.n);
  // A fit that ended before this task started: no copy of the rows for nothing.
  if (Atomics.load(ctl, STOP) === 1) return 'js';
  let ev;
  try {
    ev = blockEvaluator(task, 0, nb);
  } catch (e) {
    Atomics.store(ctl, STATUS, 2);
    throw e;
  }
  Atomics.store(ctl, STATUS, 1);
  Atomics.notify(ctl, STATUS);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, REQUEST, seen);
    if (Atomics.load(ctl, STOP) === 1) {
      ev.release();
      return ev.backend;
    }
    seen = Atomics.load(ctl, REQUEST);
    try {
      for (let b = claimBlock(task.claims, seen, nb); b >= 0; b = claimBlock(task.claims, seen, nb)) {
        ev.evaluateBlock(b, task.theta, task.partials);
        Atomics.store(task.done, b, seen);
        Atomics.notify(task.done, b);
      }
    } catch (e) {
      Atomics.store(ctl, STATUS, 2);
      throw e;
    }
  }
}
