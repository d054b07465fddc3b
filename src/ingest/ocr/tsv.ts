// Parses Tesseract's TSV output (the same from the CLI and tesseract.js) into words.
// Columns: level page_num block_num par_num line_num word_num left top width height conf text.
// Level 5 rows are words; conf is 0..100 (-1 for non-word rows).
import type { Word } from '../types.ts';

const WORD_LEVEL = '5';

export interface ParsedTsv {
  words: Word[];
  /** 0..1 mean word confidence; 0 when there are no words. */
  confidence: number;
}

export function parseTesseractTsv(tsv: string): ParsedTsv {
  const words: Word[] = [];
  for (const row of tsv.split('\n')) {
    const cols = row.split('\t');
    if (cols.length < 12 || cols[0] !== WORD_LEVEL) continue;
    const text = cols.slice(11).join('\t').trim();
    if (text === '') continue;
    const left = Number(cols[6]);
    const top = Number(cols[7]);
    const width = Number(cols[8]);
    const height = Number(cols[9]);
    const conf = Number(cols[10]);
    if (![left, top, width, height, conf].every(Number.isFinite)) continue;
    words.push({
      text,
      x0: left,
      x1: left + width,
      y0: top,
      y1: top + height,
      confidence: clamp01(conf / 100),
    });
  }
  return { words, confidence: meanConfidence(words) };
}

export function meanConfidence(words: readonly Word[]): number {
  if (words.length === 0) return 0;
  let sum = 0;
  for (const w of words) sum += w.confidence ?? 0;
  return sum / words.length;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
