// Duplicate: the same service billed more than once for the same day — same item (normalised
// description), same date, same amount. A repeat on another day is legitimate and never flagged.
// A group of N identical lines is one flag: the first line is the original, the other N − 1
// are repeats, and excess = the repeats' amounts.
// Rule: charging for a service not rendered is an unfair trade practice (Consumer Protection
// Act 2019, section 2(47)); CGHS and IRDAI pay each service once.
//
// Lines without a date (policy):
// - If the whole bill covers one day (admission = discharge, all dated lines on one date, or an
//   outpatient / pharmacy / lab bill with no stay), undated lines take that day: normal rule.
// - On a multi-day bill, an undated repeat may be a later day's legitimate repeat, so:
//   room, ICU and consultation lines (charged per day or per visit) are not flagged at all;
//   a procedure or implant repeated is flagged as a warning with lowered confidence (an
//   operation is rarely done twice); anything else (tests, medicines) is an `info` observation
//   asking for the dates, never counted.
// - Medicines and consumables repeated on the same date are `info` too: pharmacies issue the
//   same drug several times a day against separate indents.
import type { Category, Citation, RedFlag, Severity } from '../domain/analysis.ts';
import type { BillItem, ExtractedBill, Rule } from '../domain/bill.ts';
import { toPaise } from '../domain/money.ts';
import { displayDate } from './benchmark.ts';
import { inr, makeFlag, quoted } from './flag.ts';
import { MIN_ACCUSE_CONFIDENCE, UNDATED_PROCEDURE_REPEAT_CONFIDENCE } from './policy.ts';

export const CONSUMER_PROTECTION_CITATION: Citation = {
  source: 'Consumer Protection Act, 2019',
  reference: 'Section 2(47), unfair trade practice',
  date: '2019-08-09',
};

/** The bill's one day, when every line must be on it; `SAME_DAY` when that day is known only as "the bill's day". */
const SAME_DAY = 'the bill date';
const PER_DAY_CATEGORIES: ReadonlySet<Category> = new Set(['room', 'icu', 'consultation']);
const DISPENSED_CATEGORIES: ReadonlySet<Category> = new Set(['drug', 'consumable']);
const RARELY_REPEATED: ReadonlySet<Category> = new Set(['procedure', 'implant']);

export const duplicateRule: Rule = ({ bill }) => {
  const day = singleDayOf(bill);
  const groups = new Map<string, { date: string | null; lines: BillItem[] }>();
  for (const item of bill.items) {
    if (!(item.amount > 0)) continue;
    const date = item.date ?? day;
    const key = `${normaliseDescription(item.description)}|${toPaise(item.amount)}|${date ?? 'undated'}`;
    const group = groups.get(key) ?? { date, lines: [] };
    group.lines.push(item);
    groups.set(key, group);
  }
  const flags: RedFlag[] = [];
  for (const { date, lines } of groups.values()) {
    if (lines.length < 2) continue;
    const flag = duplicateFlag(lines.sort((a, b) => a.index - b.index), date);
    if (flag) flags.push(flag);
  }
  return flags.sort((a, b) => (a.line_items[0] ?? 0) - (b.line_items[0] ?? 0));
};

/**
 * The description as a grouping key: case and punctuation ignored, and the characters OCR
 * confuses in print folded together (1, i and l; 0 and o), so "HbA1c", "HbAlc" and "HbAic" read
 * from a scan are one test. Two printed names differing only there are the same name.
 */
export const normaliseDescription = (description: string): string =>
  description.toLowerCase().replace(/[^a-z0-9\u0900-\u097f]+/g, ' ').trim().replace(/[1i]/g, 'l').replace(/0/g, 'o');

/** The one date every line of the bill falls on, or null when the bill may span several days. */
export function singleDayOf(bill: ExtractedBill): string | null {
  const { admission_date: admitted, discharge_date: discharged, bill_date: billDate, kind } = bill.header;
  const itemDates = new Set(bill.items.map((i) => i.date).filter((d): d is string => d !== null));
  if (admitted && discharged) {
    if (admitted !== discharged) return null;
    return itemDates.size === 0 || (itemDates.size === 1 && itemDates.has(admitted)) ? admitted : null;
  }
  if (itemDates.size > 1) return null;
  if (itemDates.size === 1) {
    // Some lines dated, all on one day: the undated ones are on it only if there was no stay.
    return kind === 'inpatient' ? null : [...itemDates][0] ?? null;
  }
  if (kind === 'inpatient' || admitted || discharged) return null;
  return billDate ?? SAME_DAY;
}

function duplicateFlag(lines: BillItem[], date: string | null): RedFlag | null {
  const [original, ...repeats] = lines;
  if (!original) return null;
  const category = original.category;
  if (date === null && PER_DAY_CATEGORIES.has(category)) return null;

  const readConfidence = Math.min(...lines.map((l) => l.confidence));
  let confidence = readConfidence;
  let severity: Severity = 'warning';
  let caveat = '';
  if (date === null) {
    if (RARELY_REPEATED.has(category)) {
      confidence = Math.min(readConfidence, UNDATED_PROCEDURE_REPEAT_CONFIDENCE);
      caveat = ' The bill shows no dates for these lines, but a procedure is rarely done twice in one stay.';
    } else {
      confidence = Math.min(readConfidence, 0.5);
      severity = 'info';
      caveat = ' Not counted: the bill shows no dates for these lines and the stay spans several days, so they may be repeats on different days; ask the hospital for the date of each.';
    }
  } else if (DISPENSED_CATEGORIES.has(category)) {
    severity = 'info';
    caveat = ' Not counted: medicines and consumables are often issued more than once a day; check the pharmacy indents.';
  }
  if (severity !== 'info' && confidence < MIN_ACCUSE_CONFIDENCE) {
    severity = 'info';
    caveat += ' Not counted: some of these lines were read with low confidence; check them by hand.';
  }

  const excess = repeats.reduce((sum, l) => sum + l.amount, 0);
  const when = date === null ? 'with no date shown' : date === SAME_DAY ? 'on the same bill date' : `on ${displayDate(date)}`;
  const times = lines.length === 2 ? 'twice' : `${lines.length} times`;
  const repeatWords = repeats.length === 1 ? `The repeat (line ${repeats[0]?.index})` : `The repeats (${lineList(repeats)})`;
  const reason =
    `${quoted(original)} (${inr(original.amount)}) is billed ${times} ${when} (${lineList(lines)}): same service, same date, same amount. ` +
    `${repeatWords} add${repeats.length === 1 ? 's' : ''} ${inr(excess)}. The same test or service on another day would be legitimate; ` +
    `ask the hospital for the report or record of each one.${caveat}`;

  return makeFlag({
    type: 'duplicate',
    line_items: lines.map((l) => l.index),
    billed: original.amount + excess,
    max_allowed: original.amount,
    excess,
    confidence,
    severity,
    reason,
    citation: CONSUMER_PROTECTION_CITATION,
  });
}

function lineList(lines: BillItem[]): string {
  const indices = lines.map((l) => l.index);
  if (indices.length === 1) return `line ${indices[0]}`;
  return `lines ${indices.slice(0, -1).join(', ')} and ${indices[indices.length - 1]}`;
}
