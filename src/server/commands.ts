// `medbillguard serve | worker | migrate`: the command line. This module stays small: the CLI
// dispatcher imports it lazily (so `medbillguard analyze` never loads Fastify, the database
// drivers or Redis), and the cluster's primary (cluster.ts) runs from it without loading the
// server at all. What a process runs is in process.ts, imported once the command is known.
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { parseWebConcurrency, shutdownTimeoutFrom, WebConcurrencyError } from '../config/processes.ts';

const USAGE = {
  serve: 'usage: medbillguard serve [--port N] [--host ADDRESS] [--workers N|auto]   (configuration from the environment: see docs/SERVICE.md)',
  worker: 'usage: medbillguard worker [--concurrency N]   (same environment as serve)',
  migrate: 'usage: medbillguard migrate [--status]   (applies pending migrations to DATABASE_URL, or the embedded SQLite under DATA_DIR)',
};

function parse(argv: string[], usage: string, options: Record<string, { type: 'string' | 'boolean' }>): Record<string, string | boolean | undefined> | number {
  try {
    const { values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: false });
    if (values.help) { process.stdout.write(usage + '\n'); return 0; }
    return values as Record<string, string | boolean | undefined>;
  } catch (err) {
    process.stderr.write(`medbillguard: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
}

/**
 * `medbillguard serve`: one process, or (WEB_CONCURRENCY / --workers above 1) a cluster whose
 * primary forks that many web workers, each running this command again. Resolves with the exit
 * code once stopped by SIGTERM/SIGINT.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const flags = parse(argv, USAGE.serve, { port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' } });
  if (typeof flags === 'number') return flags;
  const workersFlag = flags.workers as string | undefined;
  let workers: number;
  try {
    workers = parseWebConcurrency(workersFlag ?? process.env.WEB_CONCURRENCY);
  } catch (err) {
    if (!(err instanceof WebConcurrencyError)) throw err;
    process.stderr.write(`medbillguard: invalid configuration:\n  - ${err.message}\n`);
    return 2;
  }
  if (workers > 1 && cluster.isPrimary) {
    const { runPrimary } = await import('./cluster.ts');
    return runPrimary({ workers, shutdownTimeoutMs: shutdownTimeoutFrom(process.env.SHUTDOWN_TIMEOUT_MS) });
  }
  const { runServe } = await import('./process.ts');
  return runServe({ PORT: flags.port as string | undefined, HOST: flags.host as string | undefined, WEB_CONCURRENCY: workersFlag });
}

/** `medbillguard worker`: runs batch jobs until SIGTERM/SIGINT. */
export async function workerCommand(argv: string[]): Promise<number> {
  const flags = parse(argv, USAGE.worker, { concurrency: { type: 'string' } });
  if (typeof flags === 'number') return flags;
  const { runWorker } = await import('./process.ts');
  return runWorker({ WORKER_CONCURRENCY: flags.concurrency as string | undefined });
}

/** `medbillguard migrate`: the release step. `--status` only reports. */
export async function migrateCommand(argv: string[]): Promise<number> {
  const flags = parse(argv, USAGE.migrate, { status: { type: 'boolean' } });
  if (typeof flags === 'number') return flags;
  const { runMigrate } = await import('./process.ts');
  return runMigrate(flags.status === true);
}
