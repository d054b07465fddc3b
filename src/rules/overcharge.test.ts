import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overchargeRule } from './overcharge.ts';
import { CGHS, OM, cghsMatch, item, line, omMatch, ruleInput } from './fixtures.test-helper.ts';

test('flags an inpatient visit billed at ₹1,050 against the OM rate of ₹350', () => {
  const visit = line(item(3, 'Inpatient Consultation', { amount: 1050, date: '2025-01-15', category: 'consultation' }), omMatch(OM.consultationIpd));
  const [flag, ...rest] = overchargeRule(ruleInput([visit], { city_tier: 3 }));
  assert.equal(rest.length, 0);
  assert.equal(flag?.type, 'overcharge');
  assert.deepEqual(flag?.line_items, [3]);
  assert.equal(flag?.billed, 1050);
  assert.equal(flag?.max_allowed, 350);
  assert.equal(flag?.excess, 700);
  assert.equal(flag?.severity, 'critical');
  assert.equal(flag?.confidence, 0.95);
  assert.deepEqual(flag?.citation, { source: 'CGHS', reference: 'OM F.No. Z.15025/28/2022/DIR/CGHS', date: '2023-04-12' });
  assert.match(flag?.reason ?? '', /₹1,050\.00 per visit; the CGHS rate is ₹350\.00/);
  assert.match(flag?.reason ?? '', /₹700\.00 × 1 visit = ₹700\.00 more than allowed/);
});

test('flags Blood Urea Nitrogen at ₹66 in a Tier II city where ₹45 is allowed', () => {
  const bun = line(item(8, 'Blood Urea Nitrogen (BUN)', { amount: 66, date: '2025-07-21', category: 'investigation' }), cghsMatch(CGHS.bun));
  const [flag] = overchargeRule(ruleInput([bun], { city_tier: 2, ward: 'general' }));
  assert.equal(flag?.max_allowed, 45);
  assert.equal(flag?.excess, 21);
  // 66 is 1.47× the rate and ₹21: a warning, not critical.
  assert.equal(flag?.severity, 'warning');
  assert.equal(flag?.citation.reference, 'CGHS treatment procedure/investigation rate list updated on 08.07.2024, code 1446');
  assert.equal(flag?.citation.date, '2024-07-08');
  assert.match(flag?.reason ?? '', /Tier II city: 10% less/);
});

test('excess is (unit price − allowed rate) × quantity', () => {
  const room = line(item(1, 'Private Room Rent', { quantity: 3, unit_price: 4500, amount: 13500, category: 'room' }), omMatch(OM.roomPrivate));
  const [flag] = overchargeRule(ruleInput([room], { ward: 'semi-private' }));
  assert.equal(flag?.billed, 13500);
  assert.equal(flag?.max_allowed, 9000);
  assert.equal(flag?.excess, 4500);
  assert.match(flag?.reason ?? '', /× 3 days = ₹4,500\.00/);
  assert.match(flag?.reason ?? '', /semi-private ward entitlement/);
});

test('does not flag a line billed at or below its allowed rate', () => {
  const lines = [
    line(item(1, 'Semi-Private Room Rent', { quantity: 3, unit_price: 2500, amount: 7500, category: 'room' }), omMatch(OM.roomSemiPrivate)),
    line(item(2, 'ICU Charges', { amount: 4590, category: 'icu' }), omMatch(OM.icu)),
    line(item(6, 'HbA1c', { amount: 120, category: 'investigation' }), cghsMatch(CGHS.hba1c)),
    line(item(7, 'Nerve Conduction Study', { amount: 541, category: 'investigation' }), cghsMatch(CGHS.ncv)),
    line(item(9, 'Uric Acid', { amount: 55, category: 'investigation' }), cghsMatch(CGHS.uricAcid)),
  ];
  assert.deepEqual(overchargeRule(ruleInput(lines, { accreditation: 'non-nabh', city_tier: 1 })), []);
});

test('tolerates a paisa of rounding but flags a rupee', () => {
  const ok = line(item(1, 'Troponin I', { amount: 103.5, category: 'investigation' }), cghsMatch(CGHS.troponinI));
  assert.deepEqual(overchargeRule(ruleInput([ok], { accreditation: 'nabh', city_tier: 2 })), []);
  const over = line(item(1, 'Troponin I', { amount: 158, category: 'investigation' }), cghsMatch(CGHS.troponinI));
  const [flag] = overchargeRule(ruleInput([over], { accreditation: 'nabh', city_tier: 2 }));
  assert.equal(flag?.excess, 54.5);
});

test('an allowed rate rounded up to the rupee is noted as info, not counted', () => {
  // ECG at a NABH hospital in a Tier II city: ₹157.50 allowed, ₹158 billed.
  const ecg = line(item(5, 'ECG', { amount: 158, category: 'investigation' }), cghsMatch(CGHS.ecg));
  const [flag] = overchargeRule(ruleInput([ecg], { accreditation: 'nabh', city_tier: 2 }));
  assert.equal(flag?.severity, 'info');
  assert.equal(flag?.excess, 0.5);
  assert.match(flag?.reason ?? '', /rounded up to the rupee/);
});

test('an uncertain match never accuses: the flag is info and says why', () => {
  const vague = line(item(4, 'Vit B12 level', { amount: 822, category: 'investigation' }), cghsMatch(CGHS.vitaminB12, 0.45));
  const [flag] = overchargeRule(ruleInput([vague]));
  assert.equal(flag?.severity, 'info');
  assert.equal(flag?.confidence, 0.45);
  assert.match(flag?.reason ?? '', /match to the reference is uncertain \(confidence 0\.45\)/);
});

test('confidence is the lower of match and extraction confidence', () => {
  const blurred = line(item(4, 'Vitamin B12', { amount: 822, category: 'investigation', confidence: 0.7 }), cghsMatch(CGHS.vitaminB12, 0.93));
  const [flag] = overchargeRule(ruleInput([blurred], { accreditation: 'nabh' }));
  assert.equal(flag?.confidence, 0.7);
  assert.equal(flag?.excess, 534);
  // Large (2.85× the rate) but read with 0.7 confidence: a warning, not critical.
  assert.equal(flag?.severity, 'warning');
});

test('a rate filled from the older 2014 list never accuses', () => {
  const cbc = line(item(5, 'CBC', { amount: 400, category: 'investigation' }), cghsMatch(CGHS.cbc));
  const [flag] = overchargeRule(ruleInput([cbc]));
  assert.equal(flag?.severity, 'info');
  assert.match(flag?.reason ?? '', /older rate/);
});

test('for a private patient the reason speaks of a benchmark, not a violation', () => {
  const visit = line(item(3, 'Inpatient Consultation', { amount: 1050, category: 'consultation' }), omMatch(OM.consultationIpd));
  const [flag] = overchargeRule(ruleInput([visit], { scheme: 'private' }));
  assert.equal(flag?.severity, 'warning');
  assert.match(flag?.reason ?? '', /CGHS benchmark rate is ₹350\.00/);
  assert.match(flag?.reason ?? '', /above the CGHS benchmark rate/);
  assert.doesNotMatch(flag?.reason ?? '', /more than allowed/);
});

test('a line with no benchmark is never flagged on price', () => {
  const unmatched = line(item(11, 'Probiotic Sachet', { quantity: 5, unit_price: 22, amount: 110, category: 'drug' }));
  assert.deepEqual(overchargeRule(ruleInput([unmatched])), []);
});

test('a line with no printed rate is priced by its amount over its quantity', () => {
  const room = line(item(1, 'General Ward Charges (2 days)', { quantity: 2, unit_price: null, amount: 4000, category: 'room' }), omMatch(OM.roomGeneral));
  const [flag] = overchargeRule(ruleInput([room], { ward: 'general' }));
  assert.equal(flag?.excess, 1000);
  assert.equal(flag?.max_allowed, 3000);
});
