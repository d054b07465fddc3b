// An inverted index over the character bigrams of normalised names, scored by the Dice
// coefficient. Each document (a reference row) has one or more texts (its full name and the
// alternative names inside it, each with a weight); a document scores the best weighted Dice of
// its texts. Bigrams are taken per token, padded with a space on each side (" cbc " → " c", "cb",
// "bc", "c "), so word order does not matter and a typo costs only the bigrams it touches.
// Candidates come from the postings of the query's rarer bigrams (a prefix filter); the overlap
// counts give the exact Dice coefficient; near ties are broken by token overlap.
//
// Speed: a character maps to one byte (ASCII as is, Devanagari to 128–255, anything else to one
// shared code), so a bigram is a number below 65,536 and the postings live in flat typed arrays
// addressed by it — no hash lookups while building or searching.

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

/** Below this Dice a name is no candidate for a bill wording: its confidence would stay under 0.5. */
export const DEFAULT_CANDIDATE_DICE = 0.5;

const SPACE = 32;
const KEYS = 65536;

/** One byte per character: ASCII as is, Devanagari (U+0900–U+097F) to 128–255, others to 127. */
function charCode(c: number): number {
  if (c < 127) return c;
  if (c >= 0x0900 && c <= 0x097f) return 128 + (c - 0x0900);
  return 127;
}

/** Bigram keys (first byte × 256 + second) of a text, each token padded with spaces: a token gives length + 1. */
export function bigramKeys(text: string): number[] {
  const out: number[] = [];
  writeKeys(text, (k) => out.push(k));
  return out;
}

function writeKeys(text: string, emit: (key: number) => void): void {
  let prev = SPACE;
  for (let i = 0; i < text.length; i++) {
    const c = charCode(text.charCodeAt(i));
    if (c === SPACE && prev === SPACE) continue;
    emit(prev * 256 + c);
    prev = c;
  }
  if (prev !== SPACE) emit(prev * 256 + SPACE);
}

/** Distinct bigram keys of a text (ascending) with their counts, in reusable buffers. */
class BigramBag {
  keys = new Int32Array(64);
  counts = new Int32Array(64);
  distinct = 0;
  total = 0;
  private raw = new Int32Array(64);

  fill(text: string): this {
    if (this.raw.length < text.length + 2) {
      const size = 2 * (text.length + 2);
      this.raw = new Int32Array(size);
      this.keys = new Int32Array(size);
      this.counts = new Int32Array(size);
    }
    let n = 0;
    const raw = this.raw;
    let prev = SPACE;
    for (let i = 0; i < text.length; i++) {
      const c = charCode(text.charCodeAt(i));
      if (c === SPACE && prev === SPACE) continue;
      raw[n++] = prev * 256 + c;
      prev = c;
    }
    if (prev !== SPACE) raw[n++] = prev * 256 + SPACE;
    const sorted = raw.subarray(0, n).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      if (d > 0 && this.keys[d - 1] === sorted[i]) this.counts[d - 1]!++;
      else { this.keys[d] = sorted[i]!; this.counts[d] = 1; d++; }
    }
    this.distinct = d;
    this.total = n;
    return this;
  }
}

const bagA = new BigramBag();
const bagB = new BigramBag();

/** Exact Dice coefficient of two normalised texts over their padded character bigrams (multisets). */
export function dice(a: string, b: string): number {
  const x = bagA.fill(a);
  const y = bagB.fill(b);
  if (x.total + y.total === 0) return 0;
  let i = 0, j = 0, common = 0;
  while (i < x.distinct && j < y.distinct) {
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
const INDEX_MAGIC = 0x42494458; // "BIDX"
const align8 = (n: number) => (n + 7) & ~7;

export class BigramIndex {
  /** Documents indexed. */
  readonly size: number;
  private readonly entryDoc: Int32Array;
  private readonly entryText: Int32Array;
  private readonly entryWeight: Float64Array;
  private readonly entryLength: Int32Array;
  private readonly texts: string[];
  /** Postings of bigram key k: entries/counts[start[k] .. start[k + 1]) (compressed rows). */
  private readonly start: Int32Array;
  private readonly postEntry: Int32Array;
  private readonly postCount: Uint16Array;
  private readonly acc: Int32Array;
  private readonly touched: Int32Array;
  private readonly docScore: Float64Array;
  private readonly docEntry: Int32Array;
  private readonly docTouched: Int32Array;
  private readonly scoreScratch: Float64Array;
  private readonly query = new BigramBag();

  constructor(docs: ReadonlyArray<ReadonlyArray<IndexedText>>) {
    this.size = docs.length;
    let entries = 0;
    let room = 0;
    for (const list of docs) for (const t of list) if (t.text) { entries++; room += t.text.length + 1; }
    this.entryDoc = new Int32Array(entries);
    this.entryText = new Int32Array(entries);
    this.entryWeight = new Float64Array(entries);
    this.entryLength = new Int32Array(entries);
    this.texts = new Array<string>(entries);
    // Pass 1: every entry's distinct bigrams and counts, flat; how many entries hold each bigram.
    const flatKey = new Int32Array(room);
    const flatCount = new Uint16Array(room);
    const entryEnd = new Int32Array(entries);
    const perKey = new Int32Array(KEYS + 1);
    const bag = new BigramBag();
    let e = 0;
    let f = 0;
    for (let doc = 0; doc < docs.length; doc++) {
      const list = docs[doc]!;
      for (let k = 0; k < list.length; k++) {
        const t = list[k]!;
        if (!t.text) continue;
        bag.fill(t.text);
        this.entryDoc[e] = doc;
        this.entryText[e] = k;
        this.entryWeight[e] = t.weight;
        this.entryLength[e] = bag.total;
        this.texts[e] = t.text;
        for (let i = 0; i < bag.distinct; i++) {
          const key = bag.keys[i]!;
          flatKey[f] = key;
          flatCount[f] = bag.counts[i]!;
          f++;
          perKey[key + 1]!++;
        }
        entryEnd[e++] = f;
      }
    }
    // Pass 2: postings in compressed-row form, entries ascending within each bigram.
    for (let key = 0; key < KEYS; key++) perKey[key + 1]! += perKey[key]!;
    this.start = perKey;
    const fill = perKey.slice(0, KEYS);
    this.postEntry = new Int32Array(f);
    this.postCount = new Uint16Array(f);
    for (let entry = 0, i = 0; entry < entries; entry++) {
      for (; i < entryEnd[entry]!; i++) {
        const at = fill[flatKey[i]!]!++;
        this.postEntry[at] = entry;
        this.postCount[at] = flatCount[i]!;
      }
    }
    this.acc = new Int32Array(entries);
    this.touched = new Int32Array(entries);
    this.docScore = new Float64Array(docs.length);
    this.docEntry = new Int32Array(docs.length).fill(-1);
    this.docTouched = new Int32Array(docs.length);
    this.scoreScratch = new Float64Array(docs.length);
  }

  /** The index as bytes (for a disk cache); `BigramIndex.fromBytes` reads them back. */
  toBytes(): Uint8Array {
    const texts = Buffer.from(this.texts.join('\n'), 'utf8');
    const entries = this.entryDoc.length;
    const postings = this.postEntry.length;
    const parts: ArrayBufferView[] = [
      Int32Array.of(INDEX_MAGIC, this.size, entries, postings, texts.length),
      this.entryWeight, this.entryDoc, this.entryText, this.entryLength, this.start, this.postEntry, this.postCount,
    ];
    let length = 0;
    for (const p of parts) length += align8(p.byteLength);
    const out = new Uint8Array(length + texts.length);
    let at = 0;
    for (const p of parts) {
      out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
      at += align8(p.byteLength);
    }
    out.set(texts, at);
    return out;
  }

  /** Reads an index written by `toBytes`; null when the bytes are not one. */
  static fromBytes(bytes: Uint8Array): BigramIndex | null {
    const buffer = bytes.byteOffset % 8 === 0 ? bytes.buffer : bytes.slice().buffer;
    const base = bytes.byteOffset % 8 === 0 ? bytes.byteOffset : 0;
    if (bytes.byteLength < 20) return null;
    const head = new Int32Array(buffer, base, 5);
    if (head[0] !== INDEX_MAGIC) return null;
    const [, docs, entries, postings, textBytes] = head as unknown as [number, number, number, number, number];
    let at = base + align8(20);
    const take = <T>(make: (offset: number) => T, bytesUsed: number): T => {
      const view = make(at);
      at += align8(bytesUsed);
      return view;
    };
    const index = Object.create(BigramIndex.prototype) as BigramIndex;
    const fields = {
      size: docs,
      entryWeight: take((o) => new Float64Array(buffer, o, entries), entries * 8),
      entryDoc: take((o) => new Int32Array(buffer, o, entries), entries * 4),
      entryText: take((o) => new Int32Array(buffer, o, entries), entries * 4),
      entryLength: take((o) => new Int32Array(buffer, o, entries), entries * 4),
      start: take((o) => new Int32Array(buffer, o, KEYS + 1), (KEYS + 1) * 4),
      postEntry: take((o) => new Int32Array(buffer, o, postings), postings * 4),
      postCount: take((o) => new Uint16Array(buffer, o, postings), postings * 2),
    };
    if (at + textBytes > base + bytes.byteLength) return null;
    const texts = Buffer.from(buffer, at, textBytes).toString('utf8').split('\n');
    if (texts.length !== entries) return null;
    Object.assign(index, fields, {
      texts,
      acc: new Int32Array(entries),
      touched: new Int32Array(entries),
      docScore: new Float64Array(docs),
      docEntry: new Int32Array(docs).fill(-1),
      docTouched: new Int32Array(docs),
      scoreScratch: new Float64Array(docs),
      query: new BigramBag(),
    });
    return index;
  }

  /** The indexed texts of one document, each at its position in the document's list. */
  textsOf(doc: number): string[] {
    const out: string[] = [];
    const { entryDoc } = this;
    // Entries are stored in document order: find the document's first one.
    let lo = 0;
    let hi = entryDoc.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entryDoc[mid]! < doc) lo = mid + 1;
      else hi = mid;
    }
    for (let e = lo; e < entryDoc.length && entryDoc[e] === doc; e++) out[this.entryText[e]!] = this.texts[e]!;
    return out;
  }

  /** Every indexed text: its document, its position in the document's list, and the text. */
  *entries(): Generator<[doc: number, text: number, value: string, weight: number]> {
    for (let e = 0; e < this.entryDoc.length; e++) yield [this.entryDoc[e]!, this.entryText[e]!, this.texts[e]!, this.entryWeight[e]!];
  }

  /** Best documents for a normalised query, best first. */
  search(query: string, options: SearchOptions = {}): Hit[] {
    const { limit = 10, minScore = 0, weightOf, candidateDice = DEFAULT_CANDIDATE_DICE } = options;
    const q = this.query.fill(query);
    if (q.total === 0) return [];
    const { acc, touched, start, postEntry, postCount } = this;
    // The query's bigrams that occur in the index, rarest first.
    const found: Array<{ key: number; qc: number; length: number }> = [];
    for (let i = 0; i < q.distinct; i++) {
      const key = q.keys[i]!;
      const length = start[key + 1]! - start[key]!;
      if (length > 0) found.push({ key, qc: q.counts[i]!, length });
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
    for (let k = 0; k < cut; k++) {
      const { key, qc } = found[k]!;
      for (let j = start[key]!, end = start[key + 1]!; j < end; j++) {
        const e = postEntry[j]!;
        if (acc[e] === 0) touched[nTouched++] = e;
        const c = postCount[j]!;
        acc[e]! += c < qc ? c : qc;
      }
    }
    // The commonest bigrams only add to the candidates found: look each candidate up in their
    // postings (sorted by entry) when that is cheaper than reading the whole list.
    for (let k = cut; k < found.length && nTouched > 0; k++) {
      const { key, qc, length } = found[k]!;
      const from = start[key]!;
      const to = start[key + 1]!;
      if (nTouched * Math.log2(length + 1) < length) {
        for (let i = 0; i < nTouched; i++) {
          const e = touched[i]!;
          let lo = from;
          let hi = to - 1;
          while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            const v = postEntry[mid]!;
            if (v < e) lo = mid + 1;
            else if (v > e) hi = mid - 1;
            else { const c = postCount[mid]!; acc[e]! += c < qc ? c : qc; break; }
          }
        }
      } else {
        for (let j = from; j < to; j++) {
          const e = postEntry[j]!;
          if (acc[e] === 0) continue;
          const c = postCount[j]!;
          acc[e]! += c < qc ? c : qc;
        }
      }
    }
    // Best entry per document.
    const { docScore, docEntry, docTouched } = this;
    let nDocs = 0;
    let max = 0;
    for (let i = 0; i < nTouched; i++) {
      const e = touched[i]!;
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
    // Only the leading documents can end in the first `limit` (ties included): the score of the
    // limit-th best, less the tie-break weight, is the floor.
    let floor = max - TIE_BREAK_WEIGHT;
    if (limit > 1 && nDocs > limit) {
      const scores = this.scoreScratch.subarray(0, nDocs);
      for (let d = 0; d < nDocs; d++) scores[d] = -docScore[docTouched[d]!]!;
      scores.sort();
      floor = -scores[limit - 1]! - TIE_BREAK_WEIGHT;
    } else if (limit > 1) floor = minScore;
    const ranked: Array<{ doc: number; score: number; entry: number }> = [];
    for (let d = 0; d < nDocs; d++) {
      const doc = docTouched[d]!;
      if (docScore[doc]! >= floor) ranked.push({ doc, score: docScore[doc]!, entry: docEntry[doc]! });
      docEntry[doc] = -1;
    }
    ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
    // Token overlap breaks near ties among the leading candidates: only those within its weight
    // of the last place can change places.
    const last = ranked[Math.min(limit, ranked.length) - 1];
    const contenders = last ? ranked.filter((r) => r.score >= last.score - TIE_BREAK_WEIGHT) : [];
    const queryTokens = query.split(' ');
    const hits = contenders.map(({ doc, score, entry }) => ({
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
