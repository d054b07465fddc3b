// Figures misread by OCR, repaired with the bill's own arithmetic.
//
// Tesseract's English models have no ₹, and read the sign glued to an amount most often as a
// leading 7 ("₹1,050.00" → "71,050.00"; as a 2 with tesseract.js's model). Such a figure is one
// leading digit too long. Below, "7" stands for whichever digit the bill's arithmetic confirms
// (see RUPEE_AS_DIGITS). A repair is made only when the arithmetic points at it and nothing else:
//  - on a line: quantity × rate equals the amount in exactly one way of dropping that 7 (from the
//    amount, the rate, or both);
//  - across the bill: the lines add up to the printed sub total or net payable in exactly one way
//    of dropping the 7 from some amounts (and perhaps from that total itself).
// Every repair is recorded on its line (`repairs`) and in the bill's warnings. Anything less certain
// is left as read; the rules then treat a line read with low confidence as unsure.
import type { BillItem, BillTotals, ExtractedBill } from '../domain/bill.ts';
import { formatINR, roundRupees, toPaise } from '../domain/money.ts';

/** At most this many candidate amounts are tried together (2^n combinations). */
export const MAX_REPAIR_CANDIDATES = 16;
/**
 * The digits Tesseract's English models read a ₹ glued to an amount as: 7 with the fast model of
 * the native program, 2 with the best model tesseract.js uses. One is chosen per bill (the one
 * whose repairs its arithmetic confirms more often) and used for the whole bill.
 */
export const RUPEE_AS_DIGITS = ['7', '2'] as const;
let RUPEE_AS_DIGIT: (typeof RUPEE_AS_DIGITS)[number] = '7';

/** The figure without its leading misread ₹ (7 here: 71050 → 1050, 760.9 → 60.9), or null when it has none to drop. */
export function withoutLeadingRupee(value: number): number | null {
  if (!(value > 0)) return null;
  const text = value.toFixed(2);
  if (!text.startsWith(RUPEE_AS_DIGIT)) return null;
  const rest = text.slice(1);
  // "7.50" has no digits left before the point: a 7 that is the amount itself.
  if (!/^\d/.test(rest)) return null;
  return Number(rest);
}

const consistent = (quantity: number, rate: number, amount: number): boolean =>
  Math.abs(roundRupees(quantity * rate) - amount) <= 0.01 + 0.005 * Math.abs(quantity);

const describe = (from: number, to: number): string => `₹ read as "${from.toFixed(2)[0]}": ${formatINR(from)} is ${formatINR(to)}`;

/** Line by line: a row whose quantity × rate only adds up without a leading 7. */
function repairRows(items: BillItem[], notes: string[]): void {
  for (const item of items) {
    const { quantity, unit_price: rate, amount } = item;
    if (rate === null || !(quantity > 0) || consistent(quantity, rate, amount)) continue;
    const amount7 = withoutLeadingRupee(amount);
    const rate7 = withoutLeadingRupee(rate);
    const options: Array<{ rate: number; amount: number }> = [];
    if (amount7 !== null && consistent(quantity, rate, amount7)) options.push({ rate, amount: amount7 });
    if (rate7 !== null && consistent(quantity, rate7, amount)) options.push({ rate: rate7, amount });
    if (amount7 !== null && rate7 !== null && consistent(quantity, rate7, amount7)) options.push({ rate: rate7, amount: amount7 });
    if (options.length !== 1) continue;
    const fix = options[0]!;
    if (fix.amount !== amount) item.repairs.push(describe(amount, fix.amount));
    if (fix.rate !== rate) item.repairs.push(`rate: ${describe(rate, fix.rate)}`);
    item.amount = fix.amount;
    item.unit_price = fix.rate;
    notes.push(`line ${item.index}: ${item.repairs.join('; ')} (quantity × rate adds up only so)`);
  }
}

interface Target { name: 'sub_total' | 'stated_total'; printed: number; value: number }

/** Across the bill: the amounts that must lose a leading 7 for the lines to add up to a printed total. */
function repairAgainstTotals(items: BillItem[], totals: BillTotals, notes: string[], misreadSeen: boolean): void {
  const lines = items.reduce((s, i) => s + toPaise(i.amount), 0);
  const targets: Target[] = [];
  const addTarget = (name: Target['name'], printed: number | null, adjust: number): void => {
    if (printed === null) return;
    targets.push({ name, printed, value: toPaise(printed) + adjust });
    const stripped = withoutLeadingRupee(printed);
    if (stripped !== null) targets.push({ name, printed: stripped, value: toPaise(stripped) + adjust });
  };
  addTarget('sub_total', totals.sub_total, 0);
  // Net payable = lines − discount (+ GST when charged on top): the lines must come to net + discount (− GST).
  addTarget('stated_total', totals.stated_total, toPaise(totals.discount));
  if (totals.gst > 0) addTarget('stated_total', totals.stated_total, toPaise(totals.discount) - toPaise(totals.gst));
  if (targets.length === 0) return;
  // Already adds up as read: nothing to repair, unless a line has shown the misread: then a total
  // misread the same way can add up to lines misread alike, and the systematic reading decides.
  if (!misreadSeen && targets.some((t) => t.printed === (t.name === 'sub_total' ? totals.sub_total : totals.stated_total) && Math.abs(t.value - lines) <= 1)) return;

  const candidates = items.flatMap((item) => {
    const stripped = withoutLeadingRupee(item.amount);
    return stripped === null ? [] : [{ item, stripped, saving: toPaise(item.amount) - toPaise(stripped) }];
  });
  if (candidates.length > MAX_REPAIR_CANDIDATES) return;

  // Every way (subset of candidates, target) in which the lines add up; a repair needs exactly one.
  const solutions = new Map<string, { mask: number; target: Target }>();
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    let sum = lines;
    for (let i = 0; i < candidates.length; i++) if (mask & (1 << i)) sum -= candidates[i]!.saving;
    for (const target of targets) {
      if (Math.abs(sum - target.value) > 1) continue;
      // One entry per set of lines; of the totals it reaches, the misread one (it finds the misread once more).
      const key = `${mask}`;
      const known = solutions.get(key);
      if (!known || (known.target.printed === totals[known.target.name] && target.printed !== totals[target.name])) solutions.set(key, { mask, target });
    }
  }
  let chosen: { mask: number; target: Target; approximate: boolean } | null = null;
  if (solutions.size === 1) chosen = { ...[...solutions.values()][0]!, approximate: false };
  else if (solutions.size > 1) chosen = systematicSolution([...solutions.values()], candidates.length, totals);
  else chosen = nearestSolution(lines, candidates.map((c) => c.saving), targets);
  if (!chosen) return;
  const { mask, target, approximate } = chosen;
  const totalName = target.name === 'sub_total' ? 'sub total' : 'total';
  for (let i = 0; i < candidates.length; i++) {
    if (!(mask & (1 << i))) continue;
    const { item, stripped } = candidates[i]!;
    const repair = describe(item.amount, stripped);
    item.repairs.push(repair);
    if (item.unit_price === item.amount && item.quantity === 1) item.unit_price = stripped;
    item.amount = stripped;
    if (approximate) item.confidence = Math.min(item.confidence, INFERRED_REPAIR_CONFIDENCE);
    notes.push(approximate
      ? `line ${item.index}: ${repair} (as read, the lines came to many times the printed ${totalName}; not counted)`
      : `line ${item.index}: ${repair} (the lines add up to the printed ${totalName} only so)`);
  }
  const printed = totals[target.name];
  if (printed !== null && printed !== target.printed) {
    notes.push(`the ${target.name === 'sub_total' ? 'sub total' : 'total'}: ${describe(printed, target.printed)} (the lines add up to it only so)`);
    totals[target.name] = target.printed;
    // A net payable equal to the sub total was the same printed figure.
    if (target.name === 'sub_total' && totals.stated_total === printed) totals.stated_total = target.printed;
    if (target.name === 'stated_total' && totals.sub_total === printed) totals.sub_total = target.printed;
  }
}

/** The lines add up, to the paisa, to every printed total: the sub total and what the net payable implies. */
function addsUp(items: BillItem[], totals: BillTotals): boolean {
  const lines = items.reduce((s, i) => s + toPaise(i.amount), 0);
  const printed = [totals.sub_total, totals.stated_total === null ? null : totals.stated_total + totals.discount - totals.gst].filter((t): t is number => t !== null);
  return printed.length > 0 && printed.every((t) => Math.abs(toPaise(t) - lines) <= 1);
}

/** An inferred repair never leaves less than this (rupees). */
const MIN_INFERRED_AMOUNT = 10;
/** Confirmed repairs from which the bill's ₹ is taken to read as 7 on its other lines too. */
const CONFIRMED_FOR_INFERENCE = 2;
/** A line repaired only by that inference is not sure enough to accuse on its own. */
export const INFERRED_REPAIR_CONFIDENCE = 0.55;

/**
 * When the arithmetic has shown, at least twice on this bill, that its ₹ reads as 7, a figure still
 * starting with 7 on a line the arithmetic cannot check (quantity 1, or a line whose figures do not
 * agree anyway) most likely carries the same misread. The 7 is dropped there too, and the line's
 * confidence lowered, so a finding on it is reported but not counted.
 */
function repairByInference(items: BillItem[], totals: BillTotals, confirmed: number, notes: string[]): void {
  if (confirmed < CONFIRMED_FOR_INFERENCE || addsUp(items, totals)) return;
  let sum = roundRupees(items.reduce((s, i) => s + i.amount, 0));
  // The totals first: one loses its 7 when that makes it the bill's other total, or brings it far
  // nearer to the lines.
  for (const name of ['sub_total', 'stated_total'] as const) {
    const printed = totals[name];
    const stripped = printed === null ? null : withoutLeadingRupee(printed);
    if (printed === null || stripped === null) continue;
    const other = totals[name === 'sub_total' ? 'stated_total' : 'sub_total'];
    if ((other !== null && Math.abs(stripped - other) <= 0.01) || Math.abs(stripped - sum) * NEAREST_GAIN <= Math.abs(printed - sum)) {
      notes.push(`the ${name === 'sub_total' ? 'sub total' : 'total'}: ${describe(printed, stripped)}, as on the bill's lines`);
      totals[name] = stripped;
    }
  }
  const target = totals.sub_total ?? (totals.stated_total === null ? null : totals.stated_total + totals.discount - totals.gst);
  for (const item of items) {
    const amount7 = withoutLeadingRupee(item.amount);
    // A figure under ₹10 left behind ("₹79" read right, not "₹9" misread) is no hospital charge.
    if (amount7 === null || amount7 < MIN_INFERRED_AMOUNT || item.repairs.length > 0) continue;
    // With a printed total, dropping the 7 must bring the lines nearer to it.
    if (target !== null && Math.abs(sum - (item.amount - amount7) - target) >= Math.abs(sum - target)) continue;
    const rate = item.unit_price;
    const singlePrice = rate === item.amount && item.quantity === 1;
    const rate7 = rate === null || singlePrice ? null : withoutLeadingRupee(rate);
    // Dropping it must not break a line whose figures agree as read.
    if (rate !== null && !singlePrice && consistent(item.quantity, rate, item.amount)) continue;
    sum = roundRupees(sum - (item.amount - amount7));
    item.repairs.push(`${describe(item.amount, amount7)}, as on the bill's other lines`);
    if (rate7 !== null && rate !== null) item.repairs.push(`rate: ${describe(rate, rate7)}, as on the bill's other lines`);
    item.amount = amount7;
    item.unit_price = singlePrice ? amount7 : rate7 ?? rate;
    item.confidence = Math.min(item.confidence, INFERRED_REPAIR_CONFIDENCE);
    notes.push(`line ${item.index}: ${item.repairs.join('; ')} (not checked by the arithmetic: reported, not counted)`);
  }
}

const popcount = (mask: number): number => {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
};

/**
 * Several exact readings (a total of as many digits as one line saves as much by losing its 7 as
 * that line does). The sign is printed the same way on the whole page, so its misread is
 * systematic: the reading that finds it on at least two thirds of the figures that could carry
 * it, and on more of them than any other reading, is taken.
 */
function systematicSolution(solutions: Array<{ mask: number; target: Target }>, candidates: number, totals: BillTotals): { mask: number; target: Target; approximate: boolean } | null {
  const repaired = (s: { mask: number; target: Target }): number => popcount(s.mask) + (s.target.printed !== totals[s.target.name] ? 1 : 0);
  const ranked = [...solutions].sort((a, b) => repaired(b) - repaired(a));
  const best = ranked[0]!;
  const couldCarry = candidates + [totals.sub_total, totals.stated_total].filter((t) => t !== null && withoutLeadingRupee(t) !== null).length;
  if (repaired(best) === repaired(ranked[1]!) || repaired(best) < 2 || repaired(best) < (2 / 3) * couldCarry) return null;
  return { ...best, approximate: false };
}

/** How far off the lines may stay, after dropping 7s, for the nearest reading to be taken (a share of the total). */
const NEAREST_WITHIN = 0.1;
/** …and how much nearer than the figures as read it must come. */
const NEAREST_GAIN = 10;

/**
 * No way of dropping 7s makes the lines add up exactly (the bill may also have a real total
 * mismatch), but one way comes far nearer than the figures as read: lines that come to many times
 * the printed total are misreads, not charges. That way is taken when it alone is that near.
 */
function nearestSolution(lines: number, savings: number[], targets: Target[]): { mask: number; target: Target; approximate: boolean } | null {
  let best: { mask: number; target: Target; off: number } | null = null;
  let runnerUp = Infinity;
  for (let mask = 1; mask < 1 << savings.length; mask++) {
    let sum = lines;
    for (let i = 0; i < savings.length; i++) if (mask & (1 << i)) sum -= savings[i]!;
    for (const target of targets) {
      const off = Math.abs(sum - target.value);
      if (!best || off < best.off) {
        if (best && best.mask !== mask) runnerUp = Math.min(runnerUp, best.off);
        best = { mask, target, off };
      } else if (mask !== best.mask) runnerUp = Math.min(runnerUp, off);
    }
  }
  if (!best) return null;
  const asRead = Math.min(...targets.map((t) => Math.abs(lines - t.value)));
  const near = best.off <= NEAREST_WITHIN * best.target.value && asRead >= NEAREST_GAIN * Math.max(best.off, 100);
  // Another way about as near: no telling which 7s were ₹.
  return near && runnerUp > best.off + 100 ? { mask: best.mask, target: best.target, approximate: true } : null;
}

/**
 * Confidence of a line whose figures the bill's arithmetic confirms. OCR's own confidence is the
 * mean over the line's words, which a garbled leader or a misread ₹ drags down although the digits
 * are right; figures that agree with one another cannot all be misread the same way by chance.
 */
export const CONFIRMED_FIGURES_CONFIDENCE = 0.75;

/**
 * Raises the confidence of lines whose figures check: quantity × rate = amount where the rate was
 * read on its own (printed apart from the amount, or a quantity other than 1), or every line when
 * the lines add up to every printed total to the paisa. Lines repaired by inference stay unsure.
 */
function confirmByArithmetic(items: BillItem[], totals: BillTotals): void {
  const allAddUp = addsUp(items, totals);
  for (const item of items) {
    if (item.confidence <= INFERRED_REPAIR_CONFIDENCE && item.repairs.length > 0) continue;
    const rowChecks = item.unit_price !== null && item.quantity > 0 && item.figuresPrinted === true && consistent(item.quantity, item.unit_price, item.amount);
    if (rowChecks || allAddUp) item.confidence = Math.max(item.confidence, CONFIRMED_FIGURES_CONFIDENCE);
  }
}

/**
 * The sub total and the net payable printed as one figure (no discount, no GST between them), one
 * of them read with a leading 7: two readings of the same number, so the 7 is the ₹.
 */
function repairTotalPair(totals: BillTotals, notes: string[]): void {
  const { sub_total: sub, stated_total: net } = totals;
  if (sub === null || net === null || totals.discount !== 0 || totals.gst !== 0 || sub === net) return;
  if (withoutLeadingRupee(net) === sub) {
    notes.push(`the total: ${describe(net, sub)} (the sub total printed above it)`);
    totals.stated_total = sub;
  } else if (withoutLeadingRupee(sub) === net) {
    notes.push(`the sub total: ${describe(sub, net)} (the total printed below it)`);
    totals.sub_total = net;
  }
}

/**
 * A line that alone comes to more than the whole bill's printed total was misread (a ₹ read as
 * another digit, a lost decimal point) unless the total is: either way it is not sure enough to
 * accuse. Its confidence is lowered and the user told.
 */
function doubtLinesAboveTotal(items: BillItem[], totals: BillTotals, notes: string[]): void {
  const printed = [totals.sub_total, totals.stated_total === null ? null : totals.stated_total + totals.discount].filter((t): t is number => t !== null && t > 0);
  if (printed.length === 0) return;
  const ceiling = Math.max(...printed);
  for (const item of items) {
    if (item.amount <= ceiling + 0.01 || item.confidence <= INFERRED_REPAIR_CONFIDENCE) continue;
    item.confidence = INFERRED_REPAIR_CONFIDENCE;
    notes.push(`line ${item.index}: ${formatINR(item.amount)} is more than the whole bill's total, ${formatINR(ceiling)}, so one of them was misread; check this line on the paper bill (reported, not counted)`);
  }
}

type RepairableBill = Pick<ExtractedBill, 'items' | 'totals'>;

/** Every step for one misread digit; `confirmed` counts the repairs the arithmetic proved. */
function repairWith(bill: RepairableBill, digit: (typeof RUPEE_AS_DIGITS)[number]): { notes: string[]; confirmed: number } {
  RUPEE_AS_DIGIT = digit;
  const notes: string[] = [];
  repairTotalPair(bill.totals, notes);
  repairRows(bill.items, notes);
  repairAgainstTotals(bill.items, bill.totals, notes, notes.length > 0);
  const confirmed = bill.items.filter((i) => i.repairs.length > 0 && i.confidence > INFERRED_REPAIR_CONFIDENCE).length;
  repairByInference(bill.items, bill.totals, notes.length, notes);
  return { notes, confirmed };
}

/** Repairs a bill read by OCR in place; returns notes for the user (empty when nothing was repaired). */
export function repairOcrFigures(bill: RepairableBill): string[] {
  // Each digit is tried on a copy; the bill takes the reading whose arithmetic confirms more repairs (7 on a tie).
  const trials = RUPEE_AS_DIGITS.map((digit) => {
    const copy = structuredClone({ items: bill.items, totals: bill.totals });
    return { copy, ...repairWith(copy, digit) };
  });
  RUPEE_AS_DIGIT = '7';
  const best = trials.reduce((a, b) => (b.confirmed > a.confirmed ? b : a));
  bill.items.splice(0, bill.items.length, ...best.copy.items);
  Object.assign(bill.totals, best.copy.totals);
  const notes = best.notes;
  confirmByArithmetic(bill.items, bill.totals);
  doubtLinesAboveTotal(bill.items, bill.totals, notes);
  return notes;
}
