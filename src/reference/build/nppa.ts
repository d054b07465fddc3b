// NPPA ceiling-price builder. Reads the NPPA "Compendium of Ceiling Prices of Scheduled
// Formulations" (Schedule-I, NLEM 2015; updated as on 10.08.2022) from its PDF text layer and
// writes data/nppa-2022-08-10.json: one row per priced formulation, plus the note-only entries.
//
// How the table is rebuilt from positioned text (pdfjs text items: string, x, y, width):
// - Columns: every table page repeats the header row ("Section of NLEM | Medicines | Dosage form
//   and strength | Unit/Pack size | Ceiling Price | S.O. No. | Date of notification"). Header
//   labels are centred in cells that tile the table, so from the table's left edge each cell
//   boundary follows as b[i+1] = 2·centre[i] − b[i]. Text in the medicine and dosage-form cells is
//   left-aligned a few points inside its cell, so each item is placed by its start x against
//   those boundaries (less a small padding).
// - Rows: items are grouped into lines by y. A line with a ceiling price, or with an NLEM item
//   number, starts a row (prices sit on a row's first line). Other lines continue the row above,
//   except a dosage-form line that starts a new, unpriced formulation: within a cell, wrapped
//   lines are exactly one leading apart (learnt from the document), while a new row is a little
//   closer, so the vertical gap plus the wording tell the two apart.
// - Headings ("2.1– Non-opioid analgesics…") set the NLEM section; full-width paragraphs under a
//   heading, text spanning the price columns (oxygen, heparin) and footnotes ("*Only for use…")
//   become notes, never prices.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NppaDataset, NppaNote, NppaRow } from '../types.ts';
import type { BuildReport } from './registry.ts';

export const NPPA_SOURCE_FILE = 'nppa/nppa_ceiling_prices_compendium_2022.pdf';
export const NPPA_EDITION = '2022-08-10';
export const NPPA_OUTPUT_NAME = `nppa-${NPPA_EDITION}.json`;
const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

// ───────────────────────────── PDF text extraction ─────────────────────────────

export interface PdfTextItem {
  str: string;
  /** Baseline origin, PDF points (y grows upwards). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfPageText {
  /** 1-based page number in the PDF file. */
  page: number;
  items: PdfTextItem[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

// pdfjs runs in a worker thread with Node's own module loader: the main thread stays free, and a
// TypeScript loader in the main thread (tsx in development and tests) is not asked to transform
// pdfjs's 2 MB of JavaScript on every run (which costs seconds).
const EXTRACT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const pdfjs = await import(workerData.pdfjsUrl);
  const doc = await pdfjs.getDocument({
    data: workerData.data,
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS, // 0: no font warnings ("TT: undefined function …")
  }).promise;
  try {
    const round2 = (n) => Math.round(n * 100) / 100;
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = [];
      for (const it of content.items) {
        if (!('str' in it) || !it.str.trim()) continue;
        items.push({ str: it.str, x: round2(it.transform[4]), y: round2(it.transform[5]), width: round2(it.width), height: round2(it.height) });
      }
      pages.push({ page: n, items });
      page.cleanup();
    }
    parentPort.postMessage({ pages });
  } finally {
    await doc.destroy();
  }
})().catch((error) => parentPort.postMessage({ error: error && error.message ? error.message : String(error) }));
`;

/** Positioned text of every page (whitespace-only items dropped), read with pdfjs-dist. */
export async function extractPdfText(data: Uint8Array): Promise<PdfPageText[]> {
  const pdfjsUrl = pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  const worker = new Worker(EXTRACT_WORKER, { eval: true, execArgv: [], workerData: { pdfjsUrl, data: new Uint8Array(data) } });
  try {
    return await new Promise<PdfPageText[]>((resolve, reject) => {
      worker.once('message', (msg: { pages?: PdfPageText[]; error?: string }) =>
        msg.pages ? resolve(msg.pages) : reject(new Error(`PDF text extraction failed: ${msg.error ?? 'unknown error'}`)),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`PDF text extraction stopped (exit code ${code})`)));
    });
  } finally {
    await worker.terminate();
  }
}

// ───────────────────────────── text normalisation ─────────────────────────────

/** Whitespace collapsed, the font's "©" read as "(C)", unbalanced curly quotes dropped. */
export function cleanText(text: string): string {
  let t = text.replace(/©/g, '(C)').replace(/\s+/g, ' ').trim();
  const opens = (t.match(/[“]/g) ?? []).length;
  const closes = (t.match(/[”]/g) ?? []).length;
  if (opens !== closes) t = t.replace(/[“”]/g, '').trim();
  return t;
}

/** Joins the lines of a wrapped cell: no space after "(" or after a hyphen/slash glued to a word. */
export function joinWrapped(parts: readonly string[]): string {
  let out = '';
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    if (!out) out = part;
    else if (/\($/.test(out) || /\S[-/]$/.test(out)) out += part;
    else out += ' ' + part;
  }
  return cleanText(out);
}

/** Dosage-form words that begin a formulation cell ("Tablet 15 mg", "Oral liquid …", "As licensed"). */
const FORM_START = new RegExp(
  '^(?:\\d+\\s+)?(?:tablets?|capsules?|injection|oral|drops?|eye\\s+drops?|nasal|powder|solution|cream|ointment|gel|lotion|' +
    'suppository|pessary|inhalation|respirator|syrup|dry\\s+syrup|dispersible|effervescent|sublingual|sr|cr|er|depot|sachet|' +
    'granules|suspension|paint|scrub|jelly|crystals|combi|topical|topial|as\\s+licen[cs]ed|as\\s+per|containing|contains|vaccine|' +
    'retention|enema|spray)(?![a-z])',
  'i',
);
export const isFormStart = (text: string): boolean => FORM_START.test(text.trim());

/**
 * Normalised dosage form from the printed "dosage form and strength" (and, when that names no
 * form, the medicine or the unit): tablet | capsule | injection | infusion | oral liquid | syrup |
 * suspension | drops | cream | ointment | gel | lotion | inhalation | respirator solution | …
 * Returns null when nothing names a form.
 */
export function normaliseDosageForm(formStrength: string, medicine = '', unit = ''): string | null {
  const f = formStrength.toLowerCase();
  const u = unit.toLowerCase();
  if (/combi\s*pack/.test(f) || /combi\s*pack/.test(u)) return 'combi pack';
  const rules: Array<[RegExp, string]> = [
    [/powder for (?:i\.?\s*v\.?\s*)?injection/, 'injection'],
    [/powder for oral/, 'powder'],
    [/solution for infusion|\binfusion\b/, 'infusion'],
    [/respirator solution|nebuli[sz]er/, 'respirator solution'],
    [/inhalation/, 'inhalation'],
    [/nasal spray/, 'nasal spray'],
    [/\bdrops?\b/, 'drops'],
    [/granules/, 'granules'],
    [/injection/, 'injection'],
    [/tablet/, 'tablet'],
    [/capsule/, 'capsule'],
    [/syrup/, 'syrup'],
    [/oral\s+(?:liquid|liqiud|solution)/, 'oral liquid'],
    [/suspension/, 'suspension'],
    [/suppository/, 'suppository'],
    [/pessary/, 'pessary'],
    [/cream/, 'cream'],
    [/ointment/, 'ointment'],
    [/\bgel\b/, 'gel'],
    [/lotion/, 'lotion'],
    [/\bpaint\b/, 'paint'],
    [/\bscrub\b/, 'scrub'],
    [/jelly/, 'jelly'],
    [/sachet/, 'sachet'],
    [/crystals/, 'crystals'],
    [/powder/, 'powder'],
    [/solution/, 'solution'],
    [/topi(?:c)?al/, 'topical'],
    [/vaccine/, 'vaccine'],
  ];
  for (const [re, form] of rules) if (re.test(f)) return form;
  const m = medicine.toLowerCase();
  const byMedicine: Array<[RegExp, string]> = [
    [/stent/, 'stent'],
    [/\biud\b/, 'iud'],
    [/vaccine/, 'vaccine'],
    [/immunoglobulin|antitoxin|antiserum/, 'injection'],
    [/dialysis/, 'solution'],
  ];
  for (const [re, form] of byMedicine) if (re.test(m)) return form;
  if (/^(?:\d+(?:\.\d+)?\s*)?(?:gm?|grams?)$/.test(u)) return 'powder';
  if (/^(?:\d+(?:\.\d+)?\s*)?ml$/.test(u)) return 'liquid';
  return null;
}

const UNIT_WORD =
  '(?:mg\\s*iodine|mcg|µg|mg|gm|g|kg|ml|iu|ku|lac\\s+units|units?|%\\s*w\\s*/\\s*[vw]|%)';
const NUM = '\\d+(?:\\.\\d+)?';
const QTY = `(?:${NUM}\\s*:\\s*${NUM}|${NUM}(?:\\s*-\\s*${NUM})?\\s*${UNIT_WORD}(?![a-z])(?:\\s*(?:of\\s+)?elemental\\s+iron)?)`;
const BARE = `${NUM}(?!\\s*[a-z])`;
const LABEL = '(?:\\s*\\(\\s*[A-E]\\s*\\))';
const PER = `(?:\\s*/\\s*(?:${NUM}\\s*)?(?:ml|dose|gm|g)(?![a-z]))`;
const PAREN_QTY = `(?:\\s*\\(\\s*${QTY}${PER}?\\s*\\))`;
const TERM = `(?:${QTY}|${BARE})${PAREN_QTY}?${LABEL}?${PER}?${LABEL}?`;
const STRENGTH_RE = new RegExp(`(?:up\\s+to\\s+)?${QTY}${PAREN_QTY}?${LABEL}?${PER}?${LABEL}?(?:\\s*(?:\\+|with|to)\\s*${TERM})*${PER}?`, 'i');

const formatNumber = (n: string): string => {
  const v = Number(n);
  return Number.isFinite(v) ? String(v) : n;
};

/** Removes digit-group commas from whole numbers: "15,00,000" → "1500000", "750,000" → "750000". */
const ungroup = (text: string): string =>
  text.replace(/(?<![\d.,])\d{1,3}(?:,\d{2,3})*,\d{3}(?![\d,])/g, (m) => m.replace(/,/g, ''));

/**
 * The strength named in a dosage-form cell, normalised: "Tablet 500 mg" → "500 mg",
 * "Injection 20 mg/2ml" → "20 mg/2 ml", "Injection 1000 IU/ml" → "1000 IU/ml",
 * "Tablet 500 mg (A) + 125 mg (B)" → "500 mg (A) + 125 mg (B)", "Drops 0.30%" → "0.3%".
 * Null when the cell gives no strength ("Inhalation", "As licensed").
 */
export function normaliseStrength(formStrength: string, dosageForm: string | null = null): string | null {
  const text = ungroup(cleanText(formStrength));
  if (dosageForm === 'combi pack') return /\d/.test(text) ? tidyStrength(text.replace(/(\S)\(/g, '$1 (')) : null;
  const m = STRENGTH_RE.exec(text);
  return m ? tidyStrength(m[0]) : null;
}

/** Spacing and unit spelling of a strength: "20 mg/ 5ml" → "20 mg/5 ml", "0.30 %" → "0.3%". */
function tidyStrength(span: string): string {
  let s = span;
  s = s.replace(/(\d)\s*(mg\s*iodine|mcg|µg|mg|gm|g|kg|ml|iu|ku|lac\s+units|units?)(?![a-z])/gi, (_, d: string, u: string) => `${d} ${unitCase(u)}`);
  s = s.replace(/\s*%\s*w\s*\/\s*([vw])/gi, (_, x: string) => `% w/${x.toLowerCase()}`);
  s = s.replace(/\s+%/g, '%');
  s = s.replace(/\s*\/\s*(?:(\d+(?:\.\d+)?)\s*)?(ml|dose|gm|g)(?![a-z])/gi, (_, n: string | undefined, u: string) => `/${n ? `${formatNumber(n)} ` : ''}${unitCase(u)}`);
  s = s.replace(/\s*\(\s*([A-E])\s*\)/g, ' ($1)');
  s = s.replace(/\s*\+\s*/g, ' + ');
  s = s.replace(/\s*:\s*/g, ':');
  s = s.replace(/\d+\.\d+/g, formatNumber);
  s = s.replace(/\(\s+/g, '(').replace(/\s+\)/g, ')');
  return s.replace(/\s+/g, ' ').trim();
}

function unitCase(u: string): string {
  const l = u.toLowerCase().replace(/\s+/g, ' ');
  if (l === 'iu' || l === 'ku') return l.toUpperCase();
  if (l === 'gm') return 'g';
  if (l.startsWith('mg') && l.includes('iodine')) return 'mg iodine';
  if (l === 'µg') return 'mcg';
  return l;
}

const COUNTABLE = new Set(['tablet', 'capsule', 'suppository', 'pessary', 'stent', 'iud', 'vial', 'ampoule', 'sachet', 'dose']);

/**
 * The unit/pack a ceiling price is for, as the thing counted and how many of it:
 * "1 Tablet" → tablet × 1, "10 ml" → ml × 10, "Each Pack (10 ml)" → ml × 10, "1 Vial"/"Each Vial"
 * → vial × 1, "Each Pack" → pack × 1, "Each" → each × 1, "1 gm" → g × 1, "Per Metered Dose" →
 * dose × 1, "Cubic Meter" → cubic metre × 1. Null when the unit is not understood.
 */
export function normaliseUnit(unit: string, dosageForm: string | null = null): { per: string; per_quantity: number } | null {
  const u = cleanText(unit).toLowerCase().replace(/\s*\(\s*/g, ' (').replace(/\s*\)/g, ')');
  const num = (s: string): number => Number(s);
  let m: RegExpExecArray | null;
  const noun = (w: string): string => {
    if (/capsule/.test(w)) return 'capsule';
    if (/dose/.test(w)) return 'dose';
    return w.replace(/s$/, '');
  };
  const things = 'tablets?|(?:soft\\s+gelatin\\s+)?capsules?|suppository|suppositories|pessary|pessaries|iuds?|(?:metered\\s+)?doses?|vials?|ampoules?|sachets?|stents?';
  if ((m = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s+(${things})$`).exec(u))) return { per: noun(m[2]!), per_quantity: num(m[1]!) };
  if ((m = new RegExp(`^(?:each|per|one)\\s+(${things})$`).exec(u))) return { per: noun(m[1]!), per_quantity: 1 };
  if ((m = /^(?:per\s+)?(\d+(?:\.\d+)?)\s*(ml|gm|g)$/.exec(u))) return { per: m[2] === 'ml' ? 'ml' : 'g', per_quantity: num(m[1]!) };
  if (/^1\s*(?:gm|g)\s+or\s+1\s*ml$/.test(u)) return { per: 'g or ml', per_quantity: 1 };
  if ((m = /^(?:each|per)\s+pack\s+\((\d+(?:\.\d+)?)\s*ml\)$/.exec(u))) return { per: 'ml', per_quantity: num(m[1]!) };
  if ((m = /^(?:per\s+)?(\d+(?:\.\d+)?)\s*ml\s+pack$/.exec(u))) return { per: 'ml', per_quantity: num(m[1]!) };
  if ((m = /^(\d+(?:\.\d+)?)\s*ml\s+(?:non-?\s*)?glass\b/.exec(u))) return { per: 'ml', per_quantity: num(m[1]!) };
  if (/^(?:each|per|one|1)\s+pack$/.test(u) || /^combi\s+pack$/.test(u)) return { per: 'pack', per_quantity: 1 };
  if (/^cubic\s+met(?:er|re)$/.test(u)) return { per: 'cubic metre', per_quantity: 1 };
  if (/^per\s+mg\s+of\b/.test(u)) return { per: 'mg', per_quantity: 1 };
  if (/^each$/.test(u)) return { per: 'each', per_quantity: 1 };
  if ((m = /^(\d+)$/.exec(u))) return { per: dosageForm && COUNTABLE.has(dosageForm) ? dosageForm : 'each', per_quantity: num(m[1]!) };
  return null;
}

/** "30.03.2022" → "2022-03-30"; null when not a valid dd.mm.yyyy date. */
export function parseIndianDate(text: string): string | null {
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[3]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const PRICE_RE = /^\d{1,3}(?:,\d{2,3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$/;
const ITEM_NO_RE = /^\d+(?:\.\d+)+$/;
const HEADING_RE = /^(?:section\s*)?(\d+(?:\.\d+)*)\s*[–—-]\s*(\S.*)$/i;
const SUB_LABEL_RE = /^([a-z])\)\s*(.*)$/;

// ───────────────────────────── page layout ─────────────────────────────

const C_NO = 0;
const C_MED = 1;
const C_FORM = 2;
const C_UNIT = 3;
const C_PRICE = 4;
const C_SO = 5;
const C_DATE = 6;
const N_COLS = 7;

const HEADER_LABELS: readonly RegExp[] = [
  /^section of$/i,
  /^medicines?$/i,
  /^dosage form/i,
  /^unit\s*\/\s*pack/i,
  /^ceiling price/i,
  /^s\.\s*o\.\s*no/i,
  /^date of notification/i,
];
/** Left-aligned cell text starts this far inside its cell; cell starts are moved left by it. */
const CELL_PADDING = 3;
/** Items whose baselines differ by less than this share a line (unit cells sit 1.6 pt higher). */
const LINE_TOLERANCE = 2.5;

export interface PageLayout {
  /** x from which each of the 7 columns starts (column 0 from −∞). */
  starts: number[];
  tableLeft: number;
  tableRight: number;
  /** Items at or above this y are the page header. */
  top: number;
  /** Items at or below this y are the page footer ("Note : …"); −∞ when none. */
  bottom: number;
}

/** Column x-ranges learnt from the page's header row; null when the page has no table header. */
export function findLayout(items: readonly PdfTextItem[]): PageLayout | null {
  const anchor = items.find((i) => HEADER_LABELS[1]!.test(i.str.trim()));
  if (!anchor) return null;
  const labels = HEADER_LABELS.map((re) => items.find((i) => re.test(i.str.trim()) && Math.abs(i.y - anchor.y) <= 3));
  if (labels.some((l) => !l)) return null;
  const found = labels as PdfTextItem[];
  const centres = found.map((l) => l.x + l.width / 2);
  const edges = [found[0]!.x - 1];
  for (let i = 0; i < N_COLS; i++) edges.push(2 * centres[i]! - edges[i]!);
  for (let i = 0; i < N_COLS; i++) if (!(edges[i]! < centres[i]! && centres[i]! < edges[i + 1]!)) return null;
  const starts = edges.slice(0, N_COLS).map((e, i) => (i === 0 ? -Infinity : e - CELL_PADDING));
  let top = anchor.y;
  for (const i of items) {
    if (i.y < anchor.y && anchor.y - i.y <= 30 && /^\(\d\)$|^NLEM$|^\(Rs\.?\)$/i.test(i.str.trim())) top = Math.min(top, i.y);
  }
  const note = items.find((i) => /^note\s*:?$/i.test(i.str.trim()) && i.x < starts[C_MED]! && i.y < top);
  return { starts, tableLeft: edges[0]!, tableRight: edges[N_COLS]!, top, bottom: note ? note.y : -Infinity };
}

const columnOf = (x: number, layout: PageLayout): number => {
  let col = 0;
  for (let i = 1; i < N_COLS; i++) if (x >= layout.starts[i]!) col = i;
  return col;
};

interface Cell {
  text: string;
  x: number;
  y: number;
  right: number;
  /** Text that runs on across the price columns: a note, not a unit. */
  spans: boolean;
}

interface Line {
  y: number;
  items: PdfTextItem[];
}

function groupLines(items: readonly PdfTextItem[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    if (last && last.y - it.y <= LINE_TOLERANCE) last.items.push(it);
    else lines.push({ y: it.y, items: [it] });
  }
  for (const l of lines) l.items.sort((a, b) => a.x - b.x);
  return lines;
}

/** Splits an item that starts in the medicine column and runs into the dosage-form column. */
function splitOverflow(it: PdfTextItem, layout: PageLayout): PdfTextItem[] {
  const boundary = layout.starts[C_FORM]!;
  if (columnOf(it.x, layout) !== C_MED || it.x + it.width <= boundary + CELL_PADDING) return [it];
  const s = it.str;
  let best: { at: number; dist: number } | null = null;
  for (let i = 1; i < s.length; i++) {
    if (s[i - 1] !== ' ' || s[i] === ' ') continue;
    if (!isFormStart(s.slice(i))) continue;
    const xi = it.x + (it.width * i) / s.length;
    const dist = Math.abs(xi - boundary);
    if (!best || dist < best.dist) best = { at: i, dist };
  }
  if (!best) return [it];
  const cut = it.x + (it.width * best.at) / s.length;
  return [
    { ...it, str: s.slice(0, best.at).trimEnd(), width: cut - it.x },
    { ...it, str: s.slice(best.at), x: Math.max(cut, boundary), width: it.x + it.width - cut },
  ];
}

function cellsOf(line: Line, layout: PageLayout): Array<Cell | null> {
  const cells: Array<Cell | null> = new Array<Cell | null>(N_COLS).fill(null);
  for (const raw of line.items) {
    for (const it of splitOverflow(raw, layout)) {
      const col = columnOf(it.x, layout);
      const right = it.x + it.width;
      const spans = col === C_UNIT && right > layout.starts[C_SO]!;
      const prev = cells[col];
      if (prev) {
        prev.text = `${prev.text} ${it.str}`;
        prev.right = Math.max(prev.right, right);
        prev.spans ||= spans;
      } else {
        cells[col] = { text: it.str, x: it.x, y: it.y, right, spans };
      }
    }
  }
  for (const c of cells) if (c) c.text = cleanText(c.text);
  return cells;
}

/**
 * The line spacing inside a wrapped cell, learnt from lines that can only be continuations
 * (they start in lower case or with "(" or "+"): the most common gap to the form line above.
 */
export function learnLeading(pages: readonly PdfPageText[]): number {
  const counts = new Map<number, number>();
  const heights: number[] = [];
  for (const p of pages) {
    const layout = findLayout(p.items);
    if (!layout) continue;
    let lastFormY: number | null = null;
    for (const line of groupLines(p.items.filter((i) => i.y < layout.top && i.y > layout.bottom))) {
      const cells = cellsOf(line, layout);
      const form = cells[C_FORM];
      if (!form) continue;
      heights.push(line.items[0]!.height);
      if (lastFormY !== null && !cells[C_PRICE] && /^[a-z(+]/.test(form.text)) {
        const gap = round2(lastFormY - form.y);
        counts.set(gap, (counts.get(gap) ?? 0) + 1);
      }
      lastFormY = form.y;
    }
  }
  let best: [number, number] | null = null;
  for (const [gap, n] of [...counts].sort((a, b) => a[0] - b[0])) if (!best || n > best[1]) best = [gap, n];
  if (best && best[1] >= 3) return best[0];
  heights.sort((a, b) => a - b);
  return round2((heights[Math.floor(heights.length / 2)] ?? 8.7) * 1.31);
}

// ───────────────────────────── rows ─────────────────────────────

interface RowBuf {
  page: number;
  section: string;
  itemNo: string | null;
  med: string[];
  form: string[];
  unit: string[];
  price: string | null;
  so: string | null;
  date: string | null;
}

interface NoteBuf {
  page: number;
  section: string;
  /** The row the note belongs to; null for a section-level paragraph. */
  owner: RowBuf | null;
  /** Note text printed across the unit and price columns of its own row. */
  inRow: boolean;
  lines: string[];
}

export interface NppaSkip {
  reason: string;
  count: number;
  examples: string[];
}

export interface NppaParseResult {
  rows: NppaRow[];
  notes: NppaNote[];
  skipped: NppaSkip[];
  warnings: string[];
  /** Footnotes printed on every table page ("Ceiling Prices are effective from 1st April 2022 …"). */
  pageNotes: string[];
  /** Pages (1-based) that carry the price table. */
  tablePages: number[];
  /** Line spacing inside wrapped cells, as learnt from the document. */
  leading: number;
}

const SKIP_NO_PRICE = 'formulation listed without a ceiling price';
const SKIP_GROUP = 'medicine heading over priced sub-entries (a), b) …), written as those rows';
const SKIP_NO_FORM = 'medicine listed with neither a formulation nor a ceiling price';
const SKIP_NOTE = 'note-only entry (text in the price columns), kept in `notes`';
const SKIP_BAD_PRICE = 'ceiling price not a positive number';
const SKIP_NO_SO = 'priced row without an S.O. number';

/** Rebuilds the ceiling-price table from the positioned text of the compendium's pages. */
export function parseNppaPages(pages: readonly PdfPageText[]): NppaParseResult {
  const leading = learnLeading(pages);
  const warnings: string[] = [];
  const rows: RowBuf[] = [];
  const notes: NoteBuf[] = [];
  const pageNotes: string[] = [];
  const tablePages: number[] = [];
  const headings: Array<{ depth: number; title: string }> = [];
  const section = (): string => headings[headings.length - 1]?.title ?? '';

  // Parser state (an object, so that the closure below updates what the loop reads).
  const st: {
    current: RowBuf | null; // the row continuation lines belong to
    medOwner: RowBuf | null; // the row whose medicine cell continuation lines extend
    note: NoteBuf | null; // open footnote/legend that form-column lines continue
    rowNote: NoteBuf | null; // open note printed across the price columns
  } = { current: null, medOwner: null, note: null, rowNote: null };
  const startRow = (page: number, itemNo: string | null): RowBuf => {
    const row: RowBuf = { page, section: section(), itemNo, med: [], form: [], unit: [], price: null, so: null, date: null };
    rows.push(row);
    st.current = row;
    st.note = null;
    st.rowNote = null;
    return row;
  };

  for (const p of pages) {
    const layout = findLayout(p.items);
    if (!layout) continue;
    tablePages.push(p.page);
    const footer = groupLines(p.items.filter((i) => i.y < layout.bottom - 1))
      .map((l) => cleanText(l.items.map((i) => i.str).join(' ')))
      .filter(Boolean)
      .join(' ');
    if (footer && !pageNotes.includes(footer)) pageNotes.push(footer);

    const tableCentre = (layout.tableLeft + layout.tableRight) / 2;
    let prevKind: 'heading' | 'paragraph' | 'data' | null = null;
    let prevY = Infinity;
    let paraX = 0;
    let lastFormY: number | null = null;

    for (const line of groupLines(p.items.filter((i) => i.y < layout.top - 1 && i.y > layout.bottom + 1))) {
      const only = line.items.length === 1 ? line.items[0]! : null;
      const gap = prevY - line.y;
      prevY = line.y;

      // NLEM section headings, e.g. "2.1– Non-opioid analgesics…", "Section 31- Coronary Stents".
      const heading = only ? HEADING_RE.exec(cleanText(only.str)) : null;
      if (only && heading) {
        const depth = heading[1]!.split('.').length;
        while (headings.length && headings[headings.length - 1]!.depth >= depth) headings.pop();
        headings.push({ depth, title: `${heading[1]} ${heading[2]}` });
        prevKind = 'heading';
        continue;
      }
      if (only && prevKind === 'heading' && gap <= leading + 1 && Math.abs(only.x + only.width / 2 - tableCentre) <= 10) {
        const h = headings[headings.length - 1]!;
        h.title = cleanText(`${h.title} ${only.str}`);
        continue;
      }
      // Full-width paragraphs under a heading ("All forms of the following … are considered as included in NLEM").
      if (only && only.x < layout.starts[C_MED]! && only.x + only.width > layout.starts[C_FORM]! + 30) {
        if (prevKind === 'paragraph' && gap <= leading + 1 && Math.abs(only.x - paraX) <= 2) notes[notes.length - 1]!.lines.push(only.str);
        else notes.push({ page: p.page, section: section(), owner: null, inRow: false, lines: [only.str] });
        paraX = only.x;
        prevKind = 'paragraph';
        continue;
      }
      if (only && prevKind === 'paragraph' && gap <= leading + 1 && Math.abs(only.x - paraX) <= 2) {
        notes[notes.length - 1]!.lines.push(only.str);
        continue;
      }
      prevKind = 'data';

      const cells = cellsOf(line, layout);
      const priceCell = cells[C_PRICE];
      const price = priceCell && PRICE_RE.test(priceCell.text) ? priceCell.text : null;
      if (priceCell && !price) warnings.push(`page ${p.page}: "${priceCell.text}" in the price column is not a price; ignored`);
      const itemNo = cells[C_NO] && ITEM_NO_RE.test(cells[C_NO].text) ? cells[C_NO].text : null;
      if (cells[C_NO] && !itemNo) warnings.push(`page ${p.page}: "${cells[C_NO].text}" in the NLEM column is not an item number; ignored`);
      const med = cells[C_MED]?.text ?? null;
      const form = cells[C_FORM];
      const unit = cells[C_UNIT];

      if (price || itemNo) {
        const prevOwner: RowBuf | null = st.medOwner;
        const row = startRow(p.page, itemNo);
        if (med) {
          const continues =
            !itemNo &&
            prevOwner &&
            !SUB_LABEL_RE.test(med) &&
            (/^[a-z(+[\-]/.test(med) || /[+\-(/,]$/.test(joinWrapped(prevOwner.med)));
          if (continues && prevOwner) prevOwner.med.push(med);
          else {
            row.med.push(med);
            st.medOwner = row;
          }
        } else if (itemNo) st.medOwner = row;
        if (form) {
          row.form.push(form.text);
          lastFormY = form.y;
        }
        if (unit && unit.spans) {
          st.rowNote = { page: p.page, section: section(), owner: row, inRow: true, lines: [unit.text] };
          notes.push(st.rowNote);
        } else if (unit) row.unit.push(unit.text);
        row.price = price;
        row.so = cells[C_SO]?.text ?? null;
        row.date = cells[C_DATE]?.text ?? null;
        continue;
      }

      // A line without price or item number: continuation lines, a new unpriced formulation, or notes.
      const row: RowBuf | null = st.current;
      if (med) {
        if (st.medOwner) st.medOwner.med.push(med);
        else warnings.push(`page ${p.page}: medicine text "${med}" before any row; ignored`);
      }
      if (unit) {
        if (unit.spans || (st.rowNote && st.rowNote.owner === row)) {
          if (st.rowNote && st.rowNote.owner === row) st.rowNote.lines.push(unit.text);
          else {
            st.rowNote = { page: p.page, section: section(), owner: row, inRow: true, lines: [unit.text] };
            notes.push(st.rowNote);
          }
        } else if (row) row.unit.push(unit.text);
      }
      for (const col of [C_SO, C_DATE]) {
        const c = cells[col];
        if (c) warnings.push(`page ${p.page}: "${c.text}" in column ${col + 1} on a line without a price; ignored`);
      }
      if (!form) continue;
      const formGap = lastFormY === null ? Infinity : lastFormY - form.y;
      lastFormY = form.y;
      const text = form.text;
      const wrapped = Math.abs(formGap - leading) <= 0.1;
      if (text.startsWith('*')) {
        st.note = { page: p.page, section: section(), owner: row, inRow: false, lines: [text] };
        notes.push(st.note);
      } else if (wrapped || (!isFormStart(text) && (formGap < leading - 1 || formGap === Infinity))) {
        // the next line of the same cell (a smaller gap: a line set in a smaller size)
        if (st.note) st.note.lines.push(text);
        else if (row) row.form.push(text);
        else warnings.push(`page ${p.page}: "${text}" before any row; ignored`);
      } else if (st.note && !isFormStart(text) && formGap <= leading + 0.5) {
        st.note.lines.push(text); // a footnote or legend running on ("DPI- Dry Powder inhaler")
      } else if (isFormStart(text)) {
        startRow(p.page, null).form.push(text);
      } else {
        st.note = { page: p.page, section: section(), owner: row, inRow: false, lines: [text] };
        notes.push(st.note);
      }
    }
  }

  return { ...resolve(rows, notes, warnings), pageNotes, tablePages, leading };
}

interface Resolved {
  medicine: string;
  form: string;
  dosageForm: string | null;
}

function resolve(rows: readonly RowBuf[], noteBufs: readonly NoteBuf[], warnings: string[]): Omit<NppaParseResult, 'pageNotes' | 'tablePages' | 'leading'> {
  const resolved = new Map<RowBuf, Resolved>();
  const out: NppaRow[] = [];
  const skips = new Map<string, NppaSkip>();
  const skip = (reason: string, example: string): void => {
    const s = skips.get(reason) ?? { reason, count: 0, examples: [] };
    s.count++;
    if (s.examples.length < 6) s.examples.push(example);
    skips.set(reason, s);
  };
  const rowsWithNotes = new Set(noteBufs.filter((n) => n.inRow && n.owner).map((n) => n.owner));

  let parent = '';
  let prev: Resolved | null = null;
  rows.forEach((r, idx) => {
    const own = joinWrapped(r.med);
    if (r.itemNo) {
      parent = own;
      prev = null;
    }
    let medicine: string;
    const sub = SUB_LABEL_RE.exec(own);
    if (sub) {
      const label = sub[2]!;
      medicine = parent && !label.toLowerCase().includes(parent.toLowerCase()) ? `${parent} (${label})` : label;
    } else medicine = own || (prev as Resolved | null)?.medicine || parent;
    let form = joinWrapped(r.form);
    const p = prev as Resolved | null;
    if (!form && !r.itemNo && r.price && p) form = p.form;
    const unit = joinWrapped(r.unit);
    let dosageForm = normaliseDosageForm(form, medicine, unit);
    if (p && (!dosageForm || dosageForm === 'liquid' || dosageForm === 'powder') && /^\d/.test(form) && p.dosageForm) dosageForm = p.dosageForm;
    const res: Resolved = { medicine, form, dosageForm };
    resolved.set(r, res);
    prev = res;

    const where = `${medicine}${form ? ` — ${form}` : ''} (page ${r.page})`;
    if (!r.price) {
      if (rowsWithNotes.has(r)) {
        skip(SKIP_NOTE, where); // its price cells hold a note (oxygen)
        return;
      }
      const next = rows[idx + 1];
      if (form) skip(SKIP_NO_PRICE, where);
      else if (next && !next.itemNo && SUB_LABEL_RE.test(joinWrapped(next.med))) skip(SKIP_GROUP, where);
      else skip(SKIP_NO_FORM, where);
      return;
    }
    const price = Number(r.price.replace(/,/g, ''));
    if (!(price > 0)) {
      skip(SKIP_BAD_PRICE, `${where}: ${r.price}`);
      return;
    }
    if (!r.so) {
      skip(SKIP_NO_SO, where);
      return;
    }
    if (!medicine) warnings.push(`page ${r.page}: priced row "${form}" has no medicine`);
    const soDate = r.date ? parseIndianDate(r.date) : null;
    if (!soDate) warnings.push(`page ${r.page}: ${where}: notification date "${r.date ?? ''}" not understood`);
    const perUnit = normaliseUnit(unit, dosageForm);
    if (!perUnit) warnings.push(`page ${r.page}: ${where}: unit "${unit}" not understood; kept as "${unit.toLowerCase()}" × 1`);
    if (!dosageForm) warnings.push(`page ${r.page}: ${where}: no dosage form recognised`);
    out.push({
      section: r.section,
      medicine,
      form_strength: form,
      dosage_form: dosageForm ?? 'unspecified',
      strength: normaliseStrength(form, dosageForm),
      unit,
      per: perUnit?.per ?? unit.toLowerCase(),
      per_quantity: perUnit?.per_quantity ?? 1,
      ceiling_price: Math.round(price * 100) / 100,
      so_number: /^s\.?\s*o\.?/i.test(r.so) ? r.so : `S.O. ${r.so}`,
      so_date: soDate,
      page: r.page,
    });
  });

  const notes: NppaNote[] = noteBufs.map((n) => {
    const owner = n.owner ? resolved.get(n.owner) : undefined;
    let text = joinWrapped(n.lines);
    if (n.inRow && n.owner && !n.owner.price && owner?.form) text = `${owner.form}: ${text}`;
    return { section: n.section, medicine: owner?.medicine ?? '', text, page: n.page };
  });
  return { rows: out, notes, skipped: [...skips.values()], warnings };
}

// ───────────────────────────── dataset and builder ─────────────────────────────

export const NPPA_PROVENANCE_BASE = {
  publisher: 'National Pharmaceutical Pricing Authority',
  title: 'Compendium of Ceiling Prices of Scheduled Formulations, Schedule-I (NLEM 2015), updated as on 10.08.2022 (file 91333/2022/NPPA)',
  reference: 'DPCO 2013, Schedule-I (NLEM 2015)',
} as const;

/** Builds the dataset from the compendium PDF's bytes. */
export async function buildNppaDataset(pdf: Uint8Array, sourceFile = NPPA_SOURCE_FILE): Promise<{ dataset: NppaDataset; parse: NppaParseResult }> {
  const parse = parseNppaPages(await extractPdfText(pdf));
  const dataset: NppaDataset = {
    source: 'NPPA',
    edition: NPPA_EDITION,
    effective_date: NPPA_EDITION,
    provenance: {
      ...NPPA_PROVENANCE_BASE,
      source_file: sourceFile,
      source_sha256: createHash('sha256').update(pdf).digest('hex'),
      notes: [
        'Ceiling prices are in rupees for the unit/pack shown, excluding GST.',
        ...parse.pageNotes,
        'One row per priced formulation as printed; a medicine listed under several NLEM sections appears once per section.',
        '`per` × `per_quantity` is what the unit holds (e.g. "Each Pack (10 ml)" → ml × 10), so ceiling_price / per_quantity is the ceiling per tablet, ml, vial …',
        '`page` is the 1-based page of the source PDF (its printed page numbers start at 45).',
        'Formulations printed without a ceiling price are not rows; note-only entries (e.g. oxygen, heparin revisions, footnotes) are in `notes`.',
      ],
    },
    rows: parse.rows,
    notes: parse.notes,
  };
  return { dataset, parse };
}

/** The dataset's bytes: 2-space JSON with a trailing newline; rows and notes in the compendium's order. */
export function serialiseNppaDataset(dataset: NppaDataset): string {
  const order = (a: { page: number }, b: { page: number }): number => a.page - b.page; // stable: keeps print order within a page
  return `${JSON.stringify({ ...dataset, rows: [...dataset.rows].sort(order), notes: [...dataset.notes].sort(order) }, null, 2)}\n`;
}

/** Reads the compendium under `sourcesDir`, writes data/nppa-2022-08-10.json (or under `outDir`) and reports. */
export async function runNppaBuilder(sourcesDir: string, outDir: string = DEFAULT_DATA_DIR): Promise<BuildReport> {
  const pdf = new Uint8Array(await readFile(join(sourcesDir, NPPA_SOURCE_FILE)));
  const { dataset, parse } = await buildNppaDataset(pdf);
  const file = join(outDir, NPPA_OUTPUT_NAME);
  await mkdir(outDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, serialiseNppaDataset(dataset));
  await rename(tmp, file);
  const warnings = [...parse.warnings];
  if (dataset.rows.length < 900) warnings.push(`only ${dataset.rows.length} priced rows (expected at least 900)`);
  return {
    output: outDir === DEFAULT_DATA_DIR ? `data/${NPPA_OUTPUT_NAME}` : file,
    rows_written: dataset.rows.length,
    rows_skipped: parse.skipped.reduce((n, s) => n + s.count, 0),
    skipped: parse.skipped,
    warnings,
  };
}
