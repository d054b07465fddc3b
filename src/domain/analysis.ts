// The analysis object of ../shared/docs/CONTRACT.md (schema version 1), as zod schemas.
// Every interface (CLI, HTTP, batch) returns exactly this shape; extend, never rename.
import { z } from 'zod';

import { SCHEMA_VERSION } from './schema-version.ts';

export { SCHEMA_VERSION };

export const CATEGORIES = ['consultation', 'investigation', 'procedure', 'room', 'icu', 'drug', 'implant', 'consumable', 'administrative', 'other'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const FLAG_TYPES = ['overcharge', 'above_ceiling_price', 'above_mrp', 'duplicate', 'non_payable', 'arithmetic_error', 'total_mismatch'] as const;
export const FlagType = z.enum(FLAG_TYPES);
export type FlagType = z.infer<typeof FlagType>;

export const Accreditation = z.enum(['nabh', 'non-nabh']);
export type Accreditation = z.infer<typeof Accreditation>;
export const Ward = z.enum(['general', 'semi-private', 'private']);
export type Ward = z.infer<typeof Ward>;
export const Scheme = z.enum(['cghs', 'private', 'insured']);
export type Scheme = z.infer<typeof Scheme>;
export const CityTier = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type CityTier = z.infer<typeof CityTier>;
export const Lang = z.enum(['en', 'hi']);
export type Lang = z.infer<typeof Lang>;

export const Context = z.object({
  accreditation: Accreditation,
  city_tier: CityTier,
  ward: Ward,
  scheme: Scheme,
  state: z.string().nullable(),
});
export type Context = z.infer<typeof Context>;

export const Benchmark = z.object({
  source: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  rate: z.number(),
  unit: z.string(),
  match_confidence: z.number(),
  edition: z.string().optional(),
  basis: z.string().optional(),
});
export type Benchmark = z.infer<typeof Benchmark>;

export const LineItem = z.object({
  index: z.number().int().positive(),
  description: z.string(),
  quantity: z.number(),
  unit_price: z.number().nullable(),
  amount: z.number(),
  date: z.string().nullable(),
  category: Category,
  page: z.number().int().positive(),
  benchmark: Benchmark.nullable(),
  section: z.string().nullable().optional(),
  confidence: z.number().optional(),
  mrp: z.number().nullable().optional(),
  pack_size: z.number().nullable().optional(),
  repairs: z.array(z.string()).optional(),
});
export type LineItem = z.infer<typeof LineItem>;

export const Citation = z.object({ source: z.string(), reference: z.string(), date: z.string().nullable() });
export type Citation = z.infer<typeof Citation>;

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const RedFlag = z.object({
  type: z.string(),
  line_items: z.array(z.number().int()),
  billed: z.number(),
  max_allowed: z.number().nullable(),
  excess: z.number(),
  confidence: z.number(),
  severity: Severity,
  reason: z.string(),
  citation: Citation,
  counted_excess: z.number().optional(),
});
export type RedFlag = z.infer<typeof RedFlag>;

export const DocumentType = z.enum(['hospital_bill', 'pharmacy_invoice', 'diagnostic_report', 'not_a_bill']);
export type DocumentType = z.infer<typeof DocumentType>;

export const DocumentInfo = z.object({
  type: DocumentType,
  source: z.enum(['text', 'pdf_text', 'ocr']),
  pages: z.number().int(),
  languages: z.array(z.string()),
  ocr_confidence: z.number().nullable(),
  hospital: z.string().optional(),
  city: z.string().optional(),
  nabh: z.boolean().optional(),
  bill_no: z.string().optional(),
  bill_date: z.string().optional(),
  patient: z.string().optional(),
  admission_date: z.string().optional(),
  discharge_date: z.string().optional(),
  ward: z.string().optional(),
  file_name: z.string().optional(),
  extraction_confidence: z.number().optional(),
  warnings: z.array(z.string()).optional(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;

export const Totals = z.object({
  items_total: z.number(),
  discount: z.number(),
  stated_total: z.number().nullable(),
  overcharge: z.number(),
  gst: z.number().optional(),
  advance: z.number().optional(),
  balance: z.number().nullable().optional(),
  sub_total: z.number().nullable().optional(),
});
export type Totals = z.infer<typeof Totals>;

export const Verdict = z.enum(['ok', 'warning', 'critical']);
export type Verdict = z.infer<typeof Verdict>;

export const Analysis = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  doc_id: z.string(),
  document: DocumentInfo,
  context: Context,
  line_items: z.array(LineItem),
  totals: Totals,
  red_flags: z.array(RedFlag),
  verdict: Verdict,
  confidence: z.number(),
  summary: z.string(),
  next_steps: z.array(z.string()),
  latency_ms: z.number(),
  references: z.array(z.object({ source: z.string(), edition: z.string() })).optional(),
});
export type Analysis = z.infer<typeof Analysis>;
