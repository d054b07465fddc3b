// Every red-flag rule, in the fixed order findings are reported: prices first (the benchmark
// rules), then charges that should not be there, then the bill's own arithmetic.
import type { RedFlag } from '../domain/analysis.ts';
import type { Rule, RuleInput } from '../domain/bill.ts';
import { aboveCeilingPriceRule } from './above-ceiling-price.ts';
import { aboveMrpRule } from './above-mrp.ts';
import { arithmeticRule } from './arithmetic.ts';
import { withCountedExcess } from './counting.ts';
import { duplicateRule } from './duplicate.ts';
import { nonPayableRule } from './non-payable.ts';
import { overchargeRule } from './overcharge.ts';
import { totalMismatchRule } from './total-mismatch.ts';

export const RULES: ReadonlyArray<{ name: string; rule: Rule }> = [
  { name: 'overcharge', rule: overchargeRule },
  { name: 'above_ceiling_price', rule: aboveCeilingPriceRule },
  { name: 'above_mrp', rule: aboveMrpRule },
  { name: 'non_payable', rule: nonPayableRule },
  { name: 'duplicate', rule: duplicateRule },
  { name: 'arithmetic_error', rule: arithmeticRule },
  { name: 'total_mismatch', rule: totalMismatchRule },
];

/** Runs every rule on one bill; each flag carries `counted_excess`, the rupees it adds once. */
export function runRules(input: RuleInput): RedFlag[] {
  const flags = RULES.flatMap(({ rule }) => rule(input));
  return withCountedExcess(flags, input.bill.items);
}

export { overchargeTotal, withCountedExcess } from './counting.ts';
export { benchmarkFor } from './benchmark.ts';
