import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropRepeatedHeadersFooters, estimateMetrics, layoutWords } from './layout.ts';
import type { Line, Word } from './types.ts';

// ── Word fixtures: a 300 dpi scan of a bill in a proportional font, as OCR boxes in pixels ──

const GLYPH_PX: Record<string, number> = { ' ': 11, i: 9, l: 9, I: 11, '.': 11, ',': 11, '(': 13, ')': 13, '/': 11, m: 33, w: 30, M: 35, W: 39 };
const glyph = (ch: string): number => GLYPH_PX[ch] ?? (/[A-Z]/.test(ch) ? 27 : /\d/.test(ch) ? 23 : 21);
const widthOf = (text: string): number => [...text].reduce((s, ch) => s + glyph(ch), 0);

interface Placed { text: string; x: number; align?: 'left' | 'right' }

/**
 * Words of one printed row: each cell's text is split on spaces into OCR word boxes.
 * `skew` tilts the row (pixels of drop per pixel of x), as on a scan fed in slightly askew.
 */
function row(cells: Placed[], baseline: number, opts: { skew?: number; confidence?: (w: string) => number } = {}): Word[] {
  const words: Word[] = [];
  for (const cell of cells) {
    let x = cell.align === 'right' ? cell.x - widthOf(cell.text) : cell.x;
    for (const part of cell.text.split(' ')) {
      const w = widthOf(part);
      const ascender = /[A-Z\dbdfhklt()/]/.test(part) ? 30 : 22; // x-height words have shorter boxes
      const descender = /[gjpqy(),]/.test(part) ? 9 : 0;
      const drop = (opts.skew ?? 0) * x;
      const word: Word = { text: part, x0: x, x1: x + w, y0: baseline - ascender + drop, y1: baseline + descender + drop };
      if (opts.confidence) word.confidence = opts.confidence(part);
      words.push(word);
      x += w + glyph(' ');
    }
  }
  return words;
}

const COL = { sl: 150, description: 260, qty: 1500, rate: 1850, amount: 2250 };
const tableRow = (sl: string, description: string, qty: string, rate: string, amount: string): Placed[] => [
  { text: sl, x: COL.sl },
  { text: description, x: COL.description },
  { text: qty, x: COL.qty, align: 'right' },
  { text: rate, x: COL.rate, align: 'right' },
  { text: amount, x: COL.amount, align: 'right' },
];

const BILL = [
  tableRow('Sl', 'Particulars', 'Qty', 'Rate', 'Amount'),
  tableRow('1', 'CBC (Haemogram)', '1', '450.00', '450.00'),
  tableRow('2', 'Inj. Ceftriaxone 1g', '6', '62.40', '374.40'),
  tableRow('3', 'Room Rent - General Ward', '3', '1,500.00', '4,500.00'),
  tableRow('4', 'X-Ray Chest PA View', '1', '550.00', '550.00'),
  tableRow('5', 'Consultation Dr. Anil Mehta', '2', '800.00', '1,600.00'),
];

const cellTexts = (line: Line): string[] => line.cells.map((c) => c.text);

test('rebuilds a scanned table as fixed-width rows: one line per row, one cell per column', () => {
  const words = BILL.flatMap((cells, i) => row(cells, 400 + i * 62));
  const lines = layoutWords(words, 1);
  assert.equal(lines.length, BILL.length);
  lines.forEach((line, i) => {
    assert.deepEqual(cellTexts(line), BILL[i]!.map((c) => c.text));
    assert.equal(line.page, 1);
    // The text splits back into exactly these cells on runs of two or more spaces.
    assert.deepEqual(line.text.trim().split(/\s{2,}/), BILL[i]!.map((c) => c.text));
    for (const cell of line.cells) assert.equal(line.text.slice(cell.x0, cell.x1), cell.text);
  });
});

test('aligns numbers on their right edge and text on its left edge, as the bill prints them', () => {
  const lines = layoutWords(BILL.flatMap((cells, i) => row(cells, 400 + i * 62)), 1);
  const items = lines.slice(1);
  const amountEnds = new Set(items.map((l) => l.cells[4]!.x1));
  const rateEnds = new Set(items.map((l) => l.cells[3]!.x1));
  const descriptionStarts = new Set(lines.map((l) => l.cells[1]!.x0));
  assert.equal(amountEnds.size, 1, `amounts end at ${[...amountEnds]}`);
  assert.equal(rateEnds.size, 1, `rates end at ${[...rateEnds]}`);
  assert.equal(descriptionStarts.size, 1);
});

test('keeps each row together on a scan tilted by 2.5 degrees, where a row drifts by more than its spacing', () => {
  for (const degrees of [2.5, -2.5]) {
    const skew = Math.tan((degrees * Math.PI) / 180); // 2,250 px across: about 98 px of drift, rows are 62 px apart
    const words = BILL.flatMap((cells, i) => row(cells, 400 + i * 62, { skew }));
    const lines = layoutWords(words, 3);
    assert.deepEqual(lines.map(cellTexts), BILL.map((cells) => cells.map((c) => c.text)), `${degrees} degrees`);
  }
});

test('joins the words of a cell with one space and separates cells by at least two', () => {
  // Tight columns: only 3 word spaces between description and quantity.
  const words = [
    ...row([{ text: 'Paracetamol 500mg Tab', x: 100 }, { text: '10', x: 100 + widthOf('Paracetamol 500mg Tab') + 3 * 11 }], 300),
    ...BILL.slice(1).flatMap((cells, i) => row(cells, 400 + i * 62)),
  ];
  const [first] = layoutWords(words, 1);
  assert.deepEqual(cellTexts(first!), ['Paracetamol 500mg Tab', '10']);
  assert.match(first!.text, /^Paracetamol 500mg Tab {2,}10$/);
});

test('a wrapped description continues on its own line, its only cell in the description column', () => {
  const words = [
    ...row(tableRow('Sl', 'Particulars', 'Qty', 'Rate', 'Amount'), 400),
    ...row(tableRow('1', 'Meropenem 1g Injection (IV infusion over', '3', '1,850.00', '5,550.00'), 462),
    ...row([{ text: '30 minutes in 100 ml NS)', x: COL.description }], 500),
    ...row(tableRow('2', 'Pantoprazole 40mg Injection', '2', '56.50', '113.00'), 562),
  ];
  const lines = layoutWords(words, 1);
  assert.equal(lines.length, 4);
  const continuation = lines[2]!;
  assert.deepEqual(cellTexts(continuation), ['30 minutes in 100 ml NS)']);
  assert.equal(continuation.cells[0]!.x0, lines[1]!.cells[1]!.x0);
});

test('a dotted leader separates a name from its amount, as a column gap does', () => {
  const words: Word[] = [
    { text: 'Consultation', x0: 40, x1: 100, y0: 100, y1: 110 },
    { text: 'Charges', x0: 103, x1: 140, y0: 100, y1: 110 },
    { text: '.........................', x0: 143, x1: 260, y0: 100, y1: 110 },
    { text: 'Rs.', x0: 263, x1: 278, y0: 100, y1: 110 },
    { text: '800.00', x0: 281, x1: 311, y0: 100, y1: 110 },
  ];
  const [line] = layoutWords(words, 1);
  assert.deepEqual(cellTexts(line!), ['Consultation Charges', 'Rs. 800.00']);
  assert.match(line!.text, /^Consultation Charges \.{25} Rs\. 800\.00$/);
  for (const cell of line!.cells) assert.equal(line!.text.slice(cell.x0, cell.x1), cell.text);
});

test('a table ruled with | characters gives the fields between the pipes, by position', () => {
  const text = [
    '| # | Service Date | Particulars | Units | Unit Price | Net Amount |',
    '|---|---|---|---|---|---|',
    '| 1 | 04/05/2025 | Semi-Private Room Rent | 4 | 3000.00 | 12000.00 |',
    '| 2 | 04/05/2025 |  | 1 | 350.00 | 350.00 |',
  ];
  const words: Word[] = text.flatMap((line, r) =>
    [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], x0: 30 + m.index * 4.5, x1: 30 + (m.index + m[0].length) * 4.5, y0: 50 + r * 10, y1: 58 + r * 10, confidence: 0.9 })));
  const lines = layoutWords(words, 1);
  assert.deepEqual(lines.map(cellTexts), [
    ['#', 'Service Date', 'Particulars', 'Units', 'Unit Price', 'Net Amount'],
    [],
    ['1', '04/05/2025', 'Semi-Private Room Rent', '4', '3000.00', '12000.00'],
    ['2', '04/05/2025', '', '1', '350.00', '350.00'],
  ]);
  assert.ok(lines.every((l) => l.delimited === true));
  for (const cell of lines[2]!.cells) {
    assert.equal(lines[2]!.text.slice(cell.x0, cell.x1), cell.text);
    assert.equal(cell.confidence, 0.9);
  }
});

test('carries OCR confidence: the lowest word in a cell, the mean word in a line', () => {
  const confidence = (w: string): number => (w === '(Haemogram)' ? 0.41 : w === '450.00' ? 0.8 : 0.9);
  const words = [
    ...row(tableRow('1', 'CBC (Haemogram)', '1', '450.00', '450.00'), 400, { confidence }),
    ...BILL.slice(2).flatMap((cells, i) => row(cells, 462 + i * 62, { confidence })),
  ];
  const [line] = layoutWords(words, 1);
  assert.equal(line!.cells[1]!.confidence, 0.41);
  assert.equal(line!.cells[0]!.confidence, 0.9);
  // words: 1, CBC, (Haemogram), 1, 450.00, 450.00
  assert.ok(Math.abs(line!.confidence! - (0.9 + 0.9 + 0.41 + 0.9 + 0.8 + 0.8) / 6) < 1e-9);
  const noOcr = layoutWords(row(BILL[1]!, 400), 1);
  assert.equal(noOcr[0]!.confidence, undefined);
  assert.equal(noOcr[0]!.cells[0]!.confidence, undefined);
});

test('drops a word printed twice on top of itself (bold faked by overprinting)', () => {
  const words = row(BILL[1]!, 400);
  const bold = words.filter((w) => w.text === 'CBC').map((w) => ({ ...w, x0: w.x0 + 1, x1: w.x1 + 1 }));
  const [line] = layoutWords([...words, ...bold], 1);
  assert.deepEqual(cellTexts(line!), BILL[1]!.map((c) => c.text));
});

test('in monospaced text a single space stays inside a cell and two spaces start a new one', () => {
  // Courier-like: every glyph, the space included, is 6 units wide; words come one by one.
  const text = [
    'Room Rent General Ward      3     1500.00     4500.00',
    'Nursing Care Per Day        3      400.00     1200.00',
    'Blood Sugar Fasting and PP  1      180.00      180.00',
  ];
  const words: Word[] = text.flatMap((line, r) =>
    [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], x0: 36 + m.index * 6, x1: 36 + (m.index + m[0].length) * 6, y0: 100 + r * 14, y1: 110 + r * 14 })));
  const lines = layoutWords(words, 1);
  assert.deepEqual(lines.map(cellTexts), text.map((t) => t.split(/\s{2,}/)));
  // Monospaced input comes back column for column.
  assert.deepEqual(lines.map((l) => l.text), text);
});

test('a large title is not cut into cells by its wider word spaces', () => {
  const title = row([{ text: 'CITY CARE HOSPITAL', x: 700 }], 200).map((w) => ({ ...w, x0: w.x0 * 2 - 700, x1: w.x1 * 2 - 700, y0: w.y0 * 2 - 200, y1: w.y1 * 2 - 200 }));
  const lines = layoutWords([...title, ...BILL.flatMap((cells, i) => row(cells, 400 + i * 62))], 1);
  assert.deepEqual(cellTexts(lines[0]!), ['CITY CARE HOSPITAL']);
});

test('uses a given column scale so that pages of one document share their columns', () => {
  const page1 = BILL.flatMap((cells, i) => row(cells, 400 + i * 62));
  const page2 = BILL.slice(3).map((cells) => cells.slice(1)).flatMap((cells, i) => row(cells, 400 + i * 62)); // no serial column
  const metrics = estimateMetrics([...page1, ...page2]);
  const a = layoutWords(page1, 1, metrics);
  const b = layoutWords(page2, 2, metrics);
  assert.equal(b[0]!.cells[0]!.x0, a[0]!.cells[1]!.x0);
  assert.equal(b[0]!.cells.at(-1)!.x1, a[1]!.cells.at(-1)!.x1);
  assert.equal(b[0]!.page, 2);
});

test('estimates the character width as the median glyph width', () => {
  const metrics = estimateMetrics([
    { text: '450.00', x0: 100, x1: 160, y0: 0, y1: 12 },
    { text: 'Haemogram', x0: 200, x1: 290, y0: 0, y1: 12 },
    { text: 'MRI', x0: 300, x1: 345, y0: 0, y1: 12 },
  ]);
  assert.equal(metrics.charWidth, 10);
  assert.equal(metrics.originX, 100);
});

test('ignores empty and broken words, and lays out nothing from nothing', () => {
  assert.deepEqual(layoutWords([], 1), []);
  const lines = layoutWords([
    { text: '  ', x0: 0, x1: 10, y0: 0, y1: 10 },
    { text: 'NaN', x0: Number.NaN, x1: 10, y0: 0, y1: 10 },
    { text: 'Total', x0: 10, x1: 40, y0: 0, y1: 10 },
  ], 1);
  assert.deepEqual(lines.map((l) => l.text), ['Total']);
});

// ── Repeated page headers and footers ──────────────────────────────────────────────────────

/** Lines from fixed-width text, cells split on two or more spaces (as a reader makes them). */
function page(text: string, number: number): Line[] {
  return text.split('\n').map((t) => ({
    text: t,
    page: number,
    cells: [...t.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], x0: m.index, x1: m.index + m[0].length })),
  }));
}

const HEADER = (n: number, of: number): string => `        LIFELINE SUPERSPECIALITY HOSPITAL
   12 MG Road, Indore 452001   Ph: 0731-4041000
Bill No: LSH/24/8812                          Page ${n} of ${of}`;
const FOOTER = (n: number): string => `Printed 21-03-2025 10:05   ${n}`;

test('drops page headers and footers repeated on later pages, keeping the first page\'s', () => {
  const pages = [
    page(`${HEADER(1, 3)}\nPatient: Rekha Jain         Age: 61 F\nSl  Particulars             Qty   Amount\n1   Room Rent               2   3,000.00\n2   Consultation            2   1,600.00\n${FOOTER(1)}`, 1),
    page(`${HEADER(2, 3)}\nSl  Particulars             Qty   Amount\n3   CBC                     1     450.00\n4   LFT                     1     900.00\n${FOOTER(2)}`, 2),
    page(`${HEADER(3, 3)}\nSl  Particulars             Qty   Amount\n5   Dressing                1     350.00\n    Net Payable                 6,300.00\n${FOOTER(3)}`, 3),
  ];
  const { pages: kept, dropped } = dropRepeatedHeadersFooters(pages);
  assert.deepEqual(kept[0]!.map((l) => l.text), pages[0]!.map((l) => l.text));
  assert.deepEqual(kept[1]!.map((l) => l.text.trim()), ['3   CBC                     1     450.00', '4   LFT                     1     900.00']);
  assert.deepEqual(kept[2]!.map((l) => l.text.trim()), ['5   Dressing                1     350.00', 'Net Payable                 6,300.00']);
  assert.equal(dropped, 2 * 5);
});

test('keeps bill rows at the top of pages even when they differ only in their numbers', () => {
  const rowAt = (day: number): string => `${day}   ${String(day).padStart(2, '0')}-03-2025  Room Rent - General Ward   1   1,500.00   1,500.00`;
  const pages = [1, 2, 3, 4].map((n) => page(`Room rent statement\n${rowAt(n)}\n${rowAt(n + 4)}\nPage ${n}`, n));
  const { pages: kept, dropped } = dropRepeatedHeadersFooters(pages);
  assert.equal(dropped, 3 * 2); // the title and "Page n" on pages 2-4
  assert.deepEqual(kept[3]!.map((l) => l.text), [rowAt(4), rowAt(8)]);
});

test('keeps a line that repeats on fewer than half of the pages, and leaves a single page alone', () => {
  const title = (n: number): string => (n === 2 || n === 3 ? 'Continued from previous page' : 'Pharmacy Summary');
  const pages = [1, 2, 3, 4, 5].map((n) => page(`${title(n)}\nItem ${n}  1  ${n}00.00`, n));
  const result = dropRepeatedHeadersFooters(pages);
  // "Pharmacy Summary" is on 3 of 5 pages: dropped on pages 4 and 5; "Continued" (2 of 5) stays.
  assert.equal(result.dropped, 2);
  assert.deepEqual(result.pages.map((p) => p[0]!.text), ['Pharmacy Summary', 'Continued from previous page', 'Continued from previous page', 'Item 4  1  400.00', 'Item 5  1  500.00']);
  const one = [page(HEADER(1, 1), 1)];
  assert.deepEqual(dropRepeatedHeadersFooters(one), { pages: one, dropped: 0 });
});
