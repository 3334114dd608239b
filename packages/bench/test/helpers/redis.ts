/**
 * A private Redis for a test file: Debian's `redis-server` on a free loopback port with a temporary
 * folder, started and stopped by the test (BullMQ's state changes are Lua scripts: no mock runs them).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running test Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** Its data folder (the append-only file lives there). */
  dir: string;
  /** Kills it (SIGKILL: no shutdown save) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (what it persisted is loaded). */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `redis-server` on a free loopback port.
 * @param persistent - append-only file with an fsync per write (the restart test), else no persistence.
 * @returns the running server.
 */
export async function startRedis(persistent = false): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'mlcompare-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--maxmemory-policy', 'noeviction'];
  args.push(...(persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let child: ChildProcess | undefined;
  const up = async (): Promise<void> => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const end = Date.now() + 10_000;
    for (;;) {
      const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
      if (r.stdout?.trim() === 'PONG') return;
      if (Date.now() > end) throw new Error(`redis-server on port ${port} did not answer within 10 s`);
      await sleep(50);
    }
  };
  const down = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await gone;
  };
  await up();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill: down,
    restart: up,
    async stop() {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
