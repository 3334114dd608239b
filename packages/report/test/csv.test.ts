import { describe, expect, it } from 'vitest';
import { csvField, renderCsv } from '../src/index.js';
import { job } from './helpers.js';

describe('csvField', () => {
  it('writes nothing for a missing value and numbers as they are (negative numbers are not formulas)', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(1e21)).toBe('1e+21');
  });

  it('spells non-finite numbers so a spreadsheet reads them as text, not as a missing cell', () => {
    expect(csvField(Number.NaN)).toBe('NaN');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(csvField(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
  });

  it("puts a ' before text a spreadsheet would run as a formula (OWASP CSV injection)", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // Only at the start: inside the text these are ordinary characters.
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
    expect(csvField('plain')).toBe('plain');
  });

  it('quotes (RFC 4180) a field with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('no quote needed')).toBe('no quote needed');
  });

  it('writes other values as JSON', () => {
    expect(csvField({ k: 1 })).toBe('"{""k"":1}"');
    expect(csvField(true)).toBe('true');
    expect(csvField([1])).toBe('[1]');
  });
});

describe('renderCsv', () => {
  it('escapes a formula in a label and an error message in the file', () => {
    const bad = { ...job('d', 'classification', '=cmd|calc', 0, 0.5), status: 'error' as const, error: '@evil', metrics: {} };
    const csv = renderCsv([bad]);
    const row = csv.split('\n')[1]!;
    expect(row).toContain(",'=cmd|calc,");
    expect(row).toContain(",'@evil,");
    expect(row).not.toMatch(/,[=@]/);
  });

  it('orders metric columns as core lists them, then unknown metrics by name, and ends every line with \\n', () => {
    const a = { ...job('d', 'classification', 'a', 0, 0.5), metrics: { zeta: 1, accuracy: 0.5, alpha: 2, f1Macro: 0.4 } };
    const head = renderCsv([a]).split('\n')[0]!.split(',');
    const cols = head.slice(head.indexOf('error') + 1, head.indexOf('fitMs'));
    expect(cols).toEqual(['accuracy', 'f1Macro', 'alpha', 'zeta']);
    expect(renderCsv([a]).endsWith('\n')).toBe(true);
    expect(renderCsv([])).toBe(`${head.filter((h) => !cols.includes(h)).join(',')}\n`);
  });
});
