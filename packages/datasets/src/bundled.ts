/**
 * The bundled data sets (iris, wine, breast_cancer, digits, diabetes) and their reference folds.
 * Everything is read from the repository's `datasets/` folder; nothing touches the network.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, InputError, formatValue, predefinedSplits, type Fold, type Labels, type Task } from '@mlcompare/core';
import type { Dataset } from './dataset.js';
import { loadCsv } from './csv.js';

/** One entry of `datasets/manifest.json`. */
export interface DatasetInfo {
  /** Name used by `loadDataset` and suites (`iris`). */
  name: string;
  /** Human title. */
  title: string;
  /** What the target is. */
  task: Task;
  /** CSV file, relative to the datasets folder. */
  file: string;
  /** Target column name. */
  target: string;
  /** Number of samples. */
  rows: number;
  /** Number of feature columns. */
  features: number;
  /** Sorted classes (classification only). */
  classes?: Labels;
  /** Samples per class, in `classes` order (classification only). */
  classCounts?: number[];
  /** Origin of the data. */
  source: string;
  /** Licence, as best known (see datasets/SOURCES.md). */
  licence: string;
  /** How to cite the data. */
  citation: string;
  /** Reference folds file, relative to the datasets folder. */
  folds: string;
  /** How the reference folds were made. */
  splitter: string;
}


/**
 * The folder holding the bundled CSVs, `manifest.json` and `folds/`: the environment variable
 * `MLCOMPARE_DATASETS_DIR` when set, else the `datasets/` an installed package ships beside its
 * `dist/`, else the repository's `datasets/` (found relative to this module, which works from
 * `src/` and from `dist/`).
 *
 * @returns an absolute path.
 * @example
 * ```ts
 * const dir = datasetsDir(); // '/…/mlcompare/datasets'
 * ```
 */
export function datasetsDir(): string {
  const override = process.env['MLCOMPARE_DATASETS_DIR'];
  if (override !== undefined && override !== '') return override;
  // An installed package ships the data beside dist/ (see scripts/release-pack.mjs); in the
  // repository, src/bundled.ts and dist/bundled.js both sit two levels under packages/datasets.
  const shipped = fileURLToPath(new URL('../datasets/', import.meta.url));
  if (existsSync(join(shipped, 'manifest.json'))) return shipped;
  return fileURLToPath(new URL('../../../datasets/', import.meta.url));
}

let manifestCache: { dir: string; entries: DatasetInfo[] } | undefined;

async function readManifest(caller: string): Promise<DatasetInfo[]> {
  const dir = datasetsDir();
  if (manifestCache?.dir === dir) return manifestCache.entries;
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new DataError(
      `'${caller}' could not find the bundled data manifest at ${path}. ` +
        `Set MLCOMPARE_DATASETS_DIR to the folder holding manifest.json, or run from a checkout of the repository.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new DataError(`'${caller}' could not read ${path} as JSON: ${(err as Error).message}.`, { cause: err });
  }
  const entries = (parsed as { datasets?: unknown }).datasets;
  if (!Array.isArray(entries)) throw new DataError(`The manifest ${path} has no 'datasets' array.`);
  manifestCache = { dir, entries: entries as DatasetInfo[] };
  return manifestCache.entries;
}

async function findEntry(name: unknown, caller: string): Promise<DatasetInfo> {
  const entries = await readManifest(caller);
  const entry = entries.find((e) => e.name === name);
  if (!entry) {
    throw new InputError(
      `Argument 'name' passed to '${caller}' must be one of the bundled datasets (${entries.map((e) => e.name).join(', ')}). ` +
        `Got ${formatValue(name)} instead. For your own file use loadCsv(path, { target }).`,
    );
  }
  return entry;
}

/**
 * The bundled data sets, as listed in `datasets/manifest.json`.
 *
 * @returns one entry per data set (name, task, rows, features, classes, source, licence, citation, folds).
 * @throws {@link @mlcompare/core!DataError | DataError} when the manifest cannot be found or read.
 * @example
 * ```ts
 * const names = (await listDatasets()).map((d) => d.name); // ['iris', 'wine', …]
 * ```
 */
export async function listDatasets(): Promise<DatasetInfo[]> {
  return (await readManifest('listDatasets')).map((e) => ({ ...e }));
}

/**
 * Loads a bundled data set from disk.
 *
 * @param name - `iris`, `wine`, `breast_cancer`, `digits` or `diabetes`.
 * @returns the data set; class labels are those written in the CSV (iris: `'setosa'`…; digits: 0–9).
 * @throws {@link @mlcompare/core!InputError | InputError} for an unknown name; {@link @mlcompare/core!DataError | DataError} when the file is missing or does
 *   not match the manifest.
 * @example
 * ```ts
 * const iris = await loadDataset('iris');
 * iris.X.rows; // 150
 * iris.classes; // ['setosa', 'versicolor', 'virginica']
 * ```
 */
export async function loadDataset(name: string): Promise<Dataset> {
  const entry = await findEntry(name, 'loadDataset');
  const path = join(datasetsDir(), entry.file);
  const ds = await loadCsv(path, { target: entry.target, task: entry.task, constantColumns: 'keep' });
  if (ds.X.rows !== entry.rows || ds.X.cols !== entry.features) {
    throw new DataError(
      `The bundled file ${path} has ${ds.X.rows} rows × ${ds.X.cols} features, but the manifest says ${entry.rows} × ${entry.features}. ` +
        `Restore the file from the repository.`,
    );
  }
  ds.name = entry.name;
  ds.source = `bundled: ${entry.source}. Licence: ${entry.licence}. Cite: ${entry.citation}`;
  return ds;
}

/**
 * Loads the reference 5-fold split of a bundled data set: the folds scikit-learn 1.2.1 used
 * (`StratifiedKFold`/`KFold(5, shuffle=True, random_state=0)`), indices into the CSV's row order.
 *
 * @param name - a bundled data set name.
 * @returns one `{ train, test }` per fold.
 * @throws {@link @mlcompare/core!InputError | InputError} for an unknown name; {@link @mlcompare/core!DataError | DataError} for a missing folds file; core's
 *   `ConfigError` (from `predefinedSplits`) for a malformed one.
 * @example
 * ```ts
 * const folds = await loadFolds('iris');
 * folds.length; // 5
 * folds[0].test.length; // 30
 * ```
 */
export async function loadFolds(name: string): Promise<Fold[]> {
  const entry = await findEntry(name, 'loadFolds');
  const path = join(datasetsDir(), entry.folds);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new DataError(`'loadFolds' could not read the folds file ${path}: ${(err as Error).message}. Restore it from the repository.`, {
      cause: err,
    });
  }
  return predefinedSplits(parsed, entry.rows, `the folds file ${path}`);
}
