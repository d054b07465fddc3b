// Bill line → non-payable or bundled charge (IRDAI lists I–IV, CGHS room-rent and package
// inclusions), by the wordings the dataset lists. A wording must appear in the line as whole
// words, in order ("bio medical waste" in "Bio-Medical Waste Charges"); the words of the line
// that the wording does not explain lower the confidence, so "Registration Charges" is certain
// and "Kit" inside a longer line is not.
import { cacheName, cached, referenceCodeSignature } from './load-cache.ts';
import type { LoadedDataset } from './load.ts';
import { containsPhrase, FILLER_WORDS, type Normalizer } from './normalize.ts';
import type { NonPayableRow } from './types.ts';

/** Lists whose items are bundled only when a CGHS package rate is billed. */
export const PACKAGE_LISTS: ReadonlySet<NonPayableRow['list']> = new Set(['CGHS-PACKAGE']);

export interface NonPayableCandidate {
  row: NonPayableRow;
  confidence: number;
  /** The wording that matched, as normalised tokens. */
  wording: string[];
  /** Content words of the line the wording leaves unexplained. */
  unexplained: string[];
}

interface Phrase {
  row: number;
  tokens: string[];
  content: string[];
}

interface NonPayableIndex {
  rows: NonPayableRow[];
  /** Phrases by their first token. */
  byFirst: Map<string, Phrase[]>;
}

const indexes = new WeakMap<LoadedDataset<NonPayableRow>, WeakMap<Normalizer, NonPayableIndex>>();

function indexFor(ds: LoadedDataset<NonPayableRow>, normalizer: Normalizer): NonPayableIndex {
  let byNormalizer = indexes.get(ds);
  if (!byNormalizer) indexes.set(ds, (byNormalizer = new WeakMap()));
  let index = byNormalizer.get(normalizer);
  if (!index) {
    const key = ds.stamp && normalizer.signature ? [ds.file, ds.stamp, normalizer.signature, referenceCodeSignature()] : null;
    const phrases = cached(`non-payable-phrases-${cacheName(ds.file)}`, key, () => phrasesOf(ds.rows, normalizer));
    const byFirst = new Map<string, Phrase[]>();
    for (const phrase of phrases) {
      const list = byFirst.get(phrase.tokens[0]!);
      if (list) list.push(phrase);
      else byFirst.set(phrase.tokens[0]!, [phrase]);
    }
    byNormalizer.set(normalizer, (index = { rows: ds.rows, byFirst }));
  }
  return index;
}

/** Every distinct wording (and the name) of every row, as normalised tokens. */
function phrasesOf(rows: NonPayableRow[], normalizer: Normalizer): Phrase[] {
  const phrases: Phrase[] = [];
  rows.forEach((row, i) => {
    const seen = new Set<string>();
    for (const wording of [...row.wordings, row.name]) {
      const tokens = normalizer.expand(wording);
      const text = tokens.join(' ');
      if (!tokens.length || seen.has(text)) continue;
      seen.add(text);
      phrases.push({ row: i, tokens, content: contentOf(tokens) });
    }
  });
  return phrases;
}

const contentOf = (tokens: readonly string[]) => tokens.filter((t) => !FILLER_WORDS.has(t) && !/^\d+$/.test(t));

/**
 * Every non-payable row whose wording appears in the line, best first. `packageRows` says
 * whether rows that apply only under a package rate are included.
 */
export function rankNonPayable(ds: LoadedDataset<NonPayableRow>, normalizer: Normalizer, description: string, packageRows = false): NonPayableCandidate[] {
  const index = indexFor(ds, normalizer);
  const tokens = normalizer.expand(description);
  const lineContent = contentOf(tokens);
  const found = new Map<number, NonPayableCandidate>();
  for (const first of new Set(tokens)) {
    for (const phrase of index.byFirst.get(first) ?? []) {
      const row = index.rows[phrase.row]!;
      if (!packageRows && PACKAGE_LISTS.has(row.list)) continue;
      if (!containsPhrase(tokens, phrase.tokens)) continue;
      const candidate = score(row, phrase, lineContent);
      const prev = found.get(phrase.row);
      if (!prev || candidate.confidence > prev.confidence) found.set(phrase.row, candidate);
    }
  }
  return [...found.values()].sort((a, b) => b.confidence - a.confidence || b.wording.length - a.wording.length);
}

/**
 * Confidence of a wording match: the whole line is the wording (fillers aside) → 0.95; a
 * wording of two or more content words inside a longer line → 0.9 less 0.05 per unexplained
 * word; a one-word wording inside a longer line → 0.8 less 0.1 per unexplained word.
 */
function score(row: NonPayableRow, phrase: Phrase, lineContent: string[]): NonPayableCandidate {
  const unexplained = lineContent.filter((t) => !phrase.content.includes(t));
  let confidence: number;
  if (unexplained.length === 0) confidence = 0.95;
  else if (phrase.content.length >= 2) confidence = Math.max(0.7, 0.9 - 0.05 * unexplained.length);
  else confidence = Math.max(0.4, 0.8 - 0.1 * unexplained.length);
  if (phrase.content.length === 0) confidence = 0; // a wording made only of generic words names nothing
  return { row, confidence, wording: phrase.tokens, unexplained };
}
