/**
 * The bridge to `@mlcompare/report`: writes a run's reports and returns the main table for the
 * terminal. The runner never renders reports itself.
 */
import type { RopeSetting } from '@mlcompare/core';
import { renderTerminalSummary, writeReports } from '@mlcompare/report';

/**
 * Writes report.md, report.html, results.csv and summary.json into `outDir` and returns the main
 * table for the terminal, rendered from the same summary (the run is read and summarised once).
 * @param outDir - a run's folder.
 * @param log - where to say which files were written.
 * @param options - `rope`: the region of practical equivalence instead of the one run.json records
 *   (`mlcompare report DIR --rope R`).
 * @returns the leaderboard text printed at the end of `mlcompare bench`.
 */
export async function writeRunReports(outDir: string, log: (line: string) => void, options: { rope?: RopeSetting } = {}): Promise<string> {
  const { files, summary } = await writeReports(outDir, options);
  log(`reports: ${files.join(', ')}`);
  return renderTerminalSummary(summary);
}
