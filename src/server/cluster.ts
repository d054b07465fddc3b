// `serve` on several cores: node:cluster. The primary process only supervises — it forks the web
// workers, restarts one that dies, relays messages between them and stops them all on SIGTERM —
// and never loads Fastify, the database or the analysis core, so the first worker starts at
// once. Each web worker is the whole single-process server (process.ts); they share the listening
// socket (the primary hands connections round-robin) and the database (SQLite in WAL mode or
// PostgreSQL: the unique doc_id keeps one row per bill across processes).
//
// What the workers share through the primary:
// - /metrics: prom-client's AggregatorRegistry sums the workers' counters and histograms, so a
//   scrape sees the whole service whichever worker answers it;
// - rate limits without Redis: the primary keeps the per-client counts (one IPC round trip per
//   limited request), so a client gets RATE_LIMIT_PER_MINUTE, not that times the workers;
// - the in-memory cache: a deletion is sent to every worker (a deleted analysis is not answered
//   from another worker's cache).
//
// Worker 1 starts alone and migrates the database (AUTO_MIGRATE); the others start once it
// listens, so two processes never run migrations at once.
import cluster, { type Worker } from 'node:cluster';
import type { AggregatorRegistry as AggregatorRegistryClass, Registry } from 'prom-client';
import { WORKER_READY } from './cluster-messages.ts';

/** prom-client's AggregatorRegistry, loaded on first use (a CommonJS package: named or default export, bundled or not). */
async function aggregatorRegistry(): Promise<typeof AggregatorRegistryClass> {
  const mod = (await import('prom-client')) as unknown as { AggregatorRegistry?: typeof AggregatorRegistryClass; default?: { AggregatorRegistry: typeof AggregatorRegistryClass } };
  return mod.AggregatorRegistry ?? mod.default!.AggregatorRegistry;
}

/** Restarts of crashed web workers allowed in RESTART_WINDOW_MS before the primary gives up and exits 1. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 60_000;
/** The primary's own margin past SHUTDOWN_TIMEOUT_MS before it kills a worker that has not exited. */
export const SHUTDOWN_MARGIN_MS = 1500;
/** When the first web worker listens but does not say it is ready, the others start this much later. */
export const OTHERS_AFTER_MS = 5000;
/** Longest wait for the primary's answer (metrics, rate-limit counts) before a worker gives up. */
export const ASK_PRIMARY_TIMEOUT_MS = 2000;
/** Most clients whose rate-limit counts the primary keeps (least recently seen dropped first). */
export const RATE_LIMIT_MAX_CLIENTS = 100_000;

const PREFIX = 'mbg:';
interface Request { type: string; mbgId: number; [key: string]: unknown }
interface Reply { type: 'mbg:reply'; mbgId: number; result?: unknown; error?: string }

function primaryLog(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, msg: string): void {
  // The same JSON lines as pino (level numbers, time, pid) without loading pino in the primary.
  const levels = { info: 30, warn: 40, error: 50 } as const;
  process.stdout.write(`${JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, role: 'primary', ...fields, msg })}\n`);
}

// ---- primary ---------------------------------------------------------------------------------

/** Fixed-window counts per client, as @fastify/rate-limit's own in-memory store counts them. */
class RateCounts {
  private readonly windows = new Map<string, { count: number; start: number }>();
  incr(key: string, timeWindow: number): { current: number; ttl: number } {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.start + timeWindow <= now) w = { count: 0, start: now };
    w.count++;
    this.windows.delete(key);
    this.windows.set(key, w); // most recently seen last
    if (this.windows.size > RATE_LIMIT_MAX_CLIENTS) this.windows.delete(this.windows.keys().next().value!);
    return { current: w.count, ttl: w.start + timeWindow - now };
  }
  read(key: string, timeWindow: number): { current: number; ttl: number } {
    const w = this.windows.get(key);
    const now = Date.now();
    if (!w || w.start + timeWindow <= now) return { current: 0, ttl: 0 };
    return { current: w.count, ttl: w.start + timeWindow - now };
  }
}

/**
 * Runs the primary: forks `workers` web workers (re-running this command), supervises them, and
 * on SIGTERM/SIGINT stops them all and resolves with 0. Resolves with a worker's exit status
 * when the first worker cannot start (bad configuration: 2, schema behind: 1).
 */
export function runPrimary(options: { workers: number; shutdownTimeoutMs: number }): Promise<number> {
  const { workers, shutdownTimeoutMs } = options;
  const rates = new RateCounts();
  let aggregator: { clusterMetrics(): Promise<string> } | null = null;
  let listened = false;
  let stopping = false;
  const restarts: number[] = [];

  return new Promise((resolve) => {
    const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);

    const fork = () => {
      const worker = cluster.fork();
      worker.on('message', (message: Request) => { void handle(worker, message); });
      return worker;
    };

    const handle = async (worker: Worker, message: Request) => {
      if (!message || typeof message.type !== 'string' || !message.type.startsWith(PREFIX)) return;
      if (message.type === 'mbg:broadcast') {
        for (const w of live()) if (w !== worker && w.isConnected()) w.send(message.payload as Record<string, unknown>);
        return;
      }
      const reply = (result: unknown, error?: string) => {
        if (worker.isConnected()) worker.send({ type: 'mbg:reply', mbgId: message.mbgId, ...(error ? { error } : { result }) } satisfies Reply);
      };
      try {
        if (message.type === 'mbg:rate-incr') return reply(rates.incr(String(message.key), Number(message.timeWindow)));
        if (message.type === 'mbg:rate-read') return reply(rates.read(String(message.key), Number(message.timeWindow)));
        if (message.type === 'mbg:metrics') {
          if (!aggregator) {
            const AggregatorRegistry = await aggregatorRegistry();
            aggregator = new AggregatorRegistry();
          }
          return reply(await aggregator.clusterMetrics());
        }
        reply(undefined, `unknown request ${message.type}`);
      } catch (err) {
        reply(undefined, (err as Error).message);
      }
    };

    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      const running = live();
      primaryLog('info', { workers: running.length }, 'stopping the web workers');
      for (const w of running) w.process.kill('SIGTERM');
      const force = setTimeout(() => {
        for (const w of live()) {
          primaryLog('warn', { worker: w.id }, 'web worker did not stop in time; killed');
          w.process.kill('SIGKILL');
        }
      }, shutdownTimeoutMs + SHUTDOWN_MARGIN_MS);
      const check = () => {
        if (live().length > 0) return;
        clearTimeout(force);
        cluster.off('exit', check);
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        primaryLog('info', {}, 'stopped');
        resolve(code);
      };
      cluster.on('exit', check);
      check();
    };

    const onSignal = (signal: NodeJS.Signals) => {
      primaryLog('info', { signal }, 'shutting down');
      stop(0);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);

    // The others start once the first is ready (listening, reference data loaded): started at
    // once they would take CPU from it while it starts. Should it never say so, they start
    // OTHERS_AFTER_MS after it listens.
    let othersStarted = false;
    const startOthers = (why: string) => {
      if (othersStarted || stopping) return;
      othersStarted = true;
      primaryLog('info', { workers, why }, 'starting the other web workers');
      for (let i = 1; i < workers; i++) fork();
    };
    cluster.on('listening', () => {
      if (listened) return;
      listened = true;
      setTimeout(() => startOthers('first web worker listening'), OTHERS_AFTER_MS).unref();
    });
    cluster.on('message', (_worker, message: { type?: string }) => {
      if (message?.type === WORKER_READY) startOthers('first web worker ready');
    });

    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      if (!listened) {
        // The first worker could not start (bad configuration, schema behind, port taken): so can no other.
        primaryLog('error', { worker: worker.id, code, signal }, 'the first web worker could not start');
        stopping = true;
        for (const w of live()) w.process.kill('SIGTERM');
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        resolve(code ?? 1);
        return;
      }
      const now = Date.now();
      while (restarts.length && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        primaryLog('error', { worker: worker.id, code, signal, restarts: restarts.length }, 'web workers keep dying; giving up');
        stop(1);
        return;
      }
      restarts.push(now);
      primaryLog('warn', { worker: worker.id, code, signal }, 'web worker died; starting another');
      fork();
    });

    primaryLog('info', { workers, pid: process.pid }, 'starting web workers (node:cluster)');
    fork();
  });
}

// ---- web workers -----------------------------------------------------------------------------

let nextId = 0;
const pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void; timer: NodeJS.Timeout }>();
const broadcastHandlers = new Map<string, (payload: Record<string, unknown>) => void>();
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('message', (message: Reply | { type: string }) => {
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'mbg:reply') {
      const m = message as Reply;
      const p = pending.get(m.mbgId);
      if (!p) return;
      pending.delete(m.mbgId);
      clearTimeout(p.timer);
      if (m.error) p.reject(new Error(m.error)); else p.resolve(m.result);
      return;
    }
    broadcastHandlers.get(message.type)?.(message as Record<string, unknown>);
  });
}

/** True in a web worker of the cluster. */
export const inCluster = (): boolean => cluster.isWorker && typeof process.send === 'function';

/** Asks the primary and waits for its answer (at most ASK_PRIMARY_TIMEOUT_MS). */
export function askPrimary<T>(type: string, fields: Record<string, unknown> = {}): Promise<T> {
  listen();
  const mbgId = ++nextId;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(mbgId);
      reject(new Error(`the cluster's primary did not answer ${type} in ${ASK_PRIMARY_TIMEOUT_MS} ms`));
    }, ASK_PRIMARY_TIMEOUT_MS);
    timer.unref();
    pending.set(mbgId, { resolve: resolve as (v: unknown) => void, reject, timer });
    process.send!({ type: `${PREFIX}${type}`, mbgId, ...fields });
  });
}

/** Sends `payload` (whose type starts with mbg:) to every other web worker. */
export function broadcast(payload: { type: string } & Record<string, unknown>): void {
  if (!inCluster()) return;
  process.send!({ type: 'mbg:broadcast', mbgId: 0, payload });
}

export function onBroadcast(type: string, handler: (payload: Record<string, unknown>) => void): void {
  if (!inCluster()) return;
  listen();
  broadcastHandlers.set(type, handler);
}

/** Lets the primary collect this worker's metrics (prom-client's cluster protocol). */
export async function shareMetrics(registry: Registry): Promise<void> {
  const AggregatorRegistry = await aggregatorRegistry();
  new AggregatorRegistry(); // adds the worker's listener for the primary's requests
  AggregatorRegistry.setRegistries([registry]);
}

/**
 * A store for @fastify/rate-limit whose counts live in the primary, shared by all web workers.
 * The plugin makes one per route (`child`); counts are per client key as in its own store.
 */
export class ClusterRateLimitStore {
  /** `child` keeps a route with limits of its own apart, as the plugin's stores do. */
  constructor(_options?: unknown, private readonly prefix = '') {}
  incr(key: string, cb: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    askPrimary<{ current: number; ttl: number }>('rate-incr', { key: this.prefix + key, timeWindow }).then((r) => cb(null, r), (err: Error) => cb(err));
  }
  read(key: string, cb: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    askPrimary<{ current: number; ttl: number }>('rate-read', { key: this.prefix + key, timeWindow }).then((r) => cb(null, r), (err: Error) => cb(err));
  }
  child(routeOptions: object): ClusterRateLimitStore {
    const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
    return new ClusterRateLimitStore(undefined, `${this.prefix}${String(route?.method ?? '')}${String(route?.url ?? '')}-`);
  }
}
