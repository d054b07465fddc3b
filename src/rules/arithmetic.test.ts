import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arithmeticRule } from './arithmetic.ts';
import { item, line, ruleInput } from './fixtures.test-helper.ts';

test('flags 10 × ₹8 billed as ₹180', () => {
  const mv = line(item(14, 'Multivitamin Capsule', { quantity: 10, unit_price: 8, amount: 180, date: '2025-01-14', category: 'drug' }));
  const [flag, ...rest] = arithmeticRule(ruleInput([mv]));
  assert.equal(rest.length, 0);
  assert.equal(flag?.type, 'arithmetic_error');
  assert.equal(flag?.excess, 100);
  assert.equal(flag?.billed, 180);
  assert.equal(flag?.max_allowed, 80);
  assert.equal(flag?.severity, 'warning');
  assert.match(flag?.reason ?? '', /10 × ₹8\.00 = ₹80\.00, but the line says ₹180\.00, ₹100\.00 more/);
});

test('tolerates paisa-level rounding of the printed rate', () => {
  const lines = [
    // 15 × 5.68 = 85.20; a rate of 5.6799 printed as 5.68 gives 85.1985 → 85.20 or 85.19.
    line(item(1, 'Diclofenac 50mg Tablet', { quantity: 15, unit_price: 5.68, amount: 85.19, category: 'drug' })),
    line(item(2, 'Heparin 1000 IU/ml Injection (per ml)', { quantity: 2, unit_price: 56.27, amount: 112.54, category: 'drug' })),
    line(item(3, 'Semi-Private Room Rent', { quantity: 3, unit_price: 3000, amount: 9000, category: 'room' })),
  ];
  assert.deepEqual(arithmeticRule(ruleInput(lines)), []);
});

test('an amount below quantity × rate is in the patient\'s favour: info only', () => {
  const under = line(item(4, 'Probiotic Sachet', { quantity: 10, unit_price: 22, amount: 200, category: 'drug' }));
  const [flag] = arithmeticRule(ruleInput([under]));
  assert.equal(flag?.excess, -20);
  assert.equal(flag?.severity, 'info');
  assert.match(flag?.reason ?? '', /in your favour/);
});

test('a one-digit difference on a low-confidence OCR line is a possible misread, not a red flag', () => {
  const ocr = line(item(7, 'Pantoprazole + Domperidone Capsule', { quantity: 10, unit_price: 14.5, amount: 245, confidence: 0.7, category: 'drug' }));
  const [flag] = arithmeticRule(ruleInput([ocr]));
  assert.equal(flag?.severity, 'info');
  assert.match(flag?.reason ?? '', /single digit/);
});

test('the same one-digit difference on a clearly read line is a red flag', () => {
  const clear = line(item(7, 'Pantoprazole + Domperidone Capsule', { quantity: 10, unit_price: 14.5, amount: 245, confidence: 0.95, category: 'drug' }));
  assert.equal(arithmeticRule(ruleInput([clear]))[0]?.severity, 'warning');
});

test('a line with no printed rate has no arithmetic to check', () => {
  const noRate = line(item(1, 'Pharmacy (as per list)', { quantity: 1, unit_price: null, amount: 2450, category: 'drug' }));
  assert.deepEqual(arithmeticRule(ruleInput([noRate])), []);
});
