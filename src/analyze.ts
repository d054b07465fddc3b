// The one analysis entry point shared by the CLI, the HTTP service, batch workers and tests.
// bytes ──▶ ingest ──▶ extract ──▶ match ──▶ rules ──▶ report
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Analysis, Accreditation, CityTier, Context, DocumentType, Lang, LineItem, Scheme, Ward } from './domain/analysis.ts';
import { SCHEMA_VERSION } from './domain/schema-version.ts';
import type { ExtractedBill, MatchedItem } from './domain/bill.ts';
import { roundRupees } from './domain/money.ts';
import { extractBill } from './extract/bill.ts';
import { cityFromText } from './extract/cities.ts';
import { ingest } from './ingest/index.ts';
import type { IngestedDocument } from './ingest/types.ts';
import { loadReferences, type ReferenceSet } from './reference/load.ts';
import { matchItem } from './reference/match.ts';
import { benchmarkFor } from './rules/benchmark.ts';
import { overchargeTotal, runRules } from './rules/index.ts';
import { conclude } from './report/verdict.ts';
import { nextSteps, summaryText } from './report/explain.ts';

export interface ContextOptions {
  accreditation?: Accreditation;
  city_tier?: CityTier;
  ward?: Ward;
  scheme?: Scheme;
  state?: string;
}

export interface AnalyzeRequest {
  /** The file's bytes. Several entries are the pages of one bill (photos of one bill). */
  files: Array<{ bytes: Uint8Array; fileName: string }>;
  /** Defaults to the sha256 of the input bytes. */
  docId?: string;
  context?: ContextOptions;
  lang?: Lang;
}

export type { Analysis };

/** sha256 of the input bytes (of every file, in order, for a bill given as several pages). */
export function documentId(files: Array<{ bytes: Uint8Array }>): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.bytes);
  return hash.digest('hex');
}

export async function analyze(req: AnalyzeRequest): Promise<Analysis> {
  const started = performance.now();
  const doc = await ingest(req.files);
  return analyzeDocument(doc, { ...req, docId: req.docId ?? documentId(req.files) }, started);
}

/** Resolves the analysis context: what the caller said, else what the bill says, else the contract's defaults. */
export function resolveContext(bill: ExtractedBill, options: ContextOptions = {}): Context {
  const header = bill.header;
  const ward = options.ward ?? (['general', 'semi-private', 'private'].includes(header.ward ?? '') ? header.ward as Ward : 'semi-private');
  const cityTier = options.city_tier ?? (header.city ? cityFromText(header.city)?.tier : undefined) ?? 1;
  return {
    accreditation: options.accreditation ?? (header.nabh ? 'nabh' : 'non-nabh'),
    city_tier: cityTier,
    ward,
    scheme: options.scheme ?? 'cghs',
    state: options.state?.toUpperCase() ?? header.state ?? null,
  };
}

function documentType(bill: ExtractedBill): DocumentType {
  if (bill.items.length === 0) return 'not_a_bill';
  const drugs = bill.items.filter((i) => i.category === 'drug' || i.category === 'consumable').length;
  if (bill.header.kind === 'pharmacy' || (drugs / bill.items.length >= 0.8 && bill.items.some((i) => i.mrp !== null))) return 'pharmacy_invoice';
  const tests = bill.items.filter((i) => i.category === 'investigation').length;
  if (bill.header.kind === 'lab' && tests / bill.items.length >= 0.8) return 'diagnostic_report';
  return 'hospital_bill';
}

export function matchBill(bill: ExtractedBill, refs: ReferenceSet): MatchedItem[] {
  const billDate = bill.header.bill_date ?? bill.header.discharge_date ?? bill.header.admission_date;
  return bill.items.map((item) => ({ item, match: matchItem(item, refs, billDate) }));
}

/** Everything after reading the file: synchronous and free of I/O once the references are loaded. */
export function analyzeDocument(doc: IngestedDocument, req: Omit<AnalyzeRequest, 'files'> & { docId: string }, started = performance.now()): Analysis {
  const refs = loadReferences();
  const bill = extractBill(doc);
  const context = resolveContext(bill, req.context);
  const matched = matchBill(bill, refs);
  const flags = runRules({ bill, matched, context });
  const lineItems: LineItem[] = matched.map((m) => ({
    index: m.item.index,
    description: m.item.description,
    quantity: m.item.quantity,
    unit_price: m.item.unit_price,
    amount: m.item.amount,
    date: m.item.date,
    category: m.item.category,
    page: m.item.page,
    benchmark: benchmarkFor(m, context),
    section: m.item.section,
    confidence: roundRupees(m.item.confidence),
    mrp: m.item.mrp,
    ...(m.item.repairs.length ? { repairs: m.item.repairs } : {}),
  }));
  const itemsTotal = roundRupees(bill.items.reduce((s, i) => s + i.amount, 0));
  const conclusion = conclude(flags, bill, matched, context);
  const header = bill.header;
  const editions = new Map<string, string>();
  for (const m of matched) {
    if (m.match && (m.match.kind === 'cghs' || m.match.kind === 'nppa')) editions.set(m.match.kind.toUpperCase(), m.match.edition);
  }
  const analysis: Analysis = {
    schema_version: SCHEMA_VERSION,
    doc_id: req.docId,
    document: {
      type: documentType(bill),
      source: doc.source,
      pages: doc.pages.length,
      languages: bill.languages,
      ocr_confidence: doc.ocrConfidence === null ? null : roundRupees(doc.ocrConfidence),
      ...(header.hospital ? { hospital: header.hospital } : {}),
      ...(header.city ? { city: header.city } : {}),
      ...(header.nabh !== undefined ? { nabh: header.nabh } : {}),
      ...(header.bill_no ? { bill_no: header.bill_no } : {}),
      ...(header.bill_date ? { bill_date: header.bill_date } : {}),
      ...(header.patient ? { patient: header.patient } : {}),
      ...(header.admission_date ? { admission_date: header.admission_date } : {}),
      ...(header.discharge_date ? { discharge_date: header.discharge_date } : {}),
      ...(header.ward ? { ward: header.ward } : {}),
      file_name: doc.fileName,
      extraction_confidence: roundRupees(bill.confidence),
      warnings: [...doc.warnings, ...bill.warnings],
    },
    context,
    line_items: lineItems,
    totals: {
      items_total: itemsTotal,
      discount: bill.totals.discount,
      stated_total: bill.totals.stated_total,
      overcharge: overchargeTotal(flags, bill.items),
      gst: bill.totals.gst,
      advance: bill.totals.advance,
      balance: bill.totals.balance,
      sub_total: bill.totals.sub_total,
    },
    red_flags: flags,
    verdict: conclusion.verdict,
    confidence: conclusion.confidence,
    summary: conclusion.summary,
    next_steps: conclusion.next_steps,
    latency_ms: Math.round((performance.now() - started) * 10) / 10,
    references: [...editions].map(([source, edition]) => ({ source, edition })),
  };
  // The human-readable text in the language asked for (the English comes from the verdict step).
  if (req.lang === 'hi') {
    analysis.summary = summaryText(analysis, 'hi');
    analysis.next_steps = nextSteps(analysis, 'hi');
  }
  return analysis;
}
