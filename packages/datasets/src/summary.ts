/**
 * The data summary printed before a run: rows kept and dropped, columns and their types,
 * missing counts, classes and their balance, and every decision taken on the user's behalf.
 */
import { displayText, stripControl } from '@mlcompare/core';
import type { ColumnSummary, DataSummary, Dataset } from './dataset.js';

/** Most characters of a name (data set, column, class label) shown; longer ones end in `…`. */
const MAX_NAME = 60;

/** Most characters of a source, a drop reason or a note shown. */
const MAX_TEXT = 400;

/** Columns listed one per line up to this many; beyond it only the unusual ones are. */
const MAX_LISTED_COLUMNS = 25;

function pct(k: number, n: number): string {
  return n === 0 ? '0 %' : `${((100 * k) / n).toFixed(1)} %`;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/**
 * Mean, sample standard deviation (n - 1), minimum and maximum of a regression target: the
 * `targetStats` of a {@link DataSummary}, and what {@link formatSummary} prints without one.
 */
export function targetStats(y: readonly number[]): NonNullable<DataSummary['targetStats']> {
  // Indexed loops: for…of over a million numbers made 130 MB of short-lived garbage, which grew
  // the young generation by 16 MB at loadCsv's peak (perf/csv-load.ts).
  const n = y.length;
  let mean = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    mean += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i]! - mean) ** 2;
  return { mean, sd: y.length > 1 ? Math.sqrt(ss / (y.length - 1)) : 0, min, max };
}

function columnsOf(ds: Dataset): ColumnSummary[] {
  if (ds.summary) return ds.summary.columns;
  const { data, rows, cols } = ds.X;
  const out: ColumnSummary[] = ds.featureNames.map((name, j) => {
    let missing = 0;
    for (let i = 0; i < rows; i++) if (Number.isNaN(data[i * cols + j]!)) missing++;
    const cats = ds.categories[j];
    return { name, role: 'feature', type: ds.featureTypes[j] ?? 'numeric', missing, ...(cats ? { distinct: cats.length } : {}) };
  });
  out.push({ name: ds.targetName, role: 'target', type: ds.task === 'classification' ? 'categorical' : 'numeric', missing: 0 });
  return out;
}

function describeColumn(c: ColumnSummary, rows: number, text: (s: string, max: number) => string): string {
  if (c.role === 'dropped') return `dropped: ${text(c.reason ?? '', MAX_TEXT)}${c.distinct !== undefined ? ` (${c.distinct} distinct values)` : ''}`;
  const parts: string[] = [c.role === 'target' ? `target` : c.type];
  if (c.type === 'categorical' && c.role === 'feature' && c.distinct !== undefined) parts.push(`${c.distinct} categories`);
  if (c.type === 'date') parts.push('days since 1970-01-01');
  if (c.role === 'feature') parts.push(c.missing > 0 ? `${c.missing} missing (${pct(c.missing, rows)})` : 'no missing');
  return parts.join(', ');
}

/** How the summary and the reports show a column whose header cell is empty. */
const NO_NAME = '(no name)';

/**
 * Renders a data set's summary as plain text, for the CLI to print before a run. Text from the
 * data (names, class labels, sources, notes) is shown without control characters, so a CSV cannot
 * retitle or clear the terminal, and long names are cut with `…` and a note saying so (the data
 * set keeps them whole).
 *
 * @param ds - a data set from {@link loadCsv}, {@link loadDataset} or a generator.
 * @returns several lines of text (no trailing newline).
 * @example
 * ```ts
 * console.log(formatSummary(await loadDataset('iris')));
 * // Data: iris — classification, 150 rows, 4 features
 * // ...
 * ```
 */
export function formatSummary(ds: Dataset): string {
  const s = ds.summary;
  const rows = ds.X.rows;
  const lines: string[] = [];
  let shortened = false;
  const text = (value: string, max: number): string => {
    const shown = displayText(value, max);
    if (value.length > max && shown !== stripControl(value)) shortened = true;
    return shown;
  };
  const name = (value: string): string => text(value, MAX_NAME);
  const target = name(ds.targetName);
  lines.push(`Data: ${name(ds.name)} — ${ds.task}, ${rows} rows, ${ds.X.cols} features`);
  lines.push(`  source: ${text(ds.source, MAX_TEXT)}`);
  if (s) {
    const dropped = s.rowsDroppedMissingTarget;
    lines.push(
      `  rows: ${s.rowsRead} read, ${s.rowsKept} kept` +
        (dropped > 0 ? `, ${dropped} dropped (target '${target}' missing)` : ', none dropped'),
    );
  }
  if (ds.classes) {
    const counts = s?.classBalance ?? ds.classes.map((label) => ({ label, count: (ds.y as Array<string | number>).filter((v) => v === label).length }));
    const shown = counts.slice(0, 20).map((c) => `${name(String(c.label))} ${c.count} (${pct(c.count, rows)})`);
    lines.push(`  target '${target}': ${ds.classes.length} classes — ${shown.join(', ')}${counts.length > 20 ? ', …' : ''}`);
  } else {
    const { mean, sd, min, max } = s?.targetStats ?? targetStats(ds.y as number[]);
    lines.push(`  target '${target}': mean ${fmt(mean)}, sd ${fmt(sd)}, min ${fmt(min)}, max ${fmt(max)}`);
  }
  const columns = columnsOf(ds);
  const counts = new Map<string, number>();
  for (const c of columns) {
    if (c.role !== 'feature') continue;
    counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  }
  const droppedCols = columns.filter((c) => c.role === 'dropped').length;
  lines.push(
    `  columns: ${columns.length} — ${[...counts].map(([t, k]) => `${k} ${t}`).join(', ')}, 1 target` +
      (droppedCols > 0 ? `, ${droppedCols} dropped` : ''),
  );
  const plain = (c: ColumnSummary): boolean => c.role === 'feature' && c.type === 'numeric' && c.missing === 0;
  const listed = columns.length <= MAX_LISTED_COLUMNS ? columns : columns.filter((c) => !plain(c));
  // A column with no name (a pandas row index, a blank header cell) would leave a blank.
  const names = listed.map((c) => (c.name === '' ? NO_NAME : name(c.name)));
  const width = Math.min(30, Math.max(...names.map((n) => [...n].length), 4));
  listed.forEach((c, i) => lines.push(`    ${names[i]!}${' '.repeat(Math.max(0, width - [...names[i]!].length))}  ${describeColumn(c, rows, text)}`));
  if (listed.length < columns.length) lines.push(`    (${columns.length - listed.length} more numeric columns with no missing values)`);
  const totalMissing = columns.reduce((a, c) => a + (c.role === 'feature' ? c.missing : 0), 0);
  if (totalMissing > 0) lines.push(`  missing values stay missing until an imputer fitted on each training fold fills them (${totalMissing} in all)`);
  if (ds.notes.length > 0) {
    lines.push('  notes:');
    for (const note of ds.notes) lines.push(`    - ${text(note, MAX_TEXT)}`);
  }
  if (shortened) lines.push(`  (names longer than ${MAX_NAME} characters and texts longer than ${MAX_TEXT} are shortened with '…' here; the data keeps them whole)`);
  return lines.join('\n');
}
