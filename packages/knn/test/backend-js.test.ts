// A host whose WebAssembly has no SIMD (WebAssembly.validate rejects the kernel's module): the
// brute-force scan runs its JavaScript kernel, and the model says so. Its own file, because the
// kernel is compiled once per module instance.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KNNClassifier, KNNRegressor } from '../src/index.js';

beforeAll(() => {
  // The workspace's lib has no WebAssembly typings; the stub keeps the real constructors.
  const real = (globalThis as unknown as { WebAssembly: Record<'Module' | 'Instance' | 'Memory', unknown> }).WebAssembly;
  vi.stubGlobal('WebAssembly', { validate: () => false, Module: real.Module, Instance: real.Instance, Memory: real.Memory });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('k-NN backend without WebAssembly SIMD', () => {
  it("brute force runs the JavaScript kernel and says 'js', with the same neighbours", async () => {
    const X = [[0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [6, 5]];
    const clf = await new KNNClassifier({ nNeighbors: 3, algorithm: 'brute' }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(await clf.predict([[0.2, 0.1], [5.5, 5.4]])).toEqual(['a', 'b']);
    expect(clf.backend).toBe('js');
    const reg = await new KNNRegressor({ nNeighbors: 2, algorithm: 'brute' }).fit(X, [0, 1, 2, 3, 4, 5]);
    expect(await reg.predict([[0, 0.9]])).toEqual([0.5]);
    expect(reg.backend).toBe('js');
  });
});
