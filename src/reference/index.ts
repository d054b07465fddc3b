// An inverted index over the character bigrams of normalised names, scored by the Dice
// coefficient. Each document (a reference row) has one or more texts (its full name and the
// alternative names inside it, each with a weight); a document scores the best weighted Dice of
// its texts. Bigrams are taken per token, padded with a space on each side (" cbc " → " c", "cb",
// "bc", "c "), so word order does not matter and a typo costs only the bigrams it touches.
// Candidates come from the postings of the query's bigrams, whose overlap counts give the exact
// Dice coefficient; near ties are broken by token overlap.

export interface IndexedText {
  /** Normalised text: content tokens joined by single spaces. */
  text: string;
  /** 0..1: how much a perfect match on this text is worth (1 for the full name). */
  weight: number;
}

export interface Hit {
  /** Position of the document in the array the index was built from. */
  doc: number;
  /** Best weighted Dice over the document's texts, 0..1. */
  score: number;
  /** Which of the document's texts gave `score`. */
  text: number;
  /** Jaccard overlap of the query's tokens with that text's tokens, 0..1. */
  tokenOverlap: number;
}

export interface SearchOptions {
  limit?: number;
  /** Hits scoring below this are dropped. */
  minScore?: number;
  /** Multiplier applied to a document's score (e.g. a category preference); 0 excludes it. */
  weightOf?: (doc: number) => number;
  /** Entries whose Dice with the query cannot reach this are not considered (see prefix filter). */
  candidateDice?: number;
}

/** Below this Dice a name is no candidate for a bill wording (confidence would be under 0.5). */
export const DEFAULT_CANDIDATE_DICE = 0.4;

/** Bigram keys (first char × 65536 + second) of a text, each token padded with spaces: a token gives length + 1. */
export function bigramKeys(text: string): number[] {
  const keys: number[] = [];
  let prev = 32; // a space before the first token
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 && prev === 32) continue;
    keys.push(prev * 65536 + c);
    prev = c;
  }
  if (prev !== 32) keys.push(prev * 65536 + 32);
  return keys;
}

/** Sorted bigram keys, grouped into distinct keys with their counts. */
function bigramCounts(text: string): { keys: number[]; counts: number[]; total: number } {
  const all = bigramKeys(text).sort((a, b) => a - b);
  const keys: number[] = [];
  const counts: number[] = [];
  for (const k of all) {
    if (keys.length && keys[keys.length - 1] === k) counts[counts.length - 1]! += 1;
    else { keys.push(k); counts.push(1); }
  }
  return { keys, counts, total: all.length };
}

/** Exact Dice coefficient of two normalised texts over their padded character bigrams (multisets). */
export function dice(a: string, b: string): number {
  const x = bigramCounts(a);
  const y = bigramCounts(b);
  if (x.total + y.total === 0) return 0;
  let i = 0, j = 0, common = 0;
  while (i < x.keys.length && j < y.keys.length) {
    const ki = x.keys[i]!, kj = y.keys[j]!;
    if (ki === kj) { common += Math.min(x.counts[i]!, y.counts[j]!); i++; j++; }
    else if (ki < kj) i++;
    else j++;
  }
  return (2 * common) / (x.total + y.total);
}

/** Jaccard overlap of two token lists as sets. */
export function tokenJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(b);
  let common = 0;
  for (const t of new Set(a)) if (set.has(t)) common++;
  return common / (new Set(a).size + set.size - common);
}

const TIE_BREAK_WEIGHT = 0.01;

export class BigramIndex {
  /** Documents indexed. */
  readonly size: number;
  private readonly entryDoc: Int32Array;
  private readonly entryText: Int32Array;
  private readonly entryWeight: Float64Array;
  private readonly entryLength: Int32Array;
  private readonly texts: string[];
  /** Bigram key → bigram id. */
  private readonly ids = new Map<number, number>();
  /** Postings of bigram id b: entries/counts[start[b] .. start[b + 1]) (compressed rows). */
  private readonly start: Int32Array;
  private readonly postEntry: Int32Array;
  private readonly postCount: Uint16Array;
  private readonly acc: Int32Array;
  private readonly touched: Int32Array;
  private readonly docScore: Float64Array;
  private readonly docEntry: Int32Array;
  private readonly docTouched: Int32Array;

  constructor(docs: ReadonlyArray<ReadonlyArray<IndexedText>>) {
    this.size = docs.length;
    const entryDoc: number[] = [];
    const entryText: number[] = [];
    const entryWeight: number[] = [];
    const entryLength: number[] = [];
    const texts: string[] = [];
    // Pass 1: every entry's distinct bigram ids and counts, flat.
    const flatId: number[] = [];
    const flatCount: number[] = [];
    const entryStart: number[] = [0];
    const perBigram: number[] = [];
    for (let doc = 0; doc < docs.length; doc++) {
      const list = docs[doc]!;
      for (let k = 0; k < list.length; k++) {
        const t = list[k]!;
        if (!t.text) continue;
        const { keys, counts, total } = bigramCounts(t.text);
        entryDoc.push(doc);
        entryText.push(k);
        entryWeight.push(t.weight);
        entryLength.push(total);
        texts.push(t.text);
        for (let i = 0; i < keys.length; i++) {
          let id = this.ids.get(keys[i]!);
          if (id === undefined) { id = perBigram.length; this.ids.set(keys[i]!, id); perBigram.push(0); }
          perBigram[id]! += 1;
          flatId.push(id);
          flatCount.push(counts[i]!);
        }
        entryStart.push(flatId.length);
      }
    }
    // Pass 2: postings in compressed-row form.
    const start = new Int32Array(perBigram.length + 1);
    for (let b = 0; b < perBigram.length; b++) start[b + 1] = start[b]! + perBigram[b]!;
    const fill = start.slice(0, perBigram.length);
    const postEntry = new Int32Array(flatId.length);
    const postCount = new Uint16Array(flatId.length);
    for (let e = 0; e < entryDoc.length; e++) {
      for (let i = entryStart[e]!; i < entryStart[e + 1]!; i++) {
        const at = fill[flatId[i]!]!++;
        postEntry[at] = e;
        postCount[at] = flatCount[i]!;
      }
    }
    this.start = start;
    this.postEntry = postEntry;
    this.postCount = postCount;
    this.texts = texts;
    this.entryDoc = Int32Array.from(entryDoc);
    this.entryText = Int32Array.from(entryText);
    this.entryWeight = Float64Array.from(entryWeight);
    this.entryLength = Int32Array.from(entryLength);
    this.acc = new Int32Array(entryDoc.length);
    this.touched = new Int32Array(entryDoc.length);
    this.docScore = new Float64Array(docs.length);
    this.docEntry = new Int32Array(docs.length).fill(-1);
    this.docTouched = new Int32Array(docs.length);
  }

  /** Best documents for a normalised query, best first. */
  search(query: string, options: SearchOptions = {}): Hit[] {
    const { limit = 10, minScore = 0, weightOf, candidateDice = DEFAULT_CANDIDATE_DICE } = options;
    const q = bigramCounts(query);
    if (q.total === 0) return [];
    const { acc, touched, start, postEntry, postCount } = this;
    // The query's bigrams that occur in the index, rarest first.
    const found: Array<{ id: number; qc: number; length: number }> = [];
    for (let i = 0; i < q.keys.length; i++) {
      const id = this.ids.get(q.keys[i]!);
      if (id !== undefined) found.push({ id, qc: q.counts[i]!, length: start[id + 1]! - start[id]! });
    }
    found.sort((a, b) => a.length - b.length);
    // Prefix filter: an entry with Dice ≥ t shares at least t·|Q|/(2 − t) bigrams with the query,
    // so an entry sharing none of the rarer bigrams, only the commonest ones whose query count
    // stays below that, cannot reach t. Those common postings only add to entries already found.
    const t = Math.max(minScore, candidateDice);
    const needed = (t * q.total) / (2 - t);
    let cut = found.length;
    let suffix = 0;
    while (cut > 0 && suffix + found[cut - 1]!.qc < needed) suffix += found[--cut]!.qc;
    let nTouched = 0;
    for (let k = 0; k < found.length; k++) {
      const { id, qc } = found[k]!;
      const generate = k < cut;
      for (let j = start[id]!, end = start[id + 1]!; j < end; j++) {
        const e = postEntry[j]!;
        if (acc[e] === 0) {
          if (!generate) continue;
          touched[nTouched++] = e;
        }
        const c = postCount[j]!;
        acc[e]! += c < qc ? c : qc;
      }
    }
    // Best entry per document.
    const { docScore, docEntry, docTouched } = this;
    let nDocs = 0;
    let max = 0;
    for (let t = 0; t < nTouched; t++) {
      const e = touched[t]!;
      const common = acc[e]!;
      acc[e] = 0;
      const doc = this.entryDoc[e]!;
      const factor = weightOf ? weightOf(doc) : 1;
      if (factor <= 0) continue;
      const score = ((2 * common) / (q.total + this.entryLength[e]!)) * this.entryWeight[e]! * factor;
      if (score < minScore) continue;
      const prev = docEntry[doc]!;
      if (prev < 0) {
        docTouched[nDocs++] = doc;
      } else if (score < docScore[doc]! || (score === docScore[doc]! && this.entryLength[e]! >= this.entryLength[prev]!)) {
        continue;
      }
      docScore[doc] = score;
      docEntry[doc] = e;
      if (score > max) max = score;
    }
    // Only documents near the best can end in the first `limit`: keep the leading ones.
    const poolSize = Math.max(limit * 3, 20);
    let floor = max - 0.15;
    let ranked: Array<[number, { score: number; entry: number }]> = [];
    for (;;) {
      ranked = [];
      for (let d = 0; d < nDocs; d++) {
        const doc = docTouched[d]!;
        if (docScore[doc]! >= floor) ranked.push([doc, { score: docScore[doc]!, entry: docEntry[doc]! }]);
      }
      if (ranked.length >= Math.min(poolSize, nDocs) || floor <= minScore) break;
      floor -= 0.15;
    }
    for (let d = 0; d < nDocs; d++) docEntry[docTouched[d]!] = -1;
    ranked.sort((a, b) => b[1].score - a[1].score || a[0] - b[0]);
    // Token overlap breaks near ties among the leading candidates.
    const queryTokens = query.split(' ');
    const pool = ranked.slice(0, poolSize);
    const hits = pool.map(([doc, { score, entry }]) => ({
      doc,
      score,
      text: this.entryText[entry]!,
      tokenOverlap: tokenJaccard(queryTokens, this.texts[entry]!.split(' ')),
      length: this.entryLength[entry]!,
    }));
    hits.sort((a, b) => b.score + TIE_BREAK_WEIGHT * b.tokenOverlap - (a.score + TIE_BREAK_WEIGHT * a.tokenOverlap) || a.length - b.length || a.doc - b.doc);
    return hits.slice(0, limit).map(({ doc, score, text, tokenOverlap }) => ({ doc, score, text, tokenOverlap }));
  }
}
