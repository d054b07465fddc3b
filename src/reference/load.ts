// Loads the reference datasets: every `*.json` under data/ (shipped with the package) and, when
// the environment names one, every `*.json` under MEDBILLGUARD_DATA_DIR (editions a user added
// with `medbillguard data import`). Files are read once per process and kept in memory; several
// editions of one source live side by side and a bill is benchmarked against the edition in
// force on its date.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../domain/errors.ts';
import type { CghsRow, DatasetHeader, NonPayableRow, NppaRow, OmRateRow, Provenance, SynonymGroup } from './types.ts';

/** The kinds of reference the matcher knows how to use. */
export type SourceKind = 'cghs' | 'cghs-om' | 'nppa' | 'non-payable' | 'synonyms' | 'other';

export interface LoadedDataset<Row = unknown> extends DatasetHeader {
  kind: SourceKind;
  rows: Row[];
  /** Absolute path of the file it was read from. */
  file: string;
  /** `bundled`: shipped under data/; `imported`: from MEDBILLGUARD_DATA_DIR. */
  origin: 'bundled' | 'imported';
  /** Every other top-level field of the file (e.g. NPPA `notes`). */
  extra: Record<string, unknown>;
  /** Size and modification time of the file when read: names this content in caches. */
  stamp?: string;
}

export interface DatasetSummary {
  source: string;
  kind: SourceKind;
  edition: string;
  effective_date: string;
  rows: number;
  origin: 'bundled' | 'imported';
  file: string;
  publisher: string;
  reference: string | null;
}

export interface ReferenceSet {
  /** Directories read, bundled first. */
  readonly dirs: readonly string[];
  /** Every dataset, sorted by kind, then effective date (oldest first). */
  readonly datasets: readonly LoadedDataset[];
  /** Files skipped (an imported file that does not validate), one sentence each. */
  readonly warnings: readonly string[];
  /** Editions of a source (a kind such as "cghs" or a source name such as "CGHS-OM-2023"), oldest first. */
  editions(source: string): LoadedDataset[];
  /** The edition in force on `billDate` (latest effective_date ≤ billDate), else the latest. */
  editionFor(source: string, billDate?: string | null): LoadedDataset | null;
  cghs(billDate?: string | null): LoadedDataset<CghsRow> | null;
  nppa(billDate?: string | null): LoadedDataset<NppaRow> | null;
  om(billDate?: string | null): LoadedDataset<OmRateRow> | null;
  nonPayable(billDate?: string | null): LoadedDataset<NonPayableRow> | null;
  /** Synonym groups of every synonyms dataset (latest edition first, later ones appended). */
  synonyms(): SynonymGroup[];
  list(): DatasetSummary[];
}

export const DATA_DIR_ENV = 'MEDBILLGUARD_DATA_DIR';

/** data/ at the package root, from src/reference/ or dist/reference/ alike. */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Maps a dataset's `source` to the kind of reference it is. */
export function kindOf(source: string): SourceKind {
  const s = source.trim().toUpperCase().replace(/[\s_]+/g, '-');
  if (/^CGHS-?OM\b/.test(s)) return 'cghs-om';
  if (s === 'CGHS' || s.startsWith('CGHS-RATE')) return 'cghs';
  if (s.startsWith('NPPA')) return 'nppa';
  if (/^NON-?PAYABLE/.test(s)) return 'non-payable';
  if (s.startsWith('SYNONYM')) return 'synonyms';
  return 'other';
}

const cache = new Map<string, ReferenceSet>();

/**
 * Reads every dataset once per process (later calls with the same directories return the same
 * object). `dataDir` defaults to the package's data/; MEDBILLGUARD_DATA_DIR adds imported
 * editions, which replace a bundled file of the same source and edition.
 */
/** Where `data import` and `data refresh` put new editions when MEDBILLGUARD_DATA_DIR is not set. */
export const DEFAULT_IMPORT_DIR = fileURLToPath(new URL('../../var/reference/', import.meta.url));

export function loadReferences(dataDir: string = BUNDLED_DATA_DIR, importDir: string | undefined = process.env[DATA_DIR_ENV] ?? DEFAULT_IMPORT_DIR): ReferenceSet {
  const dirs = [resolve(dataDir), ...(importDir ? [resolve(importDir)] : [])];
  const key = dirs.join('\u0000');
  let refs = cache.get(key);
  if (!refs) {
    refs = readReferenceSet(dirs[0]!, dirs[1]);
    cache.set(key, refs);
  }
  return refs;
}

/** Forgets loaded datasets (after `data import`, or in tests). */
export function clearReferenceCache(): void {
  cache.clear();
}

function readReferenceSet(bundledDir: string, importDir: string | undefined): ReferenceSet {
  const warnings: string[] = [];
  const byIdentity = new Map<string, LoadedDataset>();
  for (const file of jsonFiles(bundledDir, true)) {
    // Shipped files are read lazily: the header now, the rows when a match first needs them.
    // A broken bundled file is a packaging bug: it fails loudly, naming the file.
    const ds = sniffDataset(file, 'bundled');
    byIdentity.set(identity(ds), ds);
  }
  if (importDir) {
    for (const file of jsonFiles(importDir, false)) {
      try {
        const ds = parseDataset(file, 'imported');
        byIdentity.set(identity(ds), ds);
      } catch (error) {
        warnings.push(`${file}: skipped, ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return createReferenceSet([bundledDir, ...(importDir ? [importDir] : [])], [...byIdentity.values()], warnings);
}

/** Builds a reference set from datasets already in memory (tests, `data import` validation). */
export function createReferenceSet(dirs: readonly string[], datasets: readonly LoadedDataset[], warnings: readonly string[] = []): ReferenceSet {
  // Plain code-unit order: kinds and ISO dates are ASCII, and localeCompare would load ICU's
  // collation data on its first call (about 15 ms of a cold CLI start).
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  const sorted = [...datasets].sort((a, b) => order(a.kind, b.kind) || order(a.effective_date, b.effective_date) || order(a.edition, b.edition));
  const editions = (source: string): LoadedDataset[] => {
    const wanted = source.trim().toLowerCase();
    const kind = (['cghs', 'cghs-om', 'nppa', 'non-payable', 'synonyms'] as const).find((k) => k === wanted) ?? kindOf(source);
    return sorted.filter((d) => (kind === 'other' ? d.source.toLowerCase() === wanted : d.kind === kind));
  };
  const editionFor = (source: string, billDate?: string | null): LoadedDataset | null => {
    const all = editions(source);
    if (all.length === 0) return null;
    if (billDate && /^\d{4}-\d{2}-\d{2}$/.test(billDate)) {
      const inForce = all.filter((d) => d.effective_date <= billDate);
      if (inForce.length) return inForce[inForce.length - 1]!;
    }
    return all[all.length - 1]!;
  };
  let synonymGroups: SynonymGroup[] | undefined;
  return {
    dirs,
    datasets: sorted,
    warnings,
    editions,
    editionFor,
    cghs: (d) => editionFor('cghs', d) as LoadedDataset<CghsRow> | null,
    nppa: (d) => editionFor('nppa', d) as LoadedDataset<NppaRow> | null,
    om: (d) => editionFor('cghs-om', d) as LoadedDataset<OmRateRow> | null,
    nonPayable: (d) => editionFor('non-payable', d) as LoadedDataset<NonPayableRow> | null,
    synonyms: () => (synonymGroups ??= editions('synonyms').reverse().flatMap((d) => d.rows as SynonymGroup[])),
    list: () => sorted.map((d) => ({
      source: d.source,
      kind: d.kind,
      edition: d.edition,
      effective_date: d.effective_date,
      rows: d.rows.length,
      origin: d.origin,
      file: d.file,
      publisher: d.provenance.publisher,
      reference: d.provenance.reference,
    })),
  };
}

function identity(ds: LoadedDataset): string {
  return `${ds.kind}|${ds.source.toUpperCase()}|${ds.edition}`;
}

function jsonFiles(dir: string, required: boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (!required) return [];
    throw new UserError('DATASET_INVALID', { file: dir, detail: `cannot read the data directory (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile());
}

/** How much of a file is read to find its header (the fields before "rows"). */
const HEADER_BYTES = 16 * 1024;

/**
 * The header of a dataset file without parsing its rows: the fields printed before "rows" (or
 * "groups") are parsed on their own. The rows (and any field after them) are read on first use,
 * and checked then. A file whose header is not first is parsed whole at once.
 */
export function sniffDataset(file: string, origin: 'bundled' | 'imported'): LoadedDataset {
  let head: string;
  let stamp: string;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const length = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    head = buffer.toString('utf8', 0, length);
    const stats = fstatSync(fd);
    stamp = `${stats.size}:${stats.mtimeMs}`;
  } finally {
    closeSync(fd);
  }
  const at = /[{,]\s*"(?:rows|groups)"\s*:/.exec(head);
  let header: Record<string, unknown> | null = null;
  if (at) {
    try {
      header = JSON.parse(`${head.slice(0, at.index + 1).replace(/,$/, '')}}`.replace(/^\{\}$/, '{}')) as Record<string, unknown>;
    } catch {
      header = null;
    }
  }
  if (!header || typeof header.source !== 'string') return { ...parseDataset(file, origin), stamp };
  const checked = validateDataset({ ...header, rows: [{}] }, file, origin);
  let full: LoadedDataset | undefined;
  const body = () => {
    full ??= parseDataset(file, origin);
    if (full.source !== checked.source || full.edition !== checked.edition) throw invalid(file, 'the header changed while the file was read');
    return full;
  };
  const { rows: _rows, extra: _extra, ...fields } = checked;
  return Object.defineProperties({ ...fields, stamp } as LoadedDataset, {
    rows: { get: () => body().rows, enumerable: true },
    extra: { get: () => body().extra, enumerable: true },
  });
}

/** Reads one dataset file and checks its header: source, edition, effective date, rows. */
export function parseDataset(file: string, origin: 'bundled' | 'imported'): LoadedDataset {
  let json: unknown;
  let stamp: string | undefined;
  try {
    const stats = statSync(file);
    stamp = `${stats.size}:${stats.mtimeMs}`;
  } catch {
    stamp = undefined;
  }
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError('DATASET_INVALID', { file, detail: error instanceof SyntaxError ? `not valid JSON (${error.message})` : 'cannot be read' });
  }
  const ds = validateDataset(json, file, origin);
  return stamp ? { ...ds, stamp } : ds;
}

const invalid = (file: string, detail: string) => new UserError('DATASET_INVALID', { file, detail });

/** Minimal header validation of a parsed dataset object. */
export function validateDataset(json: unknown, file: string, origin: 'bundled' | 'imported'): LoadedDataset {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid(file, 'expected a JSON object with a dataset header');
  const { source, edition, effective_date, provenance, rows, groups, ...extra } = json as Record<string, unknown>;
  if (typeof source !== 'string' || !source.trim()) throw invalid(file, 'missing "source"');
  if (typeof edition !== 'string' || !edition.trim()) throw invalid(file, 'missing "edition"');
  const kind = kindOf(source);
  const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  // A synonym table is not "in force" from a date; every other dataset must say when it is.
  const effective = isDate(effective_date) ? effective_date : effective_date == null && kind === 'synonyms' ? '1970-01-01' : null;
  if (!effective) throw invalid(file, '"effective_date" must be YYYY-MM-DD');
  const body = rows ?? groups;
  if (!Array.isArray(body)) throw invalid(file, 'missing "rows" array');
  if (kind !== 'other' && body.length === 0) throw invalid(file, 'no rows');
  if (body.some((r) => !r || typeof r !== 'object')) throw invalid(file, 'every row must be an object');
  return {
    source,
    edition,
    effective_date: effective,
    provenance: readProvenance(provenance),
    kind,
    rows: body,
    file,
    origin,
    extra,
  };
}

function readProvenance(p: unknown): Provenance {
  const o = (p && typeof p === 'object' ? p : {}) as Partial<Provenance>;
  return {
    publisher: typeof o.publisher === 'string' ? o.publisher : '',
    title: typeof o.title === 'string' ? o.title : '',
    reference: typeof o.reference === 'string' ? o.reference : null,
    source_file: typeof o.source_file === 'string' ? o.source_file : null,
    source_sha256: typeof o.source_sha256 === 'string' ? o.source_sha256 : null,
    ...(Array.isArray(o.notes) ? { notes: o.notes.filter((n): n is string => typeof n === 'string') } : {}),
  };
}
