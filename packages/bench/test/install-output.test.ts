/**
 * The first run (`npm test`, `npm run bench`: scripts/setup.mjs → pnpm install) offline: tfjs-node's
 * failed libtensorflow download is said in one line, not as the 25-line stack trace pnpm relays.
 * The fixture is what `pnpm rebuild @tensorflow/tfjs-node --reporter=append-only` printed on this
 * offline machine (pnpm 12.4.2, tfjs-node 4.22.0); scripts/install-output.mjs runs as the filter
 * setup.mjs uses, in a child process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FILTER = fileURLToPath(new URL('../../../scripts/install-output.mjs', import.meta.url));
const OFFLINE = readFileSync(fileURLToPath(new URL('./fixtures/pnpm-install-tfjs-node-offline.txt', import.meta.url)), 'utf8');

function filter(input: string): string {
  const r = spawnSync(process.execPath, [FILTER], { input, encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('pnpm install output on the first run', () => {
  it('offline: the tfjs-node block becomes one line naming the reason and the backend used; the rest stays', () => {
    expect(OFFLINE.split('\n').filter((l) => l.includes('tfjs-node install')).length).toBeGreaterThanOrEqual(24);
    expect(filter(OFFLINE)).toBe(
      [
        '✓ Lockfile passes supply-chain policies (verified 1h ago)',
        'Already up to date',
        'setup: native TensorFlow unavailable (offline: cannot reach storage.googleapis.com) → mlp uses the WebAssembly backend',
        `Done in ${/Done in (\S+)/.exec(OFFLINE)![1]} using pnpm v12.4.2`,
        '',
      ].join('\n'),
    );
  });
  it('another failure is named by its error line; a tfjs-node install that succeeds is shown as it is', () => {
    const other = ['a', '.../node_modules/@tensorflow/tfjs-node install$ node scripts/install.js', '.../node_modules/@tensorflow/tfjs-node install: Error: connect ECONNREFUSED 10.0.0.1:443', '.../node_modules/@tensorflow/tfjs-node install: Failed', 'b'];
    expect(filter(other.join('\n') + '\n')).toBe('a\nsetup: native TensorFlow unavailable (connect ECONNREFUSED 10.0.0.1:443) → mlp uses the WebAssembly backend\nb\n');
    const ok = ['.../node_modules/@tensorflow/tfjs-node install$ node scripts/install.js', '.../node_modules/@tensorflow/tfjs-node install: * Downloading libtensorflow', '.../node_modules/@tensorflow/tfjs-node install: Done', 'Done in 3s'];
    expect(filter(ok.join('\n') + '\n')).toBe(ok.join('\n') + '\n');
    // a block cut off by the end of the output is shown too
    expect(filter(ok.slice(0, 2).join('\n') + '\n')).toBe(ok.slice(0, 2).join('\n') + '\n');
  });
});
