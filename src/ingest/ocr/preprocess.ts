// Image clean-up before OCR. Each step can be switched on or off so its effect can be measured
// (test/fixtures/images/measure-cleanup.ts); DEFAULT_CLEANUP keeps the steps that paid off.
import sharp, { type Sharp } from 'sharp';
import { encodePbmThresholded, encodePgm } from './image-size.ts';
import type { OcrEngineName } from './types.ts';
import {
  downsample, estimateSkew, flattenBackground, histogram, inkMask, medianHistogram, lineDirection, medianGlyphHeight, otsuThreshold, packBits, paperBackground, paperNoise,
  paperSpread, type GrayImage,
} from './gray.ts';

export interface CleanupSteps {
  /** Rotate small skews (up to ±6°) level. */
  deskew: boolean;
  /** Divide by the paper's brightness: removes shadows and gradients. */
  flatten: boolean;
  /** Hard black/white threshold (Otsu) after flattening. */
  binarize: boolean;
  /** 3×3 median filter against speckle noise, when the paper is noisy (after any enlarging). */
  denoise: boolean;
  /** Enlarge images whose glyphs are too small for Tesseract (and shrink huge ones). */
  rescale: boolean;
}

export const DEFAULT_CLEANUP: CleanupSteps = {
  deskew: true,
  flatten: true,
  binarize: true,
  denoise: true,
  rescale: true,
};

export const NO_CLEANUP: CleanupSteps = { deskew: false, flatten: false, binarize: false, denoise: false, rescale: false };

/** Median glyph height (caps, digits and lower-case mixed) that smaller text is enlarged to, in pixels. */
const TARGET_GLYPH_PX = 24;
/** Text whose median glyph is at least this tall (≈ 10 pt at 200 dpi) is read as it is. */
const ENLARGE_BELOW_GLYPH_PX = 20;
const MAX_UPSCALE = 4;
/** Never enlarge past this many pixels (an A4 page at 300 dpi is 8.7 million): OCR time grows with it. */
const MAX_OCR_PIXELS = 10_000_000;
/**
 * Glyphs larger than `above` are shrunk to `to` pixels (300 dpi scans have ≈ 27–32 px).
 * Tesseract's layout analysis costs grow with the pixels while its line recogniser scales every
 * word to a fixed height anyway. Native tesseract (the Debian "fast" models) reads 300 dpi pages
 * shrunk to 22 px glyphs as well as at 26 px, with about 10% fewer instructions; tesseract.js
 * (the larger "best" models) lost a few words at 22 px, so it keeps 26.4 px.
 */
const SHRINK: Record<OcrEngineName, { above: number; to: number }> = {
  native: { above: 24, to: 22 },
  tesseractjs: { above: 29, to: 26.4 },
};
/** Smaller skews are left to Tesseract: rotating a scan blurs its strokes for little gain. */
const MIN_DESKEW_DEGREES = 1;
/** Paper whose brightness varies less than this (grey levels, see paperSpread) is not flattened. */
const EVEN_PAPER_SPREAD = 24;
/** Paper noise (see paperNoise) above which the median filter runs. */
const NOISY_PAPER = 8;
/** Analysis (glyph size, skew) runs on a copy at most this wide. */
const ANALYSIS_WIDTH = 1000;

export interface PreparedImage {
  /** The page for the engine: PBM when binarised, else PGM (no compression time; Tesseract reads both). */
  image: Buffer;
  width: number;
  height: number;
  /** Prepared pixels per source pixel. */
  scale: number;
  /** Degrees the text was rotated to level it (0 when not deskewed). */
  skew: number;
  /** Median glyph height in source pixels, null when it could not be measured. */
  glyphHeight: number | null;
  /** Paper noise measured (see paperNoise); the median filter ran when it was above NOISY_PAPER. */
  noise: number;
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
  /** Unevenness of the paper's brightness (see paperSpread). */
  paperSpread: number;
}

/** Measures glyph size, skew and paper evenness on a reduced copy (flattened, then thresholded). */
export function analysePage(gray: GrayImage): PageAnalysis {
  const f = Math.max(1, Math.ceil(gray.width / ANALYSIS_WIDTH));
  const reduced = downsample(gray, f);
  // One estimate of the paper serves both the evenness measure and the flattening.
  const background = paperBackground(reduced);
  const small = flattenBackground(reduced, background);
  const mask = inkMask(small);
  const glyph = medianGlyphHeight(mask, small.width, small.height);
  return {
    glyphHeight: glyph === null ? null : glyph * f,
    skew: estimateSkew(mask, small.width, small.height),
    paperSpread: paperSpread(reduced, background),
  };
}

/** Which way the page's text lines run (used to pick which quarter turns to try). */
export function pageLineDirection(gray: GrayImage): 'horizontal' | 'vertical' | 'unknown' {
  const f = Math.max(1, Math.ceil(gray.width / ANALYSIS_WIDTH));
  const small = flattenBackground(downsample(gray, f));
  return lineDirection(inkMask(small), small.width, small.height);
}

export function rescaleFactor(glyphHeight: number | null, engine: OcrEngineName = 'native'): number {
  if (glyphHeight === null || glyphHeight <= 0) return 1;
  if (glyphHeight < ENLARGE_BELOW_GLYPH_PX) return Math.min(MAX_UPSCALE, TARGET_GLYPH_PX / glyphHeight);
  const shrink = SHRINK[engine];
  if (glyphHeight > shrink.above) return shrink.to / glyphHeight;
  return 1;
}

/** Cleans a page up for `engine` (the engines differ only in the glyph size they read best). */
export async function prepareForOcr(gray: GrayImage, steps: CleanupSteps = DEFAULT_CLEANUP, engine: OcrEngineName = 'native'): Promise<PreparedImage> {
  const needsAnalysis = steps.deskew || steps.rescale || steps.flatten;
  const analysis = needsAnalysis ? analysePage(gray) : { glyphHeight: null, skew: 0, paperSpread: 255 };
  const maxScale = Math.max(1, Math.sqrt(MAX_OCR_PIXELS / (gray.width * gray.height)));
  const scale = steps.rescale ? Math.min(rescaleFactor(analysis.glyphHeight, engine), maxScale) : 1;
  // Tesseract follows text lines within about a degree by itself; rotating costs sharpness.
  const skew = steps.deskew && Math.abs(analysis.skew) >= MIN_DESKEW_DEGREES ? analysis.skew : 0;
  // Shrinking comes first (everything after runs on fewer pixels); enlarging comes after
  // flattening and levelling, so those work on the real pixels.
  let img = scale < 1 ? await resizeGray(gray, scale) : gray;
  // Even paper (a flatbed scan) gains nothing from flattening: skip the full-size pass.
  if (steps.flatten && analysis.paperSpread > EVEN_PAPER_SPREAD) img = flattenBackground(img);
  // The histogram (for the noise measure's paper level and for the threshold) is reused for
  // binarising when no later step changes the pixels.
  let hist: Int32Array | undefined = steps.denoise || steps.binarize ? histogram(img) : undefined;
  const noise = steps.denoise ? paperNoise(img, Math.min(250, otsuThreshold(img, hist) + 30)) : 0;
  const denoise = steps.denoise && noise > NOISY_PAPER;
  if (skew !== 0) img = await sharpGray(rawSharp(img).rotate(skew, { background: '#ffffff' }));
  if (scale > 1) img = await resizeGray(img, scale);
  if (skew !== 0 || scale > 1) hist = undefined;
  let image: Buffer;
  if (steps.binarize) {
    // After enlarging: at the original size a 3×3 median erases the strokes of small glyphs.
    // Thresholding a median-filtered page equals a majority vote of the thresholded page; the
    // level comes from the filtered page's histogram (sampled), as it would after filtering.
    const level = otsuThreshold(img, denoise ? medianHistogram(img) : hist ?? histogram(img));
    image = encodePbmThresholded(img, level, denoise);
  } else {
    if (denoise) img = await sharpGray(rawSharp(img).median(3));
    image = encodePgm(img.data, img.width, img.height);
  }
  return { image, width: img.width, height: img.height, scale, skew, glyphHeight: analysis.glyphHeight, noise };
}

function rawSharp(img: GrayImage): Sharp {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 1 },
  });
}

async function sharpGray(pipeline: Sharp): Promise<GrayImage> {
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

function resizeGray(img: GrayImage, scale: number): Promise<GrayImage> {
  return sharpGray(rawSharp(img).resize({ width: Math.max(1, Math.round(img.width * scale)), kernel: scale > 1 ? 'cubic' : 'lanczos3' }));
}

/** Turns a grey image by a multiple of 90° (clockwise). */
export async function rotateQuarter(gray: GrayImage, degrees: 90 | 180 | 270): Promise<GrayImage> {
  const { data, info } = await sharp(Buffer.from(gray.data.buffer, gray.data.byteOffset, gray.data.length), {
    raw: { width: gray.width, height: gray.height, channels: 1 },
  }).rotate(degrees).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
