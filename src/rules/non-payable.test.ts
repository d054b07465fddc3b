import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonPayableRule, ruleInForce } from './non-payable.ts';
import { CGHS, NON_PAYABLE, OM, cghsMatch, item, line, nonPayableMatch, omMatch, ruleInput } from './fixtures.test-helper.ts';

const room = line(item(1, 'General Ward Charges', { quantity: 3, unit_price: 1500, amount: 4500, date: '2025-05-09', category: 'room' }), omMatch(OM.roomGeneral));

test('flags bio-medical waste charges on an inpatient bill as part of room rent', () => {
  const bmw = line(item(14, 'Bio-Medical Waste Charges', { amount: 250, date: '2025-05-09', category: 'administrative' }), nonPayableMatch(NON_PAYABLE.bioMedicalWaste));
  const [flag, ...rest] = nonPayableRule(ruleInput([room, bmw]));
  assert.equal(rest.length, 0);
  assert.equal(flag?.type, 'non_payable');
  assert.deepEqual(flag?.line_items, [14]);
  assert.equal(flag?.excess, 250);
  assert.equal(flag?.billed, 250);
  assert.equal(flag?.max_allowed, 0);
  assert.equal(flag?.severity, 'critical');
  assert.equal(flag?.citation.date, '2025-10-03');
  assert.match(flag?.citation.reference ?? '', /Annexure-III/);
  assert.match(flag?.reason ?? '', /included in room rent under CGHS rules/);
});

test('flags documentation charges under IRDAI List II', () => {
  const doc = line(item(20, 'Documentation Charges', { amount: 500, date: '2025-05-09', category: 'administrative' }), nonPayableMatch(NON_PAYABLE.documentation));
  const [flag] = nonPayableRule(ruleInput([room, doc], { scheme: 'insured' }));
  assert.equal(flag?.excess, 500);
  assert.equal(flag?.citation.source, 'IRDAI');
  assert.equal(flag?.citation.date, '2020-07-22');
  assert.match(flag?.reason ?? '', /List II/);
  assert.match(flag?.reason ?? '', /insurer will not pay/);
});

test('a visitor pass is a warning: it may be a service the family asked for', () => {
  const pass = line(item(19, 'TV Charges', { amount: 300, category: 'administrative' }), nonPayableMatch(NON_PAYABLE.television));
  const [flag] = nonPayableRule(ruleInput([room, pass]));
  assert.equal(flag?.severity, 'warning');
  assert.match(flag?.reason ?? '', /not payable \(List I/);
});

test('a registration fee on an outpatient bill is flagged as a warning, not as critical', () => {
  const opd = line(item(1, 'OPD Consultation', { amount: 350, category: 'consultation' }), omMatch(OM.consultationOpd));
  const reg = line(item(2, 'Registration Charges', { amount: 100, category: 'administrative' }), nonPayableMatch(NON_PAYABLE.registration));
  const header = { hospital: 'Sunrise Medical Centre', bill_date: '2025-09-01', kind: 'outpatient' as const };
  const [flag] = nonPayableRule(ruleInput([opd, reg], {}, { header }));
  assert.equal(flag?.severity, 'warning');
  assert.equal(flag?.excess, 100);
});

test('oxygen is not non-payable unless a package is billed', () => {
  const oxygen = line(item(6, 'Oxygen Charges', { quantity: 2, unit_price: 600, amount: 1200, category: 'consumable' }), nonPayableMatch(NON_PAYABLE.pkgOxygen));
  const appendix = line(item(3, 'Appendicectomy', { amount: 16150, category: 'procedure' }), cghsMatch(CGHS.appendicectomy));
  assert.deepEqual(nonPayableRule(ruleInput([room, appendix, oxygen])), []);

  const appendixPackage = line(item(3, 'Appendicectomy Package (3 days)', { amount: 16150, category: 'procedure' }), cghsMatch(CGHS.appendicectomy));
  const [flag] = nonPayableRule(ruleInput([room, appendixPackage, oxygen]));
  assert.equal(flag?.severity, 'critical');
  assert.equal(flag?.excess, 1200);
  assert.match(flag?.reason ?? '', /included in the package rate/);
});

test('gauze is part of procedure charges only when a procedure is billed', () => {
  const gauze = line(item(8, 'Gauze Pieces', { quantity: 4, unit_price: 25, amount: 100, category: 'consumable' }), nonPayableMatch(NON_PAYABLE.gauze));
  assert.deepEqual(nonPayableRule(ruleInput([room, gauze])), []);
  const appendix = line(item(3, 'Appendicectomy', { amount: 16150, category: 'procedure' }), cghsMatch(CGHS.appendicectomy));
  assert.equal(nonPayableRule(ruleInput([room, appendix, gauze]))[0]?.severity, 'warning');
});

test('for a private patient the finding is worded as a benchmark and is a warning', () => {
  const bmw = line(item(14, 'BMW Charges', { amount: 150, category: 'administrative' }), nonPayableMatch(NON_PAYABLE.bioMedicalWaste));
  const [flag] = nonPayableRule(ruleInput([room, bmw], { scheme: 'private' }));
  assert.equal(flag?.severity, 'warning');
  assert.match(flag?.reason ?? '', /ask for it to be waived/);
});

test('a vague wording match never accuses', () => {
  const misc = line(item(14, 'Misc. service', { amount: 150, category: 'other' }), nonPayableMatch(NON_PAYABLE.bioMedicalWaste, 0.4));
  const [flag] = nonPayableRule(ruleInput([room, misc]));
  assert.equal(flag?.severity, 'info');
  assert.equal(flag?.confidence, 0.4);
});

test('cites the rule in force on the bill date: the IRDAI list before the CGHS OM of 03.10.2025 came into force', () => {
  const row = { ...NON_PAYABLE.registration, citation: { source: 'CGHS', reference: 'CGHS OM F.No. 5-16/CGHS(HQ)/HEC/2024 (Part I) dated 03.10.2025, Annexure-III', date: '2025-10-03', in_force_from: '2025-10-13' },
    also_listed: [{ list: 'IRDAI-IV' as const, included_in: 'cost of treatment', citation: { source: 'IRDAI', reference: 'IRDAI/HLT/REG/CIR/193/07/2020, List IV', date: '2020-07-22' } }] };
  const before = ruleInForce(row, { ...ruleInput([]).bill, header: { bill_date: '2025-06-13' } }, false);
  assert.equal(before?.citation.source, 'IRDAI');
  assert.equal(before?.list, 'IRDAI-IV');
  const after = ruleInForce(row, { ...ruleInput([]).bill, header: { bill_date: '2025-11-02' } }, false);
  assert.equal(after?.citation.source, 'CGHS');
});

test('a charge listed only by a rule not yet in force on the bill date is flagged, and the reason says when the rule applies from', () => {
  const nursingRow = { ...NON_PAYABLE.registration, id: 'nursing-care', name: 'Nursing care charges', list: 'CGHS-ROOM' as const,
    citation: { source: 'CGHS', reference: 'CGHS OM F.No. 5-16/CGHS(HQ)/HEC/2024 (Part I) dated 03.10.2025, Annexure-III para 1', date: '2025-10-03', in_force_from: '2025-10-13' },
    also_listed: [{ list: 'CGHS-PACKAGE' as const, included_in: 'package', citation: { source: 'CGHS', reference: 'CGHS OM dated 16.11.2010, para 2', date: '2010-11-16' } }] };
  const nursing = line(item(12, 'Nursing Charges', { quantity: 3, unit_price: 500, amount: 1500, category: 'nursing' as never }), nonPayableMatch(nursingRow));
  const early = ruleInput([room, nursing]);
  early.bill.header = { ...early.bill.header, bill_date: '2025-09-18' };
  const [flag] = nonPayableRule(early);
  assert.equal(flag?.severity, 'critical');
  assert.match(flag?.reason ?? '', /applies in these words from 13\.10\.2025, after this bill's date \(18\.09\.2025\)/);

  const later = ruleInput([room, nursing]);
  later.bill.header = { ...later.bill.header, bill_date: '2025-11-02' };
  const [counted] = nonPayableRule(later);
  assert.equal(counted?.severity, 'critical');
  assert.match(counted?.citation.reference ?? '', /03\.10\.2025/);
  assert.doesNotMatch(counted?.reason ?? '', /after this bill's date/);
});

test('the wording names the list that is cited: IRDAI List IV for registration before the CGHS OM of 2025', () => {
  const row = { ...NON_PAYABLE.registration, list: 'CGHS-ROOM' as const,
    citation: { source: 'CGHS', reference: 'CGHS OM F.No. 5-16/CGHS(HQ)/HEC/2024 (Part I) dated 03.10.2025, Annexure-III', date: '2025-10-03', in_force_from: '2025-10-13' },
    also_listed: [{ list: 'IRDAI-IV' as const, included_in: 'cost of treatment', citation: { source: 'IRDAI', reference: 'IRDAI/HLT/REG/CIR/193/07/2020, List IV', date: '2020-07-22' } }] };
  const reg = line(item(1, 'Registration Charges', { amount: 500, category: 'administrative' }), nonPayableMatch(row));
  const input = ruleInput([room, reg]);
  input.bill.header = { ...input.bill.header, bill_date: '2025-06-13' };
  const [flag] = nonPayableRule(input);
  assert.equal(flag?.citation.source, 'IRDAI');
  assert.match(flag?.reason ?? '', /IRDAI's List IV/);
  assert.doesNotMatch(flag?.reason ?? '', /CGHS rules/);
});
