// Bill line → the CGHS OM of 12.04.2023 (consultation, room rent per ward, ICU), by the
// wordings the dataset lists for each row ("room rent", "bed charges", "icu charges", "doctor
// visit"…). Room rows differ by ward: the ward printed on the line decides ("Semi-Private Room
// Rent"), else the ward the patient was admitted to, else the matcher says it is unsure.
import type { Category, Ward } from '../domain/analysis.ts';
import type { LoadedDataset } from './load.ts';
import { containsPhrase, FILLER_WORDS, type Normalizer } from './normalize.ts';
import type { OmRateRow } from './types.ts';

/** Confidence when no wording matched and the extractor's category alone names the row. */
export const OM_BY_CATEGORY_CONFIDENCE = 0.7;

export interface OmCandidate {
  row: OmRateRow;
  confidence: number;
}

/** How a bill names each ward entitlement (normalised tokens), most specific first. */
const WARD_WORDINGS: ReadonlyArray<[Ward, string[]]> = [
  ['semi-private', ['semi', 'private']],
  ['semi-private', ['semiprivate']],
  ['semi-private', ['twin', 'sharing']],
  ['semi-private', ['double', 'sharing']],
  ['semi-private', ['sharing']],
  ['general', ['general', 'ward']],
  ['general', ['general']],
  ['general', ['economy']],
  ['general', ['multi', 'bed']],
  ['private', ['private']],
  ['private', ['single', 'room']],
  ['private', ['single']],
  ['private', ['deluxe']],
  ['private', ['suite']],
];

/** The ward a line names, if any: "Semi-Private Room Rent" → semi-private. */
export function wardNamed(tokens: readonly string[]): Ward | null {
  for (const [ward, words] of WARD_WORDINGS) if (containsPhrase(tokens, words)) return ward;
  return null;
}

interface Phrase {
  /** Position in the dataset's list of wordings: ties go to the earlier one. */
  order: number;
  row: number;
  tokens: string[];
}

const phraseCache = new WeakMap<LoadedDataset<OmRateRow>, WeakMap<Normalizer, Map<string, Phrase[]>>>();

/** Every wording of the OM rows, by its first token. */
function phrasesFor(ds: LoadedDataset<OmRateRow>, normalizer: Normalizer): Map<string, Phrase[]> {
  let byNormalizer = phraseCache.get(ds);
  if (!byNormalizer) phraseCache.set(ds, (byNormalizer = new WeakMap()));
  let byFirst = byNormalizer.get(normalizer);
  if (!byFirst) {
    byFirst = new Map();
    const phrases = ds.rows.flatMap((row, i) => [...new Set([...row.wordings, row.name])].map((w) => ({ row: i, tokens: normalizer.expand(w) })).filter((p) => p.tokens.length > 0));
    phrases.forEach((p, order) => {
      const list = byFirst!.get(p.tokens[0]!);
      if (list) list.push({ ...p, order });
      else byFirst!.set(p.tokens[0]!, [{ ...p, order }]);
    });
    byNormalizer.set(normalizer, byFirst);
  }
  return byFirst;
}

/** The wordings that may occur in a line: those starting with one of its tokens, in dataset order. */
function phrasesStartingIn(tokens: readonly string[], byFirst: Map<string, Phrase[]>): Phrase[] {
  const out: Phrase[] = [];
  for (const t of new Set(tokens)) {
    const list = byFirst.get(t);
    if (list) out.push(...list);
  }
  return out.sort((a, b) => a.order - b.order);
}

const content = (tokens: readonly string[]) => tokens.filter((t) => !FILLER_WORDS.has(t) && !/^\d+$/.test(t));

/**
 * The OM row a line is billed under, or null. `category` is the extractor's reading of the
 * line; `ward` the patient's ward entitlement when the line does not name one.
 */
export function matchOm(ds: LoadedDataset<OmRateRow>, normalizer: Normalizer, description: string, category: Category | null, ward: Ward | null): OmCandidate | null {
  const tokens = normalizer.expand(description);
  const lineContent = content(tokens);
  const named = wardNamed(tokens);
  // Longest wording found in the line; among equals, the row of the ward the line names.
  let best: { phrase: Phrase; row: OmRateRow } | null = null;
  for (const phrase of phrasesStartingIn(tokens, phrasesFor(ds, normalizer))) {
    if (!containsPhrase(tokens, phrase.tokens)) continue;
    const row = ds.rows[phrase.row]!;
    if (!best || phrase.tokens.length > best.phrase.tokens.length || (phrase.tokens.length === best.phrase.tokens.length && row.ward === named && best.row.ward !== named)) best = { phrase, row };
  }
  if (best) {
    const explained = new Set([...best.phrase.tokens, ...wardTokens(best.row.ward)]);
    const unexplained = lineContent.filter((t) => !explained.has(t));
    const confidence = Math.max(0.7, 0.92 - 0.04 * unexplained.length);
    return withWard(ds, best.row, named ?? ward, confidence);
  }
  // No wording: trust the extractor's category, less.
  const kind = category === 'room' || category === 'icu' || category === 'consultation' ? category : null;
  if (!kind) return null;
  const rows = ds.rows.filter((r) => r.category === kind);
  if (rows.length === 0) return null;
  const first = kind === 'consultation' ? consultationRow(rows, tokens) : rows[0]!;
  return withWard(ds, first, named ?? ward, OM_BY_CATEGORY_CONFIDENCE);
}

/**
 * Moves a room match to the row of the ward that applies (the ward printed on the line, else the
 * patient's). The allowance follows the entitlement, so an unknown ward costs no confidence.
 */
function withWard(ds: LoadedDataset<OmRateRow>, row: OmRateRow, ward: Ward | null, confidence: number): OmCandidate {
  if (row.category !== 'room' || !ward) return { row, confidence };
  return { row: ds.rows.find((r) => r.category === 'room' && r.ward === ward) ?? row, confidence };
}

function consultationRow(rows: OmRateRow[], tokens: string[]): OmRateRow {
  const inpatient = tokens.some((t) => t === 'ipd' || t === 'inpatient' || t === 'visit' || t === 'round' || t === 'ip');
  return rows.find((r) => (inpatient ? r.unit === 'per visit' : r.unit === 'per consultation')) ?? rows[0]!;
}

function wardTokens(ward: Ward | null): string[] {
  if (!ward) return [];
  return WARD_WORDINGS.filter(([w]) => w === ward).flatMap(([, words]) => words);
}
