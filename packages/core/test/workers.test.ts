import { describe, expect, it } from 'vitest';
import { workerSpec } from '../src/workers.js';

describe('workerSpec (@mlcompare/core/workers)', () => {
  it('from dist: the .js worker next to the caller, with the process execArgv unchanged', () => {
    const s = workerSpec('file:///pkg/dist/internal/threads.js', 'knn-worker');
    expect(s.filename).toBe('file:///pkg/dist/internal/knn-worker.js');
    expect(s.execArgv).toEqual(process.execArgv);
  });

  it('from source: the .ts worker, with tsx loaded and the source condition set, once each', () => {
    const s = workerSpec(import.meta.url, 'some-worker');
    expect(s.filename).toBe(new URL('./some-worker.ts', import.meta.url).href);
    const i = s.execArgv.lastIndexOf('--import');
    const hasLoader = s.execArgv.some((a) => a.endsWith('/tsx/dist/loader.mjs'));
    expect(hasLoader).toBe(true);
    if (!process.execArgv.some((a) => a.endsWith('/tsx/dist/loader.mjs'))) expect(s.execArgv[i + 1]).toMatch(/\/tsx\/dist\/loader\.mjs$/);
    expect(s.execArgv.filter((a) => a === '--conditions=@mlcompare/source' || a === '@mlcompare/source').length).toBeGreaterThanOrEqual(1);
    const again = workerSpec(import.meta.url, 'some-worker');
    expect(again.execArgv.filter((a) => a.endsWith('/tsx/dist/loader.mjs')).length).toBe(s.execArgv.filter((a) => a.endsWith('/tsx/dist/loader.mjs')).length);
  });
});
