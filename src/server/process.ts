// What `medbillguard serve | worker | migrate` run in a process (commands.ts parses the command
// line and imports this module only then): the server over a runtime, the batch worker and the
// migrations. In a cluster (cluster.ts) every web worker runs `runServe`.
import cluster from 'node:cluster';
import { WORKER_READY } from './cluster-messages.ts';
import { pino, type Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { openDatabase } from '../store/db.ts';
import { createProcessor } from '../queue/processor.ts';
import type { Consumer } from '../queue/types.ts';
import type { ServerState } from './app.ts';
import { loggerOptions } from './logging.ts';
import type { Core } from './core.ts';
import { createRuntime, SchemaAheadError, SchemaBehindError, type Runtime } from './runtime.ts';
import type { FastifyInstance } from 'fastify';

export interface MbgServer {
  app: FastifyInstance;
  runtime: Runtime;
  state: ServerState;
  /** Starts the in-process batch consumer (serve does when RUN_WORKER says so). */
  startConsumer(): Consumer;
  /** Drains: readiness turns 503, in-flight requests and jobs finish, connections close. */
  close(): Promise<void>;
}

/** The server over a configuration: database opened (and migrated if AUTO_MIGRATE), routes ready, not listening. */
export async function createServer(config: Config, options: { core?: Core; logger?: Logger } = {}): Promise<MbgServer> {
  const log = options.logger ?? pino(loggerOptions(config.logLevel));
  const runtime = await createRuntime(config, log, options.core ? { core: options.core } : {});
  let built: Awaited<ReturnType<typeof import('./app.ts')['buildApp']>>;
  try {
    const { buildApp } = await import('./app.ts'); // Fastify and its plugins: serve only, not worker
    built = await buildApp(runtime);
  } catch (err) {
    await runtime.close();
    throw err;
  }
  const { app, state } = built;
  let consumer: Consumer | null = null;
  let closing: Promise<void> | null = null;
  return {
    app,
    runtime,
    state,
    startConsumer() {
      consumer ??= startConsumer(runtime);
      return consumer;
    },
    close() {
      closing ??= (async () => {
        state.draining = true;
        const timeout = config.shutdownTimeoutMs;
        await Promise.all([app.close(), consumer?.stop(timeout)]);
        await runtime.close();
      })();
      return closing;
    },
  };
}

export function startConsumer(runtime: Runtime): Consumer {
  const { config } = runtime;
  const options = { concurrency: config.worker.concurrency, leaseMs: config.worker.leaseMs, attempts: config.worker.attempts, backoffMs: config.worker.backoffMs };
  const processor = createProcessor({ batches: runtime.batches, service: runtime.service, metrics: runtime.metrics, options, log: runtime.log });
  runtime.log.info({ queue: runtime.queue.kind, concurrency: options.concurrency }, 'batch consumer started');
  return runtime.queue.consume(processor, options);
}

/** Reads the configuration, with command-line flags over the environment. Exit code 2 when invalid. */
export function configFrom(overrides: Record<string, string | undefined>): Config | number {
  try {
    const env = { ...process.env };
    for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = v;
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) { process.stderr.write(`medbillguard: ${err.message}\n`); return 2; }
    throw err;
  }
}

function startFailure(err: unknown): number {
  if (err instanceof SchemaBehindError || err instanceof SchemaAheadError) {
    process.stderr.write(`medbillguard: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(`medbillguard: cannot start: ${(err as Error)?.message ?? err}\n`);
  return 1;
}

/**
 * Resolves on the first SIGTERM or SIGINT, or (in a web worker of the cluster) when the primary
 * process is gone: a worker never outlives its primary.
 */
function untilSignal(): Promise<NodeJS.Signals | 'disconnect'> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals | 'disconnect') => {
      process.off('SIGTERM', on); process.off('SIGINT', on); process.off('disconnect', onDisconnect);
      resolve(signal);
    };
    const onDisconnect = () => on('disconnect');
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
    if (cluster.isWorker) process.on('disconnect', onDisconnect);
  });
}

/** Stops within the configured time even if something hangs; resolves with the exit code. */
async function shutdown(close: () => Promise<void>, log: Logger, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs + 500); });
  const result = await Promise.race([close().then(() => 'closed' as const, () => 'closed' as const), forced]);
  clearTimeout(timer);
  if (result === 'timeout') log.warn({ timeout_ms: timeoutMs }, 'shutdown timed out; unfinished jobs will be retried by another worker');
  log.info({}, 'stopped');
  return 0;
}

/**
 * `medbillguard serve` in one process (or one web worker of the cluster): listens until
 * SIGTERM/SIGINT, or until the cluster's primary goes away; resolves with the exit code.
 */
export async function runServe(overrides: Record<string, string | undefined>): Promise<number> {
  const config = configFrom(overrides);
  if (typeof config === 'number') return config;
  const handle = await startServer(config).catch((err: unknown) => startFailure(err));
  if (typeof handle === 'number') return handle;
  if (cluster.isWorker && process.send) {
    // Load the reference data now (readiness needs it), then let the primary start the other
    // web workers: until this one is ready they would only take CPU from it.
    await handle.server.runtime.core.listDatasets().catch(() => []);
    process.send({ type: WORKER_READY });
  }
  const signal = await untilSignal();
  handle.server.runtime.log.info({ signal }, 'shutting down');
  return shutdown(() => handle.server.close(), handle.server.runtime.log, config.shutdownTimeoutMs);
}

/** Starts the server and (per RUN_WORKER) its in-process consumer; resolves once it listens. */
export async function startServer(config: Config = loadConfig(), options: { core?: Core } = {}): Promise<{ server: MbgServer; url: string }> {
  const server = await createServer(config, options);
  try {
    const url = await server.app.listen({ port: config.port, host: config.host });
    if (config.runWorker) server.startConsumer();
    server.runtime.log.info({ url, database: server.runtime.db.description, queue: server.runtime.queue.kind }, 'medbillguard serving');
    return { server, url };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** `medbillguard worker`: runs batch jobs until SIGTERM/SIGINT. */
export async function runWorker(overrides: Record<string, string | undefined>): Promise<number> {
  const config = configFrom(overrides);
  if (typeof config === 'number') return config;
  const log = pino(loggerOptions(config.logLevel)).child({ role: 'worker' });
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, log, { migrate: false });
  } catch (err) {
    return startFailure(err);
  }
  const consumer = startConsumer(runtime);
  const signal = await untilSignal();
  log.info({ signal }, 'worker stopping');
  return shutdown(async () => { await consumer.stop(config.shutdownTimeoutMs); await runtime.close(); }, log, config.shutdownTimeoutMs);
}

/** `medbillguard migrate`: the release step. `statusOnly` only reports. */
export async function runMigrate(statusOnly: boolean): Promise<number> {
  const config = configFrom({});
  if (typeof config === 'number') return config;
  let db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    return startFailure(err);
  }
  try {
    const status = await db.schemaStatus();
    if (status.unknown.length) throw new SchemaAheadError(status.unknown, db.description);
    if (statusOnly) {
      process.stdout.write(`${db.description}: ${status.pending.length ? `${status.pending.length} pending (${status.pending.join(', ')})` : 'up to date'}\n`);
      return status.pending.length ? 1 : 0;
    }
    const applied = await db.migrate();
    process.stdout.write(`${db.description}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}\n`);
    return 0;
  } catch (err) {
    return startFailure(err);
  } finally {
    await db.close().catch(() => {});
  }
}
