import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSummary, loadCsv } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mlcompare-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\u001b';
const BEL = '\u0007';
/** Retitles the terminal window, then clears the screen (issue 11). */
const PWN = `${ESC}]0;pwned${BEL}${ESC}[2J`;

/** Any C0/C1 control character or bidirectional override but the line breaks between lines. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('formatSummary with hostile text', () => {
  it('prints no escape sequence from column names, class labels, a file name or notes', async () => {
    const rows = ['1,2,a', '3,4,b', '5,6,a', '7,8,b'].map((r, i) => (i === 0 ? r.replace(',a', `,a${PWN}`) : r));
    const path = join(dir, `evil${ESC}[31m\u202Eclass.csv`);
    writeFileSync(path, `f1${PWN},"f2\n${ESC}[?25l",y${BEL}\n${rows.join('\n')}\n`);
    const ds = await loadCsv(path, { target: `y${BEL}`, categorical: [`f1${PWN}`] });
    const text = formatSummary(ds);
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toContain('pwned');
    expect(text).toContain(`Data: evil`);
    expect(text).toMatch(/\n {4}f1 +/);
    // the label keeps its text, without the sequence; the data keep it whole
    expect(text).toContain('target \'y\': 3 classes — ');
    expect(ds.classes).toContain(`a${PWN}`);
    for (const line of text.split('\n')) expect(line.startsWith('Data:') || line.startsWith('  ')).toBe(true);
  });

  it('cuts a 1 MB class label with an ellipsis and says so, keeping it whole in the data', async () => {
    const long = 'L'.repeat(1024 * 1024); // the loader's time grows with it; 1 MB shows the same
    const path = join(dir, 'long.csv');
    writeFileSync(path, `x,${'c'.repeat(500)}\n1,${long}\n2,short\n3,${long}\n4,short\n`);
    const ds = await loadCsv(path, { target: 'c'.repeat(500) });
    const text = formatSummary(ds);
    expect(text.length).toBeLessThan(2000);
    expect(text).toContain(`${'L'.repeat(59)}… 2 (50.0 %)`);
    expect(text).toContain(`target '${'c'.repeat(59)}…'`);
    expect(text).toMatch(/shortened with '…' here; the data keeps them whole/);
    expect(ds.classes).toContain(long);
  }, 30_000);

  it('adds no note when nothing was cut', async () => {
    const path = join(dir, 'plain.csv');
    writeFileSync(path, 'x,y\n1,a\n2,b\n3,a\n4,b\n');
    const text = formatSummary(await loadCsv(path, { target: 'y' }));
    expect(text).not.toContain('shortened');
  });
});
