// Reader for plain-text and CSV bills: decodes the bytes (UTF-8, UTF-8 with BOM, UTF-16 with or
// without BOM, Windows line endings) and splits every line into cells — on CSV fields, `|` pipes,
// tabs, dotted leaders or runs of two or more spaces — so extraction sees the same Line shape as
// for a PDF.
import { UserError } from '../domain/errors.ts';
import type { Cell, IngestedDocument, Line } from './types.ts';

/** Share of control characters above which a file is treated as binary. */
const MAX_CONTROL_CHAR_SHARE = 0.02;

export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes.length === 0) throw new UserError('FILE_EMPTY', { file: fileName });
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else if (looksLikeUtf16(bytes)) {
    text = new TextDecoder(oddBytesAreZero(bytes) ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    // Not valid UTF-8 (many replacement characters): fall back to Windows-1252, common in old exports.
    const bad = (decoded.match(/\uFFFD/g) ?? []).length;
    text = bad > 0 && bad / decoded.length > 0.001 ? new TextDecoder('windows-1252').decode(bytes) : decoded;
  }
  if (isBinary(text)) throw new UserError('BINARY_FILE', { file: fileName, detail: 'accepted text is UTF-8 or UTF-16 plain text or CSV' });
  if (text.trim() === '') throw new UserError('FILE_EMPTY', { file: fileName, detail: 'it holds only white space' });
  return text;
}

function oddBytesAreZero(bytes: Uint8Array): boolean {
  let zeros = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return zeros > n / 4 / 2;
}

function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n < 4) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) (i % 2 === 0 ? evenZeros++ : oddZeros++);
  const half = n / 2;
  return (oddZeros > half * 0.3 && evenZeros < half * 0.05) || (evenZeros > half * 0.3 && oddZeros < half * 0.05);
}

function isBinary(text: string): boolean {
  let control = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return n > 0 && control / n > MAX_CONTROL_CHAR_SHARE;
}

/** Splits a CSV line into fields (RFC 4180 quoting; the separator is `,` or `;`). */
export function splitCsvLine(line: string, separator = ','): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === separator) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Splits records across physical lines when a quoted CSV field holds a line break. */
function csvRecords(lines: string[]): string[] {
  const records: string[] = [];
  let pending = '';
  for (const line of lines) {
    pending = pending ? `${pending} ${line}` : line;
    if (((pending.match(/"/g) ?? []).length % 2) === 0) { records.push(pending); pending = ''; }
  }
  if (pending) records.push(pending);
  return records;
}

function detectCsvSeparator(lines: string[]): string | null {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 50);
  if (sample.length < 2) return null;
  for (const sep of [',', ';', '\t']) {
    const counts = sample.map((l) => splitCsvLine(l, sep).length);
    const multi = counts.filter((c) => c >= 3).length;
    if (multi >= Math.max(2, sample.length * 0.5)) return sep;
  }
  return null;
}

function cellsFromFields(fields: string[]): Cell[] {
  const cells: Cell[] = [];
  let x = 0;
  for (const f of fields) {
    cells.push({ text: f, x0: x, x1: x + Math.max(1, f.length) });
    x += Math.max(1, f.length) + 3;
  }
  return cells;
}

/** A leader before an amount; `(?!-)` makes a ruled line cost one try per run of dashes, not one per length. */
const DOTTED_LEADER = /\s*(?:\.{3,}|…{2,}|_{3,}|-{4,}(?!-)(?=\s*(?:₹|rs\b|inr\b|\d)))\s*/i;
/** A cheap test that a run of text may hold a leader at all (most runs do not). */
const MAYBE_LEADER = /\.\.\.|……|___|----/;
const RULE_ONLY = /^[-=~*+]+$/;

/** Cells of one fixed-width line: runs separated by 2+ spaces, a tab, or a dotted leader. */
export function splitFixedWidth(line: string): Cell[] {
  const cells: Cell[] = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    // Split further on dotted leaders ("Item..........₹350.00").
    let start = m.index;
    let rest = m[0];
    let dm: RegExpExecArray | null;
    // A ruled line ("------", "=====") holds no leader: keep it whole without searching.
    while (!RULE_ONLY.test(rest) && MAYBE_LEADER.test(rest) && (dm = DOTTED_LEADER.exec(rest)) !== null && dm[0].length > 0) {
      const before = rest.slice(0, dm.index);
      if (before.trim()) cells.push({ text: before.trim(), x0: start, x1: start + dm.index });
      start += dm.index + dm[0].length;
      rest = rest.slice(dm.index + dm[0].length);
    }
    if (rest.trim()) cells.push({ text: rest.trim(), x0: start, x1: start + rest.length });
  }
  return cells;
}

function pipeCells(line: string): Cell[] | null {
  if ((line.match(/\|/g) ?? []).length < 2) return null;
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const parts = trimmed.split('|').map((p) => p.trim());
  if (parts.every((p) => /^:?-{2,}:?$/.test(p) || p === '')) return []; // markdown separator row
  return cellsFromFields(parts);
}

export function readText(bytes: Uint8Array, fileName: string): IngestedDocument {
  const text = decodeText(bytes, fileName);
  const rawLines = text.replace(/\r\n?/g, '\n').replace(/\f/g, '\n').split('\n').map((l) => l.trimEnd());
  const csvSeparator = /\.(csv|tsv)$/i.test(fileName) ? (detectCsvSeparator(rawLines) ?? ',') : null;
  const lines: Line[] = [];
  const records = csvSeparator ? csvRecords(rawLines) : rawLines;
  for (const raw of records) {
    const expanded = raw.replace(/\t/g, csvSeparator === '\t' ? '\t' : '    ');
    let cells: Cell[];
    let delimited = false;
    if (csvSeparator) {
      cells = cellsFromFields(splitCsvLine(expanded, csvSeparator));
      if (cells.every((c) => c.text === '')) cells = [];
      delimited = true;
    } else {
      const piped = pipeCells(expanded);
      if (piped) { cells = piped; delimited = true; }
      else cells = splitFixedWidth(expanded);
    }
    const lineText = delimited ? cells.map((c) => c.text).join('  |  ') : expanded;
    lines.push({ text: lineText, cells, page: 1, ...(delimited ? { delimited } : {}) });
  }
  return { fileName, source: 'text', pages: [{ number: 1, source: 'text', lines, ocrConfidence: null }], ocrConfidence: null, warnings: [] };
}
