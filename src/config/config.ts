// The service's configuration: every environment variable it reads, declared once as a zod
// schema, validated at start. docs/SERVICE.md documents each of them.
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseWebConcurrency, SHUTDOWN_TIMEOUT_DEFAULT_MS, SHUTDOWN_TIMEOUT_RANGE_MS, WebConcurrencyError } from './processes.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unset or empty variable takes the default. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const int = (def: number, min: number, max: number) => z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(def));
const tristate = z.preprocess(blankToUndefined, z.enum(['auto', 'true', 'false', '1', '0', 'yes', 'no']).default('auto'))
  .transform((v): 'auto' | boolean => (v === 'auto' ? 'auto' : ['true', '1', 'yes'].includes(v)));

const urlWithScheme = (schemes: string[], what: string) => optionalString.refine(
  (v) => v === undefined || (URL.canParse(v) && schemes.includes(new URL(v).protocol)),
  { message: `must be a ${what} URL (${schemes.map((s) => s + '//').join(' or ')}…)` },
);

export const EnvSchema = z.object({
  PORT: int(8000, 0, 65535).describe('TCP port the HTTP server listens on'),
  HOST: z.preprocess(blankToUndefined, z.string().trim().min(1).default('127.0.0.1')).describe('Interface to bind; 0.0.0.0 to accept outside connections'),
  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:'], 'PostgreSQL').describe('PostgreSQL URL; unset = embedded SQLite under DATA_DIR'),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:'], 'Redis').describe('Redis URL for the cache, rate limits and job queue; unset = in process'),
  REDIS_PREFIX: z.preprocess(blankToUndefined, z.string().regex(/^[\w:-]{1,40}$/).default('mbg')).describe('Prefix of every Redis key (queue, cache, rate limits), to share one Redis'),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./var')).describe('Folder for the embedded SQLite database'),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
  MAX_UPLOAD_MB: z.preprocess(blankToUndefined, z.coerce.number().positive().max(1024).default(15)).describe('Largest file accepted, in MB (1 MB = 1,048,576 bytes)'),
  MAX_BATCH_FILES: int(100, 1, 10_000),
  MAX_BATCH_MB: z.preprocess(blankToUndefined, z.coerce.number().positive().max(10_240).default(200)),
  CORS_ORIGINS: optionalString.describe('Comma-separated origins allowed by CORS, or *; unset = no cross-origin access'),
  RATE_LIMIT_PER_MINUTE: int(300, 0, 1_000_000).describe('Requests per minute per client on the API routes; 0 turns the limit off'),
  TRUST_PROXY: z.preprocess(blankToUndefined, z.string().default('false')).describe('false, true, a hop count or a list of proxy addresses (for the client IP behind a load balancer)'),
  RUN_WORKER: tristate.describe('Run batch jobs inside `serve`: auto = only when REDIS_URL is unset'),
  WORKER_CONCURRENCY: int(2, 1, 64),
  JOB_ATTEMPTS: int(5, 1, 100),
  JOB_BACKOFF_MS: int(1000, 0, 3_600_000),
  JOB_LEASE_MS: int(60_000, 200, 3_600_000).describe('A running job not heard from for this long is retried by another worker'),
  AUTO_MIGRATE: tristate.describe('Migrate the database at start: auto = only for the embedded SQLite database'),
  DB_POOL_MAX: int(10, 1, 200),
  DB_CONNECT_TIMEOUT_MS: int(2000, 100, 60_000).describe('Longest wait for a new PostgreSQL connection before the request is refused with 503'),
  CACHE_TTL_SECONDS: int(3600, 0, 30 * 86400),
  REFERENCE_CACHE_TTL_SECONDS: int(6 * 3600, 0, 30 * 86400),
  CACHE_MAX_ENTRIES: int(1000, 0, 1_000_000),
  SHUTDOWN_TIMEOUT_MS: int(SHUTDOWN_TIMEOUT_DEFAULT_MS, ...SHUTDOWN_TIMEOUT_RANGE_MS),
  WEB_CONCURRENCY: z.preprocess(blankToUndefined, z.string().trim().default(''))
    .transform((v, ctx) => {
      try {
        return parseWebConcurrency(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof WebConcurrencyError ? err.message.replace(/^WEB_CONCURRENCY \(or --workers\): /, '') : String(err) });
        return z.NEVER;
      }
    })
    .describe('Web processes `serve` runs (node:cluster): unset = 1; auto = one per usable CPU, at most 4'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolMax: number; connectTimeoutMs: number };
  redisUrl: string | undefined;
  redisPrefix: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  maxUploadBytes: number;
  maxBatchFiles: number;
  maxBatchBytes: number;
  corsOrigins: string[] | '*' | false;
  rateLimitPerMinute: number;
  trustProxy: boolean | number | string[];
  runWorker: boolean;
  worker: { concurrency: number; attempts: number; backoffMs: number; leaseMs: number };
  autoMigrate: boolean;
  cache: { ttlSeconds: number; referenceTtlSeconds: number; maxEntries: number };
  shutdownTimeoutMs: number;
  /** Web processes of `serve`; 1 = no cluster. */
  webConcurrency: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(v: string): boolean | number | string[] {
  if (/^(true|yes|1)$/i.test(v)) return true;
  if (/^(false|no|0)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

function parseOrigins(v: string | undefined): string[] | '*' | false {
  if (!v) return false;
  if (v === '*') return '*';
  return v.split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean);
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const database: Config['database'] = e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DB_POOL_MAX, connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS }
    : { kind: 'sqlite', file: resolve(dataDir, 'medbillguard.sqlite') };
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    dataDir,
    logLevel: e.LOG_LEVEL,
    maxUploadBytes: Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024),
    maxBatchFiles: e.MAX_BATCH_FILES,
    maxBatchBytes: Math.floor(e.MAX_BATCH_MB * 1024 * 1024),
    corsOrigins: parseOrigins(e.CORS_ORIGINS),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    runWorker: e.RUN_WORKER === 'auto' ? !e.REDIS_URL : e.RUN_WORKER,
    worker: { concurrency: e.WORKER_CONCURRENCY, attempts: e.JOB_ATTEMPTS, backoffMs: e.JOB_BACKOFF_MS, leaseMs: e.JOB_LEASE_MS },
    autoMigrate: e.AUTO_MIGRATE === 'auto' ? database.kind === 'sqlite' : e.AUTO_MIGRATE,
    cache: { ttlSeconds: e.CACHE_TTL_SECONDS, referenceTtlSeconds: e.REFERENCE_CACHE_TTL_SECONDS, maxEntries: e.CACHE_MAX_ENTRIES },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    webConcurrency: e.WEB_CONCURRENCY,
  };
}

/** A URL safe to log: the password (and any token in the query) replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Where the data lives, for logs and /health: no secrets. */
export function describeDatabase(config: Pick<Config, 'database'>): string {
  return config.database.kind === 'sqlite' ? `sqlite:${config.database.file}` : redactUrl(config.database.url);
}
