// The public sample scans (two copied into test/fixtures/images) and a scanned PDF built from a
// fixture: OCR'd words must give back the bill's rows as printed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readImages, closeOcr } from '../image.ts';
import { readPdf } from '../pdf.ts';
import { ocrPdfPageFor } from './pdf-pages.ts';
import { fixture, fixtureTruth, documentWords } from './fixtures.test-helper.ts';
import { wordRecall } from '../../../test/fixtures/images/score.ts';
import type { IngestedDocument } from '../types.ts';

after(closeOcr);

const rowOf = (doc: IngestedDocument, description: string) =>
  doc.pages.flatMap((p) => p.lines).find((l) => l.text.includes(description));

/** Checks a printed row: description, then quantity, rate and amount as the last three cells. */
function assertRow(doc: IngestedDocument, description: string, qty: string, rate: string, amount: string): void {
  const row = rowOf(doc, description);
  assert.ok(row, `no line with "${description}"`);
  assert.deepEqual(row.cells.slice(-3).map((c) => c.text), [qty, rate, amount], row.text);
}

test('sample scan pub-007-003 (300 dpi): the rows come back with their numbers', async () => {
  const doc = await readImages([fixture('pub-007-003.png')]);
  assertRow(doc, 'Consultation Charges - General Medicine', '1', '350.00', '350.00');
  assertRow(doc, 'Furosemide 40mg Tablet', '20', '0.74', '14.80');
  assertRow(doc, 'Atorvastatin 10mg Tablet', '30', '5.98', '179.40');
  assertRow(doc, 'Bio-Medical Waste Charges', '1', '250.00', '250.00');
  const text = doc.pages[0]!.lines.map((l) => l.text).join('\n');
  assert.match(text, /NET PAYABLE AMOUNT\s+2,225\.80/);
  assert.match(text, /Bill No: OP\/2025\/54381/);
});

test('sample scan pub-007-007 (200 dpi, slightly skewed): twenty rows, amounts in the amount column', async () => {
  const doc = await readImages([fixture('pub-007-007.png')]);
  assertRow(doc, 'General Ward Charges', '5', '1,500.00', '7,500.00');
  assertRow(doc, 'Cholecystectomy', '1', '17,813.00', '17,813.00');
  assertRow(doc, 'Heparin 1000 IU/ml Injection (per ml)', '10', '17.65', '176.50');
  assertRow(doc, 'Visitor Pass', '1', '250.00', '250.00');
  const rows = doc.pages[0]!.lines.filter((l) => /^\d{1,2}\s+2025-01-\d\d\s/.test(l.text.trim()));
  assert.equal(rows.length, 20);
  assert.match(doc.pages[0]!.lines.map((l) => l.text).join('\n'), /NET PAYABLE AMOUNT\s+37,079\.24/);
});

/** A one-page PDF whose page is just a JPEG (what a scanner or a phone's "scan to PDF" writes). */
function scannedPdf(jpeg: Buffer, width: number, height: number, dpi: number): Buffer {
  const w = (width * 72) / dpi;
  const h = (height * 72) / dpi;
  const content = Buffer.from(`q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`),
    Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`), jpeg, Buffer.from('\nendstream')]),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(obj);
    length += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

test('a scanned PDF page (no text layer) is rendered and read through the same OCR', async () => {
  const { bytes } = fixture('scan-clean.png');
  const { data, info } = await sharp(bytes).greyscale().jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true });
  const pdf = scannedPdf(data, info.width, info.height, 200);
  const doc = await readPdf(pdf, 'scan.pdf', { ocrPage: ocrPdfPageFor('scan.pdf') });
  assert.equal(doc.source, 'ocr');
  assert.equal(doc.pages[0]!.source, 'ocr');
  assert.ok(doc.ocrConfidence! > 0.8);
  const recall = wordRecall(fixtureTruth('scan-clean.png').itemWords, documentWords(doc));
  assert.ok(recall >= 0.95, `item words ${recall}`);
});
