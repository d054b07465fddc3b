// Writes a letter as an A4 PDF with pdfkit. The font (IBM Plex Sans Devanagari, from npm) has
// Latin, Devanagari and ₹, and fontkit shapes Hindi (matras, conjuncts) as it lays the text out.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { LetterContent } from './letter.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = 'node_modules/@ibm/plex-sans-devanagari/fonts/complete/woff/';

function fontFile(weight: 'Regular' | 'SemiBold'): Buffer {
  const path = require.resolve(`@ibm/plex-sans-devanagari/fonts/complete/woff/IBMPlexSansDevanagari-${weight}.woff`);
  return readFileSync(path);
}

export const LETTER_FONT = { family: 'IBM Plex Sans Devanagari', dir: FONT_DIR };

const MARGIN = 56;
/** Column widths of the disputed-lines table (points; A4 text width is 483). */
const COLUMNS = [34, 155, 64, 64, 64, 102];

export async function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: letter.subject, Creator: 'MedBillGuard' }, lang: letter.lang === 'hi' ? 'hi-IN' : 'en-IN' });
  doc.registerFont('body', fontFile('Regular'));
  doc.registerFont('bold', fontFile('SemiBold'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  doc.font('body').fontSize(10.5);
  doc.text(letter.date, { align: 'right' });
  doc.moveDown(0.8);
  for (const line of letter.addressee) doc.text(line);
  doc.moveDown(0.8);
  doc.font('bold').text(letter.subject, { width });
  doc.font('body');
  for (const r of letter.reference) doc.text(r);
  doc.moveDown(0.8);
  doc.text(letter.salutation);
  doc.moveDown(0.4);
  for (const p of letter.body) { doc.text(p, { width, align: 'left' }); doc.moveDown(0.4); }

  // The disputed lines.
  doc.moveDown(0.4);
  drawRow(doc, letter.tableHeadings, true);
  for (const row of letter.rows) drawRow(doc, [row.lines, row.description, row.billed, row.allowed, row.excess, `${row.rule}: ${row.citation}`], false);
  doc.font('bold').fontSize(10.5);
  doc.text(`${letter.totalLabel}: ${letter.total}`, MARGIN, doc.y + 4, { width, align: 'right' });
  doc.font('body');
  doc.moveDown(0.8);

  doc.font('bold').text(letter.lang === 'hi' ? 'कानूनी आधार' : 'Legal basis');
  doc.font('body');
  for (const l of letter.legalBasis) doc.text(`•  ${l}`, { width, indent: 0 });
  doc.moveDown(0.6);
  for (const r of letter.requests) doc.text(r, { width });
  doc.moveDown(0.6);
  doc.font('bold').text(letter.enclosuresHeading);
  doc.font('body');
  letter.enclosures.forEach((e, i) => doc.text(`${i + 1}. ${e}`));
  doc.moveDown(1);
  doc.text(letter.closing);
  doc.moveDown(1.5);
  for (const s of letter.signature) doc.text(s);
  doc.end();
  return done;
}

function drawRow(doc: PDFKit.PDFDocument, cells: string[], heading: boolean): void {
  doc.font(heading ? 'bold' : 'body').fontSize(9);
  const heights = cells.map((c, i) => doc.heightOfString(c, { width: COLUMNS[i]! - 6 }));
  const height = Math.max(...heights) + 6;
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
  const top = doc.y;
  let x = MARGIN;
  cells.forEach((c, i) => {
    const w = COLUMNS[i]!;
    doc.rect(x, top, w, height).lineWidth(0.5).stroke('#888888');
    doc.fillColor('black').text(c, x + 3, top + 3, { width: w - 6, align: i >= 2 && i <= 4 ? 'right' : 'left' });
    x += w;
  });
  doc.x = MARGIN;
  doc.y = top + height;
  doc.fontSize(10.5);
}
