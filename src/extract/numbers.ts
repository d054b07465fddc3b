// Amounts, quantities and dates as Indian bills print them.

const CURRENCY = /(?:₹|\brs\.?|\binr\b|rupees?|रुपये|रुपए|रु\.?|रू\.?)/gi;
/** 1,01,937.00 · 101937 · 1,220 · 350/- · 2.5 · (1,000.00) */
const AMOUNT_BODY = /^\(?-?\d{1,3}(?:,\d{2,3})+(?:\.\d{1,2})?\)?$|^\(?-?\d+(?:\.\d{1,3})?\)?$/;

const AMOUNT_WORDS = new Set(['rs', 'inr', 'rupee', 'rupees', 'only', 'dr', 'cr', 'रु', 'रू', 'रुपये', 'रुपए']);
const PLAIN_AMOUNT = /^\d{1,3}(?:,\d{2,3})+(?:\.\d{1,2})?$|^\d+(?:\.\d{1,3})?$/;

/** Parses a money cell: "₹1,01,937.00", "Rs. 2,000", "INR 500", "350/-", "1,220.00 Cr". Null when it is not an amount. */
export function parseAmount(raw: string): number | null {
  if (!/\d/.test(raw)) return null; // most cells are words: no need for the clean-up below
  // A cell is read at several stages (totals, columns, shapes): remember the answers.
  const known = amountMemo.get(raw);
  if (known !== undefined) return known;
  if (amountMemo.size >= AMOUNT_MEMO_SIZE) amountMemo.clear();
  const value = readAmount(raw);
  amountMemo.set(raw, value);
  return value;
}

const AMOUNT_MEMO_SIZE = 20_000;
const amountMemo = new Map<string, number | null>();

function readAmount(raw: string): number | null {
  // The common cell is a plain amount ("2,500.00", "350"): read it without the clean-up.
  if (PLAIN_AMOUNT.test(raw)) return Math.round(Number(raw.replace(/,/g, '')) * 100) / 100;
  // A word other than a currency or Dr/Cr mark ("500mg Tablet") can never be left by the clean-up.
  const words = raw.match(/[a-z\u0900-\u097f]+/gi);
  if (words && words.some((w) => !AMOUNT_WORDS.has(w.toLowerCase()))) return null;
  let s = raw.trim().replace(CURRENCY, '').replace(/\/-\s*$/, '').replace(/\s+(?:only|dr|cr)\.?$/i, '').replace(/\s+/g, '');
  s = s.replace(/[:=]$/, '').replace(/^[:=]/, '');
  if (s === '' || !AMOUNT_BODY.test(s)) return null;
  const negative = s.startsWith('(') || s.startsWith('-');
  const value = Number(s.replace(/[(),-]/g, ''));
  if (!Number.isFinite(value)) return null;
  return Math.round((negative ? -value : value) * 100) / 100;
}

/** Whether a cell looks like money (has a currency mark, decimals or Indian grouping) rather than a bare count. */
export function looksLikeMoney(raw: string): boolean {
  return /₹|\brs\b|\binr\b|\/-|\d\.\d{2}\b|\d,\d{2,3}/i.test(raw);
}

export function parseQuantity(raw: string): number | null {
  const m = raw.trim().match(/^(\d+(?:\.\d+)?)\s*(?:nos?\.?|units?|pcs?|x|days?|strips?|tabs?|caps?|vials?|amps?|bottles?|sachets?|'?s)?$/i);
  if (!m) return null;
  const q = Number(m[1]);
  return Number.isFinite(q) && q > 0 && q < 100000 ? q : null;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12 };

function iso(y: number, m: number, d: number): string | null {
  if (y < 100) y += 2000;
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const DATE_PATTERN = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b|\b(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{2,4})\b|\b(\d{1,2})[\s\-]*(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*[\s,\-']*(\d{2,4})\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/i;

/** Finds the first date in a string (Indian day-first order for dd/mm/yyyy) and returns it as YYYY-MM-DD. */
export function findDate(raw: string): { iso: string; match: string } | null {
  const m = DATE_PATTERN.exec(raw);
  if (!m) return null;
  let value: string | null = null;
  if (m[1]) value = iso(+m[1], +m[2]!, +m[3]!);
  else if (m[4]) {
    const a = +m[4];
    const b = +m[5]!;
    // Day first (Indian); month first only when the first number cannot be a month's day order.
    value = iso(+m[6]!, b, a) ?? (a <= 12 ? iso(+m[6]!, a, b) : null);
  } else if (m[7]) value = iso(+m[9]!, MONTHS[m[8]!.toLowerCase().slice(0, 3)]!, +m[7]);
  else if (m[10]) value = iso(+m[12]!, MONTHS[m[10].toLowerCase().slice(0, 3)]!, +m[11]!);
  return value ? { iso: value, match: m[0] } : null;
}

export function parseDate(raw: string): string | null {
  return findDate(raw)?.iso ?? null;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, lakh: 100000, lakhs: 100000, lac: 100000, crore: 10000000, crores: 10000000 };

export const NUMBER_WORD = new RegExp(`^(?:${[...Object.keys(UNITS), ...Object.keys(SCALES), 'and'].join('|')})$`, 'i');

/**
 * Reads an amount written in words: "six thousand nine hundred fifty" → 6950, "one fifty" → 150
 * (spoken Indian shorthand: "one fifty" is one hundred fifty). Null when the words are not a number.
 */
export function wordsToNumber(words: string[]): number | null {
  const ws = words.map((w) => w.toLowerCase()).filter((w) => w !== 'and');
  if (ws.length === 0 || !ws.every((w) => w in UNITS || w in SCALES)) return null;
  // Shorthand "one fifty" / "two twenty five": a unit followed by tens with no scale word.
  if (ws.length >= 2 && !ws.some((w) => w in SCALES) && UNITS[ws[0]!]! < 10 && UNITS[ws[1]!]! >= 10) {
    const rest = wordsToNumber(ws.slice(1));
    return rest === null ? null : UNITS[ws[0]!]! * 100 + rest;
  }
  let total = 0;
  let current = 0;
  for (const w of ws) {
    if (w in UNITS) current += UNITS[w]!;
    else {
      const scale = SCALES[w]!;
      if (scale === 100) current = (current || 1) * 100;
      else { total += (current || 1) * scale; current = 0; }
    }
  }
  return total + current;
}
