// Runs one claimed batch item: read its stored file, analyse and store it (once per doc_id),
// mark it done. A worker killed at any point leaves the item running under a lease that
// expires; the next worker analyses it again and the unique doc_id makes the store a no-op, so
// a bill is never applied twice.
import type { Lang } from '../domain/analysis.ts';
import { isUserError } from '../domain/errors.ts';
import type { ContextOptions } from '../analyze.ts';
import type { BatchRepository, ClaimedItem } from '../store/batches.ts';
import { isUnavailable } from '../store/db.ts';
import { ApiError } from '../server/errors.ts';
import type { Metrics } from '../server/metrics.ts';
import type { AnalysisService } from '../server/service.ts';
import { afterStore } from './faults.ts';
import type { ConsumerOptions, ProcessResult } from './types.ts';

export interface ProcessorDeps {
  batches: BatchRepository;
  service: AnalysisService;
  metrics: Metrics | null;
  options: ConsumerOptions;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export function createProcessor(deps: ProcessorDeps): (item: ClaimedItem) => Promise<ProcessResult> {
  const { batches, service, options, log } = deps;
  const outcome = (o: ProcessResult) => { deps.metrics?.jobOutcome(o === 'retry' ? 'retried' : o); return o; };

  return async function processItem(item) {
    const logged = { batch_id: item.batchId, item_id: item.id, attempt: item.attempts };
    if (item.attempts > options.attempts) {
      await batches.fail(item.id, 'GAVE_UP', `gave up after ${options.attempts} attempts`);
      log.warn(logged, 'job given up');
      return outcome('failed');
    }
    const heartbeat = setInterval(() => { batches.renewLease(item.id, options.leaseMs).catch(() => {}); }, Math.max(100, Math.floor(options.leaseMs / 3)));
    try {
      const [bytes, batchOptions] = await Promise.all([batches.document(item.documentId), batches.options(item.batchId)]);
      if (!bytes || !batchOptions) {
        await batches.fail(item.id, 'NOT_FOUND', 'the stored file is gone');
        return outcome('failed');
      }
      const { stored } = await service.analyzeAndStore({
        bytes, fileName: item.fileName, context: batchOptions.context as ContextOptions, lang: batchOptions.lang as Lang | undefined,
      });
      afterStore();
      await batches.complete(item, stored.id);
      log.info({ ...logged, doc_id: stored.doc_id, analysis_id: stored.id, verdict: stored.analysis.verdict }, 'job done');
      return outcome('done');
    } catch (err) {
      if (isUserError(err) || err instanceof ApiError) {
        await batches.fail(item.id, err.code, err.message);
        log.info({ ...logged, code: err.code }, 'job failed: the file cannot be analysed');
        return outcome('failed');
      }
      const message = isUnavailable(err) ? 'the database was unavailable' : 'internal error';
      if (item.attempts >= options.attempts) {
        await batches.fail(item.id, 'INTERNAL_ERROR', `${message} (after ${item.attempts} attempts)`).catch(() => {});
        log.warn({ ...logged, err: { name: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'job failed for good');
        return outcome('failed');
      }
      const delay = options.backoffMs * 2 ** (item.attempts - 1);
      await batches.retryLater(item.id, Date.now() + delay, 'RETRYING', message).catch(() => {});
      log.warn({ ...logged, retry_in_ms: delay, err: { name: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'job will be retried');
      return outcome('retry');
    } finally {
      clearInterval(heartbeat);
    }
  };
}
