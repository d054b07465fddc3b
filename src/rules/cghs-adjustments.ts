// How a listed CGHS rate becomes the rate allowed for one hospital and one patient.
// Data, not code: every factor names the instruction it comes from (CONTRACT.md, "Benchmark
// adjustments"; DOMAIN.md, "Price references"). They hold for the 2014–2024 CGHS rate lists.
import type { CityTier, Ward } from '../domain/analysis.ts';
import type { Citation } from '../domain/analysis.ts';

/** CGHS OM of 12.04.2023: consultation, room rent and ICU for all empanelled hospitals. */
export const OM_2023_CITATION: Citation = {
  source: 'CGHS',
  reference: 'OM F.No. Z.15025/28/2022/DIR/CGHS',
  date: '2023-04-12',
};

/** City tier: the listed rates are for Tier I (X) cities. */
export const CITY_TIER_FACTOR: Record<CityTier, { factor: number; label: string }> = {
  1: { factor: 1, label: 'Tier I city: rate as listed' },
  2: { factor: 0.9, label: 'Tier II city: 10% less' },
  3: { factor: 0.8, label: 'Tier III city: 20% less' },
};

/** Ward entitlement: procedure and package rates are listed for a semi-private ward. */
export const WARD_FACTOR: Record<Ward, { factor: number; label: string }> = {
  general: { factor: 0.95, label: 'general ward: 5% less' },
  'semi-private': { factor: 1, label: 'semi-private ward: rate as listed' },
  private: { factor: 1.05, label: 'private ward: 5% more' },
};

/**
 * Which adjustments a row's category takes.
 * - fixed: consultation, room rent and ICU are fixed by the OM of 12.04.2023, no tier or ward change;
 * - tier: investigations change with the city tier, not with the ward; so do the list's other
 *   charges (blood components, piped oxygen, health checks), which are neither procedures nor packages;
 * - tier+ward: procedures and packages change with both.
 */
export type AdjustmentScope = 'fixed' | 'tier' | 'tier+ward';

const SCOPE_BY_CATEGORY: Record<string, AdjustmentScope> = {
  consultation: 'fixed',
  room: 'fixed',
  icu: 'fixed',
  investigation: 'tier',
  other: 'tier',
  procedure: 'tier+ward',
  package: 'tier+ward',
};

/** A category the table does not know is treated as a procedure: the list's rows are procedures unless said otherwise. */
export const adjustmentScope = (category: string): AdjustmentScope =>
  SCOPE_BY_CATEGORY[category.trim().toLowerCase()] ?? 'tier+ward';

/** Room rent per day by ward entitlement (OM 12.04.2023), NABH and non-NABH alike. */
export const OM_ROOM_RATE_PER_DAY: Record<Ward, number> = {
  general: 1500,
  'semi-private': 3000,
  private: 4500,
};

/** NABH rates are 15% above non-NABH rates throughout the CGHS lists; used only when the NABH column is blank. */
export const NABH_OVER_NON_NABH = 1.15;
