// Money is kept as integer paise inside the analysis; rupees only at the edges.
export type Paise = number;

export const toPaise = (rupees: number): Paise => Math.round(rupees * 100);
export const toRupees = (paise: Paise): number => paise / 100;
/** Rounds a rupee value to the paisa, removing binary floating-point noise. */
export const roundRupees = (rupees: number): number => Math.round(rupees * 100) / 100;

/** Formats rupees with Indian digit grouping: 116205.74 → "1,16,205.74". */
export function formatINR(rupees: number, options?: { symbol?: boolean; decimals?: number }): string {
  // The usual call (₹, two decimals) repeats the same few amounts across a report: remember them.
  if (options === undefined) {
    let text = inrMemo.get(rupees);
    if (text === undefined) {
      if (inrMemo.size >= INR_MEMO_SIZE) inrMemo.clear();
      inrMemo.set(rupees, (text = groupINR(rupees, true, 2)));
    }
    return text;
  }
  return groupINR(rupees, options.symbol ?? true, options.decimals ?? 2);
}

const INR_MEMO_SIZE = 10_000;
const inrMemo = new Map<number, string>();

function groupINR(rupees: number, symbol: boolean, decimals: number): string {
  const negative = rupees < 0;
  const fixed = Math.abs(rupees).toFixed(decimals);
  const [whole = '0', frac] = fixed.split('.');
  // Indian grouping: the last three digits, then pairs ("1,16,205").
  let grouped = whole.slice(-3);
  for (let end = whole.length - 3; end > 0; end -= 2) grouped = `${whole.slice(Math.max(0, end - 2), end)},${grouped}`;
  return `${negative ? '-' : ''}${symbol ? '₹' : ''}${grouped}${frac ? '.' + frac : ''}`;
}
