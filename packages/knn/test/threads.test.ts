// Brute-force searches split across worker threads (nJobs): the same neighbours, distances and
// predictions for any number of threads, and one thread where the split does not pay.
import { Matrix, ParameterError, Rng, setThreadBudget } from '@mlcompare/core';
import { afterAll, describe, expect, it } from 'vitest';
import { KNNClassifier, KNNRegressor } from '../src/index.js';
import { MIN_THREADED_WORK, fitSearch } from '../src/internal/search.js';
import type { Neighbors } from '../src/internal/brute.js';

/** n rows of d features, rounded to one decimal (many equal distances: ties by index matter), plus exact copies of the first 50 rows. */
function tiedData(n: number, d: number, seed: number): { X: Matrix; y: number[] } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) data[i] = Math.round(rng.normal() * 10) / 10;
  for (let i = 0; i < Math.min(50, n / 2); i++) data.copyWithin((n - 1 - i) * d, i * d, (i + 1) * d);
  return { X: new Matrix(data, n, d), y: Array.from({ length: n }, () => rng.int(3)) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => setThreadBudget(undefined));

describe('k-NN queries on several threads', () => {
  // 3,000 × 500 × 20 = 30 million multiply-adds: above the crossover, so nJobs > 1 splits the search.
  const train = tiedData(3000, 20, 1);
  const queries = tiedData(500, 20, 2).X;
  expect(train.X.rows * queries.rows * queries.cols).toBeGreaterThanOrEqual(MIN_THREADED_WORK);

  it('nJobs 2 and 3 find the neighbours and distances of nJobs 1, bit for bit, with every thread searching', async () => {
    for (const metric of ['euclidean', 'manhattan'] as const) {
      const search = fitSearch('test', { nNeighbors: 7, algorithm: 'brute', metric }, train.X);
      const one = await search.kneighbors(queries, 7, 1);
      expect(one.threads).toBe(1);
      for (const nJobs of [2, 3]) {
        // The pool's workers start with the first search; until they have, this thread may do it all.
        let many: Neighbors | undefined;
        for (let attempt = 0; attempt < 100 && (many?.threads ?? 0) < nJobs; attempt++) {
          if (many) await sleep(100);
          many = await search.kneighbors(queries, 7, nJobs);
          expect(Array.from(many.indices), `${metric}, nJobs ${nJobs}`).toEqual(Array.from(one.indices));
          expect(Array.from(many.distances), `${metric}, nJobs ${nJobs}`).toEqual(Array.from(one.distances));
        }
        expect(many!.threads, `${metric}: every thread searched some queries`).toBe(nJobs);
      }
    }
  }, 60_000);

  it('the models predict the same for nJobs 1, 2 and the default (the thread budget)', async () => {
    const X = train.X.toArray();
    const Q = queries.toArray();
    const yr = train.y.map((c, i) => c + X[i]![0]!);
    const results: unknown[][] = [];
    setThreadBudget(2);
    for (const nJobs of [1, 2, null]) {
      const clf = await new KNNClassifier({ nNeighbors: 6, weights: 'distance', nJobs }).fit(X, train.y);
      const reg = await new KNNRegressor({ nNeighbors: 6, weights: 'distance', metric: 'manhattan', nJobs }).fit(X, yr);
      results.push([await clf.predict(Q), await clf.predictProba(Q), await reg.predict(Q)]);
      clf.dispose();
      reg.dispose();
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  }, 60_000);

  it('a search on several threads reads the training rows as they are now, as one thread does (fit keeps the caller\'s Matrix)', async () => {
    const X = train.X.clone();
    const search = fitSearch('test', { nNeighbors: 5, algorithm: 'brute', metric: 'euclidean' }, X);
    let before = await search.kneighbors(queries, 5, 2);
    for (let attempt = 0; attempt < 100 && before.threads < 2; attempt++) {
      await sleep(100);
      before = await search.kneighbors(queries, 5, 2);
    }
    expect(before.threads).toBe(2);
    // Every row moves: the neighbours change.
    for (let i = 0; i < X.data.length; i++) X.data[i] = -X.data[i]! + (i % 7) / 10;
    const one = await search.kneighbors(queries, 5, 1);
    let after = await search.kneighbors(queries, 5, 2);
    for (let attempt = 0; attempt < 100 && after.threads < 2; attempt++) {
      await sleep(100);
      after = await search.kneighbors(queries, 5, 2);
    }
    expect(after.threads).toBe(2);
    expect(Array.from(one.indices)).not.toEqual(Array.from(before.indices));
    expect(Array.from(after.indices)).toEqual(Array.from(one.indices));
    expect(Array.from(after.distances)).toEqual(Array.from(one.distances));
  }, 60_000);

  it('a search below the crossover, or by the k-d tree, stays on the calling thread', async () => {
    const small = queries.toArray().slice(0, Math.floor(MIN_THREADED_WORK / (3000 * 20)) - 1);
    const search = fitSearch('test', { nNeighbors: 5, algorithm: 'brute', metric: 'euclidean' }, train.X);
    // First a search above the crossover, until the worker is up and takes part.
    let big = await search.kneighbors(queries, 5, 2);
    for (let attempt = 0; attempt < 100 && big.threads < 2; attempt++) {
      await sleep(100);
      big = await search.kneighbors(queries, 5, 2);
    }
    expect(big.threads).toBe(2);
    expect((await search.kneighbors(Matrix.fromRows(small), 5, 2)).threads).toBe(1);
    // The tree never splits (2 features, where ml-knn's tree is quick: 3,000 × 3,400 × 2 is above the crossover).
    const flat = tiedData(3000, 2, 3).X;
    const many = tiedData(3400, 2, 4).X;
    expect(flat.rows * many.rows * many.cols).toBeGreaterThanOrEqual(MIN_THREADED_WORK);
    const tree = fitSearch('test', { nNeighbors: 5, algorithm: 'kd-tree', metric: 'euclidean' }, flat);
    expect((await tree.kneighbors(many, 5, 2)).threads).toBe(1);
  }, 60_000);

  it('nJobs must be null or a whole number from 1 to 256', () => {
    for (const bad of [0, 1.5, 257, 'two']) {
      expect(() => new KNNClassifier({ nJobs: bad as number }), String(bad)).toThrow(ParameterError);
    }
    expect(() => new KNNClassifier({ nJobs: 0 })).toThrow(/nJobs/);
  });
});

describe('k-NN threads from source inside a worker thread (as the runner runs models)', () => {
  it("a split search loads the thread module where only tsx's CJS hook is registered, and predicts as nJobs 1", async () => {
    const { Worker } = await import('node:worker_threads');
    const { createRequire } = await import('node:module');
    const { fileURLToPath } = await import('node:url');
    const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs/api');
    const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const train = tiedData(3000, 20, 5);
    const Q = tiedData(500, 20, 6).X.toArray();
    const X = train.X.toArray();
    // CommonJS run by the worker: the models are required through tsx's CJS hook alone (no ESM
    // hooks: import() of a .ts file fails there), as in the runner's workers on Node 20.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      require(workerData.tsxCjs).register();
      const { KNNClassifier } = require(workerData.index);
      new KNNClassifier({ nJobs: 2 }).fit(workerData.X, workerData.y)
        .then((m) => m.predictProba(workerData.Q))
        .then((p) => parentPort.postMessage({ p }), (e) => parentPort.postMessage({ error: String(e) }));`;
    const worker = new Worker(code, { eval: true, execArgv: ['--conditions=@mlcompare/source'], workerData: { tsxCjs, index, X, y: train.y, Q } });
    const reply = await new Promise<{ p?: number[][]; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply.error).toBeUndefined();
    const one = await new KNNClassifier({ nJobs: 1 }).fit(X, train.y);
    expect(reply.p).toEqual(await one.predictProba(Q));
  }, 60_000);
});
