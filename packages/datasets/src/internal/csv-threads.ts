/**
 * Runs the worker of a two-thread CSV read (csv-worker.ts) on a piscina thread, from source
 * (tsx, vitest) or from `dist/` alike. The thread ends with the read (its memory is given back before the data set is assembled).
 */
import { workerSpec } from '@mlcompare/core/workers';
import { Piscina } from 'piscina';
import { PARALLEL_MIN_BYTES, type CsvWorkerAnswer, type CsvWorkerHandle, type CsvWorkerTask } from './byte-csv.js';
import readPlainLines from './csv-worker.js';

/**
 * When a file is read by two threads (tests lower `minBytes` to read small files that way), how
 * many rows the worker read in the last load (0: none; for tests and benchmarks), and, for tests,
 * `inThread`: the worker's reading done on the calling thread as soon as it gets its task (at the
 * header), so that its rows are in the buffer before the first part is read — the one order of
 * events a test cannot otherwise force.
 */
export const csvThreads = { minBytes: PARALLEL_MIN_BYTES, lastWorkerRows: 0, inThread: false };

let pool: Piscina | undefined;

/**
 * Starts a worker thread (its module loads while the calling thread reads the header); it reads
 * once {@link CsvWorkerHandle.post} gives it the task.
 */
export function startCsvWorker(): CsvWorkerHandle {
  if (csvThreads.inThread) {
    let post!: (task: CsvWorkerTask) => void;
    const answer = new Promise<CsvWorkerAnswer>((resolve) => (post = (t) => resolve(readPlainLines(t))));
    return { post, answer, stop: () => {} };
  }
  pool ??= new Piscina({ ...workerSpec(import.meta.url, 'csv-worker'), minThreads: 0, maxThreads: 1, idleTimeout: 0 });
  const ctl = new AbortController();
  let post!: (task: CsvWorkerTask) => void;
  const task = new Promise<CsvWorkerTask>((resolve) => (post = resolve));
  const answer = task
    .then((t) => pool!.run(t, { signal: ctl.signal }) as Promise<CsvWorkerAnswer>)
    .catch((err: unknown): CsvWorkerAnswer => ({ kind: 'failed', message: (err as Error)?.message ?? String(err) }));
  return { post, answer, stop: () => ctl.abort() };
}
