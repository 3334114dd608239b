/**
 * The two dense products the iterative linear models spend their time in, register-blocked
 * so that several independent accumulators hide the latency of floating-point addition
 * (a single running sum is bound by it: about four cycles per multiply-add).
 */

/**
 * `Z[i·k + c] = bias_c + Σ_j A[i·d + j] · W[c·ws + j]` for n rows of `A` (row-major n × d)
 * and k rows of `W` (stride `ws` ≥ d). `bias_c = W[c·ws + d]` when `biasInW`, else 0.
 *
 * Every dot product is summed in the order of the WebAssembly kernel (wasm-dots.ts): terms
 * with even j and with odd j in two running sums, then their sum, then the last term when d is
 * odd, then the bias; so a row gives bit-identical values alone or in a batch, on either kernel.
 */
export function linearForward(
  A: Float64Array,
  n: number,
  d: number,
  W: Float64Array,
  k: number,
  ws: number,
  biasInW: boolean,
  Z: Float64Array,
): void {
  const dEven = d - (d & 1);
  const last = d - 1;
  const odd = (d & 1) === 1;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const a0 = i * d;
    const a1 = a0 + d;
    let c = 0;
    for (; c + 2 <= k; c += 2) {
      const w0 = c * ws;
      const w1 = w0 + ws;
      let e00 = 0, o00 = 0, e01 = 0, o01 = 0, e10 = 0, o10 = 0, e11 = 0, o11 = 0; // prettier-ignore
      for (let j = 0; j < dEven; j += 2) {
        const x0 = A[a0 + j]!;
        const y0 = A[a0 + j + 1]!;
        const x1 = A[a1 + j]!;
        const y1 = A[a1 + j + 1]!;
        const u = W[w0 + j]!;
        const v = W[w0 + j + 1]!;
        const p = W[w1 + j]!;
        const q = W[w1 + j + 1]!;
        e00 += x0 * u;
        o00 += y0 * v;
        e01 += x0 * p;
        o01 += y0 * q;
        e10 += x1 * u;
        o10 += y1 * v;
        e11 += x1 * p;
        o11 += y1 * q;
      }
      let s00 = e00 + o00;
      let s01 = e01 + o01;
      let s10 = e10 + o10;
      let s11 = e11 + o11;
      if (odd) {
        s00 += A[a0 + last]! * W[w0 + last]!;
        s01 += A[a0 + last]! * W[w1 + last]!;
        s10 += A[a1 + last]! * W[w0 + last]!;
        s11 += A[a1 + last]! * W[w1 + last]!;
      }
      const b0 = biasInW ? W[w0 + d]! : 0;
      const b1 = biasInW ? W[w1 + d]! : 0;
      const z = i * k + c;
      Z[z] = s00 + b0;
      Z[z + 1] = s01 + b1;
      Z[z + k] = s10 + b0;
      Z[z + k + 1] = s11 + b1;
    }
    for (; c < k; c++) {
      Z[i * k + c] = dotPair(A, a0, W, c * ws, dEven, odd, last) + (biasInW ? W[c * ws + d]! : 0);
      Z[(i + 1) * k + c] = dotPair(A, a1, W, c * ws, dEven, odd, last) + (biasInW ? W[c * ws + d]! : 0);
    }
  }
  for (; i < n; i++) {
    for (let c = 0; c < k; c++) Z[i * k + c] = dotPair(A, i * d, W, c * ws, dEven, odd, last) + (biasInW ? W[c * ws + d]! : 0);
  }
}

/** One dot product in the two-lane order of {@link linearForward}. */
function dotPair(A: Float64Array, a: number, W: Float64Array, w: number, dEven: number, odd: boolean, last: number): number {
  let e = 0;
  let o = 0;
  for (let j = 0; j < dEven; j += 2) {
    e += A[a + j]! * W[w + j]!;
    o += A[a + j + 1]! * W[w + j + 1]!;
  }
  let s = e + o;
  if (odd) s += A[a + last]! * W[w + last]!;
  return s;
}

/**
 * `G[c·gs + j] = Σ_i R[c·n + i] · At[j·n + i]` (and, when `withBias`, `G[c·gs + d] = Σ_i R[c·n + i]`)
 * for residuals `R` (k × n, class-major) and the transposed data `At` (d × n); overwrites G's
 * first d (+1) entries of each of the k rows.
 */
export function linearBackward(
  R: Float64Array,
  k: number,
  n: number,
  At: Float64Array,
  d: number,
  G: Float64Array,
  gs: number,
  withBias: boolean,
): void {
  let c = 0;
  for (; c + 2 <= k; c += 2) {
    const r0 = c * n;
    const r1 = r0 + n;
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const t0 = j * n;
      const t1 = t0 + n;
      const t2 = t1 + n;
      const t3 = t2 + n;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
      for (let i = 0; i < n; i++) {
        const u = R[r0 + i]!;
        const v = R[r1 + i]!;
        const x0 = At[t0 + i]!;
        const x1 = At[t1 + i]!;
        const x2 = At[t2 + i]!;
        const x3 = At[t3 + i]!;
        s00 += u * x0;
        s01 += u * x1;
        s02 += u * x2;
        s03 += u * x3;
        s10 += v * x0;
        s11 += v * x1;
        s12 += v * x2;
        s13 += v * x3;
      }
      const g0 = c * gs + j;
      const g1 = g0 + gs;
      G[g0] = s00;
      G[g0 + 1] = s01;
      G[g0 + 2] = s02;
      G[g0 + 3] = s03;
      G[g1] = s10;
      G[g1 + 1] = s11;
      G[g1 + 2] = s12;
      G[g1 + 3] = s13;
    }
    for (; j < d; j++) {
      const t0 = j * n;
      let s0 = 0, s1 = 0; // prettier-ignore
      for (let i = 0; i < n; i++) {
        const x = At[t0 + i]!;
        s0 += R[r0 + i]! * x;
        s1 += R[r1 + i]! * x;
      }
      G[c * gs + j] = s0;
      G[(c + 1) * gs + j] = s1;
    }
  }
  for (; c < k; c++) {
    const r0 = c * n;
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const t0 = j * n;
      const t1 = t0 + n;
      const t2 = t1 + n;
      const t3 = t2 + n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let i = 0; i < n; i++) {
        const u = R[r0 + i]!;
        s0 += u * At[t0 + i]!;
        s1 += u * At[t1 + i]!;
        s2 += u * At[t2 + i]!;
        s3 += u * At[t3 + i]!;
      }
      const g0 = c * gs + j;
      G[g0] = s0;
      G[g0 + 1] = s1;
      G[g0 + 2] = s2;
      G[g0 + 3] = s3;
    }
    for (; j < d; j++) {
      const t0 = j * n;
      let s0 = 0, s1 = 0; // prettier-ignore
      let i = 0;
      for (; i + 2 <= n; i += 2) {
        s0 += R[r0 + i]! * At[t0 + i]!;
        s1 += R[r0 + i + 1]! * At[t0 + i + 1]!;
      }
      if (i < n) s0 += R[r0 + i]! * At[t0 + i]!;
      G[c * gs + j] = s0 + s1;
    }
  }
  if (withBias) {
    for (let c2 = 0; c2 < k; c2++) {
      const r0 = c2 * n;
      let s0 = 0, s1 = 0; // prettier-ignore
      let i = 0;
      for (; i + 2 <= n; i += 2) {
        s0 += R[r0 + i]!;
        s1 += R[r0 + i + 1]!;
      }
      if (i < n) s0 += R[r0 + i]!;
      G[c2 * gs + d] = s0 + s1;
    }
  }
}

/** The transpose of a row-major n × d matrix (d × n). */
export function transpose(A: Float64Array, n: number, d: number): Float64Array {
  const T = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) T[j * n + i] = A[o + j]!;
  }
  return T;
}
