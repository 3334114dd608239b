// The byte path (src/internal/byte-csv.ts) against papaparse: the same file read both ways must
// give the same data set, bit for bit, with the same notes, summary and errors. papaparse is made
// to read a copy by quoting one header name (a quote anywhere hands the file to papaparse; the
// quotes go, the name stays). A spy on papaparse checks which path read each file.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Rng } from '@mlcompare/core';
import { loadCsv, type Dataset, type LoadCsvOptions } from '../src/index.js';
import { guessLineEnds } from '../src/internal/byte-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'mlcompare-csv-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
let counter = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `f${counter++}.csv`);
  writeFileSync(p, text);
  return p;
}

/** Loads a file and says whether papaparse read it. */
async function loadWith(path: string, options: LoadCsvOptions): Promise<{ ds?: Dataset; error?: string; papa: boolean }> {
  const spy = vi.spyOn(Papa, 'parse');
  try {
    const ds = await loadCsv(path, options);
    return { ds, papa: spy.mock.calls.length > 0 };
  } catch (err) {
    return { error: (err as Error).message.replaceAll(path, 'FILE'), papa: spy.mock.calls.length > 0 };
  } finally {
    spy.mockRestore();
  }
}

/** The data set without what names its file, with X as bits (so -0 and NaN compare exactly). */
function comparable(ds: Dataset): unknown {
  const { source: _s, contentHash: _h, X, name: _n, ...rest } = ds;
  return { ...rest, rows: X.rows, cols: X.cols, bits: Buffer.from(X.data.buffer, X.data.byteOffset, X.rows * X.cols * 8).toString('hex') };
}

/** Reads `text` by the byte path and, with its first header name quoted, by papaparse; expects both the same. */
async function bothWays(text: string, options: LoadCsvOptions): Promise<{ ds?: Dataset; error?: string }> {
  const bytePath = await loadWith(file(text), options);
  // The header's last name quoted (the first may follow a byte-order mark, where a quote is text).
  const quoted = text.replace(/([^,;\t\r\n]*)(\r?\n|$)/, '"$1"$2');
  const papaPath = await loadWith(file(quoted), options);
  expect(bytePath.papa, 'the byte path read the plain file').toBe(false);
  expect(papaPath.papa, 'papaparse read the quoted copy').toBe(true);
  expect(bytePath.error).toEqual(papaPath.error);
  if (bytePath.ds) expect(comparable(bytePath.ds)).toEqual(comparable(papaPath.ds!));
  return bytePath;
}

const CELLS = ['0', '-0', '1.5', '-12.345678901234567', '1.2345678901234567e-05', '1e400', '-1e400', '', 'NA', '?', '-999', ' 2.5', '3.5 ', '1,5', '.5', '5.', '+7', 'abc', '2024-03-01', '0x10', 'inf', '12345678901234567890123'];

describe('the byte path reads what papaparse reads', () => {
  it('random files: numbers in every notation, missing texts, typos, text, blank lines, CRLF or LF, a BOM, with or without a last line end', async () => {
    const rng = new Rng(2026);
    for (let k = 0; k < 24; k++) {
      const delimiter = [',', ';', '\t'][k % 3]!;
      const eol = k % 4 === 1 ? '\r\n' : '\n';
      const cols = 2 + rng.int(4);
      const header = Array.from({ length: cols }, (_, j) => (j === cols - 1 ? 'y' : `x${j}`));
      const lines = [(k % 5 === 0 ? '\uFEFF' : '') + header.join(delimiter)];
      const rows = 30 + rng.int(40);
      for (let r = 0; r < rows; r++) {
        if (rng.random() < 0.05) {
          lines.push('');
          continue;
        }
        const cells = header.map((_, j) => {
          if (j === cols - 1) return String(rng.int(3));
          // Mostly numbers; now and then one of the awkward cells.
          return rng.random() < 0.85 ? String(rng.normal(0, 10) * 10 ** (rng.int(9) - 6)) : CELLS[rng.int(CELLS.length)]!;
        });
        lines.push(cells.join(delimiter));
      }
      const text = lines.join(eol) + (k % 2 === 0 ? eol : '');
      await bothWays(text, { target: 'y', missing: k % 3 === 0 ? ['-999'] : [] });
    }
  });

  it('gives the same errors, with the same line numbers: ragged rows after blank lines, an unknown target', async () => {
    const ragged = await bothWays('a,b,y\n1,2,p\n\n\n3,4,q\n5,6\n7,8,q\n', { target: 'y' });
    expect(ragged.error).toMatch(/ragged row at line 6:/);
    const extra = await bothWays('a,b,y\r\n1,2,p\r\n3,4,q,9\r\n', { target: 'y' });
    expect(extra.error).toMatch(/ragged row at line 3: .* \(it has 1 value\(s\) after the last column 'y'\)/);
    expect((await bothWays('a,b,y\n1,2,p\n', { target: 'z' })).error).toMatch(/has no column 'z'/);
    expect((await bothWays('\n1,2\n', { target: 'y' })).error).toMatch(/has an empty first line/);
    expect((await bothWays('a,b,y', { target: 'y' })).error).toMatch(/has a header but no data rows/);
  });

  it('keeps a \\r before the last line end of a file without one, and a \\r inside an LF file, as papaparse does', async () => {
    // (Text values are then trimmed, '\r' included; a number with a '\r' goes the careful way.)
    // (Enough '\r\n' for papaparse's guess: at least half the pieces between '\r's start with '\n'.)
    const ds = (await bothWays('a,b,y\r\n1,x,p\r\n2,x,q\r\n3,x,p\r\n4\r,x\r,p\r', { target: 'y' })).ds!;
    expect(Array.from(ds.X.data)).toEqual([1, 2, 3, 4]);
    expect(ds.y).toEqual(['p', 'q', 'p', 'p']);
    const lf = (await bothWays('a,b,y\n1\r,x\r,p\n2,z,q\r\n', { target: 'y', categorical: ['b'] })).ds!;
    expect(Array.from(lf.X.data)).toEqual([1, 0, 2, 1]);
    expect(lf.y).toEqual(['p', 'q']);
  });

  it('reads a one-column file and a line longer than its 1 MiB read block', async () => {
    // One column: a blank line is a record (a missing target), not a blank line; no feature is left.
    expect((await bothWays('y\n1\n2\n\n3\n', { target: 'y', task: 'regression' })).error).toMatch(/has no feature column left besides the target 'y'/);
    const long = 'x'.repeat(1_500_000);
    const ds = (await bothWays(`t,a,y\n${long},1,p\nshort,2,q\n${long},3,p\nshort,4,q\n`, { target: 'y', categorical: ['t'] })).ds!;
    expect(ds.categories[0]).toEqual(['short', long]);
    expect(Array.from(ds.X.data)).toEqual([1, 1, 0, 2, 1, 3, 0, 4]);
  });
});

describe('the byte path', () => {
  it('reads every cell as Number() reads it, bit for bit, and a number beyond the double range as an infinite value (missing, with a note)', async () => {
    const rng = new Rng(5);
    const texts: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const v = rng.normal(0, 1) * 10 ** (rng.int(40) - 20);
      texts.push([String(v), v.toPrecision(17), v.toExponential(18)][i % 3]!);
    }
    const lines = ['a,y', ...texts.map((t, i) => `${t},${i % 2}`), '1e400,0', '-1e999,1'];
    const { ds, papa } = await loadWith(file(lines.join('\n')), { target: 'y' });
    expect(papa).toBe(false);
    const got = Array.from(ds!.X.data);
    expect(got.slice(0, texts.length).map((v, i) => Object.is(v, Number(texts[i])))).not.toContain(false);
    expect(got.slice(texts.length)).toEqual([NaN, NaN]);
    expect(ds!.notes).toContain("Column 'a': 2 infinite values ('inf') are read as missing.");
  });

  it('reads a missing-value text that is a number (-999) as missing, but not another text of the same number (-999.0)', async () => {
    const { ds, papa } = await loadWith(file('a,b,y\n1,5,p\n-999,6,q\n-999.0,7,p\n3,-999,q\n'), { target: 'y', missing: ['-999'] });
    expect(papa).toBe(false);
    expect(Array.from(ds!.X.data)).toEqual([1, 5, NaN, 6, -999, 7, 3, NaN]);
  });

  it('records the SHA-256 of the file bytes, as papaparse\'s path does after its extra pass', async () => {
    const text = 'a,b,y\n1,2,p\n3,4,q\n';
    for (const t of [text, text.replace('a', '"a"'), text.replaceAll('\n', '\r')]) {
      const p = file(t);
      const ds = await loadCsv(p, { target: 'y' });
      expect(ds.contentHash).toBe(createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  });

  it('hands a file to papaparse for quotes anywhere (even late), \\r line ends, or a bare \\n in a CRLF file', async () => {
    const late = ['a,y', ...Array.from({ length: 200_000 }, (_, i) => `${i},${i % 2 ? 'p' : 'q'}`), '5,"p"'].join('\n');
    const r1 = await loadWith(file(late), { target: 'y' });
    expect(r1.papa).toBe(true);
    expect(r1.ds!.X.rows).toBe(200_001);
    const r2 = await loadWith(file('a,y\r1,p\r2,q\r'), { target: 'y' });
    expect(r2.papa).toBe(true);
    expect(Array.from(r2.ds!.X.data)).toEqual([1, 2]);
    const r3 = await loadWith(file('a,y\r\n1,p\r\n2,q\n3,p\r\n'), { target: 'y' });
    expect(r3.papa).toBe(true);
    expect(r3.error).toMatch(/ragged row at line 3: the header has 2 columns but this row has 3 values/); // papaparse splits at '\r\n' only: '2,q\n3,p'
  });

  it('guesses line ends as papaparse does', () => {
    const g = (s: string): string => guessLineEnds(Buffer.from(s));
    expect(g('a\nb\r\nc')).toBe('\n'); // a '\n' comes first
    expect(g('a\r\nb\r\nc\rd')).toBe('\r\n'); // 2 of 4 pieces start with '\n'
    expect(g('a\r\nb\rc\rd')).toBe('\r'); // 1 of 4
    expect(g('abc')).toBe('\n');
  });
});
