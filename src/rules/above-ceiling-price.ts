// Above ceiling price: a scheduled medicine or device sold above the NPPA ceiling price for its
// formulation. Rule: Drugs (Prices Control) Order 2013, ceiling prices notified by NPPA (the
// S.O. number and date of the row). Ceiling prices exclude GST, so a price is a breach only
// above ceiling × (1 + GST allowance); the excess itself is counted against the ceiling:
// excess = (price per unit − ceiling) × units billed. Binding on every seller, whatever the scheme.
import type { RedFlag } from '../domain/analysis.ts';
import type { MatchedItem, Rule } from '../domain/bill.ts';
import { ceilingPerUnit, displayDate, formatUnitRate, soLabel } from './benchmark.ts';
import { inr, makeFlag, priceConfidence, quantityWords, quoted, severityFor, uncertaintyNote } from './flag.ts';
import { CEILING_TOLERANCE_PER_UNIT, GST_ALLOWANCE_ON_CEILING } from './policy.ts';

export const aboveCeilingPriceRule: Rule = ({ matched }) =>
  matched.flatMap((m) => {
    const flag = aboveCeilingFor(m);
    return flag ? [flag] : [];
  });

const GST_PERCENT = Math.round(GST_ALLOWANCE_ON_CEILING * 100);

function aboveCeilingFor(m: MatchedItem): RedFlag | null {
  const { item, match } = m;
  if (!match || match.kind !== 'nppa') return null;
  const { row, units, pricePerUnit } = match;
  if (!(units > 0) || !(pricePerUnit > 0)) return null;
  const ceiling = ceilingPerUnit(row);
  const ceilingWithGst = ceiling * (1 + GST_ALLOWANCE_ON_CEILING);
  if (pricePerUnit <= ceilingWithGst + CEILING_TOLERANCE_PER_UNIT) return null;

  const confidence = priceConfidence(item, match);
  const severity = severityFor(confidence, true);
  const excess = (pricePerUnit - ceiling) * units;
  const unit = row.per;
  const so = soLabel(row.so_number);
  const notified = row.so_date ? ` dated ${displayDate(row.so_date)}` : '';
  let reason =
    `${quoted(item)} is charged ${formatUnitRate(pricePerUnit)} per ${unit}; the NPPA ceiling price for ${`${row.medicine} ${row.form_strength}`.trim()} ` +
    `is ${formatUnitRate(ceiling)} per ${unit} excluding GST (${so}${notified}, Drugs (Prices Control) Order 2013). ` +
    `Even allowing ${GST_PERCENT}% GST, the higher of the usual GST rates on medicines (${Number.isInteger(Math.round(ceiling * 10000) / 100) ? inr(ceilingWithGst) : formatUnitRate(ceilingWithGst)} per ${unit}), the price is above the ceiling: ` +
    `${quantityWords(units, unit)} × ${formatUnitRate(pricePerUnit - ceiling)} = ${inr(excess)} above the ceiling price before GST. ` +
    'Ceiling prices bind every seller, hospital pharmacies included, whatever the brand.';
  if (severity === 'info') reason += ` ${uncertaintyNote(item, match)}`;

  return makeFlag({
    type: 'above_ceiling_price',
    line_items: [item.index],
    billed: pricePerUnit * units,
    max_allowed: ceiling * units,
    excess,
    confidence,
    severity,
    reason,
    citation: { source: 'NPPA', reference: `${so}, DPCO 2013`, date: row.so_date },
  });
}
