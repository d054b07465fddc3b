// The analysis as JSON, JSON lines, a terminal table or Markdown.
import type { Analysis, Lang, RedFlag } from '../domain/analysis.ts';
import { explanationMarkdown, flagName } from './explain.ts';
import { formatINR } from '../domain/money.ts';

export const FORMATS = ['json', 'jsonl', 'table', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

const SEVERITY_MARK: Record<string, string> = { critical: '!!', warning: '! ', info: 'i ' };

function flagsByLine(analysis: Analysis): Map<number, RedFlag[]> {
  const map = new Map<number, RedFlag[]>();
  for (const f of analysis.red_flags) for (const i of f.line_items) map.set(i, [...(map.get(i) ?? []), f]);
  return map;
}

function cut(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text + ' '.repeat(width - chars.length) : chars.slice(0, width - 1).join('') + '…';
}
const right = (text: string, width: number): string => ' '.repeat(Math.max(0, width - [...text].length)) + text;
const money = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : formatINR(n, { symbol: false }));

export function formatTable(a: Analysis, { color = false } = {}): string {
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  const doc = a.document;
  const title = [doc.hospital, doc.bill_no ? `bill ${doc.bill_no}` : null, doc.patient].filter(Boolean).join(' · ');
  out.push(paint('1', title || doc.file_name || 'Bill'));
  out.push(`${doc.type.replace(/_/g, ' ')} · ${doc.source}${doc.ocr_confidence !== null ? ` (OCR confidence ${Math.round(doc.ocr_confidence * 100)}%)` : ''} · ${a.context.accreditation.toUpperCase()}, tier ${a.context.city_tier}, ${a.context.ward} ward, scheme ${a.context.scheme}`);
  out.push('');
  const byLine = flagsByLine(a);
  const W = { n: 3, d: 40, q: 6, r: 11, a: 12, b: 11 };
  out.push(`   ${right('#', W.n)}  ${cut('Description', W.d)} ${right('Qty', W.q)} ${right('Rate', W.r)} ${right('Amount', W.a)} ${right('Benchmark', W.b)}  Finding`);
  out.push('   ' + '-'.repeat(W.n + W.d + W.q + W.r + W.a + W.b + 16));
  for (const item of a.line_items) {
    const flags = (byLine.get(item.index) ?? []);
    const worst = flags.find((f) => f.severity === 'critical') ?? flags.find((f) => f.severity === 'warning') ?? flags[0];
    const mark = worst ? SEVERITY_MARK[worst.severity] ?? '  ' : '  ';
    const uncertain = (item.confidence ?? 1) < 0.8 ? '?' : ' ';
    const finding = flags.filter((f) => f.severity !== 'info').map((f) => `${flagName(f, 'en', a.context.scheme)} ${formatINR(f.excess)}`).join('; ');
    const row = `${mark}${uncertain}${right(String(item.index), W.n)}  ${cut(item.description, W.d)} ${right(String(item.quantity), W.q)} ${right(money(item.unit_price), W.r)} ${right(money(item.amount), W.a)} ${right(item.benchmark ? money(item.benchmark.rate) : '-', W.b)}  ${finding}`;
    out.push(worst && worst.severity !== 'info' ? paint(worst.severity === 'critical' ? '31' : '33', row) : row);
  }
  out.push('');
  const t = a.totals;
  out.push(`Lines total ${formatINR(t.items_total)}` + (t.discount ? ` · discount ${formatINR(t.discount)}` : '') + (t.stated_total !== null ? ` · bill says ${formatINR(t.stated_total)}` : ''));
  const billFlags = a.red_flags.filter((f) => f.line_items.length === 0 && f.severity !== 'info');
  for (const f of billFlags) out.push(paint('33', `!  ${flagName(f, 'en', a.context.scheme)}: ${f.reason}`));
  out.push(paint('1', `Rupees at stake: ${formatINR(t.overcharge)} · verdict ${a.verdict.toUpperCase()} (confidence ${Math.round(a.confidence * 100)}%)`));
  out.push('');
  out.push(a.summary);
  if (a.red_flags.some((f) => f.severity !== 'info')) {
    out.push('');
    out.push('Findings:');
    for (const f of a.red_flags.filter((x) => x.severity !== 'info')) {
      out.push(`  [${f.severity}] ${flagName(f, 'en', a.context.scheme)}${f.line_items.length ? ` (line ${f.line_items.join(', ')})` : ''}: ${f.reason} — ${f.citation.source}, ${f.citation.reference}${f.citation.date ? ` (${f.citation.date})` : ''}`);
    }
  }
  if (a.next_steps.length) {
    out.push('');
    out.push('What to do next:');
    a.next_steps.forEach((s, i) => out.push(`  ${i + 1}. ${s}`));
  }
  out.push('');
  out.push('Legend: !! critical, ! warning, ? line read with low confidence.');
  return out.join('\n') + '\n';
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The explanation (English or Hindi) followed by every line item with its benchmark. */
export function formatMarkdown(a: Analysis, lang: Lang = 'en'): string {
  const out: string[] = [explanationMarkdown(a, lang).trimEnd(), ''];
  const hi = lang === 'hi';
  out.push(hi ? '## बिल की पंक्तियाँ' : '## Line items');
  out.push('');
  out.push(hi ? '| # | विवरण | मात्रा | दर | राशि | मानक दर |' : '| # | Description | Qty | Rate | Amount | Benchmark |');
  out.push('|---:|---|---:|---:|---:|---|');
  const byLine = flagsByLine(a);
  for (const i of a.line_items) {
    const b = i.benchmark ? `${formatINR(i.benchmark.rate)} ${i.benchmark.unit} (${i.benchmark.source}${i.benchmark.code ? ' ' + i.benchmark.code : ''})` : '-';
    const flagged = (byLine.get(i.index) ?? []).some((f) => f.severity !== 'info') ? ' ⚠' : '';
    out.push(`| ${i.index}${flagged} | ${mdCell(i.description)} | ${i.quantity} | ${money(i.unit_price)} | ${money(i.amount)} | ${mdCell(b)} |`);
  }
  out.push('');
  const stated = a.totals.stated_total;
  out.push(hi
    ? `पंक्तियों का जोड़ ${formatINR(a.totals.items_total)}${stated !== null ? `; बिल में लिखा कुल ${formatINR(stated)}` : ''}।`
    : `Lines total ${formatINR(a.totals.items_total)}${stated !== null ? `; the bill states ${formatINR(stated)}` : ''}.`);
  return out.join('\n') + '\n';
}

export function formatAnalyses(analyses: Array<{ file: string; analysis: Analysis }>, format: Format, { color = false, lang = 'en' as Lang } = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(analyses.length === 1 ? analyses[0]!.analysis : analyses.map((x) => ({ file: x.file, ...x.analysis })), null, 2) + '\n';
    case 'jsonl':
      return analyses.map((x) => JSON.stringify({ file: x.file, ...x.analysis })).join('\n') + '\n';
    case 'markdown':
      return analyses.map((x) => formatMarkdown(x.analysis, lang)).join('\n---\n\n');
    case 'table':
      return analyses.map((x) => formatTable(x.analysis, { color })).join('\n');
  }
}
