// What the matcher derives from a dataset (normalised names, ingredient keys…) is the same on
// every run until the dataset, the synonym table or the code that derives it changes. It is kept
// as a small JSON file in a cache directory so that a cold CLI start reads it instead of
// normalising two thousand names again. The key names all three, so a stale entry is never read;
// a cache that cannot be written is simply not used.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** MEDBILLGUARD_CACHE_DIR overrides the directory; MEDBILLGUARD_CACHE=off turns the cache off. */
export const CACHE_DIR_ENV = 'MEDBILLGUARD_CACHE_DIR';
export const CACHE_SWITCH_ENV = 'MEDBILLGUARD_CACHE';

/** Bump when the cached shapes change. */
const FORMAT = 2;

/**
 * Entries made by `npm run build` (scripts/warm-cache.mjs) and shipped in dist/cache/, read when
 * the user's cache folder has none yet: a first run after installing, or a new container, starts
 * as fast as the next. Same names, so the same keys; never written at run time.
 */
export const PREBUILT_CACHE_DIR = fileURLToPath(new URL('../../dist/cache/', import.meta.url));

/** The folder of the reference code (this module's own folder, found the same way from dist/, its bundles and src/). */
const REFERENCE_CODE_DIR = fileURLToPath(new URL('../reference/', import.meta.url));

let referenceCode: string | undefined;

/**
 * A short hash of every module of the reference code (normalising, indexing, matching, drug
 * parsing), read from its files: a cache key that names it expires whenever any of that code
 * changes, and is the same whichever build (modules or bundles) computes it.
 */
export function referenceCodeSignature(): string {
  if (referenceCode !== undefined) return referenceCode;
  const hash = createHash('sha1');
  try {
    const files = readdirSync(REFERENCE_CODE_DIR).filter((f) => /\.(?:js|ts)$/.test(f) && !/\.(?:test|test-helper|d)\.ts$/.test(f)).sort();
    for (const f of files) hash.update(f).update('\u0000').update(readFileSync(join(REFERENCE_CODE_DIR, f))).update('\u0000');
  } catch {
    hash.update(`unreadable:${process.pid}:${Date.now()}`); // never matches an entry on disk
  }
  return (referenceCode = hash.digest('hex').slice(0, 16));
}

export function cacheDirectory(): string | null {
  if ((process.env[CACHE_SWITCH_ENV] ?? '').toLowerCase() === 'off') return null;
  const user = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return process.env[CACHE_DIR_ENV] ?? join(tmpdir(), `medbillguard-cache-${user}`);
}

/** A file-name-safe name for a dataset file's cache entries ("cghs-2024-07-08"). */
export function cacheName(file: string): string {
  return basename(file).replace(/\.json$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** A short hash of some source texts (e.g. the functions a derivation runs), for cache keys. */
export function codeSignature(...parts: Array<string | { toString(): string }>): string {
  const hash = createHash('sha1');
  for (const p of parts) hash.update(String(p)).update('\u0000');
  return hash.digest('hex').slice(0, 16);
}

/** Like `cached`, for bytes (a serialised index). */
export function cachedBytes(name: string, key: readonly string[] | null, compute: () => Uint8Array): Uint8Array {
  const dir = key ? cacheDirectory() : null;
  if (!dir || !key) return compute();
  const entry = `${name}-${codeSignature(String(FORMAT), ...key)}.bin`;
  const file = join(dir, entry);
  for (const candidate of [file, join(PREBUILT_CACHE_DIR, entry)]) {
    try {
      return readFileSync(candidate);
    } catch {
      // not cached there
    }
  }
  const value = compute();
  write(dir, file, value);
  return value;
}

function write(dir: string, file: string, data: string | Uint8Array): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    // Entries of the same name for other data or code, unused for a day, are stale.
    const name = basename(file).replace(/-[0-9a-f]{16}\.(?:json|bin)$/, '-');
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    for (const other of readdirSync(dir)) {
      if (!other.startsWith(name) || other === basename(file) || !/-[0-9a-f]{16}\.(?:json|bin)$/.test(other)) continue;
      const path = join(dir, other);
      if (statSync(path).atimeMs < dayAgo) rmSync(path, { force: true });
    }
  } catch {
    // a read-only or full disk only costs speed
  }
}

/**
 * `compute()`, or its result from an earlier run with the same `key` parts. `key` must name
 * everything the result depends on (dataset file and stamp, synonym stamps, code signature);
 * null means "not cacheable" (datasets built in memory).
 */
export function cached<T>(name: string, key: readonly string[] | null, compute: () => T): T {
  const dir = key ? cacheDirectory() : null;
  if (!dir || !key) return compute();
  const entry = `${name}-${codeSignature(String(FORMAT), ...key)}.json`;
  const file = join(dir, entry);
  for (const candidate of [file, join(PREBUILT_CACHE_DIR, entry)]) {
    try {
      return JSON.parse(readFileSync(candidate, 'utf8')) as T;
    } catch {
      // not cached there (or unreadable)
    }
  }
  const value = compute();
  write(dir, file, JSON.stringify(value));
  return value;
}
