// The two engines on the same crop (no mocks: real Tesseract), engine selection, limits and
// failures a user can meet.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { deflateSync } from 'node:zlib';
import { TesseractJsEngine } from './tesseractjs.ts';
import { NativeTesseractEngine, probeNativeTesseract } from './native.ts';
import { engineChoiceFromEnv, resolveEngineName } from './engine.ts';
import { prepareForOcr, toGray } from './preprocess.ts';
import { barsAsLetterI, repairNumberPunctuation } from './page.ts';
import { readImages, closeOcr } from '../image.ts';
import { isUserError } from '../../domain/errors.ts';
import { MAX_IMAGE_PAGES } from '../../domain/limits.ts';
import { fixture } from './fixtures.test-helper.ts';
import type { OcrEngine } from './types.ts';

after(closeOcr);

/** The table of the clean scan fixture, ready for an engine. */
async function tableCrop(): Promise<Buffer> {
  const { bytes } = fixture('scan-clean.png');
  const crop = await sharp(bytes).extract({ left: 0, top: 300, width: 1654, height: 420 }).png().toBuffer();
  return (await prepareForOcr(await toGray(sharp(crop)))).image;
}

async function checkEngine(engine: OcrEngine): Promise<void> {
  const png = await tableCrop();
  const result = await engine.recognize(png, { langs: 'eng' });
  const text = result.words.map((w) => w.text).join(' ');
  assert.match(text, /S\.No Date Description Qty Rate Amount/);
  assert.match(text, /2025-03-\d\d/);
  assert.ok(result.words.length >= 30, `${result.words.length} words`);
  assert.ok(result.confidence > 0.8, `confidence ${result.confidence}`);
  assert.equal(result.width, 1654);
  for (const w of result.words) {
    const inside = w.x0 >= 0 && w.x1 > w.x0 && w.x1 <= result.width + 1 && w.y0 >= 0 && w.y1 > w.y0 && w.y1 <= result.height + 1;
    assert.ok(inside, `box of ${JSON.stringify(w)} in ${result.width} × ${result.height}`);
    assert.ok(w.confidence! >= 0 && w.confidence! <= 1);
  }
  // Geometry: the six item rows' dates sit below the column header, one above the other.
  const header = result.words.find((w) => w.text === 'Description')!;
  const dates = result.words.filter((w) => /^2025-03-\d\d$/.test(w.text) && w.y0 > header.y1);
  assert.equal(dates.length, 6);
  for (let i = 1; i < dates.length; i++) assert.ok(dates[i]!.y0 >= dates[i - 1]!.y1 - 2, 'rows do not overlap');
  assert.ok(Math.max(...dates.map((d) => d.x0)) - Math.min(...dates.map((d) => d.x0)) < 10, 'one column');
}

test('tesseract.js reads positioned words from npm-shipped models, offline', async () => {
  const engine = new TesseractJsEngine();
  try {
    await checkEngine(engine);
  } finally {
    await engine.close();
  }
});

const native = await probeNativeTesseract();
test('the native tesseract program reads the same words (when installed)', { skip: native ? false : 'tesseract is not installed' }, async () => {
  await checkEngine(new NativeTesseractEngine(native!));
});

test('engine choice: MEDBILLGUARD_OCR_ENGINE picks auto, native or tesseractjs; anything else is bad usage', async () => {
  assert.equal(engineChoiceFromEnv({}), 'auto');
  assert.equal(engineChoiceFromEnv({ MEDBILLGUARD_OCR_ENGINE: 'TesseractJS' }), 'tesseractjs');
  assert.throws(() => engineChoiceFromEnv({ MEDBILLGUARD_OCR_ENGINE: 'cloud' }), (e) => isUserError(e) && e.code === 'BAD_USAGE');
  assert.equal(await resolveEngineName('tesseractjs'), 'tesseractjs');
  const hasHindi = Boolean(native?.langs.includes('eng') && native.langs.includes('hin'));
  assert.equal(await resolveEngineName('auto'), hasHindi ? 'native' : 'tesseractjs');
});

/** A PNG whose header claims a size; its pixel data is a few bytes (a decompression bomb's shape). */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

test('refuses a 20,000 × 20,000 image and a 121-megapixel one from the header, without decoding', async () => {
  for (const [w, h] of [[20_000, 20_000], [11_000, 11_000]] as const) {
    const started = performance.now();
    await assert.rejects(readImages([{ fileName: 'bomb.png', bytes: pngClaiming(w, h) }]), (e) => {
      assert.ok(isUserError(e) && e.code === 'IMAGE_TOO_LARGE', String(e));
      assert.equal(e.file, 'bomb.png');
      assert.match(e.message, new RegExp(`${w} × ${h}`));
      return true;
    });
    assert.ok(performance.now() - started < 2000, 'refused at once');
  }
});

test('a TIFF of more than MAX_IMAGE_PAGES pages, or more images than that given as one bill, is IMAGE_TOO_MANY_PAGES, refused before any OCR', async () => {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#ffffff' } }).png().toBuffer();
  const tiff = await sharp(Array.from({ length: MAX_IMAGE_PAGES + 1 }, () => png), { join: { animated: true } }).tiff().toBuffer();
  const started = performance.now();
  await assert.rejects(readImages([{ fileName: 'long.tif', bytes: tiff }]), (e) => {
    assert.ok(isUserError(e) && e.code === 'IMAGE_TOO_MANY_PAGES', String(e));
    assert.equal(e.file, 'long.tif');
    assert.match(e.message, new RegExp(`^the image has too many pages: ${MAX_IMAGE_PAGES + 1} pages, the limit is ${MAX_IMAGE_PAGES}$`));
    return true;
  });
  const photos = Array.from({ length: MAX_IMAGE_PAGES + 1 }, (_, i) => ({ fileName: `p${i + 1}.png`, bytes: png }));
  await assert.rejects(readImages(photos), (e) => isUserError(e) && e.code === 'IMAGE_TOO_MANY_PAGES' && /more than 50 pages/.test(e.message));
  assert.ok(performance.now() - started < 5000, 'refused from the headers');
});

test('a damaged image is IMAGE_UNREADABLE naming the file', async () => {
  const { bytes } = fixture('scan-rot180.jpg');
  for (const broken of [bytes.subarray(0, 600), Buffer.concat([bytes.subarray(0, 8), Buffer.alloc(500, 7)])]) {
    await assert.rejects(readImages([{ fileName: 'torn.jpg', bytes: broken }]), (e) => {
      assert.ok(isUserError(e) && e.code === 'IMAGE_UNREADABLE', String(e));
      assert.equal(e.file, 'torn.jpg');
      return true;
    });
  }
});

test('a page past its time limit fails with OCR_FAILED, and the next page still reads', async () => {
  await assert.rejects(readImages([fixture('scan-lowres.png')], { timeoutMs: 5 }), (e) => {
    assert.ok(isUserError(e) && e.code === 'OCR_FAILED', String(e));
    assert.match(e.message, /page 1: text recognition took longer than/);
    return true;
  });
  const doc = await readImages([fixture('scan-lowres.png')]);
  assert.ok(doc.pages[0]!.lines.length > 5);
});

test('number punctuation misread by OCR is put back only where grouping leaves no other reading', () => {
  const fix = (text: string): string => repairNumberPunctuation({ text, x0: 0, x1: 1, y0: 0, y1: 1 }).text;
  assert.equal(fix('47,50'), '47.50');
  assert.equal(fix('1,425,00'), '1,425.00');
  assert.equal(fix('7.500.00'), '7,500.00');
  assert.equal(fix('1.00.000.00'), '1,00,000.00');
  for (const fine of ['1,425.00', '1,00,000', '2,500', '17.65', '2025-01-15', 'IP/2025/12695']) assert.equal(fix(fine), fine);
});

test('a bar a word space after a word is the letter I ("Troponin I"); a table rule is not', () => {
  const w = (text: string, x0: number, x1: number, y0 = 100, y1 = 130) => ({ text, x0, x1, y0, y1, confidence: 0.9 });
  const row = [w('Troponin', 300, 420), w('|', 432, 438), w('|', 700, 703, 80, 150), w('1', 760, 775)];
  assert.deepEqual(barsAsLetterI(row).map((x) => x.text), ['Troponin', 'I', '|', '1']);
  assert.deepEqual(barsAsLetterI([w('|', 10, 13)]).map((x) => x.text), ['|']);
});
