#!/usr/bin/env node
// Installs whatever is missing, then exits; quick when nothing is. Run by `npm test` and
// `npm run bench` (the README's two commands) before they do their work.
//   node scripts/setup.mjs          pnpm 12.4.2 + workspace dependencies (frozen lockfile)
//   node scripts/setup.mjs --test   the same, plus Debian's chromium (the report's browser test) and
//                                   redis-server (the queue tests)
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

// 3. Debian packages the tests drive: the report's browser test needs chromium (Playwright's own
// download does not work here), the queue tests a real Redis (`redis-server`: BullMQ's state
// changes are Lua scripts, which no mock runs).
const debs = [
  { pkg: 'chromium', bin: '/usr/bin/chromium', why: 'the report browser test' },
  { pkg: 'redis-server', bin: '/usr/bin/redis-server', why: 'the queue tests (packages/bench/test/queue.test.ts)' },
];
const missing = forTests ? debs.filter((d) => !existsSync(d.bin)) : [];
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  const names = missing.map((d) => d.pkg);
  if (isRoot && apt) {
    console.log(`setup: installing ${names.join(' and ')} (Debian) for ${missing.map((d) => d.why).join(' and ')} …`);
    run('apt-get', ['update', '-qq'], 'apt-get update');
    run('apt-get', ['install', '-y', '-qq', ...names], `installing ${names.join(' ')}`);
  } else {
    for (const d of missing) {
      console.warn(
        `setup: ${d.bin} is missing and cannot be installed from here` +
          (isRoot ? ' (no apt-get)' : ' (not root)') +
          `. Install it with \`sudo apt-get install -y ${d.pkg}\`; ${d.why} will fail until then.`,
      );
    }
  }
}
