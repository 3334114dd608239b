/**
 * C = act(A·B + bias) for row-major float32 matrices in WebAssembly SIMD, reading B as it lies:
 * no packing.
 *
 * Why: tfjs-backend-wasm hands every matMul to XNNPACK, which builds an operator and packs
 * (copies and reorders) B on every call whose B tensor it has not seen — and in training every B
 * is new each step (the weights, their transposes, the deltas). For the 64-64-64-10 network
 * that packing costs about as much as the products themselves (measured: a 32 × 64 · 64 × 64
 * product with a new B, 29 µs; with a B already packed, 12 µs).
 *
 * Each output is summed exactly as XNNPACK's wasmsimd GEMM kernels sum it: the accumulator starts
 * at the bias (or 0), the products a[i,p]·b[p,j] are added one p at a time in increasing p, each
 * as a float32 multiply then a float32 add (WebAssembly SIMD has no fused multiply-add), and ReLU is
 * `pmax(0, acc)` (0 < acc ? acc : 0). So the results are bit-identical to the wasm backend's
 * `_FusedMatMul` (the direct-versus-engine test checks it on every training step).
 *
 * Tiles: 4 rows × 8 columns (eight f32x4 accumulators), then 4 columns, then single columns
 * (scalar f32, same order); rows in fours, then one by one.
 *
 * Functions `gemm`, `gemmRelu`, `gemmBias`, `gemmBiasRelu`:
 * `(A, B, C, m, k, n[, bias])`, addresses in bytes, A `m × k`, B `k × n`, C `m × n`, bias `n`.
 */
import { wasmEncoding, wasmOps, type WasmFunction } from '@mlcompare/core/internal';

const { get, set, i32, simd, I32, V128 } = wasmEncoding;
const { F32, END, BLOCK, LOOP, BR_IF, BR, I32_ADD, I32_MUL, I32_GT_S, I32_GE_S, F32_LOAD, F32_STORE, F32_ADD, F32_MUL, F32_LT, SELECT } = wasmOps;
const F32_ZERO = [0x43, 0, 0, 0, 0];
const V_LOAD = [...simd(0), 0, 0];
const V_STORE = [...simd(11), 0, 0];
const V_SPLAT = simd(19);
const V_ADD = simd(228);
const V_MUL = simd(230);
const V_PMAX = simd(235);
const V_ZERO = [...simd(12), ...new Array<number>(16).fill(0)];

/** The function `gemm[Bias][Relu]`. */
export function assembleGemm(bias: boolean, relu: boolean): WasmFunction {
  const [A, B, C, M, K, N, BIAS] = [0, 1, 2, 3, 4, 5, 6];
  const params = bias ? 7 : 6;
  // i32 locals
  let next = params;
  const I = next++;
  const J = next++;
  const P = next++; // k offset in bytes
  const KB = next++; // k·4
  const NB = next++; // n·4
  const BP = next++; // B + p·n·4 + j·4
  const AR = [next++, next++, next++, next++]; // A + (i + r)·k·4
  const CR = next++; // C + (i·n + j)·4
  const nI32 = next - params;
  // v128 locals
  const ACC = [0, 1, 2, 3].map(() => [next++, next++]);
  const VA = [next++, next++, next++, next++];
  const VB = [next++, next++];
  const VZ = next++;
  const nV128 = next - params - nI32;
  // f32 locals
  const FACC = [next++, next++, next++, next++];
  const FB = next++;
  const nF32 = next - params - nI32 - nV128;

  /** One mr × (8 | 4 | 1) tile at rows I.., column J; afterwards J advances. */
  const tile = (mr: number, kind: 'v8' | 'v4' | 's'): number[] => {
    const c: number[] = [];
    const nv = kind === 'v8' ? 2 : 1;
    const vec = kind !== 's';
    // Row addresses of A, and C's first output.
    for (let r = 0; r < mr; r++) c.push(...get(A), ...get(I), ...i32(r), I32_ADD, ...get(KB), I32_MUL, I32_ADD, ...set(AR[r]!));
    c.push(...get(C), ...get(I), ...get(N), I32_MUL, ...get(J), I32_ADD, ...i32(2), 0x74, I32_ADD, ...set(CR)); // 0x74: i32.shl
    // Accumulators start at the bias, or 0.
    for (let r = 0; r < mr; r++) {
      for (let v = 0; v < nv; v++) {
        if (bias) c.push(...get(BIAS), ...get(J), ...i32(2), 0x74, I32_ADD);
        if (vec) c.push(...(bias ? [...V_LOAD.slice(0, -1), 16 * v] : V_ZERO), ...set(ACC[r]![v]!));
        else c.push(...(bias ? F32_LOAD : F32_ZERO), ...set(FACC[r]!));
      }
    }
    // for (p = 0, bp = B + j·4; p < k·4; p += 4, bp += n·4)
    c.push(...i32(0), ...set(P), ...get(B), ...get(J), ...i32(2), 0x74, I32_ADD, ...set(BP));
    c.push(...BLOCK, ...LOOP, ...get(P), ...get(KB), I32_GE_S, BR_IF, 1);
    if (vec) {
      for (let r = 0; r < mr; r++) c.push(...get(AR[r]!), ...get(P), I32_ADD, ...F32_LOAD, ...V_SPLAT, ...set(VA[r]!));
      for (let v = 0; v < nv; v++) c.push(...get(BP), ...V_LOAD.slice(0, -1), 16 * v, ...set(VB[v]!));
      for (let r = 0; r < mr; r++) {
        for (let v = 0; v < nv; v++) c.push(...get(ACC[r]![v]!), ...get(VA[r]!), ...get(VB[v]!), ...V_MUL, ...V_ADD, ...set(ACC[r]![v]!));
      }
    } else {
      c.push(...get(BP), ...F32_LOAD, ...set(FB));
      for (let r = 0; r < mr; r++) {
        c.push(...get(FACC[r]!), ...get(AR[r]!), ...get(P), I32_ADD, ...F32_LOAD, ...get(FB), F32_MUL, F32_ADD, ...set(FACC[r]!));
      }
    }
    c.push(...get(P), ...i32(4), I32_ADD, ...set(P), ...get(BP), ...get(NB), I32_ADD, ...set(BP), BR, 0, END, END);
    // ReLU as pmax(0, acc), and the stores.
    for (let r = 0; r < mr; r++) {
      for (let v = 0; v < nv; v++) {
        // address: CR + r·n·4 + 16v
        c.push(...get(CR));
        if (r > 0) c.push(...get(NB), ...i32(r), I32_MUL, I32_ADD);
        if (vec) {
          c.push(...(relu ? [...get(VZ), ...get(ACC[r]![v]!), ...V_PMAX] : get(ACC[r]![v]!)));
          c.push(...V_STORE.slice(0, -1), 16 * v);
        } else {
          if (relu) c.push(...get(FACC[r]!), ...F32_ZERO, ...F32_ZERO, ...get(FACC[r]!), F32_LT, SELECT);
          else c.push(...get(FACC[r]!));
          c.push(...F32_STORE);
        }
      }
    }
    c.push(...get(J), ...i32(kind === 'v8' ? 8 : kind === 'v4' ? 4 : 1), I32_ADD, ...set(J));
    return c;
  };

  /** The column loops for rows I.. (mr of them). */
  const columns = (mr: number): number[] => {
    const c: number[] = [...i32(0), ...set(J)];
    for (const [kind, w] of [
      ['v8', 8],
      ['v4', 4],
      ['s', 1],
    ] as const) {
      // while (j + w <= n) tile
      c.push(...BLOCK, ...LOOP, ...get(J), ...i32(w), I32_ADD, ...get(N), I32_GT_S, BR_IF, 1);
      c.push(...tile(mr, kind), BR, 0, END, END);
    }
    return c;
  };

  const body: number[] = [];
  body.push(...get(K), ...i32(2), 0x74, ...set(KB));
  body.push(...get(N), ...i32(2), 0x74, ...set(NB));
  body.push(...V_ZERO, ...set(VZ));
  body.push(...i32(0), ...set(I));
  for (const mr of [4, 1]) {
    // while (i + mr <= m) { columns; i += mr }
    body.push(...BLOCK, ...LOOP, ...get(I), ...i32(mr), I32_ADD, ...get(M), I32_GT_S, BR_IF, 1);
    body.push(...columns(mr), ...get(I), ...i32(mr), I32_ADD, ...set(I), BR, 0, END, END);
  }
  return {
    name: `gemm${bias ? 'Bias' : ''}${relu ? 'Relu' : ''}`,
    params,
    locals: [
      [nI32, I32],
      [nV128, V128],
      [nF32, F32],
    ],
    body,
  };
}
