/**
 * Boosting with worker threads sharing each node's histograms and split searches by features
 * (internal/hgb/boost-threads.ts), their binning by features and their gradients and losses by
 * blocks of rows, their large nodes' partitions by slices of samples, and their predictions by
 * chunks of rows: the same trees, losses and predictions, bit for bit, as one thread, for 2 and 3 threads,
 * with each loss, missing values and early stopping; and the models' `nJobs`.
 */
import { Matrix } from '@mlcompare/core';
import { makeClassification } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../src/index.js';
import { LOSS_BLOCK, fitBoosting, rawPredict, type BoostingParams } from '../src/internal/hgb/boosting.js';
import { SHARED_PARTITION_SAMPLES, spinUntil } from '../src/internal/hgb/hist-kernel.js';
import { MIN_THREADED_PREDICT_ROWS, MIN_THREADED_ROWS, boostingThreads, fitBoostingThreaded, predictThreads, rawPredictThreaded } from '../src/internal/hgb/boost-threads.js';

const params: BoostingParams = {
  learningRate: 0.1,
  maxIter: 6,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  seed: 0,
};

/** 4,000 rows × 7 features (3 classes), NaN in every 11th cell. */
function data(): { X: Matrix; y: Int32Array; t: Float64Array } {
  const { X, y } = makeClassification({ nSamples: 4000, nFeatures: 7, nInformative: 4, nClasses: 3, seed: 5 });
  for (let i = 0; i < X.data.length; i++) if (i % 11 === 4) X.data[i] = NaN;
  const codes = Int32Array.from(y as ArrayLike<number>);
  // A regression target from the first two features (missing ones count 0).
  const t = Float64Array.from({ length: X.rows }, (_, i) => (X.data[i * 7] || 0) * 3 - (X.data[i * 7 + 1] || 0) + codes[i]!);
  return { X, y: codes, t };
}

describe('threaded boosting', () => {
  it('grows the one-thread trees with 2 and 3 threads: binomial, multinomial, squared error (missing values), early stopping', async () => {
    const { X, y, t } = data();
    const binary = y.map((v) => (v === 2 ? 1 : 0));
    const cases: Array<[ArrayLike<number>, 'binomial' | 'multinomial' | 'squared_error', number, BoostingParams]> = [
      [binary, 'binomial', 2, params],
      [y, 'multinomial', 3, params],
      [t, 'squared_error', 1, { ...params, l2Regularization: 0.5, maxLeafNodes: null, maxDepth: 6 }],
      [binary, 'binomial', 2, { ...params, earlyStopping: true, maxIter: 30, nIterNoChange: 3 }],
    ];
    for (const [target, loss, K, p] of cases) {
      const one = fitBoosting(X, target, loss, K, p);
      expect(new Set(one.value).size).toBeGreaterThan(20);
      for (const threads of [2, 3]) expect(await fitBoostingThreaded(X, target, loss, K, p, threads, 'test')).toEqual(one);
    }
  }, 120_000);

  it('several blocks of rows (gradients and loss sums by blocks), shared partitions: the one-thread losses and trees, for 2 and 3 threads', async () => {
    // 30,000 rows: 27,000 training rows are 14 blocks of LOSS_BLOCK (2,048), shared unevenly by 3
    // threads; the root (and its larger child at first) is partitioned by the threads.
    expect(27000).toBeGreaterThan(SHARED_PARTITION_SAMPLES);
    const { X, y } = makeClassification({ nSamples: 30000, nFeatures: 5, nInformative: 3, nClasses: 3, seed: 2 });
    const codes = Int32Array.from(y as ArrayLike<number>);
    expect(Math.ceil(27000 / LOSS_BLOCK)).toBe(14);
    const p = { ...params, maxIter: 3, earlyStopping: true, nIterNoChange: 1 };
    for (const [target, loss, K] of [[codes, 'multinomial', 3], [codes.map((v) => (v === 0 ? 1 : 0)), 'binomial', 2]] as const) {
      const one = fitBoosting(X, target, loss, K, p);
      expect(one.trainLoss.length).toBeGreaterThan(1);
      for (const threads of [2, 3]) expect(await fitBoostingThreaded(X, target, loss, K, p, threads, 'test')).toEqual(one);
    }
  }, 120_000);

  it('chunked jobs (binning by features, gradients, losses and trees applied by blocks of rows): the one-thread fit whichever thread runs which chunk', async () => {
    // 20,000 rows × 6 features, early stopping: 18,000 training rows (9 blocks of LOSS_BLOCK) and
    // 2,000 validation rows. Fitted until a worker ran some chunks and the calling thread others.
    const { X, y } = makeClassification({ nSamples: 20000, nFeatures: 6, nInformative: 4, nClasses: 2, seed: 3 });
    for (let i = 0; i < X.data.length; i++) if (i % 13 === 2) X.data[i] = NaN;
    const codes = Int32Array.from(y as ArrayLike<number>);
    const p = { ...params, maxIter: 4, earlyStopping: true, nIterNoChange: 2 };
    const one = fitBoosting(X, codes, 'binomial', 2, p);
    expect(one.validationLoss!.length).toBe(5);
    let shared = false;
    for (let attempt = 0; attempt < 20 && !shared; attempt++) {
      const stats = { chunks: 0, chunksHere: 0 };
      expect(await fitBoostingThreaded(X, codes, 'binomial', 2, p, 2, 'test', stats)).toEqual(one);
      expect(stats.chunks).toBeGreaterThan(6 + 4 * 4);
      shared = stats.chunksHere > 0 && stats.chunksHere < stats.chunks;
    }
    expect(shared).toBe(true);
  }, 120_000);

  it('spinUntil: true when the wait ends while spinning (the spin then grows by half, up to its max), false past the spin, and the shortest spin once the thread lost its core', () => {
    let calls = 0;
    const half = { ms: 0.5, max: 1 };
    expect(spinUntil(half, () => ++calls > 10)).toBe(true);
    expect(half.ms).toBe(0.75);
    expect(spinUntil(half, () => true)).toBe(true);
    expect(spinUntil(half, () => true)).toBe(true);
    expect(half.ms).toBe(1);
    expect(spinUntil({ ms: 0.05, max: 1 }, () => false)).toBe(false);
    // A check that holds the thread 0.3 ms stands for a thread that lost its core meanwhile.
    const lost = { ms: 1, max: 1 };
    calls = 0;
    const hold = (): boolean => {
      if (++calls === 500) for (const t = performance.now(); performance.now() - t < 0.3; );
      return false;
    };
    expect(spinUntil(lost, hold)).toBe(false);
    expect(calls).toBe(1024);
    expect(lost.ms).toBe(0.02);
  });

  it('uses threads from MIN_THREADED_ROWS rows, at most one per feature', () => {
    expect(boostingThreads(2, MIN_THREADED_ROWS - 1, 20)).toBe(1);
    expect(boostingThreads(2, MIN_THREADED_ROWS, 20)).toBe(2);
    expect(boostingThreads(8, MIN_THREADED_ROWS, 3)).toBe(3);
    expect(boostingThreads(1, 10 * MIN_THREADED_ROWS, 20)).toBe(1);
  });

  it('the models with nJobs 1, 2 and null (the thread budget) fit the same trees', async () => {
    const { X, y, t } = data();
    const labels = Array.from(y, (v) => ['a', 'b', 'c'][v]!);
    const clf = async (nJobs: number | null): Promise<unknown> => (await new GradientBoostingClassifier({ maxIter: 4, nJobs }).fit(X, labels)).toJSON().state;
    const reg = async (nJobs: number | null): Promise<unknown> => (await new GradientBoostingRegressor({ maxIter: 4, nJobs }).fit(X, t)).toJSON().state;
    const c1 = await clf(1);
    expect(await clf(2)).toEqual(c1);
    expect(await clf(null)).toEqual(c1);
    const r1 = await reg(1);
    expect(await reg(2)).toEqual(r1);
  }, 120_000);
});

describe('threaded prediction', () => {
  it('predicts the one-thread raw values, bit for bit, with 2 and 3 threads (multinomial and squared error, missing values), the workers walking some chunks', async () => {
    const { X, y, t } = data();
    const rows = new Matrix(X.data, X.rows, X.cols);
    const multi = fitBoosting(X, y, 'multinomial', 3, params);
    const reg = fitBoosting(X, t, 'squared_error', 1, { ...params, maxLeafNodes: null, maxDepth: 5 });
    for (const m of [multi, reg]) {
      const one = rawPredict(m, rows);
      expect(one).toEqual(rawPredict(m, rows, { wasm: false }));
      for (const threads of [2, 3]) {
        // Until a worker walked some chunks (the calling thread walks those nobody claimed).
        let helped = false;
        for (let attempt = 0; attempt < 50 && !helped; attempt++) {
          const stats = { chunks: 0, walkedHere: 0 };
          expect(rawPredictThreaded(m, rows, threads, stats)).toEqual(one);
          expect(stats.chunks).toBeGreaterThan(threads);
          helped = stats.walkedHere < stats.chunks;
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(helped).toBe(true);
      }
    }
  }, 120_000);

  it('uses threads from MIN_THREADED_PREDICT_ROWS rows; the models predict the same with nJobs 1, 2 and null', async () => {
    expect(predictThreads(2, MIN_THREADED_PREDICT_ROWS - 1)).toBe(1);
    expect(predictThreads(2, MIN_THREADED_PREDICT_ROWS)).toBe(2);
    expect(predictThreads(1, 100 * MIN_THREADED_PREDICT_ROWS)).toBe(1);
    const { X, y, t } = data();
    const labels = Array.from(y, (v) => ['a', 'b', 'c'][v]!);
    const clf = await new GradientBoostingClassifier({ maxIter: 5, nJobs: 1 }).fit(X, labels);
    const reg = await new GradientBoostingRegressor({ maxIter: 5, nJobs: 1 }).fit(X, t);
    const p1 = await clf.predictProba(X);
    const r1 = await reg.predict(X);
    for (const nJobs of [2, null]) {
      const c = GradientBoostingClassifier.fromJSON({ ...clf.toJSON(), params: { ...clf.toJSON().params, nJobs } });
      const r = GradientBoostingRegressor.fromJSON({ ...reg.toJSON(), params: { ...reg.toJSON().params, nJobs } });
      expect(await c.predictProba(X)).toEqual(p1);
      expect(await r.predict(X)).toEqual(r1);
    }
  }, 120_000);
});
