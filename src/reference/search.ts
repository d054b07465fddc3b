// `medbillguard data search <words>`: the reference rows nearest to a few words, with their
// rates, for a person checking a price by hand. A CGHS code ("590") finds its row directly.
import { BigramIndex, type IndexedText } from './index.ts';
import type { LoadedDataset, ReferenceSet, SourceKind } from './load.ts';
import { cghsMatcher, rankCghs } from './match-cghs.ts';
import { normalizerFor } from './match-shared.ts';
import type { Normalizer } from './normalize.ts';
import type { CghsRow, NonPayableRow, NppaRow, OmRateRow } from './types.ts';

export interface SearchResult {
  source: string;
  edition: string;
  /** CGHS code, OM row id or non-payable row id; null for NPPA rows (they have no code). */
  code: string | null;
  name: string;
  /** Rupees: non_nabh/nabh (CGHS, OM) or ceiling_price (NPPA); empty for non-payable rows. */
  rates: Record<string, number | null>;
  unit: string;
  /** 0..1, how close the row's name is to the query. */
  score: number;
  /** Section, NLEM section, list or S.O. number: where to find the row in the publication. */
  where: string;
}

export interface SearchOptions {
  /** cghs | nppa | cghs-om | non-payable (or a dataset's source name); all when absent. */
  source?: string;
  limit?: number;
  /** Search the editions in force on this date (YYYY-MM-DD) instead of the latest. */
  date?: string;
}

const SEARCHABLE: readonly SourceKind[] = ['cghs', 'nppa', 'cghs-om', 'non-payable'];

/** Best rows for the query across the searchable sources (or one), best first. */
export function searchReferences(query: string, refs: ReferenceSet, options: SearchOptions = {}): SearchResult[] {
  const limit = options.limit ?? 10;
  const normalizer = normalizerFor(refs);
  const wanted = options.source ? refs.editionFor(options.source, options.date)?.kind : undefined;
  if (options.source && !wanted) return [];
  const results: SearchResult[] = [];
  for (const kind of SEARCHABLE) {
    if (wanted && wanted !== kind) continue;
    const ds = refs.editionFor(kind, options.date);
    if (!ds) continue;
    if (kind === 'cghs') results.push(...searchCghs(ds as LoadedDataset<CghsRow>, normalizer, query, limit * 2));
    else results.push(...searchOthers(kind, ds, normalizer, query, limit * 2));
  }
  // One formulation listed under two NLEM sections is one answer.
  const seen = new Set<string>();
  return results
    .sort((a, b) => b.score - a.score)
    .filter((r) => {
      const key = `${r.source}|${r.code}|${r.name}|${JSON.stringify(r.rates)}|${r.unit}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, limit);
}

function searchCghs(ds: LoadedDataset<CghsRow>, normalizer: Normalizer, query: string, limit: number): SearchResult[] {
  const byCode = ds.rows.find((r) => r.code === query.trim());
  if (byCode) return [cghsResult(ds, byCode, 1)];
  const m = cghsMatcher(ds, normalizer);
  return rankCghs(m, normalizer.normalize(query).tokens, null, limit).map((c) => cghsResult(ds, c.row, Math.max(c.confidence, Math.min(c.score, 0.99) * 0.9)));
}

function cghsResult(ds: LoadedDataset<CghsRow>, row: CghsRow, score: number): SearchResult {
  return {
    source: ds.source,
    edition: ds.edition,
    code: row.code,
    name: row.name,
    rates: { non_nabh: row.non_nabh, nabh: row.nabh },
    unit: row.unit,
    score: round3(score),
    where: row.section,
  };
}

const otherIndexes = new WeakMap<LoadedDataset, WeakMap<Normalizer, BigramIndex>>();

/** Texts a non-CGHS row is found by: its name and the wordings bills use for it. */
function textsOf(kind: SourceKind, row: unknown): string[] {
  if (kind === 'nppa') {
    const r = row as NppaRow;
    return [`${r.medicine} ${r.form_strength}`, r.medicine];
  }
  const r = row as OmRateRow | NonPayableRow;
  return [r.name, ...r.wordings];
}

function searchOthers(kind: SourceKind, ds: LoadedDataset, normalizer: Normalizer, query: string, limit: number): SearchResult[] {
  let byNormalizer = otherIndexes.get(ds);
  if (!byNormalizer) otherIndexes.set(ds, (byNormalizer = new WeakMap()));
  let index = byNormalizer.get(normalizer);
  if (!index) {
    // The full name counts fully; a medicine's bare name or a charge's other wordings a little less,
    // so "paracetamol 500" ranks the 500 mg tablet above the other paracetamol rows.
    const other = kind === 'nppa' ? 0.8 : 0.97;
    const docs: IndexedText[][] = ds.rows.map((row) => textsOf(kind, row).map((t, i) => ({ text: normalizer.normalize(t).text, weight: i === 0 ? 1 : other })));
    byNormalizer.set(normalizer, (index = new BigramIndex(docs)));
  }
  const q = normalizer.normalize(query).text;
  return index.search(q, { limit, minScore: 0.3, candidateDice: 0.3 }).map((hit) => otherResult(kind, ds, ds.rows[hit.doc], hit.score));
}

function otherResult(kind: SourceKind, ds: LoadedDataset, row: unknown, score: number): SearchResult {
  const base = { source: ds.source, edition: ds.edition, score: round3(score) };
  if (kind === 'nppa') {
    const r = row as NppaRow;
    return { ...base, code: null, name: `${r.medicine}, ${r.form_strength}`, rates: { ceiling_price: r.ceiling_price }, unit: r.unit, where: `${/^s\.?o\.?\s/i.test(r.so_number) ? '' : 'S.O. '}${r.so_number}${r.so_date ? ` of ${r.so_date}` : ''}; NLEM ${r.section}` };
  }
  if (kind === 'cghs-om') {
    const r = row as OmRateRow;
    return { ...base, code: r.id, name: r.name, rates: { non_nabh: r.non_nabh, nabh: r.nabh }, unit: r.unit, where: `${r.citation.reference} (${r.citation.date})` };
  }
  const r = row as NonPayableRow;
  return { ...base, code: r.id, name: r.name, rates: {}, unit: `included in ${r.included_in}`, where: `${r.list}: ${r.citation.reference}` };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
