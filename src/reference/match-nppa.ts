// Medicine line → NPPA ceiling price row. A ceiling is fixed per formulation: the same medicine
// (all ingredients of a combination), the same strength and a compatible dosage form. Anything
// else is another formulation and gets no ceiling: 650 mg is never compared with 500 mg, a
// capsule never with a tablet, a CR tablet never with a plain one. Once the row is known, the
// line's quantity is turned into units of the row's `per` (tablets, ml, packs…): "Strip of 15" × 2
// is 30 tablets, "(per ml)" × 4 is 4 ml, "100ml" × 2 is 200 ml.
import type { BillItem } from '../domain/bill.ts';
import type { ParsedDrug } from './drug.ts';
import { parseDrugDescription } from './drug.ts';
import { cacheName, cached, referenceCodeSignature } from './load-cache.ts';
import type { LoadedDataset } from './load.ts';
import type { Normalizer } from './normalize.ts';
import type { NppaRow } from './types.ts';

export interface NppaCandidate {
  row: NppaRow;
  confidence: number;
  units: number;
  pricePerUnit: number;
  /** Why the confidence is what it is, for explanations and tests. */
  notes: string[];
}

// ---- strengths -------------------------------------------------------------------------------

/** One strength: a value in a base unit (mg, iu, %, meq, mmol…), per ml when `perMl`. */
export interface Strength {
  value: number;
  unit: string;
  perMl: boolean;
}

/** A strength list, or a range "300 mg to 500 mg". */
export interface StrengthSpec {
  parts: Strength[];
  range: [Strength, Strength] | null;
}

const STRENGTH_RE = /(\d+(?:\.\d+)?|\.\d+)\s*(lakhs?\s*(?:i\.?u\.?|units?)|lacs?\s*(?:i\.?u\.?|units?)|mcg|µg|ug|mg|gm|g|iu|i\.u\.|ku|units?|%|meq|mmol)(?![a-z])(?:\s*\/\s*(\d+(?:\.\d+)?)?\s*(ml|g|gm)\b)?/gi;

/** Reads the strengths in a text ("120 mg/5 ml" → 24 mg per ml; "1 g" → 1000 mg; "6 lac units" → 600000 iu). */
export function parseStrengths(text: string | null): StrengthSpec {
  const parts: Array<Strength & { denominator: number }> = [];
  if (!text) return { parts: [], range: null };
  const clean = text.toLowerCase().replace(/\(\s*[a-e]\s*\)/g, ' ').replace(/(\d),(?=\d)/g, '$1');
  for (const m of clean.matchAll(STRENGTH_RE)) {
    let value = Number(m[1]);
    let unit = m[2]!.replace(/\./g, '');
    if (/^(?:lakh|lac)/.test(unit)) { value *= 100000; unit = 'iu'; }
    else if (unit === 'g' || unit === 'gm') { value *= 1000; unit = 'mg'; }
    else if (unit === 'mcg' || unit === 'µg' || unit === 'ug') { value /= 1000; unit = 'mg'; }
    else if (unit.startsWith('unit')) unit = 'iu';
    const perMl = m[4] !== undefined;
    const denominator = perMl && m[3] !== undefined ? Number(m[3]) : 1;
    parts.push({ value: value / denominator, unit, perMl, denominator });
  }
  // "200 mg + 28.5 mg/5 ml": the volume printed once, after the last ingredient, is every ingredient's.
  const last = parts[parts.length - 1];
  if (last?.perMl && parts.length > 1 && parts.slice(0, -1).every((p) => !p.perMl && p.unit === 'mg')) {
    for (const p of parts.slice(0, -1)) { p.value /= last.denominator; p.perMl = true; }
  }
  const plain = parts.map(({ value, unit, perMl }) => ({ value, unit, perMl }));
  const isRange = plain.length === 2 && /\d\s*[a-z%µ.]*\s*(?:to|-|–)\s*\d/i.test(clean);
  return isRange ? { parts: [], range: [plain[0]!, plain[1]!] } : { parts: plain, range: null };
}

const same = (a: Strength, b: Strength) => a.unit === b.unit && a.perMl === b.perMl && Math.abs(a.value - b.value) <= 1e-6 * Math.max(1, Math.abs(a.value));

export type StrengthAgreement = 'exact' | 'sum' | 'range' | 'unstated' | 'partial' | 'different';

/** How the bill's strengths compare with a row's. */
export function compareStrengths(bill: StrengthSpec, row: StrengthSpec): StrengthAgreement {
  if (row.range) {
    const [lo, hi] = row.range;
    const b = bill.parts[0];
    if (bill.parts.length !== 1 || !b || b.unit !== lo.unit || b.perMl !== lo.perMl) return bill.parts.length ? 'different' : 'unstated';
    return b.value >= lo.value - 1e-9 && b.value <= hi.value + 1e-9 ? 'range' : 'different';
  }
  if (bill.parts.length === 0) return row.parts.length === 0 ? 'exact' : 'unstated';
  if (row.parts.length === 0) return 'partial';
  const left = [...row.parts];
  const unmatched: Strength[] = [];
  for (const b of bill.parts) {
    const i = left.findIndex((r) => same(r, b));
    if (i >= 0) left.splice(i, 1);
    else unmatched.push(b);
  }
  if (unmatched.length === 0) return left.length === 0 ? 'exact' : 'partial';
  // "Amoxicillin + Clavulanic acid 625 mg" for 500 mg + 125 mg.
  const b = bill.parts[0]!;
  if (bill.parts.length === 1 && row.parts.length > 1 && row.parts.every((r) => r.unit === b.unit && r.perMl === b.perMl)) {
    const total = row.parts.reduce((s, r) => s + r.value, 0);
    if (same({ ...b, value: total }, b)) return 'sum';
  }
  return 'different';
}

// ---- dosage forms and release modifiers ------------------------------------------------------

/** The NPPA dosage forms a bill's form may be priced under. */
const FORM_FAMILY: Record<string, readonly string[]> = {
  tablet: ['tablet'],
  capsule: ['capsule'],
  injection: ['injection', 'vaccine', 'infusion'],
  infusion: ['injection', 'infusion'],
  syrup: ['oral liquid', 'syrup', 'suspension', 'liquid'],
  suspension: ['oral liquid', 'suspension', 'syrup', 'liquid'],
  'oral liquid': ['oral liquid', 'syrup', 'suspension', 'liquid'],
  elixir: ['oral liquid', 'liquid'],
  drops: ['drops'],
  cream: ['cream'],
  ointment: ['ointment'],
  gel: ['gel', 'jelly'],
  lotion: ['lotion'],
  inhaler: ['inhalation'],
  respules: ['respirator solution', 'inhalation'],
  rotacap: ['inhalation', 'capsule'],
  spray: ['nasal spray', 'spray'],
  suppository: ['suppository'],
  pessary: ['pessary'],
  sachet: ['sachet', 'powder', 'granules'],
  powder: ['powder', 'granules', 'sachet'],
  granules: ['granules', 'powder', 'sachet'],
  solution: ['solution', 'oral liquid'],
  stent: ['stent'],
  paint: ['paint'],
};

/** Release and formulation words, grouped: a CR tablet is a different formulation from a plain one. */
const MODIFIER_CLASSES: ReadonlyArray<[string, RegExp]> = [
  ['modified release', /\b(?:sr|er|xr|cr|mr|pr|xl|la|od|sustained release|extended release|controlled release|prolonged release|modified release)\b/],
  ['dispersible', /\b(?:dt|md|odt|dispersible|mouth dissolving|orally disintegrating)\b/],
  ['enteric coated', /\b(?:ec|enteric coated|gastro resistant|delayed release|dr)\b/],
  ['effervescent', /\beffervescent\b/],
  ['chewable', /\bchewable\b/],
];

function modifierClasses(words: string): Set<string> {
  const text = words.toLowerCase().replace(/[^a-z]+/g, ' ');
  return new Set(MODIFIER_CLASSES.filter(([, re]) => re.test(text)).map(([name]) => name));
}

/** The row's release type, printed before or after the strength ("CR Tablet 300 mg", "Tablet 500 mg(Controlled release)"). */
function rowModifiers(row: NppaRow): Set<string> {
  return modifierClasses(row.form_strength);
}

function modifiersAgree(bill: Set<string>, row: Set<string>): boolean {
  if (bill.size === 0 || row.size === 0) return bill.size === row.size;
  // A row printed "Effervescent/ Dispersible/ Enteric coated Tablet" covers any of them.
  return [...bill].every((m) => row.has(m));
}

// ---- medicine names --------------------------------------------------------------------------

interface NppaIndex {
  rows: NppaRow[];
  /** Ingredient key ("amoxicillin+clavulanic acid") → row numbers. */
  byKey: Map<string, number[]>;
  /** Per row: every name token (for the containment fallback). */
  tokens: Array<Set<string>>;
  /** Words of dosage forms, packs and strengths ("powder", "injection", "pack", "glass"), never of a medicine name. */
  formWords: Set<string>;
  /** Name token → the ingredient keys whose first row's name holds it (built on first use). */
  keysByToken?: Map<string, string[]>;
  /** Each ingredient key's position in `byKey` (ties go to the earlier one). */
  keyRank?: Map<string, number>;
  /** Per row: its strength, parsed on first use. */
  strengths: Array<StrengthSpec | undefined>;
}

/** Words bills print around a medicine's name that are not part of it. */
const BILL_PACK_WORDS = ['tab', 'tablet', 'cap', 'capsule', 'inj', 'injection', 'strip', 'vial', 'ampoule', 'amp', 'bottle', 'each', 'pack', 'per', 'of', 'for', 'ml', 'mg', 'mcg', 'iu', 'unit', 'gm', 'g', 'kit', 'no', 'nos', 'x', 'as', 'licensed', 'syp', 'syrup', 'susp', 'oral', 'liquid'];

const indexes = new WeakMap<LoadedDataset<NppaRow>, WeakMap<Normalizer, NppaIndex>>();

/** Ingredients of a generic ("amoxicillin + clavulanic acid"), each normalised, sorted. */
function ingredientKey(generic: string, normalizer: Normalizer): string {
  return generic
    .split(/\s*\+\s*/)
    .map((part) => normalizer.normalize(part).tokens.filter((t) => t.length > 1 || /\d/.test(t)).join(' '))
    .filter(Boolean)
    .sort()
    .join('+');
}

/** The generic name of an NPPA medicine as the drug parser would read it on a bill. */
function rowGeneric(row: NppaRow): string {
  const name = row.medicine.replace(/\(\s*[a-e]\s*\)/gi, ' ');
  return parseDrugDescription(name)?.generic ?? name.toLowerCase();
}

function indexFor(ds: LoadedDataset<NppaRow>, normalizer: Normalizer): NppaIndex {
  let byNormalizer = indexes.get(ds);
  if (!byNormalizer) indexes.set(ds, (byNormalizer = new WeakMap()));
  let index = byNormalizer.get(normalizer);
  if (!index) {
    const key = ds.stamp && normalizer.signature ? [ds.file, ds.stamp, normalizer.signature, referenceCodeSignature()] : null;
    const names = cached(`nppa-names-${cacheName(ds.file)}`, key, () => deriveNames(ds.rows, normalizer));
    const byKey = new Map<string, number[]>();
    names.keys.forEach((k, i) => {
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    });
    index = { rows: ds.rows, byKey, tokens: names.tokens.map((t) => new Set(t)), formWords: new Set(names.formWords), strengths: [] };
    byNormalizer.set(normalizer, index);
  }
  return index;
}

/** What the index needs of each row's name: ingredient key, name tokens, and the form/pack vocabulary. */
function deriveNames(rows: NppaRow[], normalizer: Normalizer): { keys: string[]; tokens: string[][]; formWords: string[] } {
  const formWords = new Set<string>();
  const tokens = rows.map((row) => normalizer.normalize(row.medicine.replace(/\(\s*[a-e]\s*\)/gi, ' ')).tokens);
  for (const row of rows) for (const w of normalizer.normalize(`${row.form_strength} ${row.unit} ${row.dosage_form}`).tokens) if (/^[a-z]+$/.test(w)) formWords.add(w);
  for (const name of tokens) for (const w of name) formWords.delete(w);
  for (const w of BILL_PACK_WORDS) for (const t of [w, ...normalizer.normalize(w).tokens]) formWords.add(t);
  return { keys: rows.map((row) => ingredientKey(rowGeneric(row), normalizer)), tokens, formWords: [...formWords] };
}

/** Words a device name carries that say nothing about which device it is. */
const DEVICE_GENERIC_WORDS = new Set(['stent', 'coronary', 'cardiac', 'implant']);

/**
 * Rows of the same medicine: by ingredient key; else the medicine whose every name word the line
 * prints, when the line's other words are only dosage-form, pack and strength words ("Halothane
 * Inhalation", "Amphotericin B (conventional) Powder for Injection 50 mg"). A line with a word
 * left over ("Paracetamol + Caffeine") is another medicine.
 */
function sameMedicine(index: NppaIndex, parsed: ParsedDrug, description: string, normalizer: Normalizer): { rows: number[]; exact: boolean } {
  const exact = index.byKey.get(ingredientKey(parsed.generic, normalizer));
  if (exact) return { rows: exact, exact: true };
  const words = normalizer.normalize(description.replace(/\+/g, ' ')).tokens.filter((t) => /[a-z]/.test(t) && !/\d/.test(t));
  if (parsed.form === 'stent') {
    const named = words.filter((t) => !DEVICE_GENERIC_WORDS.has(t) && !index.formWords.has(t));
    if (named.length === 0) return { rows: [], exact: false };
    return { rows: index.rows.map((_, i) => i).filter((i) => index.rows[i]!.dosage_form === 'stent' && named.every((w) => index.tokens[i]!.has(w))), exact: false };
  }
  // The names all of whose tokens are on the line: count, per key, the line's words its name holds.
  const keysByToken = (index.keysByToken ??= keysByNameToken(index));
  const hits = new Map<string, number>();
  for (const w of new Set(words)) for (const key of keysByToken.get(w) ?? []) hits.set(key, (hits.get(key) ?? 0) + 1);
  let best: number[] = [];
  let bestSize = 0;
  let bestRank = Infinity;
  for (const [key, count] of hits) {
    const rows = index.byKey.get(key)!;
    const name = index.tokens[rows[0]!]!;
    const rank = index.keyRank!.get(key)!;
    if (count !== name.size || name.size < bestSize || (name.size === bestSize && rank > bestRank)) continue;
    if (!words.every((w) => name.has(w) || index.formWords.has(w))) continue;
    best = rows;
    bestSize = name.size;
    bestRank = rank;
  }
  return { rows: best, exact: false };
}

function keysByNameToken(index: NppaIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  index.keyRank = new Map([...index.byKey.keys()].map((key, rank) => [key, rank]));
  for (const [key, rows] of index.byKey) {
    for (const t of index.tokens[rows[0]!]!) {
      const list = out.get(t);
      if (list) list.push(key);
      else out.set(t, [key]);
    }
  }
  return out;
}

// ---- the match -------------------------------------------------------------------------------

/** Ceiling price per unit of `per` (tablet, ml…). */
const ceilingPerUnit = (r: NppaRow) => r.ceiling_price / (r.per_quantity > 0 ? r.per_quantity : 1);

/** Confidence when several rows fit and the most lenient ceiling was taken. */
export const AMBIGUOUS_CONFIDENCE = 0.7;

/** Confidence of a match by how the strengths agree. */
const STRENGTH_CONFIDENCE: Record<StrengthAgreement, number> = {
  exact: 0.95, range: 0.9, sum: 0.9, partial: 0.55, unstated: 0.55, different: 0,
};

/**
 * The NPPA row for a medicine line (same ingredients, strength and dosage form), with the units
 * billed and the price per unit; null when the formulation has no ceiling price.
 */
export function matchNppa(ds: LoadedDataset<NppaRow>, normalizer: Normalizer, item: BillItem, parsed: ParsedDrug): NppaCandidate | null {
  const index = indexFor(ds, normalizer);
  const medicine = sameMedicine(index, parsed, item.description, normalizer);
  if (medicine.rows.length === 0) return null;
  const printed = parseStrengths(item.description);
  const billStrength = printed.parts.length || printed.range ? printed : parseStrengths(parsed.strengths.join(' + '));
  const billModifiers = modifierClasses(parsed.modifiers.join(' '));
  const fitting: Array<{ row: NppaRow; agreement: StrengthAgreement }> = [];
  for (const i of medicine.rows) {
    const row = index.rows[i]!;
    if (parsed.form && !(FORM_FAMILY[parsed.form] ?? [parsed.form]).includes(row.dosage_form)) continue;
    if (!modifiersAgree(billModifiers, rowModifiers(row))) continue;
    const agreement = compareStrengths(billStrength, (index.strengths[i] ??= parseStrengths(row.strength ?? row.form_strength)));
    if (agreement !== 'different') fitting.push({ row, agreement });
  }
  if (fitting.length === 0) return null;
  const bestAgreement = Math.max(...fitting.map((f) => STRENGTH_CONFIDENCE[f.agreement]));
  const best = fitting.filter((f) => STRENGTH_CONFIDENCE[f.agreement] === bestAgreement);
  const notes: string[] = [];
  let confidence = bestAgreement;
  if (!medicine.exact) { confidence *= 0.9; notes.push('medicine named by its description words'); }
  if (!parsed.form) { confidence = Math.min(confidence, 0.85); notes.push('dosage form not printed'); }
  let rows = best.map((f) => f.row);
  const dosageForms = new Set(rows.map((r) => r.dosage_form));
  if (dosageForms.size > 1) {
    // "Ibuprofen 400 mg" fits the tablet and the capsule: benchmark against the higher ceiling.
    const lenient = rows.reduce((a, b) => (ceilingPerUnit(b) > ceilingPerUnit(a) ? b : a));
    rows = rows.filter((r) => r.dosage_form === lenient.dosage_form);
    confidence = Math.min(confidence, AMBIGUOUS_CONFIDENCE);
    notes.push(`several dosage forms fit: the higher ceiling (${lenient.dosage_form}) is used`);
  }
  const pick = choosePack(rows, parsed, item.description);
  confidence = Math.min(confidence, pick.confidence);
  notes.push(...pick.notes);
  const units = unitsBilled(pick.row, parsed, item.quantity);
  confidence = Math.min(confidence, units.confidence);
  notes.push(...units.notes);
  const pricePerUnit = units.units > 0 ? item.amount / units.units : 0;
  return { row: pick.row, confidence: Math.round(confidence * 1000) / 1000, units: units.units, pricePerUnit, notes };
}

/** A ceiling per ml or g whatever the pack ("1 ml"), not the price of a pack of that size ("Each Pack (1 ml)"). */
const perMeasure = (r: NppaRow) => (r.per === 'ml' || r.per === 'g') && r.per_quantity === 1 && !/pack|bottle|vial|glass|ampoule|each/i.test(r.unit);

/** Words of a row's unit beyond its size ("100ml Non-Glass" → non, glass). */
function unitQualifiers(row: NppaRow): string[] {
  return row.unit.toLowerCase().replace(/[\d.]+\s*(?:ml|l|g|gm|mg)?/g, ' ').split(/[^a-z]+/).filter((w) => w && !['each', 'pack', 'ml', 'tablet', 'capsule', 'with', 'of', 'the'].includes(w));
}

/**
 * Among rows of one formulation that differ by pack (0.5 ml, 2 ml … vials; 100 ml glass or
 * non-glass bottles), the one the line describes. Plastic (non-glass) bottles are the default
 * pack of IV fluids; glass or "special features" packs count only when the line says so.
 */
function choosePack(rows: NppaRow[], parsed: ParsedDrug, description: string): { row: NppaRow; confidence: number; notes: string[] } {
  const volume = parsed.packUnit === 'ml' || parsed.packUnit === 'g' ? parsed.packSize : null;
  let pool = rows;
  const notes: string[] = [];
  let confidence = 1;
  const perPack = pool.filter((r) => (r.per === 'ml' || r.per === 'g') && !perMeasure(r));
  if (perPack.length > 0 && volume !== null) {
    const sameVolume = pool.filter((r) => (perPack.includes(r) && r.per_quantity === volume) || perMeasure(r));
    if (sameVolume.length) pool = sameVolume;
    else { confidence = 0.55; notes.push(`no ceiling for a ${volume} ${parsed.packUnit} pack`); }
  } else if (perPack.length > 0 && pool.length > 1 && new Set(pool.map((r) => r.per_quantity)).size > 1) {
    confidence = 0.55;
    notes.push('pack size not printed');
  }
  // Qualifier words of the packs in play that the line prints ("glass", "non", "special"…).
  const qualifiers = new Set(pool.flatMap(unitQualifiers));
  const said = new Set(description.toLowerCase().split(/[^a-z]+/).filter((w) => qualifiers.has(w)));
  const penalty = (r: NppaRow) => {
    const q = unitQualifiers(r);
    if (said.size === 0) return q.join(' ') === 'non glass' || q.length === 0 ? 0 : q.length;
    return q.filter((w) => !said.has(w)).length + [...said].filter((w) => !q.includes(w)).length - q.filter((w) => said.has(w)).length;
  };
  const least = Math.min(...pool.map(penalty));
  const tied = pool.filter((r) => penalty(r) === least);
  // Rows the line cannot tell apart: benchmark against the higher ceiling, less sure.
  const top = tied.reduce((a, b) => (ceilingPerUnit(b) > ceilingPerUnit(a) ? b : a));
  if (tied.some((r) => ceilingPerUnit(r) !== ceilingPerUnit(top))) {
    confidence = Math.min(confidence, AMBIGUOUS_CONFIDENCE);
    notes.push('several ceiling prices fit the line: the higher is used');
  }
  return { row: top, confidence, notes };
}

const COUNTED = new Set(['tablet', 'capsule', 'suppository', 'pessary', 'stent', 'vial', 'pack', 'iud', 'dose', 'sachet', 'ampoule', 'each']);

/** Units of `row.per` the line bills. */
function unitsBilled(row: NppaRow, parsed: ParsedDrug, quantity: number): { units: number; confidence: number; notes: string[] } {
  const per = row.per;
  const size = parsed.packSize;
  if (per === 'ml' || per === 'g' || per === 'g or ml') {
    if (size !== null && (parsed.packUnit === 'ml' || parsed.packUnit === 'g')) return { units: quantity * size, confidence: 1, notes: [] };
    if (row.per_quantity !== 1) return { units: quantity * row.per_quantity, confidence: 0.7, notes: [`one ${row.unit} assumed per unit billed`] };
    return { units: quantity, confidence: 0.5, notes: [`volume billed not printed: quantity read as ${per}`] };
  }
  if (COUNTED.has(per)) {
    if (size !== null && parsed.packUnit === per && size > 1) return { units: quantity * size, confidence: 1, notes: [`${quantity} pack(s) of ${size}`] };
    return { units: quantity * (per === 'dose' ? row.per_quantity : 1), confidence: 1, notes: [] };
  }
  return { units: quantity, confidence: 0.6, notes: [`unit "${row.unit}" read as one per quantity billed`] };
}
