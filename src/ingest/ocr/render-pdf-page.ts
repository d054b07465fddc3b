// Renders a PDF page (an open pdf.js page) to pixels for OCR, with @napi-rs/canvas.
// The size is capped by the image limits, so a poster-sized page cannot exhaust memory.
import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from '../../domain/limits.ts';
import type { GrayImage } from './gray.ts';

/** Scale (pixels per PDF point) for `dpi`, reduced if the page would exceed the image limits. */
export function renderScale(widthPt: number, heightPt: number, dpi: number): number {
  let scale = dpi / 72;
  const side = Math.max(widthPt, heightPt) * scale;
  if (side > MAX_IMAGE_SIDE) scale *= MAX_IMAGE_SIDE / side;
  const pixels = widthPt * heightPt * scale * scale;
  if (pixels > MAX_IMAGE_PIXELS) scale *= Math.sqrt(MAX_IMAGE_PIXELS / pixels);
  return scale;
}

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

async function renderToCanvas(pdfPage: PDFPageProxy, dpi: number) {
  const base = pdfPage.getViewport({ scale: 1 });
  const viewport = pdfPage.getViewport({ scale: renderScale(base.width, base.height, dpi) });
  const canvas = createCanvas(Math.max(1, Math.floor(viewport.width)), Math.max(1, Math.floor(viewport.height)));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await pdfPage.render({
    canvas: canvas as unknown as RenderParameters['canvas'],
    canvasContext: context as unknown as RenderParameters['canvasContext'],
    viewport,
  }).promise;
  return { canvas, context };
}

/** The page as a PNG at `dpi` (default 300). */
export async function renderPdfPage(pdfPage: PDFPageProxy, dpi = 300): Promise<Buffer> {
  const { canvas } = await renderToCanvas(pdfPage, dpi);
  return canvas.toBuffer('image/png');
}

/** The page as grey pixels at `dpi`, skipping the PNG round trip (what OCR of scanned PDF pages uses). */
export async function renderPdfPageGray(pdfPage: PDFPageProxy, dpi = 300): Promise<GrayImage> {
  const { canvas, context } = await renderToCanvas(pdfPage, dpi);
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const data = new Uint8Array(canvas.width * canvas.height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++) {
    // Rec. 601 luma; the page was painted on white, so alpha is already flattened.
    data[j] = (rgba[i]! * 299 + rgba[i + 1]! * 587 + rgba[i + 2]! * 114 + 500) / 1000;
  }
  return { data, width: canvas.width, height: canvas.height };
}
