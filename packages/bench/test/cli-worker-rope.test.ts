/**
 * `mlcompare worker`'s options and stop signals (cli.ts's `workerCommand`, with the queue's
 * `runWorker` and the wrapper watch replaced by spies: no Redis), and `--rope` as `bench` and
 * `report` read it (`ropeOption`). Written against the mutants of those functions that survived
 * `pnpm mutation packages/bench/src/cli.ts:…` (see MUTATION.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT_OK, EXIT_USAGE, main, type CliIO } from '../src/cli.js';
import { readRunInfo } from '../src/store.js';
import { FIXTURE_REGISTRY, FIXTURE_SUITES, runCli, scratchDir, type CliRun } from './helpers/cli.js';

/** What the (spied) queue worker was started with, and what it saw while it ran. */
interface WorkerCall {
  opts: { url: string; concurrency: number; lockSec: number; registryModule: string; log: (s: string) => void; signal: AbortSignal };
}

const spies = vi.hoisted(() => ({
  calls: [] as WorkerCall[],
  /** Runs inside the spied runWorker, before it returns. */
  during: undefined as ((opts: WorkerCall['opts']) => void | Promise<void>) | undefined,
  stopWatch: undefined as unknown as () => void,
  onGone: undefined as ((who: string) => void) | undefined,
}));

vi.mock('../src/queue/worker.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/queue/worker.js')>()),
  runWorker: vi.fn(async (opts: WorkerCall['opts']) => {
    spies.calls.push({ opts });
    await spies.during?.(opts);
    return { completed: 0, refused: {} };
  }),
}));

vi.mock('../src/wrappers.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/wrappers.js')>()),
  watchWrappers: vi.fn((onGone: (who: string) => void) => {
    spies.onGone = onGone;
    return spies.stopWatch;
  }),
}));

const root = scratchDir('mlcompare-worker-rope-');

/** Runs `mlcompare ARGV` with captured output and no `signal` of its own when `signal` is null. */
async function cli(argv: string[], signal: AbortSignal | null = new AbortController().signal): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd: root,
    registryModule: FIXTURE_REGISTRY,
    suitesDir: FIXTURE_SUITES,
    ...(signal !== null && { signal }),
  };
  return { code: await main(argv, io), out, err };
}

const STOP = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const listeners = (): number[] => STOP.map((s) => process.listenerCount(s));

describe('mlcompare worker', () => {
  beforeEach(() => {
    spies.calls.length = 0;
    spies.during = undefined;
    spies.onGone = undefined;
    spies.stopWatch = vi.fn();
  });
  afterEach(() => vi.restoreAllMocks());

  it('--help prints the help and starts nothing', async () => {
    const r = await cli(['worker', '--help']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/^Usage: mlcompare worker --queue URL \[--concurrency N\] \[--lock SEC\]\n/);
    expect(r.out).toMatch(/--lock SEC +seconds a job's lock lasts/);
    expect(spies.calls).toEqual([]);
  }, 60_000);

  it('starts the queue worker with the URL, one job at a time, a 30 s lock, the registry, its log on stderr', async () => {
    const r = await cli(['worker', '--queue', 'redis://cache:6380/2']);
    expect(r.code).toBe(EXIT_OK);
    expect(spies.calls).toHaveLength(1);
    const o = spies.calls[0]!.opts;
    expect({ url: o.url, concurrency: o.concurrency, lockSec: o.lockSec, registryModule: o.registryModule }).toEqual({
      url: 'redis://cache:6380/2',
      concurrency: 1,
      lockSec: 30,
      registryModule: FIXTURE_REGISTRY,
    });
    o.log('took job 7');
    expect(r.err).toBe('');
    spies.during = (opts) => opts.log('took job 8');
    expect((await cli(['worker', '--queue', 'redis://cache:6380/2'])).err).toBe('took job 8\n');
  }, 60_000);

  it('--concurrency and --lock reach it; a lock of 0.5 s is the least, and must be a finite number', async () => {
    expect((await cli(['worker', '--queue', 'redis://h', '--concurrency', '3', '--lock', '0.5'])).code).toBe(EXIT_OK);
    expect(spies.calls[0]!.opts).toMatchObject({ concurrency: 3, lockSec: 0.5 });
    for (const bad of ['0.49', 'Infinity', 'x', '-1']) {
      const r = await cli(['worker', '--queue', 'redis://h', bad.startsWith('-') ? `--lock=${bad}` : '--lock', ...(bad.startsWith('-') ? [] : [bad])]);
      expect(r.code, bad).toBe(EXIT_USAGE);
      expect(r.err).toBe(`error: Option 'mlcompare worker --lock' must be a number of seconds >= 0.5, but got '${bad}'.\n`);
    }
    expect(spies.calls).toHaveLength(1);
  }, 60_000);

  it("with the caller's signal: stops when it aborts, with its reason; no process signal handler, no wrapper watch", async () => {
    const ctl = new AbortController();
    const before = listeners();
    let seen: AbortSignal | undefined;
    spies.during = async (opts) => {
      seen = opts.signal;
      expect(listeners()).toEqual(before);
      expect(opts.signal.aborted).toBe(false);
      ctl.abort('stop now');
      expect(opts.signal.aborted).toBe(true);
      expect(opts.signal.reason).toBe('stop now');
    };
    expect((await cli(['worker', '--queue', 'redis://h'], ctl.signal)).code).toBe(EXIT_OK);
    expect(seen?.aborted).toBe(true);
    expect(spies.onGone).toBeUndefined();
    expect(spies.stopWatch).not.toHaveBeenCalled();
  }, 60_000);

  it('on its own: SIGINT/SIGTERM/SIGHUP stop it (a second one exits 128+n), so does the end of its wrapper; all removed afterwards', async () => {
    const before = listeners();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    spies.during = (opts) => {
      expect(listeners()).toEqual(before.map((n) => n + 1));
      expect(spies.stopWatch).not.toHaveBeenCalled();
      process.emit('SIGHUP', 'SIGHUP');
      expect(opts.signal.aborted).toBe(true);
      expect(opts.signal.reason).toBe('SIGHUP');
      expect(exit).not.toHaveBeenCalled();
      process.emit('SIGTERM', 'SIGTERM');
      expect(exit).toHaveBeenCalledWith(128 + 15);
    };
    expect((await cli(['worker', '--queue', 'redis://h'], null)).code).toBe(EXIT_OK);
    expect(listeners()).toEqual(before);
    expect(spies.stopWatch).toHaveBeenCalledTimes(1);

    // the wrapper that started it ends: stopped as by SIGTERM
    spies.during = (opts) => {
      expect(opts.signal.aborted).toBe(false);
      spies.onGone!('pnpm (pid 1)');
      expect(opts.signal.reason).toBe('SIGTERM');
    };
    expect((await cli(['worker', '--queue', 'redis://h'], null)).code).toBe(EXIT_OK);
    expect(listeners()).toEqual(before);
  }, 60_000);

  it('removes its handlers and the wrapper watch when the worker fails', async () => {
    const before = listeners();
    spies.during = () => {
      throw new Error('redis went away');
    };
    const r = await cli(['worker', '--queue', 'redis://h'], null);
    expect(r.code).not.toBe(EXIT_OK);
    expect(r.err).toMatch(/redis went away/);
    expect(listeners()).toEqual(before);
    expect(spies.stopWatch).toHaveBeenCalledTimes(1);
  }, 60_000);
});

describe('--rope', () => {
  const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: root, registryModule: FIXTURE_REGISTRY, suitesDir: FIXTURE_SUITES });
  const summaryRope = (): unknown => (JSON.parse(readFileSync(join(root, 'rope0', 'summary.json'), 'utf8')) as { rope: unknown }).rope;
  const refusal = (given: string): string =>
    `error: Option '--rope' must be a number >= 0 in the primary metric's units (0.01 = one point of accuracy), 'auto' or 'autorank', but got '${given}'.\n`;

  it('0 is a ROPE (none); spaces around a number or a mode are ignored; blank and infinite ones are refused', async () => {
    const r = await run('bench', 'tiny', '--models', 'dummy', '--rope', '0', '--jobs', '1', '--out', 'rope0');
    expect(r.code, r.err).toBe(EXIT_OK);
    expect(readRunInfo(join(root, 'rope0')).suite.rope).toBe(0);
    expect(summaryRope()).toBe(0);
    expect((await run('report', 'rope0', '--rope', ' auto ')).code).toBe(EXIT_OK);
    expect(summaryRope()).toBe('auto');
    expect((await run('report', 'rope0', '--rope', ' 0.02 ')).code).toBe(EXIT_OK);
    expect(summaryRope()).toBe(0.02);
    for (const bad of [' ', 'Infinity', '1e999', 'NaN', '-0.5']) {
      const b = await run('bench', 'tiny', '--rope', bad);
      expect(b.code, bad).toBe(EXIT_USAGE);
      expect(b.err).toBe(refusal(bad));
      expect((await run('report', 'rope0', '--rope', bad)).err).toBe(refusal(bad));
    }
  }, 60_000);
});
