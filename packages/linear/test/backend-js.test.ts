// A host whose WebAssembly has no SIMD (WebAssembly.validate rejects the kernel's module): the
// L-BFGS products run on core's JavaScript fallback, and the model says so. Its own file,
// because the kernel is compiled once per module instance.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LogisticRegression } from '../src/index.js';

beforeAll(() => {
  // The workspace's lib has no WebAssembly typings; the stub keeps the real constructors.
  const real = (globalThis as unknown as { WebAssembly: Record<'Module' | 'Instance' | 'Memory', unknown> }).WebAssembly;
  vi.stubGlobal('WebAssembly', { validate: () => false, Module: real.Module, Instance: real.Instance, Memory: real.Memory });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('LogisticRegression backend without WebAssembly SIMD', () => {
  it("fits on the JavaScript kernels and says 'js'", async () => {
    const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4], [9, 0], [9, 1]];
    const y = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c'];
    const m = await new LogisticRegression().fit(X, y);
    expect(m.backend).toBe('js');
    expect(await m.predict([[0, 0.5], [4.5, 4.5], [9, 0.5]])).toEqual(['a', 'b', 'c']);
    expect(LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m))).backend).toBe('js');
  });
});
