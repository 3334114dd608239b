/**
 * The worker of the threaded Gram matrix (gram-threads.ts), started by piscina: one task per
 * fit. It waits until the main thread has written the data (or says stop), then claims chunks
 * one at a time from a shared counter, computes each into its slot and marks it done, until
 * none is left. Everything it reads and writes is in SharedArrayBuffers.
 */
import { gramChunkCount, gramChunks, gramSlotSize } from './gram-blocks.js';

/** One fit's shared buffers. */
export interface GramTask {
  /** Row-major n × d, written by the main thread before `control[STATE]` becomes GO. */
  X: Float64Array;
  y: Float64Array;
  /** The column means, then the mean of y (d + 1 doubles). */
  means: Float64Array;
  n: number;
  d: number;
  /** One slot per chunk (gram-blocks.ts). */
  slots: Float64Array;
  /** [next chunk to claim]. */
  claims: Int32Array;
  /** Per chunk, 1 once its slot is written. */
  done: Int32Array;
  /** [state (WAIT, GO, STOP), status (0 running, 2 failed)]. */
  control: Int32Array;
}

/** Control slots and states. */
export const STATE = 0;
export const STATUS = 1;
export const WAIT = 0;
export const GO = 1;
export const STOP = 2;

/** Claims the next chunk (≥ nChunks when all are claimed): each chunk is computed once, by whichever thread gets it first. */
export function claimChunk(claims: Int32Array): number {
  return Atomics.add(claims, 0, 1);
}

/** Serves one fit; returns how many chunks this worker computed. */
export default function serve(task: GramTask): number {
  const { control, claims, done, slots, n, d } = task;
  while (Atomics.load(control, STATE) === WAIT) Atomics.wait(control, STATE, WAIT, 1000);
  if (Atomics.load(control, STATE) === STOP) return 0;
  const nc = gramChunkCount(n);
  const size = gramSlotSize(d);
  let count = 0;
  try {
    const chunks = gramChunks({ X: task.X, y: task.y, n, d, mu: task.means.subarray(0, d), ybar: task.means[d]! });
    for (let c = claimChunk(claims); c < nc; c = claimChunk(claims)) {
      slots.set(chunks.evaluate(c).subarray(0, size), c * size);
      Atomics.store(done, c, 1);
      Atomics.notify(done, c);
      count++;
    }
  } catch (e) {
    Atomics.store(control, STATUS, 2);
    throw e;
  }
  return count;
}
