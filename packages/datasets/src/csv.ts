/**
 * Reading CSV files into a {@link Dataset}.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { DataError, Matrix, uniqueSorted, type Labels, type Task } from '@mlcompare/core';
import type { Dataset } from './dataset.js';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions {
  /** Name of the target column. */
  target: string;
  /** Task; inferred from the target when not given. */
  task?: Task;
}

/**
 * Loads a CSV file (provisional: numeric features only).
 * @param path - file path.
 * @param options - target column and task.
 * @returns the data set.
 * @throws {@link DataError} for an unreadable file or unknown target.
 */
export async function loadCsv(path: string, options: LoadCsvOptions): Promise<Dataset> {
  const text = await readFile(path, 'utf8');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (!header) throw new DataError(`The file ${path} is empty.`);
  const t = header.indexOf(options.target);
  if (t < 0) throw new DataError(`The file ${path} has no column '${options.target}'. Columns: ${header.join(', ')}.`);
  const d = header.length - 1;
  const X = new Float64Array(rows.length * d);
  const yText: string[] = [];
  rows.forEach((r, i) => {
    let k = 0;
    for (let j = 0; j < header.length; j++) {
      if (j === t) yText.push(r[j]!);
      else X[i * d + k++] = Number(r[j]);
    }
  });
  const numeric = yText.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  const task = options.task ?? (numeric ? 'regression' : 'classification');
  const y: Labels = numeric ? yText.map(Number) : yText;
  const featureNames = header.filter((_, j) => j !== t);
  return {
    name: basename(path).replace(/\.csv$/i, ''),
    task,
    X: new Matrix(X, rows.length, d),
    y,
    featureNames,
    targetName: options.target,
    ...(task === 'classification' ? { classes: uniqueSorted(y) } : {}),
    featureTypes: featureNames.map(() => 'numeric' as const),
    categories: featureNames.map(() => null),
    source: path,
    notes: [],
  };
}
