// Analyse-and-store, shared by the HTTP routes and the batch workers: work out the doc_id,
// answer a known doc_id from the cache or the database, otherwise run the core's analyze() and
// store the result once per doc_id (a concurrent twin gets the stored row).
import { createHash, randomUUID } from 'node:crypto';
import type { Analysis, Lang } from '../domain/analysis.ts';
import { isUserError, UserError } from '../domain/errors.ts';
import type { ContextOptions } from '../analyze.ts';
import type { AnalysisRepository, StoredAnalysis } from '../store/analyses.ts';
import type { Cache } from '../store/cache.ts';
import type { Core } from './core.ts';
import { ApiError } from './errors.ts';
import type { Metrics } from './metrics.ts';

export interface AnalysisInput {
  bytes: Uint8Array;
  fileName: string;
  docId?: string | undefined;
  context: ContextOptions;
  lang?: Lang | undefined;
}

export interface AnalysisOutcome {
  stored: StoredAnalysis;
  /** false when the doc_id was analysed before (the stored analysis is returned). */
  created: boolean;
  /** present(stored) as JSON, the body of the API's answer. */
  json: string;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The options that change an analysis, in a fixed order with unset ones left out. */
function optionsKey(context: ContextOptions, lang: Lang | undefined): string {
  const entries = Object.entries({ ...context, lang }).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : '';
}

/**
 * sha256 of the input: of the bytes alone when no option is given (so it equals the CLI's
 * doc_id), else of the bytes' hash and the options. It is also the default doc_id.
 */
export function inputSha256(bytes: Uint8Array, context: ContextOptions, lang?: Lang): string {
  const content = sha256(bytes);
  const key = optionsKey(context, lang);
  return key ? sha256(`${content}\n${key}`) : content;
}

/** The stored analysis as the API returns it: the analysis object plus id, created_at, file_name. */
export const present = (s: StoredAnalysis) => ({ ...s.analysis, id: s.id, created_at: s.created_at, file_name: s.file_name });

/**
 * JSON.stringify(present(s)) from the analysis already in JSON: the three fields are appended to
 * the object's text instead of copying and serialising the whole analysis again (an analysis
 * has none of these keys, so the text is the same).
 */
export function presentJson(s: Pick<StoredAnalysis, 'id' | 'created_at' | 'file_name'>, analysisJson: string): string {
  return `${analysisJson.slice(0, analysisJson.lastIndexOf('}'))},"id":${JSON.stringify(s.id)},"created_at":${JSON.stringify(s.created_at)},"file_name":${JSON.stringify(s.file_name)}}`;
}

type StoredMeta = Omit<StoredAnalysis, 'analysis'>;

/**
 * A cached analysis: its stored fields as JSON, a newline, then the analysis as stored (JSON has
 * no raw newline). A hit answers without parsing and re-serialising the analysis; the object is
 * parsed only if a caller reads `analysis`.
 */
function cacheEntry(meta: StoredMeta, analysisJson: string): string {
  const { id, doc_id, input_sha256, file_name, created_at } = meta;
  return `${JSON.stringify({ id, doc_id, input_sha256, file_name, created_at })}\n${analysisJson}`;
}

function fromCacheEntry(entry: string): { stored: StoredAnalysis; analysisJson: string } | null {
  const cut = entry.indexOf('\n');
  if (cut < 0) return null;
  const meta = JSON.parse(entry.slice(0, cut)) as StoredMeta;
  const analysisJson = entry.slice(cut + 1);
  let analysis: StoredAnalysis['analysis'] | undefined;
  const stored = { ...meta } as StoredAnalysis;
  Object.defineProperty(stored, 'analysis', { enumerable: true, get: () => (analysis ??= JSON.parse(analysisJson) as StoredAnalysis['analysis']) });
  return { stored, analysisJson };
}

export class AnalysisService {
  constructor(private readonly deps: {
    core: Core;
    analyses: AnalysisRepository;
    cache: Cache;
    metrics: Metrics | null;
    cacheTtlSeconds: number;
    log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  }) {}

  /** Versioned: the entry's format changed once (a rolling deploy must not read old entries). */
  private cacheKey(docId: string) {
    return `analysis:v2:${docId}`;
  }

  private async lookup(docId: string): Promise<{ stored: StoredAnalysis; json: string } | null> {
    const entry = await this.deps.cache.get(this.cacheKey(docId));
    const hit = entry ? fromCacheEntry(entry) : null;
    if (hit) return { stored: hit.stored, json: presentJson(hit.stored, hit.analysisJson) };
    const stored = await this.deps.analyses.findByDocId(docId);
    if (!stored) return null;
    const analysisJson = JSON.stringify(stored.analysis);
    await this.deps.cache.set(this.cacheKey(docId), cacheEntry(stored, analysisJson), this.deps.cacheTtlSeconds);
    return { stored, json: presentJson(stored, analysisJson) };
  }

  private sameInputOrConflict(found: { stored: StoredAnalysis; json: string }, inputSha: string): AnalysisOutcome {
    if (found.stored.input_sha256 !== inputSha) throw new ApiError('DOC_ID_CONFLICT', `doc_id ${found.stored.doc_id}`);
    return { stored: found.stored, created: false, json: found.json };
  }

  async analyzeAndStore(input: AnalysisInput): Promise<AnalysisOutcome> {
    const inputSha = inputSha256(input.bytes, input.context, input.lang);
    const docId = input.docId ?? inputSha;
    const known = await this.lookup(docId);
    if (known) return this.sameInputOrConflict(known, inputSha);

    const analysis = await this.runCore(input, docId);
    const { stored, created, analysisJson } = await this.deps.analyses.insertIfAbsent({
      id: randomUUID(), docId, inputSha256: inputSha, fileName: input.fileName, createdAt: new Date().toISOString(), analysis,
    });
    const json = analysisJson ?? JSON.stringify(stored.analysis);
    if (!created) return this.sameInputOrConflict({ stored, json: presentJson(stored, json) }, inputSha);
    await this.deps.cache.set(this.cacheKey(docId), cacheEntry(stored, json), this.deps.cacheTtlSeconds);
    return { stored, created, json: presentJson(stored, json) };
  }

  /** Runs the core. A UserError passes through (the input is at fault); anything else is logged as a bug and answered as an unreadable file. */
  private async runCore(input: AnalysisInput, docId: string): Promise<Analysis> {
    const started = performance.now();
    const metrics = this.deps.metrics;
    metrics?.analysisStarted();
    let analysis: Analysis | null = null;
    try {
      analysis = await this.deps.core.analyze({ files: [{ bytes: input.bytes, fileName: input.fileName }], docId, context: input.context, ...(input.lang ? { lang: input.lang } : {}) });
      return analysis;
    } catch (err) {
      if (isUserError(err)) {
        metrics?.analysisFailed('user');
        throw err;
      }
      metrics?.analysisFailed('internal');
      this.deps.log?.error({ doc_id: docId, err: { name: (err as Error)?.name, stack: (err as Error)?.stack?.split('\n').slice(1).join('\n') } }, 'analysis crashed (the message is not logged: it may quote the bill)');
      throw new UserError('READ_FAILED', { detail: 'the analysis could not be completed' });
    } finally {
      metrics?.analysisFinished(analysis, (performance.now() - started) / 1000, analysis?.document.type ?? 'unknown');
    }
  }

  async evict(docId: string): Promise<void> {
    await this.deps.cache.delete(this.cacheKey(docId));
  }
}
