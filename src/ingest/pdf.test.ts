import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UserError } from '../domain/errors.ts';
import { readPdf } from './pdf.ts';
import type { IngestedDocument, IngestedPage, Line } from './types.ts';
import { BILL_ROWS, HINDI_LINES, HOSPITAL, TEXT_REPORT, WRAPPED_DESCRIPTION, amountOf, money } from '../../test/fixtures/make-pdfs.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../test/fixtures/pdf/${name}`, import.meta.url)));
const read = (name: string, options?: Parameters<typeof readPdf>[2]): Promise<IngestedDocument> => readPdf(fixture(name), name, options);
const cells = (line: Line): string[] => line.cells.map((c) => c.text);
const allLines = (doc: IngestedDocument): Line[] => doc.pages.flatMap((p) => p.lines);

async function rejectsWith(promise: Promise<unknown>, code: string, detail?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (detail) assert.match(error.detail ?? '', detail);
    assert.doesNotMatch(error.toLine(), /\n|\.[mc]?[jt]s:\d+|node:internal/); // one line, no stack frames
    return true;
  });
}

test('reads a sample bill PDF as clean fixed-width rows: heading, nine items, totals', async () => {
  const doc = await read('pub-007-002.pdf');
  assert.equal(doc.source, 'pdf_text');
  assert.equal(doc.pages.length, 1);
  assert.equal(doc.ocrConfidence, null);
  const lines = doc.pages[0]!.lines;
  assert.equal(lines[0]!.text.trim(), 'Sunrise Medical Centre');
  assert.deepEqual(cells(lines[3]!), ['Patient: Mohd. Irfan', 'Bill No: BL/2025/36392']);
  const heading = lines.findIndex((l) => l.cells[0]?.text === 'S.No');
  assert.deepEqual(cells(lines[heading]!), ['S.No', 'Date', 'Description', 'Qty', 'Rate', 'Amount']);
  const items = lines.slice(heading + 1, heading + 10);
  assert.deepEqual(items.map(cells)[0], ['1', '2025-05-10', 'Inpatient Consultation', '1', '350.00', '350.00']);
  assert.deepEqual(items.map(cells)[7], ['8', '2025-05-11', 'Ondansetron 2mg/ml Injection (per ml)', '4', '6.28', '25.12']);
  assert.deepEqual(items.map((l) => l.cells.length), Array(9).fill(6));
  // Right-aligned money columns come out right-aligned; the description column is one column.
  assert.equal(new Set(items.map((l) => l.cells[5]!.x1)).size, 1);
  assert.equal(new Set(items.map((l) => l.cells[4]!.x1)).size, 1);
  assert.equal(new Set(items.map((l) => l.cells[2]!.x0)).size, 1);
  assert.deepEqual(cells(lines[heading + 10]!), ['Sub Total', '1,149.80']);
  assert.deepEqual(cells(lines[heading + 11]!), ['NET PAYABLE AMOUNT', '1,149.80']);
  for (const line of lines) assert.equal(line.text.trim().split(/\s{2,}/).length, line.cells.length, line.text);
});

test('reads a second sample with twenty rows and advance/balance lines', async () => {
  const lines = allLines(await read('pub-007-026.pdf'));
  const items = lines.filter((l) => /^\d+$/.test(l.cells[0]?.text ?? '') && l.cells.length === 6);
  assert.equal(items.length, 20);
  assert.deepEqual(cells(items[15]!), ['16', '2025-05-09', 'Pantoprazole + Domperidone Capsule', '5', '14.50', '72.50']);
  assert.ok(lines.some((l) => cells(l).join('|') === 'Advance Paid|6,000.00'));
  assert.ok(lines.some((l) => cells(l).join('|') === 'Balance Due|6,758.10'));
});

test('reads a three-page bill: every row once, in order, in the same columns on every page', async () => {
  const doc = await read('bill-3-pages.pdf');
  assert.equal(doc.pages.length, 3);
  const lines = allLines(doc);
  const items = lines.filter((l) => /^\d+$/.test(l.cells[0]?.text ?? ''));
  assert.equal(items.length, BILL_ROWS.length);
  items.forEach((line, i) => {
    const row = BILL_ROWS[i]!;
    const description = row.description === WRAPPED_DESCRIPTION ? cells(line)[2]! : row.description;
    assert.deepEqual(cells(line), [String(i + 1), row.date, description, String(row.qty), money(row.rate), money(amountOf(row))]);
  });
  assert.deepEqual([...new Set(items.map((l) => l.page))], [1, 2, 3]);
  for (const column of [0, 1, 2]) assert.equal(new Set(items.map((l) => l.cells[column]!.x0)).size, 1, `column ${column} starts`);
  for (const column of [4, 5]) assert.equal(new Set(items.map((l) => l.cells[column]!.x1)).size, 1, `column ${column} ends`);
  assert.ok(lines.some((l) => cells(l).join('|') === 'Net Payable|51,108.80'));
});

test('a wrapped description continues on the next line, its only cell in the description column', async () => {
  const lines = allLines(await read('bill-3-pages.pdf'));
  const at = lines.findIndex((l) => l.cells[2]?.text.startsWith('Meropenem 1g Injection'));
  const row = lines[at]!;
  const continuation = lines[at + 1]!;
  assert.equal(continuation.cells.length, 1);
  assert.equal(`${row.cells[2]!.text} ${continuation.cells[0]!.text}`, WRAPPED_DESCRIPTION);
  const heading = lines.find((l) => l.cells[0]?.text === 'S.No')!;
  const descriptionColumn = heading.cells[2]!;
  const qtyColumn = heading.cells[3]!;
  assert.equal(continuation.cells[0]!.x0, row.cells[2]!.x0);
  assert.ok(continuation.cells[0]!.x0 >= descriptionColumn.x0 - 1 && continuation.cells[0]!.x1 < qtyColumn.x0);
});

test('drops the page header, column headings and footer repeated on pages 2 and 3, keeping page 1\'s', async () => {
  const doc = await read('bill-3-pages.pdf');
  const [first, second, third] = doc.pages.map((p) => p.lines.map((l) => l.text.trim()));
  assert.equal(first![0], HOSPITAL);
  assert.ok(first!.some((t) => t.startsWith('S.No')));
  assert.ok(first!.some((t) => /Page 1 of 3$/.test(t)));
  for (const page of [second!, third!]) {
    assert.ok(!page.some((t) => t.includes(HOSPITAL) || t.includes('Kharghar') || /Page \d of 3/.test(t) || t.startsWith('S.No')), page.join('\n'));
  }
  assert.match(second![0]!, /^16\s+09\/06\/2025\s+CRP/);
  assert.ok(doc.warnings.some((w) => /^8 repeated page header\/footer line/.test(w)), doc.warnings.join('; '));
});

test('leaves a diagonal "DUPLICATE COPY" stamp out of the text and says so', async () => {
  const doc = await read('bill-3-pages.pdf');
  assert.ok(!allLines(doc).some((l) => /DUPLICATE/.test(l.text)));
  assert.ok(doc.warnings.some((w) => /turned or diagonal text/.test(w)));
});

test('gives back a fixed-width text report printed to PDF in Courier column for column', async () => {
  const lines = allLines(await read('text-report-courier.pdf'));
  assert.deepEqual(lines.map((l) => l.text), TEXT_REPORT.filter((t) => t.trim() !== ''));
  const leader = lines.find((l) => l.text.includes('Registration'))!;
  assert.deepEqual(cells(leader), ['Registration', 'Rs. 200.00']);
  const piped = lines.find((l) => l.text.includes('Hb%'))!;
  assert.deepEqual(cells(piped), ['1', 'Hb% and Blood Group', '320.00']);
  assert.equal(piped.delimited, true);
});

test('reads a table drawn a quarter turn round on the page as if it were upright', async () => {
  const lines = allLines(await read('turned-table.pdf'));
  assert.equal(lines[0]!.text.trim(), HOSPITAL);
  const items = lines.filter((l) => /^\d+$/.test(l.cells[0]?.text ?? ''));
  assert.deepEqual(items.map(cells), BILL_ROWS.slice(0, 6).map((r, i) => [String(i + 1), r.date, r.description, String(r.qty), money(r.rate), money(amountOf(r))]));
});

test('puts visually ordered Devanagari back in logical order (िदल्ली → दिल्ली)', async () => {
  const doc = await read('hindi-visual-order.pdf');
  const lines = allLines(doc);
  assert.equal(lines[0]!.text.trim(), HINDI_LINES.hospital);
  assert.deepEqual(cells(lines[1]!), HINDI_LINES.headings);
  HINDI_LINES.items.forEach((item, i) => {
    assert.deepEqual(cells(lines[2 + i]!), [item.description, String(item.qty), money(item.rate), money(item.qty * item.rate)]);
  });
  assert.equal(lines[2 + HINDI_LINES.items.length]!.cells[0]!.text, HINDI_LINES.total);
  assert.ok(doc.warnings.some((w) => /visual order/.test(w)));
  const english = await read('pub-007-002.pdf');
  assert.ok(!english.warnings.some((w) => /visual order/.test(w)));
});

test('refuses a PDF with no text layer when no OCR is given, naming the page', async () => {
  await rejectsWith(read('image-only.pdf'), 'PDF_SCANNED_NO_OCR', /^page 1 has no text layer$/);
  await rejectsWith(read('mixed-text-and-scan.pdf'), 'PDF_SCANNED_NO_OCR', /^page 2 has no text layer$/);
});

test('treats a text layer that cannot be decoded (font without a character map) as needing OCR', async () => {
  await rejectsWith(read('undecodable-text.pdf'), 'PDF_SCANNED_NO_OCR', /^page 1 has text that cannot be decoded/);
  const calls: number[] = [];
  const doc = await read('undecodable-text.pdf', {
    ocrPage: async (n) => { calls.push(n); return { number: n, source: 'ocr', lines: [], ocrConfidence: 0.7 }; },
  });
  assert.deepEqual(calls, [1]);
  assert.equal(doc.source, 'ocr');
});

test('hands the scanned page of a mixed PDF to the OCR callback and keeps the text page', async () => {
  const calls: number[] = [];
  const ocrPage = async (pageNumber: number, context: { bytes: Uint8Array; pdfPage: { pageNumber: number } }): Promise<IngestedPage> => {
    calls.push(pageNumber);
    assert.equal(context.pdfPage.pageNumber, pageNumber);
    assert.ok(context.bytes.length > 0);
    const line: Line = { text: '6  09/06/2025  Serum Creatinine  1  280.00  280.00', cells: [], page: 99, confidence: 0.8 };
    return { number: 99, source: 'ocr', lines: [line], ocrConfidence: 0.8 };
  };
  const doc = await read('mixed-text-and-scan.pdf', { ocrPage });
  assert.deepEqual(calls, [2]);
  assert.equal(doc.source, 'ocr');
  assert.equal(doc.ocrConfidence, 0.8);
  assert.deepEqual(doc.pages.map((p) => [p.number, p.source, p.ocrConfidence]), [[1, 'pdf_text', null], [2, 'ocr', 0.8]]);
  assert.equal(doc.pages[1]!.lines[0]!.page, 2);
  assert.ok(doc.pages[0]!.lines.some((l) => cells(l).join('|') === `5|08/06/2025|${BILL_ROWS[4]!.description}|1|450.00|450.00`));
});

test('passes on the OCR callback\'s own error for a scanned page', async () => {
  const ocrPage = async (): Promise<IngestedPage> => { throw new UserError('OCR_FAILED', { file: 'mixed-text-and-scan.pdf', detail: 'page 2: engine crashed' }); };
  await rejectsWith(read('mixed-text-and-scan.pdf', { ocrPage }), 'OCR_FAILED', /page 2/);
});

test('refuses a password-protected PDF', async () => {
  await rejectsWith(read('encrypted.pdf'), 'PDF_ENCRYPTED', /needs a password/);
});

test('reads a PDF secured only against editing (owner password, opens without one)', async () => {
  const lines = allLines(await read('owner-password-only.pdf'));
  assert.equal(lines[0]!.text.trim(), HOSPITAL);
  assert.deepEqual(cells(lines.find((l) => l.cells[0]?.text === '3')!), ['3', '08/06/2025', 'Emergency Consultation', '1', '1,200.00', '1,200.00']);
});

test('refuses a truncated PDF, a damaged one and a file that is not a PDF, without a stack trace', async () => {
  await rejectsWith(read('truncated.pdf'), 'PDF_CORRUPT', /truncated/);
  await rejectsWith(readPdf(new TextEncoder().encode('Bill No 123\nCBC 450\n'), 'bill.pdf'), 'PDF_CORRUPT', /does not start like a PDF/);
  await rejectsWith(readPdf(new TextEncoder().encode(`%PDF-1.7\n${'garbage '.repeat(400)}\n%%EOF\n`), 'junk.pdf'), 'PDF_CORRUPT');
  // The middle of a real bill overwritten: the cross-reference and page objects are gone.
  const damaged = Buffer.from(fixture('bill-3-pages.pdf'));
  for (let i = 800; i < damaged.length - 600; i += 7) damaged[i] = (damaged[i]! * 31 + 7) & 255;
  await rejectsWith(readPdf(new Uint8Array(damaged), 'damaged.pdf'), 'PDF_CORRUPT');
});

test('refuses a PDF over the page limit, giving the count', async () => {
  await rejectsWith(read('51-pages.pdf'), 'PDF_TOO_MANY_PAGES', /^51 pages, the limit is 50$/);
});

test('reads from a Node Buffer as from a Uint8Array, and leaves the caller\'s bytes as they were', async () => {
  const buffer = readFileSync(new URL('../../test/fixtures/pdf/pub-007-002.pdf', import.meta.url));
  const copy = Buffer.from(buffer);
  const doc = await readPdf(buffer, 'pub-007-002.pdf');
  assert.equal(doc.pages[0]!.lines[0]!.text.trim(), 'Sunrise Medical Centre');
  assert.ok(buffer.equals(copy));
});
