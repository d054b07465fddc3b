// Image clean-up before OCR. Each step can be switched on or off so its effect can be measured
// (test/fixtures/images/measure-cleanup.ts); DEFAULT_CLEANUP keeps the steps that paid off.
import sharp, { type Sharp } from 'sharp';
import {
  binarize, downsample, estimateSkew, flattenBackground, inkMask, medianGlyphHeight, type GrayImage,
} from './gray.ts';

export interface CleanupSteps {
  /** Rotate small skews (up to ±6°) level. */
  deskew: boolean;
  /** Divide by the paper's brightness: removes shadows and gradients. */
  flatten: boolean;
  /** Hard black/white threshold (Otsu) after flattening. */
  binarize: boolean;
  /** 3×3 median filter against speckle noise. */
  denoise: boolean;
  /** Enlarge images whose glyphs are too small for Tesseract (and shrink huge ones). */
  rescale: boolean;
}

export const DEFAULT_CLEANUP: CleanupSteps = {
  deskew: true,
  flatten: true,
  binarize: false,
  denoise: false,
  rescale: true,
};

export const NO_CLEANUP: CleanupSteps = { deskew: false, flatten: false, binarize: false, denoise: false, rescale: false };

/** Median glyph height (caps, digits and lower-case mixed) Tesseract reads best, in pixels. */
const TARGET_GLYPH_PX = 26;
const MAX_UPSCALE = 4;
/** Images are shrunk only when glyphs are larger than this (saves time on phone photos). */
const SHRINK_ABOVE_GLYPH_PX = 60;
/** Analysis (glyph size, skew) runs on a copy at most this wide. */
const ANALYSIS_WIDTH = 1400;

export interface PreparedImage {
  png: Buffer;
  width: number;
  height: number;
  /** Prepared pixels per source pixel. */
  scale: number;
  /** Degrees the text was rotated to level it (0 when not deskewed). */
  skew: number;
  /** Median glyph height in source pixels, null when it could not be measured. */
  glyphHeight: number | null;
}

/** Decodes any sharp input to one 8-bit grey channel, applying EXIF orientation. */
export async function toGray(input: Sharp): Promise<GrayImage> {
  const { data, info } = await input
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected a grey image, got ${info.channels} channels`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export interface PageAnalysis {
  glyphHeight: number | null;
  skew: number;
}

/** Measures glyph size and skew on a reduced, flattened, thresholded copy. */
export function analysePage(gray: GrayImage): PageAnalysis {
  const f = Math.max(1, Math.ceil(gray.width / ANALYSIS_WIDTH));
  const small = flattenBackground(downsample(gray, f));
  const mask = inkMask(small);
  const glyph = medianGlyphHeight(mask, small.width, small.height);
  return { glyphHeight: glyph === null ? null : glyph * f, skew: estimateSkew(mask, small.width, small.height) };
}

export function rescaleFactor(glyphHeight: number | null): number {
  if (glyphHeight === null || glyphHeight <= 0) return 1;
  if (glyphHeight < TARGET_GLYPH_PX * 0.85) return Math.min(MAX_UPSCALE, TARGET_GLYPH_PX / glyphHeight);
  if (glyphHeight > SHRINK_ABOVE_GLYPH_PX) return TARGET_GLYPH_PX * 1.4 / glyphHeight;
  return 1;
}

export async function prepareForOcr(gray: GrayImage, steps: CleanupSteps = DEFAULT_CLEANUP): Promise<PreparedImage> {
  const needsAnalysis = steps.deskew || steps.rescale;
  const analysis = needsAnalysis ? analysePage(gray) : { glyphHeight: null, skew: 0 };
  let img = steps.flatten ? flattenBackground(gray) : gray;
  const skew = steps.deskew && Math.abs(analysis.skew) >= 0.3 ? analysis.skew : 0;
  const scale = steps.rescale ? rescaleFactor(analysis.glyphHeight) : 1;
  let pipeline = sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 1 },
  });
  if (steps.denoise) {
    const denoised = await pipeline.median(3).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    pipeline = sharp(denoised.data, { raw: { width: denoised.info.width, height: denoised.info.height, channels: 1 } });
  }
  if (skew !== 0) pipeline = pipeline.rotate(skew, { background: '#ffffff' });
  if (scale !== 1) {
    const resized = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    pipeline = sharp(resized.data, { raw: { width: resized.info.width, height: resized.info.height, channels: 1 } })
      .resize({ width: Math.round(resized.info.width * scale), kernel: scale > 1 ? 'cubic' : 'lanczos3' });
  }
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  img = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  if (steps.binarize) img = binarize(img);
  const png = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 1 },
  }).png({ compressionLevel: 1 }).toBuffer();
  return { png, width: img.width, height: img.height, scale, skew, glyphHeight: analysis.glyphHeight };
}

/** Turns a grey image by a multiple of 90° (clockwise). */
export async function rotateQuarter(gray: GrayImage, degrees: 90 | 180 | 270): Promise<GrayImage> {
  const { data, info } = await sharp(Buffer.from(gray.data.buffer, gray.data.byteOffset, gray.data.length), {
    raw: { width: gray.width, height: gray.height, channels: 1 },
  }).rotate(degrees).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
