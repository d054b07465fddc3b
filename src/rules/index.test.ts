import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overchargeTotal, runRules, withCountedExcess } from './index.ts';
import { CGHS, NON_PAYABLE, NPPA, OM, cghsMatch, item, line, nonPayableMatch, nppaMatch, omMatch, ruleInput } from './fixtures.test-helper.ts';
import type { MatchedItem } from '../domain/bill.ts';

/** An inpatient bill shaped like a Bengaluru hospital's final bill, with three planted problems. */
function lifelineBill(): MatchedItem[] {
  return [
    line(item(1, 'Semi-Private Room Rent', { quantity: 3, unit_price: 2500, amount: 7500, date: '2025-05-05', category: 'room' }), omMatch(OM.roomSemiPrivate)),
    line(item(2, 'Inpatient Consultation', { amount: 350, date: '2025-05-05', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(3, 'Inpatient Consultation', { amount: 350, date: '2025-05-06', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(4, 'ICU Charges', { amount: 4590, date: '2025-05-06', category: 'icu' }), omMatch(OM.icu)),
    line(item(5, 'Inpatient Consultation', { amount: 350, date: '2025-05-07', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(6, 'HbA1c', { amount: 120, date: '2025-05-07', category: 'investigation' }), cghsMatch(CGHS.hba1c)),
    line(item(7, 'Nerve Conduction Study', { amount: 541, date: '2025-05-08', category: 'investigation' }), cghsMatch(CGHS.ncv)),
    line(item(8, 'Nerve Conduction Study', { amount: 541, date: '2025-05-08', category: 'investigation' }), cghsMatch(CGHS.ncv)),
    line(item(9, 'Uric Acid', { amount: 50, date: '2025-05-08', category: 'investigation' }), cghsMatch(CGHS.uricAcid)),
    line(item(10, 'Nerve Conduction Study', { amount: 541, date: '2025-05-08', category: 'investigation' }), cghsMatch(CGHS.ncv)),
    line(item(11, 'Probiotic Sachet', { quantity: 5, unit_price: 22, amount: 110, date: '2025-05-05', category: 'drug' })),
    line(item(12, 'Multivitamin Capsule', { quantity: 5, unit_price: 8, amount: 40, date: '2025-05-05', category: 'drug' })),
    line(item(13, 'Diclofenac 50mg Tablet', { quantity: 20, unit_price: 5.68, amount: 113.6, date: '2025-05-08', category: 'drug' }), nppaMatch(NPPA.diclofenac50, 20, 5.68)),
  ];
}

test('runs every rule on a realistic inpatient bill and finds its three problems', () => {
  const input = ruleInput(lifelineBill(), { accreditation: 'non-nabh', city_tier: 1, ward: 'semi-private' }, { totals: { sub_total: 16696.6, stated_total: 16696.6 } });
  const flags = runRules(input);
  assert.deepEqual(flags.map((f) => [f.type, f.line_items]), [
    ['above_ceiling_price', [13]],
    ['duplicate', [7, 8, 10]],
    ['total_mismatch', []],
  ]);
  assert.deepEqual(flags.map((f) => f.counted_excess), [71, 1082, 1500]);
  assert.equal(overchargeTotal(flags, input.bill.items), 2653);
});

test('a clean bill raises no red flags', () => {
  const clean = lifelineBill().filter((m) => ![8, 10, 13].includes(m.item.index));
  assert.deepEqual(runRules(ruleInput(clean)).filter((f) => f.severity !== 'info'), []);
});

test('counts a rupee once when a duplicate line is also overcharged', () => {
  const lines = [
    line(item(2, 'Inpatient Consultation', { amount: 1050, date: '2025-01-15', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(3, 'Inpatient Consultation', { amount: 1050, date: '2025-01-15', category: 'consultation' }), omMatch(OM.consultationIpd)),
  ];
  const input = ruleInput(lines);
  const flags = runRules(input);
  assert.deepEqual(flags.map((f) => [f.type, f.line_items, f.excess, f.counted_excess]), [
    ['overcharge', [2], 700, 700],
    ['overcharge', [3], 700, 0],
    ['duplicate', [2, 3], 1050, 1050],
  ]);
  // Line 2 is allowed ₹350 and line 3 nothing: ₹2,100 billed − ₹350 = ₹1,750, not 700 + 700 + 1,050.
  assert.equal(overchargeTotal(flags, input.bill.items), 1750);
});

test('a non-payable line with wrong arithmetic counts only its amount', () => {
  const room = line(item(1, 'General Ward Charges', { quantity: 2, unit_price: 1500, amount: 3000, category: 'room' }), omMatch(OM.roomGeneral));
  const bmw = line(item(2, 'Bio-Medical Waste Charges', { quantity: 1, unit_price: 150, amount: 250, category: 'administrative' }), nonPayableMatch(NON_PAYABLE.bioMedicalWaste));
  const input = ruleInput([room, bmw], { ward: 'general' });
  const flags = runRules(input);
  assert.deepEqual(flags.map((f) => [f.type, f.excess, f.counted_excess]), [
    ['non_payable', 250, 250],
    ['arithmetic_error', 100, 0],
  ]);
  assert.equal(overchargeTotal(flags, input.bill.items), 250);
});

test('an overcharged line whose amount is also inflated counts both parts, up to amount − allowed', () => {
  const visit = line(item(3, 'Inpatient Consultation', { quantity: 1, unit_price: 1050, amount: 1150, category: 'consultation' }), omMatch(OM.consultationIpd));
  const flags = runRules(ruleInput([visit]));
  assert.deepEqual(flags.map((f) => [f.type, f.excess, f.counted_excess]), [
    ['overcharge', 700, 700],
    ['arithmetic_error', 100, 100],
  ]);
});

test('a drug above both its MRP and its ceiling counts the larger excess once', () => {
  // 2 strips of 10 at ₹60 a strip (₹6 a tablet), MRP ₹50 a strip, ceiling ₹2.13 a tablet.
  const diclo = line(item(4, "VOVERAN 50 TAB 10'S", { quantity: 2, unit_price: 60, amount: 120, mrp: 50, category: 'drug' }), nppaMatch(NPPA.diclofenac50, 20, 6));
  const input = ruleInput([diclo], {}, { header: { hospital: 'MedPlus', bill_date: '2025-03-02', kind: 'pharmacy' } });
  const flags = runRules(input);
  assert.deepEqual(flags.map((f) => [f.type, f.excess, f.counted_excess]), [
    ['above_ceiling_price', 77.4, 77.4],
    ['above_mrp', 20, 0],
  ]);
  assert.equal(overchargeTotal(flags, input.bill.items), 77.4);
});

test('info findings are never counted', () => {
  const cbc = line(item(5, 'CBC', { amount: 400, date: '2025-05-06', category: 'investigation' }), cghsMatch(CGHS.cbc));
  const flags = runRules(ruleInput([cbc]));
  assert.equal(flags[0]?.severity, 'info');
  assert.equal(flags[0]?.counted_excess, 0);
});

test('a line\'s counted excess never exceeds its amount', () => {
  const flags = withCountedExcess([
    { type: 'overcharge', line_items: [1], billed: 500, max_allowed: 0, excess: 500, confidence: 0.9, severity: 'warning', reason: '', citation: { source: 'CGHS', reference: 'x', date: null } },
    { type: 'non_payable', line_items: [1], billed: 300, max_allowed: 0, excess: 300, confidence: 0.9, severity: 'warning', reason: '', citation: { source: 'IRDAI', reference: 'x', date: null } },
  ], [item(1, 'Misc', { amount: 300 })]);
  assert.equal(flags.reduce((s, f) => s + (f.counted_excess ?? 0), 0), 300);
});

test('rules run in a fixed order whatever the bill order', () => {
  const lines = lifelineBill().reverse();
  const input = ruleInput(lines, {}, { totals: { sub_total: 16696.6, stated_total: 16696.6 } });
  assert.deepEqual(runRules(input).map((f) => f.type), ['above_ceiling_price', 'duplicate', 'total_mismatch']);
});
