// Layout → line items, totals and header fields. One pass over the bill's lines with a little
// state: the current section (its heading gives a category), the current date (date-wise bills),
// the table's columns (when the bill prints headings), the item being read as a block of
// "Label: value" lines, and the last item (a description that wraps onto the next line).
import type { Category } from '../domain/analysis.ts';
import type { BillItem, BillTotals, ExtractedBill } from '../domain/bill.ts';
import type { Cell, IngestedDocument, Line } from '../ingest/types.ts';
import { findDate, parseAmount, parseQuantity } from './numbers.ts';
import { type Column, type ParsedRow, nearlyEqual, parseRowByColumns, parseRowByShape, quantityFromDescription, splitTrailingAmount, stripSerial, tidy } from './rows.ts';
import { categorise, sectionCategory } from './category.ts';
import { extractHeader, isHeaderFieldLine } from './header.ts';
import { columnRole, NOISE_LINES, totalKind, type TotalKind } from './vocabulary.ts';
import { itemsFromWords } from './words.ts';
import { UserError } from '../domain/errors.ts';
import { MAX_LINE_ITEMS } from '../domain/limits.ts';
import { repairOcrFigures } from './ocr-repair.ts';

interface RecordInProgress {
  description: string;
  page: number;
  date: string | null;
  rate: number | null;
  quantity: number | null;
  amount: number | null;
  mrp: number | null;
  confidence: number;
}

interface State {
  section: string | null;
  sectionCategory: Category | null;
  date: string | null;
  columns: Column[] | null;
  columnsDelimited: boolean;
  record: RecordInProgress | null;
  lastItem: BillItem | null;
  /** Description-only line that may start a block record ("1. ECG" followed by "Rate: 150"). */
  pendingDescription: { text: string; page: number; confidence: number } | null;
  blankSinceItem: boolean;
}

const SEPARATOR_LINE = /^[\s\-=_*~.+|:]+$/;
const RECORD_LABEL = /^\s*(rate|unit\s*price|price|qty|quantity|units?|total|amount|amt|net\s*amount|date|service\s*date|mrp|दर|मात्रा|राशि|दिनांक)\s*[:=\-]\s*(.*)$/i;

function lineConfidence(line: Line): number {
  return line.confidence ?? 1;
}

/** Total lines: a label from the totals vocabulary with an amount, and nothing that reads like a service name. */
const TOTAL_FILLER = /\b(?:amount|amt|rs|inr|payable|less|add|paid|by|patient|the|bill|billed|final|net|total|due|value|rate|on|of|incl|including|excluding|inclusive|exclusive|hospital|charges?|in|cash|card|upi|received|from|ipd|opd|before|after|tax|taxes|grand|sub|gross|overall|to|be|is|at|applicable|special|senior|citizen|staff|management|corporate|sgst|cgst|igst|gst|discount|concession|round|off|advance|deposit|balance|refund|payment|now|please|pay|only)\b/gi;

function totalLine(cells: Cell[]): { kind: TotalKind; amount: number } | null {
  const split = splitTrailingAmount(cells).filter((c) => c.text.trim() !== '');
  if (split.length === 0) return null;
  const amounts = split.map((c) => parseAmount(c.text));
  const lastAmount = amounts.at(-1);
  const label = split.filter((_, i) => amounts[i] === null).map((c) => c.text).join(' ');
  const kind = totalKind(label);
  if (!kind) return null;
  if (kind === 'in_words') return { kind, amount: 0 };
  if (lastAmount === null || lastAmount === undefined) return null;
  const residual = label.replace(/\([^)]*\)/g, ' ').replace(/[@%:.\-\d₹/|&]+/g, ' ').replace(TOTAL_FILLER, ' ')
    .split(/\s+/).filter((w) => /[a-z\u0900-\u097f]{3,}/i.test(w) && !/^(?:कुल|योग|राशि|छूट|अग्रिम|शेष|देय|उप)$/.test(w));
  if (residual.length >= 2) return null;
  return { kind, amount: Math.abs(lastAmount) };
}

function headerColumns(cells: Cell[]): Column[] | null {
  // Cheap refusals first: most lines are items, and item lines are mostly numbers.
  let filled = 0;
  let numeric = 0;
  for (const c of cells) {
    if (c.text.trim() === '') continue;
    filled++;
    if (/\d/.test(c.text)) numeric++;
  }
  if (filled < 3 || numeric > filled * 0.4) return null;
  const columns: Column[] = [];
  let recognised = 0;
  cells.forEach((cell, index) => {
    const role = cell.text.trim() === '' ? null : columnRole(cell.text);
    if (role) recognised++;
    columns.push({ role: role ?? 'ignore', x0: cell.x0, x1: cell.x1, index });
  });
  const roles = new Set(columns.map((c) => c.role));
  if (recognised < 3 || recognised < cells.filter((c) => c.text.trim()).length * 0.6) return null;
  if (!roles.has('amount') && !roles.has('rate')) return null;
  if (!roles.has('description')) return null;
  // A table with Rate but no Amount heading: its last money column is the amount.
  if (!roles.has('amount')) {
    const rate = [...columns].reverse().find((c) => c.role === 'rate');
    if (rate) rate.role = 'amount';
  }
  return widenColumns(columns);
}

/** Widens each heading's span to the gap before the next heading, so right-aligned numbers and long names fall inside. */
function widenColumns(columns: Column[]): Column[] {
  return columns.map((col, i) => {
    const prev = columns[i - 1];
    const next = columns[i + 1];
    const isText = col.role === 'description';
    const x0 = prev ? (isText ? prev.x1 + 1 : Math.max(prev.x1 + 1, col.x0 - 12)) : 0;
    const x1 = next ? (isText ? Math.max(col.x1, next.x0 - 1) : Math.max(col.x1, next.x0 - 1)) : col.x1 + 40;
    return { ...col, x0: Math.min(x0, col.x0), x1 };
  });
}

function isSectionHeading(cells: Cell[], text: string): boolean {
  const t = text.trim();
  if (cells.length !== 1 || t.length > 60 || !/[a-z\u0900-\u097f]/i.test(t)) return false;
  if (/\d{3,}/.test(t) && !findDate(t)) return false;
  const letters = t.replace(/[^a-z]/gi, '');
  const upper = letters.length > 0 && letters === letters.toUpperCase();
  return t.endsWith(':') || (upper && letters.length >= 3) || /^[\u0900-\u097f\s:]+$/.test(t);
}

function dateOnlyLine(text: string): string | null {
  const d = findDate(text);
  if (!d) return null;
  const rest = text.replace(d.match, ' ').replace(/\b(?:date|dated|on|day|service|\(?day\s*\d+\)?|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/gi, ' ').replace(/[\s:\-–,()|]+/g, '');
  return rest.length <= 2 ? d.iso : null;
}

function blankState(): State {
  return { section: null, sectionCategory: null, date: null, columns: null, columnsDelimited: false, record: null, lastItem: null, pendingDescription: null, blankSinceItem: true };
}

export function extractBill(doc: IngestedDocument): ExtractedBill {
  const lines: Line[] = doc.pages.flatMap((p) => p.lines.map((l) => ({ ...l, page: l.page ?? p.number })));
  const headerLines: Line[] = [];
  const tableHeadings = new Set<Line>();
  const items: BillItem[] = [];
  const warnings: string[] = [];
  const totals: BillTotals = { sub_total: null, discount: 0, gst: 0, stated_total: null, advance: 0, balance: null };
  const st = blankState();
  let roundOff = 0;
  let unreadLines = 0;

  const push = (row: ParsedRow, page: number, confidence: number, repairs: string[] = []): void => {
    if (items.length >= MAX_LINE_ITEMS) {
      throw new UserError('TOO_MANY_LINE_ITEMS', { file: doc.fileName, detail: `more than ${MAX_LINE_ITEMS.toLocaleString('en-IN')}, the limit; split the bill into parts` });
    }
    const quantity = row.quantity ?? 1;
    const unitPrice = row.rate ?? (row.quantity === null ? row.amount : null);
    const item: BillItem = {
      index: items.length + 1,
      description: row.description,
      quantity,
      unit_price: unitPrice,
      amount: row.amount,
      date: row.date ?? st.date,
      category: categorise(row.description, st.sectionCategory),
      page,
      section: st.section,
      mrp: row.mrp,
      confidence,
      repairs,
      ...(row.figuresPrinted ? { figuresPrinted: true } : {}),
    };
    items.push(item);
    st.lastItem = item;
    st.blankSinceItem = false;
  };

  const closeRecord = (): void => {
    const r = st.record;
    st.record = null;
    if (!r) return;
    let amount = r.amount;
    if (amount === null && r.rate !== null) amount = Math.round(r.rate * (r.quantity ?? 1) * 100) / 100;
    if (amount === null) {
      warnings.push(`"${r.description}" has no amount and was left out`);
      unreadLines++;
      return;
    }
    const inner = quantityFromDescription(r.description);
    push({
      description: inner.description,
      quantity: r.quantity ?? inner.quantity,
      rate: r.rate ?? inner.rate ?? (r.quantity ? Math.round((amount / r.quantity) * 100) / 100 : null),
      figuresPrinted: r.amount !== null && (r.rate !== null || (inner.rate !== null && inner.quantity !== null)),
      amount,
      mrp: r.mrp,
      date: r.date,
      code: null,
      how: 'shape',
    }, r.page, r.confidence);
  };

  for (const line of lines) {
    const cells = line.cells.filter((c) => c.text.trim() !== '');
    const text = line.text.trim();
    if (cells.length === 0 || text === '') {
      closeRecord();
      st.pendingDescription = null;
      st.blankSinceItem = true;
      continue;
    }
    if (SEPARATOR_LINE.test(text) || (cells.length === 1 && SEPARATOR_LINE.test(cells[0]!.text))) continue;
    const conf = lineConfidence(line);

    // A block record's "Label: value" lines.
    const label = cells.length <= 2 ? RECORD_LABEL.exec(cells.map((c) => c.text).join(' ')) : null;
    if (label && (st.record || st.pendingDescription)) {
      if (!st.record) {
        const pending = st.pendingDescription!;
        st.record = { description: pending.text, page: pending.page, date: st.date, rate: null, quantity: null, amount: null, mrp: null, confidence: pending.confidence };
        st.pendingDescription = null;
      }
      const key = label[1]!.toLowerCase();
      const value = label[2]!.trim();
      const r = st.record;
      r.confidence = Math.min(r.confidence, conf);
      if (/date|दिनांक/.test(key)) r.date = findDate(value)?.iso ?? r.date;
      else if (/qty|quantity|unit(?!\s*price)|मात्रा/.test(key) && !/price/.test(key)) r.quantity = parseQuantity(value) ?? parseAmount(value) ?? r.quantity;
      else if (/mrp/.test(key)) r.mrp = parseAmount(value);
      else if (/rate|price|दर/.test(key)) r.rate = parseAmount(value);
      else r.amount = parseAmount(value) ?? r.amount;
      continue;
    }
    closeRecord();

    if (NOISE_LINES.test(text)) { st.pendingDescription = null; continue; }

    const columns = headerColumns(line.cells);
    if (columns) {
      tableHeadings.add(line);
      st.columns = columns;
      st.columnsDelimited = !!line.delimited;
      st.pendingDescription = null;
      continue;
    }

    const total = totalLine(line.cells);
    if (total) {
      st.pendingDescription = null;
      st.lastItem = null;
      switch (total.kind) {
        case 'sub_total': totals.sub_total = total.amount; break;
        case 'discount': totals.discount += total.amount; break;
        case 'gst': totals.gst += total.amount; break;
        case 'stated_total':
          // "Total 4,900 / Discount 490 / Net Amount 4,410": the first, larger total was the gross.
          if (totals.stated_total !== null && totals.sub_total === null && total.amount < totals.stated_total) totals.sub_total = totals.stated_total;
          totals.stated_total = total.amount;
          break;
        case 'advance': case 'paid': totals.advance += total.amount; break;
        case 'balance': totals.balance = total.amount; break;
        case 'round_off': roundOff += total.amount; break;
        default: break;
      }
      continue;
    }
    if (isHeaderFieldLine(line)) { headerLines.push(line); st.pendingDescription = null; continue; }

    const onlyDate = cells.length <= 2 ? dateOnlyLine(text) : null;
    if (onlyDate) { st.date = onlyDate; st.pendingDescription = null; continue; }

    let row: ParsedRow | null = null;
    if (st.columns) row = parseRowByColumns(line.cells, st.columns, st.columnsDelimited && !!line.delimited);
    row ??= parseRowByShape(line.cells);
    if (row) {
      st.pendingDescription = null;
      push(row, line.page, conf * (row.how === 'columns' ? 1 : 0.95));
      continue;
    }
    // A scanned line among the items that ends in an amount but whose words OCR could not read
    // ("7-\ =| Rs. 145.00"): kept as a line, so the totals still add up, and never accused.
    const unreadable = line.confidence !== undefined && items.length > 0 ? unreadableItem(cells) : null;
    if (unreadable) {
      st.pendingDescription = null;
      push({ ...unreadable, quantity: null, rate: null, mrp: null, date: null, code: null, how: 'shape' }, line.page, Math.min(conf, UNREADABLE_LINE_CONFIDENCE));
      warnings.push(`line ${items.length}: its description could not be read on the scan ("${unreadable.description}"); its amount ₹${unreadable.amount.toFixed(2)} is kept`);
      unreadLines++;
      continue;
    }

    // A line of words only: a wrapped description, a section heading, or the name of a block record.
    if (st.lastItem && !st.blankSinceItem && isContinuation(line, st)) {
      st.lastItem.description = tidy(`${st.lastItem.description} ${cells.map((c) => c.text).join(' ')}`);
      st.lastItem.category = categorise(st.lastItem.description, st.sectionCategory);
      continue;
    }
    const inBody = st.columns !== null || items.length > 0 || text.endsWith(':') || sectionCategory(text) !== null;
    if (inBody && isSectionHeading(cells, text) && !/^\s*\d+[.)]\s/.test(text)) {
      st.section = tidy(text.replace(/:$/, ''));
      st.sectionCategory = sectionCategory(st.section);
      st.pendingDescription = null;
      st.lastItem = null;
      continue;
    }
    st.pendingDescription = { text: tidy(stripSerial(cells.map((c) => c.text).join(' '))), page: line.page, confidence: conf };
    st.lastItem = null;
  }
  closeRecord();

  let confidence = items.length ? Math.min(1, items.reduce((s, i) => s + i.confidence, 0) / items.length) : 0;
  if (items.length === 0) {
    const fromWords = itemsFromWords(lines.map((l) => l.text).join(' '));
    if (fromWords.items.length) {
      for (const w of fromWords.items) push({ ...w, quantity: 1, rate: w.amount, mrp: null, date: null, code: null, how: 'shape' }, 1, 0.4);
      if (fromWords.total !== null) totals.stated_total = fromWords.total;
      confidence = 0.4;
      warnings.push('amounts were read from words: the bill has no figures, so every line is a best guess');
    }
  }
  if (roundOff !== 0) warnings.push(`the bill rounds off ₹${roundOff.toFixed(2)}`);
  if (totals.stated_total === null && totals.sub_total !== null && totals.discount === 0) totals.stated_total = totals.sub_total;
  // Pages read by OCR: figures whose ₹ was read as a digit, put right by the bill's own arithmetic.
  if (doc.ocrConfidence !== null && items.length > 0) {
    warnings.push(...repairOcrFigures({ items, totals }));
    confidence = Math.min(1, items.reduce((s, i) => s + i.confidence, 0) / items.length);
  }
  const header = extractHeader(lines.filter((l) => !tableHeadings.has(l)), headerLines);
  const languages = detectLanguages(lines);
  return { header, items, totals, confidence, languages, warnings, unreadLines };
}

/** A wrapped description: words only, lying within the description column (or indented under the item). */
/** Confidence of a line whose amount was read but not its description. */
const UNREADABLE_LINE_CONFIDENCE = 0.3;

/** The amount at the end of an OCR line whose other words hold no word of three letters. */
function unreadableItem(cells: Cell[]): { description: string; amount: number } | null {
  const split = splitTrailingAmount(cells).filter((c) => c.text.trim() !== '');
  if (split.length < 2) return null;
  const amount = parseAmount(split.at(-1)!.text);
  if (amount === null || !(amount > 0)) return null;
  const rest = split.slice(0, -1).map((c) => c.text).join(' ').replace(/\b(?:rs\.?|inr)\s*$/i, '').replace(/₹\s*$/, '').trim();
  if (/\p{L}{3,}/u.test(rest)) return null;
  return { description: rest || '?', amount };
}

function isContinuation(line: Line, st: State): boolean {
  const cells = line.cells.filter((c) => c.text.trim() !== '');
  const text = cells.map((c) => c.text).join(' ');
  if (/[:]$/.test(text) || RECORD_LABEL.test(text) || NOISE_LINES.test(text)) return false;
  if (st.columns) {
    const desc = st.columns.find((c) => c.role === 'description');
    if (!desc) return false;
    if (line.delimited && st.columnsDelimited) {
      return line.cells.every((c, i) => c.text.trim() === '' || i === desc.index);
    }
    return cells.every((c) => c.x0 >= desc.x0 - 2 && c.x1 <= desc.x1 + 2);
  }
  // Without headings: a lower-case start or an opening parenthesis continues the line above.
  return /^[a-z(&,/]/.test(text) && text.length < 60;
}

function detectLanguages(lines: Line[]): string[] {
  let latin = 0;
  let devanagari = 0;
  for (const l of lines) {
    const text = l.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
      else if (c >= 0x0900 && c <= 0x097f) devanagari++;
    }
  }
  const langs: string[] = [];
  if (latin > 0 || devanagari === 0) langs.push('en');
  if (devanagari > 20) langs.push('hi');
  return langs;
}

export { nearlyEqual };
