// What /health, /health/readiness and /metrics/summary report, from real checks: a query on
// the database, a PING to Redis, the reference datasets the core has loaded.
import { createRequire } from 'node:module';
import type { Runtime } from './runtime.ts';

export type ComponentStatus = 'ok' | 'degraded' | 'down';
export interface Component { status: ComponentStatus; detail: string }

const errorText = (err: unknown) => (err as { code?: string })?.code ?? (err as Error)?.message ?? String(err);

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

export async function databaseHealth(rt: Runtime): Promise<Component> {
  try {
    await rt.db.ping(1000);
  } catch (err) {
    return { status: 'down', detail: `${rt.db.description}: unreachable (${errorText((err as Error).cause ?? err)})` };
  }
  try {
    const s = await withTimeout(rt.db.schemaStatus(), 1000);
    if (s.pending.length) return { status: 'down', detail: `${rt.db.description}: schema behind (${s.pending.join(', ')}); run medbillguard migrate` };
  } catch (err) {
    return { status: 'down', detail: `${rt.db.description}: ${errorText(err)}` };
  }
  return { status: 'ok', detail: `${rt.db.dialect} at ${rt.db.description}, migrated` };
}

async function redisHealth(rt: Runtime, what: string): Promise<Component> {
  if (!rt.redis) return { status: 'ok', detail: what };
  try {
    await withTimeout(rt.redis.ping(), 1000);
    return { status: 'ok', detail: 'redis answers' };
  } catch (err) {
    return { status: 'down', detail: `redis unreachable (${errorText(err)})` };
  }
}

/** The job queue's own connection (Redis only; the database queue is the database). */
async function queueConnectionHealth(rt: Runtime): Promise<Component> {
  if (rt.queue.kind !== 'redis') return { status: 'ok', detail: 'in process, job state in the database' };
  try {
    await withTimeout(rt.queue.ping(), 1000);
    return { status: 'ok', detail: 'BullMQ on redis' };
  } catch (err) {
    return { status: 'down', detail: `redis unreachable from the job queue (${errorText(err)})` };
  }
}

export async function referenceHealth(rt: Runtime): Promise<Component> {
  try {
    const datasets = await rt.core.listDatasets();
    if (datasets.length === 0) return { status: 'down', detail: 'no reference dataset found' };
    return { status: 'ok', detail: `${datasets.length} datasets: ${[...new Set(datasets.map((d) => d.source))].join(', ')}` };
  } catch (err) {
    return { status: 'down', detail: `reference data not loaded (${(err as Error).message})` };
  }
}

let ocrCache: Component | null = null;
export function ocrHealth(): Component {
  if (ocrCache) return ocrCache;
  const require = createRequire(import.meta.url);
  const has = (name: string) => { try { require.resolve(name); return true; } catch { return false; } };
  const langs = ['eng', 'hin'].filter((l) => has(`@tesseract.js-data/${l}/package.json`));
  ocrCache = has('tesseract.js') && langs.length
    ? { status: 'ok', detail: `tesseract.js with ${langs.join(', ')} (scans and photos are read offline)` }
    : { status: 'degraded', detail: 'OCR engine not installed: scanned PDFs and photos are refused with 422' };
  return ocrCache;
}

export async function components(rt: Runtime) {
  const depth = rt.queue.depth().catch(() => null);
  const [database, cache, queueConn, reference_data, queueDepth] = await Promise.all([
    databaseHealth(rt),
    redisHealth(rt, `in process (up to ${rt.config.cache.maxEntries} entries)`),
    queueConnectionHealth(rt),
    referenceHealth(rt),
    depth,
  ]);
  const queue: Component = queueConn.status === 'ok'
    ? { status: 'ok', detail: `${queueConn.detail}; ${queueDepth ?? '?'} item(s) waiting or running` }
    : queueConn;
  return { database, cache, queue, reference_data, ocr: ocrHealth() };
}

/** healthy: everything ok; degraded: the service answers but an optional part is down; unhealthy: it cannot serve. */
export function overall(c: Awaited<ReturnType<typeof components>>): 'healthy' | 'degraded' | 'unhealthy' {
  if (c.database.status === 'down' || c.reference_data.status === 'down') return 'unhealthy';
  return Object.values(c).every((x) => x.status === 'ok') ? 'healthy' : 'degraded';
}

/**
 * Reasons the process should not get traffic; empty when ready. Nothing is cached: every call
 * asks the database, Redis (the cache's connection and the queue's) and the reference data
 * again, so readiness turns 200 as soon as what was down answers.
 */
export async function readinessProblems(rt: Runtime, draining: boolean): Promise<string[]> {
  if (draining) return ['shutting down'];
  const checks: Array<Promise<Component>> = [databaseHealth(rt), referenceHealth(rt)];
  if (rt.redis) checks.push(redisHealth(rt, ''));
  if (rt.queue.kind === 'redis') checks.push(queueConnectionHealth(rt));
  const results = await Promise.all(checks);
  return results.filter((c) => c.status !== 'ok').map((c) => c.detail);
}
