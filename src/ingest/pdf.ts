// Reads a PDF's text layer into pages of laid-out lines. pdf.js gives text items (runs of
// glyphs with a transform and a width); they become positioned words, which the shared layout
// step turns into fixed-width lines of cells. Pages without a text layer are scanned pages:
// they go to the OCR callback when one is given, else the reader refuses the file clearly.
// pdf.js is loaded on first use only, so reading a text bill never pays for it.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { UserError, isUserError } from '../domain/errors.ts';
import { MAX_PDF_PAGES } from '../domain/limits.ts';
import { looksVisualOrder, repairVisualOrder } from './devanagari.ts';
import { dropRepeatedHeadersFooters, estimateMetrics, layoutWords, spacingLength } from './layout.ts';
import type { IngestedDocument, IngestedPage, Line, Word } from './types.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** What the OCR callback gets besides the page number, to render the page without reopening the file. */
export interface ScannedPageContext {
  /** The PDF file's bytes, untouched. */
  bytes: Uint8Array;
  /** The open pdf.js page; valid until the callback's promise settles. */
  pdfPage: PDFPageProxy;
}

export interface ReadPdfOptions {
  /**
   * Reads a page that has no text layer (OCR). Called for every scanned page, all at once, so
   * it must bound its own concurrency. Without it, a scanned page is an error.
   */
  ocrPage?: (pageNumber: number, context: ScannedPageContext) => Promise<IngestedPage>;
}

/** pdf.js must open the document within this time, and read each page within PAGE_TIMEOUT_MS. */
const OPEN_TIMEOUT_MS = 20_000;
const PAGE_TIMEOUT_MS = 20_000;
/** A page with fewer visible characters than this, and an image over most of it, is a scan. */
const SPARSE_TEXT_CHARS = 40;
const LARGE_IMAGE_SHARE = 0.4;
/** Text turned more than this many degrees off the page's main direction is a stamp or watermark. */
const MAX_SKEW_DEGREES = 10;
/** Text starting further than this outside the page (points) is not shown, so not read. */
const OFF_PAGE = 5;
/** A page whose text is mostly undecodable has a text layer that cannot be used: it needs OCR. */
const UNDECODED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uE000-\uF8FF\uFFFD]/gu;
const MAX_UNDECODED_SHARE = 0.5;
/** Two text items closer than this (share of the font size) and without a space are one word. */
const JOIN_GAP = 0.12;

let pdfjsModule: Promise<PdfJs> | undefined;
const loadPdfJs = (): Promise<PdfJs> => (pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

// ── pdf.js text items → positioned pieces ───────────────────────────────────────────────────

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];

/** A text item as placed on the page (device space: y grows downwards, 1 unit = 1 pt). */
interface PlacedItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  ascent: number;
  descent: number;
  /** Text direction in quarter turns (0 = left to right on the page as displayed). */
  quadrant: number;
}

interface PageText {
  number: number;
  items: PlacedItem[];
  /** Non-space characters on the page. */
  chars: number;
  /** Characters pdf.js could not decode (no character map for the font): controls, private use, U+FFFD. */
  undecoded: number;
  /** Items dropped because they were turned off the page's main direction. */
  skewed: number;
}

/** A run of text without two consecutive spaces, in the page's reading frame. */
interface Piece {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  size: number;
  ascent: number;
  descent: number;
  /** The piece touches the start / end of its item (no whitespace in between). */
  flushStart: boolean;
  flushEnd: boolean;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function placeItems(page: PDFPageProxy, content: Awaited<ReturnType<PDFPageProxy['getTextContent']>>): PageText {
  const viewport = page.getViewport({ scale: 1 });
  const items: PlacedItem[] = [];
  const onPage = (x: number, y: number): boolean => x > -OFF_PAGE && y > -OFF_PAGE && x < Math.abs(viewport.width) + OFF_PAGE && y < Math.abs(viewport.height) + OFF_PAGE;
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const style = content.styles[item.fontName];
    if (style?.vertical) continue;
    const m = multiply(viewport.transform as Matrix, item.transform as Matrix);
    const size = Math.hypot(m[2], m[3]);
    if (!(size > 0) || !Number.isFinite(m[4]) || !Number.isFinite(m[5]) || !onPage(m[4], m[5])) continue;
    const angle = Math.atan2(m[1], m[0]);
    const quadrant = ((Math.round(angle / (Math.PI / 2)) % 4) + 4) % 4;
    const skew = angle - Math.round(angle / (Math.PI / 2)) * (Math.PI / 2);
    items.push({
      str: item.str,
      x: m[4],
      y: m[5],
      width: Math.abs(item.width),
      size,
      ascent: clamp(style?.ascent ?? 0.8, 0.5, 1.2),
      descent: clamp(style?.descent ?? -0.2, -0.5, 0),
      quadrant: Math.abs(skew) > (MAX_SKEW_DEGREES * Math.PI) / 180 ? -1 : quadrant,
    });
  }
  return { number: 0, items, chars: 0, undecoded: 0, skewed: 0 };
}

/**
 * Keeps the items that run in the page's main direction, turned so that they read left to
 * right, and counts their characters (a page with nothing but a diagonal stamp has no text).
 */
function straighten(text: PageText): PageText {
  const weight = [0, 0, 0, 0];
  for (const it of text.items) if (it.quadrant >= 0) weight[it.quadrant]! += it.str.length;
  const main = weight.indexOf(Math.max(...weight));
  const theta = (main * Math.PI) / 2;
  const cos = Math.round(Math.cos(theta));
  const sin = Math.round(Math.sin(theta));
  const kept = text.items.filter((it) => it.quadrant === main);
  const visible = kept.map((it) => it.str.replace(/\s/gu, '')).join('');
  return {
    ...text,
    chars: visible.length,
    undecoded: visible.length - visible.replace(UNDECODED, '').length,
    skewed: text.items.length - kept.length,
    items: kept.map((it) => ({ ...it, x: it.x * cos + it.y * sin, y: -it.x * sin + it.y * cos, quadrant: 0 })),
  };
}

/** Control characters pdf.js gives for glyphs it cannot map (.notdef → U+0000): they take room but are not text. */
const UNMAPPED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
const PLACEHOLDER = '\uFFFF';

/** Splits an item on runs of two or more spaces; x is interpolated by character. */
function piecesOf(item: PlacedItem): Piece[] {
  const chars = Array.from(item.str).map((ch) => (UNMAPPED.test(ch) ? PLACEHOLDER : ch));
  const space = chars.map((ch) => /\s/u.test(ch));
  // offset[i]: room taken by the characters before i (combining marks take none)
  const offset = [0];
  chars.forEach((ch, i) => offset.push(offset[i]! + (ch === PLACEHOLDER ? 1 : spacingLength(ch))));
  const unit = item.width / (offset[chars.length] || 1);
  const pieces: Piece[] = [];
  let i = 0;
  while (i < chars.length) {
    if (space[i]) { i++; continue; }
    let end = i + 1; // a piece runs on over single spaces, and ends at two or more
    while (end < chars.length && !(space[end] && (end + 1 >= chars.length || space[end + 1]))) end++;
    const text = chars.slice(i, end).join('').split(PLACEHOLDER).join('').trim();
    if (text !== '') {
      pieces.push({
        text,
        x0: item.x + offset[i]! * unit,
        x1: item.x + offset[end]! * unit,
        baseline: item.y,
        size: item.size,
        ascent: item.ascent,
        descent: item.descent,
        flushStart: i === 0,
        flushEnd: end === chars.length,
      });
    }
    i = end;
  }
  return pieces;
}

/** Glues pieces that pdf.js split mid-word (a font change, a kerning adjustment). */
function joinsPrevious(prev: Piece, next: Piece): boolean {
  if (!prev.flushEnd || !next.flushStart) return false;
  if (/\d$/u.test(prev.text) && /^\d/u.test(next.text)) return false; // two number columns touching, not one number
  const size = Math.max(prev.size, next.size);
  const gap = next.x0 - prev.x1;
  return Math.abs(next.baseline - prev.baseline) < 0.25 * size &&
    next.size / prev.size < 1.5 && prev.size / next.size < 1.5 &&
    gap > -0.25 * size && gap < JOIN_GAP * size;
}

function piecesOfPage(items: PlacedItem[]): Piece[] {
  const out: Piece[] = [];
  for (const item of items) {
    const pieces = piecesOf(item);
    const first = pieces[0];
    const prev = out[out.length - 1];
    if (first && prev && joinsPrevious(prev, first)) {
      out[out.length - 1] = { ...prev, text: prev.text + first.text, x1: Math.max(prev.x1, first.x1), flushEnd: first.flushEnd };
      pieces.shift();
    }
    out.push(...pieces);
  }
  return out;
}

function toWord(piece: Piece, order: 'auto' | 'visual'): Word {
  return {
    text: repairVisualOrder(piece.text, order),
    x0: piece.x0,
    x1: piece.x1,
    y0: piece.baseline - piece.ascent * piece.size,
    y1: piece.baseline - piece.descent * piece.size,
  };
}

// ── Scanned pages ───────────────────────────────────────────────────────────────────────────

/** Does an image cover a large part of the page (a scan under a stray line of text)? */
async function hasPageSizedImage(page: PDFPageProxy, pdfjs: PdfJs): Promise<boolean> {
  const { OPS } = pdfjs;
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const pageArea = Math.abs((x1 - x0) * (y1 - y0)) || 1;
  const list = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const matrix = args?.[0];
      if (Array.isArray(matrix) && matrix.length === 6) ctm = multiply(ctm, matrix as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageXObjectRepeat) {
      if (Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) >= LARGE_IMAGE_SHARE * pageArea) return true;
    }
  }
  return false;
}

/** Why a page needs OCR: it has no text, its text cannot be decoded, or it is an image under a stray line of text. */
type ScanReason = 'no-text' | 'undecodable' | null;

async function scanReason(page: PDFPageProxy, text: PageText, pdfjs: PdfJs): Promise<ScanReason> {
  if (text.chars === 0) return 'no-text';
  if (text.undecoded > MAX_UNDECODED_SHARE * text.chars) return 'undecodable';
  if (text.chars >= SPARSE_TEXT_CHARS) return null;
  return (await hasPageSizedImage(page, pdfjs)) ? 'no-text' : null;
}

// ── Errors and time limits ──────────────────────────────────────────────────────────────────

function oneLine(message: string): string {
  const line = message.split('\n')[0]!.trim().replace(/\.$/, '');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function toUserError(error: unknown, file: string, where?: string): UserError {
  if (isUserError(error)) return error;
  const e = error as { name?: string; message?: string; code?: number };
  if (e?.name === 'PasswordException') {
    return new UserError('PDF_ENCRYPTED', { file, detail: e.code === 2 ? 'the password given is wrong' : 'it needs a password to open' });
  }
  const message = oneLine(String(e?.message ?? error));
  return new UserError('PDF_CORRUPT', { file, detail: where ? `${where}: ${message}` : message });
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => UserError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Cheap checks before pdf.js: the header, and the end-of-file marker a truncated file lacks. */
function checkEnvelope(bytes: Uint8Array, file: string): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buffer.subarray(0, 1024).includes('%PDF-', 0, 'latin1')) {
    throw new UserError('PDF_CORRUPT', { file, detail: 'it does not start like a PDF' });
  }
  if (buffer.lastIndexOf('%%EOF', undefined, 'latin1') < 0) {
    throw new UserError('PDF_CORRUPT', { file, detail: 'the file is truncated (no end-of-file marker)' });
  }
}

function pageList(numbers: number[]): string {
  return numbers.length === 1 ? `page ${numbers[0]}` : `pages ${numbers.join(', ')}`;
}

function scannedDetail(pages: Array<{ number: number; scanned: ScanReason }>): string {
  const list = (reason: ScanReason): number[] => pages.filter((p) => p.scanned === reason).map((p) => p.number);
  const has = (n: number[]): string => (n.length === 1 ? 'has' : 'have');
  const noText = list('no-text');
  const undecodable = list('undecodable');
  return [
    noText.length ? `${pageList(noText)} ${has(noText)} no text layer` : '',
    undecodable.length ? `${pageList(undecodable)} ${has(undecodable)} text that cannot be decoded (a font without a character map)` : '',
  ].filter(Boolean).join('; ');
}

// ── The reader ──────────────────────────────────────────────────────────────────────────────

async function openDocument(bytes: Uint8Array, file: string): Promise<{ pdfjs: PdfJs; doc: PDFDocumentProxy; destroy: () => Promise<void> }> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // a copy, and a plain Uint8Array (pdf.js refuses a Buffer and may take the buffer over)
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  });
  const destroy = async (): Promise<void> => { await task.destroy().catch(() => undefined); };
  try {
    const doc = await withTimeout(task.promise, OPEN_TIMEOUT_MS, () =>
      new UserError('PDF_CORRUPT', { file, detail: `pdf.js could not open it within ${OPEN_TIMEOUT_MS / 1000} s` }));
    return { pdfjs, doc, destroy };
  } catch (error) {
    await destroy();
    throw toUserError(error, file);
  }
}

interface ReadPage {
  number: number;
  page: PDFPageProxy;
  text: PageText;
  scanned: ScanReason;
}

async function readPage(doc: PDFDocumentProxy, number: number, pdfjs: PdfJs, file: string): Promise<ReadPage> {
  const work = async (): Promise<ReadPage> => {
    const page = await doc.getPage(number);
    const content = await page.getTextContent();
    const text = straighten({ ...placeItems(page, content), number });
    return { number, page, text, scanned: await scanReason(page, text, pdfjs) };
  };
  try {
    return await withTimeout(work(), PAGE_TIMEOUT_MS, () =>
      new UserError('PDF_CORRUPT', { file, detail: `page ${number} could not be read within ${PAGE_TIMEOUT_MS / 1000} s` }));
  } catch (error) {
    throw toUserError(error, file, `page ${number}`);
  }
}

/**
 * Reads a PDF into pages of laid-out lines.
 * Throws UserError PDF_CORRUPT, PDF_ENCRYPTED, PDF_TOO_MANY_PAGES, or PDF_SCANNED_NO_OCR (a page
 * without a text layer and no `ocrPage`).
 */
export async function readPdf(bytes: Uint8Array, fileName: string, options: ReadPdfOptions = {}): Promise<IngestedDocument> {
  checkEnvelope(bytes, fileName);
  const { pdfjs, doc, destroy } = await openDocument(bytes, fileName);
  try {
    if (doc.numPages > MAX_PDF_PAGES) {
      throw new UserError('PDF_TOO_MANY_PAGES', { file: fileName, detail: `${doc.numPages} pages, the limit is ${MAX_PDF_PAGES}` });
    }
    const pages: ReadPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) pages.push(await readPage(doc, n, pdfjs, fileName));

    if (pages.some((p) => p.scanned) && !options.ocrPage) {
      throw new UserError('PDF_SCANNED_NO_OCR', { file: fileName, detail: scannedDetail(pages) });
    }
    return await assemble(pages, bytes, fileName, options);
  } finally {
    await destroy();
  }
}

/** OCR for the scanned pages. Every call settles before the document is closed, even when one fails. */
async function ocrScannedPages(pages: ReadPage[], bytes: Uint8Array, options: ReadPdfOptions): Promise<Map<number, IngestedPage>> {
  const results = new Map<number, IngestedPage>();
  const { ocrPage } = options;
  if (!ocrPage) return results;
  const settled = await Promise.allSettled(pages.filter((p) => p.scanned).map(async (p) => {
    results.set(p.number, await ocrPage(p.number, { bytes, pdfPage: p.page }));
  }));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}

async function assemble(pages: ReadPage[], bytes: Uint8Array, fileName: string, options: ReadPdfOptions): Promise<IngestedDocument> {
  const warnings: string[] = [];
  const textPages = pages.filter((p) => !p.scanned);
  const pieces = new Map(textPages.map((p) => [p.number, piecesOfPage(p.text.items)]));

  // Devanagari order is a property of the generator: decide once for the whole document.
  const allText = [...pieces.values()].flatMap((ps) => ps.map((p) => p.text));
  const visual = allText.some(looksVisualOrder);
  if (visual) warnings.push('Devanagari text was in visual order (as some PDF generators write it) and was reordered');
  const words = new Map([...pieces].map(([n, ps]) => [n, ps.map((p) => toWord(p, visual ? 'visual' : 'auto'))]));

  // One column scale for the whole document, so a table keeps its columns across pages.
  const metrics = estimateMetrics([...words.values()].flat());
  const ocrResults = await ocrScannedPages(pages, bytes, options);

  const laidOut: IngestedPage[] = pages.map((p) => {
    const ocr = ocrResults.get(p.number);
    if (ocr) return { ...ocr, number: p.number, source: 'ocr', lines: ocr.lines.map((l) => ({ ...l, page: p.number })) };
    return { number: p.number, source: 'pdf_text', lines: layoutWords(words.get(p.number) ?? [], p.number, metrics), ocrConfidence: null };
  });

  const skewed = pages.reduce((s, p) => s + p.text.skewed, 0);
  if (skewed > 0) warnings.push(`${skewed} turned or diagonal text fragment(s) (stamps, watermarks) were left out`);
  if (ocrResults.size > 0) warnings.push(`${pageList([...ocrResults.keys()].sort((a, b) => a - b))} had no text layer and went through OCR`);

  const { pages: kept, dropped } = dropRepeatedHeadersFooters(laidOut.map((p) => p.lines));
  if (dropped > 0) warnings.push(`${dropped} repeated page header/footer line(s) were dropped`);
  const finalPages = laidOut.map((p, i): IngestedPage => ({ ...p, lines: kept[i] as Line[] }));

  const ocrConfidences = finalPages.map((p) => p.ocrConfidence).filter((c): c is number => c !== null);
  return {
    fileName,
    source: ocrResults.size > 0 ? 'ocr' : 'pdf_text',
    pages: finalPages,
    ocrConfidence: ocrConfidences.length ? ocrConfidences.reduce((s, c) => s + c, 0) / ocrConfidences.length : null,
    warnings,
  };
}
