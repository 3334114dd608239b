/**
 * Reading the user's CSV file into a {@link Dataset}: delimiter and quoting (papaparse), a type per
 * column, missing values kept as NaN, the task inferred from the target, and errors that say
 * where the file is wrong and what to try.
 *
 * The file is streamed and each value is written straight into one growing row-major
 * Float64Array (text columns hold dictionary codes there), so the peak memory stays near the size
 * of the data as float64 (see benchmarks/perf/csv-load.ts). Most files are read from their bytes
 * (internal/byte-csv.ts: numbers converted without a string per cell, exactly as `Number()`
 * converts them, and the SHA-256 taken in the same pass; a big one by two threads when the
 * thread budget allows, see internal/csv-worker.ts); a file with a quote character or `\r`
 * line ends, and a whitespace-separated one, is read by papaparse.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { open, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import Papa from 'papaparse';
import { DataError, InputError, Matrix, closestName, formatValue, threadBudget, uniqueSorted, type Labels, type Task } from '@mlcompare/core';
import type { ColumnSummary, DataSummary, Dataset, FeatureType } from './dataset.js';
import { availableParallelism } from 'node:os';
import { readCsvBytes, type ByteSink } from './internal/byte-csv.js';
import { csvThreads, startCsvWorker } from './internal/csv-threads.js';
import { fastDecimal, parseNumberText } from './internal/number.js';
import { targetStats } from './summary.js';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions {
  /** Name of the target column, exactly as in the header. */
  target: string;
  /**
   * The task. When not given: a text target means classification; a numeric target means
   * regression, unless it holds at most {@link MAX_INFERRED_CLASSES} distinct integers, each seen
   * at least twice on average (then classification, and a note says so).
   */
  task?: Task;
  /** Columns to leave out. @defaultValue `[]` */
  drop?: readonly string[];
  /**
   * Columns to read as categories even when they look numeric, or when they have so many
   * distinct values that they would be dropped as identifiers. @defaultValue `[]`
   */
  categorical?: readonly string[];
  /** Extra texts that mean "missing", on top of {@link DEFAULT_MISSING_TOKENS}. @defaultValue `[]` */
  missing?: readonly string[];
  /**
   * Field delimiter; detected from the start of the file when not given (`,`, `;`, tab, else
   * whitespace when the header and the first row split into as many fields at runs of spaces).
   * `' '` is one space per field break; `'whitespace'` is any run of spaces and tabs, with the
   * spaces at the start and end of each line ignored (pandas' `sep=r'\s+'`).
   */
  delimiter?: CsvDelimiter;
  /** Name of the data set in results. @defaultValue the file name without its extension */
  name?: string;
  /**
   * Feature columns with one value in every row (missing cells aside) tell no rows apart:
   * `'drop'` leaves them out with a note, `'keep'` keeps them (the bundled data sets keep theirs,
   * as scikit-learn ships them). @defaultValue `'drop'`
   */
  constantColumns?: 'drop' | 'keep';
}

/** The field delimiters {@link loadCsv} reads: `,`, `;`, tab, one space, or runs of whitespace. */
export type CsvDelimiter = ',' | ';' | '\t' | ' ' | 'whitespace';

/** The delimiters {@link LoadCsvOptions.delimiter} accepts. */
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', ' ', 'whitespace'];

/**
 * A text column whose non-missing cells are numbers except for at most this share of them stays
 * numeric: the other cells (a typo such as `3.5O`) are read as missing, and a warning names them.
 */
export const MAX_NON_NUMBER_SHARE = 0.05;

/** The field separator papaparse is given for a whitespace-separated file (runs of blanks become one). */
const WS_SEP = '\u001f';

/** Texts read as a missing value in every CSV (after trimming spaces). */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'NaN', 'null', '?', 'N/A', 'n/a', 'nan', 'NULL', '#N/A'];

/** A numeric target with at most this many distinct integer values is read as class labels. */
export const MAX_INFERRED_CLASSES = 20;

/**
 * A text column with more distinct values than this share of its non-missing rows (and more than
 * {@link MIN_IDENTIFIER_DISTINCT}) is an identifier or free text, and is dropped.
 */
export const IDENTIFIER_DISTINCT_SHARE = 0.5;

/** Text columns with at most this many distinct values are always kept as categories. */
export const MIN_IDENTIFIER_DISTINCT = 20;

/** Numeric feature columns with at most this many distinct integers get a note (they may be codes). */
const FEW_INTEGERS = 5;

const NUM = 0;
const STR = 1;

// ISO 8601 dates (2024-03-01, 2024/03/01) with an optional time and zone. Day-first and
// month-first forms (01/03/2024) are ambiguous and stay text.
const DATE_TEXT = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const MS_PER_DAY = 86_400_000;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

function dateToDays(text: string): number | undefined {
  const m = DATE_TEXT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  // Reject roll-overs such as 2023-02-30, with or without a time of day (Date.parse takes
  // '2023-02-30T10:00Z' as 2 March): the calendar date is checked on its own, before any zone shift.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return undefined;
  let iso = `${y}-${mo}-${d}`;
  if (h !== undefined) iso += `T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone === undefined ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const ms = Date.parse(h === undefined ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(ms)) return undefined;
  return ms / MS_PER_DAY;
}

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ' ' ? 'one space' : d === 'whitespace' ? 'runs of spaces or tabs' : `'${d}'`;
}

/**
 * How a user sets a loading option, in both places it can be set: the command line and a suite's
 * data set entry (`--task regression or "task": "regression" in a suite`). List options take
 * their value as a one-item list in the suite form.
 */
function optionHint(key: 'task' | 'drop' | 'categorical' | 'missing', value: string): string {
  const json = key === 'task' ? JSON.stringify(value) : `[${JSON.stringify(value)}]`;
  return `--${key} ${shellQuote(value)} or "${key}": ${json} in a suite`;
}

/** How a user passes a delimiter: on the command line and as a suite key. */
function delimiterHint(d: string): string {
  const cli = d === '\t' ? 'tab' : d === ' ' ? 'space' : d;
  const json = d === '\t' ? '\\t' : d;
  return `--delimiter ${shellQuote(cli)} or "delimiter": "${json}" in a suite`;
}

/**
 * `'text'` as a POSIX shell word, for options printed in messages (`--drop 'Unnamed: 0'`): the
 * printed option runs as printed.
 */
function shellQuote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 30).map((n) => `'${n}'`);
  return shown.join(', ') + (names.length > 30 ? `, … (${names.length} columns)` : '');
}

function countNewlines(s: string): number {
  let k = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) k++;
  return k;
}

interface ColumnState {
  /** Distinct texts in order of first appearance (text columns); the code stored in the buffer is the index. */
  values: string[];
  dict: Map<string, number>;
  /** Values like `inf` read as missing. */
  infinite: number;
  /** Values with a decimal comma (`1,5`) read as numbers (`;`-separated files only). */
  decimalCommas: number;
  /** Numbers read before the column turned out to be text. */
  numbersBeforeText: number;
  /** Line and text where a numeric-looking column turned out to be text. */
  flippedAt?: { line: number; text: string };
}

/** Streams records into one growing row-major Float64Array. */
class CsvReader implements ByteSink {
  readonly file: string;
  readonly missing: Set<string>;
  header: string[] | undefined;
  /** File column index of each stored column. */
  src: Int32Array = new Int32Array(0);
  kinds: Uint8Array = new Uint8Array(0);
  cols: ColumnState[] = [];
  stride = 0;
  buf: Float64Array = new Float64Array(0);
  capacity = 0;
  rows = 0;
  /** Line where the next record starts (the header is line 1). */
  line = 1;
  /** Extra lines spanned by quoted newlines in the record being read. */
  extraLines = 0;
  readonly fileBytes: number;
  /** Notes from reading, before the column types are decided. */
  readonly notes: string[] = [];
  /** Accept `1,5` as 1.5 (set for `;`-separated files, where that is the convention). */
  decimalComma = false;
  /**
   * Where rows stop being on line `row + 2` (blank lines, quoted newlines): pairs of the first
   * row index and its offset, so that {@link CsvReader.lineOf} finds any row's line afterwards.
   */
  private readonly jumps: number[] = [];
  private offset = 0;

  /** Missing-value texts that read as numbers (`-999`), checked before the fast number path. */
  readonly numericMissing: Set<string> | null;
  /** Their values, for the byte path (which has no text for a cell it reads as a number). */
  readonly numericMissingValues: Set<number> | null;
  /** How the header is checked and which columns are stored (set by {@link CsvReader.onHeader}). */
  plan: HeaderPlan | undefined;
  private readonly planHeader: (raw: string[]) => HeaderPlan;

  constructor(file: string, fileBytes: number, missing: Set<string>, planHeader: (raw: string[]) => HeaderPlan) {
    this.file = file;
    this.fileBytes = fileBytes;
    this.missing = missing;
    this.planHeader = planHeader;
    const numeric = [...missing].filter((t) => parseNumberText(t) !== undefined);
    this.numericMissing = numeric.length > 0 ? new Set(numeric) : null;
    this.numericMissingValues = numeric.length > 0 ? new Set(numeric.map((t) => parseNumberText(t)!)) : null;
  }

  /**
   * Checks the header and sizes the buffer from the file size and the mean length of the first
   * lines, so that a big file is not copied over and over as it grows.
   *
   * @returns the stored slot of each file column (−1: dropped).
   */
  onHeader(raw: string[], bytesPerLine: number): Int32Array {
    const plan = this.planHeader(raw);
    this.plan = plan;
    const stored = plan.stored;
    this.header = plan.header;
    this.src = Int32Array.from(stored);
    this.stride = stored.length;
    this.kinds = new Uint8Array(this.stride);
    this.cols = stored.map(() => ({ values: [], dict: new Map(), infinite: 0, decimalCommas: 0, numbersBeforeText: 0 }));
    this.capacity = Math.max(16, Math.ceil((this.fileBytes / Math.max(bytesPerLine, 1)) * 1.05) + 16);
    this.buf = new Float64Array(this.capacity * this.stride);
    this.line = 2;
    const slots = new Int32Array(raw.length).fill(-1);
    stored.forEach((j, slot) => (slots[j] = slot));
    return slots;
  }

  private grow(atLeast = 0): void {
    const cap = Math.max(Math.ceil(this.capacity * 1.5) + 16, atLeast);
    const next = new Float64Array(cap * this.stride);
    next.set(this.buf.subarray(0, this.rows * this.stride));
    this.buf = next;
    this.capacity = cap;
  }

  shareBuffer(): number {
    const rows = this.buf.length / Math.max(this.stride, 1);
    this.buf = new Float64Array(new SharedArrayBuffer(this.buf.length * 8));
    return rows;
  }

  limitRows(rows: number | undefined): void {
    this.capacity = rows ?? this.buf.length / Math.max(this.stride, 1);
  }

  adoptRows(from: Float64Array, fromRow: number, count: number): void {
    const S = this.stride;
    if (from.buffer === this.buf.buffer) {
      // Rows written through beginRow never pass the worker's first row (limitRows).
      this.buf.copyWithin(this.rows * S, fromRow * S, (fromRow + count) * S);
    } else {
      if (this.rows + count > this.capacity) this.grow(this.rows + count);
      this.buf.set(from.subarray(fromRow * S, (fromRow + count) * S), this.rows * S);
    }
    this.rows += count;
    this.line += count;
  }

  fail(message: string): never {
    throw new DataError(message);
  }

  /** One record from papaparse. */
  addRecord(row: string[]): void {
    const header = this.header!;
    if (row.length !== header.length) {
      if (row.length === 1 && row[0] === '') {
        this.blankLine();
        return;
      }
      this.ragged(row.length);
    }
    const base = this.beginRow();
    const S = this.stride;
    const buf = this.buf;
    const kinds = this.kinds;
    const src = this.src;
    for (let c = 0; c < S; c++) {
      const s = row[src[c]!]!;
      buf[base + c] = kinds[c] === NUM ? this.numericCell(c, s) : this.textCell(c, s);
    }
    this.endRow();
  }

  blankLine(): void {
    this.line++;
  }

  beginRow(): number {
    if (this.line !== this.rows + 2 + this.offset) {
      this.offset = this.line - this.rows - 2;
      this.jumps.push(this.rows, this.offset);
    }
    if (this.rows === this.capacity) this.grow();
    this.extraLines = 0;
    return this.rows * this.stride;
  }

  endRow(): void {
    this.rows++;
    this.line += 1 + this.extraLines;
  }

  /** A cell of a numeric column: its number, or (missing, `inf`, `1,5`, text) the careful path. */
  numericCell(c: number, s: string): number {
    const v = fastDecimal(s);
    return v - v === 0 && (this.numericMissing === null || !this.numericMissing.has(s)) ? v : this.slowNumber(c, s);
  }

  /** The file line where row `r` (0-based, in reading order) starts. */
  lineOf(r: number): number {
    let off = 0;
    for (let i = 0; i < this.jumps.length && this.jumps[i]! <= r; i += 2) off = this.jumps[i + 1]!;
    return r + 2 + off;
  }

  ragged(fields: number): never {
    const header = this.header!;
    const n = header.length;
    const where =
      fields < n
        ? `the values for ${listNames(header.slice(fields))} are missing`
        : `it has ${fields - n} value(s) after the last column '${header[n - 1]}'`;
    this.fail(
      `The data file '${this.file}' has a ragged row at line ${this.line}: the header has ${n} columns but this row has ${fields} values (${where}). ` +
        `Check that line for a missing or extra delimiter; values that contain the delimiter must be quoted ("a, b"). ` +
        `If the file uses another delimiter, pass it (${delimiterHint(';')}; tab, space and whitespace work too).`,
    );
  }

  private slowNumber(c: number, s: string): number {
    if (s.indexOf('\n') >= 0) this.extraLines += countNewlines(s);
    if (this.missing.has(s) || this.missing.has(s.trim())) return NaN;
    const v = parseNumberText(s);
    if (v !== undefined) {
      if (Number.isFinite(v)) return v;
      this.cols[c]!.infinite++;
      return NaN;
    }
    if (this.decimalComma && DECIMAL_COMMA.test(s.trim())) {
      this.cols[c]!.decimalCommas++;
      return Number(s.trim().replace(',', '.'));
    }
    // Not a number: this column is text. Earlier numbers become their shortest text.
    this.cols[c]!.flippedAt = { line: this.line, text: s };
    this.kinds[c] = STR;
    const S = this.stride;
    const buf = this.buf;
    let numbers = 0;
    for (let r = 0; r < this.rows; r++) {
      const v0 = buf[r * S + c]!;
      if (v0 === v0) {
        buf[r * S + c] = this.code(c, String(v0));
        numbers++;
      }
    }
    this.cols[c]!.numbersBeforeText = numbers;
    if (s.indexOf('\n') >= 0) this.extraLines -= countNewlines(s); // counted again below
    return this.textCell(c, s);
  }

  textCell(c: number, s: string): number {
    if (s.indexOf('\n') >= 0) this.extraLines += countNewlines(s);
    if (this.missing.has(s)) return NaN;
    const t = s.trim();
    if (t !== s && this.missing.has(t)) return NaN;
    return this.code(c, t);
  }

  private code(c: number, t: string): number {
    const col = this.cols[c]!;
    let k = col.dict.get(t);
    if (k === undefined) {
      k = col.values.length;
      col.dict.set(t, k);
      col.values.push(t);
    }
    return k;
  }
}

/**
 * Picks the delimiter from the header line: the candidate (`,`, `;`, tab) that occurs most often
 * outside quotes; ties go to the one that splits the second line into as many fields; no
 * candidate means one space when the header and the second line have as many spaces outside
 * quotes, else `'whitespace'` when they split into as many (≥ 2) fields at runs of blanks, else a
 * one-column file (`,`). The header is used because data lines may hold decimal commas (`1,5` in
 * a `;` file).
 *
 * @param head - the start of the file (its first two lines are enough).
 * @returns the delimiter.
 * @example
 * ```ts
 * detectDelimiter('a;b;c\n1,5;2;3\n'); // ';'
 * detectDelimiter('  a   b\n 1.5  2\n'); // 'whitespace'
 * ```
 */
export function detectDelimiter(head: string): CsvDelimiter {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const countLine = (from: number): { counts: Map<string, number>; end: number } => {
    const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], [' ', 0]]);
    let quoted = false;
    let i = from;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === '\n' || ch === '\r')) break;
      else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
    }
    return { counts, end: i };
  };
  const first = countLine(0);
  let next = first.end;
  while (text[next] === '\r' || text[next] === '\n') next++;
  const second = countLine(next).counts;
  let best: ',' | ';' | '\t' = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t'] as const) {
    const k = first.counts.get(d)!;
    const score = k * 2 + (k > 0 && second.get(d) === k ? 1 : 0);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  if (bestScore === 0) {
    // No `,`, `;` or tab. One space when the header and the first row have as many spaces outside
    // quotes (pandas' to_csv(sep=' ')); else runs of blanks when they split into as many fields,
    // two or more (aligned columns). A one-column file named 'sepal length' is neither.
    const spaces = first.counts.get(' ')!;
    if (spaces > 0 && second.get(' ') === spaces) return ' ';
    const k = blankSeparatedFields(text, 0);
    if (k >= 2 && blankSeparatedFields(text, next) === k) return 'whitespace';
  }
  return best;
}

/** Fields of the line starting at `from` when runs of spaces and tabs outside quotes separate them. */
function blankSeparatedFields(text: string, from: number): number {
  let fields = 0;
  let quoted = false;
  let inField = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (!quoted && (ch === '\n' || ch === '\r')) break;
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ' ' || ch === '\t')) inField = false;
    else if (!inField) {
      inField = true;
      fields++;
    }
  }
  return fields;
}

/**
 * Turns whitespace-separated text into {@link WS_SEP}-separated text for papaparse, chunk by
 * chunk: outside quotes, a run of spaces and tabs becomes one separator, and blanks at the start
 * and end of a line go. Quoted values keep their blanks.
 */
function whitespaceToSeparator(): Transform {
  let quoted = false;
  let lineStart = true;
  let pending = false;
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string | Buffer, _enc, done) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let out = '';
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (quoted) {
          if (ch === '"') quoted = false;
          out += ch;
        } else if (ch === ' ' || ch === '\t') {
          if (!lineStart) pending = true;
        } else if (ch === '\n' || ch === '\r') {
          pending = false;
          lineStart = true;
          out += ch;
        } else {
          if (pending) out += WS_SEP;
          pending = false;
          lineStart = false;
          if (ch === '"') quoted = true;
          out += ch;
        }
      }
      done(null, out);
    },
  });
}

/** The first bytes of a file (for the encoding check and the delimiter guess). */
async function readHead(file: string, abs: string, bytes: number): Promise<Buffer> {
  try {
    const fh = await open(abs, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw cannotRead(file, abs, err);
  }
}

/** The header as kept (byte-order mark removed), the file columns stored, the target's slot and the columns dropped. */
interface HeaderPlan {
  header: string[];
  stored: number[];
  targetSlot: number;
  dropped: string[];
}

/** Checks the header against the options (duplicates, target, drop, categorical) and says which columns are stored. */
function planHeader(file: string, rawHeader: string[], options: LoadCsvOptions): HeaderPlan {
  const header = rawHeader.slice();
  if (header[0]!.charCodeAt(0) === 0xfeff) header[0] = header[0]!.slice(1);
  if (header.length === 1 && header[0]!.trim() === '') {
    throw new DataError(`The data file '${file}' has an empty first line; the first line must be the header row with the column names.`);
  }
  const seen = new Map<string, number>();
  header.forEach((h, j) => {
    const prev = seen.get(h);
    if (prev !== undefined) {
      throw new DataError(
        `The data file '${file}' has two columns named '${h}' (columns ${prev + 1} and ${j + 1} of the header, line 1). Rename one of them.`,
      );
    }
    seen.set(h, j);
  });
  const t = seen.get(options.target);
  if (t === undefined) {
    const guess = closestName(options.target, header);
    throw new DataError(
      `The data file '${file}' has no column '${options.target}' (the target) in its header (line 1). Its columns are: ${listNames(header)}. ` +
        (guess !== undefined ? `Did you mean '${guess}'? ` : '') +
        `Names are matched exactly, including case and spaces.` +
        (header.length === 1
          ? ` The header was read as a single column: if the file uses another delimiter, pass it (${delimiterHint(';')}; tab, space and whitespace work too).`
          : ''),
    );
  }
  const check = (names: readonly string[] | undefined, option: string): void => {
    // Every unknown name is said at once, each with its closest column.
    const unknown = (names ?? []).filter((n) => !seen.has(n));
    if (unknown.length > 0) {
      const each = unknown.map((n) => {
        const guess = closestName(n, header);
        return `'${n}'${guess !== undefined ? ` (did you mean '${guess}'?)` : ''}`;
      });
      throw new InputError(
        `Option '${option}' passed to 'loadCsv' names ${unknown.length === 1 ? 'column' : `${unknown.length} columns`} ${each.join(', ')}, which the data file '${file}' does not have. ` +
          `Its columns are: ${listNames(header)}.`,
      );
    }
    for (const n of names ?? []) {
      if (n === options.target) {
        throw new InputError(
          `Option '${option}' passed to 'loadCsv' names the target column '${n}'. ` +
            (option === 'drop' ? 'Choose another target, or keep the column.' : `Set the task instead (${optionHint('task', 'classification')}).`)
        );
      }
    }
  };
  check(options.drop, 'drop');
  check(options.categorical, 'categorical');
  const drop = new Set(options.drop ?? []);
  const stored: number[] = [];
  const dropped: string[] = [];
  let targetSlot = -1;
  header.forEach((h, j) => {
    if (drop.has(h)) dropped.push(h);
    else {
      if (j === t) targetSlot = stored.length;
      stored.push(j);
    }
  });
  return { header, stored, targetSlot, dropped };
}

/** What reading the file gave: the reader with the data, and the SHA-256 of the bytes when the byte path computed it. */
interface Parsed {
  reader: CsvReader;
  delimiter: string;
  hash: string | undefined;
}

async function parseFile(file: string, path: string, size: number, head: Buffer, options: LoadCsvOptions, missing: Set<string>): Promise<Parsed> {
  const delimiter: string = options.delimiter ?? detectDelimiter(head.toString('utf8'));
  const plan = (raw: string[]): HeaderPlan => planHeader(file, raw, options);
  csvThreads.lastWorkerRows = 0;
  if (delimiter !== 'whitespace') {
    // The byte path (internal/byte-csv.ts) reads most files; it hands a file with quotes or
    // old-Mac line ends back, and papaparse reads it from the start.
    const reader = new CsvReader(file, size, missing, plan);
    reader.decimalComma = delimiter === ';';
    const fh = await open(path, 'r').catch((err: unknown) => {
      throw cannotRead(file, path, err);
    });
    try {
      // A big file is read by two threads when the budget gives two (internal/csv-worker.ts).
      const parallel = size >= csvThreads.minBytes && threadBudget(availableParallelism()) >= 2 ? { path, startWorker: startCsvWorker } : undefined;
      const out = await readCsvBytes(fh, size, delimiter.charCodeAt(0), reader, createHash('sha256'), (err) => cannotRead(file, path, err), parallel);
      if (out.done) csvThreads.lastWorkerRows = out.workerRows;
      if (out.done) {
        if (reader.header === undefined) throw emptyFile(file);
        return { reader, delimiter, hash: out.hash };
      }
    } finally {
      await fh.close();
    }
  }
  return { reader: await parseWithPapa(file, path, size, delimiter, missing, plan), delimiter, hash: undefined };
}

function emptyFile(file: string): DataError {
  return new DataError(`The data file '${file}' is empty. Give a CSV file with a header row (the column names) and one row per sample.`);
}

function cannotRead(file: string, abs: string, err: unknown): DataError {
  return new DataError(`Cannot read the data file '${file}' (${abs}): ${(err as Error).message}. Check that the file exists and is readable.`, { cause: err });
}

/** Reads the file with papaparse (quoted values, `\r` line ends, whitespace-separated files). */
async function parseWithPapa(file: string, path: string, size: number, delimiter: string, missing: Set<string>, plan: (raw: string[]) => HeaderPlan): Promise<CsvReader> {
  const reader = new CsvReader(file, size, missing, plan);
  const papaDelimiter = delimiter === 'whitespace' ? WS_SEP : delimiter;
  let error: unknown;
  const file$ = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const stream = delimiter === 'whitespace' ? file$.pipe(whitespaceToSeparator()) : file$;
  let first = true;
  const invalidQuotes = { count: 0, nearLine: 0 };

  await new Promise<void>((resolveParse, rejectParse) => {
    Papa.parse<string[]>(stream, {
      delimiter: papaDelimiter,
      chunk: (results, parser) => {
        try {
          let rows = results.data;
          const headerChunk = first;
          const quoteErrors = results.errors.filter((e) => e.code === 'MissingQuotes');
          if (first) {
            if (rows.length === 0) return;
            first = false;
            const qe = quoteErrors[0];
            if (qe?.row === 0) {
              throw new DataError(
                `The data file '${file}' has a quoted value in its header (line 1) that is never closed. Close the quote, or double the quote character inside quoted names.`,
              );
            }
            if (qe !== undefined && qe.row !== undefined) qe.row -= 1;
            // The buffer is sized from the mean length of the first rows.
            const sample = rows.slice(1, 1001);
            let chars = 0;
            for (const r of sample) for (const v of r) chars += v.length + 1;
            reader.onHeader(rows[0]!, sample.length > 0 ? chars / sample.length : 8 * rows[0]!.length);
            reader.decimalComma = delimiter === ';';
            rows = rows.slice(1);
          }
          const stop = quoteErrors[0]?.row ?? -1;
          for (const e of results.errors) {
            if (e.code !== 'InvalidQuotes') continue;
            // papaparse keeps such a value as it read it; say so. Rows of the first chunk count the header.
            if (invalidQuotes.count++ === 0) invalidQuotes.nearLine = reader.line + (e.row ?? 0) - (headerChunk ? 1 : 0);
          }
          for (let i = 0; i < rows.length; i++) {
            if (i === stop) {
              throw new DataError(
                `The data file '${file}' has a quoted value that is never closed, starting at line ${reader.line}` +
                  ` (column '${reader.header![Math.min(rows[i]!.length, reader.header!.length) - 1]}'). ` +
                  `Close the quote, or double the quote character inside quoted values ("say ""hi""").`,
              );
            }
            reader.addRecord(rows[i]!);
          }
        } catch (err) {
          error = err;
          parser.abort();
          stream.destroy();
          file$.destroy();
          resolveParse();
        }
      },
      complete: () => resolveParse(),
      error: (err: Error) => rejectParse(new DataError(`Cannot read the data file '${file}': ${err.message}.`, { cause: err })),
    });
  });
  if (error !== undefined) throw error;
  if (reader.header === undefined) throw emptyFile(file);
  if (invalidQuotes.count > 0) {
    reader.notes.push(
      `${invalidQuotes.count} value(s) have a quote in an unexpected place (first near line ${invalidQuotes.nearLine}); they are read as papaparse reads them. ` +
        `Quote whole values and double inner quotes ("say ""hi""") to be sure.`,
    );
  }
  return reader;
}

/**
 * Loads a CSV file as a data set.
 *
 * What it does, in order:
 * - reads the file streaming, from its bytes (or with papaparse when it holds quotes); the delimiter (`,`, `;` or tab) is detected unless
 *   given; quoted values may hold delimiters, quotes (`""`) and newlines; header names are kept
 *   exactly as written; a UTF-8 byte-order mark is removed; a UTF-16 or UTF-32 file (byte-order
 *   mark, or NUL bytes: UTF-16 without one) is refused as such, with how to convert it;
 * - records the SHA-256 of the file's bytes in `contentHash` (a run uses it to refuse resuming on a
 *   changed file);
 * - gives each column a type: `numeric` when every value is a number or missing; `date` when
 *   every value is an ISO date (2024-03-01, optionally with a time) — stored as days since
 *   1970-01-01 UTC; otherwise `categorical` (codes 0..k-1 into sorted category names), unless the
 *   column has so many distinct values (more than half its rows, and more than 20) that it is an
 *   identifier or free text: such a column is dropped, unless named in `categorical`;
 * - keeps missing values (empty, `NA`, `NaN`, `null`, `?`, … and `options.missing`) as NaN, for
 *   an imputer fitted on each training fold to fill;
 * - drops the rows whose target is missing, and counts them;
 * - infers the task when not given (see {@link LoadCsvOptions.task});
 * - warns (a note starting `Warning:`) when a regression target has one value in every row;
 * - says every decision in `notes`, and fills `summary` (see {@link formatSummary}).
 *
 * @param path - the file.
 * @param options - the target column and the rest of {@link LoadCsvOptions}.
 * @returns the data set, with `summary`.
 * @throws {@link @mlcompare/core!DataError | DataError} naming the file, the line and the column, with what to try: missing
 *   or empty file, ragged row, unclosed quote, unknown target column, a target with one class,
 *   a column missing in every row, duplicate column names.
 * @throws {@link @mlcompare/core!InputError | InputError} for invalid options.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const file = join(tmpdir(), 'passengers.csv');
 * await writeFile(file, 'PassengerId,Age,Class,Survived\n1,22,third,0\n2,NA,first,1\n3,35,first,\n4,54,second,0\n');
 * const ds = await loadCsv(file, { target: 'Survived', drop: ['PassengerId'] });
 * ds.X.rows; // 3 (the row without a target is dropped, and counted in ds.summary)
 * ds.featureTypes; // ['numeric', 'categorical']
 * console.log(formatSummary(ds));
 * ```
 */
export async function loadCsv(path: string, options: LoadCsvOptions): Promise<Dataset> {
  validateOptions(path, options);
  const abs = resolve(path);
  let size: number;
  try {
    const st = await stat(abs);
    if (st.isDirectory()) {
      throw new DataError(`The data file '${path}' is a directory (${abs}). Give the path of a CSV file.`);
    }
    size = st.size;
  } catch (err) {
    if (err instanceof DataError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(
      code === 'ENOENT'
        ? `The data file '${path}' does not exist (looked for ${abs}). Check the path; a relative path is read from the current folder, ${process.cwd()}.`
        : `Cannot read the data file '${path}' (${abs}): ${(err as Error).message}. Check that the file exists and is readable.`,
      { cause: err },
    );
  }
  if (size === 0) {
    throw new DataError(`The data file '${path}' is empty (0 bytes). Give a CSV file with a header row (the column names) and one row per sample.`);
  }
  const head = await readHead(path, abs, 64 * 1024);
  refuseOtherEncodings(path, head.subarray(0, 4096));
  const missing = new Set([...DEFAULT_MISSING_TOKENS, ...(options.missing ?? [])]);
  const { reader, delimiter, hash } = await parseFile(path, abs, size, head, options, missing);
  const { targetSlot, dropped } = reader.plan!;
  const ds = assemble(path, abs, reader, delimiter, targetSlot, dropped, options);
  // The byte path hashes the bytes as it reads them; after papaparse, one more pass does.
  ds.contentHash = hash ?? (await hashFile(path, abs));
  return ds;
}

/** SHA-256 (hex) of a file's bytes, read as a stream. */
async function hashFile(file: string, abs: string): Promise<string> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(abs) as AsyncIterable<Buffer>) h.update(chunk);
  } catch (err) {
    throw cannotRead(file, abs, err);
  }
  return h.digest('hex');
}

/**
 * Refuses a file that is not UTF-8 text: a UTF-16 or UTF-32 byte-order mark, or NUL bytes in its
 * start (UTF-16 without a byte-order mark, or a binary file). Read as UTF-8, such a file would
 * give column names and values full of NUL characters instead of an error.
 */
function refuseOtherEncodings(file: string, head: Buffer): void {
  const boms: Array<[number[], string]> = [
    [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 (little-endian)'],
    [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 (big-endian)'],
    [[0xff, 0xfe], 'UTF-16 (little-endian)'],
    [[0xfe, 0xff], 'UTF-16 (big-endian)'],
  ];
  const save = `Save it as UTF-8 (in Excel: "CSV UTF-8"; or iconv -f UTF-16 -t UTF-8 '${file}' > out.csv) and load that file.`;
  for (const [bytes, name] of boms) {
    if (bytes.every((b, i) => head[i] === b)) {
      throw new DataError(`The data file '${file}' is encoded as ${name} (its byte-order mark is ${bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')}); mlcompare reads UTF-8 text only. ${save}`);
    }
  }
  const nul = head.indexOf(0);
  if (nul >= 0) {
    const alternate = head.length >= 4 && (head[0] === 0 || head[1] === 0) && (head[2] === 0 || head[3] === 0);
    throw new DataError(
      `The data file '${file}' holds a NUL byte at byte ${nul}, so it is not UTF-8 text` +
        (alternate ? ': it looks like UTF-16 without a byte-order mark. ' + save : '; it may be a binary file (a spreadsheet, a compressed file). Export it as a CSV file in UTF-8.'),
    );
  }
}

function validateOptions(path: unknown, options: LoadCsvOptions): void {
  if (typeof path !== 'string' || path === '') {
    throw new InputError(`Argument 'path' passed to 'loadCsv' must be a non-empty string (a file path). Got ${formatValue(path)} instead.`);
  }
  if (options === null || typeof options !== 'object') {
    throw new InputError(`Argument 'options' passed to 'loadCsv' must be an object with at least { target }. Got ${formatValue(options)} instead.`);
  }
  if (typeof options.target !== 'string') {
    throw new InputError(
      `Option 'target' passed to 'loadCsv' must be the name of the target column (a string). Got ${formatValue(options.target)} instead.`,
    );
  }
  if (options.task !== undefined && options.task !== 'classification' && options.task !== 'regression') {
    throw new InputError(`Option 'task' passed to 'loadCsv' must be 'classification' or 'regression'. Got ${formatValue(options.task)} instead.`);
  }
  if (options.delimiter !== undefined && !CSV_DELIMITERS.includes(options.delimiter)) {
    throw new InputError(`Option 'delimiter' passed to 'loadCsv' must be ',', ';', '\\t', ' ' or 'whitespace'. Got ${formatValue(options.delimiter)} instead.`);
  }
  if (options.constantColumns !== undefined && options.constantColumns !== 'drop' && options.constantColumns !== 'keep') {
    throw new InputError(`Option 'constantColumns' passed to 'loadCsv' must be 'drop' or 'keep'. Got ${formatValue(options.constantColumns)} instead.`);
  }
  for (const key of ['drop', 'categorical', 'missing'] as const) {
    const v = options[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))) {
      throw new InputError(`Option '${key}' passed to 'loadCsv' must be an array of strings. Got ${formatValue(v)} instead.`);
    }
  }
}

interface FinalColumn {
  slot: number;
  name: string;
  type: FeatureType;
  /** code → value written into X (categorical: sorted index; date: days). */
  map?: Float64Array;
  categories: string[] | null;
}

function assemble(
  file: string,
  abs: string,
  reader: CsvReader,
  delimiter: string,
  targetSlot: number,
  dropped: string[],
  options: LoadCsvOptions,
): Dataset {
  const header = reader.header!;
  const S = reader.stride;
  const n = reader.rows;
  const buf = reader.buf;
  const notes: string[] = [...reader.notes];
  const target = options.target;
  if (n === 0) {
    throw new DataError(`The data file '${file}' has a header but no data rows. Add one row per sample below the header.`);
  }
  if (delimiter !== ',') notes.push(`Fields are separated by ${delimiterName(delimiter)}${options.delimiter ? '' : ' (detected)'}.`);
  if (dropped.length > 0) notes.push(`Dropped as asked: ${listNames(dropped)}.`);

  // Rows kept: those with a target.
  let kept = 0;
  for (let r = 0; r < n; r++) if (buf[r * S + targetSlot] === buf[r * S + targetSlot]) kept++;
  const droppedRows = n - kept;
  if (kept === 0) {
    throw new DataError(
      `The target column '${target}' of the data file '${file}' is missing in every row (${n} rows; missing texts: ${[...reader.missing].map((t) => `'${t}'`).join(', ')}). Choose another target column.`,
    );
  }
  if (droppedRows > 0) notes.push(`Dropped ${droppedRows} of ${n} rows whose target '${target}' is missing.`);

  // Target and task.
  const tState = reader.cols[targetSlot]!;
  const tText = reader.kinds[targetSlot] === STR;
  // Sized up front: pushing a million values copies the array as it grows (12 MB more at the
  // peak for 1,000,000 rows, perf/csv-load.ts).
  const yNum: number[] = new Array<number>(kept);
  let yAt = 0;
  const distinct = new Set<number>();
  let allInteger = true;
  for (let r = 0; r < n; r++) {
    const v = buf[r * S + targetSlot]!;
    if (v !== v) continue;
    yNum[yAt++] = v;
    if (!tText) {
      if (allInteger && !Number.isInteger(v)) allInteger = false;
      if (distinct.size <= MAX_INFERRED_CLASSES) distinct.add(v);
    }
  }
  let task: Task;
  if (tText) {
    if (options.task === 'regression') {
      const at = tState.flippedAt;
      throw new DataError(
        `The target column '${target}' of the data file '${file}' holds text (${formatValue(at?.text ?? tState.values[0])}` +
          `${at ? ` at line ${at.line}` : ''}), so it cannot be a regression target. Fix that value, list it as a missing text (${optionHint('missing', at?.text ?? tState.values[0] ?? '')}), or use ${optionHint('task', 'classification')}.`,
      );
    }
    task = 'classification';
    if (options.task === undefined) notes.push(`The target '${target}' is text, so the task is classification.`);
  } else if (options.task !== undefined) {
    task = options.task;
  } else if (allInteger && distinct.size <= MAX_INFERRED_CLASSES && distinct.size * 2 <= yNum.length) {
    // Few distinct integers are class codes (0/1, 1..5 stars); as many distinct values as rows
    // (prices, counts in a tiny file) are numbers.
    task = 'classification';
    notes.push(
      `The target '${target}' has only ${distinct.size} distinct integer values, so the task is classification; ` +
        `pass ${optionHint('task', 'regression')} to predict it as a number.`,
    );
  } else {
    task = 'regression';
    notes.push(
      allInteger && distinct.size <= MAX_INFERRED_CLASSES
        ? `The target '${target}' holds ${distinct.size} distinct integers in ${yNum.length} rows — too many per row to be classes — so the task is regression; pass ${optionHint('task', 'classification')} to treat them as classes.`
        : `The target '${target}' is numeric, so the task is regression.`,
    );
  }
  if (tState.infinite > 0) {
    throw new DataError(`The target column '${target}' of the data file '${file}' has ${tState.infinite} infinite values ('inf'). Fix or remove those rows.`);
  }
  const y: Labels = tText ? yNum.map((c) => tState.values[c]!) : yNum;
  if (task === 'regression' && yNum.every((v) => v === yNum[0])) {
    notes.push(
      `Warning: the target '${target}' has the same value (${formatValue(yNum[0])}) in all ${yNum.length} rows, so there is nothing to predict: ` +
        `R² is undefined on every fold and every model scores the same. Check that '${target}' is the right column.`,
    );
  }
  let classes: Labels | undefined;
  if (task === 'classification') {
    classes = uniqueSorted(y);
    if (classes.length < 2) {
      throw new DataError(
        `The target column '${target}' of the data file '${file}' has only one class (${formatValue(classes[0])}) in its ${kept} rows; ` +
          `a classifier needs at least two. Check that '${target}' is the right column` +
          (tText ? '.' : `, or use ${optionHint('task', 'regression')}.`),
      );
    }
  }

  // Feature columns.
  const categorical = new Set(options.categorical ?? []);
  const finals: FinalColumn[] = [];
  const summaries: ColumnSummary[] = [];
  const summaryByName = new Map<string, ColumnSummary>();
  const fewIntegerColumns: string[] = [];
  // Every column missing in every row is named at once, with one option that leaves them all
  // out: naming the first only sent a user round once per column (fertility: 2012, then 2013).
  const emptyColumns: string[] = [];
  const allMissing = (names: readonly string[]): DataError =>
    new DataError(
      `${names.length === 1 ? 'Column' : 'Columns'} ${listNames(names)} of the data file '${file}' ${names.length === 1 ? 'is' : 'are'} missing in every row${droppedRows > 0 ? ' that has a target' : ''} ` +
        `(missing texts: ${[...reader.missing].map((t) => `'${t}'`).join(', ')}). Leave ${names.length === 1 ? 'it' : 'them'} out with ` +
        `--drop ${names.map(shellQuote).join(',')} or "drop": ${JSON.stringify(names)} in a suite.`,
    );
  // Non-missing values of the text columns among the kept rows (numeric columns are counted
  // while compacting, which saves a pass over a big all-numeric file).
  const present = new Float64Array(S);
  const textSlots: number[] = [];
  for (let c = 0; c < S; c++) if (c !== targetSlot && reader.kinds[c] === STR) textSlots.push(c);
  if (textSlots.length > 0) {
    for (let r = 0; r < n; r++) {
      const base = r * S;
      if (buf[base + targetSlot] !== buf[base + targetSlot]) continue;
      for (const c of textSlots) if (buf[base + c] === buf[base + c]) present[c]!++;
    }
  }
  const keep = options.constantColumns !== 'keep';
  const keptRow = (r: number): boolean => buf[r * S + targetSlot] === buf[r * S + targetSlot];
  for (const c of textSlots) {
    const name = header[reader.src[c]!]!;
    if (!categorical.has(name)) mostlyNumeric(reader, c, keptRow, name, notes);
  }
  for (let c = 0; c < S; c++) {
    const name = header[reader.src[c]!]!;
    const st = reader.cols[c]!;
    if (c !== targetSlot && reader.src[c] === 0 && reader.kinds[c] === NUM && /^(|Unnamed: 0)$/.test(name.trim()) && isRowIndex(buf, n, S, c)) {
      notes.push(
        `Column ${name.trim() === '' ? 'with no name' : `'${name}'`} (the first) was dropped: it counts the rows ${formatValue(buf[c])}, ${formatValue(buf[S + c])}, … — a row index as pandas' to_csv writes it, not a feature.`,
      );
      const s: ColumnSummary = { name, role: 'dropped', type: 'numeric', missing: 0, reason: 'row index (pandas to_csv)' };
      summaries.push(s);
      summaryByName.set(name, s);
      continue;
    }
    if (c !== targetSlot && keep) {
      const one = constantValue(buf, n, S, c, targetSlot);
      if (one !== undefined) {
        const shown = reader.kinds[c] === STR ? formatValue(st.values[one.value]) : formatValue(one.value);
        notes.push(
          `Column '${name}' was dropped: it holds the same value (${shown}) in every row${one.missing > 0 ? ` where it is not missing (${one.missing} missing)` : ''}, so it tells no rows apart.`,
        );
        const s: ColumnSummary = { name, role: 'dropped', type: reader.kinds[c] === STR ? 'text' : 'numeric', missing: one.missing, distinct: 1, reason: 'constant' };
        summaries.push(s);
        summaryByName.set(name, s);
        continue;
      }
    }
    if (c === targetSlot) {
      const s: ColumnSummary = { name, role: 'target', type: tText ? 'categorical' : 'numeric', missing: droppedRows, distinct: tText ? tState.values.length : distinct.size };
      if (!tText && distinct.size > MAX_INFERRED_CLASSES) delete s.distinct;
      summaries.push(s);
      summaryByName.set(name, s);
      continue;
    }
    const nonMissing = present[c]!;
    if (reader.kinds[c] === STR && nonMissing === 0) {
      emptyColumns.push(name);
      continue;
    }
    if (st.infinite > 0) notes.push(`Column '${name}': ${st.infinite} infinite values ('inf') are read as missing.`);
    if (st.decimalCommas > 0 && reader.kinds[c] === NUM) notes.push(`Column '${name}': ${st.decimalCommas} ${st.decimalCommas === 1 ? 'value' : 'values'} with a decimal comma ('1,5') ${st.decimalCommas === 1 ? 'is' : 'are'} read as a number (1.5).`);
    if (st.flippedAt && st.numbersBeforeText > 0) {
      notes.push(`Column '${name}' looked numeric until line ${st.flippedAt.line} (${formatValue(st.flippedAt.text)}), so it is read as text.`);
    }
    const text = reader.kinds[c] === STR;
    if (categorical.has(name)) {
      finals.push(categoricalColumn(c, name, st, text, buf, n, S));
      const k = finals[finals.length - 1]!.categories!.length;
      const s: ColumnSummary = { name, role: 'feature', type: 'categorical', missing: 0, distinct: k };
      summaries.push(s);
      summaryByName.set(name, s);
      continue;
    }
    if (!text) {
      finals.push({ slot: c, name, type: 'numeric', categories: null });
      const s: ColumnSummary = { name, role: 'feature', type: 'numeric', missing: 0 };
      summaries.push(s);
      summaryByName.set(name, s);
      const few = fewIntegers(buf, n, S, c, FEW_INTEGERS);
      if (few !== undefined && few >= 2) fewIntegerColumns.push(name);
      continue;
    }
    // Text column: date, category or identifier.
    const days = st.values.map(dateToDays);
    if (days.every((d) => d !== undefined)) {
      finals.push({ slot: c, name, type: 'date', map: Float64Array.from(days as number[]), categories: null });
      notes.push(`Column '${name}' holds dates; they are read as days since 1970-01-01 (UTC).`);
      const s: ColumnSummary = { name, role: 'feature', type: 'date', missing: 0, distinct: st.values.length };
      summaries.push(s);
      summaryByName.set(name, s);
      continue;
    }
    const k = st.values.length;
    if (k > IDENTIFIER_DISTINCT_SHARE * nonMissing && k > MIN_IDENTIFIER_DISTINCT) {
      notes.push(
        `Column '${name}' was dropped: ${k} distinct values in ${nonMissing} rows looks like an identifier or free text, not a useful category. ` +
          `Keep it with ${optionHint('categorical', name)}.`,
      );
      const s: ColumnSummary = { name, role: 'dropped', type: 'text', missing: kept - nonMissing, distinct: k, reason: 'identifier-like or free text' };
      summaries.push(s);
      summaryByName.set(name, s);
      continue;
    }
    finals.push(categoricalColumn(c, name, st, true, buf, n, S));
    const s: ColumnSummary = { name, role: 'feature', type: 'categorical', missing: 0, distinct: k };
    summaries.push(s);
    summaryByName.set(name, s);
  }
  for (const h of dropped) summaries.push({ name: h, role: 'dropped', type: 'skipped', missing: 0, reason: 'dropped as asked' });
  // Keep file order in the summary.
  const order = new Map(header.map((h, j) => [h, j]));
  summaries.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  if (fewIntegerColumns.length > 0) {
    notes.push(
      `Kept numeric although they hold at most ${FEW_INTEGERS} distinct integers (they may be codes): ${listNames(fewIntegerColumns)}. ` +
        `Read one as categories to one-hot encode it instead (${optionHint('categorical', fewIntegerColumns[0]!)}).`,
    );
  }
  if (finals.length === 0) {
    throw new DataError(`The data file '${file}' has no feature column left besides the target '${target}'. Keep at least one column (check the columns left out with --drop or "drop", and the notes above).`);
  }

  // Compact in place: kept rows × feature columns. Each write lands at or before the value being
  // read, so the buffer can be reused (no second copy of the data at peak).
  const k = finals.length;
  let w = 0;
  const missingCounts = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    const base = r * S;
    const t = buf[base + targetSlot]!;
    if (t !== t) continue;
    for (let f = 0; f < k; f++) {
      const col = finals[f]!;
      let v = buf[base + col.slot]!;
      if (v !== v) missingCounts[f]!++;
      else if (col.map) v = col.map[v]!;
      buf[w++] = v;
    }
  }
  finals.forEach((col, f) => {
    if (missingCounts[f] === kept) emptyColumns.push(col.name);
    summaryByName.get(col.name)!.missing = missingCounts[f]!;
  });
  if (emptyColumns.length > 0) throw allMissing(emptyColumns.sort((a, b) => header.indexOf(a) - header.indexOf(b)));
  const size = kept * k;
  // A small buffer is trimmed; a big one is kept (a view) rather than copied, to bound the peak.
  const data = buf.length * 8 <= 64 * 1024 * 1024 || size < buf.length * 0.5 ? buf.slice(0, size) : buf.subarray(0, size);
  reader.buf = new Float64Array(0);

  const summary: DataSummary = {
    rowsRead: n,
    rowsKept: kept,
    rowsDroppedMissingTarget: droppedRows,
    columns: summaries,
    delimiter,
  };
  if (classes) {
    const counts = new Map<string | number, number>();
    for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
    summary.classBalance = classes.map((label) => ({ label, count: counts.get(label) ?? 0 }));
  } else {
    summary.targetStats = targetStats(y as number[]);
  }
  const name = options.name ?? basename(file, extname(file));
  return {
    name,
    task,
    X: new Matrix(data, kept, k),
    y,
    featureNames: finals.map((f) => f.name),
    targetName: target,
    ...(classes ? { classes } : {}),
    featureTypes: finals.map((f) => f.type),
    categories: finals.map((f) => f.categories),
    source: abs,
    notes,
    summary,
  };
}

function categoricalColumn(c: number, name: string, st: ColumnState, text: boolean, buf: Float64Array, n: number, S: number): FinalColumn {
  if (text) {
    const sorted = st.values.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(sorted.map((v, i) => [v, i]));
    return { slot: c, name, type: 'categorical', map: Float64Array.from(st.values, (v) => index.get(v)!), categories: sorted };
  }
  // A numeric column read as categories: codes over its distinct numbers, ascending.
  const set = new Set<number>();
  for (let r = 0; r < n; r++) {
    const v = buf[r * S + c]!;
    if (v === v) set.add(v);
  }
  const sorted = [...set].sort((a, b) => a - b);
  const index = new Map(sorted.map((v, i) => [v, i]));
  for (let r = 0; r < n; r++) {
    const v = buf[r * S + c]!;
    if (v === v) buf[r * S + c] = index.get(v)!;
  }
  return { slot: c, name, type: 'categorical', categories: sorted.map(String) };
}

/**
 * A text column whose non-missing cells are numbers except for at most {@link MAX_NON_NUMBER_SHARE}
 * of them (a typo such as `3.5O`) becomes numeric again: its numbers are written back, the other
 * cells become missing, and a warning names them by line and value.
 */
function mostlyNumeric(reader: CsvReader, c: number, keptRow: (r: number) => boolean, name: string, notes: string[]): void {
  const st = reader.cols[c]!;
  const value = st.values.map((t): number | undefined => {
    const v = parseNumberText(t);
    if (v !== undefined) return v;
    return reader.decimalComma && DECIMAL_COMMA.test(t) ? Number(t.replace(',', '.')) : undefined;
  });
  const S = reader.stride;
  const buf = reader.buf;
  let numbers = 0;
  let others = 0;
  for (let r = 0; r < reader.rows; r++) {
    const code = buf[r * S + c]!;
    if (code !== code || !keptRow(r)) continue;
    if (value[code] === undefined) others++;
    else numbers++;
  }
  if (others === 0 || numbers === 0 || others > MAX_NON_NUMBER_SHARE * (numbers + others)) return;
  const bad: string[] = [];
  let infinite = 0;
  for (let r = 0; r < reader.rows; r++) {
    const i = r * S + c;
    const code = buf[i]!;
    if (code !== code) continue;
    const v = value[code];
    if (v === undefined) {
      if (keptRow(r) && bad.length < 5) bad.push(`line ${reader.lineOf(r)} ${formatValue(st.values[code])}`);
      buf[i] = NaN;
    } else if (!Number.isFinite(v)) {
      infinite++;
      buf[i] = NaN;
    } else buf[i] = v;
  }
  reader.kinds[c] = NUM;
  st.infinite += infinite;
  st.flippedAt = undefined;
  const first = st.values.find((_, k) => value[k] === undefined)!;
  notes.push(
    `Warning: column '${name}' is numeric except for ${others} of its ${numbers + others} values, read as missing: ${bad.join(', ')}${others > bad.length ? `, … (${others - bad.length} more)` : ''}. ` +
      `Fix them in the file, or if such a text means "missing", list it (${optionHint('missing', first)}).`,
  );
}

/**
 * True when a column holds strictly increasing integers with no missing value, as a row index
 * does (pandas' `to_csv` writes 0, 1, 2, …; a filtered frame keeps its gaps; R's `write.csv` starts at 1).
 */
function isRowIndex(buf: Float64Array, n: number, S: number, c: number): boolean {
  let prev = -Infinity;
  for (let r = 0; r < n; r++) {
    const v = buf[r * S + c]!;
    if (!Number.isInteger(v) || v <= prev) return false;
    prev = v;
  }
  return n >= 2;
}

/** The one value (a number, or a text code) of a column among the rows with a target, with its missing count; undefined when it has two or more (or none). */
function constantValue(buf: Float64Array, n: number, S: number, c: number, targetSlot: number): { value: number; missing: number } | undefined {
  let value = NaN;
  let missing = 0;
  for (let r = 0; r < n; r++) {
    const base = r * S;
    if (buf[base + targetSlot] !== buf[base + targetSlot]) continue;
    const v = buf[base + c]!;
    if (v !== v) missing++;
    else if (value !== value) value = v;
    else if (v !== value) return undefined;
  }
  return value === value ? { value, missing } : undefined;
}

/** Number of distinct integers in a column when it holds only integers and at most `max` of them. */
function fewIntegers(buf: Float64Array, n: number, S: number, c: number, max: number): number | undefined {
  const seen = new Set<number>();
  for (let r = 0; r < n; r++) {
    const v = buf[r * S + c]!;
    if (v !== v) continue;
    if (!Number.isInteger(v)) return undefined;
    seen.add(v);
    if (seen.size > max) return undefined;
  }
  return seen.size;
}
