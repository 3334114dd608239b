import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hand-written fixture run (3 datasets, an error, timeouts, a torn last line). */
export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/run/', import.meta.url));

/** A fresh copy of the fixture run in a temporary folder (reports get written into it). */
export function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlcompare-report-'));
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  return dir;
}

export const XSS = '<script>alert(1)</script>';
