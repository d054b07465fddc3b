import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAmount, parseDate, wordsToNumber } from './numbers.ts';

test('reads Indian digit grouping, rupee marks and /- endings', () => {
  assert.equal(parseAmount('₹1,01,937.00'), 101937);
  assert.equal(parseAmount('Rs. 2,000.00'), 2000);
  assert.equal(parseAmount('INR 500'), 500);
  assert.equal(parseAmount('350/-'), 350);
  assert.equal(parseAmount('रु. 1,250.00'), 1250);
  assert.equal(parseAmount('रुपये 300'), 300);
  assert.equal(parseAmount('Paracetamol 500mg'), null);
  assert.equal(parseAmount('12 hrs'), null);
  assert.equal(parseAmount('1,00,000.50'), 100000.5);
  assert.equal(parseAmount('(1,000.00)'), -1000);
  assert.equal(parseAmount('12/03/2025'), null);
  assert.equal(parseAmount('ECG'), null);
});

test('reads dates day first, ISO, and with month names', () => {
  assert.equal(parseDate('04/05/2025'), '2025-05-04');
  assert.equal(parseDate('2025-05-04'), '2025-05-04');
  assert.equal(parseDate('21-Aug-2025'), '2025-08-21');
  assert.equal(parseDate('02 Feb 2025'), '2025-02-02');
  assert.equal(parseDate('12.03.25'), '2025-03-12');
  assert.equal(parseDate('31/02/2025'), null);
});

test('reads amounts written in words, including "one fifty" shorthand', () => {
  assert.equal(wordsToNumber('six thousand nine hundred fifty'.split(' ')), 6950);
  assert.equal(wordsToNumber('one fifty'.split(' ')), 150);
  assert.equal(wordsToNumber('two lakh fifty thousand'.split(' ')), 250000);
  assert.equal(wordsToNumber('fifteen hundred'.split(' ')), 1500);
});
