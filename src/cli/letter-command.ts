// `medbillguard letter <bill> --to hospital|nppa|consumer-commission|insurer --out FILE.pdf|FILE.docx`
import { writeFileSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UserError } from '../domain/errors.ts';
import { analyze } from '../analyze.ts';
import { letterContent, RECIPIENTS, type Recipient, type Sender } from '../report/letter.ts';
import { CONTEXT_OPTIONS, contextFromValues, readInputFile } from './analyze-command.ts';

export const LETTER_USAGE = `Usage: medbillguard letter <bill> --to hospital|nppa|consumer-commission|insurer --out FILE.pdf|FILE.docx [options]

  --lang en|hi                  language of the letter (default en)
  --name, --address, --phone, --email   your details for the signature block
  --insurer NAME, --policy NO   for letters to an insurer
  plus the context options of \`analyze\`: --accreditation, --city-tier, --ward, --scheme, --state
`;

function usage(message: string): never {
  throw new UserError('BAD_USAGE', { detail: `${message}\n\n${LETTER_USAGE}` });
}

export async function runLetter(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...CONTEXT_OPTIONS,
        to: { type: 'string' }, out: { type: 'string' },
        name: { type: 'string' }, address: { type: 'string' }, phone: { type: 'string' }, email: { type: 'string' },
        insurer: { type: 'string' }, policy: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) { process.stdout.write(LETTER_USAGE); return 0; }
  if (parsed.positionals.length !== 1) usage('give exactly one bill');
  const to = v.to as Recipient | undefined;
  if (!to || !RECIPIENTS.includes(to)) usage(`--to must be one of ${RECIPIENTS.join(', ')}`);
  const out = v.out;
  if (!out || !/\.(pdf|docx)$/i.test(out)) usage('--out must name a .pdf or .docx file');
  const { context, lang } = contextFromValues(v);
  const file = parsed.positionals[0]!;
  const analysis = await analyze({ files: [{ bytes: readInputFile(file), fileName: file }], context, lang });
  const sender: Sender = {};
  for (const k of ['name', 'address', 'phone', 'email', 'insurer', 'policy'] as const) if (v[k]) sender[k] = v[k];
  const letter = letterContent(analysis, to, lang, sender);
  if (letter.rows.length === 0) {
    process.stderr.write(`medbillguard: ${file}: no disputed line for a letter to ${to}; nothing written\n`);
    return 0;
  }
  const bytes = /\.pdf$/i.test(out)
    ? await (await import('../report/letter-pdf.ts')).renderLetterPdf(letter)
    : await (await import('../report/letter-docx.ts')).renderLetterDocx(letter);
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, out);
  process.stdout.write(`${out}: letter to ${to} (${lang}), ${letter.rows.length} disputed line${letter.rows.length === 1 ? '' : 's'}, refund requested ${letter.total}\n`);
  return 0;
}
