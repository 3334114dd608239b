// CSV type inference at its boundaries: each rule is checked on both sides of its threshold, so
// that moving a threshold, flipping a comparison or dropping a branch fails a test (mutation
// testing: the csv.ts line ranges in scripts/mutation-targets.mjs). Expected values are worked out by
// hand from the rules in csv.ts's docs; day counts are Date.parse(...) / 86 400 000.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IDENTIFIER_DISTINCT_SHARE, MAX_INFERRED_CLASSES, MIN_IDENTIFIER_DISTINCT, loadCsv, type LoadCsvOptions } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mlcompare-csv-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function load(lines: string[], options: LoadCsvOptions): ReturnType<typeof loadCsv> {
  const p = join(dir, `f${counter++}.csv`);
  writeFileSync(p, lines.join('\n') + '\n');
  return loadCsv(p, options);
}
async function loadError(lines: string[], options: LoadCsvOptions): Promise<Error & { code?: string }> {
  try {
    await load(lines, options);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected loadCsv to fail');
}
const y2 = (i: number): string => (i % 2 ? 'p' : 'q');

describe('identifier-like text columns', () => {
  // A text column is dropped when its distinct values k > 0.5 × its non-missing rows and k > 20.
  const idColumn = (distinct: number, rows: number, value = (i: number) => `u${i % distinct}`): string[] => [
    'id,a,y',
    ...Array.from({ length: rows }, (_, i) => `${value(i)},${i},${y2(i)}`),
  ];
  it('the constants are the documented ones', () => {
    expect([IDENTIFIER_DISTINCT_SHARE, MIN_IDENTIFIER_DISTINCT, MAX_INFERRED_CLASSES]).toEqual([0.5, 20, 20]);
  });
  it('share: 21 distinct in 42 rows is kept (k = 0.5·n), in 41 rows dropped', async () => {
    const kept = await load(idColumn(21, 42), { target: 'y' });
    expect(kept.featureNames).toEqual(['id', 'a']);
    expect(kept.featureTypes[0]).toBe('categorical');
    expect(kept.categories[0]).toHaveLength(21);
    const dropped = await load(idColumn(21, 41), { target: 'y' });
    expect(dropped.featureNames).toEqual(['a']);
    expect(dropped.notes).toContain(
      "Column 'id' was dropped: 21 distinct values in 41 rows looks like an identifier or free text, not a useful category. Keep it with --categorical id or \"categorical\": [\"id\"] in a suite.",
    );
    expect(dropped.summary!.columns[0]).toEqual({ name: 'id', role: 'dropped', type: 'text', missing: 0, distinct: 21, reason: 'identifier-like or free text' });
  });
  it('minimum: 20 distinct in 20 rows is kept, 21 in 21 rows dropped', async () => {
    const kept = await load(idColumn(20, 20), { target: 'y' });
    expect(kept.featureNames).toEqual(['id', 'a']);
    expect(kept.summary!.columns[0]).toEqual({ name: 'id', role: 'feature', type: 'categorical', missing: 0, distinct: 20 });
    const dropped = await load(idColumn(21, 21), { target: 'y' });
    expect(dropped.featureNames).toEqual(['a']);
  });
  it('counts only non-missing values in rows that have a target', async () => {
    // 42 rows, 21 distinct ids in the even rows and missing in the odd ones: 21 > 0.5 × 21, dropped
    // (counting all 42 rows would keep it); the summary counts the 21 missing.
    const half = await load(idColumn(21, 42, (i) => (i % 2 ? 'NA' : `u${i / 2}`)), { target: 'y' });
    expect(half.featureNames).toEqual(['a']);
    expect(half.summary!.columns[0]).toMatchObject({ role: 'dropped', missing: 21, distinct: 21 });
    // 21 distinct ids in 42 rows, plus 2 rows whose target is missing: still 0.5·42, kept.
    const lines = idColumn(21, 42);
    lines.push('u0,100,NA', 'u1,101,');
    const kept = await load(lines, { target: 'y' });
    expect(kept.featureNames).toEqual(['id', 'a']);
  });
});

describe('task inference from a numeric target', () => {
  const target = (values: (number | string)[]): string[] => ['a,y', ...values.map((v, i) => `${i},${v}`)];
  it('distinct integers seen twice on average are classes: 3 in 6 rows yes, 3 in 5 rows no', async () => {
    const cls = await load(target([0, 1, 2, 0, 1, 2]), { target: 'y' });
    expect(cls.task).toBe('classification');
    expect(cls.classes).toEqual([0, 1, 2]);
    expect(cls.summary!.classBalance).toEqual([
      { label: 0, count: 2 },
      { label: 1, count: 2 },
      { label: 2, count: 2 },
    ]);
    expect(cls.summary!.columns[1]).toEqual({ name: 'y', role: 'target', type: 'numeric', missing: 0, distinct: 3 });
    const reg = await load(target([0, 1, 2, 0, 1]), { target: 'y' });
    expect(reg.task).toBe('regression');
    expect(reg.notes).toContain(
      "The target 'y' holds 3 distinct integers in 5 rows — too many per row to be classes — so the task is regression; pass --task classification or \"task\": \"classification\" in a suite to treat them as classes.",
    );
  });
  it('at most 20 distinct integers: 20 in 40 rows are classes, 21 in 42 rows are numbers', async () => {
    const twenty = await load(target(Array.from({ length: 40 }, (_, i) => i % 20)), { target: 'y' });
    expect(twenty.task).toBe('classification');
    expect(twenty.summary!.columns[1]!.distinct).toBe(20);
    const many = await load(target(Array.from({ length: 42 }, (_, i) => i % 21)), { target: 'y' });
    expect(many.task).toBe('regression');
    expect(many.notes).toContain("The target 'y' is numeric, so the task is regression.");
    // More than 20 distinct values: the summary gives no count.
    expect(many.summary!.columns[1]).toEqual({ name: 'y', role: 'target', type: 'numeric', missing: 0 });
    expect(many.summary!.targetStats).toBeDefined();
  });
  it('one non-integer makes it numeric', async () => {
    const reg = await load(target([0, 1, 0, 1, 0, 1.5]), { target: 'y' });
    expect(reg.task).toBe('regression');
    expect(reg.notes).toContain("The target 'y' is numeric, so the task is regression.");
    expect(reg.y).toEqual([0, 1, 0, 1, 0, 1.5]);
  });
  it('rows without a target do not count: 2 distinct in 4 kept rows are classes', async () => {
    const ds = await load(target([0, 1, 'NA', 0, 1, '']), { target: 'y' });
    expect(ds.task).toBe('classification');
    expect(ds.summary!.columns[1]).toMatchObject({ missing: 2, distinct: 2 });
  });
  it('an explicit task wins, with no inference note', async () => {
    const ds = await load(target([0.5, 1.5, 0.5]), { target: 'y', task: 'classification' });
    expect(ds.task).toBe('classification');
    expect(ds.classes).toEqual([0.5, 1.5]);
    expect(ds.notes.filter((n) => n.startsWith("The target 'y'"))).toEqual([]);
    const text = await load(['a,y', '1,x', '2,z'], { target: 'y', task: 'classification' });
    expect(text.notes.filter((n) => n.startsWith("The target 'y'"))).toEqual([]);
    const inferred = await load(['a,y', '1,x', '2,z'], { target: 'y' });
    expect(inferred.notes).toContain("The target 'y' is text, so the task is classification.");
    expect(inferred.summary!.columns[1]).toEqual({ name: 'y', role: 'target', type: 'categorical', missing: 0, distinct: 2 });
  });
  it('an infinite target value is an error naming the count', async () => {
    const err = await loadError(target([1.5, 'inf', 2.5, '-inf']), { target: 'y' });
    expect(err.code).toBe('MLCOMPARE_DATA');
    expect(err.message).toMatch(/^The target column 'y' of the data file '.*' has 2 infinite values \('inf'\)\. Fix or remove those rows\.$/);
  });
  it('one numeric class suggests regression; one text class does not', async () => {
    const num = await loadError(target([3, 3, 3, 3]), { target: 'y', task: 'classification' });
    expect(num.message).toMatch(/has only one class \(3\) in its 4 rows; a classifier needs at least two\. Check that 'y' is the right column, or use --task regression or "task": "regression" in a suite\.$/);
    const text = await loadError(['a,y', '1,x', '2,x'], { target: 'y' });
    expect(text.message).toMatch(/Check that 'y' is the right column\.$/);
  });
  it('a text target asked to be regression names its first text and line', async () => {
    const err = await loadError(['a,y', '1,cat', '2,dog'], { target: 'y', task: 'regression' });
    expect(err.message).toMatch(/holds text \('cat' at line 2\), so it cannot be a regression target/);
  });
});

describe('numeric columns that turn out to be text', () => {
  it('earlier numbers become their shortest text, and the note names the line', async () => {
    const ds = await load(['c,y', '1.50,p', '2,q', 'NA,p', 'x,q', '1.5,p'], { target: 'y' });
    expect(ds.featureTypes).toEqual(['categorical']);
    expect(ds.categories[0]).toEqual(['1.5', '2', 'x']);
    expect(Array.from(ds.X.column(0))).toEqual([0, 1, NaN, 2, 0]);
    expect(ds.notes).toContain("Column 'c' looked numeric until line 5 ('x'), so it is read as text.");
    expect(ds.summary!.columns[0]).toMatchObject({ missing: 1, distinct: 3 });
  });
  it('no such note when only missing values came before the text', async () => {
    const ds = await load(['c,y', 'NA,p', ',q', 'x,p', 'z,q'], { target: 'y' });
    expect(ds.categories[0]).toEqual(['x', 'z']);
    expect(ds.notes.some((n) => n.includes('looked numeric'))).toBe(false);
  });
  it('padded missing texts are missing in numeric and text columns alike', async () => {
    const ds = await load(['a,b,y', '1, NA ,p', ' NA ,x,q', '3,z,p'], { target: 'y' });
    expect(Array.from(ds.X.column(0))).toEqual([1, NaN, 3]);
    expect(ds.categories[1]).toEqual(['x', 'z']);
    expect(Array.from(ds.X.column(1))).toEqual([NaN, 0, 1]);
    expect(ds.summary!.columns.map((c) => c.missing)).toEqual([1, 1, 0]);
  });
  it('infinite feature values are read as missing, with a note', async () => {
    const ds = await load(['a,y', '1,p', 'inf,q', '-Infinity,p', '4,q'], { target: 'y' });
    expect(Array.from(ds.X.column(0))).toEqual([1, NaN, NaN, 4]);
    expect(ds.notes).toContain("Column 'a': 2 infinite values ('inf') are read as missing.");
  });
  it('decimal commas in a ; file: the note counts them, singular or plural', async () => {
    const one = await load(['a;b;y', '1,5;2;p', '2;3;q'], { target: 'y' });
    expect(Array.from(one.X.column(0))).toEqual([1.5, 2]);
    expect(one.notes).toContain("Column 'a': 1 value with a decimal comma ('1,5') is read as a number (1.5).");
    expect(one.notes.some((n) => n.startsWith("Column 'b'"))).toBe(false);
    const two = await load(['a;y', '1,5;p', '-2,25;q', '3;p'], { target: 'y' });
    expect(two.notes).toContain("Column 'a': 2 values with a decimal comma ('1,5') are read as a number (1.5).");
    // A column that turns to text later gets no decimal-comma note; its 1,5 became the text 1.5.
    const flipped = await load(['a;y', '1,5;p', 'x;q'], { target: 'y' });
    expect(flipped.categories[0]).toEqual(['1.5', 'x']);
    expect(flipped.notes.some((n) => n.includes('decimal comma'))).toBe(false);
    // A decimal comma in a comma-separated file would be two fields; quoted, it is text.
    const comma = await load(['a,y', '"1,5",p', '"2,5",q'], { target: 'y' });
    expect(comma.featureTypes).toEqual(['categorical']);
    expect(comma.categories[0]).toEqual(['1,5', '2,5']);
  });
});

describe('numeric feature columns with few integers', () => {
  const NOTE = 'Kept numeric although they hold at most 5 distinct integers (they may be codes): ';
  it('2 to 5 distinct integers get a note; 1, 6 or a fraction do not', async () => {
    const lines = ['two,five,one,six,frac,y'];
    for (let i = 0; i < 12; i++) lines.push(`${i % 2},${i % 5},7,${i % 6},${(i % 2) + 0.5},${y2(i)}`);
    lines.push(`NA,NA,NA,NA,NA,p`);
    // 'one' is constant: kept here to show it gets no note (by default it is dropped, see 'constant columns')
    const ds = await load(lines, { target: 'y', constantColumns: 'keep' });
    expect(ds.featureTypes).toEqual(['numeric', 'numeric', 'numeric', 'numeric', 'numeric']);
    expect(ds.notes).toContain(NOTE + "'two', 'five'. Read one as categories to one-hot encode it instead (--categorical two or \"categorical\": [\"two\"] in a suite).");
  });
  it('no note when no column qualifies', async () => {
    const ds = await load(['a,y', '0.5,p', '1.5,q'], { target: 'y' });
    expect(ds.notes.some((n) => n.startsWith(NOTE))).toBe(false);
  });
});

describe('categorical columns', () => {
  it('a numeric column named in categorical gets codes in numeric order, missing kept', async () => {
    const ds = await load(['c,y', '10,p', '2,q', 'NA,p', '2,q', '-1,p'], { target: 'y', categorical: ['c'] });
    expect(ds.featureTypes).toEqual(['categorical']);
    expect(ds.categories[0]).toEqual(['-1', '2', '10']);
    expect(Array.from(ds.X.column(0))).toEqual([2, 1, NaN, 1, 0]);
    expect(ds.summary!.columns[0]).toEqual({ name: 'c', role: 'feature', type: 'categorical', missing: 1, distinct: 3 });
  });
  it('text categories are sorted by code point', async () => {
    const ds = await load(['c,y', 'b,p', 'B,q', 'a,p', 'b,q'], { target: 'y' });
    expect(ds.categories[0]).toEqual(['B', 'a', 'b']);
    expect(Array.from(ds.X.column(0))).toEqual([2, 0, 1, 2]);
  });
});

describe('date columns', () => {
  it('reads fractions of a second, a zone without a colon and a time without seconds', async () => {
    const ds = await load(['t,y', '2024-01-01T12:00:00.5Z,p', '2024-01-01T00:00:00+0200,q', '2024/01/02 06:00,p', '2024-01-01T06:00:30-01:00,q', 'NA,p'], { target: 'y' });
    expect(ds.featureTypes).toEqual(['date']);
    expect(Array.from(ds.X.column(0))).toEqual([
      Date.parse('2024-01-01T12:00:00.5Z') / 86_400_000, // 19723.50000578704
      19722 + 22 / 24,
      19724.25,
      Date.parse('2024-01-01T07:00:30Z') / 86_400_000,
      NaN,
    ]);
    expect(ds.summary!.columns[0]).toEqual({ name: 't', role: 'feature', type: 'date', missing: 1, distinct: 4 });
  });
  it('one value that is not a date (or an impossible time) keeps the column text', async () => {
    for (const bad of ['2024-01-01T24:30', 'soon', '01/02/2024', '2024-01-32']) {
      const ds = await load(['t,y', '2024-01-01,p', `${bad},q`, '2024-01-03,p'], { target: 'y' });
      expect(ds.featureTypes).toEqual(['categorical']);
      expect(ds.notes.some((n) => n.includes('holds dates'))).toBe(false);
    }
  });
});
