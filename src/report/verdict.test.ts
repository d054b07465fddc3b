import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conclude, verdictFor } from './verdict.ts';
import { runRules } from '../rules/index.ts';
import { CGHS, NON_PAYABLE, NPPA, OM, cghsMatch, item, line, nonPayableMatch, nppaMatch, omMatch, ruleInput } from '../rules/fixtures.test-helper.ts';
import type { Context } from '../domain/analysis.ts';
import type { MatchedItem } from '../domain/bill.ts';

/** A two-day general-ward stay in an Indore hospital (Tier II, non-NABH). */
function indoreStay(): MatchedItem[] {
  return [
    line(item(1, 'General Ward Charges', { quantity: 2, unit_price: 1500, amount: 3000, date: '2025-07-18', category: 'room' }), omMatch(OM.roomGeneral)),
    line(item(2, 'Inpatient Consultation', { amount: 350, date: '2025-07-18', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(3, 'Inpatient Consultation', { amount: 350, date: '2025-07-19', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(4, 'Electrocardiogram', { amount: 124, date: '2025-07-19', category: 'investigation' }), cghsMatch(CGHS.ecg)),
    line(item(5, 'Uric Acid', { amount: 49, date: '2025-07-19', category: 'investigation' }), cghsMatch(CGHS.uricAcid)),
    line(item(6, 'Probiotic Sachet', { quantity: 10, unit_price: 22, amount: 220, date: '2025-07-18', category: 'drug' })),
    line(item(7, 'Paracetamol 500mg Tablet', { quantity: 15, unit_price: 0.85, amount: 12.75, date: '2025-07-18', category: 'drug' }), nppaMatch(NPPA.paracetamol500, 15, 0.85)),
  ];
}

const INDORE: Partial<Context> = { accreditation: 'non-nabh', city_tier: 2, ward: 'general' };

function run(matched: MatchedItem[], ctx: Partial<Context> = INDORE, fixture = {}) {
  const input = ruleInput(matched, ctx, fixture);
  const flags = runRules(input);
  return { flags, conclusion: conclude(flags, input.bill, input.matched, input.context) };
}

test('a clean bill is ok, says what was checked, and needs no action', () => {
  const { flags, conclusion } = run(indoreStay());
  assert.deepEqual(flags.filter((f) => f.severity !== 'info'), []);
  assert.equal(conclusion.verdict, 'ok');
  assert.match(conclusion.summary, /^No red flags on this bill of ₹4,105\.75 \(7 lines\)\. 6 lines matched a CGHS or NPPA rate/);
  assert.match(conclusion.summary, /the total adds up/);
  assert.equal(conclusion.next_steps.length, 1);
  assert.match(conclusion.next_steps[0] ?? '', /No action is needed/);
  // Extraction 0.96; six of seven priced lines matched at ~0.95 → slightly below extraction.
  assert.ok(conclusion.confidence > 0.85 && conclusion.confidence < 0.96, String(conclusion.confidence));
});

test('a small overcharge alone is a warning', () => {
  const bill = [...indoreStay(), line(item(8, 'Blood Urea Nitrogen (BUN)', { amount: 66, date: '2025-07-20', category: 'investigation' }), cghsMatch(CGHS.bun))];
  const { conclusion } = run(bill);
  assert.equal(conclusion.verdict, 'warning');
  assert.match(conclusion.summary, /^1 red flag on this bill of ₹4,171\.75 \(8 lines\): ₹21\.00 is at stake \(0\.5% of the bill\)/);
  assert.match(conclusion.summary, /Blood Urea Nitrogen \(BUN\) above the CGHS rate \(₹21\.00\)/);
});

test('a ceiling-price breach makes the bill critical and sends the patient to NPPA with the notification', () => {
  const bill = [...indoreStay(), line(item(8, 'Diclofenac 50mg Tablet', { quantity: 20, unit_price: 5.68, amount: 113.6, date: '2025-07-20', category: 'drug' }), nppaMatch(NPPA.diclofenac50, 20, 5.68))];
  const { conclusion } = run(bill);
  assert.equal(conclusion.verdict, 'critical');
  assert.match(conclusion.summary, /1 red flag, 1 critical,/);
  const nppa = conclusion.next_steps.find((s) => /Pharma Jan Samadhan/.test(s));
  assert.match(nppa ?? '', /S\.O\. 1499\(E\) of 30\.03\.2022/);
  assert.match(nppa ?? '', /Attach the pharmacy bill/);
});

test('₹1,000 or more at stake is critical even when every flag is a warning', () => {
  const totals = { sub_total: 5605.75, stated_total: 5605.75 };
  const { flags, conclusion } = run(indoreStay(), INDORE, { totals });
  assert.deepEqual(flags.map((f) => [f.type, f.severity, f.excess]), [['total_mismatch', 'warning', 1500]]);
  assert.equal(conclusion.verdict, 'critical');
  assert.match(conclusion.summary, /the bill's total, which is more than its lines add up to \(₹1,500\.00\)/);
  assert.match(conclusion.next_steps[0] ?? '', /re-total the bill/);
});

test('verdict thresholds: 10% of the bill counts only from ₹200', () => {
  const warning = [{ type: 'arithmetic_error', line_items: [1], billed: 180, max_allowed: 80, excess: 100, confidence: 0.9, severity: 'warning' as const, reason: '', citation: { source: 'x', reference: 'y', date: null } }];
  assert.equal(verdictFor(warning, 100, 600), 'warning'); // 16.7% but only ₹100
  assert.equal(verdictFor(warning, 250, 2000), 'critical'); // 12.5% and ₹250
  assert.equal(verdictFor(warning, 250, 5000), 'warning'); // 5%
  assert.equal(verdictFor(warning, 1000, 100000), 'critical'); // ₹1,000
  assert.equal(verdictFor([], 0, 5000), 'ok');
});

test('info observations alone leave the verdict ok', () => {
  const cbc = line(item(8, 'CBC', { amount: 400, date: '2025-07-19', category: 'investigation' }), cghsMatch(CGHS.cbc));
  const { flags, conclusion } = run([...indoreStay(), cbc]);
  assert.equal(flags.length, 1);
  assert.equal(flags[0]?.severity, 'info');
  assert.equal(conclusion.verdict, 'ok');
  assert.match(conclusion.summary, /1 further observation to check by hand is listed but not counted/);
  assert.match(conclusion.next_steps[1] ?? '', /observations/);
});

test('the summary lists the biggest findings first and counts each rupee once', () => {
  const bill = [
    ...indoreStay(),
    line(item(8, 'Inpatient Consultation', { amount: 1050, date: '2025-07-20', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(9, 'Inpatient Consultation', { amount: 1050, date: '2025-07-20', category: 'consultation' }), omMatch(OM.consultationIpd)),
    line(item(10, 'Bio-Medical Waste Charges', { amount: 250, date: '2025-07-18', category: 'administrative' }), nonPayableMatch(NON_PAYABLE.bioMedicalWaste)),
  ];
  const { conclusion } = run(bill);
  assert.equal(conclusion.verdict, 'critical');
  // 700 (line 8 above ₹350) + 1,050 (line 9 repeated) + 250 (BMW) = 2,000, not 700 + 700 + 1,050 + 250.
  assert.match(conclusion.summary, /₹2,000\.00 is at stake/);
  assert.match(conclusion.summary, /Biggest: Inpatient Consultation billed twice on 20\.07\.2025 \(₹1,050\.00\); Inpatient Consultation above the CGHS rate \(₹700\.00\); Bio-Medical Waste Charges, which should not be billed separately \(₹250\.00\)/);
});

test('next steps start at the billing desk and follow the scheme', () => {
  const bill = [...indoreStay(), line(item(8, 'Inpatient Consultation', { amount: 1050, date: '2025-07-20', category: 'consultation' }), omMatch(OM.consultationIpd))];
  const cghs = run(bill).conclusion.next_steps;
  assert.match(cghs[0] ?? '', /^Go to the hospital's billing desk first/);
  assert.ok(cghs.some((s) => /CGHS wellness centre/.test(s) && /CGHS card/.test(s)));
  assert.ok(!cghs.some((s) => /Bima Bharosa/.test(s)));
  assert.match(cghs[cghs.length - 1] ?? '', /District Consumer Disputes Redressal Commission/);

  const insured = run(bill, { ...INDORE, scheme: 'insured' }).conclusion.next_steps;
  assert.ok(insured.some((s) => /insurer or TPA/.test(s) && /Bima Bharosa/.test(s) && /claim number/.test(s)));
  assert.ok(!insured.some((s) => /CGHS wellness centre/.test(s)));
});

test('a private patient reads CGHS rates as a benchmark', () => {
  const bill = [...indoreStay(), line(item(8, 'Inpatient Consultation', { amount: 1050, date: '2025-07-20', category: 'consultation' }), omMatch(OM.consultationIpd))];
  const { conclusion } = run(bill, { ...INDORE, scheme: 'private' });
  assert.equal(conclusion.verdict, 'warning');
  assert.match(conclusion.summary, /above the CGHS benchmark/);
  assert.match(conclusion.summary, /bind only CGHS-empanelled hospitals/);
});

test('sale above MRP points to Legal Metrology with a photo of the pack', () => {
  const pan = line(item(1, "PAN 40 TAB 15'S", { quantity: 2, unit_price: 210, amount: 420, mrp: 195.5, category: 'drug' }));
  const { conclusion } = run([pan], { scheme: 'private' }, { header: { hospital: 'City Pharmacy', bill_date: '2025-03-02', kind: 'pharmacy' } });
  assert.equal(conclusion.verdict, 'critical');
  assert.ok(conclusion.next_steps.some((s) => /Legal Metrology/.test(s) && /printed MRP/.test(s)));
});

test('confidence of a flagged bill is that of its surest deciding flag, capped by extraction', () => {
  const bill = [...indoreStay(), line(item(8, 'Blood Urea Nitrogen (BUN)', { amount: 66, date: '2025-07-20', category: 'investigation', confidence: 0.8 }), cghsMatch(CGHS.bun))];
  assert.equal(run(bill).conclusion.confidence, 0.8);
  assert.equal(run(bill, INDORE, { confidence: 0.7 }).conclusion.confidence, 0.7);
});

test('a document with no lines says nothing was checked', () => {
  const input = ruleInput([], INDORE, { totals: { sub_total: null, stated_total: null } });
  const conclusion = conclude(runRules(input), input.bill, input.matched, input.context);
  assert.equal(conclusion.verdict, 'ok');
  assert.ok(conclusion.confidence <= 0.2);
  assert.match(conclusion.summary, /No bill lines could be read/);
});
