import { describe, expect, it } from 'vitest';
import { Rng } from '@mlcompare/core';
import { fastDecimal, parseNumberText } from '../src/internal/number.js';

describe('fastDecimal', () => {
  it('gives exactly the double Number() gives, over many random texts', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 4_000; i++) {
      const x = (rng.random() - 0.5) * 10 ** rng.int(12);
      for (const t of [x.toFixed(6), x.toFixed(2), String(x), x.toExponential(4), String(Math.round(x)), x.toPrecision(17)]) {
        expect(fastDecimal(t)).toBe(Number(t));
      }
    }
  });

  it('is exact at the 2^53 boundary and for long mantissas and tiny scales', () => {
    for (const t of ['9007199254740992', '9007199254740993', '0.9007199254740993', '-0.12345678901234567', '1234567890123456789', '0.00000000000000000000000123', '4.35e-320', '1.7976931348623157e308']) {
      expect(fastDecimal(t)).toBe(Number(t));
    }
  });

  it('refuses what is not a plain decimal, for the careful path', () => {
    for (const t of ['', '-', '.', '1.2.3', ' 1', '1 ', '0x1F', 'inf', 'NaN', '1e', '1e+', 'e5', '1,5', '--1', '+-1']) {
      expect(fastDecimal(t)).toBeNaN();
    }
  });
});

describe('parseNumberText', () => {
  it('reads trimmed decimals and infinities, not hex or words', () => {
    expect(parseNumberText(' .5 ')).toBe(0.5);
    expect(parseNumberText('-Infinity')).toBe(-Infinity);
    expect(parseNumberText('inf')).toBe(Infinity);
    expect(parseNumberText('0x10')).toBeUndefined();
    expect(parseNumberText('')).toBeUndefined();
    expect(parseNumberText('abc')).toBeUndefined();
  });
});
