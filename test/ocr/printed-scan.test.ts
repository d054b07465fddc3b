// A typewriter-style bill with dotted leaders and a ₹ before every amount, printed and scanned:
// the hardest printout for Tesseract (it has no ₹ and reads the leaders as letters). Real OCR,
// end to end through analyze(): the figures must come back as printed, repaired by the bill's own
// arithmetic where OCR misread the ₹, and only the real overcharge accused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze.ts';
import { closeOcr } from '../../src/ingest/image.ts';
import { printTextBill } from '../fixtures/images/make-unseen-scans.ts';
import { degrade } from '../fixtures/images/degrade.ts';

after(closeOcr);

const BILL = `Shanti Nursing Home
Lucknow
FINAL BILL - IN PATIENT

Patient Name: Sunita Verma        Bill No: SNH/2025/4411
Date of Admission: 2025-03-10   Date of Discharge: 2025-03-11   Ward: general


INVESTIGATIONS & PROCEDURES:
  Inpatient Consultation...................................... ₹1,050.00
  Serum Creatinine............................................ ₹46.00
  Lipid Profile............................................... ₹180.00
  X-Ray Chest PA View......................................... ₹110.00

PHARMACY:
  Pantoprazole 40mg Tablet (10 x 6.00)........................ ₹60.00
  Ceftriaxone 1g Injection (2 x 48.00)........................ ₹96.00

Sub Total: ₹1,542.00
NET PAYABLE AMOUNT: ₹1,542.00

This is a computer generated bill.
`;

test('a printed bill with dotted leaders and ₹ amounts, scanned: figures as printed, the bill adds up, the consultation overcharge accused', async () => {
  const [page] = printTextBill(BILL, { dpi: 300 });
  const scan = await degrade(page!, { blur: 0.5, noise: 5 }, 7);
  const analysis = await analyze({ files: [{ bytes: scan, fileName: 'scan.png' }] });
  assert.equal(analysis.document.source, 'ocr');
  assert.deepEqual(analysis.line_items.map((l) => l.amount), [1050, 46, 180, 110, 60, 96]);
  assert.equal(analysis.totals.items_total, 1542);
  assert.equal(analysis.totals.stated_total, 1542);
  const counted = analysis.red_flags.filter((f) => f.severity !== 'info');
  assert.ok(!counted.some((f) => f.type === 'total_mismatch' || f.type === 'arithmetic_error'), JSON.stringify(counted.map((f) => f.type)));
  const consultation = counted.find((f) => f.type === 'overcharge' && f.line_items.includes(1));
  assert.ok(consultation, `the ₹1,050 consultation (CGHS ₹350) is accused: ${JSON.stringify(analysis.red_flags.map((f) => [f.type, f.severity, f.confidence]))}`);
  assert.equal(consultation.excess, 700);
});
