/**
 * The rows an inner trial of a tuned model sees: the inner folds of each outer training fold
 * (made once while planning, written to `splits.json`), the stratified subsample successive halving
 * takes of them, and the thread CPU time a `{ seconds }` budget counts.
 */
import { readFileSync } from 'node:fs';
import { KFold, Rng, StratifiedKFold, deriveSeed, type InnerTrial, type Labels, type Task, type TuneSpec } from '@mlcompare/core';

/** A train/test split of row indices (execute.ts's `Split`, which imports this module). */
interface Split {
  train: Int32Array;
  test: Int32Array;
}

/**
 * The inner folds of one outer training fold: stratified k-fold for classification, plain k-fold
 * for regression, unshuffled unless `shuffle` (then shuffled with `seed`), applied to the outer
 * training rows in their recorded order (as scikit-learn's `GridSearchCV(cv=k)` splits `X[train]`).
 * @param train - the outer fold's training rows.
 * @param y - the data set's targets.
 * @param task - its task.
 * @param inner - the inner resampling.
 * @param seed - the shuffle's seed (used only with `shuffle`).
 * @returns the inner folds, as rows of the data set.
 * @throws {@link @mlcompare/core!InputError | InputError} when the outer training fold cannot be split so (fewer rows than folds).
 */
export function innerFolds(train: Int32Array, y: Labels, task: Task, inner: TuneSpec['inner'], seed: number): Split[] {
  const yTrain = Array.from(train, (i) => y[i]!) as Labels;
  const opts = { nSplits: inner.folds, shuffle: inner.shuffle, seed };
  const folds = task === 'classification' ? new StratifiedKFold(opts).split(train.length, yTrain) : new KFold(opts).split(train.length);
  return folds.map((f) => ({ train: Int32Array.from(f.train, (k) => train[k]!), test: Int32Array.from(f.test, (k) => train[k]!) }));
}

/**
 * The seed of the inner folds' shuffle for an outer fold.
 * @param suiteSeed - the suite seed.
 * @param dataset - the data set's name.
 * @param repeat - the outer repeat.
 * @param fold - the outer fold.
 * @returns the seed.
 */
export function innerSeed(suiteSeed: number, dataset: string, repeat: number, fold: number): number {
  return deriveSeed(suiteSeed, 'inner-splits', dataset, repeat, fold);
}

/**
 * `n` of `rows`, stratified by class for classification (each class its share, the remainders to the
 * largest fractions, earlier classes first on ties), drawn with `rng`; sorted ascending.
 */
function stratifiedSubsample(rows: Int32Array, y: Labels, task: Task, n: number, rng: Rng): Int32Array {
  if (n >= rows.length) return rows;
  if (task !== 'classification') return Int32Array.from(rng.sample(rows.length, n), (k) => rows[k]!).sort();
  const byClass = new Map<string | number, number[]>();
  for (const r of rows) {
    const c = y[r]!;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(r);
  }
  const groups = [...byClass.values()];
  const exact = groups.map((g) => (g.length * n) / rows.length);
  const take = exact.map(Math.floor);
  let left = n - take.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ frac: e - Math.floor(e), i })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (take[i]! < groups[i]!.length) {
      take[i]!++;
      left--;
    }
  }
  const out: number[] = [];
  groups.forEach((g, i) => {
    for (const k of rng.sample(g.length, take[i]!)) out.push(g[k]!);
  });
  return Int32Array.from(out).sort();
}

/**
 * The rows of an inner trial: its inner fold, or (successive halving on rows) a stratified
 * subsample of `fraction` of its training and of its test rows, as scikit-learn's
 * `_SubsampleMetaSplitter` takes `int(fraction × n)` of each.
 * @param ds - the data set with its inner folds.
 * @param at - the outer repeat and fold.
 * @param inner - which trial.
 * @param where - the inner folds' key and the subsample.
 * @returns the split, or undefined when the data set has no such inner fold.
 */
export function innerFoldRows(
  ds: { y: Labels; task: Task; inner?: Record<string, Split[][][]> },
  at: { repeat: number; fold: number },
  inner: InnerTrial,
  where: { key: string; subsample?: { fraction: number; seed: number } },
): Split | undefined {
  const split = ds.inner?.[where.key]?.[at.repeat]?.[at.fold]?.[inner.innerFold];
  if (!split || !where.subsample) return split;
  const { fraction, seed } = where.subsample;
  const rng = new Rng(seed);
  return {
    train: stratifiedSubsample(split.train, ds.y, ds.task, Math.floor(fraction * split.train.length), rng),
    test: stratifiedSubsample(split.test, ds.y, ds.task, Math.floor(fraction * split.test.length), rng),
  };
}

let schedstat: boolean | undefined;

/**
 * CPU milliseconds the calling thread has used: Linux's `/proc/thread-self/schedstat` (a worker
 * thread reads its own), else NaN (the caller then counts fit and predict wall time).
 * @returns milliseconds, or NaN where the system does not tell.
 */
export function threadCpuMs(): number {
  if (schedstat === false) return NaN;
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    schedstat = Number.isFinite(ns);
    return ns / 1e6;
  } catch {
    schedstat = false;
    return NaN;
  }
}
