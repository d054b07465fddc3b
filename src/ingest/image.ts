// The image reader: photos and scans of a bill (PNG, JPEG, WebP, TIFF; each image or TIFF page
// is one page of the bill) go through OCR on a shared pool of engines and come out as pages of
// laid-out lines, like every other reader. Also OCRs the scanned pages of PDFs.
import { UserError, isUserError } from '../domain/errors.ts';
import { MAX_IMAGE_PAGES, MAX_IMAGE_PIXELS, OCR_PAGE_TIMEOUT_MS } from '../domain/limits.ts';
import { openImagePages, type ImagePage } from './image-decode.ts';
import { layoutWords } from './layout.ts';
import { engineChoiceFromEnv, engineFactory, type OcrEngineChoice } from './ocr/engine.ts';
import { ocrPreparedPage, preparePage, DEFAULT_PAGE_OCR, type LangPolicy, type PageOcrResult } from './ocr/page.ts';
import { defaultPoolSize, OcrPool, OcrTimeoutError } from './ocr/pool.ts';
import { toGray, type CleanupSteps } from './ocr/preprocess.ts';
import type { GrayImage } from './ocr/gray.ts';
import type { OcrEngineName } from './ocr/types.ts';
import type { IngestedDocument, IngestedPage } from './types.ts';
import sharp from 'sharp';

export interface ImageReadOptions {
  /** Default: MEDBILLGUARD_OCR_ENGINE, else auto. */
  engine?: OcrEngineChoice;
  /** Default 'auto': English, plus Hindi when a page shows Devanagari. */
  langs?: LangPolicy;
  cleanup?: CleanupSteps;
  /** Per page, from decoding to the last word. Default OCR_PAGE_TIMEOUT_MS. */
  timeoutMs?: number;
}

interface SharedPool {
  name: OcrEngineName;
  pool: OcrPool;
}

const pools = new Map<OcrEngineChoice, Promise<SharedPool>>();

/** The process-wide pool for an engine choice, created on first use. */
function poolFor(choice: OcrEngineChoice): Promise<SharedPool> {
  let shared = pools.get(choice);
  if (!shared) {
    shared = engineFactory(choice).then(({ name, create }) => ({ name, pool: new OcrPool(create, defaultPoolSize(name)) }));
    shared.catch(() => pools.delete(choice));
    pools.set(choice, shared);
  }
  return shared;
}

/** Stops every OCR worker (tesseract.js threads); later calls start new ones. */
export async function closeOcr(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.then((s) => s.pool.close(), () => undefined)));
}

/** Which engine OCR runs on here (for reports and benchmarks). */
export async function ocrEngineName(opts: ImageReadOptions = {}): Promise<OcrEngineName> {
  return (await poolFor(opts.engine ?? engineChoiceFromEnv())).name;
}

/** Reads images as the pages of ONE bill, in the order given (a multi-page TIFF gives several pages). */
export async function readImages(files: Array<{ bytes: Uint8Array; fileName: string }>, opts: ImageReadOptions = {}): Promise<IngestedDocument> {
  if (files.length === 0) throw new UserError('BAD_USAGE', { detail: 'no image given' });
  // Headers first: every limit is checked before any page is decoded or read.
  const sources: Array<{ fileName: string; page: ImagePage }> = [];
  for (const file of files) {
    for (const page of await openImagePages(file.bytes, file.fileName)) sources.push({ fileName: file.fileName, page });
    if (sources.length > MAX_IMAGE_PAGES) {
      throw new UserError('IMAGE_TOO_MANY_PAGES', { file: file.fileName, detail: `${files.length > 1 ? 'the images given as one bill have' : 'the image has'} more than ${MAX_IMAGE_PAGES} pages, the limit` });
    }
  }
  const results = await Promise.all(sources.map((s, i) =>
    ocrPage(() => s.page.decode(), i + 1, s.fileName, opts)));
  const pages = results.map((r) => r.page);
  const warnings = results.flatMap((r, i) => pageWarnings(r.ocr, i + 1, sources.length));
  return {
    fileName: files.map((f) => f.fileName).join(' + '),
    source: 'ocr',
    pages,
    ocrConfidence: pages.reduce((s, p) => s + (p.ocrConfidence ?? 0), 0) / pages.length,
    warnings,
  };
}

/** OCRs a page image that the caller rendered (a scanned PDF page) as page `pageNumber`. */
export async function ocrRenderedPage(png: Uint8Array, pageNumber: number, opts: ImageReadOptions & { fileName?: string } = {}): Promise<IngestedPage> {
  const fileName = opts.fileName ?? `page ${pageNumber}`;
  return (await ocrPage(() => toGray(sharp(png, { limitInputPixels: MAX_IMAGE_PIXELS })), pageNumber, fileName, opts)).page;
}

/**
 * OCRs one page on the pool: `load` (decode or render) and the clean-up run in the pool's
 * preparation stage, so only twice as many pages as there are engines are held in memory at once.
 */
export async function ocrPage(
  load: () => Promise<GrayImage>,
  pageNumber: number,
  fileName: string,
  opts: ImageReadOptions = {},
): Promise<{ page: IngestedPage; ocr: PageOcrResult }> {
  const { name, pool } = await poolFor(opts.engine ?? engineChoiceFromEnv());
  const timeoutMs = opts.timeoutMs ?? OCR_PAGE_TIMEOUT_MS;
  try {
    const cleanup = opts.cleanup ?? DEFAULT_PAGE_OCR.cleanup;
    // Decoding and clean-up run while the engines read earlier pages.
    const ocr = await pool.runPrepared(
      async () => preparePage(await load(), name, cleanup),
      (engine, signal, prepared) => ocrPreparedPage(engine, prepared, { langs: opts.langs ?? DEFAULT_PAGE_OCR.langs, cleanup, signal }),
      timeoutMs,
    );
    const page: IngestedPage = {
      number: pageNumber,
      source: 'ocr',
      lines: layoutWords(ocr.words, pageNumber),
      ocrConfidence: round3(ocr.confidence),
    };
    return { page, ocr };
  } catch (error) {
    if (isUserError(error)) throw error;
    if (error instanceof OcrTimeoutError) {
      throw new UserError('OCR_FAILED', { file: fileName, detail: `page ${pageNumber}: ${error.message}` });
    }
    throw new UserError('OCR_FAILED', { file: fileName, detail: `page ${pageNumber}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function pageWarnings(ocr: PageOcrResult, n: number, total: number): string[] {
  const where = total > 1 ? `page ${n}` : 'the image';
  const out: string[] = [];
  if (ocr.rotation !== 0) out.push(`${where} was turned ${ocr.rotation}° and was read the right way up`);
  if (ocr.words.length === 0) out.push(`no text was found on ${where}`);
  else if (ocr.confidence < 0.6) out.push(`${where} was hard to read (OCR confidence ${Math.round(ocr.confidence * 100)}%); check the numbers`);
  return out;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
