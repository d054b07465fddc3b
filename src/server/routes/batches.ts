// /v1/batches: many bills in one upload, analysed by the job queue; progress and a CSV report.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { toRupees } from '../../domain/money.ts';
import type { BatchView } from '../../store/batches.ts';
import { batchCsv } from '../csv.ts';
import { ApiError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { BatchCreated, BatchFields, BatchStatus, errors, IdParams } from '../schemas.ts';
import { contextOf, readMultipart } from '../uploads.ts';
import type { App } from './types.ts';

export function batchStatus(view: BatchView) {
  const done = view.items.filter((i) => i.status === 'done').length;
  const failed = view.items.filter((i) => i.status === 'failed').length;
  const started = view.items.some((i) => i.status !== 'queued' || i.attempts > 0);
  const status = done + failed === view.total ? (done === 0 && view.total > 0 ? 'failed' : 'done') : started ? 'running' : 'queued';
  return {
    id: view.id,
    status,
    created_at: view.created_at,
    total: view.total,
    done,
    failed,
    items: view.items.map((i) => ({
      file_name: i.file_name,
      analysis_id: i.analysis_id,
      verdict: i.verdict,
      overcharge: i.overcharge_paise === null ? null : toRupees(i.overcharge_paise),
      error: i.status === 'failed' ? i.error_message : null,
      status: i.status,
      attempts: i.attempts,
    })),
  } as const;
}

export function batchesRoutes(app: App, rt: Runtime): void {
  app.post('/v1/batches', {
    schema: {
      tags: ['batches'],
      summary: 'Queue many bills (multipart, one `file` part per bill, plus context fields for all)',
      consumes: ['multipart/form-data'],
      response: { 202: BatchCreated, ...errors(400, 413, 415, 429, 503) },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'a batch is multipart/form-data with one "file" part per bill');
    try {
      await rt.queue.ping();
    } catch {
      throw new ApiError('SERVICE_UNAVAILABLE', 'the job queue is unreachable');
    }
    const { config } = rt;
    const { files, fields } = await readMultipart(request, { maxFiles: config.maxBatchFiles, maxFileBytes: config.maxUploadBytes, maxTotalBytes: config.maxBatchBytes }, BatchFields);
    const { context, lang } = contextOf(fields);
    const created = await rt.batches.create({ context: { ...context }, ...(lang ? { lang } : {}) }, files.map((f) => ({
      fileName: f.fileName, bytes: f.bytes, sha256: createHash('sha256').update(f.bytes).digest('hex'),
    })));
    try {
      await rt.queue.enqueue(created.itemIds);
    } catch (err) {
      await rt.batches.delete(created.id).catch(() => {});
      throw new ApiError('SERVICE_UNAVAILABLE', 'the job queue refused the batch', { cause: err });
    }
    request.log.info({ batch_id: created.id, total: files.length }, 'batch queued');
    return reply.code(202).send({ id: created.id, status: 'queued', total: files.length });
  });

  app.get('/v1/batches/:id', {
    schema: { tags: ['batches'], summary: 'Progress of a batch, item by item', params: IdParams, response: { 200: BatchStatus, ...errors(404) } },
  }, async (request) => {
    const view = await rt.batches.get(request.params.id);
    if (!view) throw new ApiError('NOT_FOUND', 'no batch with this id');
    return batchStatus(view);
  });

  app.get('/v1/batches/:id/report.csv', {
    schema: { tags: ['batches'], summary: 'One CSV row per bill and red flag', params: IdParams, produces: ['text/csv'], response: { 200: z.string().describe('CSV, one row per bill and red flag'), ...errors(404) } },
  }, async (request, reply) => {
    const rows = await rt.batches.reportRows(request.params.id);
    if (rows.length === 0 && !(await rt.batches.get(request.params.id))) throw new ApiError('NOT_FOUND', 'no batch with this id');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="batch-${request.params.id.replace(/[^\w-]/g, '')}.csv"`)
      .send(batchCsv(rows));
  });
}
