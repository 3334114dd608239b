/**
 * Cost of a report with many model configurations (issue 11): `summarize` (every pair of models
 * is tested on every dataset, so its time grows with the square of the models) and `renderHtml`
 * (whose charts draw at most a fixed number of models), on a synthetic run of K models × 5 folds
 * on 2 datasets, K = 100, 300, 1200.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/report.ts [--sizes 100,300,1200]
 *
 * Prints the milliseconds of one call of each (the faster of two) and, per size, the summarize time
 * per tested pair of models and the ratio of each time to the previous size's.
 */
import { RESULTS_SCHEMA_VERSION, Rng, type JobResult } from '@mlcompare/core';
import { renderHtml, summarize } from '@mlcompare/report';

const arg = process.argv.indexOf('--sizes');
const sizes = (arg > 0 ? process.argv[arg + 1]! : '100,300,1200').split(',').map(Number);
const FOLDS = 5;

/** K models × FOLDS folds on datasets a and b, accuracies around 0.8 with fold noise (seeded). */
function run(k: number): JobResult[] {
  const rng = new Rng(42);
  const jobs: JobResult[] = [];
  for (const dataset of ['a', 'b']) {
    for (let m = 0; m < k; m++) {
      const label = `knn(nNeighbors=${m + 1})`;
      const level = 0.8 + 0.1 * Math.sin(m);
      for (let fold = 0; fold < FOLDS; fold++) {
        jobs.push({
          schema: RESULTS_SCHEMA_VERSION, jobId: `${dataset}|${label}|r0|f${fold}`, dataset, task: 'classification', model: 'knn',
          className: 'KNNClassifier', params: { nNeighbors: m + 1 }, label, repeat: 0, fold, seed: fold, status: 'ok', error: null,
          metrics: { accuracy: level + 0.03 * (rng.random() - 0.5) }, fitMs: 1 + rng.random(), predictMs: 1 + rng.random(),
          nTrain: 400, nTest: 100, backend: 'js', finishedAt: '2026-01-01T00:00:00.000Z',
        });
      }
    }
  }
  return jobs;
}

async function fastest<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    value = await f();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, value };
}

console.log('models  summarize ms  µs/pair  ×prev  renderHtml ms  ×prev');
let prev: { s: number; h: number } | null = null;
for (const k of sizes) {
  const jobs = run(k);
  const s = await fastest(() => summarize(jobs, null));
  const h = await fastest(() => renderHtml(s.value, jobs));
  const pairs = 2 * (k * (k - 1)) / 2;
  console.log(
    `${String(k).padStart(6)}  ${s.ms.toFixed(0).padStart(12)}  ${((1000 * s.ms) / pairs).toFixed(2).padStart(7)}  ${prev ? (s.ms / prev.s).toFixed(1).padStart(5) : '    –'}  ${h.ms.toFixed(0).padStart(13)}  ${prev ? (h.ms / prev.h).toFixed(1).padStart(5) : '    –'}`,
  );
  prev = { s: s.ms, h: h.ms };
}
