// Overcharge: a consultation, investigation, procedure, room or ICU line whose unit price is
// above its CGHS rate after every adjustment (accreditation, city tier, ward entitlement).
// Rule: CGHS rate list (2024) for procedures and investigations; OM of 12.04.2023
// (F.No. Z.15025/28/2022/DIR/CGHS) for consultation, room rent and ICU.
// excess = (unit price − allowed rate) × quantity.
import type { Citation, Context, RedFlag, Severity } from '../domain/analysis.ts';
import type { MatchedItem, Rule } from '../domain/bill.ts';
import { benchmarkFor, displayDate, isStaleRate } from './benchmark.ts';
import { adjustmentScope, OM_2023_CITATION } from './cghs-adjustments.ts';
import {
  cghsRatesBind, inr, makeFlag, priceConfidence, quantityWords, quoted, severityFor, uncertaintyNote, unitPriceOf,
} from './flag.ts';
import { LARGE_OVERCHARGE_RATIO, LARGE_OVERCHARGE_RUPEES, PAISA } from './policy.ts';

export const overchargeRule: Rule = ({ matched, context }) =>
  matched.flatMap((m) => {
    const flag = overchargeFor(m, context);
    return flag ? [flag] : [];
  });

function overchargeFor(m: MatchedItem, ctx: Context): RedFlag | null {
  const { item, match } = m;
  if (!match || (match.kind !== 'cghs' && match.kind !== 'om')) return null;
  const benchmark = benchmarkFor(m, ctx);
  const unitPrice = unitPriceOf(item);
  if (!benchmark || unitPrice === null || item.quantity <= 0) return null;
  const allowed = benchmark.rate;
  const perUnitExcess = unitPrice - allowed;
  if (perUnitExcess < PAISA - 1e-9) return null;

  const quantity = item.quantity;
  const excess = perUnitExcess * quantity;
  const confidence = priceConfidence(item, match);
  const stale = match.kind === 'cghs' && isStaleRate(match.row, match.edition);
  const roundingOnly = unitPrice <= Math.ceil(allowed) && !Number.isInteger(allowed);
  const large = excess >= LARGE_OVERCHARGE_RUPEES || unitPrice >= allowed * LARGE_OVERCHARGE_RATIO;

  let severity: Severity = severityFor(confidence, large && cghsRatesBind(ctx));
  const binding = cghsRatesBind(ctx);
  const what = `${quoted(item)} is billed at ${inr(unitPrice)} ${benchmark.unit}`;
  const rateWords = binding ? `the CGHS rate is ${inr(allowed)}` : `the CGHS benchmark rate is ${inr(allowed)}`;
  const total = `${inr(perUnitExcess)} × ${quantityWords(quantity, benchmark.unit)} = ${inr(excess)} ${binding ? 'more than allowed' : 'above the CGHS benchmark rate'}.`;
  let reason = `${what}; ${rateWords} (${benchmark.basis}). ${total}`;
  if (!binding) reason += ' CGHS rates bind empanelled hospitals only for CGHS beneficiaries; for you they are a fair-price reference to negotiate with.';

  if (severity === 'info') {
    reason += ` ${uncertaintyNote(item, match)}`;
  } else if (stale) {
    severity = 'info';
    reason += ` Not counted: the current list's rate for code ${benchmark.code ?? ''} is missing, and the older rate used here may be lower than today's.`;
  } else if (roundingOnly) {
    severity = 'info';
    reason += ' Not counted: the difference is the allowed rate rounded up to the rupee.';
  }

  return makeFlag({
    type: 'overcharge',
    line_items: [item.index],
    billed: unitPrice * quantity,
    max_allowed: allowed * quantity,
    excess,
    confidence,
    severity,
    reason,
    citation: citationFor(m),
  });
}

function citationFor(m: MatchedItem): Citation {
  const match = m.match;
  if (match?.kind === 'om') return match.row.citation;
  if (match?.kind === 'cghs') {
    if (adjustmentScope(match.row.category) === 'fixed') return OM_2023_CITATION;
    const dated = /^\d{4}-\d{2}-\d{2}$/.test(match.edition);
    const updated = dated ? ` updated on ${displayDate(match.edition)}` : ` (${match.edition})`;
    return {
      source: 'CGHS',
      reference: `CGHS treatment procedure/investigation rate list${updated}, code ${match.row.code}`,
      date: dated ? match.edition : null,
    };
  }
  return OM_2023_CITATION;
}
