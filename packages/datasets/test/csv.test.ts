import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDelimiter } from '../src/csv.js';
import { formatSummary, loadCsv } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mlcompare-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function file(text: string, name = `f${counter++}.csv`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function loadError(text: string, options: Parameters<typeof loadCsv>[1]): Promise<Error & { code?: string }> {
  const p = file(text);
  try {
    await loadCsv(p, options);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected loadCsv to fail');
}

describe('loadCsv: reading', () => {
  it('detects comma, semicolon and tab delimiters', async () => {
    for (const d of [',', ';', '\t']) {
      const ds = await loadCsv(file(['a', 'b', 'y'].join(d) + '\n' + ['1', '2', 'x'].join(d) + '\n' + ['3', '4', 'z'].join(d) + '\n'), { target: 'y' });
      expect(ds.X.toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(ds.summary!.delimiter).toBe(d);
    }
  });

  it('handles quotes: delimiters, doubled quotes and newlines inside values; counts lines across them', async () => {
    const p = file('name,note,y\n"Smith, J","say ""hi""",a\nLee,"two\nlines",b\nKim,plain,a\n');
    const ds = await loadCsv(p, { target: 'y', categorical: ['name', 'note'] });
    expect(ds.categories[0]).toEqual(['Kim', 'Lee', 'Smith, J']);
    expect(ds.categories[1]).toEqual(['plain', 'say "hi"', 'two\nlines']);
    // Record 3 starts on line 5 because record 2 spans lines 3-4.
    const err = await loadError('a,y\n1,"x\ny"\n2,b\n3\n', { target: 'y' });
    expect(err.message).toMatch(/^The data file '.*' has a ragged row at line 5: the header has 2 columns but this row has 1 values \(the values for 'y' are missing\)/);
  });

  it('keeps header names exactly and strips a byte-order mark', async () => {
    const ds = await loadCsv(file('\uFEFFsepal length (cm), Größe ,温度,y\n1,2,3,a\n4,5,6,b\n'), { target: 'y' });
    expect(ds.featureNames).toEqual(['sepal length (cm)', ' Größe ', '温度']);
  });

  it('streams a file larger than one chunk and finds late text and late errors by line', async () => {
    const lines = ['x,cat,y'];
    for (let i = 0; i < 100_000; i++) lines.push(`${i * 0.5},${i === 50_000 ? 'late' : i % 3},${i % 2 === 0 ? 'even' : 'odd'}`);
    const big = lines.join('\n') + '\n';
    expect(big.length).toBeGreaterThan(1 << 20);
    const ds = await loadCsv(file(big), { target: 'y' });
    expect(ds.X.rows).toBe(100_000);
    expect(ds.X.get(99_999, 0)).toBe(49_999.5);
    // 'cat' is numeric (0, 1, 2) except at line 50002 ('late'): it stays numeric, that cell missing, named in a warning.
    expect(ds.featureTypes).toEqual(['numeric', 'numeric']);
    expect(ds.X.get(50_000, 1)).toBeNaN();
    expect(ds.X.get(49_999, 1)).toBe(49_999 % 3);
    expect(ds.X.get(50_001, 1)).toBe(50_001 % 3);
    expect(ds.notes).toContain(
      "Warning: column 'cat' is numeric except for 1 of its 100000 values, read as missing: line 50002 'late'. Fix them in the file, or if such a text means \"missing\", list it (--missing late or \"missing\": [\"late\"] in a suite).",
    );
    lines[40_001] = '1,2';
    const err = await loadError(lines.join('\n'), { target: 'y' });
    expect(err.message).toMatch(/ragged row at line 40002:/);
  });

  it('reads CRLF line endings', async () => {
    const ds = await loadCsv(file('a,y\r\n1,x\r\n2,z\r\n'), { target: 'y' });
    expect(ds.y).toEqual(['x', 'z']);
    expect(Array.from(ds.X.data)).toEqual([1, 2]);
  });

  it('detects the delimiter from the header, not from decimal commas or quoted text', () => {
    expect(detectDelimiter('a;b;c\n1,5;2,5;3\n')).toBe(';');
    expect(detectDelimiter('"x;y",b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('\uFEFFonly\n1\n')).toBe(',');
  });

  it('reads decimal commas in semicolon files', async () => {
    const ds = await loadCsv(file('a;y\n1,5;2\n-2,25;3\n'), { target: 'y' });
    expect(Array.from(ds.X.data)).toEqual([1.5, -2.25]);
  });
});

describe('loadCsv: column types', () => {
  const text = [
    'id,age,city,joined,member,score,y',
    ...Array.from({ length: 40 }, (_, i) =>
      [`user-${i}`, 20 + i, ['Paris', 'Rome', 'Oslo'][i % 3], `2024-01-${String((i % 28) + 1).padStart(2, '0')}`, i % 2 ? 'true' : 'false', i * 1.5, i % 4 === 0 ? 'yes' : 'no'].join(','),
    ),
  ].join('\n');

  it('infers numeric, categorical (text, booleans), date, and drops identifiers, saying so', async () => {
    const ds = await loadCsv(file(text), { target: 'y' });
    expect(ds.featureNames).toEqual(['age', 'city', 'joined', 'member', 'score']);
    expect(ds.featureTypes).toEqual(['numeric', 'categorical', 'date', 'categorical', 'numeric']);
    expect(ds.categories[1]).toEqual(['Oslo', 'Paris', 'Rome']);
    expect(ds.categories[3]).toEqual(['false', 'true']);
    // Row 0: Paris → code 1, 2024-01-01 → 19723 days since 1970-01-01, 'false' → 0.
    expect(Array.from(ds.X.row(0))).toEqual([20, 1, 19723, 0, 0]);
    expect(ds.notes.some((n) => n.startsWith("Column 'id' was dropped: 40 distinct values in 40 rows"))).toBe(true);
    expect(ds.notes.some((n) => n.startsWith("Column 'joined' holds dates; they are read as days since 1970-01-01"))).toBe(true);
    expect(ds.summary!.columns.find((c) => c.name === 'id')).toMatchObject({ role: 'dropped', type: 'text' });
  });

  it('reads dates with a time and a zone, and keeps impossible calendar dates as text, with or without a time', async () => {
    const ok = await loadCsv(file('t,y\n2024-01-01T12:00:00Z,a\n2024-01-02 06:00,b\n2024-01-01T02:00+02:00,a\n'), { target: 'y' });
    expect(ok.featureTypes).toEqual(['date']);
    expect(Array.from(ok.X.column(0))).toEqual([19723.5, 19724.25, 19723]);
    // Date.parse rolls 2023-02-30T10:00Z over to 2 March; such a column must stay text.
    for (const bad of ['2023-02-30', '2023-02-30T10:00:00Z', '2023-13-01 08:00']) {
      const ds = await loadCsv(file(`t,y\n2023-02-01,a\n${bad},b\n2023-02-03,a\n`), { target: 'y' });
      expect(ds.featureTypes).toEqual(['categorical']);
    }
  });

  it('keeps an identifier-like column named in categorical, and one-hot-able codes for a numeric one', async () => {
    const ds = await loadCsv(file(text), { target: 'y', categorical: ['id', 'age'], drop: ['joined'] });
    expect(ds.featureNames).toEqual(['id', 'age', 'city', 'member', 'score']);
    expect(ds.categories[0]).toHaveLength(40);
    expect(ds.categories[1]![0]).toBe('20');
    expect(ds.X.get(5, 1)).toBe(5);
    expect(ds.notes).toContain("Dropped as asked: 'joined'.");
  });
});

describe('loadCsv: missing values and the target', () => {
  it('keeps missing tokens as NaN (never 0), including user tokens, and counts them', async () => {
    const ds = await loadCsv(file('a,b,y\n,1,x\nNA,NaN,y\nnull,?,x\n-999,2,y\n5,n.d.,x\n'), { target: 'y', missing: ['-999', 'n.d.'], constantColumns: 'keep' });
    const a = ds.X.column(0);
    const b = ds.X.column(1);
    expect(Array.from(a).map(Number.isNaN)).toEqual([true, true, true, true, false]);
    expect(Array.from(b).map(Number.isNaN)).toEqual([false, true, true, false, true]);
    expect(ds.summary!.columns.map((c) => c.missing)).toEqual([4, 3, 0]);
  });

  it('drops rows whose target is missing and counts them', async () => {
    const ds = await loadCsv(file('a,y\n1,x\n2,\n3,NA\n4,z\n'), { target: 'y' });
    expect(ds.y).toEqual(['x', 'z']);
    expect(ds.X.column(0)).toEqual(Float64Array.from([1, 4]));
    expect(ds.summary).toMatchObject({ rowsRead: 4, rowsKept: 2, rowsDroppedMissingTarget: 2 });
    expect(ds.notes).toContain("Dropped 2 of 4 rows whose target 'y' is missing.");
  });

  it('infers the task: text → classification, real numbers → regression, few integers → classification (said, overridable)', async () => {
    const text = await loadCsv(file('a,y\n1,cat\n2,dog\n'), { target: 'y' });
    expect(text.task).toBe('classification');
    const real = await loadCsv(file('a,y\n1,0.5\n2,1.5\n3,1\n'), { target: 'y' });
    expect(real.task).toBe('regression');
    expect(real.y).toEqual([0.5, 1.5, 1]);
    const ints = file('a,y\n1,0\n2,1\n3,2\n4,1\n5,0\n6,2\n');
    const cls = await loadCsv(ints, { target: 'y' });
    expect(cls.task).toBe('classification');
    expect(cls.classes).toEqual([0, 1, 2]);
    expect(cls.notes.some((n) => n.startsWith("The target 'y' has only 3 distinct integer values, so the task is classification; pass --task regression or \"task\": \"regression\" in a suite"))).toBe(true);
    const reg = await loadCsv(ints, { target: 'y', task: 'regression' });
    expect(reg.task).toBe('regression');
    expect(reg.classes).toBeUndefined();
    // As many distinct integers as rows (prices in a tiny file) are numbers, not classes.
    const unique = await loadCsv(file('a,y\n1,250000\n2,900000\n3,180000\n'), { target: 'y' });
    expect(unique.task).toBe('regression');
    expect(unique.notes.some((n) => n.startsWith("The target 'y' holds 3 distinct integers in 3 rows — too many per row to be classes — so the task is regression"))).toBe(true);
    const many = await loadCsv(file('a,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${i}`).join('\n')), { target: 'y' });
    expect(many.task).toBe('regression');
  });
});

describe('loadCsv: errors name the file, the line and the column, and say what to try', () => {
  it('missing file', async () => {
    const err = await loadCsv(join(dir, 'nope.csv'), { target: 'y' }).catch((e: Error & { code: string }) => e);
    expect((err as { code: string }).code).toBe('MLCOMPARE_DATA');
    expect((err as Error).message).toMatch(/^The data file '.*nope\.csv' does not exist \(looked for .*\)\. Check the path/);
  });

  it('empty file and header-only file', async () => {
    expect((await loadError('', { target: 'y' })).message).toMatch(/^The data file '.*' is empty \(0 bytes\)\. Give a CSV file with a header row/);
    expect((await loadError('a,y\n', { target: 'y' })).message).toMatch(/^The data file '.*' has a header but no data rows\./);
  });

  it('ragged rows, too long and too short', async () => {
    const long = await loadError('a,b,y\n1,2,x\n3,4,y,5\n', { target: 'y' });
    expect(long.code).toBe('MLCOMPARE_DATA');
    expect(long.message).toMatch(/ragged row at line 3: the header has 3 columns but this row has 4 values \(it has 1 value\(s\) after the last column 'y'\)\. Check that line/);
    const short = await loadError('a,b,y\n1,2,x\n\n3,4\n', { target: 'y' });
    expect(short.message).toMatch(/ragged row at line 4: .* \(the values for 'y' are missing\)/);
  });

  it('unknown target column lists the columns and suggests a near name', async () => {
    const err = await loadError('Sepal Length,Species\n1,a\n2,b\n', { target: 'species' });
    expect(err.message).toMatch(/^The data file '.*' has no column 'species' \(the target\) in its header \(line 1\)\. Its columns are: 'Sepal Length', 'Species'\. Did you mean 'Species'\?/);
  });

  it("a mistyped column in 'drop' or 'categorical' gets the near name (core's closestName)", async () => {
    const data = 'Sepal Length,colour,Species\n1,red,a\n2,blue,b\n';
    const drop = await loadError(data, { target: 'Species', drop: ['Sepal Lenght'] });
    expect(drop.message).toMatch(/^Option 'drop' passed to 'loadCsv' names column 'Sepal Lenght' \(did you mean 'Sepal Length'\?\), which the data file '.*' does not have\. Its columns are: /);
    // every unknown name at once, each with its own guess (or none)
    const both = await loadError(data, { target: 'Species', drop: ['Sepal Lenght', 'petal', 'colour', 'colur'] });
    expect(both.message).toMatch(/^Option 'drop' passed to 'loadCsv' names 3 columns 'Sepal Lenght' \(did you mean 'Sepal Length'\?\), 'petal', 'colur' \(did you mean 'colour'\?\), which the data file '.*' does not have\. Its columns are: /);
    const cat = await loadError(data, { target: 'Species', categorical: ['color'] });
    expect(cat.message).toMatch(/^Option 'categorical' passed to 'loadCsv' names column 'color' \(did you mean 'colour'\?\), which the data file '.*' does not have\. Its columns are: /);
    const target = await loadError(data, { target: 'Specis' });
    expect(target.message).toMatch(/Did you mean 'Species'\?/);
    const far = await loadError(data, { target: 'Species', drop: ['petal'] });
    expect(far.message).not.toMatch(/Did you mean/);
  });

  it('a target with one class', async () => {
    const err = await loadError('a,y\n1,x\n2,x\n3,\n', { target: 'y' });
    expect(err.message).toMatch(/^The target column 'y' of the data file '.*' has only one class \('x'\) in its 2 rows; a classifier needs at least two/);
  });

  it('a column that is missing in every row', async () => {
    const err = await loadError('a,b,y\n1,,x\n2,NA,z\n', { target: 'y' });
    expect(err.message).toMatch(/^Column 'b' of the data file '.*' is missing in every row .* Leave it out with --drop b or "drop": \["b"\] in a suite\./);
  });

  it('every column missing in every row is named at once, with one --drop that leaves them all out (fertility: 2012, then 2013)', async () => {
    // 'c' holds text only in the row whose target is missing (a text column); 'b' and 'd' are empty.
    const err = await loadError('a,b,c,d,y\n1,,foo,,\n2,NA,,,x\n3,,NA,?,z\n4,,,,x\n', { target: 'y' });
    expect(err.message).toMatch(
      /^Columns 'b', 'c', 'd' of the data file '.*' are missing in every row that has a target .* Leave them out with --drop b,c,d or "drop": \["b","c","d"\] in a suite\./,
    );
    const ok = await loadCsv(file('a,b,c,d,y\n1,,foo,,\n2,NA,,,x\n3,,NA,?,z\n4,,,,x\n'), { target: 'y', drop: ['b', 'c', 'd'] });
    expect(ok.featureNames).toEqual(['a']);
  });

  it('duplicate column names, an unclosed quote, bad option names', async () => {
    expect((await loadError('a,a,y\n1,2,x\n', { target: 'y' })).message).toMatch(/has two columns named 'a' \(columns 1 and 2 of the header, line 1\)\. Rename one/);
    expect((await loadError('a,y\n1,x\n2,"open\n3,z\n', { target: 'y' })).message).toMatch(/has a quoted value that is never closed, starting at line 3 \(column 'y'\)/);
    const bad = await loadError('a,y\n1,x\n', { target: 'y', drop: ['b'] });
    expect(bad.code).toBe('MLCOMPARE_INPUT');
    expect(bad.message).toMatch(/^Option 'drop' passed to 'loadCsv' names column 'b', which the data file '.*' does not have/);
    await expect(loadCsv(file('a,y\n1,x\n'), { target: 'y', delimiter: '|' as ',' })).rejects.toThrow(/^Option 'delimiter' passed to 'loadCsv' must be ',', ';', '\\t', ' ' or 'whitespace'/);
  });

  it('an unclosed quote in the header; a stray quote inside a value is read but noted', async () => {
    expect((await loadError('"a,y\n1,x\n', { target: 'y' })).message).toMatch(/has a quoted value in its header \(line 1\) that is never closed/);
    const ds = await loadCsv(file('a,b,y\n1,"x"y",p\n2,z,q\n'), { target: 'y' });
    expect(ds.categories[1]).toEqual(['x"y', 'z']);
    expect(ds.notes.some((n) => /^1 value\(s\) have a quote in an unexpected place \(first near line 2\)/.test(n))).toBe(true);
  });

  it('a text target asked to be regression', async () => {
    const err = await loadError('a,y\n1,2\n2,oops\n', { target: 'y', task: 'regression' });
    expect(err.message).toMatch(/^The target column 'y' of the data file '.*' holds text \('oops' at line 3\), so it cannot be a regression target/);
  });
});

describe('formatSummary', () => {
  it('prints rows kept and dropped, types, missing counts, class balance and notes', async () => {
    const ds = await loadCsv(file('age,city,y\n30,Paris,yes\n,Rome,no\n41,Paris,\n25,Rome,yes\n'), { target: 'y', name: 'people' });
    const text = formatSummary(ds);
    expect(text).toContain('Data: people — classification, 3 rows, 2 features');
    expect(text).toContain("rows: 4 read, 3 kept, 1 dropped (target 'y' missing)");
    expect(text).toContain("target 'y': 2 classes — no 1 (33.3 %), yes 2 (66.7 %)");
    expect(text).toMatch(/age +numeric, 1 missing \(33\.3 %\)/);
    expect(text).toMatch(/city +categorical, 2 categories, no missing/);
    expect(text).toContain("- Dropped 1 of 4 rows whose target 'y' is missing.");
  });

  it('gives a regression target its mean, sample sd, min and max (from the summary, or computed without one)', async () => {
    const ds = await loadCsv(file('x,y\n1,1.5\n2,2\n3,3\n4,5.5\n5,\n'), { target: 'y', task: 'regression' });
    // mean 3, sample sd sqrt(((1.5)² + 1² + 0² + 2.5²) / 3) = sqrt(9.5 / 3)
    expect(ds.summary!.targetStats).toEqual({ mean: 3, sd: Math.sqrt(9.5 / 3), min: 1.5, max: 5.5 });
    const line = "target 'y': mean 3, sd 1.78, min 1.5, max 5.5";
    expect(formatSummary(ds)).toContain(line);
    const { summary: _, ...bare } = ds;
    expect(formatSummary(bare)).toContain(line);
  });
});

describe('loadCsv: encodings, file hash and a constant target (issue 11)', () => {
  const text = 'a,b,y\n1,2,x\n3,4,z\n5,6,x\n';
  it('refuses UTF-16 files with a byte-order mark, saying so (read as UTF-8 they gave NUL-filled names)', async () => {
    for (const [bom, enc, name] of [
      [Buffer.from([0xff, 0xfe]), 'utf16le', 'UTF-16 \\(little-endian\\)'],
      [Buffer.from([0xfe, 0xff]), 'utf16be', 'UTF-16 \\(big-endian\\)'],
    ] as const) {
      const body = enc === 'utf16le' ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16();
      const p = join(dir, `u16-${enc}.csv`);
      writeFileSync(p, Buffer.concat([bom, body]));
      const err = await loadCsv(p, { target: 'y' }).then(() => null, (e: Error & { code?: string }) => e);
      expect(err?.code).toBe('MLCOMPARE_DATA');
      expect(err?.message).toMatch(new RegExp(`'${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is encoded as ${name} .*reads UTF-8 text only\\. Save it as UTF-8`));
    }
  });

  it('refuses UTF-16 without a byte-order mark and binary files (NUL bytes), naming the byte', async () => {
    const p = join(dir, 'u16-nobom.csv');
    writeFileSync(p, Buffer.from(text, 'utf16le'));
    await expect(loadCsv(p, { target: 'y' })).rejects.toThrow(/holds a NUL byte at byte 1, so it is not UTF-8 text: it looks like UTF-16 without a byte-order mark/);
    const q = join(dir, 'binary.csv');
    writeFileSync(q, Buffer.concat([Buffer.from('PK\u0003\u0004abc'), Buffer.from([0, 1, 2])]));
    await expect(loadCsv(q, { target: 'y' })).rejects.toThrow(/holds a NUL byte at byte 7, so it is not UTF-8 text; it may be a binary file/);
  });

  it('records the SHA-256 of the file bytes: equal for equal bytes, different after an edit that keeps the row count', async () => {
    const { createHash } = await import('node:crypto');
    const a = await loadCsv(file(text), { target: 'y' });
    expect(a.contentHash).toBe(createHash('sha256').update(text).digest('hex'));
    const b = await loadCsv(file(text.replace('5,6', '5,7')), { target: 'y' });
    expect(b.X.rows).toBe(a.X.rows);
    expect(b.contentHash).not.toBe(a.contentHash);
  });

  it('warns when a regression target has one value in every row', async () => {
    const ds = await loadCsv(file('a,y\n1,2.5\n2,2.5\n3,2.5\n4,2.5\n'), { target: 'y', task: 'regression' });
    expect(ds.notes.filter((n) => n.startsWith('Warning:'))).toEqual([
      "Warning: the target 'y' has the same value (2.5) in all 4 rows, so there is nothing to predict: R² is undefined on every fold and every model scores the same. Check that 'y' is the right column.",
    ]);
    expect(formatSummary(ds)).toMatch(/- Warning: the target 'y' has the same value/);
    const varied = await loadCsv(file('a,y\n1,2.5\n2,2.5\n3,2.5\n4,2.6\n'), { target: 'y', task: 'regression' });
    expect(varied.notes.some((n) => n.startsWith('Warning:'))).toBe(false);
  });
});
