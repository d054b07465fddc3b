// The shared layout step: positioned words (from a PDF text layer or an OCR engine) become
// lines of cells laid out as fixed-width text, so that one extraction reads every source.
//
//  1. Words are grouped into lines by vertical overlap, sweeping left to right and comparing
//     each word with the last word of each open line, so a slightly skewed row still holds
//     together and boxes of different heights (OCR) still match.
//  2. Inside a line, words are split into cells where the gap is wider than about one and a
//     half word spaces (the word space is measured on the page, relative to the line height).
//  3. x positions become character columns: (x − originX) / charWidth, where charWidth is the
//     median glyph width on the page. Text cells are placed at their left edge, numbers at
//     their right edge (bills right-align amounts), and every cell is at least two spaces
//     after the previous one. Inside a cell words are joined by exactly one space. A dotted
//     leader ("CBC ....... 450.00") separates cells as a gap does, as in the plain-text reader.
// Cell.x0/x1 are indices into Line.text (x1 exclusive), as for the plain-text reader.
import type { Cell, Line, Word } from './types.ts';

export interface LayoutOptions {
  /** Width of one character column, in word units. Default: the median glyph width of the words. */
  charWidth?: number;
  /** The x that maps to column 0. Default: the leftmost word's x0. */
  originX?: number;
}

export interface PageMetrics {
  charWidth: number;
  originX: number;
}

/** Minimum vertical overlap (share of the smaller box) for two words to be on one line. */
const LINE_OVERLAP = 0.5;
/** A gap wider than this many word spaces starts a new cell. */
const CELL_GAP_SPACES = 1.5;
/** The word space when a page shows too few single spaces to measure it, in character widths. */
const DEFAULT_SPACE_CHARS = 0.55;
const MIN_SPACE_SAMPLES = 8;

const NON_SPACING = /\p{Mn}|\p{Me}|\p{Cf}/u;

/** Characters that take horizontal room (combining marks and format characters do not). */
export function spacingLength(text: string): number {
  if (/^[\x20-\x7E]*$/.test(text)) return text.length;
  let n = 0;
  for (const ch of text) if (!NON_SPACING.test(ch)) n++;
  return n;
}

const height = (w: Word): number => w.y1 - w.y0;

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of values where each value counts `weight` times. */
function weightedMedian(pairs: Array<{ value: number; weight: number }>): number {
  const sorted = pairs.filter((p) => p.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, p) => s + p.weight, 0);
  let seen = 0;
  for (const p of sorted) {
    seen += p.weight;
    if (seen >= total / 2) return p.value;
  }
  return NaN;
}

function usable(w: Word): boolean {
  return w.text.trim() !== '' && [w.x0, w.x1, w.y0, w.y1].every(Number.isFinite) && w.x1 >= w.x0 && w.y1 > w.y0;
}

/** Median glyph width (weighted by characters) and leftmost x of a set of words. */
export function estimateMetrics(words: Word[]): PageMetrics {
  const ok = words.filter(usable);
  const charWidth = weightedMedian(ok.map((w) => {
    const n = spacingLength(w.text.trim());
    return { value: n > 0 ? (w.x1 - w.x0) / n : 0, weight: n };
  }));
  const originX = ok.reduce((min, w) => Math.min(min, w.x0), Infinity);
  return {
    charWidth: Number.isFinite(charWidth) && charWidth > 0 ? charWidth : 1,
    originX: Number.isFinite(originX) ? originX : 0,
  };
}

// ── 1. words → lines ────────────────────────────────────────────────────────────────────────

interface OpenLine {
  words: Word[];
  last: Word;
}

function verticalOverlap(a: Word, b: Word): number {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return overlap / Math.min(height(a), height(b));
}

/** Same text drawn again almost on top of itself (bold faked by overprinting). */
function isOverprint(word: Word, line: OpenLine): boolean {
  const last = line.last;
  return last.text === word.text && Math.abs(last.x0 - word.x0) < 0.3 * height(last) && verticalOverlap(last, word) > 0.7;
}

function sweepLines(words: Word[]): Word[][] {
  const sorted = [...words].sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0);
  const lines: OpenLine[] = [];
  for (const word of sorted) {
    let best: OpenLine | null = null;
    let bestScore = LINE_OVERLAP;
    for (const line of lines) {
      const overlap = verticalOverlap(word, line.last);
      if (overlap < LINE_OVERLAP) continue;
      // Prefer the strongest overlap; among equals, the line whose last word is nearest.
      const score = overlap - Math.max(0, word.x0 - line.last.x1) / 1e6;
      if (score > bestScore || best === null) { best = line; bestScore = score; }
    }
    if (best && isOverprint(word, best)) continue;
    if (best) {
      best.words.push(word);
      if (word.x1 >= best.last.x1) best.last = word;
    } else {
      lines.push({ words: [word], last: word });
    }
  }
  return lines.map((l) => l.words);
}

/** Least-squares slope of word centres against x. */
function slopeOf(ws: Word[]): number | null {
  const xs = ws.map((w) => (w.x0 + w.x1) / 2);
  const ys = ws.map((w) => (w.y0 + w.y1) / 2);
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i]! - my); sxx += (x - mx) ** 2; });
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * Slopes of the runs of closely spaced words in a line found by the first pass. Only words a
 * few spaces apart are surely on one row: across a wide column gap a skewed row may already
 * have been joined to the next row's words.
 */
function runSlopes(ws: Word[]): Array<{ value: number; weight: number }> {
  const h = median(ws.map(height));
  const runs: Word[][] = [];
  for (const w of ws) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && w.x0 - prev.x1 < 2.5 * h) run.push(w);
    else runs.push([w]);
  }
  const out: Array<{ value: number; weight: number }> = [];
  for (const run of runs) {
    const span = (run[run.length - 1]!.x0 + run[run.length - 1]!.x1 - run[0]!.x0 - run[0]!.x1) / 2;
    if (run.length < 2 || span < 4 * h) continue;
    const slope = slopeOf(run);
    if (slope !== null) out.push({ value: slope, weight: span });
  }
  return out;
}

/** The page's skew (dy per dx), measured on the first pass's lines; 0 when too little tells. */
function pageSkew(lines: Word[][]): number {
  const slopes = lines.flatMap((ws) => runSlopes([...ws].sort((a, b) => a.x0 - b.x0)));
  if (slopes.length < 3) return 0;
  const skew = weightedMedian(slopes);
  return Number.isFinite(skew) && Math.abs(skew) > 0.001 && Math.abs(skew) < 0.1 ? skew : 0;
}

/**
 * Groups words into lines, top to bottom, each sorted left to right. A slightly skewed page
 * (a scan fed askew) is grouped twice: once as it is, to measure the skew from the pieces of
 * lines found, then with the skew taken out, so that a row holds together across wide gaps.
 */
function groupLines(words: Word[]): Word[][] {
  let lines = sweepLines(words);
  const skew = pageSkew(lines);
  const level = (w: Word): number => w.x0 * skew;
  if (skew !== 0) {
    const byLevelled = new Map<Word, Word>();
    const levelled = words.map((w) => {
      const shifted = { ...w, y0: w.y0 - level(w), y1: w.y1 - level(w) };
      byLevelled.set(shifted, w);
      return shifted;
    });
    lines = sweepLines(levelled).map((ws) => ws.map((w) => byLevelled.get(w)!));
  }
  const centre = (ws: Word[]): number => median(ws.map((w) => (w.y0 + w.y1) / 2 - level(w)));
  return lines
    .map((ws) => ws.sort((a, b) => a.x0 - b.x0))
    .map((ws) => ({ ws, y: centre(ws) }))
    .sort((a, b) => a.y - b.y || a.ws[0]!.x0 - b.ws[0]!.x0)
    .map((l) => l.ws);
}

// ── 2. lines → cells ────────────────────────────────────────────────────────────────────────

/** The word space, as a share of the line height, measured from the gaps on the page. */
function spacePerHeight(lines: Word[][], charPerHeight: number): number {
  const gaps: number[] = [];
  for (const ws of lines) {
    const h = median(ws.map(height));
    for (let i = 1; i < ws.length; i++) {
      const gap = (ws[i]!.x0 - ws[i - 1]!.x1) / h;
      if (gap > 0 && gap <= 1.3 * charPerHeight) gaps.push(gap);
    }
  }
  const fallback = DEFAULT_SPACE_CHARS * charPerHeight;
  if (gaps.length < MIN_SPACE_SAMPLES) return fallback;
  return Math.min(Math.max(median(gaps), 0.35 * charPerHeight), 1.05 * charPerHeight);
}

function charWidthPerHeight(lines: Word[][]): number {
  const pairs: Array<{ value: number; weight: number }> = [];
  for (const ws of lines) {
    const h = median(ws.map(height));
    for (const w of ws) {
      const n = spacingLength(w.text.trim());
      if (n > 0) pairs.push({ value: (w.x1 - w.x0) / n / h, weight: n });
    }
  }
  const r = weightedMedian(pairs);
  return Number.isFinite(r) && r > 0 ? r : 0.5;
}

interface WordCell {
  words: Word[];
  x0: number;
  x1: number;
}

function splitCells(ws: Word[], spaceRatio: number): WordCell[] {
  const threshold = CELL_GAP_SPACES * spaceRatio * median(ws.map(height));
  const cells: WordCell[] = [];
  for (const w of ws) {
    const current = cells[cells.length - 1];
    if (current && w.x0 - current.x1 <= threshold) {
      current.words.push(w);
      current.x1 = Math.max(current.x1, w.x1);
    } else {
      cells.push({ words: [w], x0: w.x0, x1: w.x1 });
    }
  }
  return cells;
}

// ── 3. cells → fixed-width text ─────────────────────────────────────────────────────────────

const NUMERIC_CELL = /^[(₹$-]*\s*(?:rs\.?|inr)?\s*[-+]?[\d.,:/%-]*\d[\d.,:/%-]*\s*(?:\/-|cr|dr)?[)]*$/i;

/** Dotted (or ruled) leaders between a name and its amount: "CBC ........ 450.00". */
const LEADER = /\s*(?:\.{3,}|…{2,}|_{3,}|-{4,}(?!-)(?=\s*(?:₹|rs\b|inr\b|\d)))\s*/giu;

/** The parts of a cell's text around its leaders, with their offsets in the text. */
function splitLeaders(text: string): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  let from = 0;
  for (const m of text.matchAll(LEADER)) {
    if (m[0].length === 0) continue;
    if (m.index > from) parts.push({ text: text.slice(from, m.index), offset: from });
    from = m.index + m[0].length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), offset: from });
  return parts;
}

function placeCells(cells: WordCell[], page: number, metrics: PageMetrics): Line {
  const column = (x: number): number => (x - metrics.originX) / metrics.charWidth;
  const out: Cell[] = [];
  let text = '';
  for (const cell of cells) {
    const cellText = cell.words.map((w) => w.text.trim()).join(' ');
    const wanted = NUMERIC_CELL.test(cellText)
      ? Math.round(column(cell.x1)) - cellText.length
      : Math.round(column(cell.x0));
    const start = Math.max(wanted, text.length === 0 ? 0 : text.length + 2);
    text = text.padEnd(start, ' ') + cellText;
    const confidences = cell.words.map((w) => w.confidence).filter((c): c is number => c !== undefined);
    // A leader separates columns as a gap does: the text keeps the dots, the cells do not.
    for (const part of splitLeaders(cellText)) {
      const placed: Cell = { text: part.text, x0: start + part.offset, x1: start + part.offset + part.text.length };
      if (confidences.length) placed.confidence = Math.min(...confidences);
      out.push(placed);
    }
  }
  const line: Line = { text, cells: out, page };
  const confidences = cells.flatMap((c) => c.words).map((w) => w.confidence).filter((c): c is number => c !== undefined);
  if (confidences.length) line.confidence = confidences.reduce((s, c) => s + c, 0) / confidences.length;
  return line;
}

/**
 * Lays out one page of positioned words as fixed-width lines of cells.
 * Word units can be anything (points, pixels) as long as x and y use the same unit.
 */
export function layoutWords(words: Word[], page: number, opts: LayoutOptions = {}): Line[] {
  const ok = words.filter(usable).map((w) => ({ ...w, text: w.text.trim() }));
  if (ok.length === 0) return [];
  const estimated = estimateMetrics(ok);
  const metrics: PageMetrics = {
    charWidth: opts.charWidth !== undefined && opts.charWidth > 0 ? opts.charWidth : estimated.charWidth,
    originX: opts.originX ?? estimated.originX,
  };
  const lines = groupLines(ok);
  const spaceRatio = spacePerHeight(lines, charWidthPerHeight(lines));
  return lines.map((ws) => splitPipes(placeCells(splitCells(ws, spaceRatio), page, metrics)));
}

/**
 * A row of a table drawn with `|` characters (a text report printed to PDF, or a scan of one):
 * its cells are the fields between the pipes, taken by position, as the plain-text reader
 * does. A `|---|---|` rule row has no cells.
 */
function splitPipes(line: Line): Line {
  const pipes = [...line.text.matchAll(/\|/g)].map((m) => m.index);
  if (pipes.length < 2) return line;
  const bounds = [-1, ...pipes, line.text.length];
  const fields: Cell[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]! + 1;
    const raw = line.text.slice(from, bounds[i + 1]!);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    const field: Cell = { text, x0: from + lead, x1: from + lead + text.length };
    const confidences = line.cells
      .filter((c) => c.confidence !== undefined && c.x0 < bounds[i + 1]! && c.x1 > from)
      .map((c) => c.confidence!);
    if (confidences.length) field.confidence = Math.min(...confidences);
    fields.push(field);
  }
  // Nothing before the first pipe or after the last one is a field of its own.
  if (fields[0]?.text === '') fields.shift();
  if (fields.at(-1)?.text === '') fields.pop();
  const rule = fields.every((f) => /^:?-{2,}:?$/.test(f.text) || f.text === '');
  return { ...line, cells: rule ? [] : fields, delimited: true };
}

// ── Repeated page headers and footers ───────────────────────────────────────────────────────

export interface HeaderFooterOptions {
  /** How many lines at the top and at the bottom of a page can be a header or footer. */
  zoneLines?: number;
}

const DEVANAGARI_DIGIT = /[\u0966-\u096F]/g;
const MONEY = /\d[\d,]*\.\d{2}(?!\d)/;

/** The line with digits and spacing ignored ("Page 2 of 3" and "Page 3 of 3" are alike). */
function repeatKey(line: Line): string {
  return line.text
    .replace(DEVANAGARI_DIGIT, (d) => String(d.charCodeAt(0) - 0x0966))
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A row of the bill itself (an amount, or three cells with two numbers) is never a header. */
function looksLikeItemRow(line: Line): boolean {
  if (MONEY.test(line.text)) return true;
  const numeric = line.cells.filter((c) => NUMERIC_CELL.test(c.text)).length;
  return line.cells.length >= 3 && numeric >= 2;
}

/** Indices of the lines that may be a page header (top zone) or footer (bottom zone). */
function zones(lines: Line[], size: number): { top: number[]; bottom: number[] } {
  const top: number[] = [];
  for (let i = 0; i < lines.length && top.length < size; i++) {
    if (looksLikeItemRow(lines[i]!)) break;
    top.push(i);
  }
  const bottom: number[] = [];
  for (let i = lines.length - 1; i >= 0 && bottom.length < size && !top.includes(i); i--) {
    if (looksLikeItemRow(lines[i]!)) break;
    bottom.push(i);
  }
  return { top, bottom };
}

/**
 * Removes page headers and footers that repeat on several pages (same text, digits ignored,
 * in the top or bottom few lines of at least half of the pages). A repeated line is removed
 * from a page when an earlier page already has it, so its first occurrence stays: the first
 * page's header names the hospital. Lines that look like bill rows (an amount with paise, or
 * several numeric cells) are never removed, nor anything below the first such row in the top
 * zone. A table's column-heading row repeated right under the page header goes with it (the
 * first page keeps its own).
 */
export function dropRepeatedHeadersFooters(pages: Line[][], opts: HeaderFooterOptions = {}): { pages: Line[][]; dropped: number } {
  const size = opts.zoneLines ?? 5;
  if (pages.length < 2) return { pages: pages.map((p) => [...p]), dropped: 0 };
  const pageZones = pages.map((lines) => zones(lines, size));
  const pageKeys = pages.map((lines) => new Set(lines.map(repeatKey)));
  const count = (zone: 'top' | 'bottom'): Map<string, number> => {
    const counts = new Map<string, number>();
    pages.forEach((lines, p) => {
      const keys = new Set(pageZones[p]![zone].map((i) => repeatKey(lines[i]!)));
      for (const key of keys) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    return counts;
  };
  const counts = { top: count('top'), bottom: count('bottom') };
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  let dropped = 0;
  const out = pages.map((lines, p) => {
    const drop = new Set<number>();
    for (const zone of ['top', 'bottom'] as const) {
      for (const i of pageZones[p]![zone]) {
        const key = repeatKey(lines[i]!);
        if (!key || (counts[zone].get(key) ?? 0) < needed) continue;
        if (pageKeys.slice(0, p).some((keys) => keys.has(key))) drop.add(i);
      }
    }
    dropped += drop.size;
    return lines.filter((_, i) => !drop.has(i));
  });
  return { pages: out, dropped };
}
