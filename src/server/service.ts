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

export class AnalysisService {
  constructor(private readonly deps: {
    core: Core;
    analyses: AnalysisRepository;
    cache: Cache;
    metrics: Metrics | null;
    cacheTtlSeconds: number;
    log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  }) {}

  private cacheKey(docId: string) {
    return `analysis:${docId}`;
  }

  private async lookup(docId: string): Promise<StoredAnalysis | null> {
    const cached = await this.deps.cache.get(this.cacheKey(docId));
    if (cached) return JSON.parse(cached) as StoredAnalysis;
    const stored = await this.deps.analyses.findByDocId(docId);
    if (stored) await this.deps.cache.set(this.cacheKey(docId), JSON.stringify(stored), this.deps.cacheTtlSeconds);
    return stored;
  }

  private sameInputOrConflict(stored: StoredAnalysis, inputSha: string): AnalysisOutcome {
    if (stored.input_sha256 !== inputSha) throw new ApiError('DOC_ID_CONFLICT', `doc_id ${stored.doc_id}`);
    return { stored, created: false };
  }

  async analyzeAndStore(input: AnalysisInput): Promise<AnalysisOutcome> {
    const inputSha = inputSha256(input.bytes, input.context, input.lang);
    const docId = input.docId ?? inputSha;
    const known = await this.lookup(docId);
    if (known) return this.sameInputOrConflict(known, inputSha);

    const analysis = await this.runCore(input, docId);
    const { stored, created } = await this.deps.analyses.insertIfAbsent({
      id: randomUUID(), docId, inputSha256: inputSha, fileName: input.fileName, createdAt: new Date().toISOString(), analysis,
    });
    if (!created) return this.sameInputOrConflict(stored, inputSha);
    await this.deps.cache.set(this.cacheKey(docId), JSON.stringify(stored), this.deps.cacheTtlSeconds);
    this.deps.log?.info({ doc_id: docId, analysis_id: stored.id, verdict: analysis.verdict, document_type: analysis.document.type, latency_ms: analysis.latency_ms }, 'analysis stored');
    return { stored, created };
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
