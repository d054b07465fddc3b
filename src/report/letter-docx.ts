// Writes a letter as a Word document (opens in Word and LibreOffice) with the same content as the PDF.
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { LetterContent } from './letter.ts';

const FONT = 'Nirmala UI';
const HINDI_FONT = 'Mangal';

function run(text: string, bold = false): TextRun {
  return new TextRun({ text, bold, font: { ascii: FONT, hAnsi: FONT, cs: HINDI_FONT, eastAsia: FONT }, size: 21, rightToLeft: false });
}

const para = (text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number } = {}): Paragraph =>
  new Paragraph({ children: [run(text, opts.bold)], ...(opts.align ? { alignment: opts.align } : {}), spacing: { after: opts.after ?? 80 } });

const border = { style: BorderStyle.SINGLE, size: 4, color: '888888' };

function cell(text: string, bold: boolean, right: boolean, width: number): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: [run(text, bold)], ...(right ? { alignment: AlignmentType.RIGHT } : {}) })],
    width: { size: width, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border },
  });
}

const WIDTHS = [7, 32, 13, 13, 13, 22];

export async function renderLetterDocx(letter: LetterContent): Promise<Buffer> {
  const rows = [
    new TableRow({ tableHeader: true, children: letter.tableHeadings.map((h, i) => cell(h, true, i >= 2 && i <= 4, WIDTHS[i]!)) }),
    ...letter.rows.map((r) => new TableRow({
      children: [r.lines, r.description, r.billed, r.allowed, r.excess, `${r.rule}: ${r.citation}`].map((t, i) => cell(t, false, i >= 2 && i <= 4, WIDTHS[i]!)),
    })),
  ];
  const children = [
    para(letter.date, { align: AlignmentType.RIGHT, after: 200 }),
    ...letter.addressee.map((l) => para(l, { after: 0 })),
    para('', { after: 120 }),
    para(letter.subject, { bold: true }),
    ...letter.reference.map((r) => para(r)),
    para(letter.salutation, { after: 120 }),
    ...letter.body.map((b) => para(b, { after: 120 })),
    new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
    para(`${letter.totalLabel}: ${letter.total}`, { bold: true, align: AlignmentType.RIGHT, after: 200 }),
    para(letter.lang === 'hi' ? 'कानूनी आधार' : 'Legal basis', { bold: true }),
    ...letter.legalBasis.map((l) => para(`•  ${l}`)),
    ...letter.requests.map((r) => para(r, { after: 120 })),
    para(letter.enclosuresHeading, { bold: true }),
    ...letter.enclosures.map((e, i) => para(`${i + 1}. ${e}`, { after: 0 })),
    para('', { after: 200 }),
    para(letter.closing, { after: 400 }),
    ...letter.signature.map((s) => para(s, { after: 0 })),
  ];
  const doc = new Document({
    creator: 'MedBillGuard',
    title: letter.subject,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [{ properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
