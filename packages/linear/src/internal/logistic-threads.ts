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

/** How long the shared memory of the last threaded fit is kept for the next one (then left to the GC). */
const KEEP_MS = 30_000;

let kept: { buffer: SharedArrayBuffer; timer: ReturnType<typeof setTimeout> } | undefined;

/**
 * A SharedArrayBuffer of at least `bytes`: the one a finished fit handed back when it is large
 * enough (taken, so never shared by two fits at once), else a new one. A new buffer's pages are
 * mapped on first write: copying 80,000 × 20 rows into one cost a page fault per 4 KiB.
 */
function takeShared(bytes: number): SharedArrayBuffer {
  if (kept && kept.buffer.byteLength >= bytes) {
    const { buffer, timer } = kept;
    clearTimeout(timer);
    kept = undefined;
    return buffer;
  }
  return new SharedArrayBuffer(bytes);
}

/** Keeps a finished fit's buffer for the next one, for {@link KEEP_MS} (the larger of it and the one kept). */
function keepShared(buffer: SharedArrayBuffer): void {
  if (kept && kept.buffer.byteLength >= buffer.byteLength) return;
  if (kept) clearTimeout(kept.timer);
  const timer = setTimeout(() => {
    if (kept?.buffer === buffer) kept = undefined;
  }, KEEP_MS);
  timer.unref?.();
  kept = { buffer, timer };
}

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
  // One buffer for the fit's shared arrays, handed back at close for the next fit: the doubles
  // (rows, parameters, partial sums), the claim counter, then the class codes and the done marks.
  const doubles = n * d + (slot - 1) + nb * slot;
  const buffer = takeShared(8 * (doubles + 1) + 4 * (n + nb));
  let at = 0;
  const view = <T>(make: new (b: SharedArrayBuffer, offset: number, length: number) => T, length: number, bytes: number): T => {
    const v = new make(buffer, at, length);
    at += length * bytes;
    return v;
  };
  const X = view(Float64Array, n * d, 8);
  const theta = view(Float64Array, slot - 1, 8);
  const partials = view(Float64Array, nb * slot, 8);
  const claims = view(BigInt64Array, 1, 8);
  const y = view(Int32Array, n, 4);
  const done = view(Int32Array, nb, 4);
  X.set(p.X);
  y.set(p.y);
  // A kept buffer holds the last fit's counters: a stale generation in `done` would pass for this fit's.
  done.fill(0);
  claims[0] = 0n;
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
      // Every worker has returned: nothing reads or writes the buffer any more.
      keepShared(buffer);
      if (failed.length > 0) {
        throw new FitError(`${caller} could not run its worker threads: ${String(failed[0])}. Pass nJobs: 1 to fit on the calling thread.`);
      }
    },
  };
}
