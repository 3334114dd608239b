/**
 * The least-squares Gram matrix split over worker threads (Node only: loaded lazily by the
 * models, never bundled for browsers). The workers get their task when the fit starts and wait;
 * when the main thread needs the Gram matrix it copies X and y once into SharedArrayBuffers, says
 * go, and claims chunks like the workers; a worker not started yet simply gets none. The main
 * thread adds the chunks' slots in chunk order, so the Gram matrix is the one thread's, bit for bit.
 */
import { availableParallelism } from 'node:os';
import { FitError, threadBudget } from '@mlcompare/core';
import { workerSpec } from '@mlcompare/core/workers';
import { Piscina } from 'piscina';
import { addGramSlot, gramChunkCount, gramChunks, gramSlotSize, mirrorUpper, type GramProblem } from './gram-blocks.js';
import { GO, STATE, STATUS, STOP, claimChunk, type GramTask } from './gram-worker.js';

/** The default thread count: the thread budget, else this machine's cores. */
export function defaultThreads(): number {
  return threadBudget(availableParallelism());
}

let pool: Piscina | undefined;

function poolOf(workers: number): Piscina {
  if (!pool || pool.maxThreads < workers) {
    void pool?.close();
    pool = new Piscina({ ...workerSpec(import.meta.url, 'gram-worker'), minThreads: 0, maxThreads: workers, idleTimeout: 30_000 });
  }
  return pool;
}

/** Longest wait for a worker's chunk before the fit is abandoned (a worker that died silently). */
const REPLY_TIMEOUT_MS = 600_000;

/** A Gram matrix builder on several threads: `build` once (or never), then always `close`. */
export interface ThreadedGram {
  /** The centred Gram matrix `Xcᵀ Xc` (full d × d) and `Xcᵀ yc` of an n × d problem. */
  build(p: GramProblem): { G: Float64Array; b: Float64Array };
  /**
   * Ends the workers' tasks.
   * @throws {@link @mlcompare/core!FitError | FitError} when a worker could not start or run.
   */
  close(): Promise<void>;
}

/** Starts `threads − 1` workers for an n × d problem (they wait for {@link ThreadedGram.build}). */
export async function threadedGram(n: number, d: number, threads: number, caller: string): Promise<ThreadedGram> {
  const nc = gramChunkCount(n);
  const size = gramSlotSize(d);
  const f64 = (len: number): Float64Array => new Float64Array(new SharedArrayBuffer(len * 8));
  const i32 = (len: number): Int32Array => new Int32Array(new SharedArrayBuffer(len * 4));
  const task = { X: f64(n * d), y: f64(n), means: f64(d + 1), n, d, slots: f64(nc * size), claims: i32(1), done: i32(nc) };
  const controls = Array.from({ length: threads - 1 }, () => i32(2));
  const pl = poolOf(controls.length);
  const failed: unknown[] = [];
  const runs = controls.map((control) => (pl.run({ ...task, control } satisfies GramTask) as Promise<number>).catch((e: unknown) => void failed.push(e)));
  // One turn of the event loop: piscina hands the tasks to its workers.
  await new Promise((resolve) => setImmediate(resolve));
  const signal = (state: number): void => {
    for (const c of controls) {
      Atomics.store(c, STATE, state);
      Atomics.notify(c, STATE);
    }
  };
  return {
    build(p) {
      task.X.set(p.X.subarray(0, n * d));
      task.y.set(p.y.subarray(0, n));
      task.means.set(p.mu.subarray(0, d));
      task.means[d] = p.ybar;
      signal(GO);
      const own = gramChunks(p);
      for (let c = claimChunk(task.claims); c < nc; c = claimChunk(task.claims)) {
        task.slots.set(own.evaluate(c).subarray(0, size), c * size);
        task.done[c] = 1;
      }
      const G = new Float64Array(d * d);
      const b = new Float64Array(d);
      for (let c = 0; c < nc; c++) {
        // A chunk a worker claimed and has not finished: at most one per worker.
        const t0 = Date.now();
        while (Atomics.load(task.done, c) === 0) {
          if (controls.some((ctl) => Atomics.load(ctl, STATUS) === 2)) throw new FitError(`${caller}: a worker thread failed while building the Gram matrix. Pass nJobs: 1 to fit on the calling thread.`);
          if (Date.now() - t0 > REPLY_TIMEOUT_MS) throw new FitError(`${caller}: a worker thread gave no answer in ${REPLY_TIMEOUT_MS / 1000} s. Pass nJobs: 1 to fit on the calling thread.`);
          Atomics.wait(task.done, c, 0, 100);
        }
        addGramSlot(task.slots, c * size, d, G, b);
      }
      mirrorUpper(G, d);
      return { G, b };
    },
    async close() {
      signal(STOP);
      await Promise.all(runs);
      if (failed.length > 0) throw new FitError(`${caller} could not run its worker threads: ${String(failed[0])}. Pass nJobs: 1 to fit on the calling thread.`);
    },
  };
}
