// Builds data/cghs-2024-07-08.json: one row per CGHS code of the Delhi/NCR rate list "updated on
// 08.07.2024", from the project's text extraction of it (see cghs-parse.ts for how rows are put
// back together). The older (2014-rate) list only fills rates the 2024 text lost, marked on the
// row, and stands in for names the extraction garbled, said in the row's note.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CghsDataset, CghsRow } from '../types.ts';
import type { RateValue } from './cghs-cells.ts';
import { inferCategory, inferUnit, type CghsCategory } from './cghs-classify.ts';
import { containment, nameSimilarity, selectCodeIn } from './cghs-names.ts';
import { FIRST_PAGE_SECTION, describeRate, parseCghsText, type CghsParseResult, type ParsedCghsRow } from './cghs-parse.ts';
import type { BuildReport } from './registry.ts';

export const CGHS_SOURCE_FILE = 'cghs/cghs_rates_delhi_ncr_2024.txt';
export const CGHS_OLD_LIST_FILE = 'cghs/cghs_rates_delhi_ncr_2014.json';
export const CGHS_EDITION = '2024-07-08';
export const CGHS_OUTPUT_NAME = `cghs-${CGHS_EDITION}.json`;
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

const OLD_EDITION = '2014';

// ---- the older list ---------------------------------------------------------------------------

export interface OldListEntry {
  code: number;
  name: string;
  category: string;
  non_nabh: number | null;
  nabh: number | null;
  /** Why its rates cannot be used (a parse error of the community list), or null. */
  problem: string | null;
}

/** Reads the 2014-rate list ({id, category, name, nonNabh, nabh}[]) and marks rows whose rates are unusable. */
export function readOldCghsList(json: string): Map<number, OldListEntry> {
  const raw = JSON.parse(json) as Array<{ id: string | number; category?: string; name?: string; nonNabh?: unknown; nabh?: unknown }>;
  const out = new Map<number, OldListEntry>();
  for (const e of raw) {
    const code = Number(e.id);
    if (!Number.isInteger(code) || code <= 0) continue;
    const name = String(e.name ?? '').replace(/\s+/g, ' ').trim();
    const non = typeof e.nonNabh === 'number' ? e.nonNabh : null;
    const nabh = typeof e.nabh === 'number' ? e.nabh : null;
    out.set(code, { code, name, category: String(e.category ?? ''), non_nabh: non, nabh, problem: oldRateProblem(name, non, nabh) });
  }
  return out;
}

function oldRateProblem(name: string, non: number | null, nabh: number | null): string | null {
  if (non === null || nabh === null || non <= 0 || nabh <= 0) return 'no rate';
  const referred = selectCodeIn(name);
  if (referred && (Number(referred) === non || Number(referred) === nabh)) return `a code (${referred}) in the rate columns`;
  if (nabh < non) return 'NABH rate below the non-NABH rate';
  if (nabh / non > 1.35) return 'NABH rate more than 1.35 × the non-NABH rate';
  return null;
}

// ---- names ------------------------------------------------------------------------------------

/** Signs that a name was put together from overlapping cells. */
export function nameDefects(name: string): string[] {
  const defects: string[] = [];
  if (/(\b(for|with|of|and|or|to|in|the|by|under)|[/&(\-–])\s*$/i.test(name)) defects.push('ends mid-phrase');
  if (/\b(\w{3,}) \1\b/i.test(name)) defects.push('repeated word');
  if (/[a-z]{3,}[A-Z][a-z]{2,}/.test(name)) defects.push('words run together');
  if (/^[a-z)]/.test(name)) defects.push('starts mid-phrase');
  if ((name.match(/\(/g) ?? []).length !== (name.match(/\)/g) ?? []).length) defects.push('unbalanced brackets');
  return defects;
}

/**
 * The published name, or — when the extraction garbled the cell and the 2014 list names the same
 * procedure — the 2014 name with a note saying so.
 */
function chooseName(p: ParsedCghsRow, old: OldListEntry | undefined, notes: string[]): string {
  if (!p.name) {
    if (old?.name) {
      notes.push('Name not found in the 2024 text extraction; name from the 2014 list.');
      return old.name;
    }
    notes.push('Name not found in the 2024 text extraction.');
    return '';
  }
  const doubts = [...p.nameFlags, ...nameDefects(p.name)];
  if (doubts.length && old?.name) {
    const sim = nameSimilarity(p.name, old.name);
    if (sim >= 0.5 && sim < 0.97) {
      notes.push(`Name garbled in the 2024 text extraction ("${p.name}": ${doubts.join(', ')}); name from the 2014 list.`);
      return old.name;
    }
  }
  return p.name;
}

// ---- rates ------------------------------------------------------------------------------------

interface RowDraft {
  row: CghsRow;
  parsed: ParsedCghsRow;
  /** How the row was obtained, for the report. */
  status: 'clean' | 'repaired' | 'aliased' | 'filled-2014' | 'unrated';
  nameFromOldList: boolean;
}

const amount = (v: RateValue | null): number | null => (v?.kind === 'amount' ? v.rupees : null);
const lines = (ls: number[]): string => {
  const u = [...new Set(ls)].sort((a, b) => a - b);
  if (!u.length) return '?';
  return u.length === 1 ? `${u[0]}` : `${u[0]}–${u[u.length - 1]}`;
};

function readRates(p: ParsedCghsRow, old: OldListEntry | undefined, name: string, notes: string[]): Pick<CghsRow, 'non_nabh' | 'nabh' | 'alias_of' | 'rate_edition'> {
  const a = p.non_nabh;
  const b = p.nabh;
  const referred = selectCodeIn(name);
  if (a?.kind === 'see' || b?.kind === 'see') {
    const code = a?.kind === 'see' ? a.code : (b as Extract<RateValue, { kind: 'see' }>).code;
    if (referred && referred !== code) notes.push(`The name refers to code ${referred} but the rate cells say "See code ${code}".`);
    return { non_nabh: null, nabh: null, alias_of: code, rate_edition: CGHS_EDITION };
  }
  if (a?.kind === 'deleted') {
    notes.push('Printed as "Deleted" in the list: no rate.');
    return { non_nabh: null, nabh: null, alias_of: null, rate_edition: CGHS_EDITION };
  }
  if (a?.kind === 'multi') {
    notes.push(`Rates printed per device: non-NABH ${a.text}; NABH ${b ? describeRate(b) : '—'}.`);
    return { non_nabh: null, nabh: null, alias_of: null, rate_edition: CGHS_EDITION };
  }
  const non = amount(a);
  const nabh = amount(b);
  for (const v of [a, b]) if (v?.kind === 'amount' && v.qualifier && !/^(per eye|both eyes)$/.test(v.qualifier)) notes.push(`Rate cell says: ${v.rupees} ${v.qualifier}.`);
  if (non !== null && nabh !== null) {
    if (referred) {
      // "(Select CGHS rate code 508 for approved rate)": the approved rate is that code's, whatever this row prints.
      notes.push(`The name says to select CGHS rate code ${referred} for the approved rate; this row prints ${non} / ${nabh}.`);
      return { non_nabh: non, nabh, alias_of: referred, rate_edition: CGHS_EDITION };
    }
    return { non_nabh: non, nabh, alias_of: null, rate_edition: CGHS_EDITION };
  }
  // Lost in the extraction (whole row or one column).
  const where = p.rateLines.length ? `only ${describeRate((a ?? b)!)} at source line ${lines(p.rateLines)}` : 'no rate cells';
  if (referred) {
    notes.push(`Rates lost in the 2024 text extraction (${where}); the name says to select CGHS rate code ${referred}.`);
    return { non_nabh: null, nabh: null, alias_of: referred, rate_edition: CGHS_EDITION };
  }
  if (old && !old.problem) {
    notes.push(`Rates lost in the 2024 text extraction (${where}); filled from the 2014 list (${old.non_nabh} / ${old.nabh}), older rates.`);
    return { non_nabh: old.non_nabh, nabh: old.nabh, alias_of: null, rate_edition: OLD_EDITION };
  }
  notes.push(`Rates lost in the 2024 text extraction (${where}); ${old ? `the 2014 list cannot fill them (${old.problem})` : 'the 2014 list has no such code'}.`);
  return { non_nabh: non, nabh, alias_of: null, rate_edition: CGHS_EDITION };
}

/** Copies the rates of the code a row points to ("See code NNNN"), following chains. */
function resolveAliases(drafts: Map<string, RowDraft>): void {
  for (const d of drafts.values()) {
    const { row } = d;
    if (!row.alias_of) continue;
    let target = drafts.get(row.alias_of);
    const seen = new Set([row.code]);
    while (target?.row.alias_of && target.row.non_nabh === null && !seen.has(target.row.code)) {
      seen.add(target.row.code);
      target = drafts.get(target.row.alias_of);
    }
    const note = row.note ? [row.note] : [];
    if (target && target.row.non_nabh !== null && target.row.nabh !== null) {
      row.non_nabh = target.row.non_nabh;
      row.nabh = target.row.nabh;
      row.rate_edition = target.row.rate_edition;
      note.push(`Rates of code ${target.row.code} (${target.row.name}), which the list says to use.`);
    } else {
      note.push(`The list says to use code ${row.alias_of}, which has no rate here.`);
    }
    row.note = note.join(' ');
  }
}

const nameKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * Two codes printed with the same name but different rates, where the extraction cut off the part
 * that tells them apart ("… more than 4 cms" for "… under LA" and "… under GA"): the 2014 names,
 * when they extend the printed one, are used, with a note.
 */
function separateSameNames(drafts: Map<string, RowDraft>, old: ReadonlyMap<number, OldListEntry>): void {
  const groups = new Map<string, RowDraft[]>();
  for (const d of drafts.values()) groups.set(nameKey(d.row.name), [...(groups.get(nameKey(d.row.name)) ?? []), d]);
  for (const group of groups.values()) {
    if (group.length < 2 || new Set(group.map((d) => `${d.row.non_nabh}/${d.row.nabh}`)).size < 2) continue;
    const olds = group.map((d) => old.get(Number(d.row.code)));
    const usable = olds.every((o, i) => o && !selectCodeIn(o.name) && nameKey(o.name).startsWith(nameKey(group[i]!.row.name).split(' ').slice(0, 3).join(' ')) && containment(group[i]!.row.name, o.name) >= 0.9 && nameKey(o.name) !== nameKey(group[i]!.row.name));
    if (!usable || new Set(olds.map((o) => nameKey(o!.name))).size < group.length) continue;
    group.forEach((d, i) => {
      const printed = d.row.name;
      d.row.name = olds[i]!.name;
      d.nameFromOldList = true;
      d.row.note = [d.row.note, `The 2024 text extraction prints "${printed}" on codes ${group.map((g) => g.row.code).join(' and ')}; the 2014 list's name tells them apart.`].filter(Boolean).join(' ');
      if (d.status === 'clean') d.status = 'repaired';
    });
  }
}

// ---- checks -----------------------------------------------------------------------------------

function checkRates(rows: CghsRow[], warnings: string[]): void {
  for (const r of rows) {
    if (r.non_nabh === null || r.nabh === null) continue;
    let problem: string | null = null;
    if (r.non_nabh <= 0 || r.nabh <= 0) problem = 'a rate is not positive';
    else if (r.nabh < r.non_nabh) problem = `NABH rate ${r.nabh} is below the non-NABH rate ${r.non_nabh}`;
    else if (r.nabh / r.non_nabh > 1.3) problem = `NABH rate ${r.nabh} is ${(r.nabh / r.non_nabh).toFixed(2)} × the non-NABH rate ${r.non_nabh} (usually about 1.15 ×)`;
    else if (r.nabh !== r.non_nabh && r.nabh / r.non_nabh < 1.05) problem = `NABH rate ${r.nabh} is only ${(r.nabh / r.non_nabh).toFixed(3)} × the non-NABH rate ${r.non_nabh}`;
    if (!problem) continue;
    warnings.push(`code ${r.code} (${r.name}): ${problem}; kept as printed`);
    r.note = [r.note, `Check: ${problem}; kept as printed.`].filter(Boolean).join(' ');
  }
  // The same name printed on two codes with different rates.
  const byName = new Map<string, CghsRow[]>();
  for (const r of rows) {
    const key = nameKey(r.name);
    if (key) byName.set(key, [...(byName.get(key) ?? []), r]);
  }
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    const rates = new Set(group.map((r) => `${r.non_nabh}/${r.nabh}`));
    if (rates.size < 2) continue;
    const list = group.map((r) => `${r.code} (${r.non_nabh ?? '—'}/${r.nabh ?? '—'})`).join(', ');
    warnings.push(`"${group[0]!.name}" is printed on codes ${list} with different rates`);
    for (const r of group) r.note = [r.note, `The same name is printed on codes ${list}.`].filter(Boolean).join(' ');
  }
}

/**
 * Rates far from the 2014 list's for the same code (below a quarter, or ten times or more) are
 * kept as printed but flagged: a misprint or a misread cell is likelier than such a revision.
 */
function checkAgainstOldList(rows: CghsRow[], old: ReadonlyMap<number, OldListEntry>, warnings: string[]): void {
  for (const r of rows) {
    const o = old.get(Number(r.code));
    if (!o || o.problem || r.alias_of || r.rate_edition !== CGHS_EDITION || r.non_nabh === null || o.non_nabh === null) continue;
    const ratio = r.non_nabh / o.non_nabh;
    if (ratio >= 0.25 && ratio < 10) continue;
    const problem = `non-NABH rate ${r.non_nabh} is ${ratio < 1 ? ratio.toFixed(2) : ratio.toFixed(1)} × the 2014 list's ${o.non_nabh}`;
    warnings.push(`code ${r.code} (${r.name}): ${problem}; kept as printed`);
    r.note = [r.note, `Check: ${problem}; kept as printed.`].filter(Boolean).join(' ');
  }
}

/** Rows whose name says to use another code's rate but which print rates of their own. */
function checkSelectedCodes(rows: CghsRow[], warnings: string[]): void {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const r of rows) {
    if (r.alias_of || r.non_nabh === null) continue;
    const referred = selectCodeIn(r.name);
    const target = referred ? byCode.get(referred) : undefined;
    if (!target || target.non_nabh === null) continue;
    if (target.non_nabh === r.non_nabh && target.nabh === r.nabh) continue;
    warnings.push(`code ${r.code} (${r.name}) prints ${r.non_nabh}/${r.nabh} although its name says to select code ${target.code} (${target.non_nabh}/${target.nabh}); kept as printed`);
  }
}

// ---- the dataset --------------------------------------------------------------------------------

export interface CghsStats {
  codes: number;
  with_rate: number;
  clean: number;
  repaired: number;
  aliased: number;
  filled_from_2014: number;
  unrated: number;
  names_from_2014: number;
}

export interface CghsBuild {
  dataset: CghsDataset;
  stats: CghsStats;
  warnings: string[];
  skipped: BuildReport['skipped'];
  parse: CghsParseResult;
}

export interface CghsSources {
  /** The 2024 text extraction. */
  text: string;
  /** The older list's JSON, or null to build without it. */
  oldListJson: string | null;
  sourceFile?: string;
}

function draftRow(p: ParsedCghsRow, old: OldListEntry | undefined): RowDraft {
  const notes: string[] = [];
  const name = chooseName(p, old, notes);
  const nameFromOldList = name !== (p.name ?? '') && name === old?.name;
  const rates = readRates(p, old, name, notes);
  const section = p.section ?? FIRST_PAGE_SECTION;
  const category: CghsCategory = inferCategory(name, section);
  const qualifiers = [p.non_nabh, p.nabh].map((v) => (v?.kind === 'amount' ? v.qualifier : null));
  const unit = inferUnit(name, category, qualifiers);
  if (p.added && !/W\.?E\.?F/i.test(p.added.label)) notes.push(`Listed under "${p.added.label}".`);
  const repairs: string[] = [];
  if (p.rateHow === 'placed') repairs.push(`rates at source line ${lines(p.rateLines)} belong to this code by their place between the codes printed around them`);
  if (p.rateRepair) repairs.push(p.rateRepair);
  if (p.nameHow && !['with code', 'next cell'].includes(p.nameHow) && !nameFromOldList) repairs.push(`name rebuilt from source line ${lines(p.nameLines)}`);
  if (repairs.length) notes.unshift(`Repaired: ${repairs.join('; ')}.`);
  const row: CghsRow = {
    code: String(p.code),
    name,
    non_nabh: rates.non_nabh,
    nabh: rates.nabh,
    unit,
    section,
    category,
    added_wef: p.added?.date ?? null,
    alias_of: rates.alias_of,
    rate_edition: rates.rate_edition,
    note: notes.length ? notes.join(' ') : null,
  };
  const status: RowDraft['status'] = rates.rate_edition === OLD_EDITION ? 'filled-2014' : repairs.length || nameFromOldList ? 'repaired' : 'clean';
  return { row, parsed: p, status, nameFromOldList };
}

/**
 * Codes the text lost altogether (neither name nor rates; the Sr. Nos. run without gaps between the
 * first and last code read): rows for
 * them when the 2014 list knows the code, under the section of the code before.
 */
function withMissingCodes(rows: ParsedCghsRow[], old: ReadonlyMap<number, OldListEntry>, warnings: string[]): ParsedCghsRow[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const maxCode = Math.max(0, ...rows.map((r) => r.code));
  const minCode = Math.min(maxCode, ...rows.map((r) => r.code));
  const out: ParsedCghsRow[] = [];
  const unknown: number[] = [];
  for (let code = minCode; code <= maxCode; code++) {
    const row = byCode.get(code);
    if (row) { out.push(row); continue; }
    if (!old.has(code)) { unknown.push(code); continue; }
    const before = out[out.length - 1];
    out.push({
      code, name: null, nameHow: null, nameLines: [], nameFlags: [], non_nabh: null, nabh: null, rateHow: null, rateLines: [], rateRepair: null,
      section: before?.section ?? null, added: before?.added ?? null,
    });
  }
  if (unknown.length) warnings.push(`codes missing from the text and from the 2014 list (no row): ${unknown.join(', ')}`);
  return out;
}

export function buildCghsDataset(sources: CghsSources): CghsBuild {
  const old = sources.oldListJson ? readOldCghsList(sources.oldListJson) : new Map<number, OldListEntry>();
  const parse = parseCghsText(sources.text, {
    referenceNames: new Map([...old.values()].map((e) => [e.code, e.name])),
    referenceCategories: new Map([...old.values()].map((e) => [e.code, e.category])),
  });
  const warnings = [...parse.warnings];
  const drafts = new Map<string, RowDraft>();
  for (const p of withMissingCodes(parse.rows, old, warnings)) drafts.set(String(p.code), draftRow(p, old.get(p.code)));
  separateSameNames(drafts, old);
  resolveAliases(drafts);
  const rows = [...drafts.values()].map((d) => d.row).sort((a, b) => Number(a.code) - Number(b.code));
  checkRates(rows, warnings);
  checkSelectedCodes(rows, warnings);
  checkAgainstOldList(rows, old, warnings);

  for (const d of drafts.values()) {
    if (d.row.non_nabh === null || d.row.nabh === null) d.status = 'unrated';
    else if (d.row.alias_of) d.status = 'aliased';
  }
  const count = (s: RowDraft['status']): number => [...drafts.values()].filter((d) => d.status === s).length;
  const stats: CghsStats = {
    codes: rows.length,
    with_rate: rows.filter((r) => r.non_nabh !== null && r.nabh !== null).length,
    clean: count('clean'),
    repaired: count('repaired'),
    aliased: count('aliased'),
    filled_from_2014: count('filled-2014'),
    unrated: count('unrated'),
    names_from_2014: [...drafts.values()].filter((d) => d.nameFromOldList).length,
  };
  for (const d of drafts.values()) if (d.status === 'unrated') warnings.push(`code ${d.row.code} (${d.row.name}) has no rate: ${d.row.note ?? 'no reason recorded'}`);
  for (const s of parse.strayLines) warnings.push(`text no code could take, source line ${lines(s.lines)}: "${s.text}"`);

  const skipped: BuildReport['skipped'] = [];
  if (parse.newList?.rows.length) {
    skipped.push({
      reason: `"${parse.newList.label}": serial numbers restart at 1, so these are not CGHS codes`,
      count: parse.newList.rows.length,
      examples: parse.newList.rows.map((r) => `${r.serial}. ${r.name} (${r.non_nabh} / ${r.nabh}), source line ${r.line}`),
    });
  }
  if (parse.unplacedSlots.length) {
    skipped.push({ reason: 'rate pairs no code could be given to', count: parse.unplacedSlots.length, examples: parse.unplacedSlots.slice(0, 5).map((s) => `${s.values} (source line ${lines(s.lines)})`) });
  }

  const sourceFile = sources.sourceFile ?? CGHS_SOURCE_FILE;
  const dataset: CghsDataset = {
    source: 'CGHS',
    edition: CGHS_EDITION,
    effective_date: CGHS_EDITION,
    provenance: {
      publisher: 'Ministry of Health & Family Welfare, Central Government Health Scheme (CGHS)',
      title: 'CGHS Treatment Procedure/Investigation List (Delhi/NCR), "CGHS package rate updated on 08.07.2024"',
      reference: null,
      source_file: sourceFile,
      source_sha256: createHash('sha256').update(sources.text).digest('hex'),
      notes: [
        'Rates in rupees for Tier I (X) cities; Tier II 10% less, Tier III 20% less. Procedure rates are for a semi-private ward (general −5%, private +5%); consultations and investigations do not change with the ward.',
        'non_nabh applies to hospitals without NABH/NABL accreditation, nabh to accredited ones.',
        `Built from a cell-by-cell text extraction of the list. ${stats.codes} codes: ${stats.clean} read as printed, ${stats.repaired} put back together from cells the extraction moved (their note says from which source lines), ${stats.aliased} take the rates of the code they point to ("See code NNNN" / "Select CGHS rate code NNNN"; alias_of), ${stats.filled_from_2014} filled from the 2014 list, ${stats.unrated} without a rate (note says why).`,
        `rate_edition is "${CGHS_EDITION}" for rates of this list and "${OLD_EDITION}" where the 2014 list (${CGHS_OLD_LIST_FILE}) filled a rate the extraction lost; ${stats.names_from_2014} names the extraction garbled are that list's, as the row's note says.`,
        'unit and category are inferred from the name and section; added_wef is the date of the "ADDED W.E.F." block a code is listed under.',
        ...(parse.newList?.rows.length ? [`Not included: the ${parse.newList.rows.length} rows of "${parse.newList.label}", whose serial numbers are not CGHS codes.`] : []),
      ],
    },
    rows,
  };
  return { dataset, stats, warnings, skipped, parse };
}

/** The dataset's bytes: rows by numeric code, 2-space JSON, trailing newline. */
export function serialiseCghsDataset(dataset: CghsDataset): string {
  const rows = [...dataset.rows].sort((a, b) => Number(a.code) - Number(b.code));
  return `${JSON.stringify({ ...dataset, rows }, null, 2)}\n`;
}

/** Reads the sources under `sourcesDir`, writes data/cghs-2024-07-08.json (or under `outDir`) and reports. */
export async function runCghsBuilder(sourcesDir: string, outDir: string = DEFAULT_DATA_DIR): Promise<BuildReport & { stats: CghsStats }> {
  const text = await readFile(join(sourcesDir, CGHS_SOURCE_FILE), 'utf8');
  const oldListJson = await readFile(join(sourcesDir, CGHS_OLD_LIST_FILE), 'utf8').catch(() => null);
  const build = buildCghsDataset({ text, oldListJson });
  if (oldListJson === null) build.warnings.push(`${CGHS_OLD_LIST_FILE} not found: no rate filled and no name taken from the 2014 list`);
  if (build.stats.with_rate < 1600) build.warnings.push(`only ${build.stats.with_rate} codes with a rate (expected at least 1,600)`);
  const file = join(outDir, CGHS_OUTPUT_NAME);
  await mkdir(outDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, serialiseCghsDataset(build.dataset));
  await rename(tmp, file);
  return {
    output: outDir === DEFAULT_DATA_DIR ? `data/${CGHS_OUTPUT_NAME}` : file,
    rows_written: build.dataset.rows.length,
    rows_skipped: build.skipped.reduce((n, s) => n + s.count, 0),
    skipped: build.skipped,
    warnings: build.warnings,
    stats: build.stats,
  };
}
