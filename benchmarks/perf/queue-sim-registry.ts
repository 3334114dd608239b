/**
 * The registry of `perf/queue-sim-worker.ts`: core's baselines only (the simulated workers never
 * train, so they need not load the model packages; 64 of them start faster and fit in memory).
 */
export { dummyModels as models } from '@mlcompare/core';
