// Above MRP: a pack sold for more than the maximum retail price printed on it (pharmacy
// invoices print both). Rule: Legal Metrology (Packaged Commodities) Rules, 2011, rule 18(2):
// no retail dealer or other person shall sell a commodity in packed form above its retail sale
// price. For medicines the Drugs (Prices Control) Order 2013 says the same of the label price.
// excess = (rate − MRP) × quantity. Binding on every seller, whatever the scheme.
import type { Citation, RedFlag } from '../domain/analysis.ts';
import type { BillItem, Rule } from '../domain/bill.ts';
import { inr, makeFlag, quoted, severityFor, uncertaintyNote, unitPriceOf } from './flag.ts';
import { PAISA } from './policy.ts';

export const LEGAL_METROLOGY_MRP_CITATION: Citation = {
  source: 'Legal Metrology (Packaged Commodities) Rules, 2011',
  reference: 'Rule 18(2)',
  date: '2011-03-07',
};

export const aboveMrpRule: Rule = ({ bill }) =>
  bill.items.flatMap((item) => {
    const flag = aboveMrpFor(item);
    return flag ? [flag] : [];
  });

function aboveMrpFor(item: BillItem): RedFlag | null {
  const mrp = item.mrp;
  const rate = unitPriceOf(item);
  if (mrp === null || !(mrp > 0) || rate === null || item.quantity <= 0) return null;
  if (rate - mrp < PAISA - 1e-9) return null;

  const quantity = item.quantity;
  const excess = (rate - mrp) * quantity;
  const confidence = item.confidence;
  const severity = severityFor(confidence, true);
  const packs = quantity === 1 ? '1 pack' : `${Number.isInteger(quantity) ? quantity : quantity.toFixed(2)} packs`;
  let reason =
    `${quoted(item)} is sold at ${inr(rate)} a pack, above the MRP of ${inr(mrp)} printed on it: ` +
    `${packs} × ${inr(rate - mrp)} = ${inr(excess)} above MRP. No seller may charge more than the printed MRP ` +
    '(Legal Metrology (Packaged Commodities) Rules 2011, rule 18(2); for medicines also the Drugs (Prices Control) Order 2013).';
  if (severity === 'info') reason += ` ${uncertaintyNote(item, null)}`;

  return makeFlag({
    type: 'above_mrp',
    line_items: [item.index],
    billed: rate * quantity,
    max_allowed: mrp * quantity,
    excess,
    confidence,
    severity,
    reason,
    citation: LEGAL_METROLOGY_MRP_CITATION,
  });
}
