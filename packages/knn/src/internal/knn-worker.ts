/**
 * The worker of {@link threadedKNeighbors} (./threads.ts): searches blocks of queries of one
 * brute-force scan, claimed one at a time from a counter shared with the other threads, until none
 * is left. Every array of the task views a SharedArrayBuffer (read, or written at the claimed
 * queries' places only), so nothing is copied back. Started by piscina.
 */
import { blockSearch, type ScanJob } from './brute.js';

/** One search, as the threads share it. */
export interface ScanTask extends ScanJob {
  /** `next[0]`: the first query of the next block to claim (Atomics.add by `block`). */
  next: Int32Array;
  /** `done[0]`: blocks searched so far, by every thread; `done[1 + slot]`: by thread `slot`. */
  done: Int32Array;
  /** This thread's place in `done` (0: the calling thread). */
  slot: number;
}

/**
 * Searches blocks of `task` until every block is claimed, counting each in `task.done` once its
 * results are written.
 * @returns how many blocks this worker searched.
 */
export default function scanBlocks(task: ScanTask): number {
  if (Atomics.load(task.next, 0) >= task.m) return 0; // all claimed already: skip the set-up
  const s = blockSearch(task);
  let blocks = 0;
  for (let q0 = Atomics.add(task.next, 0, task.block); q0 < task.m; q0 = Atomics.add(task.next, 0, task.block)) {
    s.search(q0);
    blocks++;
    Atomics.add(task.done, 1 + task.slot, 1);
    Atomics.add(task.done, 0, 1);
  }
  return blocks;
}
