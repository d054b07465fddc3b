// The clean-up analysis on rendered bills (no OCR): skew angle, glyph size, shadow removal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { renderBill, makeBillSpec } from '../../../test/fixtures/images/render-bill.ts';
import { degrade } from '../../../test/fixtures/images/degrade.ts';
import { analysePage, pageLineDirection, prepareForOcr, rescaleFactor, toGray, DEFAULT_CLEANUP } from './preprocess.ts';
import { flattenBackground, otsuThreshold } from './gray.ts';
import { imageSize } from './image-size.ts';

const bill = renderBill(makeBillSpec(41, 8), { dpi: 150, crop: true });

test('measures the skew of a page photographed 3° and −2° off level', async () => {
  for (const angle of [3, -2]) {
    const gray = await toGray(sharp(await degrade(bill.png, { rotate: angle })));
    const { skew } = analysePage(gray);
    assert.ok(Math.abs(skew - angle) <= 0.3, `measured ${skew}° for ${angle}°`);
  }
  const level = analysePage(await toGray(sharp(bill.png)));
  assert.ok(Math.abs(level.skew) <= 0.2, `a level page measured ${level.skew}°`);
});

test('measures glyph height, so a half-resolution scan is enlarged about twice as much', async () => {
  const full = analysePage(await toGray(sharp(bill.png))).glyphHeight!;
  const half = analysePage(await toGray(sharp(await degrade(bill.png, { scale: 0.5 })))).glyphHeight!;
  assert.ok(full >= 12 && full <= 22, `150 dpi 10.5 pt text measured ${full} px`);
  assert.ok(Math.abs(half * 2 - full) <= 3, `half-size text measured ${half} px against ${full}`);
  assert.ok(rescaleFactor(half) > rescaleFactor(full));
  assert.equal(rescaleFactor(24), 1, 'a 200–250 dpi page is read as it is');
  assert.ok(rescaleFactor(33) < 1 && rescaleFactor(33) > 0.75, 'a 300 dpi page is shrunk a little');
  assert.ok(rescaleFactor(100) < 0.3, 'huge glyphs (a close-up photo) are shrunk');
});

test('flattening lifts a shadowed corner back to paper white while keeping the ink dark', async () => {
  const shadowed = await toGray(sharp(await degrade(bill.png, { shadow: 0.35 })));
  const corner = (img: { data: Uint8Array; width: number; height: number }): number => {
    let sum = 0; let n = 0;
    for (let y = img.height - 40; y < img.height - 5; y++) for (let x = img.width - 40; x < img.width - 5; x++) { sum += img.data[y * img.width + x]!; n++; }
    return sum / n;
  };
  assert.ok(corner(shadowed) < 140, 'the fixture really is shadowed');
  const flat = flattenBackground(shadowed);
  assert.ok(corner(flat) > 235, `flattened corner is ${corner(flat)}`);
  const t = otsuThreshold(flat);
  assert.ok(t > 60 && t < 230);
  assert.ok(flat.data.some((v) => v < 80), 'ink survives');
});

test('prepares a level, readable PNG and reports the scale and skew it applied', async () => {
  const gray = await toGray(sharp(await degrade(bill.png, { rotate: 2.5, scale: 0.6 })));
  const prepared = await prepareForOcr(gray, DEFAULT_CLEANUP);
  assert.ok(prepared.scale > 1.5, `scale ${prepared.scale}`);
  assert.ok(Math.abs(prepared.skew - 2.5) <= 0.3, `skew ${prepared.skew}`);
  assert.deepEqual(imageSize(prepared.image), { width: prepared.width, height: prepared.height });
  assert.equal(prepared.image.subarray(0, 2).toString('latin1'), 'P4', 'binarised pages go to the engine as PBM');
});

test('tells text lines running across the page from lines running down it (a sideways scan)', async () => {
  const upright = await toGray(sharp(bill.png));
  const sideways = await toGray(sharp(await degrade(bill.png, { rotate: 90 })));
  const upsideDown = await toGray(sharp(await degrade(bill.png, { rotate: 180 })));
  assert.equal(pageLineDirection(upright), 'horizontal');
  assert.equal(pageLineDirection(upsideDown), 'horizontal');
  assert.equal(pageLineDirection(sideways), 'vertical');
});
