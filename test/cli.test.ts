// The command line as users and outside tools meet it: exit statuses, one clear line for bad
// input, and output that follows the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analysis } from '../src/domain/analysis.ts';

const root = new URL('../', import.meta.url).pathname;
const main = join(root, 'src/cli/main.ts');
const fixture = (p: string) => join(root, 'test/fixtures', p);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], { cwd: root, timeout: 120_000, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'mbg-cli-'));
const put = (name: string, body: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, body); return p; };

test('refuses bad input with exit status 3 and one line naming the file and the cause', async () => {
  const big = put('huge.txt', Buffer.alloc(16 * 1024 * 1024, 0x41));
  const cases: Array<[string, RegExp]> = [
    [join(dir, 'missing.txt'), /missing\.txt: file not found/],
    [dir, /is a directory/],
    [put('letter.docx', Buffer.from('PK\u0003\u0004 word/document.xml')), /letter\.docx: unsupported file type: a Word document; accepted: /],
    [put('bills.zip', Buffer.from('PK\u0003\u0004 zipped')), /bills\.zip: unsupported file type: a ZIP archive/],
    [put('empty.txt', ''), /empty\.txt: the file is empty/],
    [put('program.txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0])), /program\.txt: the file is binary/],
    [big, /huge\.txt: the file is too large: 16\.0 MB, the limit is 15 MB/],
    [fixture('pdf/truncated.pdf'), /truncated\.pdf: the PDF is damaged/],
    [fixture('pdf/encrypted.pdf'), /encrypted\.pdf: the PDF is password-protected/],
    [fixture('pdf/51-pages.pdf'), /51-pages\.pdf: the PDF has too many pages: 51 pages, the limit is 50/],
    [put('notes.odt', 'not a bill'), /notes\.odt: unsupported file type: \.odt files are not read/],
  ];
  const results = await Promise.all(cases.map(([file]) => cli(['analyze', file, '--format', 'json'])));
  results.forEach((r, i) => {
    const [, pattern] = cases[i]!;
    assert.equal(r.code, 3, `${cases[i]![0]}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(r.stderr, /\bat .*\.(ts|js):\d+/, 'no stack trace');
    assert.equal(r.stdout, '');
  });
});

test('bad usage exits with status 2 and says what is accepted', async () => {
  const [noFile, badTier, badFormat] = await Promise.all([
    cli(['analyze']),
    cli(['analyze', fixture('samples/pub-007-000.txt'), '--city-tier', '4']),
    cli(['analyze', fixture('samples/pub-007-000.txt'), '--format', 'xml']),
  ]);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /no bill given/);
  assert.equal(badTier.code, 2);
  assert.match(badTier.stderr, /--city-tier must be 1, 2 or 3/);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be one of json, jsonl, table, markdown/);
});

test('analyses several bills in one run: jsonl carries the file on every line and the JSON follows the contract', async () => {
  const copy = join(dir, 'same-bill.txt');
  copyFileSync(fixture('samples/pub-007-012.txt'), copy);
  const r = await cli(['analyze', fixture('samples/pub-007-000.txt'), copy, '--format', 'jsonl', '--accreditation', 'non-nabh', '--city-tier', '1', '--ward', 'semi-private']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[1].file, copy);
  for (const line of lines) {
    const { file: _file, ...analysis } = line;
    Analysis.parse(analysis);
  }
  const first = lines[0];
  assert.equal(first.line_items.length, 13);
  assert.equal(first.totals.stated_total, 16696.6);
  const types = first.red_flags.filter((f: { severity: string }) => f.severity !== 'info').map((f: { type: string }) => f.type).sort();
  assert.deepEqual(types, ['above_ceiling_price', 'duplicate', 'total_mismatch']);
  assert.equal(first.verdict, 'critical');
});

test('a bad file among good ones is reported and the others are still analysed', async () => {
  const r = await cli(['analyze', join(dir, 'nope.txt'), fixture('samples/pub-007-012.txt'), '--format', 'jsonl']);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /nope\.txt: file not found/);
  assert.equal(r.stdout.trim().split('\n').length, 1);
});
