/**
 * What the report's Bayesian comparisons (issue 13) cost, and the Rng change that halved it:
 *
 * 1. core's `Rng.random()` (sfc32's words in a Uint32Array) against the same generator with its four
 *    words in number fields (the implementation before; values above 2³⁰ are heap numbers in V8, so
 *    every write allocated), checked to give the same stream.
 * 2. `summarize` on a synthetic run — 10 classification data sets × 12 models × 5 folds — with the
 *    signed-rank matrix at 50,000 posterior samples a pair (the default: 28 pairs of the 8
 *    best-ranked models) against 1 sample a pair (everything else the summary does).
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/report-bayes.ts
 *
 * Times are medians of repeated calls (at least 3).
 */
import { RESULTS_SCHEMA_VERSION, Rng, type JobResult } from '@mlcompare/core';
import { summarize } from '@mlcompare/report';

function median(fn: () => unknown, minRuns = 3, minMs = 300): number {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** sfc32 with its words in number fields, seeded as core's Rng (the implementation before). */
class FieldRng {
  a: number;
  b: number;
  c: number;
  d: number;
  constructor(seed: number) {
    const hi = Math.floor(seed / 2 ** 32);
    let s = ((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d)) >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }
  random(): number {
    const hi = this.next() >>> 5;
    const lo = this.next() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

const DRAWS = 2_000_000;
const core = new Rng(42);
const fields = new FieldRng(42);
let same = true;
for (let i = 0; i < 100_000; i++) if (core.nextUint32() !== fields.next()) same = false;
const tCore = median(() => {
  const r = new Rng(1);
  let s = 0;
  for (let i = 0; i < DRAWS; i++) s += r.random();
  return s;
});
const tFields = median(() => {
  const r = new FieldRng(1);
  let s = 0;
  for (let i = 0; i < DRAWS; i++) s += r.random();
  return s;
});
console.log(`Rng.random(), ${DRAWS.toLocaleString('en-US')} draws (same stream as number fields: ${same}):`);
console.log(`  Uint32Array words (core)   ${tCore.toFixed(0).padStart(6)} ms`);
console.log(`  number fields (before)     ${tFields.toFixed(0).padStart(6)} ms`);
console.log(`  ratio before / now         ${(tFields / tCore).toFixed(1)}×`);

// A synthetic run: 10 data sets × 12 models × 5 folds, seeded.
const rng = new Rng(3);
const jobs: JobResult[] = [];
for (let d = 0; d < 10; d++) {
  for (let m = 0; m < 12; m++) {
    const mean = 0.7 + 0.02 * m + 0.05 * rng.random();
    for (let f = 0; f < 5; f++) {
      jobs.push({
        schema: RESULTS_SCHEMA_VERSION, jobId: `d${d}|m${m}|${f}`, dataset: `d${d}`, task: 'classification', model: `m${m}`, className: `m${m}`,
        params: {}, label: `m${m}`, repeat: 0, fold: f, seed: f, status: 'ok', error: null, metrics: { accuracy: mean + 0.03 * (rng.random() - 0.5) },
        fitMs: 1, predictMs: 1, nTrain: 80, nTest: 20, backend: 'js', finishedAt: '2026-01-01T00:00:00.000Z',
      });
    }
  }
}
const tFull = median(() => summarize(jobs, null));
const tOne = median(() => summarize(jobs, null, { bayesSamples: 1 }));
console.log(`summarize, 10 data sets × 12 models × 5 folds:`);
console.log(`  with the signed-rank matrix (28 pairs × 50,000 samples)  ${tFull.toFixed(0).padStart(6)} ms`);
console.log(`  with 1 sample a pair (the rest of the summary)          ${tOne.toFixed(0).padStart(6)} ms`);
console.log(`  ratio                                                    ${(tFull / tOne).toFixed(1)}×`);
