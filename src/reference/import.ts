// `medbillguard data import <source> <file>`: loads a newer edition of an official list from a
// CSV (documented columns below) or a dataset JSON, validates it, and writes it beside the
// editions already there — atomically, so nothing is ever half-imported.
//
// CSV columns (a header row is required; names are case-insensitive, order is free):
//   cghs:  code, name, non_nabh, nabh            [unit, section, category, added_wef, note]
//   nppa:  medicine, form_strength, unit, ceiling_price, so_number, so_date
//          [section, dosage_form, strength, per, per_quantity]
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../domain/errors.ts';
import { parseDate } from '../extract/numbers.ts';
import { decodeText, splitCsvLine } from '../ingest/text.ts';
import type { CghsDataset, CghsRow, CghsUnit, NppaDataset, NppaRow } from './types.ts';
import { DEFAULT_IMPORT_DIR, validateDataset } from './load.ts';

export const IMPORT_SOURCES = ['cghs', 'nppa'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

const REQUIRED: Record<ImportSource, string[]> = {
  cghs: ['code', 'name', 'non_nabh', 'nabh'],
  nppa: ['medicine', 'form_strength', 'unit', 'ceiling_price', 'so_number', 'so_date'],
};

/** Smallest number of rows a new edition may have (a list of a few rows is a wrong file, not an edition). */
export const MIN_IMPORT_ROWS = 20;

export interface ImportOptions {
  edition?: string;
  effectiveDate?: string;
  title?: string;
  reference?: string;
  publisher?: string;
}

export interface ImportResult {
  source: string;
  edition: string;
  effective_date: string;
  rows: number;
  file: string;
  warnings: string[];
}

const invalid = (file: string, detail: string): UserError => new UserError('DATASET_INVALID', { file, detail });

function parseCsv(text: string, file: string): { header: string[]; rows: string[][] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) throw invalid(file, 'it has no data rows under a header row');
  const separator = (lines[0]!.match(/;/g) ?? []).length > (lines[0]!.match(/,/g) ?? []).length ? ';' : ',';
  const header = splitCsvLine(lines[0]!, separator).map((h) => h.toLowerCase().replace(/[\s.-]+/g, '_').replace(/[^a-z0-9_]/g, ''));
  return { header, rows: lines.slice(1).map((l) => splitCsvLine(l, separator)) };
}

function money(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '' || /^(?:-|na|n\/a|nil)$/i.test(value.trim())) return null;
  const n = Number(value.replace(/[₹,\s]|rs\.?/gi, ''));
  return Number.isFinite(n) ? n : NaN;
}

const UNITS: CghsUnit[] = ['per procedure', 'per test', 'per eye', 'both eyes', 'per day', 'per hour', 'per session', 'per visit', 'per film', 'per unit'];

function cghsRows(header: string[], rows: string[][], file: string, edition: string): CghsRow[] {
  const col = (name: string) => header.indexOf(name);
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const line = i + 2;
    const get = (name: string) => (col(name) >= 0 ? (r[col(name)] ?? '').trim() : '');
    const code = get('code');
    if (!code) throw invalid(file, `row ${line} has no code`);
    if (seen.has(code)) throw invalid(file, `code ${code} appears twice (row ${line})`);
    seen.add(code);
    const name = get('name');
    if (!name) throw invalid(file, `row ${line} (code ${code}) has no name`);
    const nonNabh = money(get('non_nabh'));
    const nabh = money(get('nabh'));
    for (const [label, v] of [['non_nabh', nonNabh], ['nabh', nabh]] as const) {
      if (v !== null && !(v > 0)) throw invalid(file, `row ${line} (code ${code}): ${label} must be a positive amount, got "${get(label)}"`);
    }
    if (nonNabh === null && nabh === null) throw invalid(file, `row ${line} (code ${code}) has no rate`);
    const unit = get('unit').toLowerCase() as CghsUnit;
    return {
      code, name, non_nabh: nonNabh, nabh, unit: UNITS.includes(unit) ? unit : 'per procedure',
      section: get('section'), category: get('category') || 'procedure', added_wef: get('added_wef') ? parseDate(get('added_wef')) : null,
      alias_of: null, rate_edition: edition, note: get('note') || null,
    };
  });
}

function nppaRows(header: string[], rows: string[][], file: string): NppaRow[] {
  const col = (name: string) => header.indexOf(name);
  return rows.map((r, i) => {
    const line = i + 2;
    const get = (name: string) => (col(name) >= 0 ? (r[col(name)] ?? '').trim() : '');
    const ceiling = money(get('ceiling_price'));
    if (ceiling === null || !(ceiling > 0)) throw invalid(file, `row ${line}: ceiling_price must be a positive amount, got "${get('ceiling_price')}"`);
    const medicine = get('medicine');
    if (!medicine) throw invalid(file, `row ${line} has no medicine`);
    const perQuantity = Number(get('per_quantity') || '1');
    return {
      section: get('section'), medicine, form_strength: get('form_strength'),
      dosage_form: (get('dosage_form') || get('form_strength').split(/\s+/)[0] || '').toLowerCase(),
      strength: get('strength') || null, unit: get('unit'), per: (get('per') || get('unit').replace(/^\d+\s*/, '') || 'each').toLowerCase(),
      per_quantity: Number.isFinite(perQuantity) && perQuantity > 0 ? perQuantity : 1, ceiling_price: ceiling,
      so_number: get('so_number'), so_date: parseDate(get('so_date')), page: 0,
    };
  });
}

/** The checks every edition passes, whatever its format: unique codes and positive rates. */
function checkRows(kind: ImportSource, rows: unknown[], file: string): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const r = row as Record<string, unknown>;
    if (kind === 'cghs') {
      const code = String(r.code ?? '');
      if (!code) throw invalid(file, `row ${i + 1} has no code`);
      if (seen.has(code)) throw invalid(file, `code ${code} appears twice`);
      seen.add(code);
      for (const key of ['non_nabh', 'nabh']) {
        const v = r[key];
        if (v !== null && v !== undefined && !(typeof v === 'number' && v > 0)) throw invalid(file, `code ${code}: ${key} must be a positive number`);
      }
    } else if (!(typeof r.ceiling_price === 'number' && r.ceiling_price > 0)) {
      throw invalid(file, `row ${i + 1} (${String(r.medicine ?? '?')}): ceiling_price must be a positive number`);
    }
  });
}

/** Where imported editions are written: MEDBILLGUARD_DATA_DIR, else var/reference under the package. */
export function importDir(): string {
  return resolve(process.env.MEDBILLGUARD_DATA_DIR ?? DEFAULT_IMPORT_DIR);
}

export type EditionDataset = CghsDataset | NppaDataset;

/** Parses and validates an edition from a file's bytes (CSV or dataset JSON). Throws DATASET_INVALID with the cause. */
export function parseEdition(source: string, bytes: Uint8Array, file: string, options: ImportOptions = {}): EditionDataset {
  const kind = source.toLowerCase() as ImportSource;
  if (!IMPORT_SOURCES.includes(kind)) throw new UserError('BAD_USAGE', { detail: `unknown source "${source}"; importable sources: ${IMPORT_SOURCES.join(', ')}` });
  if (bytes.length === 0) throw invalid(file, 'the file is empty');
  const text = decodeText(bytes, file);
  const sha = createHash('sha256').update(bytes).digest('hex');
  let dataset: EditionDataset;
  if (/\.json$/i.test(file) || text.trimStart().startsWith('{')) {
    let json: unknown;
    try { json = JSON.parse(text); } catch (e) { throw invalid(file, `not valid JSON (${(e as Error).message})`); }
    dataset = json as EditionDataset;
  } else {
    const { header, rows } = parseCsv(text, file);
    const missing = REQUIRED[kind].filter((c) => !header.includes(c));
    if (missing.length) throw invalid(file, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; a ${kind} CSV needs ${REQUIRED[kind].join(', ')}`);
    const edition = options.edition ?? options.effectiveDate;
    if (!edition || !parseDate(edition)) throw new UserError('BAD_USAGE', { detail: 'give the edition\'s date with --edition YYYY-MM-DD (and --effective-date if it differs)' });
    const header0 = {
      source: kind.toUpperCase(), edition, effective_date: parseDate(options.effectiveDate ?? edition)!,
      provenance: {
        publisher: options.publisher ?? (kind === 'cghs' ? 'Ministry of Health & Family Welfare, CGHS' : 'National Pharmaceutical Pricing Authority'),
        title: options.title ?? `${kind.toUpperCase()} list imported from ${basename(file)}`,
        reference: options.reference ?? null, source_file: basename(file), source_sha256: sha,
        notes: ['Imported with `medbillguard data import`.'],
      },
    };
    dataset = kind === 'cghs'
      ? { ...header0, rows: cghsRows(header, rows, file, edition) }
      : { ...header0, rows: nppaRows(header, rows, file), notes: [] };
  }
  const loaded = validateDataset(dataset, file, 'imported');
  if (loaded.kind !== kind) throw invalid(file, `it is a ${loaded.source} dataset, not ${kind}`);
  checkRows(kind, loaded.rows, file);
  if (loaded.rows.length < MIN_IMPORT_ROWS) throw invalid(file, `only ${loaded.rows.length} rows; an edition needs at least ${MIN_IMPORT_ROWS}`);
  return dataset;
}

/** Writes an edition beside the others, atomically (a temporary file renamed into place). */
export function writeEdition(dataset: EditionDataset, dir = importDir()): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${dataset.source.toLowerCase()}-${dataset.edition}.json`);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(dataset, null, 2) + '\n');
  renameSync(temp, target);
  return target;
}

export function importDataset(source: string, file: string, options: ImportOptions = {}): ImportResult {
  if (!existsSync(file)) throw new UserError('FILE_NOT_FOUND', { file });
  const dataset = parseEdition(source, readFileSync(file), file, options);
  const target = writeEdition(dataset);
  return { source: dataset.source, edition: dataset.edition, effective_date: dataset.effective_date, rows: dataset.rows.length, file: target, warnings: [] };
}
