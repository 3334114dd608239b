/**
 * What identifies a run's content: canonical JSON (equal values, equal text: the suite hash, the
 * queue's job ids) and mlcompare's version (recorded in a run's fingerprint, checked by queue workers).
 */
import { createRequire } from 'node:module';

/**
 * JSON with object keys sorted, so equal values give equal text.
 * @param v - a JSON value.
 * @returns its canonical text.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * mlcompare's version: the `@mlcompare/bench` package's.
 * @returns the version.
 */
export function mlcompareVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
