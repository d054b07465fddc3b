// How many web processes `serve` runs (WEB_CONCURRENCY, `serve --workers`), read without zod:
// the cluster's primary process decides this before it loads anything else, so that its first
// web worker starts at once. config.ts declares the same variable in its schema with these
// rules, so it is validated (and documented) with every other variable.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Most web processes WEB_CONCURRENCY accepts. */
export const MAX_WEB_CONCURRENCY = 64;
/**
 * Most web processes `auto` starts. Past a few processes a machine's cores are better spent
 * on `medbillguard worker`s, and every web process holds its own copy of the reference data.
 */
export const MAX_AUTO_WEB_CONCURRENCY = 4;

export class WebConcurrencyError extends Error {
  constructor(value: string) {
    super(`WEB_CONCURRENCY (or --workers): must be auto or a whole number from 1 to ${MAX_WEB_CONCURRENCY}, not "${value.slice(0, 40)}"`);
    this.name = 'WebConcurrencyError';
  }
}

/** CPUs this process may use: the affinity mask, and the cgroup v2 CPU quota (containers) when one is set. */
export function usableCpus(): number {
  let cpus = availableParallelism();
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (quota && quota !== 'max' && Number(period) > 0) cpus = Math.min(cpus, Math.max(1, Math.floor(Number(quota) / Number(period))));
  } catch {
    // not Linux, or no cgroup v2 limit: the affinity mask is the answer
  }
  return Math.max(1, cpus);
}

/**
 * Unset or blank = 1 (one process, the quickest start on a laptop); `auto` = one process per
 * usable CPU, at most MAX_AUTO_WEB_CONCURRENCY (what the deploy files set); else 1..MAX_WEB_CONCURRENCY.
 */
export function parseWebConcurrency(value: string | undefined): number {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return 1;
  if (v === 'auto') return Math.min(usableCpus(), MAX_AUTO_WEB_CONCURRENCY);
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_WEB_CONCURRENCY) throw new WebConcurrencyError(value ?? '');
  return Number(v);
}

/** Default and bounds of SHUTDOWN_TIMEOUT_MS (config.ts validates it with these). */
export const SHUTDOWN_TIMEOUT_DEFAULT_MS = 8000;
export const SHUTDOWN_TIMEOUT_RANGE_MS = [100, 60_000] as const;

/**
 * SHUTDOWN_TIMEOUT_MS for the cluster's primary, which waits that long (plus a margin) for its
 * workers. An invalid value falls back to the default here: the workers refuse it at start.
 */
export function shutdownTimeoutFrom(value: string | undefined): number {
  const n = Number((value ?? '').trim());
  return Number.isInteger(n) && n >= SHUTDOWN_TIMEOUT_RANGE_MS[0] && n <= SHUTDOWN_TIMEOUT_RANGE_MS[1] ? n : SHUTDOWN_TIMEOUT_DEFAULT_MS;
}
