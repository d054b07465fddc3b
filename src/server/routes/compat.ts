// The seed's routes, kept for its clients: POST /analyze (its JSON body), GET /bills,
// GET /bills/{id}. They run the same service as /v1.
import type { ContextOptions } from '../../analyze.ts';
import type { Lang, Scheme } from '../../domain/analysis.ts';
import { ApiError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { AnalysisList, errors, IdParams, ListQuery, SeedAnalyzeBody, StoredAnalysis } from '../schemas.ts';
import { present } from '../service.ts';
import { sendJsonText } from './analyses.ts';
import { decodeBase64File } from '../uploads.ts';
import { decodeCursor } from '../../store/analyses.ts';
import { jsonBodyLimit } from './analyses.ts';
import type { App } from './types.ts';

const LANGS: Record<string, Lang> = { en: 'en', eng: 'en', english: 'en', hi: 'hi', hin: 'hi', hindi: 'hi' };
const SCHEMES: Record<string, Scheme> = {
  cghs: 'cghs', government: 'cghs', private: 'private', self: 'private', cash: 'private', 'self-pay': 'private', none: 'private',
  insured: 'insured', insurance: 'insured', health_insurance: 'insured', tpa: 'insured', corporate: 'insured', mediclaim: 'insured',
};
const FORMAT_EXTENSIONS: Record<string, string> = { pdf: 'pdf', txt: 'txt', text: 'txt', csv: 'csv', png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp', tif: 'tif', tiff: 'tif', image: 'png' };

function pick<T>(table: Record<string, T>, value: string | undefined, field: string): T | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const found = table[value.trim().toLowerCase()];
  if (!found) throw new ApiError('INVALID_FIELD', `${field}: "${value.slice(0, 40)}" is not one of ${[...new Set(Object.keys(table))].join(', ')}`);
  return found;
}

export function compatRoutes(app: App, rt: Runtime): void {
  app.post('/analyze', {
    bodyLimit: jsonBodyLimit(rt.config.maxUploadBytes),
    schema: { tags: ['compatibility'], summary: "The seed's analyse route (JSON, base64 file)", body: SeedAnalyzeBody, response: { 200: StoredAnalysis, ...errors(400, 409, 413, 415, 422, 429, 503) } },
  }, async (request, reply) => {
    const b = request.body;
    const context: ContextOptions = {};
    const scheme = pick(SCHEMES, b.insurance_type, 'insurance_type');
    if (scheme) context.scheme = scheme;
    if (b.state_code) {
      if (!/^[A-Za-z]{2}$/.test(b.state_code.trim())) throw new ApiError('INVALID_FIELD', 'state_code: a 2-letter state code');
      context.state = b.state_code.trim().toUpperCase();
    }
    const ext = pick(FORMAT_EXTENSIONS, b.file_format, 'file_format') ?? 'txt';
    const { stored, json } = await rt.service.analyzeAndStore({
      bytes: decodeBase64File(b.file_content, rt.config.maxUploadBytes),
      fileName: `upload.${ext}`,
      docId: b.doc_id,
      context,
      lang: pick(LANGS, b.language, 'language'),
    });
    request.log.info({ doc_id: stored.doc_id, analysis_id: stored.id }, 'analysis (seed route)');
    return sendJsonText(reply, 200, json);
  });

  app.get('/bills', {
    schema: { tags: ['compatibility'], summary: 'Analyses, newest first (as GET /v1/analyses)', querystring: ListQuery, response: { 200: AnalysisList, ...errors(400) } },
  }, async (request) => {
    const after = request.query.cursor ? decodeCursor(request.query.cursor) : undefined;
    if (request.query.cursor && !after) throw new ApiError('INVALID_FIELD', 'cursor: not a cursor this API returned');
    const page = await rt.analyses.list(request.query.limit, after ?? undefined);
    return { items: page.items, next_cursor: page.nextCursor };
  });

  app.get('/bills/:id', {
    schema: { tags: ['compatibility'], summary: 'One analysis by its id or its doc_id', params: IdParams, response: { 200: StoredAnalysis, ...errors(404) } },
  }, async (request) => {
    const stored = (await rt.analyses.get(request.params.id)) ?? (await rt.analyses.findByDocId(request.params.id));
    if (!stored) throw new ApiError('NOT_FOUND', 'no bill with this id or doc_id');
    return present(stored);
  });
}
