/**
 * A simulated `mlcompare worker` for `perf/queue.ts`: the real queue worker (every check of a job
 * runs: message, version, model, and its reply goes back through BullMQ), except that a job sleeps
 * instead of training. Its duration is drawn, from the job's id and a seed, out of a real run's job
 * times (`fitMs + predictMs`), so the perf script can compute the same durations and the ideal.
 *
 * Run by perf/queue.ts: node --import tsx --conditions=@mlcompare/source perf/queue-sim-worker.ts URL DURATIONS.json
 */
import { readFileSync } from 'node:fs';
import { RESULTS_SCHEMA_VERSION, Rng, deriveSeed } from '@mlcompare/core';
import { runWorker } from '@mlcompare/bench';

const [url, durationsFile] = process.argv.slice(2);
const { durations, seed } = JSON.parse(readFileSync(durationsFile!, 'utf8')) as { durations: number[]; seed: number };

/**
 * The simulated duration of a job (milliseconds).
 * @param jobId - the run's id of the job.
 * @returns a duration out of the real run's.
 */
function durationOf(jobId: string): number {
  return durations[new Rng(deriveSeed(seed, jobId)).int(durations.length)]!;
}

const ctl = new AbortController();
process.on('SIGTERM', () => ctl.abort());
await runWorker({
  url: url!,
  registryModule: new URL('./queue-sim-registry.ts', import.meta.url).href,
  signal: ctl.signal,
  log: (l) => process.stderr.write(`${l}\n`),
  execute: async (job) => {
    const ms = durationOf(job.task.jobId);
    await new Promise((r) => setTimeout(r, ms));
    const t = job.task;
    return {
      result: {
        schema: RESULTS_SCHEMA_VERSION,
        jobId: t.jobId,
        dataset: t.dataset,
        task: t.task,
        model: t.model,
        className: t.className,
        params: t.params,
        label: t.label,
        repeat: t.repeat,
        fold: t.fold,
        seed: t.seed,
        status: 'ok',
        error: null,
        metrics: {},
        fitMs: ms,
        predictMs: 0,
        nTrain: 0,
        nTest: 0,
        backend: null,
        finishedAt: new Date().toISOString(),
      },
      timings: { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: ms },
    };
  },
});
