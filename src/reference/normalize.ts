// Name normalisation shared by bill text and reference names, so that both sides of a match are
// spelled the same way: lower case, punctuation gone, British/American spelling unified
// (haemoglobin → hemoglobin, oesophagus → esophagus), simple plurals folded, abbreviations and
// alternative wordings expanded from the synonym table (data/synonyms.json), filler words
// ("charges", "test", "serum") dropped. Devanagari is kept as it is (Hindi bills are matched
// against Hindi wordings in the data, never transliterated).
import { referenceCodeSignature } from './load-cache.ts';
import type { SynonymGroup } from './types.ts';

/**
 * Words that carry no identity on a bill line: "ECG charges" is an ECG, "Serum Sodium" is a
 * sodium test. They are dropped before matching, on both sides, so a line made only of them
 * ("Service Charges", "Test") matches nothing.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'charge', 'charges', 'test', 'tests', 'serum', 'sr', 'estimation', 'level', 'levels', 'fee', 'fees',
  'study', 'investigation', 'service', 'services', 'amount', 'rs', 'inr', 'no', 'nos',
  'of', 'the', 'for', 'and', 'with', 'by', 'in', 'on', 'to', 'a', 'an', 'or', 'at', 'as', 'from', 'per',
  'done', 'including', 'incl', 'etc',
]);

const DEVANAGARI_DIGITS = '०१२३४५६७८९';

/**
 * Lower case, NFKC, punctuation → spaces. Keeps ASCII letters and digits, decimal points between
 * digits, and Devanagari letters and signs. Joins the spellings of "X-ray" into one token
 * ("xray") and splits a number from a dose unit ("650mg" → "650 mg").
 */
export function basicNormalize(text: string): string {
  let s = text.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKC').replace(/[०-९]/g, (d) => String(DEVANAGARI_DIGITS.indexOf(d)));
  if (s.includes('x')) s = s.replace(/\bx\s*[-‐‑–'’.]?\s*rays?\b/g, ' xray ');
  if (/\d/.test(s)) {
    s = s.replace(/(\d)\s*(mg|mcg|µg|ml|gm|g|kg|iu|mm|cm|%)(?![a-z])/g, '$1 $2');
    s = s.replace(/(\d),(?=\d\d)/g, '$1'); // Indian digit grouping: 1,00,000 → 100000
    s = s.replace(/(\d)\.(?=\d)/g, '$1\u0000'); // decimal point, restored below
  }
  if (s.includes('.')) s = s.replace(/\b[a-z](?:\.[a-z])+\b\.?/g, (m) => m.replace(/\./g, '')); // i.v. → iv
  if (s.includes('&')) s = s.replace(/&/g, ' and ');
  s = s.replace(/[^a-z0-9\u0900-\u0963\u0966-\u097f\u0000]+/g, ' ').trim();
  return s.includes('\u0000') ? s.replace(/\u0000/g, '.') : s;
}

const spellingMemo = new Map<string, string>();

/**
 * One spelling for words that Indian bills and official lists spell either way. Applied to
 * every token on both sides, so an over-eager rule costs nothing: both sides change alike.
 */
export function unifySpelling(token: string): string {
  if (token.length < 3) return token;
  let t = spellingMemo.get(token);
  if (t === undefined) {
    t = /^[a-z]+$/.test(token) ? respell(token) : token;
    if (spellingMemo.size > 50_000) spellingMemo.clear();
    spellingMemo.set(token, t);
  }
  return t;
}

function respell(token: string): string {
  let t = token;
  if (t.includes('ae')) t = t.replaceAll('ae', 'e'); // haemoglobin, anaesthesia, paediatric
  if (t.includes('oe')) t = t.replace(/(^|[hcfm])oe/g, '$1e'); // oesophagus, oedema, diarrhoea, coeliac, foetal
  if (t.includes('sulph')) t = t.replaceAll('sulph', 'sulf');
  if (t.includes('isation')) t = t.replaceAll('isation', 'ization');
  if (t.endsWith('ise')) t = t.slice(0, -3) + 'ize';
  else if (t.endsWith('ised')) t = t.slice(0, -4) + 'ized';
  else if (t.endsWith('gramme')) t = t.slice(0, -2);
  else if (t.length >= 6 && t.endsWith('our')) t = t.slice(0, -3) + 'or'; // tumour, colour, labour
  else if (t.length >= 5 && (t.endsWith('tre') || t.endsWith('bre'))) t = t.slice(0, -2) + 'er'; // centre, litre, fibre
  return foldPlural(t);
}

/** Simple plural folding: films → film, injuries → injury, stitches → stitch. */
function foldPlural(t: string): string {
  if (t.length <= 4 || !t.endsWith('s')) return t;
  if (t.endsWith('ies')) return t.slice(0, -3) + 'y';
  if (t.endsWith('ches') || t.endsWith('shes') || t.endsWith('xes')) return t.slice(0, -2);
  if (t.endsWith('ss') || t.endsWith('us') || t.endsWith('is') || t.endsWith('os')) return t;
  return t.slice(0, -1);
}

/** Tokens of a text after basic normalisation and spelling unification (no synonyms, no fillers). */
export function baseTokens(text: string): string[] {
  const s = basicNormalize(text);
  return s ? s.split(/ +/).map(unifySpelling) : [];
}

export interface NormalizedName {
  /** Content tokens, in order, without fillers and without repeats. */
  tokens: string[];
  /** `tokens` joined by single spaces. */
  text: string;
}

interface Expansion {
  from: string[];
  to: string[];
}

/** Names the reference code (see load-cache), so caches of normalised names expire when it changes. */
export function normalizationCode(): string {
  return referenceCodeSignature();
}

export interface Normalizer {
  /** Names the synonym table and code this normaliser follows (for caches); absent when unknown. */
  signature?: string;
  /** Full normalisation: spelling, synonym expansion, filler removal, repeats removed. The result is shared: do not modify it. */
  normalize(text: string): NormalizedName;
  /** Spelling and synonym expansion only (fillers kept), for phrase tests on wordings. Shared result: do not modify. */
  expand(text: string): string[];
}

/** Rewrites of the synonym table as token lists, [variant, canonical], longest variant first at each first word. */
export type ExpansionTable = Array<[from: string[], to: string[]]>;

/** The synonym groups (of the given domains) as token rewrites; a canonical maps to itself. */
export function expansionTable(groups: readonly SynonymGroup[], domains?: ReadonlyArray<SynonymGroup['domain']>): ExpansionTable {
  const byFirst = new Map<string, ExpansionTable>();
  const add = (from: string[], to: string[]) => {
    const list = byFirst.get(from[0]!) ?? [];
    if (!list.some(([f]) => sameTokens(f, from))) list.push([from, to]);
    byFirst.set(from[0]!, list);
  };
  for (const group of groups) {
    if (domains && !domains.includes(group.domain)) continue;
    const to = baseTokens(group.canonical);
    if (to.length === 0) continue;
    // A canonical is a fixed point: "complete haemogram" is not rewritten through "haemogram".
    add(to, to);
    for (const variant of group.variants) {
      const from = baseTokens(variant);
      if (from.length > 0) add(from, to);
    }
  }
  return [...byFirst.values()].flatMap((list) => list.sort((a, b) => b[0].length - a[0].length));
}

export interface NormalizerOptions {
  /** The rewrites, when already derived from the groups (a cache); `groups` are then not read. */
  table?: ExpansionTable;
  /** Only synonym groups of these domains apply (all when absent): drug abbreviations such as
   * "ns" or "tt" must not rewrite the name of a test, nor "pt" (prothrombin time) a drug line. */
  domains?: ReadonlyArray<SynonymGroup['domain']>;
  fillers?: ReadonlySet<string>;
  /** Set as the normaliser's `signature`. */
  signature?: string;
}

/**
 * Builds a normaliser from the synonym table. Each variant ("cbc", "hemogram", "complete
 * hemogram") is rewritten to its group's canonical wording wherever it appears as whole tokens;
 * the longest variant wins at each position.
 */
export function createNormalizer(groups: readonly SynonymGroup[] = [], options: NormalizerOptions = {}): Normalizer {
  const fillers = options.fillers ?? FILLER_WORDS;
  const byFirst = new Map<string, Expansion[]>();
  for (const [from, to] of options.table ?? expansionTable(groups, options.domains)) {
    const list = byFirst.get(from[0]!);
    if (list) list.push({ from, to });
    else byFirst.set(from[0]!, [{ from, to }]);
  }

  const expandTokens = (tokens: string[]): string[] => {
    if (byFirst.size === 0) return tokens;
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      const candidates = byFirst.get(tokens[i]!);
      const hit = candidates?.find((c) => c.from.every((t, k) => tokens[i + k] === t));
      if (hit) {
        out.push(...hit.to);
        i += hit.from.length;
      } else {
        out.push(tokens[i]!);
        i += 1;
      }
    }
    return out;
  };

  const expanded = new Map<string, string[]>();
  const expand = (text: string): string[] => {
    let tokens = expanded.get(text);
    if (!tokens) {
      tokens = expandTokens(baseTokens(text));
      if (expanded.size >= 50_000) expanded.clear();
      expanded.set(text, tokens);
    }
    return tokens;
  };
  // Official names repeat their parts ("Without Contrast", "one film"): each text is normalised once.
  const memo = new Map<string, NormalizedName>();
  const normalize = (text: string): NormalizedName => {
    const known = memo.get(text);
    if (known) return known;
    const seen = new Set<string>();
    const tokens: string[] = [];
    for (const token of expand(text)) {
      if (fillers.has(token) || seen.has(token)) continue;
      seen.add(token);
      tokens.push(token);
    }
    const result = { tokens, text: tokens.join(' ') };
    if (memo.size >= 50_000) memo.clear();
    memo.set(text, result);
    return result;
  };
  return options.signature ? { normalize, expand, signature: options.signature } : { normalize, expand };
}

function sameTokens(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * A bilingual line ("ईसीजी / ECG", "पंजीकरण शुल्क Registration Charges") prints the same thing
 * twice; the reference names are English, so the English part is matched alone. A line only in
 * Hindi is kept whole (the data's Hindi wordings may match it).
 */
export function matchingText(text: string): string {
  if (!/[\u0900-\u097f]/.test(text) || !/[a-z]{2}/i.test(text)) return text;
  return text.replace(/[\u0900-\u097f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** True when `phrase` occurs in `tokens` as a run of whole tokens. */
export function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0 || phrase.length > tokens.length) return false;
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (tokens[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}
