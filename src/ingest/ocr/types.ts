// The OCR engines' common shape. An engine turns one prepared page image (PNG) into positioned
// words in that image's pixel space; everything engine-specific stays behind this interface.
import type { Word } from '../types.ts';

export type OcrEngineName = 'native' | 'tesseractjs';

/** Tesseract language sets we run. Hindi is never run alone: it loses Latin digits. */
export type OcrLangs = 'eng' | 'eng+hin';

export interface OcrOptions {
  langs: OcrLangs;
  /** Tesseract page segmentation mode; defaults to the engine's measured best. */
  psm?: number;
  /** Resolution the image stands for, so Tesseract's size heuristics work (default 300). */
  dpi?: number;
  /** Aborts the recognition (the engine kills its process or worker). */
  signal?: AbortSignal;
}

export interface OcrResult {
  words: Word[];
  width: number;
  height: number;
  /** 0..1 mean word confidence; 0 when no word was found. */
  confidence: number;
}

export interface OcrEngine {
  readonly name: OcrEngineName;
  /** `png`: a PNG, or a PGM/PBM as prepareForOcr writes them. */
  recognize(png: Buffer, opts: OcrOptions): Promise<OcrResult>;
  close(): Promise<void>;
}

/** Page segmentation mode used unless a caller asks otherwise (see bench/ocr.bench.ts). */
export const DEFAULT_PSM = 4;

/**
 * Tesseract parameters both engines run with.
 * - textord_all_prop: skip the fixed-pitch (typewriter) analysis of every text row, about 5% of
 *   a page's instructions. It only steers the legacy engine's character cells; with the LSTM
 *   recogniser the words read were identical on every measured page, monospaced bills included.
 */
export const TESSERACT_PARAMS: Readonly<Record<string, string>> = {
  textord_all_prop: '1',
};
