// What page.ts makes of Tesseract's words before layout sees them: leaders, table bars, ₹ misreads,
// the turn of a page read upside down, and when a Hindi reading is Hindi.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Word } from '../types.ts';
import { hasHindiWords, leaderSpecks, looksUpsideDown, pipeRowBars, repairLetters } from './page.ts';

const w = (text: string, x0: number, y0: number, confidence = 0.95, height = 26, width = 20 * text.length): Word => ({ text, x0, y0, x1: x0 + width, y1: y0 + height, confidence });

test('a leader\'s dots read as dot-high letters or as unsure runs of digits and points are dropped; real figures and dates stay', () => {
  const line = [
    w('Inpatient', 300, 650), w('Consultation', 520, 650), w('Blood', 300, 700), w('Urea', 420, 700), w('Total', 300, 750),
    w('ce', 1170, 676, 0.14, 4), w('eee', 1410, 676, 0.28, 5), // dot-high junk
    w('2.00000.', 998, 645, 0.34, 39), w('0...', 1246, 640, 0.0, 40), // dots read as figures
    w('350.00', 1687, 650, 0.56), w('12.05.2025', 700, 700, 0.4), w('1,050.00', 1687, 700, 0.45),
    w('0055', 1300, 780, 0.3), w('04-', 1400, 825, 0.2), w('0', 1450, 825, 0.3), w('10', 900, 825, 0.45),
  ];
  const specks = leaderSpecks(line);
  assert.deepEqual([...specks].map((s) => s.text).sort(), ['0', '0...', '0055', '04-', '2.00000.', 'ce', 'eee']);
  // A dot run read full height as "cece" after a drug name; "once" and "Cefixime" are words.
  const tail = [...line.slice(0, 5), w('Cefixime', 300, 900), w('cece', 800, 900, 0.6), w('once', 900, 900, 0.6)];
  assert.deepEqual([...leaderSpecks(tail)].map((s) => s.text), ['cece']);
});

test('bars in a row of three or more are a pipe table\'s separators and are kept', () => {
  const bars = [w('|', 100, 500, 0.96, 30, 4), w('|', 400, 501, 0.96, 30, 4), w('|', 900, 502, 0.96, 30, 4), w('|', 200, 800, 0.96, 30, 4)];
  const kept = pipeRowBars(bars);
  assert.equal(kept.size, 3);
  assert.ok(!kept.has(bars[3]!), 'a lone bar is not a table');
});

test('₹ read as a sign or letter glued to an amount becomes ₹; "Oty:" is Qty; a leading § of an amount is 5', () => {
  assert.equal(repairLetters(w('%1,050.00', 0, 0)).text, '₹1,050.00');
  assert.equal(repairLetters(w('F219.00', 0, 0)).text, '₹219.00');
  assert.equal(repairLetters(w('T46.00', 0, 0)).text, '₹46.00');
  assert.equal(repairLetters(w('=350.00', 0, 0)).text, '₹350.00');
  assert.equal(repairLetters(w('Oty:', 0, 0)).text, 'Qty:');
  assert.equal(repairLetters(w('§20.50', 0, 0)).text, '520.50');
  assert.equal(repairLetters(w('[buprofen', 0, 0)).text, 'Ibuprofen');
  assert.equal(repairLetters(w('\\buprofen', 0, 0)).text, 'Ibuprofen');
  assert.equal(repairLetters(w('lg', 0, 0)).text, '1g');
  assert.equal(repairLetters(w('lung', 0, 0)).text, 'lung');
  // Not an amount: left alone.
  assert.equal(repairLetters(w('F-219', 0, 0)).text, 'F-219');
  assert.equal(repairLetters(w('Fever', 0, 0)).text, 'Fever');
});

test('a fair-confidence reading whose figures have lost their decimal shape is taken for a page upside down', () => {
  const turned = ['oo\'ose', '00"66', 'oo-98t', 'oo°98T', '6', 'szoz/so/90', '98', '1', '00.67'].map((t, i) => w(t, i * 100, 0, 0.7));
  assert.equal(looksUpsideDown({ words: turned, confidence: 0.64 }), true);
  const upright = ['350.00', '1,050.00', '12', '2025-05-06', '49.00', '186.00', '12.75', '1'].map((t, i) => w(t, i * 100, 0, 0.7));
  assert.equal(looksUpsideDown({ words: upright, confidence: 0.64 }), false);
  assert.equal(looksUpsideDown({ words: turned, confidence: 0.9 }), false, 'a clearly good reading is never retried');
});

test('a Hindi reading counts as Hindi only with words of Devanagari letters, not stray signs and digits from noise', () => {
  assert.equal(hasHindiWords([w('झै96.', 0, 0, 0.6), w('५', 0, 0, 0.9), w('₹२126.00', 0, 0, 0.8)]), false);
  assert.equal(hasHindiWords([w('कुल', 0, 0, 0.9), w('राशि', 0, 0, 0.85), w('Total', 0, 0, 0.9)]), true);
});
