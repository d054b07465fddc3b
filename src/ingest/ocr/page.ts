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

const DEVANAGARI = /[\u0900-\u097F]/;

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
    if (withHindi.words.some((w) => DEVANAGARI.test(w.text)) && score(withHindi) >= score(best) * 0.9) best = withHindi;
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
  const words = barsAsLetterI(result.words).filter(isReal).map((w) => unscale(repairNumberPunctuation(w), prepared.scale));
  const confidence = words.length ? words.reduce((s, w) => s + (w.confidence ?? 0), 0) / words.length : 0;
  return { words, width: page.width, height: page.height, confidence, rotation, skew: prepared.skew, langs };
}

/**
 * A capital I in a sans-serif font is a bare stroke, which Tesseract often reads as '|'
 * ("Troponin |", "HIV | & II"). A bar standing a word space after a word on the same line is
 * that letter; a table rule stands apart (cell padding) or alone, and is dropped by isReal.
 */
export function barsAsLetterI(words: readonly Word[]): Word[] {
  return words.map((w, i) => {
    if (w.text !== '|' || i === 0) return w;
    const prev = words[i - 1]!;
    const lineHeight = prev.y1 - prev.y0;
    const sameLine = Math.min(w.y1, prev.y1) - Math.max(w.y0, prev.y0) > 0.5 * Math.min(lineHeight, w.y1 - w.y0);
    const gap = w.x0 - prev.x1;
    const barTooTall = w.y1 - w.y0 > 1.6 * lineHeight;
    return sameLine && !barTooTall && gap > 0 && gap < 0.8 * lineHeight && /\p{L}|\p{N}/u.test(prev.text) ? { ...w, text: 'I' } : w;
  });
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
  return r.confidence < ORIENTATION_RETRY_BELOW || r.words.length < MIN_WORDS;
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
  const nonsense = r.words.filter((w) => (w.confidence ?? 0) < HINDI_SUSPECT_BELOW).length;
  return nonsense >= 3 && nonsense / r.words.length >= 0.03;
}
