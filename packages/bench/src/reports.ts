/**
 * The bridge to `@mlcompare/report`: writes a run's reports and returns the main table for the
 * terminal. The runner never renders reports itself.
 */

/** What `@mlcompare/report` provides to the runner. */
interface ReportModule {
  writeReports(outDir: string): Promise<{ files: string[] }>;
  renderTerminalTable(outDir: string): Promise<string>;
}

/**
 * Writes report.md, report.html, results.csv and summary.json into `outDir` and returns the main
 * table. When `@mlcompare/report` is not available, says so and returns undefined (the results
 * are complete without it; run `mlcompare report DIR` later).
 * @param outDir - a run's folder.
 * @param log - where to say which files were written.
 */
export async function writeRunReports(outDir: string, log: (line: string) => void): Promise<string | undefined> {
  let mod: Partial<ReportModule>;
  try {
    mod = (await import('@mlcompare/report')) as Partial<ReportModule>;
  } catch (err) {
    log(`Reports not written: @mlcompare/report could not be loaded (${(err as Error).message}). Results are in ${outDir}/results.jsonl; run 'mlcompare report ${outDir}' once it is available.`);
    return undefined;
  }
  if (typeof mod.writeReports !== 'function' || typeof mod.renderTerminalTable !== 'function') {
    log(`Reports not written: this version of @mlcompare/report has no writeReports/renderTerminalTable. Results are in ${outDir}/results.jsonl.`);
    return undefined;
  }
  const { files } = await mod.writeReports(outDir);
  log(`reports: ${files.join(', ')}`);
  return mod.renderTerminalTable(outDir);
}
