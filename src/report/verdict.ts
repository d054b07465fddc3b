// The conclusion of one analysis: verdict, overall confidence, a plain-English summary and the
// next steps chosen from the findings.
//
// ── How the verdict is reached (README: "Verdict rule") ───────────────────────────────────────
// Only red flags count: `info` observations (uncertain matches, undated repeats, amounts in the
// patient's favour, rounding) never change the verdict. "At stake" is the sum of the red flags'
// excess with each rupee counted once (rules/counting.ts).
//   ok        no warning or critical red flag.
//   critical  any critical red flag (a sure breach of a binding rule: NPPA ceiling price, MRP,
//             a charge CGHS/IRDAI include in room rent, an overcharge of ≥ ₹1,000 or ≥ 1.5× the
//             CGHS rate for a CGHS beneficiary), or ₹1,000 or more at stake, or at stake ≥ 10%
//             of the bill when that is at least ₹200.
//   warning   every other bill with a red flag.
// For patients outside CGHS (scheme private / insured), CGHS rates are a benchmark, not a rule:
// overcharges against them (and, for private patients, CGHS/IRDAI non-payable items) can make a
// bill `warning` but do not count toward the ₹1,000 / 10% thresholds.
// Why these numbers: ₹1,000 is about three days of a CGHS consultation fee and worth a formal
// complaint on any bill; 10% catches small bills padded heavily, and the ₹200 floor keeps a
// ₹20 rounding dispute on a ₹150 pharmacy bill from being called critical.
// Confidence: for a bill with red flags, the confidence of the surest flag that sets the
// verdict, never above the extraction confidence; for an ok bill, the extraction confidence
// scaled by how much of the bill could be price-checked (0.6 + 0.4 × mean match confidence over
// the lines that have a price to check), since an unmatched line was only checked for
// duplicates and arithmetic.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import type { Category, Context, RedFlag, Verdict } from '../domain/analysis.ts';
import type { BillItem, ExtractedBill, MatchedItem } from '../domain/bill.ts';
import { formatINR, roundRupees } from '../domain/money.ts';
import { overchargeTotal, withCountedExcess } from '../rules/counting.ts';
import { displayDate } from '../rules/benchmark.ts';

export const CRITICAL_AT_STAKE_RUPEES = 1000;
export const CRITICAL_SHARE_OF_BILL = 0.1;
export const CRITICAL_SHARE_FLOOR_RUPEES = 200;

export interface Conclusion {
  verdict: Verdict;
  confidence: number;
  summary: string;
  next_steps: string[];
}

const PRICED: ReadonlySet<Category> = new Set(['consultation', 'investigation', 'procedure', 'room', 'icu', 'drug', 'implant']);

export function conclude(flags: RedFlag[], bill: ExtractedBill, matched: MatchedItem[], ctx: Context): Conclusion {
  const counted = withCountedExcess(flags, bill.items);
  const redFlags = counted.filter((f) => f.severity !== 'info');
  const atStake = overchargeTotal(flags, bill.items);
  const billTotal = bill.totals.stated_total ?? roundRupees(bill.items.reduce((s, i) => s + i.amount, 0));
  const bindingAtStake = roundRupees(redFlags.filter((f) => isBinding(f, ctx)).reduce((s, f) => s + (f.counted_excess ?? 0), 0));
  const verdict = verdictFor(redFlags, bindingAtStake, billTotal);
  return {
    verdict,
    confidence: confidenceFor(verdict, redFlags, bill, matched),
    summary: summaryFor(verdict, counted, atStake, billTotal, bill, matched, ctx),
    next_steps: nextStepsFor(redFlags, counted, ctx),
  };
}

/** Does the finding break a rule that binds this patient's hospital, rather than miss a benchmark? */
function isBinding(flag: RedFlag, ctx: Context): boolean {
  if (flag.type === 'overcharge') return ctx.scheme === 'cghs';
  if (flag.type === 'non_payable') return ctx.scheme !== 'private';
  return true;
}

/** The verdict from the red flags (info excluded) and the rupees at stake under binding rules. */
export function verdictFor(redFlags: RedFlag[], atStake: number, billTotal: number): Verdict {
  if (redFlags.length === 0) return 'ok';
  if (redFlags.some((f) => f.severity === 'critical')) return 'critical';
  if (atStake >= CRITICAL_AT_STAKE_RUPEES) return 'critical';
  if (billTotal > 0 && atStake >= CRITICAL_SHARE_OF_BILL * billTotal && atStake >= CRITICAL_SHARE_FLOOR_RUPEES) return 'critical';
  return 'warning';
}

function confidenceFor(verdict: Verdict, redFlags: RedFlag[], bill: ExtractedBill, matched: MatchedItem[]): number {
  const extraction = bill.items.length === 0 ? Math.min(bill.confidence, 0.2) : bill.confidence;
  let confidence: number;
  if (verdict === 'ok') {
    const priced = matched.filter((m) => PRICED.has(m.item.category));
    const coverage = priced.length === 0 ? 1 : priced.reduce((s, m) => s + (m.match?.confidence ?? 0), 0) / priced.length;
    confidence = extraction * (0.6 + 0.4 * coverage);
  } else {
    const setting = redFlags.filter((f) => f.severity === verdict);
    const pool = setting.length > 0 ? setting : redFlags;
    confidence = Math.min(extraction, Math.max(...pool.map((f) => f.confidence)));
  }
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}

// ── summary ────────────────────────────────────────────────────────────────────────────────────

function summaryFor(verdict: Verdict, flags: RedFlag[], atStake: number, billTotal: number, bill: ExtractedBill, matched: MatchedItem[], ctx: Context): string {
  const observations = flags.filter((f) => f.severity === 'info').length;
  const observationNote = observations > 0
    ? ` ${observations} further observation${observations === 1 ? '' : 's'} to check by hand ${observations === 1 ? 'is' : 'are'} listed but not counted.`
    : '';
  if (bill.items.length === 0) return 'No bill lines could be read from this document, so nothing was checked.';
  const lines = `${bill.items.length} line${bill.items.length === 1 ? '' : 's'}`;
  if (verdict === 'ok') {
    const benchmarked = matched.filter((m) => m.match && m.match.kind !== 'non_payable').length;
    return `No red flags on this bill of ${formatINR(billTotal)} (${lines}). ${benchmarked} line${benchmarked === 1 ? '' : 's'} matched a CGHS or NPPA rate and none was above it; ` +
      `no duplicates, non-payable charges or arithmetic errors were found${bill.totals.stated_total !== null ? ', and the total adds up' : ''}.${observationNote}`;
  }
  const redFlags = flags.filter((f) => f.severity !== 'info');
  const critical = redFlags.filter((f) => f.severity === 'critical').length;
  const share = billTotal > 0 ? ` (${Math.round((atStake / billTotal) * 1000) / 10}% of the bill)` : '';
  const biggest = [...redFlags]
    .sort((a, b) => (b.counted_excess ?? b.excess) - (a.counted_excess ?? a.excess))
    .slice(0, 3)
    .map((f) => `${headline(f, bill.items, ctx)} (${formatINR(f.counted_excess ?? f.excess)})`);
  const count = `${redFlags.length} red flag${redFlags.length === 1 ? '' : 's'}${critical > 0 ? `, ${critical} critical,` : ''}`;
  let summary = `${count} on this bill of ${formatINR(billTotal)} (${lines}): ${formatINR(atStake)} is at stake${share}. ` +
    `Biggest: ${biggest.join('; ')}.`;
  if (ctx.scheme !== 'cghs' && redFlags.some((f) => f.type === 'overcharge')) {
    summary += ' CGHS rates are used as a fair-price benchmark: they bind only CGHS-empanelled hospitals treating CGHS beneficiaries.';
  }
  return summary + observationNote;
}

/** A few words naming a finding: what line, what is wrong. */
function headline(flag: RedFlag, items: BillItem[], ctx: Context): string {
  const byIndex = new Map(items.map((i) => [i.index, i]));
  const first = byIndex.get(flag.line_items[0] ?? -1);
  const name = first ? first.description.replace(/\s+/g, ' ').trim() : 'a line';
  switch (flag.type) {
    case 'overcharge': return `${name} above the CGHS ${ctx.scheme === 'cghs' ? 'rate' : 'benchmark'}`;
    case 'above_ceiling_price': return `${name} above the NPPA ceiling price`;
    case 'above_mrp': return `${name} sold above its MRP`;
    case 'duplicate': {
      const times = flag.line_items.length === 2 ? 'twice' : `${flag.line_items.length} times`;
      return `${name} billed ${times}${first?.date ? ` on ${displayDate(first.date)}` : ' on one day'}`;
    }
    case 'non_payable': return `${name}, which should not be billed separately`;
    case 'arithmetic_error': return `${name}, whose amount is more than quantity × rate`;
    case 'total_mismatch': return "the bill's total, which is more than its lines add up to";
    default: return name;
  }
}

// ── next steps ─────────────────────────────────────────────────────────────────────────────────

function nextStepsFor(redFlags: RedFlag[], all: RedFlag[], ctx: Context): string[] {
  if (redFlags.length === 0) {
    const steps = ['No action is needed on the prices we could check. Keep the itemised bill and the payment receipts.'];
    if (all.length > 0) steps.push('Some lines are listed as observations (uncertain matches or missing dates): if in doubt, ask the billing desk about them, taking the itemised bill.');
    return steps;
  }
  const has = (type: string) => redFlags.some((f) => f.type === type);
  const steps: string[] = [];

  let desk = "Go to the hospital's billing desk first and ask for a corrected final bill and a written reply. " +
    "Attach the itemised bill and this report's list of flagged lines (line numbers, amounts and the rule each breaks).";
  if (has('duplicate')) desk += ' Ask for the report or record of every repeated test or service.';
  if (has('arithmetic_error') || has('total_mismatch')) desk += ' Ask them to re-total the bill line by line.';
  steps.push(desk);

  if (has('above_ceiling_price')) {
    const notifications = [...new Set(redFlags.filter((f) => f.type === 'above_ceiling_price').map((f) => notificationWords(f)))];
    steps.push('If the hospital or pharmacy does not refund the excess on medicines, complain to the National Pharmaceutical Pricing Authority (NPPA) through its Pharma Jan Samadhan grievance portal. ' +
      `Attach the pharmacy bill, a photo of each medicine's strip or label (name, batch number, MRP) and the ceiling-price notification cited (${notifications.join('; ')}).`);
  }
  if (has('above_mrp')) {
    steps.push("Report the sale above MRP to your state's Legal Metrology department (Controller of Legal Metrology) or the National Consumer Helpline (1915). " +
      'Attach the invoice and a photo of each pack showing its printed MRP.');
  }
  if (ctx.scheme === 'cghs') {
    steps.push('If you are a CGHS beneficiary treated at a CGHS-empanelled hospital, send the flagged lines to your CGHS wellness centre (or the Additional Director, CGHS, of your city). ' +
      "Attach the final bill, the discharge summary, a copy of your CGHS card and the hospital's reply.");
  }
  if (ctx.scheme === 'insured') {
    steps.push('Send the flagged lines to your insurer or TPA before the claim is settled. Attach the final bill, the discharge summary and the claim number; ' +
      "if the insurer's grievance officer does not resolve it, escalate on IRDAI's Bima Bharosa portal (bimabharosa.irdai.gov.in) with the insurer's reply.");
  }
  steps.push('If the bill is still not corrected, file a complaint with the District Consumer Disputes Redressal Commission under the Consumer Protection Act, 2019 (online through e-Daakhil). ' +
    'Attach the bill, the payment receipts, your written request to the hospital, its reply and this report.');
  return steps;
}

function notificationWords(flag: RedFlag): string {
  const reference = flag.citation.reference.replace(/,\s*DPCO 2013$/, '');
  return flag.citation.date ? `${reference} of ${displayDate(flag.citation.date)}` : reference;
}
