// Small helpers every rule uses to build a red flag the same way: money rounded to the paisa,
// confidence to two decimals, severity from one policy, quantities worded plainly.
import type { Citation, Context, FlagType, RedFlag, Severity } from '../domain/analysis.ts';
import type { BillItem, ReferenceMatch } from '../domain/bill.ts';
import { formatINR, roundRupees } from '../domain/money.ts';
import { CRITICAL_CONFIDENCE, MIN_ACCUSE_CONFIDENCE } from './policy.ts';

export interface FlagFields {
  type: FlagType;
  line_items: number[];
  billed: number;
  max_allowed: number | null;
  excess: number;
  confidence: number;
  severity: Severity;
  reason: string;
  citation: Citation;
}

export function makeFlag(f: FlagFields): RedFlag {
  return {
    type: f.type,
    line_items: f.line_items,
    billed: roundRupees(f.billed),
    max_allowed: f.max_allowed === null ? null : roundRupees(f.max_allowed),
    excess: roundRupees(f.excess),
    confidence: Math.round(clamp01(f.confidence) * 100) / 100,
    severity: f.severity,
    reason: f.reason,
    citation: f.citation,
  };
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** Confidence of a price finding: we are only as sure as the weaker of the match and the reading of the line. */
export const priceConfidence = (item: BillItem, match: ReferenceMatch): number => Math.min(match.confidence, item.confidence);

/** The price charged per unit: the printed rate, else the amount spread over the quantity. */
export function unitPriceOf(item: BillItem): number | null {
  if (item.unit_price !== null) return item.unit_price;
  if (item.quantity > 0) return item.amount / item.quantity;
  return null;
}

/**
 * Severity of a finding once its confidence is known: `info` when it is too uncertain to accuse,
 * `critical` when the breach is serious and sure, else `warning`.
 */
export function severityFor(confidence: number, seriousBreach: boolean): Severity {
  if (confidence < MIN_ACCUSE_CONFIDENCE) return 'info';
  return seriousBreach && confidence >= CRITICAL_CONFIDENCE ? 'critical' : 'warning';
}

/** The sentence appended to a finding kept as `info` because the match or reading is uncertain. */
export function uncertaintyNote(item: BillItem, match: ReferenceMatch | null): string {
  const parts: string[] = [];
  if (match && match.confidence < MIN_ACCUSE_CONFIDENCE) parts.push(`the match to the reference is uncertain (confidence ${match.confidence.toFixed(2)})`);
  if (item.confidence < MIN_ACCUSE_CONFIDENCE) parts.push(`the line was read with low confidence (${item.confidence.toFixed(2)})`);
  return `Not counted as a red flag: ${parts.join(' and ') || 'the finding is uncertain'}; check this line by hand.`;
}

/** CGHS rates bind empanelled hospitals only for CGHS beneficiaries; for everyone else they are a benchmark. */
export const cghsRatesBind = (ctx: Context): boolean => ctx.scheme === 'cghs';

/** "1 test", "3 days", "2.5 units" — a quantity worded with its unit, for reasons. */
export function quantityWords(quantity: number, unit: string): string {
  const noun = unit.replace(/^per\s+/i, '').trim() || 'unit';
  const q = Number.isInteger(quantity) ? String(quantity) : String(roundRupees(quantity));
  return `${q} ${quantity === 1 ? noun : plural(noun)}`;
}

function plural(noun: string): string {
  if (/^(both eyes|each|ml|g|mg|mcg|iu|l)$/i.test(noun)) return noun;
  if (/(s|x|ch|sh)$/i.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** Money for reasons: Indian grouping, two decimals. */
export const inr = (rupees: number): string => formatINR(roundRupees(rupees));

/** "Nerve Conduction Study" — a description quoted for a reason, trimmed of extra spaces. */
export const quoted = (item: BillItem): string => `"${item.description.replace(/\s+/g, ' ').trim()}"`;
