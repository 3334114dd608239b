/**
 * Waiting for other processes, and reading what they wrote: what the multi-process tests (the
 * queue's workers and coordinators) share.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobResult } from '@mlcompare/core';

/**
 * Resolves after `ms` milliseconds.
 * @param ms - how long.
 * @returns a promise of nothing.
 */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `ok` every 50 ms until it is true.
 * @param what - what is waited for, named in the error.
 * @param ok - the condition.
 * @param ms - how long to wait at most.
 * @throws Error `timed out waiting for WHAT` after `ms`.
 */
export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Every line of a run folder's `results.jsonl`, duplicates included (the store's reader would hide
 * them); none when the file does not exist yet.
 * @param dir - the run folder.
 * @returns the parsed lines, in file order.
 */
export function resultLines(dir: string): JobResult[] {
  const f = join(dir, 'results.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as JobResult);
}
