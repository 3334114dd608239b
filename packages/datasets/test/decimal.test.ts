// The byte parser of the CSV fast path against Number(), bit for bit: every text it reads as a
// number must give exactly the double Number(text) gives (sign of zero included), over random
// and adversarial texts — long mantissas, exact and near halfway points between two doubles,
// subnormals, overflow, exponent extremes, leading zeros — and it must refuse what is not a
// plain decimal.
import { describe, expect, it } from 'vitest';
import { Rng } from '@mlcompare/core';
import { parseDecimalBytes, pow10Mantissa } from '../src/internal/decimal.js';

const bytes = new TextEncoder();
const out = new Float64Array(1);
const view = new DataView(out.buffer);

/** The parser on `text` followed by a delimiter: its value when the number fills the text, else undefined. */
function parse(text: string): number | undefined {
  const b = bytes.encode(text + ',');
  out[0] = 12345; // a value the parser must overwrite
  const end = parseDecimalBytes(b, 0, out, 0);
  return end === b.length - 1 ? out[0] : undefined;
}

function bits(x: number): string {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16);
}

/** Checks parse(text) against Number(text) bit for bit; returns the texts that differ. */
function mismatches(texts: Iterable<string>): string[] {
  const bad: string[] = [];
  for (const t of texts) {
    const got = parse(t);
    const want = Number(t);
    if (got === undefined || bits(got) !== bits(want)) bad.push(`${t}: got ${got}, Number() ${want}`);
  }
  return bad;
}

/** The decimal digits of the exact midpoint between the double x > 0 and the next one up. */
function midpoint(x: number): string {
  view.setFloat64(0, x);
  const raw = view.getBigUint64(0);
  const expBits = Number(raw >> 52n);
  let m = raw & ((1n << 52n) - 1n);
  let e = expBits === 0 ? -1074 : expBits - 1075;
  if (expBits !== 0) m |= 1n << 52n;
  // x = m · 2^e; midpoint = (2m + 1) · 2^(e − 1)
  const num = 2n * m + 1n;
  e -= 1;
  if (e >= 0) return (num << BigInt(e)).toString();
  // (2m + 1) · 5^-e / 10^-e
  const digits = (num * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  return `${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`;
}

/** `text` cut to n significant digits in scientific notation (`d.ddd…e±x`), optionally with the last digit raised by one. */
function cut(text: string, n: number, up: boolean): string {
  const [int, frac = ''] = text.split('.');
  const all = (int! + frac).replace(/^0+/, '');
  const lead = (int! + frac).length - all.length; // leading zeros
  const exp = int!.length - lead - 1;
  let d = BigInt(all.slice(0, n).padEnd(n, '0'));
  if (up) d += 1n;
  const s = d.toString();
  return `${s[0]}.${s.slice(1)}e${exp + (s.length - n)}`;
}

describe('parseDecimalBytes', () => {
  it('gives exactly the double Number() gives for random doubles written every way', () => {
    const rng = new Rng(15);
    const texts: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      // Random bit patterns cover every exponent; normal draws the usual data.
      view.setUint32(0, Math.floor(rng.random() * 2 ** 32));
      view.setUint32(4, Math.floor(rng.random() * 2 ** 32));
      const x = view.getFloat64(0);
      const y = rng.normal(0, 10) * 10 ** (rng.int(13) - 8);
      for (const v of [x, y]) {
        if (!Number.isFinite(v)) continue;
        texts.push(String(v), v.toPrecision(17), v.toPrecision(16), v.toPrecision(19), v.toExponential(16), v.toExponential(18), v.toFixed(6));
      }
    }
    expect(mismatches(texts)).toEqual([]);
  });

  it('gives what Number() gives for random digit strings: 1 to 25 digits, any decimal point, exponents to ±400', () => {
    const rng = new Rng(16);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let d = '';
      const n = 1 + rng.int(25);
      for (let k = 0; k < n; k++) d += String(rng.int(10));
      const dot = rng.int(n + 1);
      let t = (rng.random() < 0.3 ? '-' : rng.random() < 0.1 ? '+' : '') + d.slice(0, dot) + (rng.random() < 0.8 ? '.' : '') + d.slice(dot);
      if (rng.random() < 0.5) t += (rng.random() < 0.5 ? 'e' : 'E') + (rng.random() < 0.5 ? '-' : rng.random() < 0.5 ? '+' : '') + String(rng.int(400));
      texts.push(t);
    }
    expect(mismatches(texts)).toEqual([]);
  });

  it('rounds exact halfway points to even, and points just beside them (17 to 19 digits) the right way', () => {
    const rng = new Rng(17);
    const texts: string[] = [];
    for (let i = 0; i < 1_500; i++) {
      view.setUint32(0, Math.floor(rng.random() * 0x7fefffff));
      view.setUint32(4, Math.floor(rng.random() * 2 ** 32));
      const x = i % 3 === 0 ? view.getFloat64(0) : Math.abs(rng.normal(0, 10) * 10 ** (rng.int(13) - 8));
      const mid = midpoint(x);
      texts.push(mid);
      for (const n of [17, 18, 19]) texts.push(cut(mid, n, false), cut(mid, n, true));
    }
    // Halfway cases with few digits: 2^53 + 1 and its neighbours, at several scales.
    for (const t of ['9007199254740993', '9007199254740995', '9007199254740993e-3', '9007199254740993e22', '9007199254740993000', '18014398509481985', '18014398509481987', '0.9007199254740993']) texts.push(t);
    expect(mismatches(texts)).toEqual([]);
  });

  it('handles the edges: zeros, subnormals, overflow, exponent extremes, leading zeros, long mantissas', () => {
    const texts = [
      '0', '-0', '+0', '0.0', '-0.000', '0e0', '-0e-999999999', '0e999999999', '00000', '.0', '0.',
      '.5', '5.', '-.5e-3', '+.5E+3', '0000000000000000000000001.5', '0.000000000000000000000000000012345678901234567',
      '1', '-1', '1e22', '1e23', '1e-22', '1e-23', '8.589973e9', '0.1', '0.3', '0.30000000000000004',
      '4.9e-324', '5e-324', '2.4703282292062327e-324', '2.4703282292062328e-324', '1e-324', '1e-400', '-1e-400',
      '2.2250738585072011e-308', '2.2250738585072014e-308', '2.225073858507201e-308', '4.4501477170144023e-308',
      '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '-1.7976931348623159e308', '1e308', '1e309', '1e400',
      '123456789012345678', '1234567890123456789', '12345678901234567890', '123456789012345678901234567890', '18446744073709551615', '18446744073709551616',
      '0.12345678901234567', '-0.12345678901234567', '1.2345678901234567e-05', '-9.999999999999999e+22', '9999999999999999999e-19',
      '7.2057594037927933e16', '1.00000000000000011102230246251565404236316680908203125', '1.00000000000000011102230246251565404236316680908203124',
      '1e-348', '1e-349', '1e347', '1e348', '3e-342', '9.88131291682493088353e-324',
    ];
    expect(mismatches(texts)).toEqual([]);
  });

  it('refuses what is not a plain decimal, or stops where the number ends', () => {
    for (const t of ['', '-', '+', '.', '-.', 'e5', '.e5', '1e', '1e+', '1e-', '--1', '+-1', 'inf', 'Infinity', 'NaN', 'nan', ' 1', '0x1F', '0b1', 'abc']) {
      expect(parse(t), t).toBeUndefined();
    }
    // These start with a number that does not fill the text: the reader sees the field go on.
    for (const t of ['1 ', '1.2.3', '1,5', '1e5e', '1x', '12-3', '1e5.5', '0x10']) expect(parse(t), t).toBeUndefined();
    const b = bytes.encode('1.5e3;x');
    expect(parseDecimalBytes(b, 0, out, 0)).toBe(5);
    expect(out[0]).toBe(1500);
  });
});

describe('pow10Mantissa', () => {
  it('is the 128-bit mantissa of 10^q rounded down: M · 2^E ≤ 10^q < (M + 1) · 2^E with E = ⌊217706·q / 2^16⌋ − 127', () => {
    for (let q = -348; q <= 347; q += q % 2 === 0 ? 7 : 3) {
      const [a, b, c, d] = pow10Mantissa(q);
      const m = (BigInt(a) << 96n) | (BigInt(b) << 64n) | (BigInt(c) << 32n) | BigInt(d);
      expect(m >> 127n, `q=${q}`).toBe(1n);
      const e = BigInt(Math.floor((217706 * q) / 65536) - 127);
      // Compare as integers: scale both sides so that no side is a fraction.
      const ten = 10n ** BigInt(Math.abs(q));
      const [num, den] = q >= 0 ? [ten, 1n] : [1n, ten]; // 10^q = num / den
      const lhs = (k: bigint): bigint => (e >= 0n ? (k << e) * den : k * den); // k · 2^E · den (· 2^-E when E < 0)
      const rhs = e >= 0n ? num : num << -e;
      expect(lhs(m) <= rhs && rhs < lhs(m + 1n), `q=${q}`).toBe(true);
    }
  });
});
