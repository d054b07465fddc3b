// Arithmetic error: quantity × rate differs from the line's amount by more than paisa-level
// rounding. excess = amount − quantity × rate: positive means the patient is asked for more than
// the line's own figures add up to (a warning); negative is in the patient's favour (info).
// Rule: charging more than the bill's own rate × quantity is an unfair trade practice
// (Consumer Protection Act 2019, section 2(47)).
// Tolerance: a printed rate is rounded to the paisa, so quantity × rate may drift by half a paisa
// per unit, plus a paisa on the amount. A line read by OCR with low confidence whose figures
// differ by exactly one digit is a probable misread: kept as info.
import type { RedFlag, Severity } from '../domain/analysis.ts';
import type { BillItem, Rule } from '../domain/bill.ts';
import { roundRupees } from '../domain/money.ts';
import { CONSUMER_PROTECTION_CITATION } from './duplicate.ts';
import { inr, makeFlag, quoted } from './flag.ts';
import { MIN_ACCUSE_CONFIDENCE, OCR_DIGIT_DOUBT_CONFIDENCE, PAISA } from './policy.ts';

export const arithmeticRule: Rule = ({ bill }) =>
  bill.items.flatMap((item) => {
    const flag = arithmeticFor(item);
    return flag ? [flag] : [];
  });

/** The largest difference that is only rounding of a rate printed to the paisa. */
export const roundingTolerance = (quantity: number): number => PAISA + 0.005 * Math.abs(quantity);

function arithmeticFor(item: BillItem): RedFlag | null {
  const rate = item.unit_price;
  if (rate === null || !(item.quantity > 0)) return null;
  const computed = roundRupees(item.quantity * rate);
  const difference = roundRupees(item.amount - computed);
  if (Math.abs(difference) <= roundingTolerance(item.quantity) + 1e-9) return null;

  const confidence = item.confidence;
  let severity: Severity = difference > 0 ? 'warning' : 'info';
  const qty = Number.isInteger(item.quantity) ? String(item.quantity) : String(roundRupees(item.quantity));
  let reason = `${quoted(item)}: ${qty} × ${inr(rate)} = ${inr(computed)}, but the line says ${inr(item.amount)}`;
  reason += difference > 0
    ? `, ${inr(difference)} more than its own quantity and rate.`
    : `, ${inr(-difference)} less than its own quantity and rate (in your favour; noted, not a red flag).`;

  if (severity !== 'info') {
    if (confidence < MIN_ACCUSE_CONFIDENCE) {
      severity = 'info';
      reason += ` Not counted: the line was read with low confidence (${confidence.toFixed(2)}); check it by hand.`;
    } else if (confidence < OCR_DIGIT_DOUBT_CONFIDENCE && looksLikeMisreadDigit(item, computed)) {
      severity = 'info';
      reason += ' Not counted: the figures differ by a single digit on a line read from an image, which may be a misread; check it on the paper bill.';
    }
  }
  if (item.repairs.length > 0) reason += ` (Figures on this line were repaired while reading it: ${item.repairs.join('; ')}.)`;

  return makeFlag({
    type: 'arithmetic_error',
    line_items: [item.index],
    billed: item.amount,
    max_allowed: computed,
    excess: difference,
    confidence,
    severity,
    reason,
    citation: CONSUMER_PROTECTION_CITATION,
  });
}

/** True when one printed figure differs from what the others imply in exactly one digit. */
function looksLikeMisreadDigit(item: BillItem, computed: number): boolean {
  if (oneDigitApart(item.amount, computed)) return true;
  const impliedRate = item.amount / item.quantity;
  if (item.unit_price !== null && Math.abs(impliedRate * 100 - Math.round(impliedRate * 100)) < 1e-6 && oneDigitApart(item.unit_price, impliedRate)) return true;
  const impliedQuantity = item.unit_price ? item.amount / item.unit_price : NaN;
  return Number.isInteger(impliedQuantity) && oneDigitApart(item.quantity, impliedQuantity);
}

function oneDigitApart(a: number, b: number): boolean {
  const x = a.toFixed(2);
  const y = b.toFixed(2);
  if (x.length !== y.length) return false;
  let differences = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differences++;
  return differences === 1;
}
