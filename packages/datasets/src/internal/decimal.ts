/**
 * Decimal text (as bytes) → the double `Number(text)` gives, without making a string.
 *
 * The CSV reader's byte path parses every numeric cell here. Three routes, each exact:
 * - **Clinger's fast path**: a mantissa w < 2^53 and a scale 10^|q| with |q| ≤ 22 are both exact
 *   doubles, so `w * 10^q` or `w / 10^-q` is one correctly rounded IEEE operation — the double
 *   `Number()` gives.
 * - **Eisel–Lemire** for mantissas of up to 19 significant digits (w < 2^64, e.g. the 17-digit
 *   reprs pandas writes): w times a 128-bit truncation of 10^q gives the top bits of the exact
 *   product; when the bits below the 54th cannot be off by the truncation, they decide the
 *   rounding (ties to even). The algorithm is Eisel and Lemire's as described by Nigel Tao
 *   (https://nigeltao.github.io/blog/2020/eisel-lemire.html) and in Lemire, "Number parsing at a
 *   gigabyte per second" (2021); the 64-bit arithmetic is done here on pairs of 32-bit halves.
 * - **`Number()` itself** (on the ASCII text) whenever the above cannot decide: more than 19
 *   significant digits, an exponent outside 10^±347, a subnormal or infinite result, or one of
 *   the rare products too close to a rounding boundary. Correct by definition.
 *
 * The grammar is `Number()`'s for plain decimals: `[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`.
 * Anything else (spaces, hex, `inf`, `1,5`) is not a number here; the caller takes its careful path.
 */

const TWO32 = 4294967296;
const INV32 = 1 / 4294967296;
const TWO53 = 9007199254740992;
/** While hi is below this, hi·10 + 9 < 2^53. */
const HI_LIMIT = 900719925474099;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Range of decimal exponents q covered by the table of 128-bit powers of ten. */
const Q_MIN = -348;
const Q_MAX = 347;

/**
 * 128-bit mantissas of 10^q, rounded down and normalised to [2^127, 2^128), as four 32-bit limbs
 * (most significant first), made on first use of each q with BigInt.
 */
const pow10Limbs = new Uint32Array((Q_MAX - Q_MIN + 1) * 4);
const pow10Made = new Uint8Array(Q_MAX - Q_MIN + 1);

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/**
 * The 128-bit mantissa M of 10^q (rounded down), with 10^q ≈ M · 2^(⌊217706·q / 2^16⌋ − 127):
 * for q ≥ 0 the top 128 bits of 10^q; for q < 0, ⌊2^k / 10^−q⌋ with k chosen so that M has 128 bits.
 *
 * @returns the four 32-bit limbs of M, most significant first (exported for the tests).
 */
export function pow10Mantissa(q: number): [number, number, number, number] {
  let m: bigint;
  if (q >= 0) {
    const p = 10n ** BigInt(q);
    const bits = bitLength(p);
    m = bits > 128 ? p >> BigInt(bits - 128) : p << BigInt(128 - bits);
  } else {
    const d = 10n ** BigInt(-q);
    m = (1n << BigInt(127 + bitLength(d))) / d;
  }
  const mask = 0xffffffffn;
  return [Number((m >> 96n) & mask), Number((m >> 64n) & mask), Number((m >> 32n) & mask), Number(m & mask)];
}

function pow10Index(q: number): number {
  const k = q - Q_MIN;
  if (pow10Made[k] === 0) {
    pow10Limbs.set(pow10Mantissa(q), k * 4);
    pow10Made[k] = 1;
  }
  return k * 4;
}

/** 2^(e − 1075) for the biased exponents e = 1 … 2046 of normal doubles (index e). */
const POW2 = new Float64Array(2047);
{
  let p = Number.MIN_VALUE; // 2^-1074, exact; doubling stays exact up to 2^971
  for (let e = 1; e < 2047; e++) {
    POW2[e] = p;
    p *= 2;
  }
}

// The 128-bit product of mul64, as 32-bit limbs (most significant first).
let P3 = 0;
let P2 = 0;
let P1 = 0;
let P0 = 0;

/**
 * Upper 32 bits of the 64-bit product of two unsigned 32-bit integers. The double product is
 * within 2^11 of the exact one and `Math.imul` gives its low 32 bits exactly, so
 * (product − low) / 2^32 lies within 2^-20 of the integer sought: rounding recovers it.
 */
function mulHi32(a: number, b: number, lo: number): number {
  return Math.round((a * b - lo) * INV32);
}

/** (a1·2^32 + a0) × (b1·2^32 + b0) into P3…P0. */
function mul64(a1: number, a0: number, b1: number, b0: number): void {
  const l00 = Math.imul(a0, b0) >>> 0;
  const h00 = mulHi32(a0, b0, l00);
  const l01 = Math.imul(a0, b1) >>> 0;
  const h01 = mulHi32(a0, b1, l01);
  const l10 = Math.imul(a1, b0) >>> 0;
  const h10 = mulHi32(a1, b0, l10);
  const l11 = Math.imul(a1, b1) >>> 0;
  const h11 = mulHi32(a1, b1, l11);
  const mid = h00 + l01 + l10; // < 3·2^32: exact
  const high = h01 + h10 + l11 + Math.floor(mid * INV32);
  P0 = l00;
  P1 = mid >>> 0;
  P2 = high >>> 0;
  P3 = h11 + Math.floor(high * INV32);
}

/** True when (x1·2^32 + x0) + (y1·2^32 + y0) overflows 64 bits. */
function carries64(x1: number, x0: number, y1: number, y0: number): boolean {
  return x1 + y1 + (x0 + y0 >= TWO32 ? 1 : 0) >= TWO32;
}

/**
 * Eisel–Lemire: writes the double nearest to ±w · 10^q, w = w1·2^32 + w0 (0 < w < 2^64), into
 * `out[at]` — unless the 128-bit approximation cannot decide (the caller then uses `Number()`),
 * the result is subnormal or infinite, or q is out of the table's range. (Writing into an array
 * rather than returning the double keeps it unboxed: this runs once per cell.)
 *
 * @returns true when it wrote the value.
 */
function eiselLemire(w1: number, w0: number, q: number, neg: boolean, out: Float64Array, at: number): boolean {
  if (q < Q_MIN || q > Q_MAX) return false;
  // Normalisation: shift w left until its top bit is set.
  const clz = w1 !== 0 ? Math.clz32(w1) : 32 + Math.clz32(w0);
  let m1: number;
  let m0: number;
  if (clz >= 32) {
    m1 = (w0 << (clz - 32)) >>> 0;
    m0 = 0;
  } else if (clz > 0) {
    m1 = ((w1 << clz) | (w0 >>> (32 - clz))) >>> 0;
    m0 = (w0 << clz) >>> 0;
  } else {
    m1 = w1;
    m0 = w0;
  }
  let exp2 = ((217706 * q) >> 16) + 64 + 1023 - clz;
  const t = pow10Index(q);
  // The top 128 bits of w × (the power's top 64 bits), inlined from mul64: locals, not module
  // variables, keep the doubles unboxed.
  const b1 = pow10Limbs[t]!;
  const b0 = pow10Limbs[t + 1]!;
  const l00 = Math.imul(m0, b0) >>> 0;
  const l01 = Math.imul(m0, b1) >>> 0;
  const l10 = Math.imul(m1, b0) >>> 0;
  const l11 = Math.imul(m1, b1) >>> 0;
  const mid = Math.round((m0 * b0 - l00) * INV32) + l01 + l10;
  const high = Math.round((m0 * b1 - l01) * INV32) + Math.round((m1 * b0 - l10) * INV32) + l11 + Math.floor(mid * INV32);
  let h1 = Math.round((m1 * b1 - l11) * INV32) + Math.floor(high * INV32);
  let h0 = high >>> 0;
  let l1 = mid >>> 0;
  let l0 = l00;
  // Wider approximation: when the low bits of the top half are all ones and the truncated part of
  // 10^q could carry into them, add the product with the next 64 bits of the power.
  if ((h0 & 0x1ff) === 0x1ff && carries64(l1, l0, m1, m0)) {
    mul64(m1, m0, pow10Limbs[t + 2]!, pow10Limbs[t + 3]!);
    // merged = (h, l) + (0, yHi)
    let s0 = l0 + P2;
    let c = s0 >= TWO32 ? 1 : 0;
    s0 = s0 >>> 0;
    let s1 = l1 + P3 + c;
    c = s1 >= TWO32 ? 1 : 0;
    s1 = s1 >>> 0;
    let g0 = h0 + c;
    c = g0 >= TWO32 ? 1 : 0;
    g0 = g0 >>> 0;
    const g1 = (h1 + c) >>> 0;
    if ((g0 & 0x1ff) === 0x1ff && s1 === 0xffffffff && s0 === 0xffffffff && carries64(P1, P0, m1, m0)) return false;
    h1 = g1;
    h0 = g0;
    l1 = s1;
    l0 = s0;
  }
  // Shift to 54 bits.
  const msb = h1 >>> 31;
  const shift = msb + 9;
  const r1 = h1 >>> shift;
  const r0 = ((h1 << (32 - shift)) | (h0 >>> shift)) >>> 0;
  exp2 -= 1 ^ msb;
  // Half-way ambiguity: the exact product may lie exactly between two doubles.
  if (l1 === 0 && l0 === 0 && (h0 & 0x1ff) === 0 && (r0 & 3) === 1) return false;
  // 54 → 53 bits, rounding half up (ties were excluded above unless already even-resolved).
  let m = r1 * 2147483648 + (r0 >>> 1) + (r0 & 1);
  if (m === TWO53) {
    m = TWO53 / 2;
    exp2 += 1;
  }
  if (exp2 <= 0 || exp2 >= 0x7ff) return false;
  out[at] = neg ? -m * POW2[exp2]! : m * POW2[exp2]!;
  return true;
}

function asciiText(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/**
 * Reads a plain decimal number at `b[start…]`, stopping at the first byte that cannot continue it,
 * and writes exactly the double `Number()` gives for the bytes read into `out[at]` (written, not
 * returned: a double returned from a call is boxed, one allocation per cell). The bytes must end
 * with one that is not part of a number (the CSV reader's lines end with `\n`): there is no
 * bounds check.
 *
 * @returns the index of the first byte after the number (the caller checks that the field ends
 *   there), or −1 − that index when the bytes read are not a complete number (`-`, `.`, `1e`,
 *   `e5`, nothing); then `out[at]` is left as it was.
 */
export function parseDecimalBytes(b: Uint8Array, start: number, out: Float64Array, at: number): number {
  let i = start;
  let c = b[i]!;
  const neg = c === 45; // '-'
  if (neg || c === 43) c = b[++i]!; // '+'
  // Mantissa digits: into `hi` while hi·10 + 9 stays below 2^53 (exact: 15 or 16 digits, leading
  // zeros free), then into `lo`, `loDigits` of them. The value is (hi·10^loDigits + lo) · 10^scale.
  let hi = 0;
  let lo = 0;
  let loDigits = 0;
  const intStart = i;
  while (c >= 48 && c <= 57) {
    if (hi < HI_LIMIT) hi = hi * 10 + (c - 48);
    else {
      lo = lo * 10 + (c - 48);
      loDigits++;
    }
    c = b[++i]!;
  }
  let digits = i - intStart;
  let scale = 0;
  if (c === 46) {
    // '.'
    c = b[++i]!;
    const fracStart = i;
    while (c >= 48 && c <= 57) {
      if (hi < HI_LIMIT) hi = hi * 10 + (c - 48);
      else {
        lo = lo * 10 + (c - 48);
        loDigits++;
      }
      c = b[++i]!;
    }
    digits += i - fracStart;
    scale = fracStart - i;
  }
  if (digits === 0) return -1 - i;
  if (c === 101 || c === 69) {
    // 'e' / 'E': an exponent needs at least one digit, else the text is not a number.
    c = b[++i]!;
    const eneg = c === 45;
    if (eneg || c === 43) c = b[++i]!;
    if (!(c >= 48 && c <= 57)) return -1 - i;
    let e = 0;
    while (c >= 48 && c <= 57) {
      if (e < 100_000_000) e = e * 10 + (c - 48);
      c = b[++i]!;
    }
    scale += eneg ? -e : e;
  }
  if (loDigits === 0) {
    if (hi === 0) {
      out[at] = neg ? -0 : 0;
      return i;
    }
    if (scale >= -22 && scale <= 22) {
      // Clinger: hi < 2^53 and 10^|scale| are exact, so one operation rounds once.
      const v = scale < 0 ? hi / POW10[-scale]! : hi * POW10[scale]!;
      out[at] = neg ? -v : v;
      return i;
    }
    const w1 = Math.floor(hi * INV32);
    if (eiselLemire(w1, hi - w1 * TWO32, scale, neg, out, at)) return i;
  } else if (loDigits <= 3) {
    // w = hi · 10^loDigits + lo < 2^53 · 10^3 < 2^64, as two 32-bit halves.
    const p = POW10[loDigits]!;
    const hh = Math.floor(hi * INV32);
    const x = (hi - hh * TWO32) * p + lo; // < 2^42: exact
    const carry = Math.floor(x * INV32);
    const w0 = x - carry * TWO32;
    const w1 = hh * p + carry;
    if (w1 < 2097152 && scale >= -22 && scale <= 22) {
      // w < 2^53: Clinger again.
      const w = w1 * TWO32 + w0;
      const v = scale < 0 ? w / POW10[-scale]! : w * POW10[scale]!;
      out[at] = neg ? -v : v;
      return i;
    }
    if (eiselLemire(w1, w0, scale, neg, out, at)) return i;
  }
  // More than 19 significant digits, or a case Eisel–Lemire leaves open: Number() decides.
  out[at] = Number(asciiText(b, start, i));
  return i;
}
