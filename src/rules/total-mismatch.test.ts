import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalMismatchRule } from './total-mismatch.ts';
import { item, line, ruleInput } from './fixtures.test-helper.ts';

// pub-007-000-like lines: they add up to ₹15,196.60.
const lines = [
  line(item(1, 'Semi-Private Room Rent', { quantity: 3, unit_price: 2500, amount: 7500, category: 'room' })),
  line(item(2, 'Inpatient Consultation', { amount: 350, category: 'consultation' })),
  line(item(3, 'ICU Charges', { amount: 4590, category: 'icu' })),
  line(item(4, 'Nerve Conduction Study', { amount: 541, category: 'investigation' })),
  line(item(5, 'Nerve Conduction Study', { amount: 541, category: 'investigation' })),
  line(item(6, 'Nerve Conduction Study', { amount: 541, category: 'investigation' })),
  line(item(7, 'HbA1c', { amount: 120, category: 'investigation' })),
  line(item(8, 'Uric Acid', { amount: 50, category: 'investigation' })),
  line(item(9, 'Inpatient Consultation', { amount: 700, category: 'consultation' })),
  line(item(10, 'Probiotic Sachet', { quantity: 5, unit_price: 22, amount: 110, category: 'drug' })),
  line(item(11, 'Multivitamin Capsule', { quantity: 5, unit_price: 8, amount: 40, category: 'drug' })),
  line(item(12, 'Diclofenac 50mg Tablet', { quantity: 20, unit_price: 5.68, amount: 113.6, category: 'drug' })),
];

test('flags a sub total and net payable ₹1,500 above the sum of the lines', () => {
  const [flag, ...rest] = totalMismatchRule(ruleInput(lines, {}, { totals: { sub_total: 16696.6, stated_total: 16696.6 } }));
  assert.equal(rest.length, 0);
  assert.equal(flag?.type, 'total_mismatch');
  assert.deepEqual(flag?.line_items, []);
  assert.equal(flag?.billed, 16696.6);
  assert.equal(flag?.max_allowed, 15196.6);
  assert.equal(flag?.excess, 1500);
  assert.equal(flag?.severity, 'warning');
  assert.match(flag?.reason ?? '', /sub total ₹16,696\.60 is not the sum of the lines, ₹15,196\.60/);
});

test('a correct bill with a discount reconciles', () => {
  const totals = { sub_total: 15196.6, discount: 196.6, stated_total: 15000 };
  assert.deepEqual(totalMismatchRule(ruleInput(lines, {}, { totals })), []);
});

test('flags a net payable that ignores the printed discount', () => {
  const totals = { sub_total: 15196.6, discount: 500, stated_total: 15196.6 };
  const [flag] = totalMismatchRule(ruleInput(lines, {}, { totals }));
  assert.equal(flag?.excess, 500);
  assert.match(flag?.reason ?? '', /less the discount ₹500\.00/);
});

test('GST charged on top of the lines is part of the computed total', () => {
  const totals = { sub_total: 15196.6, gst: 120, stated_total: 15316.6 };
  assert.deepEqual(totalMismatchRule(ruleInput(lines, {}, { totals })), []);
});

test('GST printed as a breakdown of a total that already includes it is not added again', () => {
  const totals = { sub_total: null, gst: 12.17, stated_total: 15196.6 };
  assert.deepEqual(totalMismatchRule(ruleInput(lines, {}, { totals })), []);
});

test('a net payable rounded to the rupee is not a mismatch', () => {
  const totals = { sub_total: 15196.6, stated_total: 15197 };
  assert.deepEqual(totalMismatchRule(ruleInput(lines, {}, { totals })), []);
});

test('compares the sum of printed amounts, so a line\'s own arithmetic error is not counted again', () => {
  // Line 11 says 40 but 5 × 8 … make it 140: the arithmetic rule owns that ₹100; the total follows the printed 140.
  const wrongLine = lines.map((l) => (l.item.index === 11 ? { ...l, item: { ...l.item, amount: 140 } } : l));
  const totals = { sub_total: 15296.6, stated_total: 15296.6 };
  assert.deepEqual(totalMismatchRule(ruleInput(wrongLine, {}, { totals })), []);
});

test('a total below the lines is in the patient\'s favour: info only', () => {
  const totals = { sub_total: 15196.6, stated_total: 14196.6 };
  const [flag] = totalMismatchRule(ruleInput(lines, {}, { totals }));
  assert.equal(flag?.excess, -1000);
  assert.equal(flag?.severity, 'info');
});

test('with no stated total there is nothing to reconcile', () => {
  assert.deepEqual(totalMismatchRule(ruleInput(lines, {}, { totals: { sub_total: null, stated_total: null } })), []);
});

test('flags a balance due that does not follow from the advance', () => {
  const totals = { sub_total: 15196.6, stated_total: 15196.6, advance: 8000, balance: 8196.6 };
  const [flag] = totalMismatchRule(ruleInput(lines, {}, { totals }));
  assert.equal(flag?.excess, 1000);
  assert.match(flag?.reason ?? '', /balance due ₹8,196\.60 is not the net payable ₹15,196\.60 less the advance ₹8,000\.00/);
});

test('lowers confidence when some lines could not be read', () => {
  const totals = { sub_total: 16696.6, stated_total: 16696.6 };
  const [flag] = totalMismatchRule(ruleInput(lines, {}, { totals, warnings: ['line 14 could not be read'], unreadLines: 1 }));
  assert.ok((flag?.confidence ?? 1) < 0.96);
  assert.match(flag?.reason ?? '', /could not be read/);
});

test('a note that is not about an unread line (a figure repaired, rounding) does not lower the confidence', () => {
  const totals = { sub_total: 16696.6, stated_total: 16696.6 };
  const [flag] = totalMismatchRule(ruleInput(lines, {}, { totals, warnings: ['line 3: ₹ read as "7": ₹7,126.00 is ₹126.00'] }));
  assert.equal(flag?.confidence, 0.96);
  assert.doesNotMatch(flag?.reason ?? '', /could not be read/);
});
