// Pages that need more than one reading: turned pages (the quarter-turn search) and bilingual
// pages (English first, then English + Hindi). Real OCR on rendered, degraded bills.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeOcr } from '../image.ts';
import { readFixture } from './fixtures.test-helper.ts';

after(closeOcr);

for (const [name, turned] of [['scan-rot90.png', 90], ['scan-rot180.jpg', 180]] as const) {
  test(`turns a page scanned ${turned}° the right way up before reading it (${name})`, async () => {
    const { doc, itemRecall } = await readFixture(name);
    assert.ok(itemRecall >= 0.9, `item words ${itemRecall}`);
    assert.ok(doc.warnings.some((w) => w.includes(`turned ${turned}°`)), doc.warnings.join('; '));
  });
}

test('reads Hindi labels and English items together (eng+hin) on a bilingual bill', async () => {
  const { doc, itemRecall } = await readFixture('scan-hindi.png');
  assert.ok(itemRecall >= 0.95, `item words ${itemRecall}`);
  const text = doc.pages[0]!.lines.map((l) => l.text).join('\n');
  assert.match(text, /विवरण/, 'the Hindi column label');
  assert.match(text, /[\u0900-\u097F]{2,}/);
  assert.match(text, /NET PAYABLE AMOUNT/, 'English stays English');
});

