// Bill line → the reference that applies to it, in this order:
// (a) a non-payable or bundled charge named by a clear wording ("Registration Charges",
//     "Admission Kit", "Bio-Medical Waste") — never for a line that reads as a medicine;
// (b) the CGHS OM of 12.04.2023 for consultation, room rent and ICU;
// (c) a medicine → its NPPA ceiling (same ingredients, strength and dosage form only);
// (d) anything else → the CGHS rate list, by fuzzy name, preferring the line's category;
// then, when nothing else fits, a charge bundled into CGHS package rates (oxygen, OT…), which
// the rules flag only when the bill charges a package.
// Every match carries a confidence calibrated so that a doubtful match stays below the
// thresholds that let a finding accuse a hospital.
import type { Category, Ward } from '../domain/analysis.ts';
import type { BillItem, ReferenceMatch } from '../domain/bill.ts';
import { parseDrugDescription, type ParsedDrug } from './drug.ts';
import type { ReferenceSet } from './load.ts';
import { cghsMatcher, rankCghs } from './match-cghs.ts';
import { rankNonPayable } from './match-nonpayable.ts';
import { matchNppa } from './match-nppa.ts';
import { matchOm } from './match-om.ts';
import { drugNormalizerFor, normalizerFor } from './match-shared.ts';
import { matchingText } from './normalize.ts';

/** Confidence levels the rest of the analysis reads a match by. */
export const MATCH_THRESHOLD = {
  /** Below this `matchItem` returns null: nothing plausible. */
  minimum: 0.5,
  /** From this a benchmark is trustworthy enough to compare prices against. */
  benchmark: 0.75,
  /** From this a finding built on the match may accuse a hospital without hedging. */
  accuse: 0.85,
} as const;

/** A non-payable wording this sure ends the search, unless the line is an official CGHS name. */
const CLEAR_NON_PAYABLE = 0.9;
/** A CGHS match this sure is the list's own wording of a service. */
const OFFICIAL_NAME = 0.95;

export interface MatchOptions {
  /** The patient's ward entitlement, for room rent lines that do not print a ward. */
  ward?: Ward | null;
}

/** Categories the extractor gives services, never medicines. */
const SERVICE_CATEGORIES: ReadonlySet<Category> = new Set(['investigation', 'procedure', 'consultation', 'room', 'icu', 'administrative']);

/** The line reads as a medicine (or a device with a ceiling price, such as a coronary stent). */
export function readsAsDrug(item: BillItem, parsed: ParsedDrug | null): boolean {
  if (item.category === 'drug') return true;
  if (!parsed?.isDrug) return false;
  if (item.category === 'implant') return parsed.form === 'stent';
  return !SERVICE_CATEGORIES.has(item.category);
}

/**
 * The reference a bill line is benchmarked against, or null when none fits with at least
 * `MATCH_THRESHOLD.minimum` confidence. `billDate` selects the editions in force (default: the
 * line's own date, else the latest editions).
 */
export function matchItem(item: BillItem, refs: ReferenceSet, billDate?: string | null, options: MatchOptions = {}): ReferenceMatch | null {
  const date = billDate ?? item.date ?? null;
  const description = matchingText(item.description);
  const service = normalizerFor(refs);
  // Service categories never read as medicines: spare them the medicine parser.
  const parsed = SERVICE_CATEGORIES.has(item.category) ? null : parsedDrug(description);
  const drugLine = readsAsDrug(item, parsed);
  const found: ReferenceMatch[] = [];
  const cghs = lazy(() => matchCghs(description, item.category, refs, date));

  // (a) clear non-payable wordings — unless the line is an official CGHS service name ("Hot pack").
  const npData = refs.nonPayable(date);
  const np = npData ? rankNonPayable(npData, service, description)[0] : undefined;
  if (np && !(drugLine && np.unexplained.length > 0)) {
    const match: ReferenceMatch = { kind: 'non_payable', row: np.row, confidence: np.confidence };
    if (np.confidence >= CLEAR_NON_PAYABLE && item.category !== 'drug') {
      const official = cghs();
      return official && official.confidence >= OFFICIAL_NAME ? official : match;
    }
    found.push(match);
  }

  if (drugLine) {
    // (c) medicines: an NPPA formulation. A medicine has no CGHS rate; a line the extractor did not
    // call a drug may still be a service that names one ("Injection for Varicose Veins").
    const nppaData = refs.nppa(date);
    if (parsed && nppaData) {
      const m = matchNppa(nppaData, drugNormalizerFor(refs), { ...item, description }, parsed);
      if (m) found.push({ kind: 'nppa', row: m.row, edition: nppaData.edition, confidence: m.confidence, units: m.units, pricePerUnit: m.pricePerUnit });
    }
    const service = item.category === 'drug' ? null : cghs();
    if (service && service.confidence >= MATCH_THRESHOLD.benchmark) found.push(service);
    return best(found);
  }

  // (b) consultation, room rent, ICU
  const omData = refs.om(date);
  const om = omData ? matchOm(omData, service, description, item.category, options.ward ?? null) : null;
  if (om) found.push({ kind: 'om', row: om.row, confidence: om.confidence });

  // (d) the CGHS rate list. The OM fixes consultation, room and ICU rates: a CGHS row for them
  // only stands in when no OM row matched.
  const top = cghs();
  if (top && !(om && isOmCategory(top.row.category))) found.push(top);

  const chosen = best(found);
  if (chosen && chosen.confidence >= MATCH_THRESHOLD.benchmark) return chosen;
  // Charges bundled into package rates (OT, anaesthesia, oxygen…): payable on their own, flagged
  // only under a package. Their wording beats a weak guess in the rate list.
  const pkg = npData ? rankNonPayable(npData, service, description, true)[0] : undefined;
  if (pkg && pkg.confidence >= MATCH_THRESHOLD.minimum && (!chosen || pkg.confidence > chosen.confidence)) return { kind: 'non_payable', row: pkg.row, confidence: pkg.confidence };
  return chosen;
}

const parsedDrugs = new Map<string, ParsedDrug | null>();

/** The medicine parser's reading of a line, once per wording (bills repeat their lines day after day). */
function parsedDrug(description: string): ParsedDrug | null {
  let parsed = parsedDrugs.get(description);
  if (parsed === undefined) {
    parsed = parseDrugDescription(description);
    if (parsedDrugs.size >= 10_000) parsedDrugs.clear();
    parsedDrugs.set(description, parsed);
  }
  return parsed;
}

/** The best CGHS row for a line, or null. */
function matchCghs(description: string, category: Category, refs: ReferenceSet, date: string | null): Extract<ReferenceMatch, { kind: 'cghs' }> | null {
  const data = refs.cghs(date);
  if (!data) return null;
  const service = normalizerFor(refs);
  // A bill repeats its lines (a test on three days, a visit every day): each wording is looked up once.
  const matcher = cghsMatcher(data, service);
  let memo = cghsMemo.get(matcher);
  if (!memo) cghsMemo.set(matcher, (memo = new Map()));
  const key = `${category}\u0000${description}`;
  let found = memo.get(key);
  if (found === undefined) {
    const top = rankCghs(matcher, service.normalize(description).tokens, category, 3)[0];
    found = top ? { kind: 'cghs', row: top.row, edition: data.edition, confidence: top.confidence } : null;
    if (memo.size >= 10_000) memo.clear();
    memo.set(key, found);
  }
  return found && { ...found };
}

const cghsMemo = new WeakMap<object, Map<string, Extract<ReferenceMatch, { kind: 'cghs' }> | null>>();

function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) { value = compute(); done = true; }
    return value;
  };
}

const isOmCategory = (category: string) => ['consultation', 'room', 'icu'].includes(category.trim().toLowerCase());

/** The most confident match at or above the minimum; earlier entries win ties. */
function best(found: ReferenceMatch[]): ReferenceMatch | null {
  let chosen: ReferenceMatch | null = null;
  for (const m of found) if (m.confidence >= MATCH_THRESHOLD.minimum && (!chosen || m.confidence > chosen.confidence)) chosen = m;
  return chosen;
}
