// One set of migrations for SQLite and PostgreSQL. Column types are chosen to mean the same in
// both (SQLite maps `bigint` to INTEGER and `double precision` to REAL); only binary content
// needs a name per database. Never edit a migration that has shipped: add the next one.
import { sql, type Kysely, type Migration } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export function migrations(dialect: Dialect): Record<string, Migration> {
  const binary = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    '0001_analyses_batches': {
      async up(db: Kysely<any>) {
        await db.schema.createTable('mbg_analyses')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('doc_id', 'text', (c) => c.notNull().unique())
          .addColumn('input_sha256', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('document_type', 'text', (c) => c.notNull())
          .addColumn('verdict', 'text', (c) => c.notNull())
          .addColumn('items_total_paise', 'bigint', (c) => c.notNull())
          .addColumn('overcharge_paise', 'bigint', (c) => c.notNull())
          .addColumn('red_flag_count', 'integer', (c) => c.notNull())
          .addColumn('confidence', 'double precision', (c) => c.notNull())
          .addColumn('latency_ms', 'double precision', (c) => c.notNull())
          .addColumn('analysis', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('mbg_analyses_newest').on('mbg_analyses').columns(['created_at desc', 'id desc']).execute();

        await db.schema.createTable('mbg_documents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('byte_size', 'integer', (c) => c.notNull())
          .addColumn('content', sql.raw(binary), (c) => c.notNull())
          .addColumn('analysis_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('mbg_documents_analysis').on('mbg_documents').column('analysis_id').execute();

        await db.schema.createTable('mbg_batches')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('total', 'integer', (c) => c.notNull())
          .addColumn('options', 'text', (c) => c.notNull())
          .execute();

        await db.schema.createTable('mbg_batch_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('batch_id', 'text', (c) => c.notNull().references('mbg_batches.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('document_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('available_at', 'bigint', (c) => c.notNull())
          .addColumn('lease_until', 'bigint')
          .addColumn('analysis_id', 'text')
          .addColumn('error_code', 'text')
          .addColumn('error_message', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('mbg_batch_items_batch').on('mbg_batch_items').columns(['batch_id', 'position']).execute();
        await db.schema.createIndex('mbg_batch_items_runnable').on('mbg_batch_items').columns(['status', 'available_at']).execute();
      },
      async down(db: Kysely<any>) {
        for (const t of ['mbg_batch_items', 'mbg_batches', 'mbg_documents', 'mbg_analyses']) await db.schema.dropTable(t).execute();
      },
    },
  };
}
