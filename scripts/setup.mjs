#!/usr/bin/env node
// Installs whatever is missing, then exits; quick when nothing is. Run by `npm test` and
// `npm run bench` (the README's two commands) before they do their work.
//   node scripts/setup.mjs          pnpm 12.4.2 + workspace dependencies (frozen lockfile)
//   node scripts/setup.mjs --test   the same, plus Debian's chromium for the report's browser test
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOutputFilter } from './install-output.mjs';

const PNPM_VERSION = '12.4.2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`setup: ${what} failed (${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

function pnpmVersion() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

// 1. pnpm, pinned. Corepack cannot verify signatures on this registry, so npm installs it.
if (pnpmVersion() !== PNPM_VERSION) {
  console.log(`setup: installing pnpm ${PNPM_VERSION} with npm …`);
  run('npm', ['install', '-g', '--allow-scripts=pnpm', `pnpm@${PNPM_VERSION}`], 'installing pnpm');
}

// 2. Workspace dependencies. pnpm answers in well under a second when nothing changed. Its output
// goes through install-output.mjs: tfjs-node's failed download offline is one line, not 25.
await new Promise((resolveRun) => {
  const args = ['install', '--frozen-lockfile', '--reporter=append-only'];
  const child = spawn('pnpm', args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
  const filter = installOutputFilter();
  let open = 2;
  for (const [stream, sink] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (l) => {
      for (const o of filter.line(l)) sink.write(o + '\n');
    });
    rl.on('close', () => {
      if (--open === 0) for (const o of filter.end()) process.stdout.write(o + '\n');
    });
  }
  child.on('error', (err) => {
    console.error(`setup: pnpm install failed (${err.message}).`);
    process.exit(1);
  });
  child.on('close', (code, signal) => {
    if (code !== 0) {
      console.error(`setup: pnpm install failed (pnpm ${args.join(' ')} exited with ${code ?? signal}).`);
      process.exit(code ?? 1);
    }
    resolveRun();
  });
});

// 3. The report's browser test drives Debian's chromium (Playwright's own download does not work here).
if (forTests && !existsSync('/usr/bin/chromium')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (isRoot && apt) {
    console.log('setup: installing chromium (Debian package) for the report browser test …');
    run('apt-get', ['update', '-qq'], 'apt-get update');
    run('apt-get', ['install', '-y', '-qq', 'chromium'], 'installing chromium');
  } else {
    console.warn(
      'setup: /usr/bin/chromium is missing and cannot be installed from here' +
        (isRoot ? ' (no apt-get)' : ' (not root)') +
        '. Install it with `sudo apt-get install -y chromium`; the report browser test will fail until then.',
    );
  }
}
