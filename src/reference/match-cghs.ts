// Bill line → CGHS rate-list row, by fuzzy name. Official names are long ("Complete
// Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear
// examination"), bills are short ("CBC"), so every row is indexed under its full name and under
// the alternative names inside it (the part before a slash, each parenthesis, each list item),
// the latter worth slightly less. Confidence then checks the tokens: a query token missing from
// the name while the name has a token the query lacks ("X-ray spine" vs "X-ray chest") is a
// different service, whatever the Dice score.
import type { Category } from '../domain/analysis.ts';
import { BigramIndex, type Hit, type IndexedText } from './index.ts';
import { cacheName, cached, cachedBytes, referenceCodeSignature } from './load-cache.ts';
import type { LoadedDataset } from './load.ts';
import { lengthWeight, tokenAgreement, type TokenAgreement } from './match-shared.ts';
import { baseTokens, type Normalizer } from './normalize.ts';
import type { CghsRow } from './types.ts';

/** How much a match on a part of an official name is worth, against 1 for the whole name. */
export const VARIANT_WEIGHT = { bare: 0.97, head: 0.95, parenthesis: 0.93, part: 0.85 } as const;

/** Confidence ceiling when the query and the name disagree on a key token. */
export const CONFLICT_CEILING = 0.5;
/** Confidence ceiling when the bill's words fit several names at different rates ("X-ray"). */
export const UNDERSPECIFIED_CEILING = 0.55;

/** The official name and the alternative names inside it, each with its weight. */
export function nameVariants(name: string): Array<{ text: string; weight: number }> {
  const variants: Array<{ text: string; weight: number }> = [{ text: name, weight: 1 }];
  // A parenthesis is another name for what precedes it only when nothing qualifies it after:
  // "(TKR)" in "Total Knee Replacement (TKR) Revision Stage-I" does not name the revision.
  const parens = [...name.matchAll(/\(([^()]*)\)\s*(?=$|[/,;])/g)].map((m) => m[1]!.trim()).filter(Boolean);
  const bare = name.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (bare && bare !== name) variants.push({ text: bare, weight: VARIANT_WEIGHT.bare });
  for (const p of parens) variants.push({ text: p, weight: VARIANT_WEIGHT.parenthesis });
  const pieces = bare.split(/(\s*[/,;:]\s*|\s+[-–]\s*|\s*[-–]\s+)/);
  if (pieces.length > 1) {
    for (let i = 0; i < pieces.length; i += 2) {
      const text = pieces[i]!.trim();
      if (!text) continue;
      const next = pieces[i + 1]?.trim();
      const weight = i === 0 && next !== ',' ? VARIANT_WEIGHT.head : VARIANT_WEIGHT.part;
      variants.push({ text, weight });
    }
  }
  return variants;
}

export interface CghsMatcher {
  rows: CghsRow[];
  index: BigramIndex;
  /** The tokens of each indexed variant of a row's name (computed on first use). */
  variantTokens: (doc: number) => string[][];
  /**
   * Every token of a row's name and section, normalised and also as printed before synonyms
   * rewrote it: a bill word found here is not missing from the name. Computed on first use.
   */
  fullTokens: (doc: number) => string[];
  /** Rows whose name holds a token (built on first use). */
  rowsWithToken: () => Map<string, number[]>;
  /** The row of a code (the map is built on first use). */
  byCode: (code: string) => CghsRow | undefined;
  /** Weight of a query token in coverage: longer and rarer tokens count more ("blood" little). */
  weightOf: (token: string) => number;
}

const matchers = new WeakMap<LoadedDataset<CghsRow>, WeakMap<Normalizer, CghsMatcher>>();

/** The name index of a CGHS edition, built on first use and kept. */
export function cghsMatcher(ds: LoadedDataset<CghsRow>, normalizer: Normalizer): CghsMatcher {
  let byNormalizer = matchers.get(ds);
  if (!byNormalizer) matchers.set(ds, (byNormalizer = new WeakMap()));
  let m = byNormalizer.get(normalizer);
  if (!m) {
    const key = ds.stamp && normalizer.signature ? [ds.file, ds.stamp, normalizer.signature, referenceCodeSignature()] : null;
    const build = () => new BigramIndex(ds.rows.map((row) => normalizedVariants(row.name, normalizer)));
    const bytes = cachedBytes(`cghs-index-${cacheName(ds.file)}`, key, () => build().toBytes());
    const index = BigramIndex.fromBytes(bytes) ?? build();
    const tokens = cached(`cghs-tokens-${cacheName(ds.file)}`, key, () => [...tokenRowsOf(variantTokensOf(ds.rows.length, index))]);
    byNormalizer.set(normalizer, (m = cghsMatcherOf(ds.rows, index, new Map(tokens))));
  }
  return m;
}

/** The distinct normalised variants of an official name, each with its best weight. */
function normalizedVariants(name: string, normalizer: Normalizer): IndexedText[] {
  const texts: IndexedText[] = [];
  const seen = new Map<string, number>();
  for (const v of nameVariants(name)) {
    const n = normalizer.normalize(v.text);
    if (!n.text) continue;
    const at = seen.get(n.text);
    if (at !== undefined) texts[at]!.weight = Math.max(texts[at]!.weight, v.weight);
    else {
      seen.set(n.text, texts.length);
      texts.push({ text: n.text, weight: v.weight });
    }
  }
  return texts;
}

/** Builds the matcher of a rate list from its rows. */
export function buildCghsMatcher(rows: CghsRow[], normalizer: Normalizer): CghsMatcher {
  return cghsMatcherOf(rows, new BigramIndex(rows.map((row) => normalizedVariants(row.name, normalizer))));
}

/** The tokens of every indexed variant, per row. */
function variantTokensOf(rows: number, index: BigramIndex): string[][][] {
  const variantTokens: string[][][] = Array.from({ length: rows }, () => []);
  for (const [doc, text, value] of index.entries()) variantTokens[doc]![text] = value.split(' ');
  return variantTokens;
}

/** Rows whose name holds each token. */
function tokenRowsOf(variantTokens: string[][][]): Map<string, number[]> {
  const tokenRows = new Map<string, number[]>();
  variantTokens.forEach((variants, r) => {
    for (const t of new Set(variants.flat())) {
      const list = tokenRows.get(t);
      if (list) list.push(r);
      else tokenRows.set(t, [r]);
    }
  });
  return tokenRows;
}

/** The matcher of a rate list whose name index is built (or read from the cache). */
function cghsMatcherOf(rows: CghsRow[], index: BigramIndex, knownTokenRows?: Map<string, number[]>): CghsMatcher {
  const variantCache: Array<string[][] | undefined> = [];
  const variantTokens = (doc: number): string[][] => (variantCache[doc] ??= index.textsOf(doc).map((text) => text.split(' ')));
  let tokenRows = knownTokenRows;
  const rowsWithToken = (): Map<string, number[]> => (tokenRows ??= tokenRowsOf(variantTokensOf(rows.length, index)));
  const full: Array<string[] | undefined> = [];
  const sectionTokens = new Map<string, string[]>();
  const fullTokens = (doc: number): string[] => {
    let tokens = full[doc];
    if (!tokens) {
      const row = rows[doc]!;
      let section = sectionTokens.get(row.section);
      if (!section) sectionTokens.set(row.section, (section = baseTokens(row.section)));
      full[doc] = tokens = [...new Set([...variantTokens(doc).flat(), ...baseTokens(row.name), ...section])];
    }
    return tokens;
  };
  const weightOf = (token: string) => lengthWeight(token) / (1 + Math.log2(1 + (rowsWithToken().get(token)?.length ?? 0) / 4));
  let codes: Map<string, CghsRow> | undefined;
  const byCode = (code: string): CghsRow | undefined => (codes ??= new Map(rows.map((row) => [row.code, row] as const))).get(code);
  return { rows, index, variantTokens, fullTokens, rowsWithToken, byCode, weightOf };
}

/** Which CGHS categories an item of a bill category is expected to match (others are penalised). */
const CATEGORY_AFFINITY: Partial<Record<Category, readonly string[]>> = {
  investigation: ['investigation'],
  procedure: ['procedure', 'investigation'],
  consultation: ['consultation'],
  room: ['room', 'icu'],
  icu: ['icu', 'room'],
  implant: ['procedure'],
};
const OFF_CATEGORY_FACTOR = 0.93;

export interface CghsCandidate {
  row: CghsRow;
  confidence: number;
  score: number;
  agreement: TokenAgreement;
}

/** Best CGHS rows for a bill wording (already normalised), most confident first. */
export function rankCghs(m: CghsMatcher, queryTokens: string[], category: Category | null, limit = 5): CghsCandidate[] {
  if (queryTokens.length === 0) return [];
  const affinity = category ? CATEGORY_AFFINITY[category] : undefined;
  const weightOf = affinity ? (doc: number) => (affinity.includes(m.rows[doc]!.category) ? 1 : OFF_CATEGORY_FACTOR) : undefined;
  const hits = m.index.search(queryTokens.join(' '), { limit: Math.max(limit, 8), minScore: 0.2, ...(weightOf ? { weightOf } : {}) });
  // Token agreement can only lower a score: names far below the best are not worth checking.
  const floor = (hits[0]?.score ?? 0) - 0.3;
  const candidates = resolveAliases(m, hits.filter((h) => h.score >= floor).map((hit) => candidate(m, queryTokens, hit)));
  candidates.sort((a, b) => b.confidence - a.confidence || b.score - a.score);
  const first = candidates[0];
  if (!first) return [];
  // Runners-up about as good at other rates make the choice uncertain: the highest rate among
  // them is the benchmark (it can only make us accuse less), with less confidence.
  const tied = candidates.filter((c) => c.confidence >= first.confidence - RIVAL_MARGIN);
  if (tied.some((c) => !sameRates(c.row, first.row))) {
    const lenient = tied.reduce((a, b) => (rateOf(b.row) > rateOf(a.row) ? b : a));
    lenient.confidence = round3(first.confidence * RIVAL_FACTOR);
    candidates.splice(candidates.indexOf(lenient), 1);
    candidates.unshift(lenient);
  }
  const top = candidates[0]!;
  // A wording every word of which other names (at other rates) also hold is underspecified
  // ("X-ray", "Troponin") when the name chosen says more than the bill.
  if (top.agreement.extra.length > 0 && otherRowsHoldAll(m, queryTokens, top.row)) top.confidence = Math.min(top.confidence, UNDERSPECIFIED_CEILING);
  return candidates.slice(0, limit);
}

/** Confidence factor when a runner-up at another rate scores about as well. */
export const RIVAL_FACTOR = 0.8;
/** How close (in confidence) a runner-up must be to count as a rival. */
const RIVAL_MARGIN = 0.02;

const rateOf = (row: CghsRow) => row.non_nabh ?? row.nabh ?? 0;

function candidate(m: CghsMatcher, queryTokens: string[], hit: Hit): CghsCandidate {
  const row = m.rows[hit.doc]!;
  const agreement = tokenAgreement(queryTokens, m.fullTokens(hit.doc), m.variantTokens(hit.doc)[hit.text]!, m.weightOf);
  let confidence = hit.score * (0.5 + 0.5 * agreement.coverage);
  if (agreement.conflict) confidence = Math.min(confidence, CONFLICT_CEILING);
  return { row, confidence: round3(confidence), score: hit.score, agreement };
}

/** The code a row points to ("Ferritin (Select CGHS rate code 1517 for approved rate)"), if any. */
export function aliasTarget(row: CghsRow): string | null {
  if (row.alias_of) return row.alias_of;
  const m = /\b(?:see|select)\b[^()]*?\bcode\s*(?:no\.?\s*)?(\d{1,4})\b/i.exec(row.name);
  return m ? m[1]! : null;
}

/**
 * A row that only points to another code ("… Select CGHS rate code 1517 for approved rate")
 * stands for that code: the list says its rate is the other's. The pointer is replaced by its
 * target (keeping the better confidence), and a target met twice is kept once.
 */
function resolveAliases(m: CghsMatcher, candidates: CghsCandidate[]): CghsCandidate[] {
  const out = new Map<string, CghsCandidate>();
  for (const c of candidates) {
    const target = aliasTarget(c.row);
    const row = (target && m.byCode(target)) || c.row;
    const resolved = row === c.row ? c : { ...c, row };
    const prev = out.get(row.code);
    if (!prev || resolved.confidence > prev.confidence) out.set(row.code, resolved);
  }
  return [...out.values()];
}

/** Some row at other rates than `top` also holds every query token. */
function otherRowsHoldAll(m: CghsMatcher, queryTokens: string[], top: CghsRow): boolean {
  const rowsWithToken = m.rowsWithToken();
  const lists = queryTokens.map((t) => rowsWithToken.get(t) ?? []).sort((a, b) => a.length - b.length);
  const others = lists.slice(1).map((l) => new Set(l));
  return (lists[0] ?? []).some((r) => others.every((set) => set.has(r)) && !sameRates(m.rows[r]!, top));
}

function sameRates(a: CghsRow, b: CghsRow): boolean {
  return a.non_nabh === b.non_nabh && a.nabh === b.nabh;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
