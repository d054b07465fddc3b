import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkFor } from './benchmark.ts';
import { CGHS, NON_PAYABLE, NPPA, OM, cghsMatch, context, item, line, nonPayableMatch, nppaMatch, omMatch } from './fixtures.test-helper.ts';

const ecgLine = line(item(6, 'ECG', { amount: 175, category: 'investigation' }), cghsMatch(CGHS.ecg));
const appendixLine = line(item(3, 'Appendicectomy', { amount: 19000, category: 'procedure' }), cghsMatch(CGHS.appendicectomy));

test('non-NABH hospital in a Tier I city gets the listed non-NABH rate', () => {
  const b = benchmarkFor(ecgLine, context({ accreditation: 'non-nabh', city_tier: 1 }));
  assert.equal(b?.rate, 150);
  assert.equal(b?.source, 'CGHS');
  assert.equal(b?.code, '590');
  assert.equal(b?.unit, 'per test');
  assert.match(b?.basis ?? '', /non-NABH rate ₹150\.00/);
});

test('NABH hospital uses the NABH column', () => {
  assert.equal(benchmarkFor(ecgLine, context({ accreditation: 'nabh' }))?.rate, 175);
});

test('Tier II city pays 10% less and Tier III 20% less for investigations', () => {
  assert.equal(benchmarkFor(ecgLine, context({ accreditation: 'nabh', city_tier: 2 }))?.rate, 157.5);
  assert.equal(benchmarkFor(ecgLine, context({ accreditation: 'non-nabh', city_tier: 3 }))?.rate, 120);
});

test('investigations cost the same in every ward', () => {
  for (const ward of ['general', 'semi-private', 'private'] as const) {
    assert.equal(benchmarkFor(ecgLine, context({ ward }))?.rate, 150);
  }
  assert.match(benchmarkFor(ecgLine, context({ ward: 'private' }))?.basis ?? '', /no ward adjustment/);
});

test('general ward procedure is 5% below the listed rate', () => {
  const b = benchmarkFor(appendixLine, context({ accreditation: 'nabh', ward: 'general' }));
  assert.equal(b?.rate, 18050);
  assert.match(b?.basis ?? '', /general ward: 5% less/);
});

test('private ward procedure is 5% above and semi-private is as listed', () => {
  assert.equal(benchmarkFor(appendixLine, context({ accreditation: 'non-nabh', ward: 'private' }))?.rate, 16957.5);
  assert.equal(benchmarkFor(appendixLine, context({ accreditation: 'nabh', ward: 'semi-private' }))?.rate, 19000);
});

test('tier and ward adjustments combine and round to the paisa', () => {
  // 19,000 × 0.9 × 1.05 = 17,955 (a float product would be 17955.000000000004).
  assert.equal(benchmarkFor(appendixLine, context({ accreditation: 'nabh', city_tier: 2, ward: 'private' }))?.rate, 17955);
  // 16,150 × 0.8 × 0.95 = 12,274
  assert.equal(benchmarkFor(appendixLine, context({ city_tier: 3, ward: 'general' }))?.rate, 12274);
});

test('consultation and ICU rows of the CGHS list take no tier or ward adjustment', () => {
  const visit = line(item(2, 'Inpatient Consultation', { amount: 350, category: 'consultation' }), cghsMatch(CGHS.consultationIpd));
  assert.equal(benchmarkFor(visit, context({ city_tier: 3, ward: 'general' }))?.rate, 350);
  const icu = line(item(4, 'ICU Charges', { amount: 5400, category: 'icu' }), cghsMatch(CGHS.icu));
  assert.equal(benchmarkFor(icu, context({ accreditation: 'nabh', city_tier: 2, ward: 'private' }))?.rate, 5400);
  assert.equal(benchmarkFor(icu, context({ accreditation: 'non-nabh', city_tier: 3 }))?.rate, 4590);
});

test('room rent allowed is the patient\'s ward entitlement, whatever room the bill names', () => {
  const privateRoom = line(item(1, 'Private Room Rent', { quantity: 3, unit_price: 4500, amount: 13500, category: 'room' }), omMatch(OM.roomPrivate));
  const b = benchmarkFor(privateRoom, context({ ward: 'semi-private', city_tier: 3 }));
  assert.equal(b?.rate, 3000);
  assert.equal(b?.unit, 'per day');
  assert.match(b?.basis ?? '', /semi-private ward entitlement/);
  assert.equal(benchmarkFor(privateRoom, context({ ward: 'private' }))?.rate, 4500);
  assert.equal(benchmarkFor(privateRoom, context({ ward: 'general', accreditation: 'nabh' }))?.rate, 1500);
});

test('OM ICU is ₹5,400 at NABH and ₹4,590 at non-NABH hospitals, with no tier adjustment', () => {
  const icu = line(item(4, 'ICU Charges', { amount: 5400, category: 'icu' }), omMatch(OM.icu));
  assert.equal(benchmarkFor(icu, context({ accreditation: 'nabh', city_tier: 3 }))?.rate, 5400);
  assert.equal(benchmarkFor(icu, context({ accreditation: 'non-nabh', city_tier: 2 }))?.rate, 4590);
});

test('OM consultation is ₹350 in every city tier', () => {
  const opd = line(item(1, 'OPD Consultation', { amount: 1500, category: 'consultation' }), omMatch(OM.consultationOpd));
  assert.equal(benchmarkFor(opd, context({ city_tier: 3, accreditation: 'nabh' }))?.rate, 350);
});

test('NPPA ceiling is per tablet for a tablet row', () => {
  const para = line(item(10, 'Paracetamol 500mg Tablet', { quantity: 15, unit_price: 0.85, amount: 12.75, category: 'drug' }), nppaMatch(NPPA.paracetamol500, 15, 0.85));
  const b = benchmarkFor(para, context());
  assert.equal(b?.rate, 1.01);
  assert.equal(b?.unit, 'per tablet');
  assert.equal(b?.source, 'NPPA');
  assert.equal(b?.code, 'S.O. 1499(E)');
  assert.match(b?.basis ?? '', /excluding GST/);
});

test('NPPA ceiling for a 100 ml bottle is spread per ml, below a paisa', () => {
  const ns = line(item(12, 'Normal Saline 0.9% 100ml', { quantity: 2, unit_price: 60.69, amount: 121.38, category: 'drug' }), nppaMatch(NPPA.normalSaline100, 200, 0.6069));
  const b = benchmarkFor(ns, context());
  assert.equal(b?.rate, 0.1755);
  assert.equal(b?.unit, 'per ml');
  assert.match(b?.basis ?? '', /₹17\.55 per 100ml Non-Glass = ₹0\.1755 per ml/);
});

test('a non-payable match has no price benchmark', () => {
  const bmw = line(item(9, 'Bio-Medical Waste Charges', { amount: 250, category: 'administrative' }), nonPayableMatch(NON_PAYABLE.bioMedicalWaste));
  assert.equal(benchmarkFor(bmw, context()), null);
  assert.equal(benchmarkFor(line(item(1, 'Probiotic Sachet', { quantity: 5, amount: 110 })), context()), null);
});

test('a rate filled from the 2014 list says so in its basis and edition', () => {
  const cbc = line(item(5, 'CBC', { amount: 400, category: 'investigation' }), cghsMatch(CGHS.cbc));
  const b = benchmarkFor(cbc, context());
  assert.equal(b?.rate, 135);
  assert.equal(b?.edition, '2014');
  assert.match(b?.basis ?? '', /2014 list/);
});

test('a blank NABH column falls back to the non-NABH rate plus 15%, and says so', () => {
  const row = { ...CGHS.uricAcid, nabh: null };
  const b = benchmarkFor(line(item(9, 'Uric Acid', { amount: 50, category: 'investigation' }), cghsMatch(row)), context({ accreditation: 'nabh' }));
  assert.equal(b?.rate, 63.25);
  assert.match(b?.basis ?? '', /NABH rate not printed/);
});

test('a row with no rate at all has no benchmark', () => {
  const row = { ...CGHS.uricAcid, nabh: null, non_nabh: null };
  assert.equal(benchmarkFor(line(item(9, 'Uric Acid', { amount: 50 }), cghsMatch(row)), context()), null);
});

test('a blood component row changes with the city tier but not with the ward', () => {
  // Code 1825, "Blood component charges - Whole Blood per Unit", ₹1,450 in both columns.
  const row = { ...CGHS.ecg, code: '1825', name: 'Blood component charges - Whole Blood per Unit', non_nabh: 1450, nabh: 1450, unit: 'per unit' as const, section: 'LABORATORY MEDICINE / BLOOD BANK', category: 'other' };
  const blood = line(item(9, 'Whole Blood (1 unit)', { amount: 1450, category: 'other' }), cghsMatch(row));
  assert.equal(benchmarkFor(blood, context({ city_tier: 2, ward: 'private' }))?.rate, 1305);
});
