import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, readText, splitCsvLine } from './text.ts';
import { UserError } from '../domain/errors.ts';

const bill = 'S.No  Description        Qty   Rate    Amount\r\n1     ECG                  1     150.00  150.00\r\n';

test('decodes UTF-8 with a byte-order mark and Windows line endings', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(bill)]);
  const doc = readText(bytes, 'bill.txt');
  assert.equal(doc.pages[0]!.lines[0]!.text.startsWith('S.No'), true);
  assert.deepEqual(doc.pages[0]!.lines[1]!.cells.map((c) => c.text), ['1', 'ECG', '1', '150.00', '150.00']);
});

test('decodes UTF-16 little-endian with and without a byte-order mark', () => {
  const le = Buffer.from('\ufeff' + bill + 'कुल योग 150.00', 'utf16le');
  assert.ok(decodeText(le, 'b.txt').includes('कुल योग'));
  const noBom = Buffer.from(bill, 'utf16le');
  assert.ok(decodeText(noBom, 'b.txt').startsWith('S.No'));
});

test('refuses an empty file and a binary file naming the file', () => {
  assert.throws(() => decodeText(new Uint8Array(), 'empty.txt'), (e: unknown) => e instanceof UserError && e.code === 'FILE_EMPTY' && e.toLine().startsWith('empty.txt'));
  assert.throws(() => decodeText(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), 'a.out'), (e: unknown) => e instanceof UserError && e.code === 'BINARY_FILE');
  assert.throws(() => decodeText(new TextEncoder().encode('   \n\n  '), 'blank.txt'), (e: unknown) => e instanceof UserError && e.code === 'FILE_EMPTY');
});

test('splits CSV fields with quotes, embedded commas and doubled quotes', () => {
  assert.deepEqual(splitCsvLine('1,"X-Ray Chest, PA view","1,250.00","say ""hi"""'), ['1', 'X-Ray Chest, PA view', '1,250.00', 'say "hi"']);
});

test('splits dotted leaders and pipes into cells', () => {
  const doc = readText(new TextEncoder().encode('  ECG.............. ₹150.00\n| 1 | ECG | 150 |\n'), 'b.txt');
  assert.deepEqual(doc.pages[0]!.lines[0]!.cells.map((c) => c.text), ['ECG', '₹150.00']);
  assert.deepEqual(doc.pages[0]!.lines[1]!.cells.map((c) => c.text), ['1', 'ECG', '150']);
  assert.equal(doc.pages[0]!.lines[1]!.delimited, true);
});
