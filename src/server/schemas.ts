// Every route's request and response, declared once as zod schemas. Fastify validates requests
// with them, handlers are typed by them, and /openapi.json is generated from them.
import { z } from 'zod';
import { Accreditation, Analysis, Lang, Scheme, Ward } from '../domain/analysis.ts';
import { RECIPIENTS } from '../report/letter.ts';

export const ErrorBody = z.object({
  error: z.object({ code: z.string().meta({ example: 'FILE_TOO_LARGE' }), message: z.string() }),
});

export const DocId = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/** Context fields, as form fields (strings) or JSON values. */
export const ContextFields = z.object({
  accreditation: Accreditation.optional(),
  city_tier: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2), z.literal(3)])).optional(),
  ward: Ward.optional(),
  scheme: Scheme.optional(),
  state: z.string().regex(/^[A-Za-z]{2}$/, 'a 2-letter state code').transform((s) => s.toUpperCase()).optional(),
  lang: Lang.optional(),
});
export type ContextFields = z.infer<typeof ContextFields>;

export const FileName = z.string().min(1).max(255).refine((s) => !/[\u0000-\u001f]/.test(s), 'no control characters');

const Base64 = z.string().min(1).describe('the file, base64-encoded (a data: URL prefix is accepted)');

export const JsonUpload = ContextFields.extend({
  file_content: Base64,
  file_name: FileName.optional().describe('used to tell text from unsupported types; default "upload.txt"'),
  doc_id: DocId.optional().describe('defaults to the SHA-256 of the bytes and the context'),
}).strict();
export type JsonUpload = z.infer<typeof JsonUpload>;

export const MultipartUpload = ContextFields.extend({
  file: z.string().meta({ format: 'binary' }),
  doc_id: DocId.optional(),
});

/** The fields a multipart upload may carry beside its file(s). */
export const MultipartFields = ContextFields.extend({ doc_id: DocId.optional() }).strict();

export const BatchMultipartUpload = ContextFields.extend({
  file: z.array(z.string().meta({ format: 'binary' })).describe('one part per bill'),
});
export const BatchFields = ContextFields.strict();

/** The seed's POST /analyze body, kept for its clients. */
export const SeedAnalyzeBody = z.object({
  file_content: Base64,
  doc_id: DocId.optional(),
  user_id: z.string().max(200).optional(),
  language: z.string().max(20).optional(),
  state_code: z.string().max(10).optional(),
  insurance_type: z.string().max(40).optional(),
  file_format: z.string().max(20).optional(),
});
export type SeedAnalyzeBody = z.infer<typeof SeedAnalyzeBody>;

export const StoredAnalysis = Analysis.extend({
  id: z.string(),
  created_at: z.string().meta({ format: 'date-time' }),
  file_name: z.string(),
});

export const IdParams = z.object({ id: z.string().min(1).max(128) });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});

export const AnalysisListItem = z.object({
  id: z.string(), doc_id: z.string(), file_name: z.string(), created_at: z.string(),
  document_type: z.string(), verdict: z.string(), items_total: z.number(), overcharge: z.number(), red_flag_count: z.number().int(),
});
export const AnalysisList = z.object({ items: z.array(AnalysisListItem), next_cursor: z.string().nullable() });

/** GET /v1/analyses/{id}/report.md */
export const ReportQuery = z.object({
  lang: Lang.default('en').describe('language of the explanation'),
});

const SenderField = z.string().trim().min(1).max(300).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'one line, no control characters');

/** GET /v1/analyses/{id}/letter.pdf and letter.docx */
export const LetterQuery = z.object({
  to: z.enum(RECIPIENTS).describe('hospital (billing desk), nppa (medicines above ceiling price or MRP), consumer-commission (District Commission), insurer (grievance officer)'),
  lang: Lang.default('en').describe('language of the letter'),
  name: SenderField.optional().describe("the patient's or their representative's name, for the signature block"),
  address: SenderField.optional().describe('postal address, on one line'),
  phone: SenderField.optional(),
  email: SenderField.optional(),
  insurer: SenderField.optional().describe("the insurer's name, for letters to an insurer"),
  policy: SenderField.optional().describe('policy or claim number, for letters to an insurer'),
});
export type LetterQuery = z.infer<typeof LetterQuery>;

export const BatchStatusName = z.enum(['queued', 'running', 'done', 'failed']);
export const BatchCreated = z.object({ id: z.string(), status: z.literal('queued'), total: z.number().int() });
export const BatchItem = z.object({
  file_name: z.string(),
  analysis_id: z.string().nullable(),
  verdict: z.string().nullable(),
  overcharge: z.number().nullable(),
  error: z.string().nullable(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  attempts: z.number().int(),
});
export const BatchStatus = z.object({
  id: z.string(), status: BatchStatusName, created_at: z.string(),
  total: z.number().int(), done: z.number().int(), failed: z.number().int(),
  items: z.array(BatchItem),
});

/** One dataset, as `medbillguard data list --format json` prints it (file: its name only). */
export const Dataset = z.object({
  source: z.string(),
  kind: z.enum(['cghs', 'cghs-om', 'nppa', 'non-payable', 'synonyms', 'other']),
  edition: z.string(),
  effective_date: z.string(),
  rows: z.number().int(),
  origin: z.enum(['bundled', 'imported']),
  file: z.string(),
  publisher: z.string(),
  reference: z.string().nullable(),
});
export const DatasetList = z.object({ datasets: z.array(Dataset) });
export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200).describe('words of a name, or a CGHS code'),
  source: z.string().trim().min(1).max(40).optional().describe('cghs | nppa | cghs-om | non-payable, or a dataset source name; all when absent'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional().describe('search the editions in force on this date instead of the latest'),
});
/** One row found, as `medbillguard data search --format json` prints it. */
export const ReferenceRow = z.object({
  source: z.string(),
  edition: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  rates: z.record(z.string(), z.number().nullable()),
  unit: z.string(),
  score: z.number(),
  where: z.string(),
});
export const SearchResult = z.object({ query: z.string(), results: z.array(ReferenceRow) });

export const ComponentHealth = z.object({ status: z.enum(['ok', 'degraded', 'down']), detail: z.string() });
export const Health = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  version: z.string(),
  uptime_seconds: z.number(),
  components: z.object({ database: ComponentHealth, cache: ComponentHealth, queue: ComponentHealth, reference_data: ComponentHealth, ocr: ComponentHealth }),
});
export const Liveness = z.object({ status: z.literal('alive') });
export const Readiness = z.object({ status: z.enum(['ready', 'not_ready']), reasons: z.array(z.string()).optional() });

export const MetricsSummary = z.object({
  analyses_total: z.number().int(),
  by_verdict: z.record(z.string(), z.number().int()),
  latency_ms: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  average_confidence: z.number().nullable(),
  queue_depth: z.number().int().nullable(),
  uptime_seconds: z.number(),
});

export const Agent = z.object({
  agent_id: z.string(),
  document_type: z.string(),
  description: z.string(),
  capabilities: z.array(z.string()),
  analyses_total: z.number().int(),
  by_verdict: z.record(z.string(), z.number().int()),
});
export const Agents = z.object({ agents: z.array(Agent), active_agents_count: z.number().int() });

/** Standard error responses of a route, by status. */
export function errors(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}
