// Opens an image file (PNG, JPEG, WebP, TIFF with one or more pages) for OCR. Limits are
// checked from the header before any pixel is decoded, so a decompression bomb or a
// 20,000 × 20,000 image is refused, not attempted; pages are decoded one at a time, on demand.
import sharp, { type Metadata } from 'sharp';
import { UserError } from '../domain/errors.ts';
import { MAX_IMAGE_PAGES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from '../domain/limits.ts';
import { toGray } from './ocr/preprocess.ts';
import type { GrayImage } from './ocr/gray.ts';

const FORMATS = new Set(['png', 'jpeg', 'webp', 'tiff']);

export interface ImagePage {
  /** 0-based page index inside the file. */
  index: number;
  width: number;
  height: number;
  /** Decodes this page to grey pixels (EXIF orientation applied). */
  decode(): Promise<GrayImage>;
}

// Reading metadata parses the header only; the pixel limit guards decoding (and is checked
// against the header first, with a clear message, in checkSize).
const open = (bytes: Uint8Array, page?: number, limit: number | false = MAX_IMAGE_PIXELS) => sharp(bytes, {
  limitInputPixels: limit,
  failOn: 'error',
  ...(page === undefined ? {} : { page }),
});

/** The pages of an image file, checked against the limits. Throws IMAGE_UNREADABLE, IMAGE_TOO_LARGE, IMAGE_TOO_MANY_PAGES, UNSUPPORTED_TYPE. */
export async function openImagePages(bytes: Uint8Array, fileName: string): Promise<ImagePage[]> {
  const meta = await readMetadata(bytes, fileName);
  if (!meta.format || !FORMATS.has(meta.format)) {
    throw new UserError('UNSUPPORTED_TYPE', { file: fileName, detail: `${meta.format ?? 'unknown'} images are not read; use PNG, JPEG, WebP or TIFF` });
  }
  const count = meta.format === 'tiff' ? meta.pages ?? 1 : 1;
  if (count > MAX_IMAGE_PAGES) {
    throw new UserError('IMAGE_TOO_MANY_PAGES', { file: fileName, detail: `${count} pages, the limit is ${MAX_IMAGE_PAGES}` });
  }
  const pages: ImagePage[] = [];
  for (let index = 0; index < count; index++) {
    const m = count === 1 ? meta : await readMetadata(bytes, fileName, index);
    const { width = 0, height = 0 } = m;
    checkSize(width, height, fileName, count > 1 ? index + 1 : undefined);
    pages.push({ index, width, height, decode: () => decodePage(bytes, fileName, count > 1 ? index : undefined) });
  }
  return pages;
}

async function readMetadata(bytes: Uint8Array, fileName: string, page?: number): Promise<Metadata> {
  try {
    return await open(bytes, page, false).metadata();
  } catch (error) {
    throw decodeError(error, fileName);
  }
}

function checkSize(width: number, height: number, fileName: string, page?: number): void {
  const where = page === undefined ? '' : `page ${page}: `;
  if (width <= 0 || height <= 0) throw new UserError('IMAGE_UNREADABLE', { file: fileName, detail: `${where}the image has no size` });
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new UserError('IMAGE_TOO_LARGE', {
      file: fileName,
      detail: `${where}${width} × ${height} pixels; the limit is ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1e6} million in all`,
    });
  }
}

async function decodePage(bytes: Uint8Array, fileName: string, page?: number): Promise<GrayImage> {
  try {
    return await toGray(open(bytes, page));
  } catch (error) {
    throw decodeError(error, fileName);
  }
}

function decodeError(error: unknown, fileName: string): UserError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new UserError('IMAGE_TOO_LARGE', { file: fileName, detail: message });
  return new UserError('IMAGE_UNREADABLE', { file: fileName, detail: firstLine(message) });
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/^Input (buffer|file) /i, '').slice(0, 200);
}
