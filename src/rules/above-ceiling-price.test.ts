import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboveCeilingPriceRule } from './above-ceiling-price.ts';
import { NPPA, item, line, nppaMatch, ruleInput } from './fixtures.test-helper.ts';

test('flags Diclofenac 50 mg at ₹5.68 a tablet against a ₹2.13 ceiling', () => {
  const diclo = line(item(13, 'Diclofenac 50mg Tablet', { quantity: 20, unit_price: 5.68, amount: 113.6, date: '2025-05-08', category: 'drug' }), nppaMatch(NPPA.diclofenac50, 20, 5.68));
  const [flag, ...rest] = aboveCeilingPriceRule(ruleInput([diclo]));
  assert.equal(rest.length, 0);
  assert.equal(flag?.type, 'above_ceiling_price');
  assert.deepEqual(flag?.line_items, [13]);
  assert.equal(flag?.billed, 113.6);
  assert.equal(flag?.max_allowed, 42.6);
  assert.equal(flag?.excess, 71);
  assert.equal(flag?.severity, 'critical');
  assert.deepEqual(flag?.citation, { source: 'NPPA', reference: 'S.O. 1499(E), DPCO 2013', date: '2022-03-30' });
  assert.match(flag?.reason ?? '', /ceiling price for Diclofenac Tablet 50 mg is ₹2\.13 per tablet excluding GST \(S\.O\. 1499\(E\) dated 30\.03\.2022/);
  assert.match(flag?.reason ?? '', /12% GST/);
  assert.match(flag?.reason ?? '', /20 tablets × ₹3\.55 = ₹71\.00/);
});

test('allows 12% GST on a ceiling price', () => {
  // Paracetamol 500 mg: ceiling ₹1.01; ₹1.13 a tablet is the ceiling plus 12% GST (₹1.1312).
  const withGst = line(item(10, 'Paracetamol 500mg Tablet', { quantity: 15, unit_price: 1.13, amount: 16.95, category: 'drug' }), nppaMatch(NPPA.paracetamol500, 15, 1.13));
  assert.deepEqual(aboveCeilingPriceRule(ruleInput([withGst])), []);
  // A strip of 10 sold for ₹11.40 is ₹1.14 a tablet: within a paisa of ceiling + GST.
  const strip = line(item(10, 'Paracetamol 500mg (Strip of 10)', { quantity: 1, unit_price: 11.4, amount: 11.4, category: 'drug' }), nppaMatch(NPPA.paracetamol500, 10, 1.14));
  assert.deepEqual(aboveCeilingPriceRule(ruleInput([strip])), []);
});

test('a price above ceiling plus GST counts its excess from the ceiling itself', () => {
  const para = line(item(10, 'Paracetamol 500mg Tablet', { quantity: 15, unit_price: 1.5, amount: 22.5, category: 'drug' }), nppaMatch(NPPA.paracetamol500, 15, 1.5));
  const [flag] = aboveCeilingPriceRule(ruleInput([para]));
  // (1.50 − 1.01) × 15 = 7.35: the contract's excess, GST excluded.
  assert.equal(flag?.excess, 7.35);
});

test('counts units, not packs: a strip of 15 sold twice is 30 capsules', () => {
  const cef = line(item(7, 'Cefixime 200mg Capsule (Strip of 15)', { quantity: 2, unit_price: 837.6, amount: 1675.2, category: 'drug' }), nppaMatch(NPPA.cefixime200, 30, 55.84));
  const [flag] = aboveCeilingPriceRule(ruleInput([cef]));
  assert.equal(flag?.excess, 1194.3);
  assert.match(flag?.reason ?? '', /30 capsules × ₹39\.81/);
});

test('a ceiling per 100 ml bottle is compared per ml', () => {
  const ns = line(item(12, 'Normal Saline 0.9% 100ml', { quantity: 2, unit_price: 60.69, amount: 121.38, category: 'drug' }), nppaMatch(NPPA.normalSaline100, 200, 0.6069));
  const [flag] = aboveCeilingPriceRule(ruleInput([ns]));
  assert.equal(flag?.excess, 86.28);
  assert.equal(flag?.max_allowed, 35.1);
  assert.match(flag?.reason ?? '', /₹0\.1755 per ml/);
});

test('a coronary stent above its ceiling cites S.O. 1502(E)', () => {
  const stent = line(item(20, 'Drug Eluting Stent (Xience)', { amount: 65000, category: 'implant' }), nppaMatch(NPPA.drugElutingStent, 1, 65000, 0.9));
  const [flag] = aboveCeilingPriceRule(ruleInput([stent]));
  assert.equal(flag?.excess, 30871.87);
  assert.equal(flag?.citation.reference, 'S.O. 1502(E), DPCO 2013');
});

test('binds private patients too: the wording stays a breach', () => {
  const diclo = line(item(13, 'Diclofenac 50mg Tablet', { quantity: 20, unit_price: 5.68, amount: 113.6, category: 'drug' }), nppaMatch(NPPA.diclofenac50, 20, 5.68));
  const [flag] = aboveCeilingPriceRule(ruleInput([diclo], { scheme: 'private' }));
  assert.equal(flag?.severity, 'critical');
  assert.match(flag?.reason ?? '', /bind every seller/);
});

test('an uncertain formulation match is info only', () => {
  const guess = line(item(13, 'Diclo-P tab', { quantity: 10, unit_price: 5, amount: 50, category: 'drug' }), nppaMatch(NPPA.diclofenac50, 10, 5, 0.5));
  const [flag] = aboveCeilingPriceRule(ruleInput([guess]));
  assert.equal(flag?.severity, 'info');
  assert.match(flag?.reason ?? '', /Not counted/);
});

test('a moderately sure match is a warning, not critical', () => {
  const diclo = line(item(13, 'Diclofenac Tab', { quantity: 20, unit_price: 5.68, amount: 113.6, category: 'drug' }), nppaMatch(NPPA.diclofenac50, 20, 5.68, 0.75));
  assert.equal(aboveCeilingPriceRule(ruleInput([diclo]))[0]?.severity, 'warning');
});
