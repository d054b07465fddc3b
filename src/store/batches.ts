// Batches and their items. The database holds every job's state (queued, running with a lease,
// done, failed), so a job survives any process: a worker that dies leaves its lease to expire and
// another worker takes the item again. Both the in-process queue and the Redis queue use this.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Analysis } from '../domain/analysis.ts';
import type { Database, ItemStatus } from './schema.ts';

export interface NewBatchFile {
  fileName: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface BatchOptions {
  context: Record<string, unknown>;
  lang?: string;
}

export interface ClaimedItem {
  id: string;
  batchId: string;
  fileName: string;
  documentId: string;
  attempts: number;
}

export interface BatchItemView {
  id: string;
  position: number;
  file_name: string;
  status: ItemStatus;
  attempts: number;
  analysis_id: string | null;
  error_code: string | null;
  error_message: string | null;
  verdict: string | null;
  overcharge_paise: number | null;
}

export interface BatchView {
  id: string;
  created_at: string;
  total: number;
  options: BatchOptions;
  items: BatchItemView[];
}

const nowIso = () => new Date().toISOString();

export class BatchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores the batch, its files and one queued item per file, in one transaction. */
  async create(options: BatchOptions, files: NewBatchFile[]): Promise<{ id: string; itemIds: string[] }> {
    const id = randomUUID();
    const created = nowIso();
    const now = Date.now();
    const itemIds = files.map(() => randomUUID());
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('mbg_batches').values({ id, created_at: created, total: files.length, options: JSON.stringify(options) }).execute();
      for (let i = 0; i < files.length; i++) {
        const f = files[i]!;
        const documentId = randomUUID();
        await trx.insertInto('mbg_documents').values({ id: documentId, sha256: f.sha256, byte_size: f.bytes.byteLength, content: f.bytes, analysis_id: null, created_at: created }).execute();
        await trx.insertInto('mbg_batch_items').values({
          id: itemIds[i]!, batch_id: id, position: i + 1, file_name: f.fileName, document_id: documentId,
          status: 'queued', available_at: now, lease_until: null, analysis_id: null, error_code: null, error_message: null, updated_at: created,
        }).execute();
      }
    });
    return { id, itemIds };
  }

  /** Undoes `create` (used when the queue refused the jobs). */
  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const docs = await trx.selectFrom('mbg_batch_items').select('document_id').where('batch_id', '=', id).execute();
      await trx.deleteFrom('mbg_batch_items').where('batch_id', '=', id).execute();
      if (docs.length) await trx.deleteFrom('mbg_documents').where('id', 'in', docs.map((d) => d.document_id)).where('analysis_id', 'is', null).execute();
      await trx.deleteFrom('mbg_batches').where('id', '=', id).execute();
    });
  }

  async get(id: string): Promise<BatchView | null> {
    const batch = await this.db.selectFrom('mbg_batches').selectAll().where('id', '=', id).executeTakeFirst();
    if (!batch) return null;
    const items = await this.db.selectFrom('mbg_batch_items as i')
      .leftJoin('mbg_analyses as a', 'a.id', 'i.analysis_id')
      .select(['i.id', 'i.position', 'i.file_name', 'i.status', 'i.attempts', 'i.analysis_id', 'i.error_code', 'i.error_message', 'a.verdict', 'a.overcharge_paise'])
      .where('i.batch_id', '=', id).orderBy('i.position').execute();
    return { id: batch.id, created_at: batch.created_at, total: batch.total, options: JSON.parse(batch.options) as BatchOptions, items: items.map((r) => ({ ...r, attempts: Number(r.attempts), overcharge_paise: r.overcharge_paise === null ? null : Number(r.overcharge_paise) })) };
  }

  /** Each item of a batch with its full analysis (null until done), for the CSV report. */
  async reportRows(id: string): Promise<Array<{ position: number; file_name: string; status: ItemStatus; analysis_id: string | null; error_message: string | null; analysis: Analysis | null }>> {
    const rows = await this.db.selectFrom('mbg_batch_items as i')
      .leftJoin('mbg_analyses as a', 'a.id', 'i.analysis_id')
      .select(['i.position', 'i.file_name', 'i.status', 'i.analysis_id', 'i.error_message', 'a.analysis'])
      .where('i.batch_id', '=', id).orderBy('i.position').execute();
    return rows.map((r) => ({ position: r.position, file_name: r.file_name, status: r.status, analysis_id: r.analysis_id, error_message: r.error_message, analysis: r.analysis ? (JSON.parse(r.analysis) as Analysis) : null }));
  }

  /** The options the batch was queued with. */
  async options(batchId: string): Promise<BatchOptions | null> {
    const row = await this.db.selectFrom('mbg_batches').select('options').where('id', '=', batchId).executeTakeFirst();
    return row ? (JSON.parse(row.options) as BatchOptions) : null;
  }

  async document(documentId: string): Promise<Uint8Array | null> {
    const row = await this.db.selectFrom('mbg_documents').select('content').where('id', '=', documentId).executeTakeFirst();
    return row ? new Uint8Array(row.content) : null;
  }

  /**
   * Takes the next runnable item (queued and due, or running with an expired lease) for this
   * worker until `now + leaseMs`. Two workers racing for one item: the guarded UPDATE lets one win.
   */
  async claimNext(leaseMs: number): Promise<ClaimedItem | null> {
    for (let tries = 0; tries < 5; tries++) {
      const now = Date.now();
      const candidate = await this.db.selectFrom('mbg_batch_items').select('id')
        .where((eb) => eb.or([
          eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
        ]))
        .orderBy('available_at').orderBy('position').limit(1).executeTakeFirst();
      if (!candidate) return null;
      const claimed = await this.claim(candidate.id, leaseMs);
      if (claimed) return claimed;
    }
    return null;
  }

  /**
   * Claims this item if it is runnable; null when it is done, failed, or leased to a live worker.
   * `ignoreSchedule`: the caller's queue keeps the retry schedule (BullMQ), so a queued item is
   * runnable whatever its available_at.
   */
  async claim(itemId: string, leaseMs: number, options: { ignoreSchedule?: boolean } = {}): Promise<ClaimedItem | null> {
    const now = Date.now();
    const due = options.ignoreSchedule ? Number.MAX_SAFE_INTEGER : now;
    const row = await this.db.updateTable('mbg_batch_items')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), lease_until: now + leaseMs, updated_at: new Date(now).toISOString() }))
      .where('id', '=', itemId)
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', due)]),
        eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
      ]))
      .returning(['id', 'batch_id', 'file_name', 'document_id', 'attempts'])
      .executeTakeFirst();
    return row ? { id: row.id, batchId: row.batch_id, fileName: row.file_name, documentId: row.document_id, attempts: Number(row.attempts) } : null;
  }

  async renewLease(itemId: string, leaseMs: number): Promise<void> {
    await this.db.updateTable('mbg_batch_items').set({ lease_until: Date.now() + leaseMs }).where('id', '=', itemId).where('status', '=', 'running').execute();
  }

  /** Marks the item done with its analysis, and links its stored document to that analysis. */
  async complete(item: ClaimedItem, analysisId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('mbg_batch_items')
        .set({ status: 'done', analysis_id: analysisId, lease_until: null, error_code: null, error_message: null, updated_at: nowIso() })
        .where('id', '=', item.id).where('status', '=', 'running').execute();
      await trx.updateTable('mbg_documents').set({ analysis_id: analysisId }).where('id', '=', item.documentId).execute();
    });
  }

  /** Puts the item back in the queue, due at `availableAt`, remembering why. */
  async retryLater(itemId: string, availableAt: number, code: string, message: string): Promise<void> {
    await this.db.updateTable('mbg_batch_items')
      .set({ status: 'queued', available_at: availableAt, lease_until: null, error_code: code, error_message: message, updated_at: nowIso() })
      .where('id', '=', itemId).where('status', '=', 'running').execute();
  }

  async fail(itemId: string, code: string, message: string): Promise<void> {
    await this.db.updateTable('mbg_batch_items')
      .set({ status: 'failed', lease_until: null, error_code: code, error_message: message, updated_at: nowIso() })
      .where('id', '=', itemId).where('status', 'in', ['queued', 'running']).execute();
  }

  /** Items not finished yet: the queue's depth. */
  async depth(): Promise<number> {
    const row = await this.db.selectFrom('mbg_batch_items').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['queued', 'running']).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Unfinished items that no worker appears to hold: queued and due for `graceMs`, or running past their lease. */
  async orphans(graceMs: number, limit = 500): Promise<string[]> {
    const now = Date.now();
    const rows = await this.db.selectFrom('mbg_batch_items').select('id')
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', now - graceMs)]),
        eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
      ]))
      .orderBy('available_at').limit(limit).execute();
    return rows.map((r) => r.id);
  }
}
