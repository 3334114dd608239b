/**
 * Reads a run folder: `results.jsonl` (one {@link JobResult} per line) and `run.json`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, formatValue } from '@mlcompare/core';
import type { JobResult, RunInfo } from '@mlcompare/core';

/** A run as the report sees it. */
export interface LoadedRun {
  /** The run folder. */
  dir: string;
  /** One entry per job, in file order; a job written twice (by `--resume`) keeps its last line. */
  results: JobResult[];
  /** `run.json`, or null when the folder has none. */
  run: RunInfo | null;
  /** What was skipped while reading (a torn last line, a missing run.json), in words. */
  warnings: string[];
}

/**
 * Parses the text of a `results.jsonl` file. A torn last line (a run killed mid-write) is
 * skipped with a warning; so is any other line that is not a job object, with its line number.
 *
 * @param text - File content.
 * @param file - File name for the warnings.
 * @returns The jobs (deduplicated by `jobId`, last wins) and the warnings.
 */
export function parseResultsJsonl(text: string, file = 'results.jsonl'): { results: JobResult[]; warnings: string[] } {
  const warnings: string[] = [];
  const lines = text.split('\n');
  let lastNonEmpty = lines.length - 1;
  while (lastNonEmpty >= 0 && lines[lastNonEmpty]!.trim() === '') lastNonEmpty--;
  const byId = new Map<string, JobResult>();
  const order: JobResult[] = [];
  let duplicates = 0;
  for (let i = 0; i <= lastNonEmpty; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warnings.push(
        i === lastNonEmpty
          ? `${file}: the last line (${i + 1}) is incomplete (the run was probably interrupted); it was skipped.`
          : `${file}: line ${i + 1} is not valid JSON; it was skipped.`,
      );
      continue;
    }
    const problem = checkJob(value);
    if (problem) {
      warnings.push(`${file}: line ${i + 1} is not a job result (${problem}); it was skipped.`);
      continue;
    }
    const job = value as JobResult;
    const key = typeof job.jobId === 'string' && job.jobId !== '' ? job.jobId : `line:${i}`;
    const previous = byId.get(key);
    if (previous) {
      duplicates++;
      order[order.indexOf(previous)] = job;
    } else {
      order.push(job);
    }
    byId.set(key, job);
  }
  if (duplicates > 0) warnings.push(`${file}: ${duplicates} job(s) appeared more than once; the last line of each was kept.`);
  return { results: order, warnings };
}

/** Returns why a parsed line is not a usable job result, or null when it is. */
function checkJob(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `got ${formatValue(value)}`;
  const v = value as Record<string, unknown>;
  for (const key of ['dataset', 'label', 'model', 'status', 'task'] as const) {
    if (typeof v[key] !== 'string') return `'${key}' must be a string, got ${formatValue(v[key])}`;
  }
  if (!['ok', 'error', 'timeout', 'skipped'].includes(v.status as string)) return `unknown status ${formatValue(v.status)}`;
  if (v.metrics !== undefined && (typeof v.metrics !== 'object' || Array.isArray(v.metrics))) {
    return `'metrics' must be an object, got ${formatValue(v.metrics)}`;
  }
  return null;
}

/**
 * Reads a run folder written by `mlcompare bench`.
 *
 * @param dir - The run folder (`OUT`), holding `results.jsonl` and normally `run.json`.
 * @returns The jobs, the run information and any warnings.
 * @throws DataError when `results.jsonl` is missing or unreadable, or `run.json` is not valid JSON.
 * @example
 * const { results, run } = await loadRun('results/2024-05-01T10-00-00');
 */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const resultsPath = join(dir, 'results.jsonl');
  let text: string;
  try {
    text = await readFile(resultsPath, 'utf8');
  } catch (cause) {
    throw new DataError(
      `Argument 'dir' passed to 'loadRun' must be a run folder containing results.jsonl, but ${formatValue(resultsPath)} could not be read (${(cause as Error).message}). ` +
        `Pass the folder that 'mlcompare bench --out DIR' wrote.`,
      { cause },
    );
  }
  const { results, warnings } = parseResultsJsonl(text);
  let run: RunInfo | null = null;
  const runPath = join(dir, 'run.json');
  let runText: string | null = null;
  try {
    runText = await readFile(runPath, 'utf8');
  } catch {
    warnings.push('run.json is missing: the environment block is empty and default primary metrics are used.');
  }
  if (runText !== null) {
    try {
      run = JSON.parse(runText) as RunInfo;
    } catch (cause) {
      throw new DataError(`File ${formatValue(runPath)} read by 'loadRun' must be valid JSON, but it is not (${(cause as Error).message}).`, { cause });
    }
  }
  return { dir, results, run, warnings };
}
