// Money is kept as integer paise inside the analysis; rupees only at the edges.
export type Paise = number;

export const toPaise = (rupees: number): Paise => Math.round(rupees * 100);
export const toRupees = (paise: Paise): number => paise / 100;
/** Rounds a rupee value to the paisa, removing binary floating-point noise. */
export const roundRupees = (rupees: number): number => Math.round(rupees * 100) / 100;

/** Formats rupees with Indian digit grouping: 116205.74 → "1,16,205.74". */
export function formatINR(rupees: number, { symbol = true, decimals = 2 } = {}): string {
  const negative = rupees < 0;
  const fixed = Math.abs(rupees).toFixed(decimals);
  const [whole = '0', frac] = fixed.split('.');
  // Indian grouping: the last three digits, then pairs ("1,16,205").
  let grouped = whole.slice(-3);
  for (let end = whole.length - 3; end > 0; end -= 2) grouped = `${whole.slice(Math.max(0, end - 2), end)},${grouped}`;
  return `${negative ? '-' : ''}${symbol ? '₹' : ''}${grouped}${frac ? '.' + frac : ''}`;
}
