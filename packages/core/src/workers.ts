/**
 * Node-only helpers for packages that run work on worker threads (`@mlcompare/core/workers`).
 * Kept out of the main entry point, which also runs in browsers.
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * piscina's `filename` and `execArgv` for the worker module `name` that sits next to the calling
 * module: `./NAME.ts` when the caller runs from source (tsx, vitest: the worker then gets tsx's
 * loader and the `@mlcompare/source` condition too), `./NAME.js` when it runs from `dist/`.
 * @param moduleUrl - the calling module's `import.meta.url`.
 * @param name - the worker module's file name without its extension.
 * @returns the options to spread into `new Piscina({ ... })`.
 * @example
 * ```ts
 * new Piscina({ ...workerSpec(import.meta.url, 'knn-worker'), maxThreads: 2 });
 * ```
 */
export function workerSpec(moduleUrl: string, name: string): { filename: string; execArgv: string[] } {
  const fromSource = moduleUrl.endsWith('.ts');
  const filename = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, moduleUrl).href;
  const execArgv = [...process.execArgv];
  if (!fromSource) return { filename, execArgv };
  const tsxLoader = pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href;
  if (!execArgv.some((a) => a.endsWith('/tsx/dist/loader.mjs'))) execArgv.push('--import', tsxLoader);
  if (!execArgv.includes('--conditions=@mlcompare/source') && !execArgv.includes('@mlcompare/source')) execArgv.push('--conditions=@mlcompare/source');
  return { filename, execArgv };
}
