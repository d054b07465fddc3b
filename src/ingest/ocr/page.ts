// OCR of one page image: clean-up, recognition, orientation recovery, Hindi when the page has
// Devanagari, and words mapped back to the source image's pixels.
import type { Word } from '../types.ts';
import { pageLineDirection, prepareForOcr, rotateQuarter, DEFAULT_CLEANUP, type CleanupSteps, type PreparedImage } from './preprocess.ts';
import type { GrayImage } from './gray.ts';
import type { OcrEngine, OcrEngineName, OcrLangs, OcrResult } from './types.ts';

/** 'auto' reads English first and adds Hindi when the page shows Devanagari (see needsHindi). */
export type LangPolicy = 'auto' | OcrLangs;

export interface PageOcrOptions {
  langs: LangPolicy;
  cleanup: CleanupSteps;
  signal?: AbortSignal;
}

export interface PageOcrResult {
  words: Word[];
  /** Size of the page as read (after any quarter turn), in source pixels. */
  width: number;
  height: number;
  confidence: number;
  /** Clockwise quarter turn applied to read the page (0 when it was upright). */
  rotation: 0 | 90 | 180 | 270;
  skew: number;
  langs: OcrLangs;
}

/** Below this mean confidence (or with almost no words) the page may be turned: try the other orientations. */
const ORIENTATION_RETRY_BELOW = 0.6;
/** An orientation this good is taken without trying the rest. */
const ORIENTATION_GOOD_ENOUGH = 0.8;
const MIN_WORDS = 4;
/** An English-model word this unsure is likely Devanagari (see needsHindi). */
const HINDI_SUSPECT_BELOW = 0.3;

/** A Devanagari letter (not a digit or sign: a row of dots read with Hindi comes out as ०, ५ and marks). */
const DEVANAGARI_LETTER = /[\u0904-\u0939\u0958-\u0961\u0972-\u097F]/;

/** Hindi words the Hindi reading must find to be kept: noise read with the Hindi model makes single stray letters. */
const MIN_HINDI_WORDS = 2;

/** Words of two or more Devanagari letters read with some confidence: Hindi text, not noise. */
export function hasHindiWords(words: readonly Word[]): boolean {
  let found = 0;
  for (const w of words) {
    if ((w.confidence ?? 0) < 0.5) continue;
    let letters = 0;
    for (const ch of w.text) if (DEVANAGARI_LETTER.test(ch)) letters++;
    if (letters >= 2 && ++found >= MIN_HINDI_WORDS) return true;
  }
  return false;
}

export const DEFAULT_PAGE_OCR: PageOcrOptions = { langs: 'auto', cleanup: DEFAULT_CLEANUP };

/** A page decoded and cleaned up for reading upright, before any engine is involved. */
export interface PreparedPage {
  gray: GrayImage;
  /** Each orientation is cleaned up once, however many language sets read it. */
  turns: Map<number, Promise<TurnedPage>>;
}

/** Cleans the page up for reading upright by `engine` (the work that can run while an engine reads another page). */
export async function preparePage(gray: GrayImage, engine: OcrEngineName, cleanup: CleanupSteps = DEFAULT_CLEANUP): Promise<PreparedPage> {
  const upright = turnAndPrepare(gray, 0, cleanup, engine);
  await upright;
  return { gray, turns: new Map([[0, upright]]) };
}

export async function ocrPreparedPage(engine: OcrEngine, page: PreparedPage, opts: PageOcrOptions = DEFAULT_PAGE_OCR): Promise<PageOcrResult> {
  const { gray, turns } = page;
  const firstLangs: OcrLangs = opts.langs === 'eng+hin' ? 'eng+hin' : 'eng';
  const readTurned = (rotation: 0 | 90 | 180 | 270, langs: OcrLangs): Promise<PageOcrResult> => {
    let turned = turns.get(rotation);
    if (!turned) {
      turned = turnAndPrepare(gray, rotation, opts.cleanup, engine.name);
      turns.set(rotation, turned);
    }
    return turned.then((t) => readPrepared(engine, t, rotation, langs, opts));
  };
  let best = await readTurned(0, firstLangs);
  if (looksUnread(best)) {
    // Lines running across the page leave only upside down; lines running down it, a quarter turn.
    const direction = pageLineDirection(gray);
    const candidates = direction === 'horizontal' ? [180] as const : direction === 'vertical' ? [90, 270] as const : [180, 90, 270] as const;
    for (const rotation of candidates) {
      const candidate = await readTurned(rotation, firstLangs);
      if (score(candidate) > score(best)) best = candidate;
      if (!looksUnread(best) && best.confidence >= ORIENTATION_GOOD_ENOUGH) break;
    }
  }
  if (opts.langs === 'auto' && needsHindi(best)) {
    const withHindi = await readTurned(best.rotation, 'eng+hin');
    if (hasHindiWords(withHindi.words) && score(withHindi) >= score(best) * 0.9) best = withHindi;
  }
  return best;
}

export interface TurnedPage {
  width: number;
  height: number;
  prepared: PreparedImage;
}

async function turnAndPrepare(source: GrayImage, rotation: 0 | 90 | 180 | 270, cleanup: CleanupSteps, engine: OcrEngineName): Promise<TurnedPage> {
  const gray = rotation === 0 ? source : await rotateQuarter(source, rotation);
  return { width: gray.width, height: gray.height, prepared: await prepareForOcr(gray, cleanup, engine) };
}

async function readPrepared(engine: OcrEngine, page: TurnedPage, rotation: 0 | 90 | 180 | 270, langs: OcrLangs, opts: PageOcrOptions): Promise<PageOcrResult> {
  const { prepared } = page;
  const result: OcrResult = await engine.recognize(prepared.image, { langs, signal: opts.signal, dpi: 300 });
  const pipes = pipeRowBars(result.words);
  const specks = leaderSpecks(result.words);
  const words = barsAsLetterI(result.words, pipes)
    .filter((w) => pipes.has(w) || (isReal(w) && !specks.has(w)))
    .map((w) => unscale(repairNumberPunctuation(repairLetters(trimLeaderTail(w))), prepared.scale));
  // Mean over the words OCR gave a confidence for (a word freed of its leader has none).
  const rated = words.filter((w) => w.confidence !== undefined);
  const confidence = rated.length ? rated.reduce((s, w) => s + w.confidence!, 0) / rated.length : 0;
  return { words, width: page.width, height: page.height, confidence, rotation, skew: prepared.skew, langs };
}

/**
 * A capital I in a sans-serif font is a bare stroke, which Tesseract often reads as '|'
 * ("Troponin |", "HIV | & II"). A bar standing a word space after a word on the same line is
 * that letter; a table rule stands apart (cell padding) or alone, and is dropped by isReal.
 */
export function barsAsLetterI(words: readonly Word[], keep: ReadonlySet<Word> = new Set()): Word[] {
  return words.map((w, i) => {
    if (w.text !== '|' || i === 0 || keep.has(w)) return w;
    const prev = words[i - 1]!;
    const lineHeight = prev.y1 - prev.y0;
    const sameLine = Math.min(w.y1, prev.y1) - Math.max(w.y0, prev.y0) > 0.5 * Math.min(lineHeight, w.y1 - w.y0);
    const gap = w.x0 - prev.x1;
    const barTooTall = w.y1 - w.y0 > 1.6 * lineHeight;
    return sameLine && !barTooTall && gap > 0 && gap < 0.8 * lineHeight && /\p{L}|\p{N}/u.test(prev.text) ? { ...w, text: 'I' } : w;
  });
}

const overlapY = (a: Word, b: Word): number =>
  (Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0)) / Math.max(1e-9, Math.min(a.y1 - a.y0, b.y1 - b.y0));

/**
 * The bars of a table drawn with `|` characters (a plain-text report printed, then scanned):
 * Tesseract reads them well, and they separate the row's fields (layout's splitPipes reads
 * them as the plain-text reader does). A bar is one when at least three bars stand on one row,
 * chained left to right by vertical overlap so a slight skew does not break the row.
 */
export function pipeRowBars(words: readonly Word[]): Set<Word> {
  const bars = words.filter((w) => w.text === '|' && (w.confidence ?? 0) >= 0.5).sort((a, b) => a.x0 - b.x0);
  const rows: Word[][] = [];
  for (const bar of bars) {
    const row = rows.find((r) => overlapY(r[r.length - 1]!, bar) > 0.5);
    if (row) row.push(bar);
    else rows.push([bar]);
  }
  return new Set(rows.filter((r) => r.length >= 3).flat());
}

/**
 * A dotted leader ("Platelet Count ........ 29.00") in a fixed-pitch font is often read as a run
 * of unsure letters ("ce eee ee ees", or Devanagari signs when Hindi is tried): words whose boxes
 * are only as tall as a dot. An unsure word without digits under 40% of the page's usual word
 * height is such a speck; dropping it leaves the gap a leader is (and keeps it from looking like
 * Devanagari to needsHindi).
 */
export function leaderSpecks(words: readonly Word[]): Set<Word> {
  const heights = words.filter((w) => (w.confidence ?? 0) >= 0.6 && /\p{L}|\p{N}/u.test(w.text)).map((w) => w.y1 - w.y0).sort((a, b) => a - b);
  if (heights.length < 5) return new Set();
  const usual = heights[heights.length >> 1]!;
  return new Set(words.filter((w) => {
    const conf = w.confidence ?? 0;
    // As tall as a dot: no letter or figure is (whatever it was read as: "ce", "0.0").
    if (conf < 0.5 && w.y1 - w.y0 < 0.4 * usual) return true;
    // Dots of a leader read as figures ("2.00000.", "0...", "-2..0000."): an unsure run of digits and
    // points that is no number a bill prints.
    if (conf < 0.5 && /^[-.,:0-9]+$/.test(w.text) && /\d/.test(w.text) && !WELL_FORMED_NUMBER.test(w.text) && !DATE_OR_TIME.test(w.text)) return true;
    // A lone unsure 0 in a leader, or unsure digits after a leading 0 ("0055", "04-"): dots read as
    // figures (no line charges ₹0, and bills print no amount or quantity with a leading zero).
    if (conf < 0.5 && /^0+$/.test(w.text)) return true;
    if (conf < 0.6 && /^0\d+[-.,]?$/.test(w.text)) return true;
    if (/\d/.test(w.text)) return false;
    // The usual misreads of a row of dots are small round letters; sometimes Tesseract boxes them line-high.
    return (conf < 0.3 && LEADER_JUNK.test(w.text)) || (conf < 0.7 && DOT_RUN.test(w.text));
  }));
}

const LEADER_JUNK = /^[.,:;'`ceosrnuvwaz]+$/;
/** A run of dots as the English model spells it: c's and e's over and over ("cece", "eee", "ccc"), no word. */
const DOT_RUN = /^[.,:]*(?:[ce]{3,}|[ceosnu]*(?:ccc|eee|cec|ece|cee|eec)[ceosnu]*)[.,:]*$/;
/** A word, then the dots of a leader, then perhaps the leader's misread end. */
const LEADER_GLUED = /^(.*?[^.])(\.{3,})(.*)$/;
const LEADER_TAIL_JUNK = /^[.,:;'`ceosrnuvwaz0-9-]+$/;
/** A figure as bills print them: digits, optional Indian or Western grouping, at most two decimals. */
const WELL_FORMED_NUMBER = /^-?(?:\d{1,3}(?:,\d{2,3})+|\d+)(?:\.\d{1,2})?$/;
const DATE_OR_TIME = /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$|^\d{1,2}:\d{2}(?::\d{2})?$/;

/** "Consultation...ccce" / "Medicine.......00." (an unsure word): the dots are a leader, what follows them is its misread end. */
function trimLeaderTail(w: Word): Word {
  if ((w.confidence ?? 0) >= 0.5) return w;
  const m = LEADER_GLUED.exec(w.text);
  if (!m) return w;
  // A leader glued to its amount ("Consultation....350.00") keeps the amount.
  if (m[3] && (!LEADER_TAIL_JUNK.test(m[3]) || /\d\.\d{2}$/.test(w.text))) return w;
  // What OCR was unsure of is the leader, not the word: its confidence says nothing of the word
  // and is left out of the line's (which would otherwise take every dotted line for a bad reading).
  const { confidence: _unsure, ...word } = w;
  return { ...word, text: `${m[1]}${m[2]}` };
}

/**
 * Letter misreads of a fixed-pitch face that break labels and names: "Qty" read as "Oty"/"0ty"
 * (Courier's Q is an O with a short tail), a capital I read as "[" at the start of a word ("[buprofen").
 */
export function repairLetters(w: Word): Word {
  let text = w.text.replace(/^[O0]ty(?=\b|:|$)/, 'Qty').replace(/^Qty[?;]$/, 'Qty:');
  text = text.replace(/^[[\\](?=[a-z]{3})(?!.*\])/, 'I');
  // "1g" read as "lg" (a dose: "Vancomycin lg Injection").
  text = text.replace(/^l(?=(?:g|mg|ml)$)/, '1');
  // The English model has no ₹: it reads the sign glued to an amount as %, $, £, €, ¥, =, ~, *, ™, F, L, T, Z or an unclosed (.
  text = text.replace(/^[%$£€¥=~*™(FLTZz](?=\d{1,3}(?:,\d{2,3})*\.\d{2}$|\d+\.\d{2}$)/, '₹');
  // A 5 read as § at the head of an amount ("§20.50").
  text = text.replace(/^§(?=\d{0,2}(?:,\d{2,3})*\.\d{2}$|\d*\.\d{2}$)/, '5');
  return text === w.text ? w : { ...w, text };
}

/**
 * Tesseract reads table rules and borders as '|' or '_', and specks as unsure lone
 * punctuation: not words. A confident lone '-' (as in "Charges - General") is kept.
 */
function isReal(w: Word): boolean {
  if (/^[|¦_~]+$/.test(w.text)) return false;
  return !(/^[^\p{L}\p{N}]$/u.test(w.text) && (w.confidence ?? 0) < 0.5);
}

/**
 * Number punctuation misread. In Indian (and Western) digit grouping the group before the
 * decimals always has three digits, so:
 *  - a final comma followed by exactly two digits, with no point, is the decimal point ("47,50");
 *  - in a number with several points ("7.500.00"), every point but the last is a group comma.
 */
export function repairNumberPunctuation(w: Word): Word {
  const comma = /^(₹?\d[\d,]*),(\d{2})$/.exec(w.text);
  if (comma) return { ...w, text: `${comma[1]}.${comma[2]}` };
  if (/^₹?\d{1,3}(?:\.\d{2,3})*\.\d{3}\.\d{2}$/.test(w.text)) {
    const last = w.text.lastIndexOf('.');
    return { ...w, text: `${w.text.slice(0, last).replaceAll('.', ',')}${w.text.slice(last)}` };
  }
  return w;
}

function unscale(w: Word, scale: number): Word {
  if (scale === 1) return w;
  return { ...w, x0: w.x0 / scale, x1: w.x1 / scale, y0: w.y0 / scale, y1: w.y1 / scale };
}

function looksUnread(r: PageOcrResult): boolean {
  return r.confidence < ORIENTATION_RETRY_BELOW || r.words.length < MIN_WORDS || looksUpsideDown(r);
}

const MONEY = /^₹?\d{1,3}(?:,\d{2,3})*\.\d{2}$|^₹?\d+\.\d{2}$/;

/**
 * A fixed-pitch page read upside down keeps a fair confidence (its letters turn into other
 * letters: "uotTqjounNg"), but its amounts lose their shape: "350.00" turned is "00'0SE", the
 * point now at the top. A bill's figures are mostly amounts with two decimals; when almost none of
 * the words with digits are, and the reading is not clearly good, the other orientations are tried.
 */
export function looksUpsideDown(r: Pick<PageOcrResult, 'words' | 'confidence'>): boolean {
  if (r.confidence >= ORIENTATION_GOOD_ENOUGH) return false;
  const numeric = r.words.filter((w) => /\d/.test(w.text));
  if (numeric.length < 6) return false;
  return numeric.filter((w) => MONEY.test(w.text)).length < 0.15 * numeric.length;
}

/** Confidence weighted by how much was read: a turned page yields few, unsure words. */
function score(r: PageOcrResult): number {
  const chars = r.words.reduce((s, w) => s + w.text.length * (w.confidence ?? 0), 0);
  return r.confidence * Math.sqrt(chars);
}

/**
 * Devanagari read with the English model comes out as near-zero-confidence nonsense ("feet",
 * "ffaeur" at 0.00–0.2), while English misreads stay around 0.4–0.6. Hindi is added when enough
 * of the page is like that; the Hindi reading is kept only if it finds Devanagari.
 */
export function needsHindi(r: PageOcrResult): boolean {
  // Unsure numbers and words ending in a dotted leader are misread amounts and leaders, not Devanagari.
  const nonsense = r.words.filter((w) => (w.confidence ?? 0) < HINDI_SUSPECT_BELOW && !/\d|\.{3}/.test(w.text)).length;
  return nonsense >= 3 && nonsense / r.words.length >= 0.03;
}
