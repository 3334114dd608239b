/**
 * Reads a run folder: `results.jsonl` (one {@link JobResult} per line) and `run.json`, with core's
 * parsers (`parseResults`, `parseRunInfo`): this file only reads the files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, RESULTS_FILE, RUN_FILE, formatValue, parseResults, parseRunInfo } from '@mlcompare/core';
import type { JobResult, RunInfo } from '@mlcompare/core';

/** A run as the report sees it. */
export interface LoadedRun {
  /** The run folder. */
  dir: string;
  /**
   * One entry per job, in file order, as core's `parseResults` reads them: the first valid line of
   * a job id wins; a torn last line and lines that are not valid results are left out (and warned about).
   * The inner trials of tuned models (lines with `inner`) are kept: `summarize` counts them in its
   * `tuning` part and leaves them out of everything else, as `renderHtml` and `renderCsv` do.
   */
  results: JobResult[];
  /** `run.json`, or null when the folder has none. */
  run: RunInfo | null;
  /** What was left out while reading (a torn last line, a bad or duplicate line, a missing run.json), in words. */
  warnings: string[];
}

/**
 * Reads a run folder written by `mlcompare bench`.
 *
 * @param dir - The run folder (`OUT`), holding `results.jsonl` and normally `run.json`.
 * @returns The jobs, the run information and any warnings.
 * @throws DataError when `results.jsonl` is missing or unreadable, or `run.json` is not a valid run description.
 * @example
 * const { results, run } = await loadRun('results/2024-05-01T10-00-00');
 */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const resultsPath = join(dir, RESULTS_FILE);
  let text: string;
  try {
    text = await readFile(resultsPath, 'utf8');
  } catch (cause) {
    throw new DataError(
      `Argument 'dir' passed to 'loadRun' must be a run folder containing ${RESULTS_FILE}, but ${formatValue(resultsPath)} could not be read (${(cause as Error).message}). ` +
        `Pass the folder that 'mlcompare bench --out DIR' wrote.`,
      { cause },
    );
  }
  const parsed = parseResults(text, RESULTS_FILE);
  const warnings = parsed.problems.map((p) => p.message);
  if (parsed.torn) {
    warnings.push(`${RESULTS_FILE}: the last line (${parsed.torn.line}) is incomplete (the run was probably interrupted); it was left out.`);
  }
  // Inner trials stay: the summary counts them apart (tuning.ts) and nothing else shows them.
  const results = parsed.results;
  let run: RunInfo | null = null;
  const runPath = join(dir, RUN_FILE);
  let runText: string | null = null;
  try {
    runText = await readFile(runPath, 'utf8');
  } catch {
    warnings.push(`${RUN_FILE} is missing: the environment block is empty and default primary metrics are used.`);
  }
  if (runText !== null) run = parseRunInfo(runText, runPath);
  return { dir, results, run, warnings };
}
