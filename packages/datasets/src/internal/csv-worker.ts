/**
 * The worker thread of a two-thread CSV read (see `ParallelRead` in byte-csv.ts): reads the plain
 * lines of the second part of the file into the shared buffer, and stops at the first line that
 * is not plain — a cell that is not a number `parseDecimalBytes` reads exactly (missing, text, a
 * missing-value number, `1,5`), a blank line, a line with too few or too many fields — or when
 * its rows are full. The calling thread reads from there on, with everything one read does
 * (notes, text columns, errors with their line numbers).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { HandBack, LineReader, type ByteSink, type CsvWorkerAnswer, type CsvWorkerTask } from './byte-csv.js';

const LF = 10;
const BLOCK = 1 << 20;

/** Thrown by the sink at the first line that is not plain. */
class Stop {}

/** A sink that takes plain lines only. */
class PlainRows implements ByteSink {
  readonly kinds: Uint8Array;
  readonly buf: Float64Array;
  readonly numericMissingValues: Set<number> | null;
  rows = 0;

  constructor(private readonly task: CsvWorkerTask) {
    this.kinds = new Uint8Array(task.stride);
    this.buf = new Float64Array(task.shared);
    this.numericMissingValues = task.missingValues === null ? null : new Set(task.missingValues);
  }

  onHeader(): Int32Array {
    throw new Stop();
  }
  beginRow(): number {
    if (this.rows === this.task.maxRows) throw new Stop();
    return (this.task.firstRow + this.rows) * this.task.stride;
  }
  endRow(): void {
    this.rows++;
  }
  blankLine(): void {
    throw new Stop();
  }
  ragged(): never {
    throw new Stop();
  }
  numericCell(): number {
    throw new Stop();
  }
  textCell(): number {
    throw new Stop();
  }
}

/**
 * Reads the task's range; see the module's comment. (piscina calls it in the worker thread.)
 * @param task - the range, the columns and the shared buffer.
 * @returns the rows read and where it stopped.
 */
export default function readPlainLines(task: CsvWorkerTask): CsvWorkerAnswer {
  const sink = new PlainRows(task);
  const lines = new LineReader(sink, task.delimiter);
  lines.crlf = task.crlf;
  lines.setColumns(task.slots);
  const fd = openSync(task.path, 'r');
  let block = Buffer.allocUnsafe(BLOCK);
  let len = 0;
  let blockAt = task.start; // file offset of block[0]
  try {
    for (;;) {
      if (len === block.length) {
        const bigger = Buffer.allocUnsafe(block.length * 2);
        block.copy(bigger, 0, 0, len);
        block = bigger;
      }
      const n = readSync(fd, block, len, Math.min(block.length - len, task.end - blockAt - len), blockAt + len);
      len += n;
      const stop = block.lastIndexOf(LF, len - 1) + 1;
      if (stop > 0) {
        try {
          lines.read(block, stop);
        } catch (err) {
          if (err instanceof Stop) return { kind: 'read', rows: sink.rows, at: blockAt + lines.rowStart };
          throw err;
        }
        block.copyWithin(0, stop, len);
        len -= stop;
        blockAt += stop;
      }
      // The end of the range, or a last line with no line end (the calling thread reads it).
      if (n === 0 || blockAt + len >= task.end) return { kind: 'read', rows: sink.rows, at: blockAt };
    }
  } catch (err) {
    if (err instanceof HandBack) return { kind: 'line-ends' };
    throw err;
  } finally {
    closeSync(fd);
  }
}
