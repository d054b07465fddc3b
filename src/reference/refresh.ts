// Optional refresh of the official lists from configured URLs (off by default). Each fetch is
// cached for REFRESH_TTL_MS; a new file is parsed and validated like `data import`, compared with
// the edition in force, and swapped in atomically — or rejected, keeping the old edition, when it
// parses to far fewer rows or to implausible rates.
//
// Configuration: MEDBILLGUARD_REFRESH_SOURCES, a JSON array of
//   { "source": "cghs" | "nppa", "url": "https://…/list.csv", "edition"?: "YYYY-MM-DD", "effective_date"?: "YYYY-MM-DD" }
// A dataset JSON at the URL carries its own edition; a CSV needs "edition" in the configuration.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isUserError } from '../domain/errors.ts';
import { type EditionDataset, importDir, parseEdition, writeEdition } from './import.ts';
import { clearReferenceCache, loadReferences } from './load.ts';

/** How long a fetched source is trusted before it is asked for again. */
export const REFRESH_TTL_MS = 6 * 60 * 60 * 1000;
/** A new edition with fewer rows than this share of the current one is rejected. */
export const MIN_ROW_RATIO = 0.6;
/** The median ratio of new to old rates (codes in both editions) must lie in this range. */
export const PLAUSIBLE_RATE_RATIO: readonly [number, number] = [0.5, 3];
/** Time allowed for one download. */
export const FETCH_TIMEOUT_MS = 30_000;
/** Largest download accepted. */
export const MAX_DOWNLOAD_BYTES = 15 * 1024 * 1024;

export interface RefreshSource {
  source: 'cghs' | 'nppa';
  url: string;
  edition?: string;
  effective_date?: string;
}

export interface RefreshOutcome {
  source: string;
  url: string;
  status: 'cached' | 'not_modified' | 'updated' | 'unchanged' | 'rejected' | 'failed';
  detail: string;
  edition?: string;
  rows?: number;
}

interface CacheEntry { fetched_at: number; etag?: string; last_modified?: string; sha256?: string }

export function configuredSources(env: NodeJS.ProcessEnv = process.env): RefreshSource[] {
  const raw = env.MEDBILLGUARD_REFRESH_SOURCES;
  if (!raw) return [];
  let parsed: unknown;
  try { parsed = JSON.parse(raw); } catch { throw new Error('MEDBILLGUARD_REFRESH_SOURCES is not valid JSON'); }
  if (!Array.isArray(parsed)) throw new Error('MEDBILLGUARD_REFRESH_SOURCES must be a JSON array');
  return parsed.map((s, i) => {
    const o = s as Partial<RefreshSource>;
    if ((o.source !== 'cghs' && o.source !== 'nppa') || typeof o.url !== 'string') throw new Error(`MEDBILLGUARD_REFRESH_SOURCES[${i}] needs "source" (cghs or nppa) and "url"`);
    return o as RefreshSource;
  });
}

function statePath(dir: string): string { return join(dir, '.refresh-cache.json'); }

function readState(dir: string): Record<string, CacheEntry> {
  try { return JSON.parse(readFileSync(statePath(dir), 'utf8')) as Record<string, CacheEntry>; } catch { return {}; }
}

function writeState(dir: string, state: Record<string, CacheEntry>): void {
  mkdirSync(dir, { recursive: true });
  const temp = `${statePath(dir)}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2) + '\n');
  renameSync(temp, statePath(dir));
}

function rateOf(row: Record<string, unknown>): number | null {
  const v = row.nabh ?? row.non_nabh ?? row.ceiling_price;
  return typeof v === 'number' && v > 0 ? v : null;
}

function keyOf(row: Record<string, unknown>): string {
  return row.code !== undefined ? String(row.code) : `${String(row.medicine)}|${String(row.form_strength)}|${String(row.unit)}`.toLowerCase();
}

/** Why a new edition is implausible next to the current one, or null when it is plausible. */
export function implausibility(next: EditionDataset, current: { rows: unknown[] } | null): string | null {
  if (!current || current.rows.length === 0) return null;
  if (next.rows.length < current.rows.length * MIN_ROW_RATIO) {
    return `it has ${next.rows.length} rows against ${current.rows.length} in the edition in use (fewer than ${Math.round(MIN_ROW_RATIO * 100)}%)`;
  }
  const old = new Map<string, number>();
  for (const r of current.rows as Array<Record<string, unknown>>) { const rate = rateOf(r); if (rate) old.set(keyOf(r), rate); }
  const ratios: number[] = [];
  for (const r of next.rows as unknown as Array<Record<string, unknown>>) {
    const before = old.get(keyOf(r));
    const now = rateOf(r);
    if (before && now) ratios.push(now / before);
  }
  if (ratios.length >= 10) {
    ratios.sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    if (median < PLAUSIBLE_RATE_RATIO[0] || median > PLAUSIBLE_RATE_RATIO[1]) {
      return `its rates are implausible: the median rate is ${median.toFixed(2)}× the edition in use`;
    }
  }
  return null;
}

async function download(url: string, cached: CacheEntry | undefined): Promise<{ status: 304 } | { status: 200; bytes: Uint8Array; etag?: string; lastModified?: string }> {
  const headers: Record<string, string> = {};
  if (cached?.etag) headers['if-none-match'] = cached.etag;
  if (cached?.last_modified) headers['if-modified-since'] = cached.last_modified;
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (response.status === 304) return { status: 304 };
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_DOWNLOAD_BYTES) throw new Error(`the file is ${length} bytes, over the ${MAX_DOWNLOAD_BYTES}-byte limit`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_DOWNLOAD_BYTES) throw new Error(`the file is over the ${MAX_DOWNLOAD_BYTES}-byte limit`);
  return { status: 200, bytes, ...(response.headers.get('etag') ? { etag: response.headers.get('etag')! } : {}), ...(response.headers.get('last-modified') ? { lastModified: response.headers.get('last-modified')! } : {}) };
}

/** Refreshes every configured source once. Never throws for a bad download: it reports and keeps the old edition. */
export async function refreshOnce(sources: RefreshSource[] = configuredSources(), { dir = importDir(), now = Date.now(), force = false } = {}): Promise<RefreshOutcome[]> {
  const state = readState(dir);
  const outcomes: RefreshOutcome[] = [];
  for (const src of sources) {
    const base = { source: src.source, url: src.url };
    const cached = state[src.url];
    if (!force && cached && now - cached.fetched_at < REFRESH_TTL_MS) {
      outcomes.push({ ...base, status: 'cached', detail: `fetched ${Math.round((now - cached.fetched_at) / 60000)} min ago; next check after ${REFRESH_TTL_MS / 3600000} h` });
      continue;
    }
    try {
      const got = await download(src.url, cached);
      if (got.status === 304) {
        state[src.url] = { ...cached!, fetched_at: now };
        outcomes.push({ ...base, status: 'not_modified', detail: 'the server says the file has not changed' });
        continue;
      }
      const sha256 = createHash('sha256').update(got.bytes).digest('hex');
      const entry: CacheEntry = { fetched_at: now, sha256, ...(got.etag ? { etag: got.etag } : {}), ...(got.lastModified ? { last_modified: got.lastModified } : {}) };
      if (cached?.sha256 === sha256) {
        state[src.url] = entry;
        outcomes.push({ ...base, status: 'unchanged', detail: 'same bytes as last time' });
        continue;
      }
      const fileName = new URL(src.url).pathname.split('/').pop() || `${src.source}.csv`;
      const dataset = parseEdition(src.source, got.bytes, fileName, { ...(src.edition ? { edition: src.edition } : {}), ...(src.effective_date ? { effectiveDate: src.effective_date } : {}) });
      const current = loadReferences(undefined, dir).editionFor(src.source);
      const why = implausibility(dataset, current);
      state[src.url] = entry;
      if (why) {
        outcomes.push({ ...base, status: 'rejected', detail: `kept edition ${current?.edition ?? '(none)'}: ${why}`, edition: dataset.edition, rows: dataset.rows.length });
        continue;
      }
      writeEdition(dataset, dir);
      clearReferenceCache();
      outcomes.push({ ...base, status: 'updated', detail: `edition ${dataset.edition} in force from ${dataset.effective_date}`, edition: dataset.edition, rows: dataset.rows.length });
    } catch (error) {
      const detail = isUserError(error) ? error.message : error instanceof Error ? error.message : String(error);
      outcomes.push({ ...base, status: 'failed', detail: `kept the edition in use: ${detail}` });
    }
  }
  writeState(dir, state);
  return outcomes;
}

/** Runs refreshOnce now and then every `intervalMs` (an unref'd timer: it never keeps a process alive). */
export function startRefreshSchedule(onOutcomes: (o: RefreshOutcome[]) => void, intervalMs = REFRESH_TTL_MS): () => void {
  const sources = configuredSources();
  if (sources.length === 0) return () => {};
  const run = () => { refreshOnce(sources).then(onOutcomes, () => {}); };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export const refreshDirExists = (dir = importDir()): boolean => existsSync(dir);
