// Reading the CGHS rate-list text extraction: blank-line separated cells → classified tokens.
//
// The extraction walks the PDF table cell by cell. A row is normally "code name" (or "code" and
// "name" as two cells) followed by the Non-NABH and the NABH rate cells. Around page breaks the
// extractor repeats the page header ("CGHS TREATMENT / PROCEDURE/INVESTIGATION LIST", column
// titles), prints section titles, and moves the Sr. No. and name cells of multi-line rows to the
// end of the page while their rates stay in place. This module only classifies what each line is;
// cghs-parse.ts puts rows back together.

export type RateValue =
  | { kind: 'amount'; rupees: number; qualifier: string | null }
  | { kind: 'deleted' }
  | { kind: 'see'; code: string }
  | { kind: 'multi'; text: string };

export interface Cell {
  index: number;
  /** 1-based line of the source file where the cell starts. */
  line: number;
  lines: string[];
}

interface TokenBase {
  cell: number;
  /** 1-based source line. */
  line: number;
}
export type Token =
  | (TokenBase & { kind: 'rate'; value: RateValue; pairedInCell: boolean })
  | (TokenBase & { kind: 'code'; code: number; text: string | null; sub: number; bareCell: boolean })
  | (TokenBase & { kind: 'text'; text: string; sub: number })
  | (TokenBase & { kind: 'heading'; title: string })
  | (TokenBase & { kind: 'added'; date: string; label: string })
  | (TokenBase & { kind: 'note'; text: string })
  | (TokenBase & { kind: 'new-list'; label: string });

/** Splits the extraction into cells (runs of non-blank lines), remembering where each starts. */
export function splitCells(text: string): Cell[] {
  const cells: Cell[] = [];
  let current: string[] = [];
  let start = 0;
  const rawLines = text.replace(/\r\n?/g, '\n').split('\n');
  rawLines.forEach((raw, i) => {
    const line = raw.replace(/\f/g, '').replace(/\s+/g, ' ').trim();
    if (line === '') {
      if (current.length) cells.push({ index: cells.length, line: start, lines: current });
      current = [];
      return;
    }
    if (!current.length) start = i + 1;
    current.push(line);
  });
  if (current.length) cells.push({ index: cells.length, line: start, lines: current });
  return cells;
}

// ---- line kinds ---------------------------------------------------------------------------

const BOILERPLATE: RegExp[] = [
  /^CGHS package rate updated on\b/i,
  /^CITY\s*:/i,
  /^(Sr\.|No\.)$/,
  /^(Sr\.\s*)?CGHS TREATMENT( PROCEDURE ?\/?)?$/,
  /^(No\.\s*)?(PROCEDURE\/)?INVESTIGATION LIST( \(DELHI\/NCR\))?$/,
  /^\(DELHI\/NCR\)$/,
  /^Non ?NABH\/Non ?NABL Rates$/i,
  /^NABH\/NABL$/,
  /^NABH\/L$/,
  /^Rates$/i,
  /^rates in Rupee( mapped by Pathologist)?$/i,
  /^Rupee$/,
  /^Non NABH\/Non$/,
  /^NABL Rate in$/,
  /^Existing CGHS Specialties$/,
  /^mentioned in the CGHS rate list$/,
  /^Specialties under which to be$/,
  /^included$/,
];

export const isBoilerplate = (line: string): boolean => BOILERPLATE.some((re) => re.test(line));

/** Lines that open a section title. */
const HEADING_LEAD = [
  /^(Sr\.\s*)?TREATMENT PROCEDURE\b/i,
  /^(Sr\.\s*)?NAME OF INVESTIGATION\b/i,
  /^(Sr\.\s*)?LABORATORY ?(MEDICINE)? ?\//i,
  /^(Sr\.\s*)?LABORATORY MEDICINE\b/,
  /^(Sr\.\s*)?LIST OF PROCEDURES\b/i,
  /^(Sr\.\s*)?NUCLEAR MEDICINE\b/,
  /^TESTS IN [A-Z]/,
  /^Sr\.\s+[A-Z][A-Za-z ,/&-]+$/, // "Sr. USG, X-RAY , CT, MRI, BONE", "Sr. Head and neck cancer"
  /^NEUROLOGICAL( INVESTIGATIONS AND)?$/,
];

/** Sub-headings printed on a line of their own. */
const SUBHEADINGS = new Set([
  'Head and neck cancer', 'Biopsies', 'X-Ray', 'X-ray CONTRAST STUDIES', 'MAMMOGRAPHY', 'Computed Tomography (CT) Scan', 'MRI',
  'BONE DENSITOMETRY (DEXA SCAN)', 'HORMONES', 'OTHERS', 'Nutritional Markers', 'CEREBROSPINAL FLUID (CSF)', 'Cardiology',
  'Pulmonary', 'Gastro or Hepatobiliary',
]);

const isHeadingLead = (line: string): boolean => SUBHEADINGS.has(line) || HEADING_LEAD.some((re) => re.test(line));

/** A heading's second and later lines: capitals only ("AND", "GYNAECOLOGY", "No. SURGERY"). */
function isHeadingContinuation(line: string, headingSoFar: string): boolean {
  if (/^\d/.test(line)) return false;
  const stripped = line.replace(/^No\.\s*/, '');
  if (stripped !== '' && !/[a-z]/.test(stripped)) return true;
  // "Name of Investigation/ Tumour" + "Marker"
  return /[a-z]/.test(headingSoFar) && /^[A-Z][a-z]+$/.test(stripped) && !SUBHEADINGS.has(stripped);
}

export function cleanHeading(parts: string[]): string {
  return parts
    .join(' ')
    .replace(/Sr\.|No\./g, ' ')
    .replace(/\s*\/\s*/g, ' / ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,)])/g, '$1')
    .trim();
}

const ADDED_WEF = /^ADDED W\.?E\.?F\.? (\d{2})\.(\d{2})\.(\d{4})$/i;
const ADDED_VIDE = /^ADDED vide (.+?) dated (\d{2})\.(\d{2})\.(\d{4})$/i;
const NEW_LIST = /^NEW PROCE\w* ADDED W\.?E\.?F\.? (\d{2})\.(\d{2})\.(\d{4})$/i;
const WARD_NOTE = /^For all cat[ae]gories of ward\b/i;

// ---- rate cells ---------------------------------------------------------------------------

const AMOUNT = String.raw`(\d{1,3}(?:,\d{2,3})+|\d+)`;
const toRupees = (s: string): number => Number(s.replace(/,/g, ''));
const ONE_AMOUNT = new RegExp(`^${AMOUNT}$`);
const AMOUNT_QUALIFIED = new RegExp(`^${AMOUNT}\\s*(?:\\/-)?\\s*(per eye|both eyes?|\\(\\s*\\+\\s*Valve\\s*\\))$`, 'i');
const TWO_AMOUNTS_BOTH_EYES = new RegExp(`^${AMOUNT} (both eyes?) ${AMOUNT} both eyes?$`, 'i');
const TWO_AMOUNTS_INCLUDING = new RegExp(`^${AMOUNT}\\s*(?:\\/-)?\\s*including ${AMOUNT} including (.+)$`, 'i');
const FIRST_DAY = new RegExp(`^${AMOUNT} fir\\w* day and ${AMOUNT} for subsequent days$`, 'i');

/**
 * Reads a cell that holds rates (one or two). Bare numbers are not decided here (a bare number can
 * be a displaced Sr. No.); they come back as `bare`.
 */
export function readRateCell(text: string): { values: RateValue[]; bare: boolean } | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!/^(\d|Deleted|See|[A-Z]{2,5} ?-)/i.test(t)) return null;
  let m: RegExpMatchArray | null;
  if (ONE_AMOUNT.test(t)) return { values: [{ kind: 'amount', rupees: toRupees(t), qualifier: null }], bare: !t.includes(',') };
  if (/^Deleted$/i.test(t)) return { values: [{ kind: 'deleted' }], bare: false };
  if ((m = t.match(/^See code (\d{1,4})\b/i))) return { values: [{ kind: 'see', code: m[1]! }], bare: false };
  if ((m = t.match(AMOUNT_QUALIFIED))) {
    return { values: [{ kind: 'amount', rupees: toRupees(m[1]!), qualifier: normaliseQualifier(m[2]!) }], bare: false };
  }
  if ((m = t.match(TWO_AMOUNTS_BOTH_EYES))) {
    const q = normaliseQualifier(m[2]!);
    return { values: [{ kind: 'amount', rupees: toRupees(m[1]!), qualifier: q }, { kind: 'amount', rupees: toRupees(m[3]!), qualifier: q }], bare: false };
  }
  if ((m = t.match(TWO_AMOUNTS_INCLUDING))) {
    const q = `including ${m[3]!.replace(/\b(\w+) \1\b/g, '$1')}`;
    return { values: [{ kind: 'amount', rupees: toRupees(m[1]!), qualifier: q }, { kind: 'amount', rupees: toRupees(m[2]!), qualifier: q }], bare: false };
  }
  if ((m = t.match(FIRST_DAY))) {
    return { values: [{ kind: 'amount', rupees: toRupees(m[1]!), qualifier: `first day; ₹${m[2]} for each subsequent day` }], bare: false };
  }
  if (/^([A-Z]{2,5} ?- ?\d{1,3}(?:,\d{2,3})+ ?)+$/.test(t)) return { values: [{ kind: 'multi', text: t }], bare: false };
  return null;
}

function normaliseQualifier(q: string): string {
  if (/both/i.test(q)) return 'both eyes';
  if (/per eye/i.test(q)) return 'per eye';
  if (/valve/i.test(q)) return '+ cost of valve';
  return q;
}

/** Non-NABH and NABH rates of one row: equal (flat rates) or NABH about 15% higher. */
export function plausibleRatePair(a: number, b: number): boolean {
  if (a <= 0 || b <= 0) return false;
  const r = b / a;
  return r === 1 || (r >= 1.1 && r <= 1.3);
}

// ---- tokenizer ------------------------------------------------------------------------------

export interface TokenizeResult {
  tokens: Token[];
  /** Cells after the "new procedures" heading, whose Sr. Nos. restart at 1 (not CGHS codes). */
  newList: { label: string; cells: Cell[] } | null;
}

const CODE_BACK = 60;
const CODE_AHEAD = 25;

/**
 * Turns cells into tokens. `cur` follows the Sr. No. the table has reached, so that a bare number
 * close to it is read as a (displaced) Sr. No. and anything else as a rate.
 */
export function tokenize(cells: Cell[]): TokenizeResult {
  const tokens: Token[] = [];
  let cur = 0;
  let sub = 0;
  const inWindow = (n: number): boolean => n >= 1 && n >= cur - CODE_BACK && n <= cur + CODE_AHEAD;
  const seeCode = (n: number, jump = false): void => { if (n > cur && (jump || n <= cur + CODE_AHEAD)) cur = n; };
  /** A one-line "code name" cell followed by two rate cells is a row wherever the numbering is. */
  const rateCells = cells.map((c) => readRateCell(c.lines.join(' ')));
  const rateCell = (c: Cell | undefined): ReturnType<typeof readRateCell> => (c ? rateCells[c.index] ?? null : null);
  const rowFollows = (i: number): boolean => rateCell(cells[i + 1])?.values.length === 2 || (rateCell(cells[i + 1]) !== null && rateCell(cells[i + 2]) !== null);

  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const joined = cell.lines.join(' ');
    const rate = rateCells[i] ?? null;
    if (rate && rate.bare) {
      // A run of bare numbers: pair them as rates where they look like rates, else Sr. Nos.
      let j = i;
      const run: Cell[] = [];
      while (j < cells.length && rateCells[j]?.bare) run.push(cells[j++]!);
      const nums = run.map((c) => Number(c.lines[0]));
      let k = 0;
      while (k < nums.length) {
        const a = nums[k]!;
        const b = nums[k + 1];
        const pairable = b !== undefined && (plausibleRatePair(a, b) || (!inWindow(a) && !inWindow(b)));
        if (pairable) {
          for (const [n, c] of [[a, run[k]!], [b, run[k + 1]!]] as const) {
            tokens.push({ kind: 'rate', value: { kind: 'amount', rupees: n, qualifier: null }, pairedInCell: false, cell: c.index, line: c.line });
          }
          k += 2;
        } else if (inWindow(a)) {
          sub++;
          tokens.push({ kind: 'code', code: a, text: null, sub, bareCell: true, cell: run[k]!.index, line: run[k]!.line });
          seeCode(a);
          k += 1;
        } else {
          tokens.push({ kind: 'rate', value: { kind: 'amount', rupees: a, qualifier: null }, pairedInCell: false, cell: run[k]!.index, line: run[k]!.line });
          k += 1;
        }
      }
      i = j - 1;
      continue;
    }
    if (rate) {
      for (const value of rate.values) tokens.push({ kind: 'rate', value, pairedInCell: rate.values.length === 2, cell: cell.index, line: cell.line });
      continue;
    }
    if (WARD_NOTE.test(joined)) {
      tokens.push({ kind: 'note', text: joined, cell: cell.index, line: cell.line });
      continue;
    }
    // A text cell, line by line.
    sub++;
    const prev = tokens[tokens.length - 1];
    const afterBareCode = prev?.kind === 'code' && prev.bareCell ? prev.code : null;
    for (let li = 0; li < cell.lines.length; li++) {
      const line = cell.lines[li]!;
      const at = { cell: cell.index, line: cell.line + li };
      let m: RegExpMatchArray | null;
      if ((m = line.match(NEW_LIST))) {
        return { tokens, newList: { label: line, cells: cells.slice(i + 1) } };
      }
      if ((m = line.match(ADDED_WEF))) {
        tokens.push({ kind: 'added', date: `${m[3]}-${m[2]}-${m[1]}`, label: line, ...at });
        sub++;
        continue;
      }
      if ((m = line.match(ADDED_VIDE))) {
        tokens.push({ kind: 'added', date: `${m[4]}-${m[3]}-${m[2]}`, label: line, ...at });
        sub++;
        continue;
      }
      if (isBoilerplate(line)) {
        sub++;
        continue;
      }
      if (isHeadingLead(line)) {
        const parts = [line];
        while (li + 1 < cell.lines.length) {
          const next = cell.lines[li + 1]!;
          if (next === 'Sr.' || next === 'No.') { li++; continue; }
          if (SUBHEADINGS.has(line) || !isHeadingContinuation(next, parts.join(' '))) break;
          parts.push(next);
          li++;
        }
        tokens.push({ kind: 'heading', title: cleanHeading(parts), ...at });
        sub++;
        continue;
      }
      const bare = line.match(/^(\d{1,4})$/);
      const previousLine = li > 0 ? cell.lines[li - 1]! : '';
      if (bare) {
        const n = Number(bare[1]);
        if (/\bcode$/i.test(previousLine)) tokens.push({ kind: 'text', text: line, sub, ...at });
        else if (inWindow(n)) { tokens.push({ kind: 'code', code: n, text: null, sub, bareCell: false, ...at }); seeCode(n); }
        else tokens.push({ kind: 'rate', value: { kind: 'amount', rupees: n, qualifier: null }, pairedInCell: false, ...at });
        continue;
      }
      const inline = line.match(/^(\d{1,4}) (\S.*)$/);
      if (inline) {
        const n = Number(inline[1]);
        const nameOfPrecedingCode = li === 0 && afterBareCode !== null && n < afterBareCode;
        const startsRow = cell.lines.length === 1 && rowFollows(i);
        if ((inWindow(n) || startsRow) && !nameOfPrecedingCode) {
          tokens.push({ kind: 'code', code: n, text: inline[2]!, sub, bareCell: false, ...at });
          seeCode(n, startsRow);
          continue;
        }
      }
      tokens.push({ kind: 'text', text: line, sub, ...at });
    }
    sub++;
  }
  return { tokens, newList: null };
}
