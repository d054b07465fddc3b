import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTesseractTsv } from './tsv.ts';
import { encodePbm, encodePgm, imageSize } from './image-size.ts';

const HEADER = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';

test('reads word boxes and confidences from Tesseract TSV, skipping layout rows and empty words', () => {
  const tsv = [
    HEADER,
    '1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t',
    '4\t1\t1\t1\t1\t0\t110\t420\t900\t30\t-1\t',
    '5\t1\t1\t1\t1\t1\t110\t420\t60\t30\t96.5\tECG',
    '5\t1\t1\t1\t1\t2\t1420\t421\t95\t29\t91\t50.00',
    '5\t1\t1\t1\t1\t3\t1530\t421\t10\t29\t95\t ',
    '5\t1\t1\t1\t2\t1\t110\t470\t80\t30\t40\tकुल',
  ].join('\n');
  const { words, confidence } = parseTesseractTsv(tsv);
  assert.deepEqual(words.map((w) => w.text), ['ECG', '50.00', 'कुल']);
  assert.deepEqual(words[1], { text: '50.00', x0: 1420, x1: 1515, y0: 421, y1: 450, confidence: 0.91 });
  assert.equal(Math.round(confidence * 1000), Math.round(((0.965 + 0.91 + 0.4) / 3) * 1000));
});

test('an empty page has no words and zero confidence', () => {
  assert.deepEqual(parseTesseractTsv(`${HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n`), { words: [], confidence: 0 });
});

test('reads a PNG or PNM size from its header and refuses other data', () => {
  const header = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(2481, 16);
  header.writeUInt32BE(3508, 20);
  assert.deepEqual(imageSize(header), { width: 2481, height: 3508 });
  assert.deepEqual(imageSize(encodePgm(new Uint8Array(6), 3, 2)), { width: 3, height: 2 });
  assert.throws(() => imageSize(Buffer.from('%PDF-1.7')), /not a PNG/);
});

test('packs a black-and-white page into PBM bits, ink as 1, rows padded to whole bytes', () => {
  const pixels = Uint8Array.from([0, 255, 255, 255, 255, 255, 255, 255, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const pbm = encodePbm(pixels, 10, 2);
  const header = 'P4\n10 2\n';
  assert.equal(pbm.subarray(0, header.length).toString('latin1'), header);
  assert.deepEqual([...pbm.subarray(header.length)], [0b10000000, 0b10000000, 0b01111111, 0b11000000]);
});
