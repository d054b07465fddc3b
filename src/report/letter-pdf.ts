// Writes a letter as an A4 PDF with pdfkit, in IBM Plex Sans Devanagari (Latin, Devanagari and ₹
// in one face; see letter-font.ts), which fontkit shapes as it lays the text out: matras placed,
// conjuncts and reph formed.
//
// The text is wrapped here rather than by pdfkit, one line at a time, so that each line holding
// Devanagari can carry its logical text as /ActualText. A shaped Devanagari line is drawn in
// visual order (the i-matra ि before its consonant, the reph after its cluster), and a PDF's
// glyph-to-Unicode map can only give the text back in that order: readers that honour
// ActualText (Acrobat, poppler's pdftotext, screen readers) copy and search the real words.
import PDFDocument from 'pdfkit';
import { excessCell, ruleCell, type LetterContent } from './letter.ts';
import { letterFont } from './letter-font.ts';

const MARGIN = 56;
const FOOTER_GAP = 22;
const BODY_SIZE = 10.5;
const TABLE_SIZE = 9;
const CELL_PAD = 3;
/** Column widths of the disputed-lines table (points; A4 text width is 483). */
const COLUMNS = [34, 125, 70, 70, 76, 108];

type Align = 'left' | 'right';
type Face = 'body' | 'bold';

const DEVANAGARI = /[\u0900-\u097F\uA8E0-\uA8FF]/;
const graphemes = new Intl.Segmenter('hi', { granularity: 'grapheme' });

class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;
  y = MARGIN;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.width = doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number { return this.doc.page.height - MARGIN - FOOTER_GAP; }

  style(face: Face, size: number): this {
    this.doc.font(face).fontSize(size);
    return this;
  }

  lineHeight(): number { return this.doc.currentLineHeight(true); }

  /** Starts a new page unless `height` points still fit on this one; true when it did. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.y = MARGIN;
    return true;
  }

  /** Lines of `text` no wider than `width` in the current font: breaks at spaces, and inside a word only when it alone is too wide. */
  wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/ +/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.doc.widthOfString(candidate) <= width) { line = candidate; continue; }
        if (line) lines.push(line);
        line = '';
        // The word alone: split it at grapheme boundaries if it cannot fit on a line of its own.
        let piece = '';
        for (const { segment } of graphemes.segment(word)) {
          if (piece && this.doc.widthOfString(piece + segment) > width) { lines.push(piece); piece = ''; }
          piece += segment;
        }
        line = piece;
      }
      lines.push(line);
    }
    return lines;
  }

  /** Draws one line at (x, y); a line with Devanagari carries its logical text as ActualText. */
  drawLine(line: string, x: number, y: number, width: number, align: Align): void {
    if (!line) return;
    const dx = align === 'right' ? width - this.doc.widthOfString(line) : 0;
    const marked = DEVANAGARI.test(line);
    if (marked) this.doc.markContent('Span', { actual: line });
    this.doc.text(line, x + dx, y, { lineBreak: false });
    if (marked) this.doc.endMarkedContent();
  }

  /** A paragraph at the left margin, page breaks between its lines as needed. */
  paragraph(text: string, { face = 'body' as Face, size = BODY_SIZE, align = 'left' as Align, indent = 0, after = 0.35 } = {}): void {
    this.style(face, size);
    const height = this.lineHeight();
    for (const line of this.wrap(text, this.width - indent)) {
      this.ensure(height);
      this.drawLine(line, MARGIN + indent, this.y, this.width - indent, align);
      this.y += height;
    }
    this.y += after * height;
  }

  gap(lines: number): void { this.y += lines * BODY_SIZE * 1.3; }

  /** One table row; returns its height. Breaks the page before a row that does not fit, repeating the heading row. */
  row(cells: string[], { face = 'body' as Face, heading = null as string[] | null } = {}): void {
    this.style(face, TABLE_SIZE);
    const lh = this.lineHeight();
    const wrapped = cells.map((c, i) => this.wrap(c, COLUMNS[i]! - 2 * CELL_PAD));
    const height = Math.max(...wrapped.map((w) => w.length)) * lh + 2 * CELL_PAD;
    if (this.ensure(height) && heading) {
      this.row(heading, { face: 'bold' });
      this.style(face, TABLE_SIZE);
    }
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      const w = COLUMNS[i]!;
      this.doc.rect(x, this.y, w, height).lineWidth(0.5).stroke('#888888');
      this.doc.fillColor('black');
      lines.forEach((line, k) => this.drawLine(line, x + CELL_PAD, this.y + CELL_PAD + k * lh, w - 2 * CELL_PAD, i >= 2 && i <= 4 ? 'right' : 'left'));
      x += w;
    });
    this.y += height;
  }
}

export async function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true, lang: letter.lang === 'hi' ? 'hi-IN' : 'en-IN',
    info: { Title: letter.subject, Creator: 'MedBillGuard', Producer: 'MedBillGuard (pdfkit)' },
  });
  doc.registerFont('body', letterFont('Regular'));
  doc.registerFont('bold', letterFont('SemiBold'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc);
  w.paragraph(letter.date, { align: 'right', after: 0.8 });
  for (const line of letter.addressee) w.paragraph(line, { after: 0 });
  w.gap(0.8);
  w.paragraph(letter.subject, { face: 'bold', after: 0.1 });
  for (const r of letter.reference) w.paragraph(r, { after: 0.1 });
  w.gap(0.6);
  w.paragraph(letter.salutation, { after: 0.5 });
  letter.body.forEach((p, i) => w.paragraph(i === 0 ? p : `•  ${p}`, { indent: i === 0 ? 0 : 8, after: 0.45 }));

  // The disputed lines, the total asked for, and the citations the rule column numbers.
  w.gap(0.3);
  const heading = [...letter.tableHeadings];
  w.row(heading, { face: 'bold' });
  for (const r of letter.rows) {
    w.row([r.lines, r.description, r.billed, r.allowed, excessCell(r, letter.lang), ruleCell(r)], { heading });
  }
  w.y += 4;
  w.paragraph(`${letter.totalLabel}: ${letter.total}`, { face: 'bold', align: 'right', after: 0.4 });
  if (letter.countedNote) w.paragraph(letter.countedNote, { size: 8.5, after: 0.4 });
  w.paragraph(letter.citationsHeading, { face: 'bold', size: 8.5, after: 0.1 });
  letter.citations.forEach((c, i) => w.paragraph(`[${i + 1}] ${c}`, { size: 8.5, after: 0.1 }));
  w.gap(0.6);

  w.paragraph(letter.legalBasisHeading, { face: 'bold', after: 0.2 });
  for (const l of letter.legalBasis) w.paragraph(`•  ${l}`, { indent: 8, after: 0.3 });
  w.gap(0.4);
  for (const r of letter.requests) w.paragraph(r, { after: 0.3 });
  w.gap(0.4);
  w.paragraph(letter.enclosuresHeading, { face: 'bold', after: 0.1 });
  letter.enclosures.forEach((e, i) => w.paragraph(`${i + 1}. ${e}`, { after: 0 }));
  w.gap(1);
  w.style('body', BODY_SIZE).ensure(w.lineHeight() * (3 + letter.signature.length));
  w.paragraph(letter.closing, { after: 2.2 });
  for (const s of letter.signature) w.paragraph(s, { after: 0 });

  // Footers: the bill reference and "page n of N" on every page.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    w.style('body', 7.5);
    const page = letter.lang === 'hi' ? `पृष्ठ ${i + 1} / ${range.count}` : `Page ${i + 1} of ${range.count}`;
    const y = doc.page.height - MARGIN - 6;
    doc.fillColor('#555555');
    w.drawLine(letter.footer, MARGIN, y, w.width, 'left');
    w.drawLine(page, MARGIN, y, w.width, 'right');
    doc.fillColor('black');
  }
  doc.end();
  return done;
}
