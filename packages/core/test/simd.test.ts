import { describe, expect, it } from 'vitest';
import { InputError, Rng } from '../src/index.js';
import { compileSimd, instantiateSimd, pairwiseDots, pairwiseDotsJs, wasmEncoding } from '../src/internal/index.js';

/** A plain left-to-right dot product (for the "close to the true value" check only). */
function naiveDot(a: Float64Array, ai: number, b: Float64Array, bi: number, len: number): number {
  let s = 0;
  for (let t = 0; t < len; t++) s += a[ai + t]! * b[bi + t]!;
  return s;
}

describe('wasmEncoding', () => {
  it('encodes LEB128 integers as the WebAssembly spec examples do', () => {
    expect(wasmEncoding.uleb(0)).toEqual([0]);
    expect(wasmEncoding.uleb(127)).toEqual([0x7f]);
    expect(wasmEncoding.uleb(128)).toEqual([0x80, 0x01]);
    expect(wasmEncoding.uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(wasmEncoding.sleb(-1)).toEqual([0x7f]);
    expect(wasmEncoding.sleb(63)).toEqual([0x3f]);
    expect(wasmEncoding.sleb(64)).toEqual([0xc0, 0x00]);
    expect(wasmEncoding.sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('builds a module the host validates and runs', () => {
    const { get, i32 } = wasmEncoding;
    // put(p): i32.store(p, -42)
    const body = [...get(0), ...i32(-42), 0x36, 2, 0];
    const bytes = wasmEncoding.moduleBytes([{ name: 'put', params: 1, locals: [], body }]);
    const wasm = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm?.validate(bytes)).toBe(true);
    expect(compileSimd(bytes)).not.toBeNull();
  });

  it('declares the imported memory shared, with its maximum, only when asked: a shared memory is refused otherwise', () => {
    const { get, i32 } = wasmEncoding;
    const put = [{ name: 'put', params: 1, locals: [], body: [...get(0), ...i32(-42), 0x36, 2, 0] }];
    type Wasm = {
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object, i: object) => { exports: { put(p: number): void } };
      Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike };
    };
    const api = (globalThis as { WebAssembly?: Wasm }).WebAssembly!;
    const mem = new api.Memory({ initial: 1, maximum: 4, shared: true });
    const shared = new api.Instance(new api.Module(wasmEncoding.moduleBytes(put, 4)), { env: { mem } });
    shared.exports.put(8);
    expect(new Int32Array(mem.buffer)[2]).toBe(-42);
    expect(() => new api.Instance(new api.Module(wasmEncoding.moduleBytes(put)), { env: { mem } })).toThrow();
    // A declared maximum below the memory's is refused too: the maximum is really written.
    expect(() => new api.Instance(new api.Module(wasmEncoding.moduleBytes(put, 2)), { env: { mem } })).toThrow();
  });
});

describe('pairwiseDots', () => {
  const shapes: Array<[np: number, nq: number, len: number]> = [
    [1, 1, 1],
    [2, 4, 2],
    [3, 5, 7],
    [7, 9, 64],
    [5, 6, 13],
    [4, 3, 0],
  ];

  for (const [np, nq, len] of shapes) {
    it(`gives the JavaScript fallback's sums bit for bit (np ${np}, nq ${nq}, len ${len})`, () => {
      const rng = new Rng(np * 100 + nq * 10 + len);
      const sp = len + 1; // strides larger than len
      const sq = len + 3;
      const so = nq + 2;
      const k = pairwiseDots(np * sp + nq * sq + np * so, 3);
      const P = k.alloc(np * sp);
      const Q = k.alloc(nq * sq);
      const out = k.alloc(np * so).fill(Number.NaN);
      for (let i = 0; i < P.length; i++) P[i] = rng.normal() * 10 ** rng.int(6);
      for (let i = 0; i < Q.length; i++) Q[i] = rng.normal() * 10 ** -rng.int(6);
      k.dots(P, np, sp, Q, nq, sq, len, out, so);
      const ref = new Float64Array(np * so).fill(Number.NaN);
      pairwiseDotsJs(P, np, sp, Q, nq, sq, len, ref, so);
      expect(Array.from(out)).toEqual(Array.from(ref));
      for (let p = 0; p < np; p++) {
        for (let q = 0; q < nq; q++) {
          const want = naiveDot(P, p * sp, Q, q * sq, len);
          let scale = 0;
          for (let t = 0; t < len; t++) scale += Math.abs(P[p * sp + t]! * Q[q * sq + t]!);
          expect(Math.abs(out[p * so + q]! - want)).toBeLessThanOrEqual(1e-14 * scale);
        }
        for (let q = nq; q < so; q++) expect(out[p * so + q]).toBeNaN(); // padding untouched
      }
    });
  }

  it('runs on the SIMD kernel in this Node and sums even and odd terms apart, as documented', () => {
    const k = pairwiseDots(8, 3);
    expect(k.simd).toBe(true);
    const P = k.alloc(4);
    const Q = k.alloc(4);
    const out = k.alloc(1);
    P.set([1e16, 1, -1e16, 1]);
    Q.set([1, 1, 1, 1]);
    k.dots(P, 1, 4, Q, 1, 4, 4, out, 1);
    // even terms 1e16 − 1e16 = 0, odd terms 1 + 1 = 2; left to right would give (1e16 + 1) − 1e16 + 1 = 1.
    expect(out[0]).toBe(2);
    expect(naiveDot(P, 0, Q, 0, 4)).toBe(1);
    const ref = new Float64Array(1);
    pairwiseDotsJs(P, 1, 4, Q, 1, 4, 4, ref, 1);
    expect(ref[0]).toBe(2);
  });

  it('lends its memory to another module, which then works on the kernel\'s views in place', () => {
    const dots = pairwiseDots(8, 2);
    expect(dots.simd).toBe(true);
    const a = dots.alloc(3);
    const out = dots.alloc(1);
    a.set([1.5, -2, 4]);
    // sum(p, n, q): f64.store(q, a[0] + … + a[n-1]) over the caller's memory.
    const { get, set, i32, F64 } = wasmEncoding;
    const body = [
      ...[0x44, 0, 0, 0, 0, 0, 0, 0, 0], ...set(3),
      0x02, 0x40, 0x03, 0x40,
      ...get(1), 0x45, 0x0d, 1,
      ...get(3), ...get(0), 0x2b, 3, 0, 0xa0, ...set(3),
      ...get(0), ...i32(8), 0x6a, ...set(0), ...get(1), ...i32(-1), 0x6a, ...set(1), 0x0c, 0,
      0x0b, 0x0b,
      ...get(2), ...get(3), 0x39, 3, 0,
    ]; // prettier-ignore
    const mod = compileSimd(wasmEncoding.moduleBytes([{ name: 'sum', params: 3, locals: [[1, F64]], body }]))!;
    const inst = instantiateSimd(mod, dots.memory!);
    expect(inst.memory).toBe(dots.memory);
    (inst.exports.sum as (p: number, n: number, q: number) => void)(a.byteOffset, 3, out.byteOffset);
    expect(out[0]).toBe(3.5);
  });

  it('names the argument and the rule when a size is invalid', () => {
    expect(() => pairwiseDots(-1, 1)).toThrow(InputError);
    expect(() => pairwiseDots(-1, 1)).toThrow(/pairwiseDots: totalDoubles must be a non-negative integer, got -1/);
    expect(() => pairwiseDots(10, 1.5)).toThrow(/arrays must be a non-negative integer, got 1.5/);
  });
});
