// The two-thread read of a big file (internal/byte-csv.ts `ParallelRead`, internal/csv-worker.ts):
// the worker reads the second part's plain lines into the shared buffer and stops at the first
// other line, which the calling thread reads on from. Every file here is read both ways — by one
// thread, and by two with the size threshold lowered to 0 — and must give the same data set, bit
// for bit, with the same notes, hash and errors (line numbers included). `csvThreads.lastWorkerRows`
// says how many rows the worker read: a plain file must be read mostly by it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Rng, setThreadBudget } from '@mlcompare/core';
import { loadCsv, type Dataset, type LoadCsvOptions } from '../src/index.js';
import { csvThreads } from '../src/internal/csv-threads.js';

const dir = mkdtempSync(join(tmpdir(), 'mlcompare-csv-threads-'));
const defaultMin = csvThreads.minBytes;
beforeAll(() => setThreadBudget(2));
afterAll(() => {
  setThreadBudget(undefined);
  csvThreads.minBytes = defaultMin;
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());
let counter = 0;
function file(text: string): string {
  const p = join(dir, `f${counter++}.csv`);
  writeFileSync(p, text);
  return p;
}

interface Read {
  ds?: Dataset;
  error?: string;
  papa: boolean;
  workerRows: number;
}

async function read(path: string, options: LoadCsvOptions, minBytes: number): Promise<Read> {
  csvThreads.minBytes = minBytes;
  const spy = vi.spyOn(Papa, 'parse');
  try {
    const ds = await loadCsv(path, options);
    return { ds, papa: spy.mock.calls.length > 0, workerRows: csvThreads.lastWorkerRows };
  } catch (err) {
    return { error: (err as Error).message, papa: spy.mock.calls.length > 0, workerRows: csvThreads.lastWorkerRows };
  } finally {
    spy.mockRestore();
    csvThreads.minBytes = defaultMin;
  }
}

/** The data set with X as bits (so -0 and NaN compare exactly). */
function comparable(ds: Dataset): unknown {
  const { X, ...rest } = ds;
  return { ...rest, rows: X.rows, cols: X.cols, bits: Buffer.from(X.data.buffer, X.data.byteOffset, X.rows * X.cols * 8).toString('hex') };
}

/** Reads `text` by one thread and by two; expects the same outcome; returns the two-thread read. */
async function bothWays(text: string, options: LoadCsvOptions): Promise<Read> {
  const path = file(text);
  const one = await read(path, options, Number.POSITIVE_INFINITY);
  const two = await read(path, options, 0);
  expect(one.workerRows).toBe(0);
  expect(two.papa).toBe(one.papa);
  expect(two.error).toEqual(one.error);
  if (one.ds) expect(comparable(two.ds!)).toEqual(comparable(one.ds));
  return two;
}

/** `rows` lines of `cols` numbers and a class label. */
function numeric(rng: Rng, rows: number, cols: number, eol = '\n', cell = (v: number) => String(v)): string[] {
  const lines = [[...Array.from({ length: cols }, (_, j) => `x${j}`), 'y'].join(',')];
  for (let r = 0; r < rows; r++) lines.push([...Array.from({ length: cols }, () => cell(rng.normal(0, 10))), String(rng.int(3))].join(','));
  return lines;
}

// Each two-thread read starts a worker thread (from source: through tsx), slow on a busy machine.
describe('a file read by two threads', { timeout: 120_000 }, () => {
  it('gives the data set one thread gives, the second part read by the worker: LF, CRLF, with or without a last line end', async () => {
    for (const [k, eol] of ['\n', '\r\n', '\n', '\r\n'].entries()) {
      const lines = numeric(new Rng(k), 3000, 5, eol);
      const text = lines.join(eol) + (k < 2 ? eol : '');
      const two = await bothWays(text, { target: 'y' });
      expect(two.ds!.X.rows).toBe(3000);
      // The worker reads the second part, 55 % of the file: about 1,650 rows (all but a last line
      // with no line end).
      expect(two.workerRows).toBeGreaterThan(1550);
      expect(two.workerRows).toBeLessThan(1750);
    }
  });

  it('hands the worker the missing-value numbers: a -999 in the second part is missing, as one thread reads it', async () => {
    const lines = numeric(new Rng(7), 8000, 3, '\n', (v) => v.toFixed(3));
    lines[1800] = '-999,1.5,2,0';
    lines[1900] = '-999.0,1.5,2,1';
    lines[7000] = '-999,1.5,2,0';
    lines[7100] = '-999.0,1.5,2,1';
    const two = await bothWays(lines.join('\n') + '\n', { target: 'y', missing: ['-999'] });
    expect(two.ds!.X.data[6999 * 3]).toBeNaN();
    expect(two.ds!.X.data[7099 * 3]).toBe(-999);
    expect(two.workerRows).toBeGreaterThan(2500); // it stopped at line 7000, not at its start
  });

  it('reads on from the first line the worker does not read: missing cells, text in a numeric column, blank lines, a ragged row', async () => {
    const base = numeric(new Rng(11), 2000, 4);
    const cases: Array<[string, (l: string[]) => void, RegExp | null]> = [
      ['missing cells', (l) => ((l[1500] = '1,,3,NA,1'), (l[1700] = 'nan,2,3,4,0')), null],
      ['text in the second part', (l) => (l[1600] = '1,abc,3,4,2'), null],
      ['text in the first part', (l) => (l[300] = '1,abc,3,4,2'), null],
      ['blank lines then a ragged row', (l) => ((l[1400] = ''), (l[1401] = ''), (l[1800] = '1,2,3,4')), /ragged row at line 1801:/],
      ['a ragged row in the first part and the second', (l) => ((l[200] = '1,2'), (l[1800] = '1,2,3,4')), /ragged row at line 201:/],
      ['a decimal comma', (l) => (l[1500] = '"1,5",2,3,4,0'), null],
    ];
    for (const [name, edit, error] of cases) {
      const lines = [...base];
      edit(lines);
      const two = await bothWays(lines.join('\n') + '\n', { target: 'y' });
      if (error) expect(two.error, name).toMatch(error);
      else expect(two.error, name).toBeUndefined();
    }
  });

  it('leaves a file with a quote in its second part, or a bare \\n in a \\r\\n file, to papaparse', async () => {
    for (const at of [1900, 300]) {
      // A quote in the second part (found by the hash pass) and in the first (the first part's read stops).
      const quoted = numeric(new Rng(3), 4000, 3);
      quoted[at * 2] = '"1",2,3,0';
      expect((await bothWays(quoted.join('\n') + '\n', { target: 'y' })).papa).toBe(true);
    }
    const mixed = numeric(new Rng(4), 2000, 3);
    const text = mixed.slice(0, 1800).join('\r\n') + '\r\n' + mixed.slice(1800).join('\n') + '\n';
    expect((await bothWays(text, { target: 'y' })).papa).toBe(true);
  });

  it('reads lines far shorter or longer than the first thousand: the worker stops when its rows are full, the first part grows its buffer', async () => {
    // The buffer is sized from the first 1,000 lines (long): the rest, short, overflow both halves.
    const rng = new Rng(9);
    const lines = ['a,b,y'];
    for (let r = 0; r < 1000; r++) lines.push(`${rng.normal(0, 1).toPrecision(17)},${rng.normal(0, 1).toPrecision(17)},${rng.int(2)}`);
    for (let r = 0; r < 20000; r++) lines.push(`${rng.int(10)},${rng.int(10)},${rng.int(2)}`);
    const short = await bothWays(lines.join('\n') + '\n', { target: 'y' });
    expect(short.ds!.X.rows).toBe(21000);
    expect(short.workerRows).toBeGreaterThan(0);
    // And the other way: short lines first, long ones after (the worker's share is over-sized).
    const rev = ['a,b,y', ...lines.slice(1001), ...lines.slice(1, 1001)];
    expect((await bothWays(rev.join('\n') + '\n', { target: 'y' })).ds!.X.rows).toBe(21000);
  });

  it('gives the same when the worker is done before the first part is read (its rows must not be overwritten)', async () => {
    // The worker's reading run on the calling thread when it gets its task: its rows are in the
    // shared buffer first, and the first part, longer than its share of the buffer, grows past them.
    csvThreads.inThread = true;
    try {
      const rng = new Rng(10);
      const lines = ['a,b,y'];
      for (let r = 0; r < 1000; r++) lines.push(`${rng.normal(0, 1).toPrecision(17)},${rng.normal(0, 1).toPrecision(17)},${rng.int(2)}`);
      for (let r = 0; r < 20000; r++) lines.push(`${rng.int(10)},${rng.int(10)},${rng.int(2)}`);
      // Long lines up to the middle, then short ones: the first part overruns the worker's first row.
      const mixed = ['a,b,y', ...lines.slice(1, 1001), ...lines.slice(1001, 2001).map((l) => `${l}.25`), ...lines.slice(2001)];
      for (const text of [lines, mixed]) expect((await bothWays(text.join('\n') + '\n', { target: 'y' })).workerRows).toBeGreaterThan(0);
    } finally {
      csvThreads.inThread = false;
    }
  });

  it('random files: numbers in every notation, awkward cells, blank lines, both line ends', async () => {
    const CELLS = ['', 'NA', '?', '-999', ' 2.5', '1,5', '.5', '5.', '+7', 'abc', 'inf', '1e400', '12345678901234567890123'];
    const rng = new Rng(2027);
    let byWorker = 0;
    for (let k = 0; k < 12; k++) {
      const delimiter = [',', ';', '\t'][k % 3]!;
      const eol = k % 4 === 1 ? '\r\n' : '\n';
      const cols = 2 + rng.int(4);
      const lines = [Array.from({ length: cols }, (_, j) => (j === cols - 1 ? 'y' : `x${j}`)).join(delimiter)];
      // Big enough for the first part to hold papaparse's 64 KiB line-end guess (else one thread reads).
      const rows = 6000 + rng.int(2000);
      for (let r = 0; r < rows; r++) {
        if (rng.random() < 0.002) {
          lines.push('');
          continue;
        }
        lines.push(
          Array.from({ length: cols }, (_, j) =>
            j === cols - 1 ? String(rng.int(3)) : rng.random() < 0.9995 ? String(rng.normal(0, 10) * 10 ** (rng.int(9) - 6)) : CELLS[rng.int(CELLS.length)]!,
          ).join(delimiter),
        );
      }
      const two = await bothWays(lines.join(eol) + (k % 2 === 0 ? eol : ''), { target: 'y', missing: k % 3 === 0 ? ['-999'] : [] });
      if (two.workerRows > 0) byWorker++;
    }
    // (A text cell in the first part makes the worker's numbers void: one thread reads on.)
    expect(byWorker).toBeGreaterThanOrEqual(6);
  });

  it('is read by one thread when the first part would not hold the 64 KiB from which papaparse guesses the line ends', async () => {
    // 1,000 short lines (~12 KB): one read guesses '\r\n' from them all, as papaparse does.
    expect((await bothWays(numeric(new Rng(8), 1000, 1, '\r\n').join('\r\n') + '\r\n', { target: 'y' })).workerRows).toBe(0);
  });

  it('is read by one thread when the thread budget is one', async () => {
    const path = file(numeric(new Rng(5), 3000, 3).join('\n') + '\n');
    setThreadBudget(1);
    try {
      expect((await read(path, { target: 'y' }, 0)).workerRows).toBe(0);
    } finally {
      setThreadBudget(2);
    }
    expect((await read(path, { target: 'y' }, 0)).workerRows).toBeGreaterThan(0);
  });
});
