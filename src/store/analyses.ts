// Stored analyses: insert once per doc_id (safe under concurrent requests), read, list newest
// first with a cursor, delete.
import type { Kysely } from 'kysely';
import type { Analysis } from '../domain/analysis.ts';
import { toPaise, toRupees } from '../domain/money.ts';
import type { AnalysesTable, Database } from './schema.ts';

export interface StoredAnalysis {
  id: string;
  doc_id: string;
  input_sha256: string;
  file_name: string;
  created_at: string;
  analysis: Analysis;
}

export interface AnalysisSummary {
  id: string;
  doc_id: string;
  file_name: string;
  created_at: string;
  document_type: string;
  verdict: string;
  items_total: number;
  overcharge: number;
  red_flag_count: number;
}

export interface NewAnalysis {
  id: string;
  docId: string;
  inputSha256: string;
  fileName: string;
  createdAt: string;
  analysis: Analysis;
}

const countedFlags = (a: Analysis) => a.red_flags.filter((f) => f.severity !== 'info').length;

function toRow(n: NewAnalysis): AnalysesTable {
  const a = n.analysis;
  return {
    id: n.id,
    doc_id: n.docId,
    input_sha256: n.inputSha256,
    file_name: n.fileName,
    created_at: n.createdAt,
    document_type: a.document.type,
    verdict: a.verdict,
    items_total_paise: toPaise(a.totals.items_total),
    overcharge_paise: toPaise(a.totals.overcharge),
    red_flag_count: countedFlags(a),
    confidence: a.confidence,
    latency_ms: a.latency_ms,
    analysis: JSON.stringify(a),
  };
}

const fromRow = (r: Pick<AnalysesTable, 'id' | 'doc_id' | 'input_sha256' | 'file_name' | 'created_at' | 'analysis'>): StoredAnalysis => ({
  id: r.id,
  doc_id: r.doc_id,
  input_sha256: r.input_sha256,
  file_name: r.file_name,
  created_at: r.created_at,
  analysis: JSON.parse(r.analysis) as Analysis,
});

const FULL = ['id', 'doc_id', 'input_sha256', 'file_name', 'created_at', 'analysis'] as const;

/** Cursor of a list page: the last row's (created_at, id), opaque to clients. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([\w-]{1,64})$/.exec(text);
  return m ? { createdAt: m[1]!, id: m[2]! } : null;
}

export class AnalysisRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores the analysis unless its doc_id is already there. Concurrent calls with one doc_id
   * leave one row: INSERT … ON CONFLICT DO NOTHING; when it inserted nothing, the row that won is
   * read back. `analysisJson` is the analysis as stored (JSON), when this call stored it.
   */
  async insertIfAbsent(n: NewAnalysis): Promise<{ stored: StoredAnalysis; created: boolean; analysisJson?: string }> {
    const row = toRow(n);
    const result = await this.db.insertInto('mbg_analyses').values(row).onConflict((oc) => oc.column('doc_id').doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) {
      // Our row went in: it is exactly what we hold, so it is not read back.
      const stored: StoredAnalysis = { id: n.id, doc_id: n.docId, input_sha256: n.inputSha256, file_name: n.fileName, created_at: n.createdAt, analysis: n.analysis };
      return { stored, created: true, analysisJson: row.analysis };
    }
    // A concurrent request stored this doc_id first: answer with its row.
    const stored = await this.findByDocId(n.docId);
    if (!stored) throw new Error(`analysis ${n.docId} vanished after insert`);
    return { stored, created: stored.id === n.id };
  }

  async findByDocId(docId: string): Promise<StoredAnalysis | null> {
    const row = await this.db.selectFrom('mbg_analyses').select(FULL).where('doc_id', '=', docId).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async get(id: string): Promise<StoredAnalysis | null> {
    const row = await this.db.selectFrom('mbg_analyses').select(FULL).where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** Newest first; `cursor` continues after the last row of the previous page. */
  async list(limit: number, cursor?: { createdAt: string; id: string }): Promise<{ items: AnalysisSummary[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('mbg_analyses')
      .select(['id', 'doc_id', 'file_name', 'created_at', 'document_type', 'verdict', 'items_total_paise', 'overcharge_paise', 'red_flag_count'])
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
    if (cursor) {
      q = q.where((eb) => eb.or([
        eb('created_at', '<', cursor.createdAt),
        eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)]),
      ]));
    }
    const rows = await q.execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        doc_id: r.doc_id,
        file_name: r.file_name,
        created_at: r.created_at,
        document_type: r.document_type,
        verdict: r.verdict,
        items_total: toRupees(Number(r.items_total_paise)),
        overcharge: toRupees(Number(r.overcharge_paise)),
        red_flag_count: r.red_flag_count,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** Removes the analysis and the documents stored for it; false when there was none. */
  async delete(id: string): Promise<StoredAnalysis | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('mbg_analyses').select(FULL).where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      await trx.deleteFrom('mbg_documents').where('analysis_id', '=', id).execute();
      await trx.updateTable('mbg_batch_items').set({ analysis_id: null }).where('analysis_id', '=', id).execute();
      await trx.deleteFrom('mbg_analyses').where('id', '=', id).execute();
      return fromRow(row);
    });
  }

  /** Analyses by document type and verdict, for /agents. */
  async countsByDocumentType(): Promise<Record<string, Record<string, number>>> {
    const rows = await this.db.selectFrom('mbg_analyses')
      .select((eb) => ['document_type', 'verdict', eb.fn.countAll<number>().as('n')])
      .groupBy(['document_type', 'verdict']).execute();
    const out: Record<string, Record<string, number>> = {};
    for (const r of rows) (out[r.document_type] ??= {})[r.verdict] = Number(r.n);
    return out;
  }

  /** Real counts for /metrics/summary: totals by verdict, average confidence, latency percentiles of recent analyses. */
  async stats(recent = 1000): Promise<{ total: number; byVerdict: Record<string, number>; averageConfidence: number | null; latencyMs: { p50: number | null; p95: number | null } }> {
    const groups = await this.db.selectFrom('mbg_analyses')
      .select((eb) => ['verdict', eb.fn.countAll<number>().as('n'), eb.fn.avg<number>('confidence').as('conf')])
      .groupBy('verdict').execute();
    const latencies = (await this.db.selectFrom('mbg_analyses').select('latency_ms').orderBy('created_at', 'desc').limit(recent).execute())
      .map((r) => Number(r.latency_ms)).sort((a, b) => a - b);
    const byVerdict: Record<string, number> = {};
    let total = 0, confSum = 0;
    for (const g of groups) {
      const n = Number(g.n);
      byVerdict[g.verdict] = n;
      total += n;
      confSum += Number(g.conf) * n;
    }
    const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]! : null);
    return { total, byVerdict, averageConfidence: total ? Math.round((confSum / total) * 1000) / 1000 : null, latencyMs: { p50: pct(0.5), p95: pct(0.95) } };
  }
}
