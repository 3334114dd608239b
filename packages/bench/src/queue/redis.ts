/**
 * The connection to Redis, from the `--queue` URL: checked, reached within a few seconds at start
 * (or a clear error), then reconnecting for as long as it takes when Redis restarts mid-run
 * (`maxRetriesPerRequest: null`, as BullMQ's workers require).
 */
import { Redis } from 'ioredis';
import { ConfigError, formatValue } from '@mlcompare/core';

/** How long the first connection may take before the command gives up. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Checks a `--queue` URL.
 * @param url - what the user gave.
 * @returns the URL.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} unless it is a `redis://` or `rediss://` URL with a host.
 */
export function checkRedisUrl(url: string): URL {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    // reported below
  }
  if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || u.hostname === '') {
    throw new ConfigError(`Option '--queue' must be a Redis URL such as redis://host:6379 (or rediss:// for TLS, redis://:password@host:6379/0), but got ${formatValue(url)}.`);
  }
  return u;
}

/**
 * Connects to Redis and waits until it answers.
 * @param url - a `redis://` URL.
 * @param who - the command, for the message.
 * @returns the connection (reconnects by itself later).
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when the URL is not a Redis URL or Redis does not answer within 5 s.
 */
export async function connectRedis(url: string, who: string): Promise<Redis> {
  const u = checkRedisUrl(url);
  const redis = new Redis(u.href, { maxRetriesPerRequest: null, lazyConnect: true });
  let lastError = '';
  const onError = (err: Error): void => {
    lastError = err.message;
  };
  redis.on('error', onError);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s${lastError ? `; last error: ${lastError}` : ''}`));
        }, CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    redis.disconnect();
    const safe = new URL(u.href);
    if (safe.password) safe.password = '***';
    throw new ConfigError(
      `${who}: cannot reach Redis at ${safe.href} (${timedOut ? (err as Error).message : lastError || (err as Error).message}). ` +
        `Start it (redis-server; see the README's "Running on several machines") or check --queue.`,
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
  return redis;
}
