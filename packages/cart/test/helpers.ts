/**
 * Shared test helpers: the bundled data on the reference folds, standardised per fold as
 * benchmarks/reference/sklearn_ref.py does (StandardScaler fitted on the training rows).
 */
import { readFileSync } from 'node:fs';
import { StandardScaler, type Labels, type Matrix } from '@mlcompare/core';
import { loadDataset, loadFolds } from '@mlcompare/datasets';

/** One fold, ready to fit. */
export interface PreparedFold {
  Xtr: Matrix;
  ytr: Labels;
  Xte: Matrix;
  yte: Labels;
}

function pick(y: Labels, idx: Int32Array): Labels {
  return Array.from(idx, (i) => y[i]!) as Labels;
}

/** The five folds of a bundled data set, optionally standardised per fold. */
export async function preparedFolds(name: string, scale = true): Promise<PreparedFold[]> {
  const ds = await loadDataset(name);
  const folds = await loadFolds(name);
  return folds.map(({ train, test }) => {
    let Xtr = ds.X.selectRows(train);
    let Xte = ds.X.selectRows(test);
    if (scale) {
      const sc = new StandardScaler().fit(Xtr);
      Xtr = sc.transform(Xtr);
      Xte = sc.transform(Xte);
    }
    return { Xtr, ytr: pick(ds.y, train), Xte, yte: pick(ds.y, test) };
  });
}

/** A model with fit and score. */
interface Scorable {
  fit(X: Matrix, y: Labels): Promise<unknown>;
  score(X: Matrix, y: Labels): Promise<number>;
}

/** Per-fold scores (accuracy or R²) of fresh models on the folds. */
export async function cvScores(folds: PreparedFold[], make: () => Scorable): Promise<number[]> {
  const out: number[] = [];
  for (const f of folds) {
    const m = make();
    await m.fit(f.Xtr, f.ytr);
    out.push(await m.score(f.Xte, f.yte));
  }
  return out;
}

/** Mean of an array. */
export function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** scikit-learn 1.2.1's committed reference: `cv.<dataset>.models.<model>`. */
export function reference(dataset: string, model: string): { metric: 'accuracy' | 'r2'; perFold: number[]; mean: number } {
  const path = new URL('../../../benchmarks/reference/sklearn-1.2.1.json', import.meta.url);
  const ref = JSON.parse(readFileSync(path, 'utf8')) as {
    cv: Record<string, { task: string; models: Record<string, Record<string, { mean: number; per_fold: number[] }>> }>;
  };
  const entry = ref.cv[dataset]!;
  const metric = entry.task === 'classification' ? 'accuracy' : 'r2';
  const s = entry.models[model]![metric]!;
  return { metric, perFold: s.per_fold, mean: s.mean };
}
