/**
 * The logistic objective's data part split over worker threads (Node only: loaded lazily by
 * logistic-regression.ts, never bundled for browsers). The rows go once per fit to a
 * SharedArrayBuffer; the main thread and the workers (piscina, one long task per fit, each with
 * its own copy of the rows in its kernel's memory) claim the fixed blocks one at a time, and the
 * main thread adds the blocks' partial sums in block order, so the loss and gradient are
 * bit-identical to one thread's whoever evaluated which block.
 * Requests and replies go through Atomics on shared counters: the L-BFGS loop stays synchronous
 * and one round trip costs microseconds, not a task queue's message.
 */
import { FitError } from '@mlcompare/core';
import { defaultThreads, workerPool } from './worker-pool.js';
import { blockCount, blockEvaluator, combineBlocks, slotSize, type BlockProblem } from './logistic-blocks.js';
import { REQUEST, STATUS, STOP, claimBlock, type LogisticTask } from './logistic-worker.js';

export { defaultThreads };

const poolOf = workerPool('logistic-worker');

/** Longest wait for a worker's reply before the fit is abandoned (a worker that died silently). */
const REPLY_TIMEOUT_MS = 600_000;

/** A threaded objective: `evaluate` as the one-thread loop, `close` ends the workers' tasks. */
export interface ThreadedData {
  /** Writes the data gradient into `grad` and returns the data loss (no penalty). */
  evaluate(theta: Float64Array, grad: Float64Array): number;
  backend: 'wasm-simd' | 'js';
  /**
   * Stops the workers' tasks (always call it, also after an error).
   * @throws {@link @mlcompare/core!FitError | FitError} when a worker could not start or run.
   */
  close(): Promise<void>;
}

/**
 * Starts `threads − 1` workers on `p` (without waiting for them). Each evaluation, the
 * main thread and the workers claim blocks one at a time (so a worker the system does not run
 * soon delays the evaluation by one block at most: the others take its share), then the main
 * thread adds the blocks' sums in block order.
 * @throws {@link @mlcompare/core!FitError | FitError} when a worker cannot start.
 */
export async function threadedData(p: BlockProblem, threads: number, caller: string): Promise<ThreadedData> {
  const { n, d, nClasses } = p;
  const k = nClasses === 2 ? 1 : nClasses;
  const nb = blockCount(n);
  const slot = slotSize(k, d);
  const sharedF64 = (len: number): Float64Array => new Float64Array(new SharedArrayBuffer(len * 8));
  const X = sharedF64(n * d);
  X.set(p.X);
  const y = new Int32Array(new SharedArrayBuffer(n * 4));
  y.set(p.y);
  const theta = sharedF64(slot - 1);
  const partials = sharedF64(nb * slot);
  const claims = new BigInt64Array(new SharedArrayBuffer(8));
  const done = new Int32Array(new SharedArrayBuffer(nb * 4));
  const shared = { X, y, n, d, nClasses, fitIntercept: p.fitIntercept, theta, partials, claims, done };
  const workers = Array.from({ length: threads - 1 }, () => new Int32Array(new SharedArrayBuffer(12)));
  const pl = poolOf(workers.length);
  const runs = workers.map((control) => pl.run({ ...shared, control } satisfies LogisticTask) as Promise<string>);
  const failed: unknown[] = [];
  runs.forEach((r) => r.catch((e: unknown) => failed.push(e)));
  const stop = async (): Promise<void> => {
    for (const w of workers) {
      Atomics.store(w, STOP, 1);
      Atomics.add(w, REQUEST, 1);
      Atomics.notify(w, REQUEST);
    }
    await Promise.allSettled(runs);
  };
  // No wait for the workers to start: a worker joins the evaluation under way when it is ready
  // (until then the main thread claims every block), so a short fit does not pay their start-up.
  const own = blockEvaluator(p, 0, nb);
  const workerFailed = (): boolean => workers.some((w) => Atomics.load(w, STATUS) === 2);
  let gen = 0;
  return {
    backend: own.backend,
    evaluate(th, grad) {
      theta.set(th);
      gen++;
      Atomics.store(claims, 0, BigInt(gen) * 2n ** 32n);
      for (const w of workers) {
        Atomics.store(w, REQUEST, gen);
        Atomics.notify(w, REQUEST);
      }
      for (let b = claimBlock(claims, gen, nb); b >= 0; b = claimBlock(claims, gen, nb)) {
        own.evaluateBlock(b, th, partials);
        Atomics.store(done, b, gen);
      }
      // Blocks a worker claimed and has not finished: at most one per worker.
      for (let b = 0; b < nb; b++) {
        const t0 = Date.now();
        for (;;) {
          const g = Atomics.load(done, b);
          if (g === gen) break;
          if (workerFailed()) throw new FitError(`${caller}: a worker thread failed while evaluating the objective. Pass nJobs: 1 to fit on the calling thread.`);
          if (Date.now() - t0 > REPLY_TIMEOUT_MS) throw new FitError(`${caller}: a worker thread gave no answer in ${REPLY_TIMEOUT_MS / 1000} s. Pass nJobs: 1 to fit on the calling thread.`);
          Atomics.wait(done, b, g, 100);
        }
      }
      return combineBlocks(partials, nb, slot, grad);
    },
    async close() {
      own.release();
      await stop();
      if (failed.length > 0) {
        throw new FitError(`${caller} could not run its worker threads: ${String(failed[0])}. Pass nJobs: 1 to fit on the calling thread.`);
      }
    },
  };
}
