// One entry for every input kind: decides what a file is (by its bytes first, its name second)
// and hands it to the right reader. Readers for PDFs and images are loaded only when needed, so
// a text bill never pays for pdf.js or the OCR engines.
import { UserError } from '../domain/errors.ts';
import { MAX_FILE_BYTES } from '../domain/limits.ts';
import { readText } from './text.ts';
import type { IngestedDocument } from './types.ts';

export type InputKind = 'text' | 'pdf' | 'image';

export const ACCEPTED = '.txt, .csv, .tsv, .pdf, .png, .jpg, .jpeg, .webp, .tif, .tiff';
const TEXT_EXTENSIONS = /\.(txt|text|csv|tsv|md)$/i;
const PDF_EXTENSION = /\.pdf$/i;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp|tiff?)$/i;

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** What the file is, by its magic bytes, then by its extension. Throws UNSUPPORTED_TYPE with what is accepted. */
export function detectKind(bytes: Uint8Array, fileName: string): InputKind {
  if (bytes.length === 0) throw new UserError('FILE_EMPTY', { file: fileName });
  if (bytes.length > MAX_FILE_BYTES) {
    throw new UserError('FILE_TOO_LARGE', { file: fileName, detail: `${(bytes.length / 1048576).toFixed(1)} MB, the limit is ${MAX_FILE_BYTES / 1048576} MB` });
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) ||
      (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) ||
      startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const what = /\.docx$/i.test(fileName) ? 'a Word document' : /\.xlsx$/i.test(fileName) ? 'an Excel workbook' : 'a ZIP archive';
    throw new UserError('UNSUPPORTED_TYPE', { file: fileName, detail: `${what}; accepted: ${ACCEPTED}` });
  }
  if (PDF_EXTENSION.test(fileName)) throw new UserError('PDF_CORRUPT', { file: fileName, detail: 'it does not start like a PDF' });
  if (IMAGE_EXTENSIONS.test(fileName)) throw new UserError('IMAGE_UNREADABLE', { file: fileName, detail: 'it is not a PNG, JPEG, WebP or TIFF image' });
  const ext = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1];
  if (ext && !TEXT_EXTENSIONS.test(fileName)) {
    throw new UserError('UNSUPPORTED_TYPE', { file: fileName, detail: `.${ext.toLowerCase()} files are not read; accepted: ${ACCEPTED}` });
  }
  return 'text';
}

export interface IngestOptions {
  /** Several images (or files) given as the pages of one bill. */
  onePerPage?: boolean;
}

/** Reads the files of ONE bill (several files only when they are its pages) into pages of lines. */
export async function ingest(files: Array<{ bytes: Uint8Array; fileName: string }>): Promise<IngestedDocument> {
  if (files.length === 0) throw new UserError('BAD_USAGE', { detail: 'no file given' });
  const kinds = files.map((f) => detectKind(f.bytes, f.fileName));
  if (files.length === 1) return ingestOne(files[0]!, kinds[0]!);
  if (kinds.every((k) => k === 'image')) {
    const { readImages } = await import('./image.ts');
    return readImages(files);
  }
  // Mixed pages: read each and join them in order.
  const docs: IngestedDocument[] = [];
  for (let i = 0; i < files.length; i++) docs.push(await ingestOne(files[i]!, kinds[i]!));
  return joinDocuments(docs);
}

async function ingestOne(file: { bytes: Uint8Array; fileName: string }, kind: InputKind): Promise<IngestedDocument> {
  if (kind === 'text') return readText(file.bytes, file.fileName);
  if (kind === 'pdf') {
    const { readPdf } = await import('./pdf.ts');
    return readPdf(file.bytes, file.fileName, { ocrPage: await scannedPageReader(file.fileName) });
  }
  const { readImages } = await import('./image.ts');
  return readImages([file]);
}

/** The OCR callback for scanned PDF pages, when the OCR module is installed. */
async function scannedPageReader(fileName: string) {
  try {
    const ocr = await import('./ocr/pdf-pages.ts');
    return ocr.ocrPdfPageFor(fileName);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

function joinDocuments(docs: IngestedDocument[]): IngestedDocument {
  const pages = [];
  let n = 0;
  for (const doc of docs) {
    for (const page of doc.pages) {
      n++;
      pages.push({ ...page, number: n, lines: page.lines.map((l) => ({ ...l, page: n })) });
    }
  }
  const ocrPages = pages.filter((p) => p.ocrConfidence !== null);
  return {
    fileName: docs.map((d) => d.fileName).join(' + '),
    source: docs.some((d) => d.source === 'ocr') ? 'ocr' : docs.some((d) => d.source === 'pdf_text') ? 'pdf_text' : 'text',
    pages,
    ocrConfidence: ocrPages.length ? ocrPages.reduce((s, p) => s + p.ocrConfidence!, 0) / ocrPages.length : null,
    warnings: docs.flatMap((d) => d.warnings),
  };
}
