/** Bundled data sets, reference folds and a per-fold StandardScaler for the MLP tests (plain node:fs, no dependency on @mlcompare/datasets). */
import { readFileSync } from 'node:fs';

export const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface Data {
  X: number[][];
  y: string[] | number[];
  task: 'classification' | 'regression';
  folds: { train: number[]; test: number[] }[];
}

const root = new URL("../../../", import.meta.url);

/** Reads datasets/<name>.csv (last column 'target') and datasets/folds/<name>.json. */
export function loadData(name: DatasetName): Data {
  const lines = readFileSync(new URL(`datasets/${name}.csv`, root), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const ti = header.indexOf('target');
  const rows = lines.slice(1).map((l) => l.split(','));
  const X = rows.map((r) => r.filter((_, j) => j !== ti).map(Number));
  const task = name === 'diabetes' ? 'regression' : 'classification';
  const y = task === 'regression' ? rows.map((r) => Number(r[ti])) : rows.map((r) => r[ti]!);
  const folds = (JSON.parse(readFileSync(new URL(`datasets/folds/${name}.json`, root), 'utf8')) as Data).folds;
  return { X, y, task, folds };
}

/** StandardScaler fitted on `train` rows (population sd; constant columns scaled by 1), applied to both. */
export function scaleFold(X: number[][], train: number[], test: number[]): { Xtr: number[][]; Xte: number[][] } {
  const d = X[0]!.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const i of train) for (let j = 0; j < d; j++) mean[j]! += X[i]![j]! / train.length;
  for (const i of train) for (let j = 0; j < d; j++) sd[j]! += (X[i]![j]! - mean[j]!) ** 2 / train.length;
  const s = sd.map((v) => (Math.sqrt(v) === 0 ? 1 : Math.sqrt(v)));
  const tr = (i: number): number[] => X[i]!.map((v, j) => (v - mean[j]!) / s[j]!);
  return { Xtr: train.map(tr), Xte: test.map(tr) };
}

/** Picks rows of a label/target array. */
export function pick<T>(y: readonly T[], idx: number[]): T[] {
  return idx.map((i) => y[i]!);
}
