import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readText } from '../ingest/text.ts';
import { extractBill } from './bill.ts';
import { UserError } from '../domain/errors.ts';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url);
const extract = (name: string) => extractBill(readText(readFileSync(fixture(name)), name));
const rows = (name: string) => extract(name).items.map((i) => [i.description, i.quantity, i.unit_price, i.amount, i.date]);

test('reads a fixed-width dated table with Qty, Rate and Amount columns', () => {
  const bill = extract('samples/pub-007-000.txt');
  assert.equal(bill.items.length, 13);
  assert.deepEqual(rows('samples/pub-007-000.txt')[0], ['Semi-Private Room Rent', 3, 2500, 7500, '2025-05-05']);
  assert.deepEqual(rows('samples/pub-007-000.txt')[12], ['Diclofenac 50mg Tablet', 20, 5.68, 113.6, '2025-05-08']);
  assert.equal(bill.totals.sub_total, 16696.6);
  assert.equal(bill.totals.stated_total, 16696.6);
  assert.equal(bill.totals.advance, 8000);
  assert.equal(bill.totals.balance, 8696.6);
  assert.equal(bill.header.patient, 'Mohd. Irfan');
  assert.equal(bill.header.bill_no, 'IP/2025/71582');
  assert.equal(bill.header.admission_date, '2025-05-05');
  assert.equal(bill.header.ward, 'semi-private');
});

test('reads block records of Date / Rate / Qty / Total lines and keeps a line total that disagrees with its rate', () => {
  const bill = extract('samples/pub-007-009.txt');
  assert.equal(bill.items.length, 12);
  const probiotic = bill.items[9]!;
  assert.deepEqual([probiotic.description, probiotic.quantity, probiotic.unit_price, probiotic.amount], ['Probiotic Sachet', 10, 22, 1220]);
  assert.equal(bill.items[6]!.amount, 101937);
  assert.equal(bill.totals.stated_total, 116205.74);
  assert.equal(bill.header.bill_date, undefined, 'a record date is not the bill date');
});

test('reads a pipe table with dd/mm/yyyy dates', () => {
  const r = rows('samples/pub-007-012.txt');
  assert.equal(r.length, 13);
  assert.deepEqual(r[6], ['Serum Sodium', 1, 49, 49, '2025-05-06']);
});

test('reads dotted leaders with the quantity and rate inside the description', () => {
  const bill = extract('samples/pub-007-020.txt');
  assert.deepEqual([bill.items[0]!.description, bill.items[0]!.quantity, bill.items[0]!.unit_price, bill.items[0]!.amount], ['General Ward Charges', 2, 1000, 2000]);
  assert.equal(bill.items[0]!.category, 'room');
  const heparin = bill.items.find((i) => i.description.startsWith('Heparin'))!;
  assert.deepEqual([heparin.description, heparin.quantity, heparin.unit_price], ['Heparin 1000 IU/ml Injection (per ml)', 2, 56.27]);
  assert.equal(heparin.category, 'drug');
  assert.equal(bill.header.nabh, true);
});

test('reads discount, advance and balance lines as totals, not items', () => {
  const bill = extract('samples/pub-007-024.txt');
  assert.equal(bill.totals.discount, 3720);
  assert.equal(bill.totals.stated_total, 33569.76);
  assert.ok(bill.items.every((i) => !/discount|advance|balance/i.test(i.description)));
});

test('takes dates from date-wise section lines and reads Hindi labels and totals', () => {
  const bill = extract('bills/datewise-hindi.txt');
  assert.equal(bill.items.length, 7);
  assert.deepEqual(bill.items.map((i) => i.date), ['2025-03-12', '2025-03-12', '2025-03-12', '2025-03-13', '2025-03-13', '2025-03-13', '2025-03-14']);
  assert.equal(bill.totals.sub_total, 4791);
  assert.equal(bill.totals.discount, 100);
  assert.equal(bill.totals.stated_total, 4691);
  assert.equal(bill.totals.advance, 2000);
  assert.equal(bill.header.patient, 'Kamla Devi');
  assert.equal(bill.header.admission_date, '2025-03-12');
  assert.equal(bill.header.ward, 'general');
  assert.ok(bill.languages.includes('hi'));
});

test('reads a CSV export with quoted amounts and Windows line endings', () => {
  const bill = extract('bills/opd-export.csv');
  assert.equal(bill.items.length, 5);
  assert.deepEqual(rows('bills/opd-export.csv')[1], ['X-Ray Chest PA view (one film)', 1, 1250, 1250, '2025-06-05']);
  assert.equal(bill.totals.stated_total, 2550);
  assert.equal(bill.header.hospital, undefined);
});

test('reads a pharmacy invoice with pack, batch, expiry and MRP columns', () => {
  const bill = extract('bills/pharmacy-invoice.txt');
  assert.equal(bill.items.length, 4);
  const omeprazole = bill.items[1]!;
  assert.deepEqual([omeprazole.description, omeprazole.quantity, omeprazole.mrp, omeprazole.unit_price, omeprazole.amount], ['Cap. Omeprazole 20 mg', 1, 75, 82, 82]);
  assert.equal(bill.header.kind, 'pharmacy');
  assert.equal(bill.totals.stated_total, 290.7);
});

test('reads a diagnostic lab receipt: a payment line with its mode in brackets is a total, not a test', () => {
  const bill = extract('bills/lab-receipt.txt');
  assert.deepEqual(bill.items.map((i) => i.description), ['Thyroid Profile (T3, T4, TSH)', 'HbA1c (Glycosylated Haemoglobin)', 'Vitamin D (25-OH)', 'Vitamin B12', 'Urine Routine & Microscopy', 'Fasting Blood Sugar', 'Post Prandial Blood Sugar', 'Home Collection Charges']);
  assert.equal(bill.totals.sub_total, 4900);
  assert.equal(bill.totals.discount, 490);
  assert.equal(bill.totals.stated_total, 4410);
  assert.equal(bill.totals.advance, 4410);
  assert.equal(bill.header.bill_no, 'PDL/24-25/08812');
  assert.equal(bill.header.bill_date, '2025-03-05');
});

test('reads a GST-style table with HSN/SAC, discount and GST% columns between quantity and amount', () => {
  const bill = extract('bills/gst-columns.txt');
  assert.equal(bill.items.length, 13);
  const pantoprazole = bill.items[9]!;
  assert.deepEqual([pantoprazole.description, pantoprazole.quantity, pantoprazole.unit_price, pantoprazole.amount], ['Inj. Pantoprazole 40mg', 3, 120, 360]);
  assert.equal(bill.totals.discount, 500);
  assert.equal(bill.totals.stated_total, 16810);
  assert.equal(bill.totals.balance, 6810);
  assert.deepEqual([bill.header.admission_date, bill.header.discharge_date, bill.header.ward], ['2025-09-15', '2025-09-18', 'semi-private']);
});

test('joins a description that wraps onto the next line and skips a repeated page header', () => {
  const bill = extract('bills/wrapped-multipage.txt');
  assert.equal(bill.items.length, 5);
  assert.equal(bill.items[1]!.description, 'Lap. Cholecystectomy including cost of consumables and anaesthesia');
  assert.equal(bill.items[3]!.description, 'Bio-Medical Waste Charges');
  assert.equal(bill.header.ward, 'private');
  assert.equal(bill.totals.stated_total, 56250);
});

test('reads "Item: ₹amount" lists with quantities in brackets', () => {
  const bill = extract('bills/sample_bill.txt');
  assert.equal(bill.items.length, 20);
  const paracetamol = bill.items.find((i) => i.description.startsWith('Paracetamol'))!;
  assert.deepEqual([paracetamol.description, paracetamol.quantity, paracetamol.amount], ['Paracetamol 500mg', 10, 150]);
  assert.equal(bill.totals.stated_total, 23550);
});

test('reads amounts written in words on a best-effort basis with low confidence', () => {
  const bill = extract('bills/unstructured_bill.txt');
  assert.deepEqual(bill.items.map((i) => i.amount), [1500, 800, 1200, 2500, 150]);
  assert.equal(bill.totals.stated_total, 6950);
  assert.ok(bill.confidence <= 0.5);
  assert.ok(bill.warnings.some((w) => /words/.test(w)));
});

test('does not take a service named "Total Knee Replacement" for a total line', () => {
  const text = 'S.No  Description                 Qty   Rate        Amount\n1     Total Knee Replacement        1    99,000.00   99,000.00\n      Total                                        99,000.00\n';
  const bill = extractBill(readText(new TextEncoder().encode(text), 'knee.txt'));
  assert.equal(bill.items.length, 1);
  assert.equal(bill.items[0]!.description, 'Total Knee Replacement');
  assert.equal(bill.totals.stated_total, 99000);
});

test('refuses a bill with more line items than MAX_LINE_ITEMS, naming the file', () => {
  const rows = Array.from({ length: 2001 }, (_, i) => `${i + 1}  Serum Sodium  1  49.00  49.00`).join('\n');
  const text = `S.No  Description  Qty  Rate  Amount\n${rows}\n`;
  assert.throws(() => extractBill(readText(new TextEncoder().encode(text), 'huge-bill.txt')),
    (e: unknown) => e instanceof UserError && e.code === 'TOO_MANY_LINE_ITEMS' && e.toLine().startsWith('huge-bill.txt'));
});

/** The same bill as if read from a scan: OCR confidence on every line, and the text as OCR gave it. */
function asScanned(text: string, confidence = 0.62) {
  const doc = readText(Buffer.from(text), 'scan.png');
  for (const page of doc.pages) {
    page.ocrConfidence = confidence;
    for (const line of page.lines) line.confidence = confidence;
  }
  return extractBill({ ...doc, ocrConfidence: confidence });
}

test('a scanned bill whose ₹ OCR read as a leading 7 is put right by its own arithmetic, and a line with an unreadable name keeps its amount', () => {
  const printed = [
    'Sunrise Medical Centre', 'Jaipur', 'FINAL BILL - IN PATIENT', '',
    'INVESTIGATIONS & PROCEDURES:',
    '  Inpatient Consultation...................................... 71,050.00',
    '  7-\\ =|....................................................... 7126.00',
    '  HBsAg....................................................... ₹92.00',
    '  Coronary Angiography........................................ 711,265.00',
    '', 'PHARMACY:',
    '  Probiotic Sachet (14 x 22).................................. 7308.00',
    '  Diclofenac 50mg Tablet (30 x 2.03).......................... 760.90',
    '', 'Sub Total: ₹12,901.90', 'NET PAYABLE AMOUNT: 712,901.90', '',
  ].join('\n');
  const bill = asScanned(printed);
  assert.deepEqual(bill.items.map((i) => i.amount), [1050, 126, 92, 11265, 308, 60.9]);
  assert.equal(bill.totals.stated_total, 12901.9);
  assert.ok(bill.items[4]!.repairs.some((r) => r.includes('₹ read as "7"')));
  assert.equal(bill.items[1]!.description, '7-\\ =|');
  assert.ok(bill.items[1]!.confidence <= 0.3, 'a line whose name could not be read is never accused');
  assert.ok(bill.warnings.some((w) => /description could not be read/.test(w)));
  // The same text from a digital file is taken as printed: repairs are for OCR only.
  assert.equal(extractBill(readText(Buffer.from(printed), 'bill.txt')).items[0]!.amount, 71050);
});
