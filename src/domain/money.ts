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
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3);
  const grouped = rest ? rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',') + ',' + last3 : last3;
  return `${negative ? '-' : ''}${symbol ? '₹' : ''}${grouped}${frac ? '.' + frac : ''}`;
}
