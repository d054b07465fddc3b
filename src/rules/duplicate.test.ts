import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateRule, singleDayOf } from './duplicate.ts';
import { bill, item, line, ruleInput } from './fixtures.test-helper.ts';

const inv = (index: number, description: string, amount: number, date: string | null) =>
  line(item(index, description, { amount, date, category: 'investigation' }));

test('flags a CBC billed twice on the same day', () => {
  const lines = [
    line(item(1, 'Semi-Private Room Rent', { quantity: 3, unit_price: 3000, amount: 9000, date: '2025-05-05', category: 'room' })),
    inv(2, 'CBC (Complete Blood Count)', 380, '2025-05-06'),
    inv(3, 'Serum Creatinine', 53, '2025-05-06'),
    inv(4, 'CBC (Complete Blood Count)', 380, '2025-05-06'),
  ];
  const [flag, ...rest] = duplicateRule(ruleInput(lines));
  assert.equal(rest.length, 0);
  assert.equal(flag?.type, 'duplicate');
  assert.deepEqual(flag?.line_items, [2, 4]);
  assert.equal(flag?.excess, 380);
  assert.equal(flag?.billed, 760);
  assert.equal(flag?.max_allowed, 380);
  assert.equal(flag?.severity, 'warning');
  assert.match(flag?.reason ?? '', /billed twice on 06\.05\.2025 \(lines 2 and 4\)/);
});

test('a test name read from a scan with 1/l/i or 0/O confused is still the same test ("HbA1c", "HbAlc", "HbAic")', () => {
  const lines = [inv(3, 'HbAlc', 110, '2025-02-19'), inv(4, 'HbAic', 110, '2025-02-19'), inv(5, 'Vitamin B12', 900, '2025-02-19'), inv(6, 'Vitamin D3', 900, '2025-02-19')];
  const flags = duplicateRule(ruleInput(lines));
  assert.equal(flags.length, 1);
  assert.deepEqual(flags[0]?.line_items, [3, 4]);
});

test('does not flag the same test on two different days', () => {
  const lines = [inv(3, 'Serum Sodium', 49, '2025-05-06'), inv(7, 'Serum Sodium', 49, '2025-05-07')];
  assert.deepEqual(duplicateRule(ruleInput(lines)), []);
});

test('does not flag the same test at two different amounts', () => {
  const lines = [inv(3, 'USG Whole Abdomen', 640, '2025-08-15'), inv(4, 'USG Whole Abdomen', 800, '2025-08-15')];
  assert.deepEqual(duplicateRule(ruleInput(lines)), []);
});

test('matches descriptions regardless of case, punctuation and spacing', () => {
  const lines = [inv(5, 'Blood Sugar Fasting & PP', 39, '2025-06-06'), inv(8, 'BLOOD SUGAR  FASTING / PP', 39, '2025-06-06')];
  assert.deepEqual(duplicateRule(ruleInput(lines))[0]?.line_items, [5, 8]);
});

test('three identical lines are one flag listing the original first, with two repeats as excess', () => {
  const lines = [
    inv(7, 'Nerve Conduction Study', 541, '2025-05-08'),
    inv(8, 'Nerve Conduction Study', 541, '2025-05-08'),
    inv(9, 'Uric Acid', 50, '2025-05-08'),
    inv(10, 'Nerve Conduction Study', 541, '2025-05-08'),
  ];
  const flags = duplicateRule(ruleInput(lines));
  assert.equal(flags.length, 1);
  assert.deepEqual(flags[0]?.line_items, [7, 8, 10]);
  assert.equal(flags[0]?.excess, 1082);
  assert.equal(flags[0]?.max_allowed, 541);
  assert.match(flags[0]?.reason ?? '', /billed 3 times on 08\.05\.2025 \(lines 7, 8 and 10\)/);
  assert.match(flags[0]?.reason ?? '', /The repeats \(lines 8 and 10\) add ₹1,082\.00/);
});

test('undated lines on a one-day bill take the bill\'s day', () => {
  const lines = [inv(1, 'ECG', 142, null), inv(2, 'Troponin I', 97, null), inv(3, 'ECG', 142, null)];
  const header = { hospital: 'Sunrise Medical Centre', admission_date: '2025-09-16', discharge_date: '2025-09-16', kind: 'inpatient' as const };
  const [flag] = duplicateRule(ruleInput(lines, {}, { header }));
  assert.deepEqual(flag?.line_items, [1, 3]);
  assert.equal(flag?.severity, 'warning');
  assert.match(flag?.reason ?? '', /on 16\.09\.2025/);
});

test('undated repeats on an outpatient lab bill are on its one bill date', () => {
  const lines = [inv(1, 'Lipid Profile', 600, null), inv(2, 'Lipid Profile', 600, null)];
  const header = { hospital: 'Metropolis Lab', bill_date: '2025-02-10', kind: 'lab' as const };
  assert.equal(duplicateRule(ruleInput(lines, {}, { header }))[0]?.severity, 'warning');
});

test('undated repeated tests on a multi-day stay are only an observation', () => {
  const lines = [inv(6, 'Triglycerides', 57, null), inv(7, 'Triglycerides', 57, null)];
  const header = { hospital: 'Green Park Hospital', admission_date: '2025-03-20', discharge_date: '2025-03-22', kind: 'inpatient' as const };
  const [flag] = duplicateRule(ruleInput(lines, {}, { header }));
  assert.equal(flag?.severity, 'info');
  assert.match(flag?.reason ?? '', /no dates/);
});

test('an undated operation repeated on a multi-day stay is a warning with lowered confidence', () => {
  const lines = [
    line(item(3, 'Appendicectomy', { amount: 16843, category: 'procedure' })),
    line(item(4, 'Appendicectomy', { amount: 16843, category: 'procedure' })),
  ];
  const [flag] = duplicateRule(ruleInput(lines));
  assert.equal(flag?.severity, 'warning');
  assert.equal(flag?.confidence, 0.65);
  assert.equal(flag?.excess, 16843);
});

test('undated daily room and visit charges on a multi-day stay are not duplicates', () => {
  const lines = [
    line(item(1, 'Room Rent', { amount: 3000, category: 'room' })),
    line(item(2, 'Room Rent', { amount: 3000, category: 'room' })),
    line(item(3, 'Doctor Visit', { amount: 350, category: 'consultation' })),
    line(item(4, 'Doctor Visit', { amount: 350, category: 'consultation' })),
  ];
  assert.deepEqual(duplicateRule(ruleInput(lines)), []);
});

test('the same medicine issued twice on one day is an observation, not a red flag', () => {
  const lines = [
    line(item(10, 'Inj. Ceftriaxone 1g', { amount: 64.5, date: '2025-05-06', category: 'drug' })),
    line(item(11, 'Inj. Ceftriaxone 1g', { amount: 64.5, date: '2025-05-06', category: 'drug' })),
  ];
  assert.equal(duplicateRule(ruleInput(lines))[0]?.severity, 'info');
});

test('refund and zero lines are never duplicates', () => {
  const lines = [inv(1, 'Discount', -100, '2025-05-06'), inv(2, 'Discount', -100, '2025-05-06'), inv(3, 'Sample collection', 0, '2025-05-06'), inv(4, 'Sample collection', 0, '2025-05-06')];
  assert.deepEqual(duplicateRule(ruleInput(lines)), []);
});

test('singleDayOf reads the bill\'s one day, or none for a stay', () => {
  const one = bill([inv(1, 'ECG', 150, '2025-01-02'), inv(2, 'ESR', 20, null)], { header: { kind: 'outpatient' } });
  assert.equal(singleDayOf(one), '2025-01-02');
  const stay = bill([inv(1, 'ECG', 150, null)], { header: { admission_date: '2025-01-02', discharge_date: '2025-01-04' } });
  assert.equal(singleDayOf(stay), null);
  const inpatientDated = bill([inv(1, 'ECG', 150, '2025-01-02'), inv(2, 'ESR', 20, null)], { header: { kind: 'inpatient' } });
  assert.equal(singleDayOf(inpatientDated), null);
});
