// Redis connections. Requests must never hang on a Redis that is down: the shared client fails
// commands at once while disconnected (no offline queue) and reconnects in the background.
import { Redis } from 'ioredis';

export interface RedisLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export function connectRedis(url: string, log: RedisLog, options: { blocking?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: 2000,
    enableOfflineQueue: options.blocking ?? false,
    maxRetriesPerRequest: options.blocking ? null : 1,
    ...(options.blocking ? {} : { commandTimeout: 1500 }),
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  let down = false;
  redis.on('error', (err: Error & { code?: string }) => {
    if (!down) log.warn({ redis_error: err.code ?? err.message }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info({}, 'redis reachable again');
    down = false;
  });
  return redis;
}

/** Resolves when the connection is ready, or after `timeoutMs` (a Redis that is down is reported by readiness, not fatal). */
export function whenReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => { clearTimeout(timer); redis.off('ready', onReady); resolve(ok); };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
  });
}
