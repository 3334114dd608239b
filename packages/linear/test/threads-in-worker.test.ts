// The runner fits every model in a worker thread. From source (`pnpm mlcompare`, tsx), tsx's ESM
// hooks are not registered in worker threads on Node 20, only its CJS hook: an `import()` of the
// Gram's or the logistic loss's thread module (.ts) failed there with ERR_UNKNOWN_FILE_EXTENSION,
// and every Ridge / LinearRegression fit of 16,384 rows or more, and every logistic fit of 8,192
// rows or more, failed in `pnpm mlcompare bench --jobs 1` on a big CSV. core's importThreadModule
// requires the module instead. Here the models run in such a worker, with two threads, and must
// predict as nJobs 1 does on the calling thread.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Matrix, Rng } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LogisticRegression, Ridge } from '../src/index.js';

function data(n: number, d: number, seed: number): { X: Matrix; y: number[]; labels: number[] } {
  const rng = new Rng(seed);
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  const y: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < Math.min(d, 5); j++) s += X[i * d + j]! * (j + 1);
    y.push(s + rng.normal());
    labels.push(s + rng.normal() > 0 ? 1 : 0);
  }
  return { X: new Matrix(X, n, d), y, labels };
}

describe('linear models with threads from source inside a worker thread (as the runner runs them)', () => {
  it("Ridge's threaded Gram and logistic regression's threaded loss load their thread modules where only tsx's CJS hook is registered", async () => {
    const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs/api');
    const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const wide = data(20_000, 64, 1); // threaded Gram: ≥ 16,384 rows (and ≥ 64 features)
    const tall = data(10_000, 20, 2); // threaded logistic loss: ≥ 8,192 rows
    const code = `
      const { parentPort, workerData: w } = require('node:worker_threads');
      require(w.tsxCjs).register();
      const { Matrix } = require('@mlcompare/core');
      const { Ridge, LogisticRegression } = require(w.index);
      const wide = new Matrix(new Float64Array(w.wide), w.wideRows, w.wideCols);
      const tall = new Matrix(new Float64Array(w.tall), w.tallRows, w.tallCols);
      (async () => {
        const ridge = await new Ridge({ nJobs: 2 }).fit(wide, w.y);
        const logistic = await new LogisticRegression({ nJobs: 2 }).fit(tall, w.labels);
        return { ridge: await ridge.predict(wide), logistic: await logistic.predictProba(tall) };
      })().then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
    const worker = new Worker(code, {
      eval: true,
      execArgv: ['--conditions=@mlcompare/source'],
      workerData: {
        tsxCjs,
        index,
        wide: wide.X.data,
        wideRows: wide.X.rows,
        wideCols: wide.X.cols,
        y: wide.y,
        tall: tall.X.data,
        tallRows: tall.X.rows,
        tallCols: tall.X.cols,
        labels: tall.labels,
      },
    });
    const reply = await new Promise<{ ridge?: number[]; logistic?: number[][]; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply.error).toBeUndefined();
    const ridge = await new Ridge({ nJobs: 1 }).fit(wide.X, wide.y);
    expect(reply.ridge).toEqual(await ridge.predict(wide.X));
    const logistic = await new LogisticRegression({ nJobs: 1 }).fit(tall.X, tall.labels);
    expect(reply.logistic).toEqual(await logistic.predictProba(tall.X));
  }, 120_000);
});
