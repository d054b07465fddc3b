// The ₹ that OCR reads as a leading 7, put right only where the bill's own arithmetic says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BillItem, BillTotals } from '../domain/bill.ts';
import { CONFIRMED_FIGURES_CONFIDENCE, INFERRED_REPAIR_CONFIDENCE, repairOcrFigures, withoutLeadingRupee } from './ocr-repair.ts';

function item(index: number, description: string, quantity: number, rate: number | null, amount: number, confidence = 0.8): BillItem {
  return { index, description, quantity, unit_price: rate, amount, date: null, category: 'other', page: 1, section: null, mrp: null, confidence, repairs: [] };
}
const totals = (sub: number | null, net: number | null = sub): BillTotals => ({ sub_total: sub, discount: 0, gst: 0, stated_total: net, advance: 0, balance: null });

test('the leading 7 of a figure is dropped as a number: 71,050.00 → 1,050, 760.90 → 60.90; a bare 7.50 has none', () => {
  assert.equal(withoutLeadingRupee(71050), 1050);
  assert.equal(withoutLeadingRupee(760.9), 60.9);
  assert.equal(withoutLeadingRupee(711265), 11265);
  assert.equal(withoutLeadingRupee(7.5), null);
  assert.equal(withoutLeadingRupee(350), null);
});

test('a line whose quantity × rate adds up only without the 7 is repaired and says so', () => {
  const bill = { items: [item(1, 'Probiotic Sachet', 14, 22, 7308)], totals: totals(null) };
  const notes = repairOcrFigures(bill);
  assert.equal(bill.items[0]!.amount, 308);
  assert.match(bill.items[0]!.repairs[0]!, /₹ read as "7"/);
  assert.equal(notes.length, 1);
  // Rate and amount both misread (a "Rate: ₹1,500.00 … Total: ₹7,500.00" block).
  const block = { items: [item(1, 'General Ward Charges', 5, 71500, 77500)], totals: totals(null) };
  repairOcrFigures(block);
  assert.deepEqual([block.items[0]!.unit_price, block.items[0]!.amount], [1500, 7500]);
});

test('amounts that add up to the printed total only without their 7s are repaired, the total too when it was misread', () => {
  const bill = {
    items: [item(1, 'Inpatient Consultation', 1, 71050, 71050), item(2, 'ABG', 1, 7126, 7126), item(3, 'HBsAg', 1, 92, 92)],
    totals: totals(1268),
  };
  repairOcrFigures(bill);
  assert.deepEqual(bill.items.map((i) => i.amount), [1050, 126, 92]);
  assert.equal(bill.items[0]!.unit_price, 1050);
  const misreadTotal = { items: [item(1, 'Room', 2, 1500, 3000), item(2, 'ECG', 1, 7250, 7250)], totals: totals(73250) };
  repairOcrFigures(misreadTotal);
  assert.deepEqual([misreadTotal.items[1]!.amount, misreadTotal.totals.sub_total, misreadTotal.totals.stated_total], [250, 3250, 3250]);
});

test('a bill that adds up as read, or that two different repairs would both reconcile, is left as read', () => {
  const fine = { items: [item(1, 'ECG', 1, 750, 750), item(2, 'X-Ray', 1, 700, 700)], totals: totals(1450) };
  assert.deepEqual(repairOcrFigures(fine), []);
  assert.deepEqual(fine.items.map((i) => i.amount), [750, 700]);
  // Either of two equal lines may be the one whose ₹ was read as 7: no telling which.
  const ambiguous = { items: [item(1, 'CBC', 1, 7100, 7100), item(2, 'CBC', 1, 7100, 7100), item(3, 'MRI', 1, 1150, 1150)], totals: totals(8350) };
  assert.deepEqual(repairOcrFigures(ambiguous), []);
  assert.deepEqual(ambiguous.items.map((i) => i.amount), [7100, 7100, 1150]);
});

test('of several exact readings, the one that finds the misread on most of the figures is taken (the sign misreads alike all over the page)', () => {
  // As read the lines come to 78,268; dropping the 7 of ABG alone reaches the printed 71,268, but
  // dropping it everywhere, the total included, reaches 1,268 too, with three figures repaired.
  const bill = {
    items: [item(1, 'Inpatient Consultation', 1, 71050, 71050), item(2, 'ABG', 1, 7126, 7126), item(3, 'HBsAg', 1, 92, 92)],
    totals: totals(71268),
  };
  repairOcrFigures(bill);
  assert.deepEqual(bill.items.map((i) => i.amount), [1050, 126, 92]);
  assert.equal(bill.totals.sub_total, 1268);
});

test('lines that come to many times the total lose their 7s by the nearest reading, but are then not sure enough to accuse', () => {
  // The bill also overstates its total by ₹100: no exact reading exists.
  const bill = {
    items: [item(1, 'Consultation', 1, 7350, 7350), item(2, 'KFT', 1, 7219, 7219), item(3, 'Hernia Repair', 1, 721301, 721301), item(4, 'Atorvastatin', 10, 23.76, 237.6)],
    totals: totals(22207.6),
  };
  repairOcrFigures(bill);
  assert.deepEqual(bill.items.map((i) => i.amount), [350, 219, 21301, 237.6]);
  assert.ok(bill.items.slice(0, 3).every((i) => i.confidence <= INFERRED_REPAIR_CONFIDENCE));
  assert.equal(bill.items[3]!.confidence, 0.8);
});

test('once two lines prove the bill\'s ₹ reads as 7, a line the arithmetic cannot check loses its 7 too, at low confidence', () => {
  const bill = {
    items: [item(1, 'Ward', 5, 71500, 77500), item(2, 'Consultation', 1, 71050, 71050 + 0), item(3, 'Thyroid', 2, 7197, 7394), item(4, 'Visit', 1, 7350, 7350)],
    totals: totals(null),
  };
  // Line 2's rate equals its amount (quantity 1): nothing checks it; lines 1 and 3 prove the misread.
  repairOcrFigures(bill);
  assert.deepEqual(bill.items.map((i) => i.amount), [7500, 1050, 394, 350]);
  assert.equal(bill.items[3]!.unit_price, 350);
  assert.equal(bill.items[3]!.confidence, INFERRED_REPAIR_CONFIDENCE);
  assert.equal(bill.items[0]!.confidence, 0.8);
});

test('figures the arithmetic confirms are trusted at CONFIRMED_FIGURES_CONFIDENCE though OCR was unsure of the words around them', () => {
  // Adds up to the printed total: every line is confirmed.
  const addsUp = { items: [item(1, 'Consultation', 1, 1050, 1050, 0.31), item(2, 'TSH', 1, 79, 79, 0.27)], totals: totals(1129) };
  repairOcrFigures(addsUp);
  assert.deepEqual(addsUp.items.map((i) => i.confidence), [CONFIRMED_FIGURES_CONFIDENCE, CONFIRMED_FIGURES_CONFIDENCE]);
  // Does not add up (a real mismatch): only the line whose own quantity × rate checks is confirmed.
  const off = { items: [item(1, 'Consultation', 1, 1050, 1050, 0.31), { ...item(2, 'Pantoprazole', 10, 6, 60, 0.4), figuresPrinted: true }, item(3, 'Ceftriaxone', 3, 48, 144, 0.4)], totals: totals(1500) };
  repairOcrFigures(off);
  // Line 3's rate was worked out from its amount (nothing printed to check it against): not confirmed.
  assert.deepEqual(off.items.map((i) => i.confidence), [0.31, CONFIRMED_FIGURES_CONFIDENCE, 0.4]);
});

test('a sub total and net payable printed as one figure, one read with a leading 7, are two readings of it: the 7 goes', () => {
  const bill = { items: [item(1, 'Room', 2, 1500, 3000), item(2, 'ECG', 1, 250, 250)], totals: { ...totals(3250), stated_total: 73250 } };
  const notes = repairOcrFigures(bill);
  assert.equal(bill.totals.stated_total, 3250);
  assert.match(notes[0]!, /the total: ₹ read as "7"/);
  // With a discount between them the two differ for a reason: left alone.
  const discounted = { items: [item(1, 'Room', 2, 1500, 3000)], totals: { ...totals(73000), stated_total: 3000, discount: 500 } };
  repairOcrFigures(discounted);
  assert.equal(discounted.totals.stated_total, 3000);
});

test('a line that alone comes to more than the whole bill\'s total is reported but never accused (₹ read as 2: ₹21,301 → 221,301)', () => {
  const bill = { items: [item(1, 'Consultation', 1, 350, 350, 0.9), item(2, 'Inguinal Hernia Repair', 1, 221301, 221301, 0.8)], totals: totals(22268.6) };
  const notes = repairOcrFigures(bill);
  assert.equal(bill.items[1]!.confidence, INFERRED_REPAIR_CONFIDENCE);
  assert.equal(bill.items[0]!.confidence, 0.9);
  assert.ok(notes.some((n) => /more than the whole bill's total/.test(n)));
});

test('the ₹ read as a leading 2 (tesseract.js\'s model) is repaired the same way when the arithmetic confirms 2 rather than 7', () => {
  const bill = {
    items: [item(1, 'Consultation', 1, 350, 350), item(2, 'KFT', 1, 2219, 2219), item(3, 'Atorvastatin', 10, 23.76, 2237.6), item(4, 'Probiotic', 14, 22, 2308)],
    totals: totals(1114.6),
  };
  const notes = repairOcrFigures(bill);
  assert.deepEqual(bill.items.map((i) => i.amount), [350, 219, 237.6, 308]);
  assert.match(notes.join('\n'), /₹ read as "2"/);
});
