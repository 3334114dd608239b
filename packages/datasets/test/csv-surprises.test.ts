// What real files do that a user does not expect to matter (issue 12, "CSV surprises"): a pandas
// row index, a whitespace-separated or aligned file, one typo in a numeric column, a constant
// column. The fixtures in test/fixtures/ were written by pandas 1.5.3 from scikit-learn 1.2.1's
// iris and wine (/usr/bin/python3: read_csv + to_csv / to_string), not by hand.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_NON_NUMBER_SHARE, formatSummary, loadCsv, loadDataset, type LoadCsvOptions } from '../src/index.js';
import { detectDelimiter } from '../src/csv.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mlcompare-csv-surprise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function file(text: string): string {
  const p = join(dir, `s${counter++}.csv`);
  writeFileSync(p, text);
  return p;
}
const load = (text: string, options: LoadCsvOptions): ReturnType<typeof loadCsv> => loadCsv(file(text), options);

describe('a pandas row index', () => {
  it.each([
    ['iris-pandas-index.csv', '', 0, 'with no name'],
    ['iris-unnamed-0.csv', 'Unnamed: 0', 0, "'Unnamed: 0'"],
    ['iris-filtered-index.csv', '', 50, 'with no name'],
  ])('%s: the first column is dropped with a note; the rest is the data', async (name, column, first, said) => {
    const ds = await loadCsv(fixture(name), { target: 'target' });
    expect(ds.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(ds.notes).toContain(
      `Column ${said} (the first) was dropped: it counts the rows ${first}, ${first + 1}, … — a row index as pandas' to_csv writes it, not a feature.`,
    );
    expect(ds.summary!.columns[0]).toEqual({ name: column, role: 'dropped', type: 'numeric', missing: 0, reason: 'row index (pandas to_csv)' });
    // the same values as the data without the index
    const iris = await loadDataset('iris');
    const rows = iris.X.rows - first;
    expect(ds.X.rows).toBe(rows);
    expect(Array.from(ds.X.data)).toEqual(Array.from(iris.X.data.subarray(first * 4)));
  });
  it('the summary names a column with no name "(no name)", not a blank (statsmodels spector saved by to_csv)', async () => {
    const text = formatSummary(await loadCsv(fixture('iris-pandas-index.csv'), { target: 'target' }));
    expect(text).toMatch(/^ {4}\(no name\) +dropped: row index \(pandas to_csv\)$/m);
    expect(text).not.toMatch(/^ {4} +dropped/m);
  });
  it('a first column that is not a row index stays a feature, named or not', async () => {
    const notIncreasing = await load(',a,y\n0,1,p\n2,2,q\n1,3,p\n3,4,q\n', { target: 'y' });
    expect(notIncreasing.featureNames).toEqual(['', 'a']);
    const repeated = await load(',a,y\n0,1,p\n1,2,q\n1,3,p\n2,4,q\n', { target: 'y' });
    expect(repeated.featureNames).toEqual(['', 'a']);
    const withMissing = await load(',a,y\n0,1,p\nNA,2,q\n2,3,p\n3,4,q\n', { target: 'y' });
    expect(withMissing.featureNames).toEqual(['', 'a']);
    const fraction = await load(',a,y\n0,1,p\n1.5,2,q\n2,3,p\n3,4,q\n', { target: 'y' });
    expect(fraction.featureNames).toEqual(['', 'a']);
    const named = await load('id,a,y\n0,1,p\n1,2,q\n2,3,p\n3,4,q\n', { target: 'y' });
    expect(named.featureNames).toEqual(['id', 'a']);
    const notFirst = await load('a,,y\n5,0,p\n1,1,q\n2,2,p\n3,3,q\n', { target: 'y' });
    expect(notFirst.featureNames).toEqual(['a', '']);
  });
});

describe('whitespace-separated files', () => {
  it("pandas' to_csv(sep=' ') with quoted names: one space, detected", async () => {
    const ds = await loadCsv(fixture('iris-space.csv'), { target: 'target' });
    expect(ds.summary!.delimiter).toBe(' ');
    expect(ds.notes).toContain('Fields are separated by one space (detected).');
    expect(ds.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(Array.from(ds.X.data)).toEqual(Array.from((await loadDataset('iris')).X.data));
  });
  it("aligned columns (pandas' to_string): runs of blanks, detected; the values are wine's", async () => {
    const ds = await loadCsv(fixture('wine-aligned.txt'), { target: 'target' });
    expect(ds.summary!.delimiter).toBe('whitespace');
    expect(ds.notes).toContain('Fields are separated by runs of spaces or tabs (detected).');
    const wine = await loadDataset('wine');
    expect(ds.featureNames).toEqual(wine.featureNames);
    expect(Array.from(ds.X.data)).toEqual(Array.from(wine.X.data));
    expect(ds.y).toEqual(wine.y);
    const asked = await loadCsv(fixture('wine-aligned.txt'), { target: 'target', delimiter: 'whitespace' });
    expect(asked.notes).toContain('Fields are separated by runs of spaces or tabs.');
  });
  it('quoted values keep their blanks; leading, trailing and mixed blanks separate nothing; a quote state crosses chunks', async () => {
    const rows = ['  "a b"\t  c   y  '];
    for (let i = 0; i < 16000; i++) rows.push(`\t"x  ${i % 3}\t"   ${i}  ${i % 2 ? 'p' : 'q'}   `);
    const text = rows.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(3 * (1 << 16)); // several read chunks
    const ds = await load(text, { target: 'y', delimiter: 'whitespace' });
    expect(ds.featureNames).toEqual(['a b', 'c']);
    expect(ds.categories[0]).toEqual(['x  0', 'x  1', 'x  2']); // inner blanks kept (text values are trimmed at the ends, as in every file)
    expect(ds.X.rows).toBe(16000);
    expect(ds.X.get(15999, 1)).toBe(15999);
    expect(ds.y.slice(0, 2)).toEqual(['q', 'p']);
  });
  it('detection: one space, runs of blanks, or neither', () => {
    expect(detectDelimiter('a b c\n1 2 3\n')).toBe(' ');
    expect(detectDelimiter('"a b" c\n1 2\n')).toBe(' ');
    expect(detectDelimiter('  a   b\n 1.5  2\n')).toBe('whitespace');
    expect(detectDelimiter('a\t\tb\n1\t\t2\n')).toBe('\t');
    // a one-column file whose name holds a space
    expect(detectDelimiter('sepal length\n5.1\n')).toBe(',');
    expect(detectDelimiter('a  b\n1\n')).toBe(',');
  });
});

describe('a numeric column with a few cells that are not numbers', () => {
  const column = (numbers: number, bad: string[]): string => {
    const lines = ['v,y'];
    for (let i = 0; i < numbers; i++) lines.push(`${i + 0.5},${i % 2 ? 'p' : 'q'}`);
    for (const b of bad) lines.push(`${b},p`);
    return lines.join('\n') + '\n';
  };
  it(`stays numeric up to ${MAX_NON_NUMBER_SHARE * 100} % of its values; the cells become missing, named by line and value`, async () => {
    expect(MAX_NON_NUMBER_SHARE).toBe(0.05);
    const ds = await load(column(19, ['3.5O']), { target: 'y' }); // 1 of 20 = 5 %
    expect(ds.featureTypes).toEqual(['numeric']);
    expect(ds.X.get(19, 0)).toBeNaN();
    expect(ds.X.get(18, 0)).toBe(18.5);
    expect(ds.summary!.columns[0]).toMatchObject({ type: 'numeric', missing: 1 });
    expect(ds.notes).toContain(
      `Warning: column 'v' is numeric except for 1 of its 20 values, read as missing: line 21 '3.5O'. Fix them in the file, or if such a text means "missing", list it (--missing 3.5O or "missing": ["3.5O"] in a suite).`,
    );
    const text = await load(column(18, ['3.5O']), { target: 'y' }); // 1 of 19 > 5 %
    expect(text.featureTypes).toEqual(['categorical']);
    expect(text.notes.some((n) => n.startsWith("Column 'v' looked numeric until line 20 ('3.5O')"))).toBe(true);
  });
  it('missing cells do not count; a named categorical column stays categories; the target is not touched', async () => {
    const ds = await load(column(19, ['3.5O', 'NA', 'NA']), { target: 'y' });
    expect(ds.featureTypes).toEqual(['numeric']);
    expect(ds.summary!.columns[0]).toMatchObject({ missing: 3 });
    const asked = await load(column(19, ['3.5O']), { target: 'y', categorical: ['v'] });
    expect(asked.featureTypes).toEqual(['categorical']);
    expect(asked.categories[0]).toContain('3.5O');
    const target = await load(['a,y', ...Array.from({ length: 30 }, (_, i) => `${i},${i === 7 ? 'x' : i}`)].join('\n'), { target: 'y' });
    expect(target.task).toBe('classification');
  });
  it('lines are right after blank lines and quoted newlines; at most five are listed; the infinite ones are said', async () => {
    const lines = ['v,w,y', '1,"two\nlines",p', '', '2,a,q'];
    for (let i = 0; i < 200; i++) lines.push(`${i},a,${i % 2 ? 'p' : 'q'}`);
    for (const b of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'inf']) lines.push(`${b},a,p`);
    const ds = await load(lines.join('\n') + '\n', { target: 'y' });
    // data line k (1-based among records) is on file line k + 2: header, the quoted newline, the blank line
    expect(ds.notes).toContain(
      `Warning: column 'v' is numeric except for 6 of its 209 values, read as missing: line 206 'x1', line 207 'x2', line 208 'x3', line 209 'x4', line 210 'x5', … (1 more). Fix them in the file, or if such a text means "missing", list it (--missing x1 or "missing": ["x1"] in a suite).`,
    );
    expect(ds.notes).toContain("Column 'v': 1 infinite values ('inf') are read as missing.");
    expect(ds.X.get(208, 0)).toBeNaN();
    expect(readFileSync(ds.source, 'utf8').split('\n')[205]).toBe('x1,a,p');
  });
  it('a decimal comma in a ;-file counts as a number', async () => {
    const lines = ['v;y'];
    for (let i = 0; i < 30; i++) lines.push(`${i},5;${i % 2 ? 'p' : 'q'}`);
    lines.push('oops;p');
    const ds = await load(lines.join('\n'), { target: 'y' });
    expect(ds.featureTypes).toEqual(['numeric']);
    expect(ds.X.get(3, 0)).toBe(3.5);
    expect(ds.X.get(30, 0)).toBeNaN();
  });
});

describe('constant columns', () => {
  it('are dropped with a note: numbers, texts, and one value among missing cells', async () => {
    const ds = await load('a,c,t,m,y\n1,7,u,NA,p\n2,7,u,3,q\n3,7,u,NA,p\n4,7,u,3,q\n', { target: 'y' });
    expect(ds.featureNames).toEqual(['a']);
    expect(ds.notes).toContain("Column 'c' was dropped: it holds the same value (7) in every row, so it tells no rows apart.");
    expect(ds.notes).toContain("Column 't' was dropped: it holds the same value ('u') in every row, so it tells no rows apart.");
    expect(ds.notes).toContain("Column 'm' was dropped: it holds the same value (3) in every row where it is not missing (2 missing), so it tells no rows apart.");
    expect(ds.summary!.columns.map((c) => [c.name, c.role, c.reason])).toEqual([
      ['a', 'feature', undefined],
      ['c', 'dropped', 'constant'],
      ['t', 'dropped', 'constant'],
      ['m', 'dropped', 'constant'],
      ['y', 'target', undefined],
    ]);
  });
  it('only the rows with a target count; constantColumns: keep keeps them', async () => {
    const ds = await load('a,c,y\n1,7,p\n2,7,q\n3,8,NA\n', { target: 'y' });
    expect(ds.featureNames).toEqual(['a']);
    const kept = await load('a,c,y\n1,7,p\n2,7,q\n', { target: 'y', constantColumns: 'keep' });
    expect(kept.featureNames).toEqual(['a', 'c']);
    await expect(load('a,y\n1,p\n', { target: 'y', constantColumns: 'no' as 'keep' })).rejects.toThrow(
      "Option 'constantColumns' passed to 'loadCsv' must be 'drop' or 'keep'. Got 'no' instead.",
    );
  });
  it("the bundled data sets keep theirs, as scikit-learn ships them (digits' blank pixels)", async () => {
    expect((await loadDataset('digits')).X.cols).toBe(64);
  });
});
