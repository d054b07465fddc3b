// Whole analyses of bills in layouts the public samples do not have: what a user gets back.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from './analyze.ts';

const fixture = (name: string) => new URL(`../test/fixtures/bills/${name}`, import.meta.url);
const run = (name: string) => analyze({ files: [{ bytes: readFileSync(fixture(name)), fileName: name }] });
const flagged = (a: Awaited<ReturnType<typeof run>>, type: string) => a.red_flags.filter((f) => f.type === type && f.severity !== 'info');

test('a bill headed in Hindi: the city (जयपुर) sets tier II and the ward (सामान्य वार्ड) the room allowance', async () => {
  const a = await run('hindi-header-jaipur.txt');
  assert.equal(a.document.city, 'Jaipur');
  assert.deepEqual([a.context.city_tier, a.context.ward, a.context.accreditation], [2, 'general', 'nabh']);
  assert.equal(a.line_items.length, 7);
  const room = a.line_items[0]!;
  assert.equal(room.benchmark?.rate, 1500);
  const [roomFlag] = flagged(a, 'overcharge').filter((f) => f.line_items[0] === 1);
  assert.equal(roomFlag?.excess, 600); // 2 days × (₹1,800 − ₹1,500)
  assert.equal(flagged(a, 'non_payable')[0]?.line_items[0], 2);
  assert.equal(a.line_items[2]!.benchmark?.rate, 139.5); // CBC, NABH ₹155 less 10% in a tier II city
  assert.equal(flagged(a, 'total_mismatch').length, 0); // ₹5,120 − ₹120 = ₹5,000 as printed
});

test('a diagnostic receipt with a discount and a payment line: no false total mismatch, tests checked', async () => {
  const a = await run('lab-receipt.txt');
  assert.equal(a.document.type, 'diagnostic_report');
  assert.equal(a.line_items.length, 8);
  assert.ok(!a.line_items.some((l) => /paid/i.test(l.description)));
  assert.equal(flagged(a, 'total_mismatch').length, 0);
  assert.deepEqual([a.totals.discount, a.totals.stated_total, a.totals.advance], [490, 4410, 4410]);
  const thyroid = flagged(a, 'overcharge').find((f) => f.line_items[0] === 1);
  assert.equal(thyroid?.max_allowed, 230);
});

test('a GST-column bill before 13.10.2025: nursing charges flagged with the date the rule applies from; undated repeats only noted', async () => {
  const a = await run('gst-columns.txt');
  assert.equal(a.line_items.length, 13);
  assert.equal(flagged(a, 'total_mismatch').length, 0);
  const nursing = flagged(a, 'non_payable').find((f) => f.line_items[0] === 12);
  assert.match(nursing?.reason ?? '', /applies in these words from 13\.10\.2025, after this bill's date \(18\.09\.2025\)/);
  const ecg = a.red_flags.find((f) => f.type === 'duplicate');
  assert.equal(ecg?.severity, 'info'); // no dates on the lines of a three-day stay: ask, do not accuse
  assert.deepEqual(ecg?.line_items, [8, 9]);
});
