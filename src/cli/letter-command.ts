// `medbillguard letter <bill> --to hospital|nppa|consumer-commission|insurer --out FILE.pdf|FILE.docx`
// Analyses the bill (same context options as `analyze`) and writes a refund or complaint letter.
// A bill with nothing to dispute for that recipient gets no letter: the command says so and
// writes nothing (exit 0, like `analyze` on a clean bill).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Analysis, Lang } from '../domain/analysis.ts';
import { UserError } from '../domain/errors.ts';
import { letterContent, RECIPIENTS, type LetterContent, type Recipient, type Sender } from '../report/letter.ts';
import type { AnalyzeRequest } from '../analyze.ts';
import { CONTEXT_OPTIONS, contextFromValues, readInputFile } from './analyze-command.ts';

export const LETTER_USAGE = `Usage: medbillguard letter <bill> --to hospital|nppa|consumer-commission|insurer --out FILE.pdf|FILE.docx [options]

  --to RECIPIENT                hospital (billing desk), nppa (medicines above ceiling price or MRP),
                                consumer-commission (District Commission), insurer (grievance officer)
  --out FILE                    the letter to write: .pdf or .docx
  --lang en|hi                  language of the letter (default en)
  --name, --address, --phone, --email   your details for the signature block
  --insurer NAME, --policy NO   for letters to an insurer
  plus the context options of \`analyze\`: --accreditation, --city-tier, --ward, --scheme, --state
`;

function usage(message: string): never {
  throw new UserError('BAD_USAGE', { detail: `${message}\n\n${LETTER_USAGE}` });
}

export interface LetterRequest {
  to: Recipient;
  lang: Lang;
  out: string;
  sender: Sender;
  /** The bill's file name, for messages. */
  file: string;
  now?: Date;
}

export interface LetterOutcome {
  written: boolean;
  /** One line for the user: what was written, or why nothing was. */
  message: string;
  letter: LetterContent;
}

/** Writes the letter for an analysis, or nothing when no line is disputed for this recipient. */
export async function writeLetter(analysis: Analysis, req: LetterRequest): Promise<LetterOutcome> {
  const letter = letterContent(analysis, req.to, req.lang, req.sender, req.now);
  if (letter.rows.length === 0) {
    const why = req.to === 'nppa' ? 'no medicine is priced above its NPPA ceiling price or MRP' : 'no red flag with money at stake';
    return { written: false, letter, message: `${req.file}: ${why}, so there is nothing to dispute in a letter to ${req.to}; nothing written` };
  }
  const bytes = /\.pdf$/i.test(req.out)
    ? await (await import('../report/letter-pdf.ts')).renderLetterPdf(letter)
    : await (await import('../report/letter-docx.ts')).renderLetterDocx(letter);
  // Write beside the target and rename, so a failed run never leaves half a letter.
  const temp = `${req.out}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, req.out);
  } catch (error) {
    rmSync(temp, { force: true });
    // The --out path is the user's: a directory that does not exist or cannot be written is bad usage.
    throw new UserError('BAD_USAGE', { file: req.out, detail: `cannot write the letter (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
  }
  const n = letter.rows.length;
  return { written: true, letter, message: `${req.out}: letter to ${req.to} (${req.lang}), ${n} disputed line${n === 1 ? '' : 's'}, ${req.to === 'insurer' ? 'in dispute' : 'refund asked'} ${letter.total}` };
}

export interface LetterIo {
  /** Defaults to the real pipeline (`analyze` of src/analyze.ts). */
  analyze?: (req: AnalyzeRequest) => Promise<Analysis>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  now?: Date;
}

export async function runLetter(argv: string[], io: LetterIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((t: string) => { process.stdout.write(t); });
  const stderr = io.stderr ?? ((t: string) => { process.stderr.write(t); });
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
  if (v.help) { stdout(LETTER_USAGE); return 0; }
  if (parsed.positionals.length !== 1) usage('give exactly one bill');
  const to = v.to as Recipient | undefined;
  if (!to || !RECIPIENTS.includes(to)) usage(`--to must be one of ${RECIPIENTS.join(', ')}${v.to ? ` (got "${v.to}")` : ''}`);
  const out = v.out;
  if (!out || !/\.(pdf|docx)$/i.test(out)) usage('--out must name a .pdf or .docx file');
  const { context, lang } = contextFromValues(v);
  const file = parsed.positionals[0]!;
  const analyze = io.analyze ?? (await import('../analyze.ts')).analyze;
  const analysis = await analyze({ files: [{ bytes: readInputFile(file), fileName: file }], context, lang });
  const sender: Sender = {};
  for (const k of ['name', 'address', 'phone', 'email', 'insurer', 'policy'] as const) if (v[k]) sender[k] = v[k];
  const outcome = await writeLetter(analysis, { to, lang, out, sender, file, ...(io.now ? { now: io.now } : {}) });
  if (outcome.written) stdout(`${outcome.message}\n`);
  else stderr(`medbillguard: ${outcome.message}\n`);
  return 0;
}
