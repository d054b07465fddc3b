// The clean-up analysis on rendered bills (no OCR): skew angle, glyph size, shadow removal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { renderBill, makeBillSpec } from '../../../test/fixtures/images/render-bill.ts';
import { degrade } from '../../../test/fixtures/images/degrade.ts';
import { analysePage, pageLineDirection, prepareForOcr, rescaleFactor, toGray, DEFAULT_CLEANUP } from './preprocess.ts';
import { downsample, flattenBackground, medianHistogram, otsuThreshold, packBits } from './gray.ts';
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
  assert.ok(rescaleFactor(33) < 1 && rescaleFactor(33) > 0.6, 'a 300 dpi page is shrunk a little');
  assert.ok(rescaleFactor(33, 'tesseractjs') > rescaleFactor(33, 'native'), 'less for tesseract.js, whose larger models read 22 px glyphs less well');
  assert.equal(rescaleFactor(27, 'tesseractjs'), 1);
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

test('a majority vote of the thresholded page equals thresholding its 3×3 median, and the sampled median histogram finds the same level', () => {
  // A noisy page: ink strokes on paper, with heavy deterministic noise.
  const width = 61;
  const height = 47;
  const data = new Uint8Array(width * height);
  let seed = 7;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 4294967296; };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ink = (x % 13 < 3 && y > 5 && y < 40) || (y % 11 < 2);
      data[y * width + x] = Math.max(0, Math.min(255, Math.round((ink ? 40 : 225) + (rand() - 0.5) * 160)));
    }
  }
  const img = { data, width, height };
  const median = (x: number, y: number): number => {
    const v: number[] = [];
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx; const yy = y + dy;
      v.push(xx < 0 || yy < 0 || xx >= width || yy >= height ? 255 : data[yy * width + xx]!);
    }
    return v.sort((a, b) => a - b)[4]!;
  };
  const threshold = 130;
  const bits = packBits(img, threshold, true);
  const rowBytes = (width + 7) >> 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const isInk = (bits[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
      assert.equal(isInk, median(x, y) <= threshold ? 1 : 0, `pixel ${x},${y}`);
    }
  }
  const exact = new Int32Array(256);
  for (let y = 1; y + 1 < height; y++) for (let x = 1; x + 1 < width; x++) exact[median(x, y)]!++;
  assert.deepEqual(medianHistogram(img, 1), exact);
  assert.ok(Math.abs(otsuThreshold(img, medianHistogram(img)) - otsuThreshold(img, exact)) <= 3);
});

test('downsampling averages each block, rounding halves up', () => {
  const img = { data: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 250, 251, 252, 253, 254, 255, 0, 0, 0, 1, 1, 1]), width: 6, height: 4 };
  const half = downsample(img, 2);
  assert.deepEqual([...half.data], [4, 6, 8, 125, 127, 128]);
  assert.deepEqual({ width: half.width, height: half.height }, { width: 3, height: 2 });
});
