// Every official name of the shipped datasets, put on a bill, comes back with its own code and rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BillItem } from '../domain/bill.ts';
import { BUNDLED_DATA_DIR, loadReferences } from './load.ts';
import { aliasTarget, nameVariants } from './match-cghs.ts';
import { MATCH_THRESHOLD, matchItem } from './match.ts';
import { normalizerFor } from './match-shared.ts';
import type { CghsRow } from './types.ts';

const refs = loadReferences(BUNDLED_DATA_DIR, undefined);

const line = (description: string, category: BillItem['category'], quantity = 1, amount = 100): BillItem => ({
  index: 1, description, quantity, unit_price: amount / quantity, amount, date: null, category, page: 1, section: null, mrp: null, confidence: 1, repairs: [],
});

test('an official name is indexed whole, without its qualifying parenthesis, and by the names inside it', () => {
  const texts = nameVariants('Complete Haemogram/CBC, Hb,RBC count and indices').map((v) => v.text);
  assert.deepEqual(texts.slice(0, 3), ['Complete Haemogram/CBC, Hb,RBC count and indices', 'Complete Haemogram', 'CBC']);
  assert.ok(nameVariants('Electrocardiogram (ECG)').some((v) => v.text === 'ECG'));
  assert.ok(!nameVariants('Total Knee Replacement (TKR) Revision Stage-I').some((v) => v.text === 'TKR'), 'the parenthesis names the revision, not the knee replacement');
});

test('a row that says "Select CGHS rate code NNNN" points to that code', () => {
  const row = refs.cghs()!.rows.find((r) => r.code === '1505')!;
  assert.equal(aliasTarget(row), '1517');
  assert.equal(aliasTarget({ ...row, alias_of: null, name: 'Laparoscopic Nephrectomy (Select CGHS rate Code 508 for approved rate)' }), '508');
  assert.equal(aliasTarget({ ...row, alias_of: null, name: 'Serum Ferritin' }), null);
});

test('every CGHS name of the 2024 list, printed on a bill, finds its own code (or the code it points to, or a namesake)', (t) => {
  const ds = refs.cghs()!;
  const normalizer = normalizerFor(refs);
  const sameName = (a: CghsRow, b: CghsRow) => normalizer.normalize(a.name).text === normalizer.normalize(b.name).text;
  const counts = { own: 0, pointed: 0, namesake: 0, om: 0, wrong: 0 };
  const wrong: string[] = [];
  for (const row of ds.rows) {
    const m = matchItem(line(row.name, 'other'), refs);
    if (m?.kind === 'cghs' && m.row.code === row.code) counts.own++;
    else if (m?.kind === 'cghs' && (aliasTarget(row) === m.row.code || aliasTarget(m.row) === row.code)) counts.pointed++;
    else if (m?.kind === 'cghs' && sameName(m.row, row)) counts.namesake++;
    else if (m?.kind === 'om' && ['consultation', 'room', 'icu'].includes(row.category)) counts.om++;
    else { counts.wrong++; wrong.push(`${row.code} ${row.name} → ${m?.kind === 'cghs' ? m.row.code : m?.kind ?? 'nothing'}`); }
    if (m && m.kind === 'cghs' && m.row.code === row.code) assert.ok(m.confidence >= MATCH_THRESHOLD.benchmark, `${row.code} ${row.name}: ${m.confidence}`);
  }
  const share = (n: number) => `${((100 * n) / ds.rows.length).toFixed(1)}%`;
  t.diagnostic(`${ds.rows.length} names: own code ${share(counts.own)}, code it points to ${share(counts.pointed)}, namesake ${share(counts.namesake)}, OM row ${share(counts.om)}, other ${share(counts.wrong)}`);
  if (wrong.length) t.diagnostic(wrong.join('; '));
  assert.ok(counts.own / ds.rows.length >= 0.98, `own code for ${share(counts.own)}`);
  assert.ok(counts.wrong / ds.rows.length <= 0.01, `other codes for ${share(counts.wrong)}: ${wrong.slice(0, 10).join('; ')}`);
});

test('every NPPA formulation, printed as a bill line, finds its own ceiling price', (t) => {
  const ds = refs.nppa()!;
  let right = 0;
  let sure = 0;
  const wrong: string[] = [];
  for (const row of ds.rows) {
    const pack = /\d\s*ml/i.test(row.unit) ? ` ${row.unit}` : '';
    const description = `${row.medicine} ${row.form_strength}${pack}`.replace(/\(\s*[A-E]\s*\)/g, ' ');
    const m = matchItem(line(description, 'drug', 1, 10), refs);
    const ceiling = (r: typeof row) => r.ceiling_price / r.per_quantity;
    if (m?.kind === 'nppa' && ceiling(m.row) === ceiling(row)) {
      right++;
      if (m.confidence >= MATCH_THRESHOLD.benchmark) sure++;
    } else wrong.push(`${description} → ${m?.kind === 'nppa' ? `${m.row.form_strength} ${m.row.unit}` : 'nothing'}`);
  }
  const share = (n: number) => `${((100 * n) / ds.rows.length).toFixed(1)}%`;
  t.diagnostic(`${ds.rows.length} formulations: own ceiling ${share(right)} (benchmark-sure ${share(sure)}); not found: ${wrong.slice(0, 8).join('; ')}`);
  assert.ok(right / ds.rows.length >= 0.95, share(right));
});
