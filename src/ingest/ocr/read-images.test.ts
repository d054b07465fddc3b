// Reading photographed and scanned bills end to end (decode → clean-up → real OCR → layout),
// on fixtures rendered from realistic bills and degraded like real scans and phone photos.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeOcr } from '../image.ts';
import { readFixture } from './fixtures.test-helper.ts';

after(closeOcr);

test('reads a clean 200 dpi scan: every line item word, table rows kept as rows', async () => {
  const { doc, itemRecall, pageRecall } = await readFixture('scan-clean.png');
  assert.equal(doc.source, 'ocr');
  assert.equal(doc.pages.length, 1);
  assert.ok(itemRecall >= 0.97, `item words ${itemRecall}`);
  assert.ok(pageRecall >= 0.95, `page words ${pageRecall}`);
  assert.ok(doc.ocrConfidence! > 0.8 && doc.ocrConfidence! <= 1);
  // One bill row is one line, with the amount in its own cell at the right.
  const row = doc.pages[0]!.lines.find((l) => /Paracetamol|Ceftriaxone|Consultation|Room Rent|Profile|Test/.test(l.text));
  assert.ok(row, 'a line item row');
  assert.ok(row.cells.length >= 4, `cells: ${row.cells.map((c) => c.text).join(' | ')}`);
  assert.match(row.cells.at(-1)!.text, /^\d[\d,]*\.\d\d$/);
  assert.ok(row.confidence! > 0.5);
});

test('reads a page fed 3° crooked with its rows intact', async () => {
  const { doc, itemRecall } = await readFixture('scan-skew3.png');
  assert.ok(itemRecall >= 0.95, `item words ${itemRecall}`);
  const amounts = doc.pages[0]!.lines.filter((l) => /^\d+\s+2025-03-\d\d\s/.test(l.text.trim()));
  assert.ok(amounts.length >= 5, `rows that start with S.No and date: ${amounts.length}`);
});

test('reads a phone photo with a shadow, blur, noise and JPEG artefacts', async () => {
  const { itemRecall } = await readFixture('photo-shadow.jpg');
  assert.ok(itemRecall >= 0.9, `item words ${itemRecall}`);
});

test('reads a low-resolution (≈80 dpi) scan by enlarging it first', async () => {
  const { itemRecall } = await readFixture('scan-lowres.png');
  assert.ok(itemRecall >= 0.9, `item words ${itemRecall}`);
});

test('reads a two-page TIFF as two pages of one bill', async () => {
  const { doc, itemRecall } = await readFixture('scan-2pages.tif');
  assert.equal(doc.pages.length, 2);
  assert.deepEqual(doc.pages.map((p) => p.number), [1, 2]);
  assert.ok(doc.pages.every((p) => p.lines.every((l) => l.page === p.number)));
  assert.ok(itemRecall >= 0.95, `item words ${itemRecall}`);
});
