// The tables of the service, as Kysely types. One schema for SQLite and PostgreSQL: text ids,
// ISO-8601 UTC timestamps as text (they sort like time), money in integer paise, JSON as text.
import type { Generated } from 'kysely';

export interface AnalysesTable {
  id: string;
  doc_id: string;
  /** sha256 of the bytes and the context: the same doc_id with another input is a conflict. */
  input_sha256: string;
  file_name: string;
  created_at: string;
  document_type: string;
  verdict: string;
  items_total_paise: number;
  overcharge_paise: number;
  red_flag_count: number;
  confidence: number;
  latency_ms: number;
  /** The analysis object (CONTRACT.md), JSON. */
  analysis: string;
}

export interface BatchesTable {
  id: string;
  created_at: string;
  total: number;
  /** Context fields and lang given with the batch, JSON. */
  options: string;
}

export type ItemStatus = 'queued' | 'running' | 'done' | 'failed';

export interface BatchItemsTable {
  id: string;
  batch_id: string;
  position: number;
  file_name: string;
  document_id: string;
  status: ItemStatus;
  attempts: Generated<number>;
  /** Epoch ms from which a queued item may run (retry backoff). */
  available_at: number;
  /** Epoch ms until which a running item belongs to the worker that claimed it. */
  lease_until: number | null;
  analysis_id: string | null;
  error_code: string | null;
  error_message: string | null;
  updated_at: string;
}

export interface DocumentsTable {
  id: string;
  sha256: string;
  byte_size: number;
  content: Uint8Array;
  analysis_id: string | null;
  created_at: string;
}

export interface Database {
  mbg_analyses: AnalysesTable;
  mbg_batches: BatchesTable;
  mbg_batch_items: BatchItemsTable;
  mbg_documents: DocumentsTable;
}
