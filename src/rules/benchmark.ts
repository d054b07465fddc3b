// The allowed rate per unit for one matched line, after every adjustment, with the words
// saying how it was derived. CGHS rows: accreditation column, city tier, ward entitlement.
// OM 2023 rows: fixed consultation / room (by the patient's ward entitlement) / ICU rates.
// NPPA rows: the ceiling price per tablet, ml, vial… (excluding GST). Non-payable matches
// have no price: the line itself is the finding.
import type { Benchmark, Context } from '../domain/analysis.ts';
import type { MatchedItem, ReferenceMatch } from '../domain/bill.ts';
import type { CghsRow, NppaRow, OmRateRow } from '../reference/types.ts';
import { formatINR, roundRupees } from '../domain/money.ts';
import {
  CITY_TIER_FACTOR, NABH_OVER_NON_NABH, OM_ROOM_RATE_PER_DAY, WARD_FACTOR, adjustmentScope,
} from './cghs-adjustments.ts';

type CghsMatch = Extract<ReferenceMatch, { kind: 'cghs' }>;
type OmMatch = Extract<ReferenceMatch, { kind: 'om' }>;
type NppaMatch = Extract<ReferenceMatch, { kind: 'nppa' }>;

export function benchmarkFor(m: MatchedItem, ctx: Context): Benchmark | null {
  const match = m.match;
  if (!match) return null;
  switch (match.kind) {
    case 'cghs': return cghsBenchmark(match, ctx);
    case 'om': return omBenchmark(match, ctx);
    case 'nppa': return nppaBenchmark(match);
    case 'non_payable': return null;
  }
}

/** The rate column this hospital uses, or a stated substitute when that column is blank. */
function listedRate(row: CghsRow, ctx: Context): { rate: number; words: string } | null {
  if (ctx.accreditation === 'nabh') {
    if (row.nabh !== null) return { rate: row.nabh, words: `NABH rate ${formatINR(row.nabh)}` };
    if (row.non_nabh !== null) {
      const rate = row.non_nabh * NABH_OVER_NON_NABH;
      return { rate, words: `NABH rate not printed: non-NABH rate ${formatINR(row.non_nabh)} + 15%` };
    }
    return null;
  }
  if (row.non_nabh !== null) return { rate: row.non_nabh, words: `non-NABH rate ${formatINR(row.non_nabh)}` };
  // The higher NABH figure is an upper bound: it can only make us accuse less.
  if (row.nabh !== null) return { rate: row.nabh, words: `non-NABH rate not printed: NABH rate ${formatINR(row.nabh)} used` };
  return null;
}

function cghsBenchmark(match: CghsMatch, ctx: Context): Benchmark | null {
  const { row } = match;
  if (row.category.trim().toLowerCase() === 'room') return roomBenchmark(ctx, match.confidence, row.code, match.edition);
  const listed = listedRate(row, ctx);
  if (!listed) return null;
  const scope = adjustmentScope(row.category);
  const steps = [`CGHS code ${row.code}, ${listed.words}`];
  let rate = listed.rate;
  if (scope === 'fixed') {
    steps.push('fixed for all empanelled hospitals by the OM of 12.04.2023: no city-tier or ward adjustment');
  } else {
    const tier = CITY_TIER_FACTOR[ctx.city_tier];
    rate *= tier.factor;
    steps.push(tier.label);
    if (scope === 'tier+ward') {
      const ward = WARD_FACTOR[ctx.ward];
      rate *= ward.factor;
      steps.push(ward.label);
    } else {
      steps.push('no ward adjustment: the ward changes only procedure and package rates');
    }
  }
  const stale = isStaleRate(row, match.edition);
  if (stale) steps.push(`rate taken from the ${row.rate_edition} list because the ${match.edition} list's rate is missing`);
  return {
    source: 'CGHS',
    code: row.code,
    name: row.name,
    rate: roundRupees(rate),
    unit: row.unit,
    match_confidence: match.confidence,
    edition: stale ? row.rate_edition : match.edition,
    basis: steps.join('; '),
  };
}

/** True when the row's rate was filled from an older list than the edition matched. */
export function isStaleRate(row: CghsRow, edition: string): boolean {
  const rowYear = Number(row.rate_edition.slice(0, 4));
  const editionYear = Number(edition.slice(0, 4));
  return Number.isFinite(rowYear) && Number.isFinite(editionYear) && rowYear > 0 && rowYear < editionYear;
}

function roomBenchmark(ctx: Context, confidence: number, code: string | null, edition: string, row?: OmRateRow): Benchmark {
  // The allowance follows the patient's entitlement, whatever room the bill says was used.
  const rate = row && row.ward === ctx.ward ? columnFor(row, ctx) : OM_ROOM_RATE_PER_DAY[ctx.ward];
  return {
    source: 'CGHS',
    code,
    name: `Room rent, ${ctx.ward} ward entitlement`,
    rate: roundRupees(rate),
    unit: 'per day',
    match_confidence: confidence,
    edition,
    basis: `room rent per day for a ${ctx.ward} ward entitlement, ${formatINR(rate)} for NABH and non-NABH hospitals alike, per the OM of 12.04.2023; no city-tier adjustment`,
  };
}

const columnFor = (row: OmRateRow, ctx: Context): number => (ctx.accreditation === 'nabh' ? row.nabh : row.non_nabh);

function omBenchmark(match: OmMatch, ctx: Context): Benchmark {
  const { row } = match;
  const edition = row.citation.date;
  if (row.category === 'room') return roomBenchmark(ctx, match.confidence, null, edition, row);
  const rate = columnFor(row, ctx);
  const accreditation = ctx.accreditation === 'nabh' ? 'NABH' : 'non-NABH';
  const basis = row.category === 'icu'
    ? `ICU per day, inclusive of room rent, at a ${accreditation} hospital: ${formatINR(rate)} for every ward entitlement, per the OM of 12.04.2023; no city-tier adjustment`
    : `${row.name}: ${formatINR(rate)} at NABH and non-NABH hospitals alike, per the OM of 12.04.2023; no city-tier or ward adjustment`;
  return {
    source: 'CGHS',
    code: null,
    name: row.name,
    rate: roundRupees(rate),
    unit: row.unit,
    match_confidence: match.confidence,
    edition,
    basis,
  };
}

/** Ceiling per `row.per` (tablet, ml…): kept to 1/100 paisa, since a per-ml ceiling is often below a paisa's precision. */
export const ceilingPerUnit = (row: NppaRow): number =>
  Math.round((row.ceiling_price / (row.per_quantity > 0 ? row.per_quantity : 1)) * 10000) / 10000;

/** "1499(E)" → "S.O. 1499(E)"; an already prefixed number is kept. */
export const soLabel = (soNumber: string): string => (/^s\.?\s*o\.?/i.test(soNumber.trim()) ? soNumber.trim() : `S.O. ${soNumber.trim()}`);

function nppaBenchmark(match: NppaMatch): Benchmark {
  const { row } = match;
  const rate = ceilingPerUnit(row);
  const perPack = row.per_quantity !== 1 ? `${formatINR(row.ceiling_price)} per ${row.unit} = ` : '';
  const notified = row.so_date ? `, ${displayDate(row.so_date)}` : '';
  return {
    source: 'NPPA',
    code: soLabel(row.so_number),
    name: `${row.medicine} ${row.form_strength}`.trim(),
    rate,
    unit: `per ${row.per}`,
    match_confidence: match.confidence,
    edition: match.edition,
    basis: `NPPA ceiling price ${perPack}${formatUnitRate(rate)} per ${row.per}, excluding GST (${soLabel(row.so_number)}${notified}, DPCO 2013)`,
  };
}

/** A per-unit rate: paise when it is whole paise, else up to four decimals (₹0.1755). */
export function formatUnitRate(rate: number): string {
  const paise = Math.round(rate * 100);
  if (Math.abs(rate * 100 - paise) < 1e-6) return formatINR(rate);
  return `₹${Number(rate.toFixed(4))}`;
}

/** "2022-03-30" → "30.03.2022", the way Indian notifications print dates. */
export function displayDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
