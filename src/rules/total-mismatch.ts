// Total mismatch: the bill's own total does not follow from its lines. The chain is
//   sum of the printed line amounts  →  sub total  →  − discount (+ GST charged on top)  →  net payable
// and, when an advance is shown, net payable − advance → balance due.
// The sum is of amounts as printed, so a line's own arithmetic error is never counted again here.
// One flag per bill at most: excess = stated − computed, for the last stated figure of the chain
// (net payable, else sub total); a balance that does not follow is checked only when the total
// itself reconciles. A negative difference (the bill asks for less) is info.
// Rule: charging more than the bill's own lines add up to is an unfair trade practice
// (Consumer Protection Act 2019, section 2(47)).
import type { RedFlag, Severity } from '../domain/analysis.ts';
import type { ExtractedBill, Rule } from '../domain/bill.ts';
import { roundRupees, toPaise, toRupees } from '../domain/money.ts';
import { CONSUMER_PROTECTION_CITATION } from './duplicate.ts';
import { inr, makeFlag } from './flag.ts';
import { MIN_ACCUSE_CONFIDENCE, SUB_TOTAL_TOLERANCE, TOTAL_ROUNDING_TOLERANCE } from './policy.ts';

export const totalMismatchRule: Rule = ({ bill }) => {
  const flag = totalMismatchFor(bill) ?? balanceMismatchFor(bill);
  return flag ? [flag] : [];
};

/** Sum of the printed line amounts, exact to the paisa. */
export const sumOfLines = (bill: ExtractedBill): number =>
  toRupees(bill.items.reduce((sum, item) => sum + toPaise(item.amount), 0));

function totalMismatchFor(bill: ExtractedBill): RedFlag | null {
  if (bill.items.length === 0) return null;
  const { sub_total: subTotal, discount, gst, stated_total: net } = bill.totals;
  const lines = sumOfLines(bill);
  const subTotalOff = subTotal !== null && Math.abs(subTotal - lines) > SUB_TOTAL_TOLERANCE;
  const steps: string[] = [];
  if (subTotalOff) steps.push(`the sub total ${inr(subTotal)} is not the sum of the lines, ${inr(lines)}`);

  if (net === null) {
    if (subTotal === null || !subTotalOff) return null;
    const excess = roundRupees(subTotal - lines);
    return Math.abs(excess) > TOTAL_ROUNDING_TOLERANCE ? mismatchFlag(bill, subTotal, lines, excess, steps) : null;
  }

  const base = subTotal ?? lines;
  // GST a bill prints may already be inside its line prices (pharmacy invoices): take the reading
  // of the bill's own chain that fits, and never charge the patient for our guess.
  const gstAdded = gst > 0 && Math.abs(net - (base - discount + gst)) <= Math.abs(net - (base - discount));
  const tax = gstAdded ? gst : 0;
  const computed = roundRupees(lines - discount + tax);
  const excess = roundRupees(net - computed);
  if (Math.abs(excess) <= TOTAL_ROUNDING_TOLERANCE) return null;
  if (Math.abs(net - (base - discount + tax)) > TOTAL_ROUNDING_TOLERANCE) {
    steps.push(`the net payable ${inr(net)} is not ${describeChain(base, subTotal !== null, discount, tax)}`);
  }
  return mismatchFlag(bill, net, computed, excess, steps);
}

function describeChain(base: number, isSubTotal: boolean, discount: number, gst: number): string {
  let words = `${isSubTotal ? 'the sub total' : 'the sum of the lines'} ${inr(base)}`;
  if (discount) words += ` less the discount ${inr(discount)}`;
  if (gst) words += ` plus GST ${inr(gst)}`;
  return words;
}

function balanceMismatchFor(bill: ExtractedBill): RedFlag | null {
  const { stated_total: net, advance, balance } = bill.totals;
  if (net === null || balance === null || !(advance > 0)) return null;
  const computed = roundRupees(net - advance);
  const excess = roundRupees(balance - computed);
  if (Math.abs(excess) <= TOTAL_ROUNDING_TOLERANCE) return null;
  return mismatchFlag(bill, balance, computed, excess, [`the balance due ${inr(balance)} is not the net payable ${inr(net)} less the advance ${inr(advance)}`]);
}

function mismatchFlag(bill: ExtractedBill, stated: number, computed: number, excess: number, steps: string[]): RedFlag {
  let confidence = bill.confidence;
  const unread = bill.unreadLines > 0;
  if (unread) confidence *= 0.8;
  let severity: Severity = excess > 0 ? 'warning' : 'info';
  let reason = `The bill's figures do not add up: ${steps.join('; ')}. `;
  reason += excess > 0
    ? `You are asked for ${inr(excess)} more than the lines account for (${inr(stated)} stated, ${inr(computed)} computed).`
    : `The bill asks for ${inr(-excess)} less than its lines add up to (${inr(stated)} stated, ${inr(computed)} computed); noted, not a red flag.`;
  if (unread) reason += ' Some lines of the bill could not be read, which may explain part of the difference.';
  if (severity !== 'info' && confidence < MIN_ACCUSE_CONFIDENCE) {
    severity = 'info';
    reason += ` Not counted: the bill was read with low confidence (${confidence.toFixed(2)}); check the totals by hand.`;
  }
  return makeFlag({
    type: 'total_mismatch',
    line_items: [],
    billed: stated,
    max_allowed: computed,
    excess,
    confidence,
    severity,
    reason,
    citation: CONSUMER_PROTECTION_CITATION,
  });
}
