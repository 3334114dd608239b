/**
 * The CSV reader's fast path: the file's bytes are read in 1 MiB blocks, split at delimiters and
 * line ends, and each numeric cell is converted from its bytes ({@link parseDecimalBytes}) straight
 * into the sink's Float64Array — no string per cell, no array per row. The SHA-256 of the bytes
 * is computed in the same pass.
 *
 * It reads what papaparse would read the same way, and gives up (the caller then reads the file
 * with papaparse from the start) on anything where the two could differ: a quote character
 * anywhere in the file, `\r` line ends, or a bare `\n` in a file whose lines end with `\r\n`. The
 * line-end style is guessed from the first 64 KiB as papaparse guesses it.
 *
 * A big file is read by two threads (see {@link ParallelRead}): the calling thread reads the
 * first 45 %, a worker thread (csv-worker.ts) the rest into the same shared buffer,
 * and the rows end up as one read would leave them — the worker reads only plain lines (numbers
 * `parseDecimalBytes` reads exactly, the right number of fields) and stops at the first other
 * one, which the calling thread then reads itself, as it reads everything after it.
 */
import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { parseDecimalBytes } from './decimal.js';

/** What the byte reader writes into (the CSV reader of csv.ts). */
export interface ByteSink {
  /**
   * Takes the header's fields (as written, byte-order mark included) and the mean length in bytes
   * of the first data lines; returns the stored slot of each file column (−1: not stored).
   * Throws on a bad header.
   */
  onHeader(fields: string[], bytesPerLine: number): Int32Array;
  /** Kind of each stored slot, 0 = numeric (a column may turn to text while reading). */
  readonly kinds: Uint8Array;
  /** The row-major buffer (replaced when it grows, in {@link ByteSink.beginRow}). */
  readonly buf: Float64Array;
  /** Numbers that are also missing-value texts (`-999`): their cells go through the text path. */
  readonly numericMissingValues: Set<number> | null;
  /** Starts a record; returns the index of its first value in `buf`. */
  beginRow(): number;
  /** Ends the record started last. */
  endRow(): void;
  /**
   * Makes `buf` a view of a SharedArrayBuffer (before the first row), so that a worker can
   * write rows into it; returns the number of rows it holds.
   */
  shareBuffer?(): number;
  /**
   * Limits the rows written through {@link ByteSink.beginRow} to `rows` (the buffer grows into a
   * new, unshared one past it), or lifts the limit (`undefined`).
   */
  limitRows?(rows: number | undefined): void;
  /**
   * Takes `count` rows that a worker wrote into the shared buffer `from` starting at row
   * `fromRow`, as the next rows read (plain lines, one per row).
   */
  adoptRows?(from: Float64Array, fromRow: number, count: number): void;
  /** Counts a blank line. */
  blankLine(): void;
  /** Throws the ragged-row error for a record with this many fields. */
  ragged(fields: number): never;
  /** The value of a numeric cell the fast path could not read (missing, `1,5`, text…). */
  numericCell(slot: number, text: string): number;
  /** The value (a code) of a text cell. */
  textCell(slot: number, text: string): number;
}

/** How {@link readCsvBytes} ended: read, or handed back to papaparse (and why). */
export type ByteReadOutcome = { done: true; hash: string; workerRows: number } | { done: false; reason: 'quote' | 'line-ends' };

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BLOCK = 1 << 20;
/** papaparse guesses the line ends from its first chunk: the first 64 KiB of the stream. */
const GUESS_BYTES = 1 << 16;
/** Data lines sampled after the header to size the sink's buffer. */
const SAMPLE_LINES = 1000;

/**
 * papaparse's line-end guess, on bytes: `\n` when there is no `\r` or a `\n` comes first; else
 * `\r\n` when at least half of the pieces between `\r`s start with `\n`, else `\r`.
 */
export function guessLineEnds(b: Uint8Array): '\n' | '\r\n' | '\r' {
  const firstCr = b.indexOf(CR);
  if (firstCr < 0) return '\n';
  const firstLf = b.indexOf(LF);
  if (firstLf >= 0 && firstLf < firstCr) return '\n';
  let pieces = 1;
  let withLf = b[0] === LF ? 1 : 0;
  for (let i = firstCr; i >= 0; i = b.indexOf(CR, i + 1)) {
    pieces++;
    if (b[i + 1] === LF) withLf++;
  }
  return withLf >= pieces / 2 ? '\r\n' : '\r';
}

/** Thrown inside the line loop when the file needs papaparse after all (exported for the worker). */
export class HandBack {
  constructor(readonly reason: 'quote' | 'line-ends') {}
}

/**
 * How a big file is shared with a worker thread. The worker module is started by the caller
 * (csv.ts, through `startWorker`), so that this module stays free of worker code.
 */
export interface ParallelRead {
  /** The file's path, which the worker opens itself. */
  path: string;
  /** Starts the worker that reads `[start, end)` of the file; see csv-worker.ts. */
  startWorker(): CsvWorkerHandle;
}

/** What the calling thread sees of the worker: its first message and a way to stop it. */
export interface CsvWorkerHandle {
  /** Sends the columns and the shared buffer (once, after the header). */
  post(task: CsvWorkerTask): void;
  /** The worker's answer (never rejects: a failed worker answers `{ kind: 'failed' }`). */
  readonly answer: Promise<CsvWorkerAnswer>;
  /** Stops the worker (no-op once it has answered). */
  stop(): void;
}

/** The worker's task: read the plain lines of `[start, end)` into `shared` from row `firstRow`. */
export interface CsvWorkerTask {
  path: string;
  start: number;
  end: number;
  delimiter: number;
  crlf: boolean;
  /** Stored slot of each file column (−1: not stored). */
  slots: Int32Array;
  stride: number;
  /** Numbers that are missing-value texts: a cell holding one is not plain. */
  missingValues: number[] | null;
  shared: SharedArrayBuffer;
  firstRow: number;
  /** Most rows the worker may write. */
  maxRows: number;
}

/**
 * The worker's answer: it read `rows` plain lines from `start` and stopped at byte `at` (`end`
 * when it read everything, else the start of the first line it left), or the file needs papaparse
 * (`'line-ends'`), or the worker failed (the calling thread reads the second part itself).
 */
export type CsvWorkerAnswer = { kind: 'read'; rows: number; at: number } | { kind: 'line-ends' } | { kind: 'failed'; message: string };

/** Files from this size up are read by two threads (when the thread budget allows two). */
export const PARALLEL_MIN_BYTES = 32 << 20;

/**
 * Reads the whole file into the sink, or stops early when papaparse must read it instead.
 *
 * @param fh - the open file, read from byte 0.
 * @param size - its size in bytes (to size the read block of small files).
 * @param delimiter - the field delimiter (one ASCII byte).
 * @param sink - where the records go.
 * @param hash - a fresh SHA-256, fed every byte of the file when the read completes.
 * @param readError - turns a read error into the caller's error.
 * @param parallel - read the second part of the file in a worker thread (a big file).
 */
export async function readCsvBytes(
  fh: FileHandle,
  size: number,
  delimiter: number,
  sink: ByteSink,
  hash: Hash,
  readError: (err: unknown) => Error,
  parallel?: ParallelRead,
): Promise<ByteReadOutcome> {
  const lines = new LineReader(sink, delimiter);
  const reader = new BlockReader(fh, size, lines, readError);
  try {
    const split = parallel !== undefined && sink.shareBuffer !== undefined ? await splitPoint(fh, size, readError) : -1;
    if (split < 0) {
      const out = await reader.pump(0, size, hash, true);
      return out === 'done' ? { done: true, hash: hash.digest('hex'), workerRows: 0 } : { done: false, reason: out };
    }
    const worker = parallel!.startWorker();
    try {
      let firstRow = 0;
      let shared: SharedArrayBuffer | undefined;
      lines.onColumns = (slots, perLine) => {
        const capacity = sink.shareBuffer!();
        shared = sink.buf.buffer as SharedArrayBuffer;
        // The worker writes from the row where the second part would start if the first had its
        // expected length plus 5 % (the sink's own head room): the rows meet in the middle, and
        // the gap between them is closed by one move at the end.
        const tailRows = Math.ceil(((size - split) / Math.max(perLine, 1)) * 1.05) + 16;
        firstRow = Math.max(0, capacity - tailRows);
        sink.limitRows!(firstRow);
        worker.post({
          path: parallel!.path,
          start: split,
          end: size,
          delimiter,
          crlf: lines.crlf,
          slots,
          stride: sink.kinds.length,
          missingValues: sink.numericMissingValues === null ? null : [...sink.numericMissingValues],
          shared,
          firstRow,
          maxRows: capacity - firstRow,
        });
      };
      // The header ends at or before the split (the first line end from there), so a first part
      // read to its end has called onColumns: `shared` is set below.
      const head = await reader.pump(0, split, hash, true);
      if (head !== 'done') return { done: false, reason: head };
      // The hash and the quote check of the second part, while the worker reads it.
      if (await reader.hashOnly(split, size, hash)) return { done: false, reason: 'quote' };
      const answer = await worker.answer;
      sink.limitRows!(undefined);
      if (answer.kind === 'line-ends') return { done: false, reason: 'line-ends' };
      let from = split;
      let workerRows = 0;
      // A column of the first part that turned to text reads the worker's numbers as text: then
      // the second part is read again here, as one thread would have read it.
      if (answer.kind === 'read' && !sink.kinds.some((k) => k !== 0)) {
        sink.adoptRows!(new Float64Array(shared!), firstRow, answer.rows);
        from = answer.at;
        workerRows = answer.rows;
      }
      const rest = from < size ? await reader.pump(from, size, null, false) : 'done';
      return rest === 'done' ? { done: true, hash: hash.digest('hex'), workerRows } : { done: false, reason: rest };
    } finally {
      worker.stop();
    }
  } catch (err) {
    if (err instanceof HandBack) return { done: false, reason: err.reason };
    throw err;
  }
}

/**
 * The share of the file the calling thread reads: a little under half, because it also takes the
 * SHA-256 of every byte (about a seventh of the parsing time, `--cpu-prof` on 1,000,000 × 20).
 */
const HEAD_SHARE = 0.45;

/** Where the second part starts: just after the first '\n' from {@link HEAD_SHARE} of the file (−1: none). */
async function splitPoint(fh: FileHandle, size: number, readError: (err: unknown) => Error): Promise<number> {
  const mid = Math.floor(size * HEAD_SHARE);
  const probe = Buffer.allocUnsafe(Math.min(1 << 16, size - mid));
  let n: number;
  try {
    ({ bytesRead: n } = await fh.read(probe, 0, probe.length, mid));
  } catch (err) {
    throw readError(err);
  }
  const lf = probe.subarray(0, n).indexOf(LF);
  // The first part must hold papaparse's line-end guess (its first 64 KiB), as one read's does.
  return lf < 0 || mid + lf + 1 >= size || mid < GUESS_BYTES ? -1 : mid + lf + 1;
}

/** Reads byte ranges of the file in blocks and hands the whole lines to a {@link LineReader}. */
class BlockReader {
  private block: Buffer;

  constructor(
    private readonly fh: FileHandle,
    private readonly size: number,
    private readonly lines: LineReader,
    private readonly readError: (err: unknown) => Error,
  ) {
    this.block = Buffer.allocUnsafe(Math.min(BLOCK, size) + 2); // room for an end-of-file '\n'
  }

  /** Reads at most `max` bytes from file offset `at` into the block at `offset`. */
  private async read(at: number, offset: number, max: number): Promise<number> {
    try {
      return (await this.fh.read(this.block, offset, max, at)).bytesRead;
    } catch (err) {
      throw this.readError(err);
    }
  }

  /**
   * Reads the lines of `[from, to)` (`from` a line start, `to` the file's end or a line start).
   * @param hash - fed the bytes read, or null (hashed elsewhere).
   * @param first - the first read of the file: guesses the line ends.
   * @returns `'done'`, or why papaparse must read the file.
   */
  async pump(from: number, to: number, hash: Hash | null, first: boolean): Promise<'done' | 'quote' | 'line-ends'> {
    const lines = this.lines;
    let block = this.block;
    let len = 0;
    let filePos = from;
    for (;;) {
      if (len >= block.length - 2) {
        // A line longer than the block: grow it.
        const bigger = Buffer.allocUnsafe(block.length * 2);
        block.copy(bigger, 0, 0, len);
        this.block = block = bigger;
      }
      const n = await this.read(filePos, len, Math.min(block.length - 2 - len, to - filePos));
      const fresh = block.subarray(len, len + n);
      if (hash !== null) {
        if (fresh.indexOf(QUOTE) >= 0) return 'quote';
        hash.update(fresh);
      }
      if (first) {
        if (n === 0) break;
        first = false;
        const guess = guessLineEnds(block.subarray(0, Math.min(len + n, GUESS_BYTES)));
        if (guess === '\r') return 'line-ends';
        lines.crlf = guess === '\r\n';
      }
      len += n;
      filePos += n;
      const eof = n === 0;
      let stop: number;
      if (eof) {
        if (len === 0) break;
        if (block[len - 1] !== LF) {
          // The last line has no line end: give it one, so that every line ends with '\n' (a
          // '\r' before it stays part of the value, as papaparse keeps it).
          block[len] = LF;
          lines.syntheticEnd = len;
          stop = len + 1;
        } else stop = len;
      } else stop = block.lastIndexOf(LF, len - 1) + 1;
      if (stop > 0) {
        lines.read(block, stop);
        block.copyWithin(0, stop, len);
        len -= Math.min(stop, len);
      }
      if (eof) break;
    }
    return 'done';
  }

  /** Hashes `[from, to)` and looks for a quote character in it (true: found, stop). */
  async hashOnly(from: number, to: number, hash: Hash): Promise<boolean> {
    for (let at = from; at < to; ) {
      const n = await this.read(at, 0, Math.min(this.block.length, to - at));
      if (n === 0) break;
      const fresh = this.block.subarray(0, n);
      if (fresh.indexOf(QUOTE) >= 0) return true;
      hash.update(fresh);
      at += n;
    }
    return false;
  }
}

/** Splits blocks of whole lines into fields and hands them to the sink. */
export class LineReader {
  crlf = false;
  /** Index of a '\n' added at the end of the file (not a line end of the file's own). */
  syntheticEnd = -1;
  /** Where the record being read starts in the block (for a worker that stops at it). */
  rowStart = 0;
  /** Called once the header is read, with the slots and the mean bytes per data line. */
  onColumns: ((slots: Int32Array, bytesPerLine: number) => void) | undefined;
  private slots: Int32Array | null = null;
  private nFile = 0;
  private readonly sink: ByteSink;
  private readonly d: number;

  constructor(sink: ByteSink, delimiter: number) {
    this.sink = sink;
    this.d = delimiter;
  }

  /** Sets the columns without a header line (a worker reading the second part). */
  setColumns(slots: Int32Array): void {
    this.slots = slots;
    this.nFile = slots.length;
  }

  /** Index of the end of the field starting at p: the delimiter, the '\n', or the '\r' of a '\r\n'. */
  private fieldEnd(b: Buffer, p: number): number {
    const d = this.d;
    let i = p;
    for (;;) {
      const c = b[i]!;
      if (c === d || c === LF) break;
      if (c === CR && this.crlf && b[i + 1] === LF && i + 1 !== this.syntheticEnd) break;
      i++;
    }
    return i;
  }

  /** True when the byte at q ends a line (a '\n', or the '\r' of a '\r\n'). */
  private lineEndAt(b: Buffer, q: number): boolean {
    const c = b[q];
    return c === LF || (c === CR && this.crlf && b[q + 1] === LF && q + 1 !== this.syntheticEnd);
  }

  /** Reads the lines of b[0, stop); every one of them ends with '\n'. */
  read(b: Buffer, stop: number): void {
    let p = 0;
    if (this.slots === null) {
      p = this.header(b, stop);
    }
    const sink = this.sink;
    const slots = this.slots!;
    const kinds = sink.kinds;
    const nFile = this.nFile;
    const d = this.d;
    const crlf = this.crlf;
    const missingValues = sink.numericMissingValues;
    while (p < stop) {
      this.rowStart = p;
      let c = b[p]!;
      if (crlf && c === LF && p !== this.syntheticEnd) throw new HandBack('line-ends');
      if (nFile !== 1 && (c === LF || (c === CR && crlf && b[p + 1] === LF && p + 1 !== this.syntheticEnd))) {
        sink.blankLine();
        p += c === LF ? 1 : 2;
        continue;
      }
      const base = sink.beginRow();
      const buf = sink.buf;
      let field = 0;
      for (;;) {
        const slot = field < nFile ? slots[field]! : -1;
        let q: number;
        if (slot >= 0 && kinds[slot] === 0) {
          const at = base + slot;
          q = parseDecimalBytes(b, p, buf, at);
          c = q >= 0 ? b[q]! : 0;
          if (q >= 0 && (c === d || c === LF || (c === CR && this.lineEndAt(b, q))) && buf[at]! - buf[at]! === 0) {
            if (missingValues !== null && missingValues.has(buf[at]!)) buf[at] = sink.numericCell(slot, b.toString('utf8', p, q));
          } else {
            // Not a plain finite number filling the field: missing, `inf`, `1,5`, text…
            q = this.fieldEnd(b, p);
            buf[at] = sink.numericCell(slot, b.toString('utf8', p, q));
          }
        } else {
          q = this.fieldEnd(b, p);
          if (slot >= 0) buf[base + slot] = sink.textCell(slot, b.toString('utf8', p, q));
        }
        field++;
        c = b[q]!;
        if (c === d) {
          p = q + 1;
          continue;
        }
        // A line end: '\n', or '\r\n'. In a '\r\n' file a bare '\n' is papaparse's business.
        if (crlf && c === LF && q !== this.syntheticEnd) throw new HandBack('line-ends');
        p = c === CR ? q + 2 : q + 1;
        break;
      }
      if (field !== nFile) sink.ragged(field);
      sink.endRow();
    }
  }

  /** Reads the header line (when whole in b[0, stop)); returns where the data starts. */
  private header(b: Buffer, stop: number): number {
    const fields: string[] = [];
    let p = 0;
    for (;;) {
      const q = this.fieldEnd(b, p);
      fields.push(b.toString('utf8', p, q));
      if (b[q] === this.d) {
        p = q + 1;
        continue;
      }
      if (this.crlf && b[q] === LF && q !== this.syntheticEnd) throw new HandBack('line-ends');
      p = b[q] === CR ? q + 2 : q + 1;
      break;
    }
    // Mean bytes per data line over the first lines in this block.
    let lines = 0;
    let end = p;
    while (lines < SAMPLE_LINES && end < stop) {
      end = b.indexOf(LF, end) + 1;
      lines++;
    }
    const perLine = lines > 0 ? (end - p) / lines : 8 * fields.length;
    this.slots = this.sink.onHeader(fields, perLine);
    this.nFile = fields.length;
    this.onColumns?.(this.slots, perLine);
    return p;
  }
}
