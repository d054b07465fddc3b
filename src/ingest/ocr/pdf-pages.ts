// OCR for the scanned pages of a PDF: the PDF reader (src/ingest/pdf.ts) calls the function
// returned by ocrPdfPageFor for every page without a text layer, all at once; rendering and
// recognition run inside the shared OCR pool, so concurrency and memory stay bounded.
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ocrPage, type ImageReadOptions } from '../image.ts';
import type { IngestedPage } from '../types.ts';
import { renderPdfPageGray } from './render-pdf-page.ts';

/** Scanned pages are rendered at this resolution; clean-up rescales to the glyph size Tesseract likes. */
export const SCANNED_PDF_DPI = 300;

export function ocrPdfPageFor(fileName: string, opts: ImageReadOptions = {}) {
  return async (pageNumber: number, context: { pdfPage: PDFPageProxy }): Promise<IngestedPage> => {
    const { page } = await ocrPage(() => renderPdfPageGray(context.pdfPage, SCANNED_PDF_DPI), pageNumber, fileName, opts);
    return page;
  };
}
