// Redis connections. Requests must never hang on a Redis that is down: every client here fails
// commands at once while disconnected (no offline queue, except the blocking connection of a
// BullMQ worker, which BullMQ manages) and reconnects in the background, at most a second
// apart, so the service is usable again about a second after Redis is back.
import { Redis } from 'ioredis';

export interface RedisLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ConnectOptions {
  /** A BullMQ worker's connection: offline queue on, no per-command timeout, retried forever. */
  blocking?: boolean;
  /**
   * Longest wait for one command's answer on a connected Redis. The cache's lookups on the
   * request path keep the default (1.5 s: a slow cache is skipped); the queue's producer needs
   * longer, because the first job added on a new connection sends BullMQ's Lua scripts whole
   * (EVAL) and Redis compiles them, which takes seconds on a busy machine.
   */
  commandTimeoutMs?: number;
  /** Names the connection in logs. */
  name?: string;
}

/** Delay before the n-th reconnection attempt: 100 ms, 200 ms, … at most 1 s. */
export const reconnectDelay = (times: number): number => Math.min(100 * times, 1000);

export function connectRedis(url: string, log: RedisLog, options: ConnectOptions = {}): Redis {
  const blocking = options.blocking ?? false;
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: 2000,
    enableOfflineQueue: blocking,
    maxRetriesPerRequest: blocking ? null : 1,
    ...(blocking ? {} : { commandTimeout: options.commandTimeoutMs ?? 1500 }),
    retryStrategy: reconnectDelay,
    ...(options.name ? { connectionName: options.name } : {}),
  });
  let down = false;
  const which = options.name ? { connection: options.name } : {};
  redis.on('error', (err: Error & { code?: string }) => {
    if (!down) log.warn({ ...which, redis_error: err.code ?? err.message }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info(which, 'redis reachable again');
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
