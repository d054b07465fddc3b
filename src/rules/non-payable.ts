// Non-payable: a charge CGHS says is included in room rent or package rates, or that IRDAI lists
// as not payable (Master Circular on standardisation in health insurance, 2020: List I not
// payable, List II subsumed into room charges, List III into procedure charges, List IV into
// the cost of treatment). excess = the line's amount.
//
// When the list applies (data: WHEN_IT_APPLIES below):
// - room-rent items of the CGHS annexure (registration, bio-medical waste, infection control…),
//   IRDAI List II items (documentation, file and administrative charges, admission kits…) and
//   List IV items (registration / admission charges) are flagged on every bill, as the contract
//   lists them: critical on an inpatient bill, a warning on an outpatient one — there is no room
//   rent to fold them into, but an insurer will not pay them and CGHS beneficiaries may not be
//   charged them, so the hospital should say what they are for;
// - procedure items (List III: gauze, blades, drapes…) are flagged when a procedure is billed,
//   else they are ordinary consumables and nothing is said;
// - package items (room, doctor visits, medicines, consumables, monitoring, oxygen…) are flagged
//   only when the bill charges a package: outside a package they are payable, nothing is said.
// - List I items (visitor pass, TV, toiletries…) are always flagged, as a warning: they may be
//   optional services the patient asked for.
import type { Context, RedFlag, Severity } from '../domain/analysis.ts';
import type { ExtractedBill, MatchedItem, Rule } from '../domain/bill.ts';
import type { NonPayableRow } from '../reference/types.ts';
import { inr, makeFlag, quoted, severityFor, uncertaintyNote } from './flag.ts';

type Applies = (bill: ExtractedBill, matched: MatchedItem[]) => boolean;

const always: Applies = () => true;
const isInpatient: Applies = (bill) =>
  bill.header.kind === 'inpatient' || Boolean(bill.header.admission_date) ||
  bill.items.some((i) => i.category === 'room' || i.category === 'icu');
const procedureBilled: Applies = (bill) => bill.items.some((i) => i.category === 'procedure');
const packageBilled: Applies = (bill) =>
  bill.items.some((i) => /\bpackages?\b/i.test(i.description) || /\bpackages?\b/i.test(i.section ?? ''));

/**
 * `otherwise`: what to say when the list does not apply to this bill; null means the line is
 * simply payable then, and nothing is reported.
 */
const WHEN_IT_APPLIES: Record<NonPayableRow['list'], { applies: Applies; serious: boolean | Applies; otherwise: string | null }> = {
  'IRDAI-I': { applies: always, serious: false, otherwise: null },
  'IRDAI-II': { applies: always, serious: isInpatient, otherwise: null },
  'IRDAI-III': { applies: procedureBilled, serious: false, otherwise: null },
  'IRDAI-IV': { applies: always, serious: isInpatient, otherwise: null },
  'CGHS-ROOM': { applies: always, serious: isInpatient, otherwise: null },
  'CGHS-PACKAGE': { applies: packageBilled, serious: true, otherwise: null },
};

export const nonPayableRule: Rule = ({ bill, matched, context }) =>
  matched.flatMap((m) => {
    const flag = nonPayableFor(m, bill, matched, context);
    return flag ? [flag] : [];
  });

function nonPayableFor(m: MatchedItem, bill: ExtractedBill, matched: MatchedItem[], ctx: Context): RedFlag | null {
  const { item, match } = m;
  if (!match || match.kind !== 'non_payable' || !(item.amount > 0)) return null;
  const { row } = match;
  // The list that was in force on the bill's date decides when it applies, the wording and the citation.
  const rule = ruleInForce(row, bill, packageBilled(bill, matched));
  const cited = rule ?? { list: row.list, citation: row.citation };
  const policy = WHEN_IT_APPLIES[cited.list];
  const confidence = Math.min(match.confidence, item.confidence);
  const applies = policy.applies(bill, matched);
  if (!applies && policy.otherwise === null) return null;
  const binding = ctx.scheme !== 'private';
  const serious = typeof policy.serious === 'function' ? policy.serious(bill, matched) : policy.serious;
  let severity: Severity = severityFor(confidence, serious && binding);

  let reason = `${quoted(item)} (${inr(item.amount)}) ${whatTheListSays(cited.list, row.name)}`;
  if (binding) reason += ' It should not be billed separately.';
  else reason += ' CGHS and insurers treat it so; as a private patient you can ask for it to be waived.';
  if (ctx.scheme === 'insured') reason += ' Your insurer will not pay it as a separate item.';
  if (!rule) {
    // Only a rule written down after this bill lists it: still flagged (the inclusion is long-standing
    // CGHS practice), but the reason says so, since the hospital may answer that it did not yet apply.
    const from = row.citation.in_force_from ?? row.citation.date ?? '';
    reason += ` The rule cited applies in these words from ${dmy(from)}, after this bill's date (${dmy(billDateOf(bill) ?? '')}); ask the hospital what the charge covers.`;
  }
  if (severity === 'info') {
    reason += ` ${uncertaintyNote(item, match)}`;
  } else if (!applies) {
    severity = 'info';
    reason += ` Not counted: ${policy.otherwise}.`;
  }

  return makeFlag({
    type: 'non_payable',
    line_items: [item.index],
    billed: item.amount,
    max_allowed: 0,
    excess: item.amount,
    confidence,
    severity,
    reason,
    citation: { source: cited.citation.source, reference: cited.citation.reference, date: cited.citation.date },
  });
}

function billDateOf(bill: ExtractedBill): string | undefined {
  return bill.header.bill_date ?? bill.header.discharge_date ?? bill.header.admission_date ?? bill.items.find((i) => i.date)?.date ?? undefined;
}

function dmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/**
 * The list and citation in force on the bill's date: the row's own when it was in force then,
 * else the first other list the charge is on that was (a package list only when a package is
 * billed); null when none was. A bill without a date takes the row's own.
 */
export function ruleInForce(row: NonPayableRow, bill: ExtractedBill, withPackage: boolean): { list: NonPayableRow['list']; citation: NonPayableRow['citation'] } | null {
  const billDate = billDateOf(bill);
  if (!billDate) return { list: row.list, citation: row.citation };
  const inForce = (c: NonPayableRow['citation']): boolean => (c.in_force_from ?? c.date ?? '0000') <= billDate;
  if (inForce(row.citation)) return { list: row.list, citation: row.citation };
  const other = (row.also_listed ?? []).find((a) => (a.list !== 'CGHS-PACKAGE' || withPackage) && inForce(a.citation));
  return other ? { list: other.list, citation: other.citation } : null;
}

function whatTheListSays(list: NonPayableRow['list'], name: string): string {
  switch (list) {
    case 'IRDAI-I': return `is on IRDAI's list of items not payable (List I: ${name}).`;
    case 'IRDAI-II': return `is part of room charges under IRDAI's List II (${name}).`;
    case 'IRDAI-III': return `is part of procedure charges under IRDAI's List III (${name}).`;
    case 'IRDAI-IV': return `is part of the cost of treatment under IRDAI's List IV (${name}).`;
    case 'CGHS-ROOM': return `is included in room rent under CGHS rules (${name}).`;
    case 'CGHS-PACKAGE': return `is included in the package rate under CGHS rules (${name}).`;
  }
}
