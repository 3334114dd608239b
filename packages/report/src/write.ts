/**
 * Writing the reports into a run folder, and the terminal table the runner prints.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { FileError } from '@mlcompare/core';
import { join } from 'node:path';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { loadRun } from './load.js';
import { renderMarkdown } from './markdown.js';
import { summarize } from './summary.js';
import type { RunSummary, SummarizeOptions } from './types.js';
import { renderTerminalSummary } from './terminal.js';

/**
 * Writes a file via a temporary name and a rename, so a reader never sees half a report. On a
 * failure (disk full, read-only folder, …) the temporary file is removed and a `FileError` names the file.
 */
async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw FileError.of('write', path, err);
  }
}

/**
 * Reads a run folder and writes `report.md`, `report.html`, `results.csv` and `summary.json`
 * into it. Reads results only; never trains anything. Safe to call again on the same folder
 * (each file is replaced whole).
 *
 * @param outDir - The run folder (`OUT`) holding `results.jsonl` and `run.json`.
 * @param options - Significance level and baseline name.
 * @returns The paths written, and the summary they were rendered from (for
 *   `renderTerminalSummary`, so a caller need not read and summarise the run again).
 * @throws DataError when the folder has no readable `results.jsonl`; `FileError` when a report
 *   cannot be written (nothing half-written or temporary is left).
 * @example
 * const { files, summary } = await writeReports('results/quick');
 */
export async function writeReports(outDir: string, options: Omit<SummarizeOptions, 'warnings'> = {}): Promise<{ files: string[]; summary: RunSummary }> {
  const { results, run, warnings } = await loadRun(outDir);
  const summary = summarize(results, run, { ...options, warnings });
  // Each file is written as soon as it is rendered, the page last: whatever goes wrong later, the
  // files before it are there (and a chart that cannot be drawn is a note in the page, not an error).
  const files: Array<[string, () => string | Promise<string>]> = [
    ['summary.json', () => JSON.stringify(summary, null, 2) + '\n'],
    ['results.csv', () => renderCsv(results)],
    ['report.md', () => renderMarkdown(summary)],
    ['report.html', () => renderHtml(summary, results)],
  ];
  const written: string[] = [];
  for (const [name, render] of files) {
    const path = join(outDir, name);
    await writeAtomic(path, await render());
    written.push(path);
  }
  return { files: written, summary };
}

/**
 * The main leaderboard of a finished run as aligned plain text, for the end of `mlcompare bench`.
 *
 * @param outDir - The run folder.
 * @returns Text ending with a newline.
 * @throws DataError when the folder has no readable `results.jsonl`.
 * @example
 * process.stdout.write(await renderTerminalTable('results/quick'));
 */
export async function renderTerminalTable(outDir: string): Promise<string> {
  const { results, run, warnings } = await loadRun(outDir);
  return renderTerminalSummary(summarize(results, run, { warnings }));
}
