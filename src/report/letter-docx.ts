// Writes a letter as a Word document with the same content as the PDF. The letter font (IBM Plex
// Sans Devanagari, regular and semibold) is embedded, so Hindi and ₹ show in Word and in
// LibreOffice even on a computer without a Devanagari font: without it, LibreOffice on a bare
// Linux desktop showed every Devanagari letter as an empty box.
import { AlignmentType, BorderStyle, Document, Footer, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { excessCell, ruleCell, type LetterContent } from './letter.ts';
import { LETTER_FONT_FAMILY, letterFont } from './letter-font.ts';

const FONT = LETTER_FONT_FAMILY;
const SIZE = 21; // half-points: 10.5 pt
const TABLE_SIZE = 18;
/** A4 (11,906 twips) less two 2 cm margins (1,134 twips each). */
const PAGE_MARGIN = 1134;
const TEXT_WIDTH = 11906 - 2 * PAGE_MARGIN;
/** Column shares of the disputed-lines table, as in the PDF. */
const COLUMN_SHARES = [34, 125, 70, 70, 76, 108];
const COLUMN_WIDTHS = (() => {
  const sum = COLUMN_SHARES.reduce((s, x) => s + x, 0);
  const widths = COLUMN_SHARES.map((x) => Math.floor((x / sum) * TEXT_WIDTH));
  widths[1]! += TEXT_WIDTH - widths.reduce((s, x) => s + x, 0);
  return widths;
})();

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

function run(text: string, { bold = false, size = SIZE, lang }: { bold?: boolean; size?: number; lang: 'en' | 'hi' }): TextRun {
  return new TextRun({
    text, bold, boldComplexScript: bold, size, sizeComplexScript: size,
    font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT },
    // Word takes Devanagari as complex-script text: `bidirectional` is its w:lang/@w:bidi.
    language: { value: lang === 'hi' ? 'hi-IN' : 'en-IN', bidirectional: 'hi-IN' },
  });
}

function para(text: string, lang: 'en' | 'hi', opts: { bold?: boolean; align?: Align; after?: number; size?: number; indent?: number } = {}): Paragraph {
  return new Paragraph({
    children: [run(text, { bold: opts.bold ?? false, size: opts.size ?? SIZE, lang })],
    ...(opts.align ? { alignment: opts.align } : {}),
    ...(opts.indent ? { indent: { left: opts.indent, hanging: opts.indent } } : {}),
    spacing: { after: opts.after ?? 80 },
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '888888' };

function cell(text: string, column: number, bold: boolean, lang: 'en' | 'hi'): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: [run(text, { bold, size: TABLE_SIZE, lang })], ...(column >= 2 && column <= 4 ? { alignment: AlignmentType.RIGHT } : {}) })],
    width: { size: COLUMN_WIDTHS[column]!, type: WidthType.DXA },
    borders: { top: border, bottom: border, left: border, right: border },
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
  });
}

export async function renderLetterDocx(letter: LetterContent): Promise<Buffer> {
  const lang = letter.lang;
  const p = (text: string, opts: Parameters<typeof para>[2] = {}): Paragraph => para(text, lang, opts);
  const rows = [
    new TableRow({ tableHeader: true, cantSplit: true, children: letter.tableHeadings.map((h, i) => cell(h, i, true, lang)) }),
    ...letter.rows.map((r) => new TableRow({
      cantSplit: true,
      children: [r.lines, r.description, r.billed, r.allowed, excessCell(r, lang), ruleCell(r)].map((t, i) => cell(t, i, false, lang)),
    })),
  ];
  const children = [
    p(letter.date, { align: AlignmentType.RIGHT, after: 200 }),
    ...letter.addressee.map((l) => p(l, { after: 0 })),
    p('', { after: 120 }),
    p(letter.subject, { bold: true, after: 40 }),
    ...letter.reference.map((r) => p(r, { after: 40 })),
    p('', { after: 80 }),
    p(letter.salutation, { after: 120 }),
    ...letter.body.map((b, i) => (i === 0 ? p(b, { after: 120 }) : p(`•\t${b}`, { after: 100, indent: 280 }))),
    new Table({ rows, width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: COLUMN_WIDTHS }),
    p(`${letter.totalLabel}: ${letter.total}`, { bold: true, align: AlignmentType.RIGHT, after: 120 }),
    ...(letter.countedNote ? [p(letter.countedNote, { size: 17, after: 120 })] : []),
    p(letter.citationsHeading, { bold: true, size: 17, after: 20 }),
    ...letter.citations.map((c, i) => p(`[${i + 1}] ${c}`, { size: 17, after: 20 })),
    p('', { after: 120 }),
    p(letter.legalBasisHeading, { bold: true }),
    ...letter.legalBasis.map((l) => p(`•\t${l}`, { indent: 280 })),
    p('', { after: 60 }),
    ...letter.requests.map((r) => p(r, { after: 120 })),
    p(letter.enclosuresHeading, { bold: true, after: 40 }),
    ...letter.enclosures.map((e, i) => p(`${i + 1}. ${e}`, { after: 0 })),
    p('', { after: 200 }),
    p(letter.closing, { after: 600 }),
    ...letter.signature.map((s) => p(s, { after: 0 })),
  ];
  const footer = new Footer({
    children: [new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [
        run(`${letter.footer}${letter.footer ? ' · ' : ''}${lang === 'hi' ? 'पृष्ठ ' : 'Page '}`, { size: 15, lang }),
        new TextRun({ children: [PageNumber.CURRENT], size: 15, font: FONT }),
      ],
    })],
  });
  const doc = new Document({
    creator: 'MedBillGuard',
    title: letter.subject,
    fonts: [{ name: FONT, data: letterFont('Regular'), bold: letterFont('SemiBold') }],
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: PAGE_MARGIN, bottom: PAGE_MARGIN, left: PAGE_MARGIN, right: PAGE_MARGIN } } },
      footers: { default: footer },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}
