import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboveMrpRule } from './above-mrp.ts';
import { item, line, ruleInput } from './fixtures.test-helper.ts';

const pharmacy = { header: { hospital: 'Apollo Pharmacy', city: 'Chennai', bill_no: 'PH/24/55120', bill_date: '2025-03-02', kind: 'pharmacy' as const } };

test('flags a strip sold above the MRP printed on it', () => {
  const pan = line(item(2, "PAN 40 TAB 15'S", { quantity: 2, unit_price: 210, amount: 420, mrp: 195.5, category: 'drug' }));
  const [flag, ...rest] = aboveMrpRule(ruleInput([pan], {}, pharmacy));
  assert.equal(rest.length, 0);
  assert.equal(flag?.type, 'above_mrp');
  assert.equal(flag?.excess, 29);
  assert.equal(flag?.billed, 420);
  assert.equal(flag?.max_allowed, 391);
  assert.equal(flag?.severity, 'critical');
  assert.deepEqual(flag?.citation, { source: 'Legal Metrology (Packaged Commodities) Rules, 2011', reference: 'Rule 18(2)', date: '2011-03-07' });
  assert.match(flag?.reason ?? '', /2 packs × ₹14\.50 = ₹29\.00 above MRP/);
});

test('does not flag a rate at or below the MRP', () => {
  const lines = [
    line(item(1, "DOLO 650 TAB 15'S", { quantity: 1, unit_price: 33.6, amount: 33.6, mrp: 33.6, category: 'drug' })),
    line(item(2, "AUGMENTIN 625 DUO TAB 10'S", { quantity: 1, unit_price: 201.2, amount: 201.2, mrp: 223.56, category: 'drug' })),
    line(item(3, 'Cotton Roll 100g', { quantity: 1, unit_price: 58, amount: 58, mrp: null, category: 'consumable' })),
  ];
  assert.deepEqual(aboveMrpRule(ruleInput(lines, {}, pharmacy)), []);
});

test('a line read with low confidence is info only', () => {
  const smudged = line(item(2, "PAN 40 TAB 15'S", { quantity: 1, unit_price: 210, amount: 210, mrp: 195.5, confidence: 0.5, category: 'drug' }));
  const [flag] = aboveMrpRule(ruleInput([smudged], {}, pharmacy));
  assert.equal(flag?.severity, 'info');
  assert.match(flag?.reason ?? '', /read with low confidence/);
});
