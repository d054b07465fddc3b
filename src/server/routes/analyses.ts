// /v1/analyses: analyse a bill (multipart or base64 JSON), list, read, delete.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decodeCursor } from '../../store/analyses.ts';
import { ApiError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { AnalysisList, errors, IdParams, JsonUpload, ListQuery, MultipartFields, StoredAnalysis } from '../schemas.ts';
import { present, type AnalysisInput } from '../service.ts';

/**
 * Answers with a body that is already the JSON of the route's response schema (presentJson), so
 * it is not serialised again. The typed reply expects the object; the text is its JSON.
 */
export function sendJsonText(reply: unknown, status: number, json: string): FastifyReply {
  return (reply as FastifyReply).code(status).type('application/json; charset=utf-8').send(json);
}
import { cleanFileName, contextOf, decodeBase64File, parseOrThrow, readMultipart } from '../uploads.ts';
import type { App } from './types.ts';

/** The bill of a POST, whichever way it was sent. */
async function readAnalysisUpload(request: FastifyRequest, rt: Runtime): Promise<AnalysisInput> {
  const maxBytes = rt.config.maxUploadBytes;
  if (request.isMultipart()) {
    const { files, fields } = await readMultipart(request, { maxFiles: 1, maxFileBytes: maxBytes, maxTotalBytes: maxBytes }, MultipartFields);
    const file = files[0]!;
    return { bytes: file.bytes, fileName: file.fileName, docId: fields.doc_id, ...contextOf(fields) };
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
  const body = parseOrThrow(JsonUpload, request.body ?? {});
  return {
    bytes: decodeBase64File(body.file_content, maxBytes),
    fileName: cleanFileName(body.file_name, 'upload.txt'),
    docId: body.doc_id,
    ...contextOf(body),
  };
}

export { readAnalysisUpload };

export function analysesRoutes(app: App, rt: Runtime): void {
  app.post('/v1/analyses', {
    bodyLimit: jsonBodyLimit(rt.config.maxUploadBytes),
    schema: {
      tags: ['analyses'],
      summary: 'Analyse one bill (multipart `file` or JSON `file_content` in base64)',
      consumes: ['multipart/form-data', 'application/json'],
      response: { 200: StoredAnalysis.describe('analysed before: the stored analysis'), 201: StoredAnalysis.describe('analysed now'), ...errors(400, 409, 413, 415, 422, 429, 503) },
    },
  }, async (request, reply) => {
    const input = await readAnalysisUpload(request, rt);
    const { stored, created, json } = await rt.service.analyzeAndStore(input);
    if (created) request.log.info({ doc_id: stored.doc_id, analysis_id: stored.id, created, verdict: stored.analysis.verdict, document_type: stored.analysis.document.type, latency_ms: stored.analysis.latency_ms }, 'analysis created');
    else request.log.info({ doc_id: stored.doc_id, analysis_id: stored.id, created }, 'analysis found');
    // The body is already JSON (see presentJson): sent as it is, not serialised again.
    return sendJsonText(reply, created ? 201 : 200, json);
  });

  app.get('/v1/analyses', {
    schema: { tags: ['analyses'], summary: 'Analyses, newest first', querystring: ListQuery, response: { 200: AnalysisList, ...errors(400) } },
  }, async (request) => {
    const { limit, cursor } = request.query;
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (cursor && !after) throw new ApiError('INVALID_FIELD', 'cursor: not a cursor this API returned');
    const page = await rt.analyses.list(limit, after ?? undefined);
    return { items: page.items, next_cursor: page.nextCursor };
  });

  app.get('/v1/analyses/:id', {
    schema: { tags: ['analyses'], summary: 'One stored analysis', params: IdParams, response: { 200: StoredAnalysis, ...errors(404) } },
  }, async (request) => {
    const stored = await rt.analyses.get(request.params.id);
    if (!stored) throw new ApiError('NOT_FOUND', 'no analysis with this id');
    return present(stored);
  });

  app.delete('/v1/analyses/:id', {
    schema: { tags: ['analyses'], summary: 'Delete an analysis and any document stored for it', params: IdParams, response: { 204: z.null().describe('deleted'), ...errors(404) } },
  }, async (request, reply) => {
    const removed = await rt.analyses.delete(request.params.id);
    if (!removed) throw new ApiError('NOT_FOUND', 'no analysis with this id');
    await rt.service.evict(removed.doc_id);
    request.log.info({ doc_id: removed.doc_id, analysis_id: removed.id }, 'analysis deleted');
    return reply.code(204).send(null);
  });
}

/** A JSON body carries the file in base64 (4 bytes for 3) plus a little JSON. */
export const jsonBodyLimit = (maxUploadBytes: number) => Math.ceil((maxUploadBytes * 4) / 3) + 64 * 1024;
