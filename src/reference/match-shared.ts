// Pieces every matcher shares: the normaliser built from the synonym table of a reference set,
// and the token agreement between a bill wording and a reference name that calibrates confidence.
import { dice } from './index.ts';
import type { ReferenceSet } from './load.ts';
import { cached, codeSignature } from './load-cache.ts';
import { createNormalizer, expansionTable, normalizationCode, type Normalizer } from './normalize.ts';
import type { SynonymGroup } from './types.ts';

/** Synonym domains used to match services (tests, procedures, charges) and medicines. */
export const SERVICE_DOMAINS = ['investigation', 'procedure', 'general'] as const;
export const DRUG_DOMAINS = ['drug', 'dosage_form', 'general'] as const;

const normalizers = new WeakMap<ReferenceSet, { service: Normalizer; drug: Normalizer }>();

function normalizersOf(refs: ReferenceSet): { service: Normalizer; drug: Normalizer } {
  let n = normalizers.get(refs);
  if (!n) {
    const tables = refs.editions('synonyms');
    const known = tables.every((d) => d.stamp);
    const make = (domains: ReadonlyArray<SynonymGroup['domain']>): Normalizer => {
      // The rewrites derived from the synonym table are kept on disk between runs (see load-cache).
      const signature = known ? codeSignature(normalizationCode(), domains.join(','), ...tables.map((d) => `${d.file}|${d.stamp}`)) : null;
      const table = cached(`synonyms-${domains.join('-')}`, signature ? [signature] : null, () => expansionTable(refs.synonyms(), domains));
      return createNormalizer([], signature ? { table, signature } : { table });
    };
    n = { service: make(SERVICE_DOMAINS), drug: make(DRUG_DOMAINS) };
    normalizers.set(refs, n);
  }
  return n;
}

/** The normaliser for services (CGHS, OM, non-payable names) of a reference set, built once. */
export function normalizerFor(refs: ReferenceSet): Normalizer {
  return normalizersOf(refs).service;
}

/** The normaliser for medicine names (NPPA) of a reference set, built once. */
export function drugNormalizerFor(refs: ReferenceSet): Normalizer {
  return normalizersOf(refs).drug;
}

/**
 * Two tokens name the same thing: equal, an abbreviation or inflection sharing most of the
 * shorter one as a prefix ("lat" → "lateral", "typing" → "type"), or a typo (long tokens with
 * most bigrams in common). Tokens with digits and short tokens must be equal: T3 is not T4, CT is
 * not MRI.
 */
export function sameToken(a: string, b: string): boolean {
  if (a === b) return true;
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  let same = sameTokenMemo.get(key);
  if (same === undefined) {
    same = compareTokens(a, b);
    if (sameTokenMemo.size >= 100_000) sameTokenMemo.clear();
    sameTokenMemo.set(key, same);
  }
  return same;
}

const sameTokenMemo = new Map<string, boolean>();

function compareTokens(a: string, b: string): boolean {
  if (/\d/.test(a) || /\d/.test(b)) return false;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3) return false;
  let prefix = 0;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (prefix >= 3 && prefix >= 0.75 * shorter) return true; // lat/lateral, type/typing, group/grouping
  // Typos (abdoman/abdomen): Dice of 0.72 needs lengths within a ratio of 0.5625.
  if (shorter < 4 || (shorter + 1) / (Math.max(a.length, b.length) + 1) < 0.5625) return false;
  return dice(a, b) >= 0.72;

}

export interface TokenAgreement {
  /** Query tokens found in the reference name. */
  matched: string[];
  /** Query tokens the reference name does not have. */
  missing: string[];
  /** Tokens of the reference (the alternative name that matched) the query does not have. */
  extra: string[];
  /** Length-weighted share of the query's tokens found in the name, 0..1. */
  coverage: number;
  /** The query and the name each have a token the other lacks: "chest" vs "spine", "T3" vs "TSH". */
  conflict: boolean;
}

/** A token's weight in coverage: its length, up to 8 characters. */
export const lengthWeight = (token: string): number => Math.min(token.length, 8);

/**
 * Compares a query's tokens with a reference name: `nameTokens` is the whole name (a query token
 * found anywhere in it counts), `aliasTokens` the part of the name that matched best (its other
 * tokens are what the query left out). `weight` says how much each query token counts towards
 * coverage (rarer, longer tokens count more).
 */
export function tokenAgreement(queryTokens: readonly string[], nameTokens: readonly string[], aliasTokens: readonly string[] = nameTokens, weight: (token: string) => number = lengthWeight): TokenAgreement {
  const matched: string[] = [];
  const missing: string[] = [];
  for (const q of queryTokens) (nameTokens.some((n) => sameToken(q, n)) ? matched : missing).push(q);
  const extra = aliasTokens.filter((n) => !queryTokens.some((q) => sameToken(q, n)));
  const total = queryTokens.reduce((s, t) => s + weight(t), 0);
  const coverage = total ? matched.reduce((s, t) => s + weight(t), 0) / total : 0;
  return { matched, missing, extra, coverage, conflict: missing.length > 0 && extra.length > 0 };
}
