// Turning the cells of one printed row into description, quantity, rate, amount and date —
// by the table's column headings when the bill has them, by the shape of the row otherwise.
import type { Cell } from '../ingest/types.ts';
import { findDate, looksLikeMoney, parseAmount, parseQuantity } from './numbers.ts';
import type { ColumnRole } from './vocabulary.ts';

export interface Column {
  role: ColumnRole;
  x0: number;
  x1: number;
  /** Position of the heading among the header's cells (for delimited rows). */
  index: number;
}

export interface ParsedRow {
  description: string;
  quantity: number | null;
  rate: number | null;
  amount: number;
  mrp: number | null;
  date: string | null;
  code: string | null;
  /** How the row was read: by headings, by shape, or from a "(q x r)" in the description. */
  how: 'columns' | 'shape';
  /** The rate and the quantity were both printed apart from the amount (none worked out from it), so quantity × rate = amount checks the reading. */
  figuresPrinted?: boolean;
}

const ROUNDING_TOLERANCE = 0.011;

export const nearlyEqual = (a: number, b: number, tolerance = ROUNDING_TOLERANCE): boolean => Math.abs(a - b) <= tolerance;

/** "(15 x 2.02)", "(3 × 500)", "(2 x 1,000)", "(4 @ 250)" inside a description; "(14 K 22)" is OCR's reading of an x. */
const QTY_TIMES_RATE = /\(\s*(\d+(?:\.\d+)?)\s*(?:x|×|\*|@|k)\s*(?:₹|rs\.?|inr)?\s*(\d[\d,]*(?:\.\d+)?)\s*\)/i;
/** "(2 days)", "(10 tablets)", "x 3 days", "- 2 nos" inside a description. */
const QTY_COUNT = /\(\s*(\d+(?:\.\d+)?)\s*(days?|nights?|tablets?|tabs?|capsules?|caps?|nos?\.?|units?|vials?|ampoules?|amps?|sachets?|bottles?|strips?|sessions?|hours?|hrs?|visits?|times)\s*\)|\bx\s*(\d+)\s*(days?|nos?\.?)\b/i;

export interface DescriptionQuantity {
  description: string;
  quantity: number | null;
  rate: number | null;
}

/** Reads a quantity (and rate) written inside the description and removes it from the text. */
export function quantityFromDescription(description: string): DescriptionQuantity {
  const qr = QTY_TIMES_RATE.exec(description);
  if (qr) {
    return { description: tidy(description.replace(qr[0], ' ')), quantity: Number(qr[1]), rate: Number(qr[2]!.replace(/,/g, '')) };
  }
  const qc = QTY_COUNT.exec(description);
  if (qc) {
    return { description: tidy(description.replace(qc[0], ' ')), quantity: Number(qc[1] ?? qc[3]), rate: null };
  }
  return { description, quantity: null, rate: null };
}

export function tidy(text: string): string {
  // A currency word left at the end is the amount's, printed apart from it ("Triglycerides Rs.").
  return text.replace(/\s+/g, ' ').replace(/\s(?:rs\.?|inr|₹)\s*$/i, '').replace(/\s+([,.;:)])/g, '$1').replace(/\(\s+/g, '(').replace(/[\s:\-–=,]+$/, '').replace(/^[\s:\-–•*·=,]+/, '').trim();
}

/** A cell that ends in a currency amount is split in two: "Consultation: ₹2,500" → ["Consultation", "₹2,500"]. */
export function splitTrailingAmount(cells: Cell[]): Cell[] {
  const out: Cell[] = [];
  for (const cell of cells) {
    if (parseAmount(cell.text) !== null) { out.push(cell); continue; }
    const m = /^(.*?\S)\s*(?:[:=]\s*|\s+)((?:₹|rs\.?|inr)\s*\d[\d,]*(?:\.\d{1,2})?(?:\s*\/-)?|\d[\d,]*\.\d{2}(?:\s*\/-)?|\d[\d,]*\s*\/-)$/i.exec(cell.text);
    // The text before the amount is a label, or (an amount marked ₹/Rs/INR) anything, such as a
    // dotted leader OCR read as "22005%".
    if (m && (/[a-z\u0900-\u097f)]/i.test(m[1]!) || /^(?:₹|rs|inr)/i.test(m[2]!)) && parseAmount(m[2]!) !== null) {
      const cut = cell.x0 + m[1]!.length;
      out.push({ ...cell, text: m[1]!.replace(/[:=]\s*$/, ''), x1: cut });
      out.push({ ...cell, text: m[2]!, x0: cell.x1 - m[2]!.length });
    } else out.push(cell);
  }
  return out;
}

const isSerial = (text: string): boolean => /^\d{1,4}[.)]?$/.test(text.trim());

/** Strips a leading serial ("1.", "12)", "3 ") from a description cell. */
export function stripSerial(text: string): string {
  return text.replace(/^\s*(?:\d{1,4}[.)]\s+|\d{1,4}\s+(?=[A-Za-z\u0900-\u097f]))/, '').replace(/^[-•*·]\s+/, '');
}

/**
 * Chooses quantity and rate among the numbers before the amount so that quantity × rate equals
 * the amount when they can; otherwise keeps the printed order (Qty, Rate).
 */
export function resolveQtyRate(numbers: number[], amount: number): { quantity: number | null; rate: number | null; consistent: boolean; printed?: boolean } {
  if (numbers.length === 0) return { quantity: null, rate: null, consistent: false };
  if (numbers.length === 1) {
    const x = numbers[0]!;
    // One unit: the rate printed beside an equal amount.
    if (nearlyEqual(x, amount)) return { quantity: 1, rate: x, consistent: true, printed: true };
    if (Number.isInteger(x) && x > 0 && x <= 1000) {
      const rate = amount / x;
      if (nearlyEqual(Math.round(rate * 100) / 100 * x, amount)) return { quantity: x, rate: Math.round(rate * 100) / 100, consistent: true };
    }
    if (x > 0 && Number.isInteger(Math.round((amount / x) * 1000) / 1000) && amount / x <= 1000) return { quantity: Math.round(amount / x), rate: x, consistent: true };
    return { quantity: null, rate: x, consistent: false };
  }
  // Try every ordered pair among the last three numbers, preferring the printed order (qty before rate).
  const tail = numbers.slice(-3);
  for (let i = 0; i < tail.length; i++) {
    for (let j = i + 1; j < tail.length; j++) {
      const a = tail[i]!;
      const b = tail[j]!;
      if (nearlyEqual(a * b, amount, 0.011 + amount * 0.00001)) {
        // The quantity is the whole number; when both are, the smaller one printed first.
        const aQty = Number.isInteger(a) && (!Number.isInteger(b) || a <= b || i < j);
        return aQty ? { quantity: a, rate: b, consistent: true, printed: true } : { quantity: b, rate: a, consistent: true, printed: true };
      }
    }
  }
  const [q, r] = numbers.slice(-2) as [number, number];
  if (Number.isInteger(q) || !Number.isInteger(r)) return { quantity: q, rate: r, consistent: false, printed: true };
  return { quantity: r, rate: q, consistent: false, printed: true };
}

/** Reads a row by its shape: leading serial and date, a description, then numbers ending with the amount. */
export function parseRowByShape(rawCells: Cell[]): ParsedRow | null {
  const cells = splitTrailingAmount(rawCells).filter((c) => c.text.trim() !== '');
  if (cells.length === 0) return null;
  const numbers: Array<{ value: number; money: boolean; text: string }> = [];
  let end = cells.length;
  while (end > 0) {
    const text = cells[end - 1]!.text;
    const value = parseAmount(text) ?? parseQuantity(text);
    if (value === null) break;
    numbers.unshift({ value, money: looksLikeMoney(text), text });
    end--;
  }
  if (numbers.length === 0) return null;
  const amount = numbers[numbers.length - 1]!.value;
  let date: string | null = null;
  let code: string | null = null;
  const textParts: string[] = [];
  for (let i = 0; i < end; i++) {
    const text = cells[i]!.text.trim();
    if (i === 0 && isSerial(text) && end > 1) continue;
    const d = findDate(text);
    if (d && d.match.length >= text.length - 2 && !date) { date = d.iso; continue; }
    textParts.push(text);
  }
  // All numbers and no words: not an item row (a bare sum, a page number).
  if (textParts.length === 0) return null;
  let description = stripSerial(textParts.join(' '));
  // A trailing date inside the description cell ("Consultation 05/05/2025").
  if (!date) {
    const d = findDate(description);
    if (d) { date = d.iso; description = description.replace(d.match, ' '); }
  }
  const inner = quantityFromDescription(tidy(description));
  description = inner.description;
  const before = numbers.slice(0, -1).map((n) => n.value);
  let { quantity, rate, printed } = resolveQtyRate(before, amount);
  if (before.length === 0 && inner.quantity !== null) {
    quantity = inner.quantity;
    rate = inner.rate ?? Math.round((amount / inner.quantity) * 100) / 100;
    printed = inner.rate !== null;
  }
  if (!/[a-z\u0900-\u097f]/i.test(description)) return null;
  return { description, quantity, rate, amount, mrp: null, date, code, how: 'shape', figuresPrinted: printed === true };
}

function cellColumn(cell: Cell, columns: Column[], delimitedIndex: number | null): Column | null {
  if (delimitedIndex !== null) return columns.find((c) => c.index === delimitedIndex) ?? null;
  let best: Column | null = null;
  let bestOverlap = 0;
  for (const col of columns) {
    const overlap = Math.min(cell.x1, col.x1) - Math.max(cell.x0, col.x0);
    if (overlap > bestOverlap) { bestOverlap = overlap; best = col; }
  }
  if (best) return best;
  // No overlap: the nearest column, by centre distance (numbers are right-aligned under wide headings).
  const centre = (cell.x0 + cell.x1) / 2;
  let bestDistance = Infinity;
  for (const col of columns) {
    const distance = centre < col.x0 ? col.x0 - centre : centre > col.x1 ? centre - col.x1 : 0;
    if (distance < bestDistance) { bestDistance = distance; best = col; }
  }
  return best;
}

/** Reads a row by the table's column headings. Null when it does not fit them (the caller then reads it by shape). */
export function parseRowByColumns(rawCells: Cell[], columns: Column[], delimited: boolean): ParsedRow | null {
  const byRole = new Map<ColumnRole, string[]>();
  rawCells.forEach((cell, i) => {
    if (cell.text.trim() === '') return;
    const col = cellColumn(cell, columns, delimited ? i : null);
    if (!col) return;
    const list = byRole.get(col.role) ?? [];
    list.push(cell.text.trim());
    byRole.set(col.role, list);
  });
  const amountText = byRole.get('amount')?.at(-1);
  const amount = amountText !== undefined ? parseAmount(amountText) : null;
  if (amount === null) return null;
  let description = (byRole.get('description') ?? []).join(' ');
  if (!/[a-z\u0900-\u097f]/i.test(description)) return null;
  const num = (role: ColumnRole): number | null => {
    const t = byRole.get(role)?.[0];
    return t === undefined ? null : parseAmount(t) ?? parseQuantity(t);
  };
  let quantity = num('qty');
  let rate = num('rate');
  const dateText = byRole.get('date')?.[0];
  let date = dateText ? findDate(dateText)?.iso ?? null : null;
  if (!date) {
    const d = findDate(description);
    if (d) { date = d.iso; description = description.replace(d.match, ' '); }
  }
  const inner = quantityFromDescription(tidy(stripSerial(description)));
  description = inner.description;
  if (quantity === null && inner.quantity !== null) quantity = inner.quantity;
  if (rate === null && inner.rate !== null) rate = inner.rate;
  const figuresPrinted = quantity !== null && rate !== null;
  if (quantity === null && rate !== null && rate > 0) {
    const q = amount / rate;
    if (nearlyEqual(Math.round(q) * rate, amount)) quantity = Math.round(q);
  }
  if (rate === null && quantity !== null && quantity > 0) rate = Math.round((amount / quantity) * 100) / 100;
  const code = byRole.get('code')?.[0] ?? null;
  return { description, quantity, rate, amount, mrp: num('mrp'), date, code, how: 'columns', figuresPrinted };
}
