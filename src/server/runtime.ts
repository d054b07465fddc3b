// Everything a `serve` or `worker` process holds: the database, Redis (when configured), the
// cache, the job queue, the analysis core and the metrics. Built from the configuration, so
// the HTTP app and the workers share one way of starting and stopping.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { redactUrl } from '../config/config.ts';
import { AnalysisRepository } from '../store/analyses.ts';
import { BatchRepository } from '../store/batches.ts';
import { MemoryCache, RedisCache, type Cache } from '../store/cache.ts';
import { broadcast, inCluster, onBroadcast } from './cluster.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { DatabaseQueue } from '../queue/database-queue.ts';
import type { JobQueue } from '../queue/types.ts';
import { defaultCore, type Core } from './core.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { AnalysisService } from './service.ts';

/**
 * The in-memory cache of a web worker in a cluster: each worker has its own, and a deletion (an
 * analysis deleted through any worker) is sent to all of them.
 */
class ClusterMemoryCache extends MemoryCache {
  constructor(maxEntries: number) {
    super(maxEntries);
    onBroadcast('mbg:cache-delete', (payload) => { void super.delete(String(payload.key)); });
  }

  override async delete(key: string): Promise<void> {
    await super.delete(key);
    broadcast({ type: 'mbg:cache-delete', key });
  }
}

export interface Runtime {
  config: Config;
  log: Logger;
  db: Db;
  analyses: AnalysisRepository;
  batches: BatchRepository;
  redis: Redis | null;
  cache: Cache;
  queue: JobQueue;
  core: Core;
  metrics: Metrics;
  service: AnalysisService;
  startedAt: number;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Replaces the analysis core (tests of the service's own behaviour). */
  core?: Core;
  /** `migrate` and `worker` never migrate on their own; `serve` follows AUTO_MIGRATE. */
  migrate?: boolean;
}

/** The database schema is older than this code and AUTO_MIGRATE is off. */
export class SchemaBehindError extends Error {
  constructor(pending: string[], where: string) {
    super(`the database schema at ${where} is behind: ${pending.length} migration(s) not applied (${pending.join(', ')}). Run \`medbillguard migrate\` (the release step) with the same DATABASE_URL, then start again.`);
    this.name = 'SchemaBehindError';
  }
}

export class SchemaAheadError extends Error {
  constructor(unknown: string[], where: string) {
    super(`the database schema at ${where} is newer than this version of medbillguard (unknown migrations: ${unknown.join(', ')}). Deploy the newer version.`);
    this.name = 'SchemaAheadError';
  }
}

/** Applies pending migrations or refuses a schema that is behind. */
export async function ensureSchema(db: Db, migrate: boolean, log: Logger): Promise<void> {
  const status = await db.schemaStatus();
  if (status.unknown.length) throw new SchemaAheadError(status.unknown, db.description);
  if (!status.pending.length) return;
  if (!migrate) throw new SchemaBehindError(status.pending, db.description);
  const applied = await db.migrate();
  log.info({ database: db.description, applied }, 'database migrated');
}

export async function createRuntime(config: Config, log: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const db = await openDatabase(config, { onPoolError: (err) => log.warn({ db_error: (err as { code?: string }).code ?? err.message }, 'database connection lost') });
  try {
    await ensureSchema(db, options.migrate ?? config.autoMigrate, log);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const analyses = new AnalysisRepository(db.kysely);
  const batches = new BatchRepository(db.kysely);
  const metrics = createMetrics();
  const core = options.core ?? defaultCore();

  let redis: Redis | null = null;
  let cache: Cache;
  let queue: JobQueue;
  if (config.redisUrl) {
    const { connectRedis, whenReady } = await import('../queue/redis.ts');
    const { RedisQueue } = await import('../queue/redis-queue.ts');
    redis = connectRedis(config.redisUrl, log, { name: 'cache' });
    if (!(await whenReady(redis, 2000))) log.warn({ redis: redactUrl(config.redisUrl) }, 'redis not reachable at start; retrying in the background');
    cache = new RedisCache(redis, `${config.redisPrefix}:cache:`);
    queue = new RedisQueue(config.redisUrl, config.redisPrefix, batches, config.worker, log);
  } else {
    cache = inCluster() ? new ClusterMemoryCache(config.cache.maxEntries) : new MemoryCache(config.cache.maxEntries);
    queue = new DatabaseQueue(batches);
  }
  metrics.setQueueDepthSource(() => queue.depth());
  const service = new AnalysisService({ core, analyses, cache, metrics, cacheTtlSeconds: config.cache.ttlSeconds, log });
  log.info({ database: db.description, redis: config.redisUrl ? redactUrl(config.redisUrl) : null, queue: queue.kind, cache: cache.kind }, 'runtime ready');

  return {
    config, log, db, analyses, batches, redis, cache, queue, core, metrics, service,
    startedAt: Date.now(),
    async close() {
      await queue.close().catch(() => {});
      if (redis) redis.disconnect();
      await db.close().catch(() => {});
    },
  };
}
