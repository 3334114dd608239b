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
export type ByteReadOutcome = { done: true; hash: string } | { done: false; reason: 'quote' | 'line-ends' };

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

/** Thrown inside the line loop when the file needs papaparse after all. */
class HandBack {
  constructor(readonly reason: 'quote' | 'line-ends') {}
}

/**
 * Reads the whole file into the sink, or stops early when papaparse must read it instead.
 *
 * @param fh - the open file, read from byte 0.
 * @param size - its size in bytes (to size the read block of small files).
 * @param delimiter - the field delimiter (one ASCII byte).
 * @param sink - where the records go.
 * @param hash - a fresh SHA-256, fed every byte of the file when the read completes.
 * @param readError - turns a read error into the caller's error.
 */
export async function readCsvBytes(
  fh: FileHandle,
  size: number,
  delimiter: number,
  sink: ByteSink,
  hash: Hash,
  readError: (err: unknown) => Error,
): Promise<ByteReadOutcome> {
  let block = Buffer.allocUnsafe(Math.min(BLOCK, size) + 2); // room for an end-of-file '\n'
  let len = 0;
  let filePos = 0;
  let crlf = false;
  let first = true;
  const lines = new LineReader(sink, delimiter);
  try {
    for (;;) {
      if (len >= block.length - 2) {
        // A line longer than the block: grow it.
        const bigger = Buffer.allocUnsafe(block.length * 2);
        block.copy(bigger, 0, 0, len);
        block = bigger;
      }
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(block, len, block.length - 2 - len, filePos));
      } catch (err) {
        throw readError(err);
      }
      const fresh = block.subarray(len, len + n);
      if (fresh.indexOf(QUOTE) >= 0) return { done: false, reason: 'quote' };
      hash.update(fresh);
      if (first) {
        if (n === 0) break;
        first = false;
        const guess = guessLineEnds(block.subarray(0, Math.min(len + n, GUESS_BYTES)));
        if (guess === '\r') return { done: false, reason: 'line-ends' };
        crlf = guess === '\r\n';
        lines.crlf = crlf;
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
  } catch (err) {
    if (err instanceof HandBack) return { done: false, reason: err.reason };
    throw err;
  }
  return { done: true, hash: hash.digest('hex') };
}

/** Splits blocks of whole lines into fields and hands them to the sink. */
class LineReader {
  crlf = false;
  /** Index of a '\n' added at the end of the file (not a line end of the file's own). */
  syntheticEnd = -1;
  private slots: Int32Array | null = null;
  private nFile = 0;
  private readonly sink: ByteSink;
  private readonly d: number;

  constructor(sink: ByteSink, delimiter: number) {
    this.sink = sink;
    this.d = delimiter;
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
    return p;
  }
}
