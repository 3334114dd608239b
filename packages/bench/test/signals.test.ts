/**
 * Signals reach the run through the wrappers the README's commands use: the real `pnpm mlcompare`
 * (pnpm → sh → tsx → node cli.ts), `npm run mlcompare` and tsx, each started in its own process
 * group; only the top process is signalled, then no process of the group may survive, the finished
 * jobs are kept, the lock is released and the resume hint printed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isWrapper } from '../src/wrappers.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const registry = fileURLToPath(new URL('./fixtures/registry.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mlcompare-signals-'));
const groups: number[] = [];
afterAll(() => {
  // never leave a run behind, even when a test failed
  for (const g of groups) for (const pid of liveInGroup(g)) spawnSync('kill', ['-KILL', String(pid)]);
  rmSync(root, { recursive: true, force: true });
});

/** Live (not zombie) processes of a process group, from /proc. */
function liveInGroup(pgid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid && f[0] !== 'Z' && f[0] !== 'X') out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function lines(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length : 0;
}

/** Starts `cmd args` in its own process group, a run of dummy (2 quick jobs) then sleepy (120 s each) into `out`. */
function start(cmd: string, args: string[], out: string): { child: ChildProcess; stderr: () => string; closed: Promise<number | null> } {
  const child = spawn(cmd, [...args, 'bench', '--datasets', 'iris', '--models', 'dummy,sleepy', '--folds', '2', '--jobs', '1', '--out', out], {
    cwd: repo,
    detached: true,
    env: { ...process.env, MLCOMPARE_REGISTRY: registry, INIT_CWD: repo },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.push(child.pid!);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.resume();
  // 'close': every process that inherited the pipes has ended, not just the top one.
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, stderr: () => err, closed };
}

async function stopsCleanly(cmd: string, args: string[]): Promise<{ err: string; code: number | null }> {
  const out = join(root, `${cmd.replace(/\W/g, '')}-${groups.length}`);
  const run = start(cmd, args, out);
  await until('the two quick jobs', () => lines(join(out, 'results.jsonl')) >= 2, 60_000);
  await sleep(300); // the sleepy job is running now
  process.kill(run.child.pid!, 'SIGTERM'); // the top process only, as kill or timeout do
  await until('every process of the group to end', () => liveInGroup(run.child.pid!).length === 0, 15_000);
  const code = await run.closed;
  expect(lines(join(out, 'results.jsonl'))).toBe(2);
  expect(existsSync(join(out, 'run.lock'))).toBe(false);
  expect(readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  // The resume command is printed in the form that runs where the run was started (cli.ts resumeCommand).
  expect(run.stderr()).toMatch(new RegExp(`Interrupted\\. Finished jobs are saved in ${out}; continue with: .* bench --resume ${out}\\n`));
  return { err: run.stderr(), code };
}

describe.skipIf(process.platform !== 'linux')('signals through the wrappers', () => {
  it('SIGTERM to `pnpm mlcompare` (pnpm does not pass it on): the run notices its wrapper ended and stops, nothing survives', async () => {
    const { err } = await stopsCleanly('pnpm', ['mlcompare']);
    expect(err).toMatch(/The command that started this run \((tsx|sh -c|pnpm \w+) \(pid \d+\)\) has ended: stopping the run as on SIGTERM/);
  }, 120_000);

  it('SIGTERM to tsx reaches the CLI: stopped like Ctrl-C, exit 143', async () => {
    const { err, code } = await stopsCleanly(join(repo, 'node_modules/.bin/tsx'), ['--conditions=@mlcompare/source', 'packages/bench/src/cli.ts']);
    expect(err).toMatch(/^SIGTERM: stopping the run/m);
    expect(code).toBe(143);
  }, 120_000);

  it.skipIf(spawnSync('npm', ['--version']).status !== 0)('SIGTERM to `npm run mlcompare`: nothing survives', async () => {
    await stopsCleanly('npm', ['run', '--silent', 'mlcompare', '--']);
  }, 120_000);
});

describe('isWrapper: only the package manager, tsx and script shells are watched, never the user\'s shell', () => {
  it('tells wrappers from the rest', () => {
    for (const argv of [
      ['pnpm', 'mlcompare', 'bench'],
      ['/usr/bin/node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'run', 'bench'],
      ['node', '/x/node_modules/.bin/../tsx/dist/cli.mjs', '--conditions=@mlcompare/source', 'cli.ts'],
      ['sh', '-c', 'tsx --conditions=@mlcompare/source packages/bench/src/cli.ts bench'],
      ['/bin/bash', '-c', 'pnpm mlcompare bench'],
    ]) expect(isWrapper(argv), argv.join(' ')).toBe(true);
    // an interactive or login shell (nohup … & must outlive it), an editor, timeout, node itself
    for (const argv of [['bash'], ['-bash'], ['/bin/zsh', '-l'], ['vim', 'x'], ['timeout', '60', 'pnpm'], ['node', 'cli.ts'], []]) {
      expect(isWrapper(argv), argv.join(' ')).toBe(false);
    }
  });
});
