// The batch report as CSV: one row per bill and red flag (a bill without flags, or one that
// failed, has one row). Text cells that a spreadsheet would run as a formula are defused.
import type { Analysis } from '../domain/analysis.ts';

export const CSV_COLUMNS = [
  'position', 'file_name', 'status', 'analysis_id', 'doc_id', 'document_type', 'hospital', 'bill_no', 'verdict',
  'items_total', 'stated_total', 'overcharge', 'flag_type', 'flag_severity', 'flag_line_items', 'flag_billed',
  'flag_max_allowed', 'flag_excess', 'flag_confidence', 'flag_reason', 'flag_citation', 'error',
] as const;

type Cell = string | number | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface ReportItem {
  position: number;
  file_name: string;
  status: string;
  analysis_id: string | null;
  error_message: string | null;
  analysis: Analysis | null;
}

export function batchCsv(items: ReportItem[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const item of items) {
    const a = item.analysis;
    const base: Cell[] = [
      item.position, item.file_name, item.status, item.analysis_id, a?.doc_id, a?.document.type, a?.document.hospital, a?.document.bill_no, a?.verdict,
      a?.totals.items_total, a?.totals.stated_total, a?.totals.overcharge,
    ];
    const flags = a?.red_flags.filter((f) => f.severity !== 'info') ?? [];
    const error = item.status === 'failed' ? item.error_message : null;
    if (flags.length === 0) {
      lines.push([...base, null, null, null, null, null, null, null, null, null, error].map(csvCell).join(','));
      continue;
    }
    for (const f of flags) {
      const citation = [f.citation.source, f.citation.reference, f.citation.date].filter(Boolean).join(' ');
      lines.push([...base, f.type, f.severity, f.line_items.join(' '), f.billed, f.max_allowed, f.excess, f.confidence, f.reason, citation, error].map(csvCell).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
