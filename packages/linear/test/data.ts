/**
 * Test helpers: the bundled datasets and reference folds, read with node:fs (the parity tests
 * run on committed data), and a per-fold StandardScaler as in benchmarks/reference/sklearn_ref.py.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A bundled dataset: features, labels (strings for classification) or targets. */
export interface Dataset {
  X: number[][];
  y: string[] | number[];
  task: 'classification' | 'regression';
}

/** Reads `datasets/<name>.csv` (last column `target`). */
export function readDataset(name: string): Dataset {
  const lines = readFileSync(`${root}datasets/${name}.csv`, 'utf8').trim().split('\n');
  const rows = lines.slice(1).map((l) => l.split(','));
  const X = rows.map((r) => r.slice(0, -1).map(Number));
  const task = name === 'diabetes' ? 'regression' : 'classification';
  const last = rows.map((r) => r[r.length - 1]!);
  return { X, y: task === 'regression' ? last.map(Number) : last, task };
}

/** Reads `datasets/folds/<name>.json`. */
export function readFolds(name: string): { train: number[]; test: number[] }[] {
  return (JSON.parse(readFileSync(`${root}datasets/folds/${name}.json`, 'utf8')) as { folds: { train: number[]; test: number[] }[] }).folds;
}

/** scikit-learn 1.2.1's per-fold scores of the reference run. */
export function readReference(): { cv: Record<string, { models: Record<string, Record<string, { mean: number; per_fold: number[] }>> }> } {
  return JSON.parse(readFileSync(`${root}benchmarks/reference/sklearn-1.2.1.json`, 'utf8'));
}

/** Standardises `test` and `train` with the mean and population sd of `train` (sd 0 → 1). */
export function standardize(train: number[][], test: number[][]): { train: number[][]; test: number[][] } {
  const d = train[0]!.length;
  const mu = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of train) for (let j = 0; j < d; j++) mu[j]! += r[j]! / train.length;
  for (const r of train) for (let j = 0; j < d; j++) sd[j]! += (r[j]! - mu[j]!) ** 2 / train.length;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]!) || 1;
  const f = (r: number[]): number[] => r.map((v, j) => (v - mu[j]!) / sd[j]!);
  return { train: train.map(f), test: test.map(f) };
}

/** Picks elements by index. */
export function take<T>(a: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => a[i]!);
}
