/**
 * Plain-text tables and paragraphs for the terminal: aligned columns, fitted to its width when
 * it has one (`process.stdout.columns`), so that a line never wraps in the middle of a table.
 */

/**
 * Renders rows as an aligned plain-text table: two spaces between columns, a dashed rule under
 * the header, the last column not padded.
 * @param header - the column titles.
 * @param rows - the cells, row by row.
 * @returns the table, one line per row, ending in a newline.
 */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, j) => (j === cells.length - 1 ? c : c.padEnd(widths[j]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** Options of {@link fitTable}. */
export interface FitOptions {
  /** Columns to leave out first, in this order, while the table is wider than the terminal. */
  dropFirst?: readonly number[];
  /** Fewest characters the last column keeps before more columns are left out. @defaultValue 20 */
  minLast?: number;
}

/**
 * {@link textTable} fitted to `width` characters: the columns named in `dropFirst` are left out
 * (in that order) while the table is too wide, then the last column is word-wrapped under itself,
 * and any line still too long is cut with `…`.
 * @param header - the column titles.
 * @param rows - the cells, row by row.
 * @param width - the terminal's width; undefined (not a terminal) gives the whole table.
 * @param options - which columns may go.
 * @returns the table and the titles of the columns left out.
 */
export function fitTable(header: string[], rows: string[][], width: number | undefined, options: FitOptions = {}): { text: string; hidden: string[] } {
  if (width === undefined) return { text: textTable(header, rows), hidden: [] };
  const minLast = options.minLast ?? 20;
  let keep = header.map((_, j) => j);
  const widthOf = (cols: number[]): number[] => cols.map((j) => Math.max(header[j]!.length, ...rows.map((r) => (r[j] ?? '').length)));
  const fixedWidth = (cols: number[]): number => widthOf(cols).slice(0, -1).reduce((a, w) => a + w + 2, 0);
  const total = (cols: number[]): number => fixedWidth(cols) + widthOf(cols)[cols.length - 1]!;
  for (const j of options.dropFirst ?? []) {
    if (total(keep) <= width || width - fixedWidth(keep) >= minLast) break;
    keep = keep.filter((k) => k !== j);
  }
  const hidden = header.filter((_, j) => !keep.includes(j));
  const pick = (cells: string[]): string[] => keep.map((j) => cells[j] ?? '');
  const h = pick(header);
  const body = rows.map(pick);
  if (total(keep) <= width) return { text: textTable(h, body), hidden };
  const indent = fixedWidth(keep);
  const room = width - indent;
  const out: string[] = [];
  const widths = widthOf(keep);
  const dashes = widths.map((w) => '-'.repeat(w));
  dashes[dashes.length - 1] = '-'.repeat(Math.max(1, Math.min(widths[widths.length - 1]!, room)));
  for (const cells of [h, dashes, ...body]) {
    const head = cells
      .slice(0, -1)
      .map((c, j) => c.padEnd(widths[j]!))
      .join('  ');
    const last = cells[cells.length - 1]!;
    const parts = room >= minLast ? wrapWords(last, room) : [last];
    out.push(cut(`${head}  ${parts[0] ?? ''}`.trimEnd(), width));
    for (const p of parts.slice(1)) out.push(cut(`${' '.repeat(indent)}${p}`, width));
  }
  return { text: out.join('\n') + '\n', hidden };
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word is cut). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    let w = word;
    while (w.length > width) {
      if (line !== '') lines.push(line);
      lines.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A paragraph wrapped to the terminal: the first line as it is, the next ones indented by
 * `indent` spaces; unchanged when there is no width.
 * @param text - one paragraph (no newlines).
 * @param width - the terminal's width, or undefined.
 * @param indent - spaces before the continuation lines.
 * @returns the wrapped text (no trailing newline).
 */
export function wrapParagraph(text: string, width: number | undefined, indent = 2): string {
  if (width === undefined || text.length <= width) return text;
  const first = wrapWords(text, width)[0]!;
  const rest = text.slice(first.length).trimStart();
  return [first, ...(rest === '' ? [] : wrapWords(rest, Math.max(10, width - indent)).map((l) => ' '.repeat(indent) + l))].join('\n');
}

function cut(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
