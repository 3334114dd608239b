/**
 * The `mlcompare` command line run in this process with its output captured, as the CLI tests
 * drive it, and the scratch folder each test file runs it in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { main, type CliIO } from '../../src/cli.js';

/** What a CLI call gave: its exit code and everything it wrote. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The test registry (`test/fixtures/registry.ts`: small, fast models). */
export const FIXTURE_REGISTRY = new URL('../fixtures/registry.ts', import.meta.url).href;

/** The test suites folder (`test/fixtures/suites/`). */
export const FIXTURE_SUITES = fileURLToPath(new URL('../fixtures/suites/', import.meta.url));

/**
 * A fresh folder under the system's temporary folder, removed when the test file ends.
 * @param prefix - the folder name's beginning (`mlcompare-cli-`).
 * @returns its path.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs `mlcompare ARGV` in this process. Standard output and error are captured (error not a
 * terminal), and the run gets its own abort signal, so no process signal handler is installed.
 * @param argv - the arguments after `mlcompare`.
 * @param io - at least the working folder; the registry and suites folder when not the defaults.
 * @returns the exit code and the output.
 */
export async function runCli(argv: string[], io: Partial<CliIO> & { cwd: string }): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    signal: new AbortController().signal,
    ...io,
  });
  return { code, out, err };
}
