// `medbillguard analyze <file> [<file> ...] [options]` — the contract's command line.
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isUserError, UserError } from '../domain/errors.ts';
import { MAX_FILE_BYTES } from '../domain/limits.ts';
import { analyze, type ContextOptions } from '../analyze.ts';
import type { Analysis, Lang } from '../domain/analysis.ts';
import { FORMATS, type Format, formatAnalyses } from '../report/format.ts';

export const ANALYZE_USAGE = `Usage: medbillguard analyze <file> [<file> ...] [options]

  <file>                         a bill: .txt, .csv, .tsv, .pdf (text layer or scanned), .png, .jpg, .jpeg, .webp, .tif
  --format json|jsonl|markdown|table   output (default: table on a terminal, json otherwise)
  --accreditation nabh|non-nabh  hospital accreditation (default: read from the bill, else non-nabh)
  --city-tier 1|2|3              CGHS city tier (default: from the bill's city, else 1)
  --ward general|semi-private|private  ward entitlement (default: from the bill, else semi-private)
  --scheme cghs|private|insured  benchmark wording (default: cghs)
  --state XX                     two-letter state code (default: from the bill's city)
  --lang en|hi                   language of the human-readable text (default: en)
  --pages                        the files are the pages of ONE bill (photos of a long bill)
  --doc-id ID                    use this document id instead of the sha256 of the input
`;

export interface AnalyzeCliOptions {
  format: Format;
  context: ContextOptions;
  lang: Lang;
  pages: boolean;
  docId?: string;
}

function usage(message: string): never {
  throw new UserError('BAD_USAGE', { detail: `${message}\n\n${ANALYZE_USAGE}` });
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase() as T;
  if (!allowed.includes(v)) usage(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return v;
}

/** The context options every command that analyses a bill accepts. */
export const CONTEXT_OPTIONS = {
  accreditation: { type: 'string' },
  'city-tier': { type: 'string' },
  ward: { type: 'string' },
  scheme: { type: 'string' },
  state: { type: 'string' },
  lang: { type: 'string' },
} as const;

export function contextFromValues(v: Record<string, string | boolean | undefined>): { context: ContextOptions; lang: Lang } {
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const tier = str('city-tier');
  if (tier !== undefined && !['1', '2', '3'].includes(tier)) usage(`--city-tier must be 1, 2 or 3 (got "${tier}")`);
  const state = str('state');
  if (state !== undefined && !/^[a-z]{2}$/i.test(state)) usage(`--state must be a two-letter state code such as DL or MH (got "${state}")`);
  const context: ContextOptions = {};
  const accreditation = oneOf('accreditation', str('accreditation'), ['nabh', 'non-nabh'] as const);
  if (accreditation) context.accreditation = accreditation;
  if (tier) context.city_tier = Number(tier) as 1 | 2 | 3;
  const ward = oneOf('ward', str('ward'), ['general', 'semi-private', 'private'] as const);
  if (ward) context.ward = ward;
  const scheme = oneOf('scheme', str('scheme'), ['cghs', 'private', 'insured'] as const);
  if (scheme) context.scheme = scheme;
  if (state) context.state = state.toUpperCase();
  const lang = oneOf('lang', str('lang'), ['en', 'hi'] as const) ?? 'en';
  return { context, lang };
}

export function parseAnalyzeArgs(argv: string[]): { files: string[]; options: AnalyzeCliOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        ...CONTEXT_OPTIONS,
        pages: { type: 'boolean' },
        'doc-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) { process.stdout.write(ANALYZE_USAGE); process.exit(0); }
  if (parsed.positionals.length === 0) usage('no bill given');
  const format = oneOf('format', v.format, FORMATS) ?? (process.stdout.isTTY ? 'table' : 'json');
  const { context, lang } = contextFromValues(v);
  return { files: parsed.positionals, options: { format, context, lang, pages: !!v.pages, ...(v['doc-id'] ? { docId: v['doc-id'] } : {}) } };
}

/** Reads a file the user named, refusing what cannot be a bill before reading it whole. */
export function readInputFile(path: string): Uint8Array {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError('FILE_NOT_FOUND', { file: path });
    throw new UserError('READ_FAILED', { file: path, detail: code ?? String(error) });
  }
  if (stat.isDirectory()) throw new UserError('NOT_A_FILE', { file: path });
  if (!stat.isFile()) throw new UserError('NOT_A_FILE', { file: path, detail: 'not a regular file' });
  if (stat.size === 0) throw new UserError('FILE_EMPTY', { file: path });
  if (stat.size > MAX_FILE_BYTES) {
    throw new UserError('FILE_TOO_LARGE', { file: path, detail: `${(stat.size / 1048576).toFixed(1)} MB, the limit is ${MAX_FILE_BYTES / 1048576} MB` });
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError('READ_FAILED', { file: path, detail: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
}

export async function runAnalyze(argv: string[]): Promise<number> {
  const { files, options } = parseAnalyzeArgs(argv);
  const bills = options.pages ? [files] : files.map((f) => [f]);
  const results: Array<{ file: string; analysis: Analysis }> = [];
  let failures = 0;
  const streaming = options.format !== 'json';
  const color = options.format === 'table' && !!process.stdout.isTTY && !process.env.NO_COLOR;
  for (const group of bills) {
    const name = group.join(' + ');
    try {
      const inputs = group.map((path) => ({ bytes: readInputFile(path), fileName: path }));
      const analysis = await analyze({ files: inputs, context: options.context, lang: options.lang, ...(options.docId ? { docId: options.docId } : {}) });
      const result = { file: name, analysis };
      if (streaming) process.stdout.write(formatAnalyses([result], options.format, { color, lang: options.lang }));
      else results.push(result);
    } catch (error) {
      if (!isUserError(error)) throw error;
      failures++;
      const e = error as UserError;
      process.stderr.write(`medbillguard: ${e.file ? e.toLine() : `${name}: ${e.message}`}\n`);
      if (e.exitCode === 2) return 2;
    }
  }
  if (!streaming && results.length) process.stdout.write(formatAnalyses(results, 'json'));
  return failures ? 3 : 0;
}
