/**
 * Reads the bundled data sets and reference folds with node:fs, and standardises per fold as
 * benchmarks/reference/sklearn_ref.py does (StandardScaler fit on the training fold).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A bundled data set: numeric features and the target column as read. */
export interface Data {
  X: number[][];
  y: string[];
}

/** Reads `datasets/<name>.csv` (header row, last column `target`). */
export function readDataset(name: string): Data {
  const lines = readFileSync(`${ROOT}datasets/${name}.csv`, 'utf8').trim().split('\n');
  const X: number[][] = [];
  const y: string[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    y.push(cells.pop()!);
    X.push(cells.map(Number));
  }
  return { X, y };
}

/** The five reference folds of `datasets/folds/<name>.json`. */
export function readFolds(name: string): Array<{ train: number[]; test: number[] }> {
  return JSON.parse(readFileSync(`${ROOT}datasets/folds/${name}.json`, 'utf8')).folds;
}

/** scikit-learn 1.2.1's mean CV score of one model on one data set, from the reference JSON. */
export function referenceScore(dataset: string, model: string): { metric: 'accuracy' | 'r2'; mean: number; perFold: number[] } {
  const ref = JSON.parse(readFileSync(`${ROOT}benchmarks/reference/sklearn-1.2.1.json`, 'utf8'));
  const m = ref.cv[dataset].models[model];
  const metric = m.accuracy ? 'accuracy' : 'r2';
  return { metric, mean: m[metric].mean, perFold: m[metric].per_fold };
}

/** Standardises train and test with the training rows' mean and population sd (sd 0 → 1, as sklearn). */
export function scaleFold(X: number[][], train: number[], test: number[]): { Xtr: number[][]; Xte: number[][] } {
  const d = X[0]!.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const i of train) for (let j = 0; j < d; j++) mean[j]! += X[i]![j]!;
  for (let j = 0; j < d; j++) mean[j]! /= train.length;
  for (const i of train) for (let j = 0; j < d; j++) sd[j]! += (X[i]![j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]! / train.length) || 1;
  const tf = (i: number): number[] => X[i]!.map((v, j) => (v - mean[j]!) / sd[j]!);
  return { Xtr: train.map(tf), Xte: test.map(tf) };
}

/** The five bundled data sets with their task. */
export const DATASETS = [
  { name: 'iris', task: 'classification' },
  { name: 'wine', task: 'classification' },
  { name: 'breast_cancer', task: 'classification' },
  { name: 'digits', task: 'classification' },
  { name: 'diabetes', task: 'regression' },
] as const;
