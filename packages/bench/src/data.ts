/**
 * Loading a suite's data sets from their {@link DatasetSpec} and making their splits, once per run
 * in the main thread; {@link shareDataset} puts a data set and its splits in shared memory for the
 * workers, so no worker loads or splits data and no matrix is shipped per job.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  KFold,
  StratifiedKFold,
  deriveSeed,
  holdoutSplit,
  predefinedSplits,
  type ParamSpecs,
  type Task,
} from '@mlcompare/core';
import * as datasets from '@mlcompare/datasets';
import type { Dataset } from '@mlcompare/datasets';
import type { SharedDataset, Split } from './execute.js';
import type { DatasetCatalog, DatasetSpec, Resampling } from './suite.js';

export type { Split } from './execute.js';

/**
 * The bundled data set names and the generators with their parameters, for suite validation.
 * @returns the catalogue.
 */
export async function datasetCatalog(): Promise<DatasetCatalog> {
  const bundled = (await datasets.listDatasets()).map((d) => d.name);
  const generatorParams: Record<string, ParamSpecs> = {};
  for (const g of datasets.generators) generatorParams[g.name] = g.params;
  return { bundled, generators: generatorNames(), generatorParams };
}

/** Names of `@mlcompare/datasets`' generators. */
function generatorNames(): string[] {
  return datasets.generators.map((g) => g.name);
}

/**
 * Loads (or generates) a data set.
 * @param spec - from a validated suite.
 * @returns the data set, named as in the suite.
 * @throws whatever `@mlcompare/datasets` throws for a bad file or bad generator parameters.
 */
export async function loadDatasetSpec(spec: DatasetSpec): Promise<Dataset> {
  let ds: Dataset;
  switch (spec.kind) {
    case 'bundled':
      ds = await datasets.loadDataset(spec.name);
      break;
    case 'csv': {
      const { path, target, task, delimiter, drop, categorical, missing } = spec;
      ds = await datasets.loadCsv(path, { target, task, delimiter, drop, categorical, missing });
      break;
    }
    case 'generator':
      ds = datasets.generateDataset(spec.generator, spec.params);
      break;
  }
  ds.name = spec.name;
  return ds;
}

/**
 * The content hash a run records for a data set (its fingerprint): `csv-sha256:` and the SHA-256 of
 * the CSV file's bytes, or `data-sha256:` and the SHA-256 of the loaded data (task, names, types,
 * categories, the target and the bytes of `X`) for bundled and generated data.
 * @param ds - the loaded data set.
 * @returns the hash, prefixed with what was hashed.
 */
export function datasetHash(ds: Dataset): string {
  if (ds.contentHash !== undefined) return `csv-sha256:${ds.contentHash}`;
  const h = createHash('sha256');
  h.update(JSON.stringify({ task: ds.task, featureNames: ds.featureNames, featureTypes: ds.featureTypes, categories: ds.categories, targetName: ds.targetName, rows: ds.X.rows, cols: ds.X.cols }));
  h.update(JSON.stringify(ds.y));
  const x = ds.X.data;
  h.update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  return `data-sha256:${h.digest('hex')}`;
}

/**
 * True when any value of `X` is missing (NaN).
 * @param ds - the data set.
 * @returns whether `ds.X` holds a NaN.
 */
function hasMissing(ds: Dataset): boolean {
  const d = ds.X.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== d[i]) return true;
  return false;
}

/**
 * A copy of row indices in shared memory (handed to every worker without copying).
 * @param a - the indices.
 * @returns an Int32Array over a SharedArrayBuffer.
 */
export function sharedInt32(a: ArrayLike<number>): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(a.length * Int32Array.BYTES_PER_ELEMENT));
  out.set(a);
  return out;
}

/**
 * A data set and its splits as the jobs see them: `X` and every row index copied once into
 * SharedArrayBuffers, so handing them to the workers (`workerData`) shares the memory instead of
 * copying it per worker.
 * @param ds - the loaded data set.
 * @param splits - `splits[repeat][fold]`.
 * @returns the shareable data set.
 */
export function shareDataset(ds: Dataset, splits: readonly (readonly Split[])[]): SharedDataset {
  const X = new Float64Array(new SharedArrayBuffer(ds.X.data.length * Float64Array.BYTES_PER_ELEMENT));
  X.set(ds.X.data);
  const out: SharedDataset = {
    name: ds.name,
    task: ds.task,
    X,
    rows: ds.X.rows,
    cols: ds.X.cols,
    y: ds.y,
    featureTypes: [...ds.featureTypes],
    featureNames: [...ds.featureNames],
    hasMissing: hasMissing(ds),
    splits: splits.map((folds) => folds.map((f) => ({ train: sharedInt32(f.train), test: sharedInt32(f.test) }))),
  };
  if (ds.classes) out.classes = ds.classes;
  return out;
}

/**
 * Reads a split file: `{ "folds": [{ "train": [...], "test": [...] }] }` (the format of
 * `datasets/folds/*.json`), checked against the data's rows by core's `predefinedSplits`.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} naming the file, the fold and the bad value.
 */
function readSplitFile(path: string, rows: number): Split[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read the split file ${path}: ${(err as Error).message}.`, { cause: err });
  }
  return predefinedSplits(text, rows, path);
}

/**
 * The splits of one repeat of a data set. They depend only on the data, the resampling, the suite
 * seed and the repeat, so every model (and every worker) gets the same ones.
 * @param ds - the data set.
 * @param resampling - the suite's resampling.
 * @param suiteSeed - the suite's seed.
 * @param repeat - repeat index.
 * @param warnings - receives the splitter's warnings (a class with fewer members than folds, …).
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when the data cannot be split that way (a class smaller than the folds, …).
 */
export async function makeSplits(ds: Dataset, resampling: Resampling, suiteSeed: number, repeat: number, warnings?: string[]): Promise<Split[]> {
  const seed = deriveSeed(suiteSeed, 'splits', ds.name, repeat);
  const stratify = ds.task === 'classification' && resampling.kind !== 'predefined' && resampling.stratify;
  try {
    switch (resampling.kind) {
      case 'kfold': {
        const splitter = stratify
          ? new StratifiedKFold({ nSplits: resampling.folds, shuffle: true, seed })
          : new KFold({ nSplits: resampling.folds, shuffle: true, seed });
        const folds = splitter.split(ds.X, ds.y);
        // e.g. a class with fewer members than folds: said to the user, the run goes on (as scikit-learn warns).
        if (warnings) for (const w of splitter.warnings) warnings.push(w);
        return toSplits(folds);
      }
      case 'holdout':
        return toSplits([holdoutSplit(ds.X, ds.y, { testSize: resampling.testSize, stratify, shuffle: true, seed })]);
      case 'predefined':
        if (resampling.file !== undefined) return readSplitFile(resampling.file, ds.X.rows);
        return toSplits(await datasets.loadFolds(ds.name));
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`Cannot split the data set '${ds.name}' (${describeResampling(resampling, ds.task)}): ${(err as Error).message}`, { cause: err });
  }
}

function toSplits(folds: ReadonlyArray<{ train: ArrayLike<number>; test: ArrayLike<number> }>): Split[] {
  return folds.map((f) => ({ train: Int32Array.from(f.train), test: Int32Array.from(f.test) }));
}

/** `stratified 5-fold × 2`, `holdout 25 %`, `predefined folds (splits.json)`. */
export function describeResampling(r: Resampling, task?: Task): string {
  switch (r.kind) {
    case 'kfold':
      if (r.stratify && task === undefined) {
        // Said before the data are loaded: the task of each data set is not known yet.
        return `${r.folds}-fold${r.repeats > 1 ? ` × ${r.repeats} repeats` : ''} (stratified for classification)`;
      }
      return `${r.stratify && task !== 'regression' ? 'stratified ' : ''}${r.folds}-fold${r.repeats > 1 ? ` × ${r.repeats} repeats` : ''}`;
    case 'holdout':
      return `holdout ${Math.round(r.testSize * 100)} %${r.repeats > 1 ? ` × ${r.repeats} repeats` : ''}`;
    case 'predefined':
      return r.file ? `predefined folds (${r.file})` : 'the bundled reference folds';
  }
}
