import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigramIndex, bigramKeys, dice, tokenJaccard } from './index.ts';

const names = [
  'electrocardiogram',
  'chest pa view one film',
  'chest lateral one film',
  'spine ap lateral 2 film',
  'skull ap lateral 2 film',
  'ultrasound whole abdoment kub',
  'ct scan whole abdomen without contrast',
  'ct scan whole abdomen with contrast',
  'serum uric acid',
  'valproic acid',
  'thyroid stimulating hormone tsh',
  'triiodothyronine t3',
];
const index = new BigramIndex(names.map((text) => [{ text, weight: 1 }]));

test('takes bigrams per word, padded with spaces, so word order does not matter', () => {
  assert.equal(bigramKeys('cbc').length, 4); // " c", "cb", "bc", "c "
  assert.equal(dice('whole abdomen ultrasound', 'ultrasound whole abdomen'), 1);
  assert.equal(dice('abc', 'xyz'), 0);
});

test('Dice counts repeated bigrams as a multiset', () => {
  // "aaaa" → " a","aa","aa","aa","a "; "aa" → " a","aa","a "
  assert.equal(dice('aaaa', 'aa'), (2 * 3) / (5 + 3));
});

test('the index returns the exact Dice coefficient of the best names', () => {
  for (const q of ['chest pa view', 'uric acid', 'ultrasound whole abdomen', 'ct whole abdomen plain']) {
    const hits = index.search(q, { limit: 3, candidateDice: 0 });
    const brute = names.map((n, doc) => ({ doc, score: dice(q, n) })).sort((a, b) => b.score - a.score).slice(0, 3);
    assert.equal(hits[0]!.doc, brute[0]!.doc, q);
    for (const h of hits) assert.ok(Math.abs(h.score - dice(q, names[h.doc]!)) < 1e-12, `${q} → ${names[h.doc]}`);
  }
});

test('the prefix filter loses no name that could reach the candidate threshold', () => {
  const queries = ['chst pa veiw', 'spine lateral', 'thyroid hormone', 'acid', 'ct abdomen contrast', 'electrocardiogrm'];
  for (const q of queries) {
    const filtered = index.search(q, { limit: 20, candidateDice: 0.4 }).filter((h) => h.score >= 0.4);
    const exhaustive = index.search(q, { limit: 20, candidateDice: 0 }).filter((h) => h.score >= 0.4);
    assert.deepEqual(filtered.map((h) => h.doc), exhaustive.map((h) => h.doc), q);
  }
});

test('survives typos and reordered words', () => {
  assert.equal(names[index.search('electrocardiogrm', { limit: 1 })[0]!.doc], 'electrocardiogram');
  assert.equal(names[index.search('film one view pa chest', { limit: 1 })[0]!.doc], 'chest pa view one film');
  assert.equal(names[index.search('uric acd serum', { limit: 1 })[0]!.doc], 'serum uric acid');
});

test('a document scores its best weighted text, and a weight of 0 excludes it', () => {
  const idx = new BigramIndex([
    [{ text: 'complete hemogram hb rbc count', weight: 1 }, { text: 'complete hemogram', weight: 0.95 }],
    [{ text: 'complete denture', weight: 1 }],
  ]);
  const [hit] = idx.search('complete hemogram', { limit: 1 });
  assert.equal(hit!.doc, 0);
  assert.equal(hit!.text, 1);
  assert.equal(hit!.score, 0.95);
  assert.equal(idx.search('complete hemogram', { weightOf: (doc) => (doc === 0 ? 0 : 1) })[0]?.doc, 1);
});

test('token overlap (the tie-breaker) is the Jaccard index of the word sets', () => {
  assert.equal(tokenJaccard(['ab', 'cd'], ['cd', 'ab']), 1);
  assert.equal(tokenJaccard(['ab', 'cd'], ['ab', 'ef']), 1 / 3);
  assert.equal(tokenJaccard([], ['ab']), 0);
});

test('an empty query finds nothing', () => {
  assert.deepEqual(index.search(''), []);
});
