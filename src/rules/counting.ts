// Count each rupee once. Several rules may hit one line (a duplicate line that is also above
// its CGHS rate; a non-payable line whose arithmetic is also wrong). The money at stake on a
// line can never exceed the line's amount, and:
// - a whole-line finding (non-payable; a duplicate's repeated line) already covers everything
//   else on that line;
// - the part of the amount above quantity × rate (arithmetic) and the part of quantity × rate
//   above the allowed price (overcharge / ceiling / MRP) are different rupees, so they add up,
//   but together never beyond amount − the allowed total;
// - overcharge, ceiling price and MRP all measure the price above a limit: they overlap, so
//   the line counts the largest of them.
// Bill-level findings (total mismatch) are outside the lines' sum and count on their own.
// `info` findings and amounts in the patient's favour are never counted.
import type { RedFlag } from '../domain/analysis.ts';
import type { BillItem } from '../domain/bill.ts';
import { toPaise, toRupees, type Paise } from '../domain/money.ts';

const WHOLE_LINE = new Set(['non_payable', 'duplicate']);
const PRICE = ['above_ceiling_price', 'above_mrp', 'overcharge'];

interface Claim { flag: number; paise: Paise }

/**
 * The flags with `counted_excess` set: the rupees each adds to the bill's overcharge total.
 * Flags that all carry it already (as `runRules` returns them) are returned as they are.
 */
export function withCountedExcess(flags: RedFlag[], items: BillItem[]): RedFlag[] {
  if (flags.every((f) => f.counted_excess !== undefined)) return flags;
  const counted = new Array<Paise>(flags.length).fill(0);
  const amountOf = new Map(items.map((i) => [i.index, Math.max(0, toPaise(i.amount))]));
  const claimsByLine = new Map<number, { whole: Claim[]; arithmetic: Claim[]; price: Array<Claim & { allowed: Paise | null; order: number }> }>();
  const lineClaims = (line: number) => {
    let c = claimsByLine.get(line);
    if (!c) claimsByLine.set(line, (c = { whole: [], arithmetic: [], price: [] }));
    return c;
  };

  flags.forEach((flag, k) => {
    if (flag.severity === 'info' || !(flag.excess > 0)) return;
    if (flag.line_items.length === 0) {
      counted[k] = toPaise(flag.excess);
      return;
    }
    if (WHOLE_LINE.has(flag.type)) {
      // A duplicate's first line is the original: only the repeats are claimed whole.
      const lines = flag.type === 'duplicate' ? flag.line_items.slice(1) : flag.line_items;
      for (const line of lines) lineClaims(line).whole.push({ flag: k, paise: amountOf.get(line) ?? 0 });
      return;
    }
    let remaining = toPaise(flag.excess);
    for (const line of flag.line_items) {
      const share = flag.line_items.length === 1 ? remaining : Math.min(remaining, amountOf.get(line) ?? 0);
      remaining -= share;
      if (flag.type === 'arithmetic_error') lineClaims(line).arithmetic.push({ flag: k, paise: share });
      else {
        const order = PRICE.indexOf(flag.type);
        const allowed = flag.max_allowed === null || flag.line_items.length !== 1 ? null : toPaise(flag.max_allowed);
        lineClaims(line).price.push({ flag: k, paise: share, allowed, order: order < 0 ? PRICE.length : order });
      }
    }
  });

  for (const [line, claims] of claimsByLine) {
    let room = amountOf.get(line) ?? 0;
    for (const claim of claims.whole) {
      const take = Math.min(claim.paise, room);
      counted[claim.flag] = (counted[claim.flag] ?? 0) + take;
      room -= take;
    }
    const allowedTotals = claims.price.map((c) => c.allowed).filter((a): a is Paise => a !== null);
    if (allowedTotals.length > 0) room = Math.min(room, Math.max(0, (amountOf.get(line) ?? 0) - Math.min(...allowedTotals)));
    for (const claim of claims.arithmetic) {
      const take = Math.min(claim.paise, room);
      counted[claim.flag] = (counted[claim.flag] ?? 0) + take;
      room -= take;
    }
    // Overlapping price findings: the line counts the largest; the first in order is credited first.
    let pool = Math.min(room, Math.max(0, ...claims.price.map((c) => c.paise)));
    for (const claim of [...claims.price].sort((a, b) => a.order - b.order)) {
      const take = Math.min(claim.paise, pool);
      counted[claim.flag] = (counted[claim.flag] ?? 0) + take;
      pool -= take;
    }
  }

  return flags.map((flag, k) => ({ ...flag, counted_excess: toRupees(counted[k] ?? 0) }));
}

/** The bill's overcharge: the sum of red flags' excess, each rupee counted once. */
export function overchargeTotal(flags: RedFlag[], items: BillItem[]): number {
  const paise = withCountedExcess(flags, items).reduce((sum, f) => sum + toPaise(f.counted_excess ?? 0), 0);
  return toRupees(paise);
}
