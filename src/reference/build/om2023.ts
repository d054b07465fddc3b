// The CGHS OM of 12.04.2023 (F.No. Z.15025/28/2022/DIR/CGHS), "Revision of Consultation Fee, Room
// Rent and ICU charges for All Health Care Organizations (HCOs) empanelled under CGHS", as a small
// curated table: data/cghs-om-2023.json. The OM fixes these rates for every empanelled hospital,
// with no city-tier adjustment, "from the date of issue … till further orders":
//   a) consultation: OPD ₹350, IPD ₹350 (NABH and non-NABH alike);
//   b) ICU: ₹5,400 a day for all categories of ward entitlement, 15% less at non-NABH hospitals,
//      inclusive of room rent;
//   c) room rent a day: general ward ₹1,500, semi-private ₹3,000, private ₹4,500 (NABH and
//      non-NABH alike).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetHeader, OmRateRow } from '../types.ts';
import { DEFAULT_DATA_DIR } from './cghs.ts';
import type { BuildReport } from './registry.ts';

export interface CghsOmDataset extends DatasetHeader {
  rows: OmRateRow[];
}

export const OM2023_OUTPUT_NAME = 'cghs-om-2023.json';
export const OM2023_DATE = '2023-04-12';
export const OM2023_REFERENCE = 'OM F.No. Z.15025/28/2022/DIR/CGHS';
const citation = { source: 'CGHS', reference: OM2023_REFERENCE, date: OM2023_DATE };

/** Non-NABH ICU rate: "for non-NABH accredited hospitals the charges shall be 15% less". */
const ICU_NABH = 5400;
const ICU_NON_NABH = Math.round(ICU_NABH * 0.85);

// Wordings hospital bills use, lower case. A wording that does not name the ward ("room rent") is
// on every room row, and a generic consultation wording on both consultation rows: the row is
// chosen by the bill's ward, or its OPD/IPD context, and the rates of both consultations are equal.
const GENERIC_CONSULTATION = [
  'consultation', 'consultation charges', 'consultation charge', 'consultation fee', 'consultation fees', 'consultant charges',
  'consultation charges - general medicine', 'consultation - general medicine', 'physician consultation', 'specialist consultation',
  'doctor consultation', 'doctor charges', 'doctor fee', 'doctor fees',
];
const GENERIC_ROOM = [
  'room rent', 'room charges', 'room charge', 'bed charges', 'bed charge', 'ward charges', 'accommodation charges',
  'room & nursing charges', 'room and nursing charges', 'bed & nursing charges', 'room rent per day', 'boarding charges',
];

export const OM2023_ROWS: readonly OmRateRow[] = [
  {
    id: 'consultation-opd',
    name: 'OPD consultation',
    category: 'consultation',
    ward: null,
    nabh: 350,
    non_nabh: 350,
    unit: 'per consultation',
    wordings: ['opd consultation', 'opd consultation charges', 'opd consultation fee', 'outpatient consultation', 'out patient consultation', 'op consultation', 'opd visit', 'opd doctor consultation', ...GENERIC_CONSULTATION],
    citation,
  },
  {
    id: 'consultation-ipd',
    name: 'IPD consultation (inpatient visit)',
    category: 'consultation',
    ward: null,
    nabh: 350,
    non_nabh: 350,
    unit: 'per visit',
    wordings: [
      'ipd consultation', 'inpatient consultation', 'in patient consultation', 'in-patient consultation', 'ip consultation', 'doctor visit', 'doctor visit charges',
      'doctors visit', "doctor's visit", 'consultant visit', 'consultant visit charges', 'consultant visiting charges', 'visiting charges', 'visit charges',
      'physician visit', 'specialist visit', 'daily visit', 'ward round', 'senior consultant visit', 'consultation for inpatients',
      ...GENERIC_CONSULTATION,
    ],
    citation,
  },
  {
    id: 'room-general',
    name: 'Room rent, general ward',
    category: 'room',
    ward: 'general',
    nabh: 1500,
    non_nabh: 1500,
    unit: 'per day',
    wordings: ['general ward charges', 'general ward', 'general ward room rent', 'general ward bed charges', 'general bed charges', 'general ward rent', 'ward bed charges', 'common ward charges', 'multi bed ward', 'multi-bed ward charges', 'economy ward', ...GENERIC_ROOM],
    citation,
  },
  {
    id: 'room-semi-private',
    name: 'Room rent, semi-private ward',
    category: 'room',
    ward: 'semi-private',
    nabh: 3000,
    non_nabh: 3000,
    unit: 'per day',
    wordings: ['semi-private room rent', 'semi private room rent', 'semi-private room charges', 'semi private room charges', 'semi-private ward', 'semi private ward', 'semi-private room', 'semi private room', 'twin sharing room', 'twin sharing room charges', 'double sharing room', 'two bedded room', ...GENERIC_ROOM],
    citation,
  },
  {
    id: 'room-private',
    name: 'Room rent, private ward',
    category: 'room',
    ward: 'private',
    nabh: 4500,
    non_nabh: 4500,
    unit: 'per day',
    wordings: ['private room charges', 'private room rent', 'private room', 'private ward', 'private ward charges', 'single room', 'single room charges', 'single occupancy room', 'deluxe room', 'deluxe room charges', 'single ac room', ...GENERIC_ROOM],
    citation,
  },
  {
    id: 'icu',
    name: 'ICU charges (inclusive of room rent), all ward entitlements',
    category: 'icu',
    ward: null,
    nabh: ICU_NABH,
    non_nabh: ICU_NON_NABH,
    unit: 'per day',
    wordings: [
      'icu charges', 'icu', 'icu bed charges', 'icu room charges', 'icu rent', 'intensive care unit', 'intensive care unit charges', 'intensive care charges',
      'iccu charges', 'ccu charges', 'micu charges', 'sicu charges', 'ict charges', 'critical care charges', 'critical care unit', 'hdu charges', 'high dependency unit',
    ],
    citation,
  },
];

export function buildOm2023Dataset(): CghsOmDataset {
  return {
    source: 'CGHS-OM-2023',
    edition: OM2023_DATE,
    effective_date: OM2023_DATE,
    provenance: {
      publisher: 'Ministry of Health & Family Welfare, Directorate General of CGHS',
      title: 'Revision of Consultation Fee, Room Rent and ICU charges for All Health Care Organizations (HCOs) empanelled under CGHS',
      reference: `${OM2023_REFERENCE} dated 12.04.2023`,
      source_file: null,
      source_sha256: null,
      notes: [
        'Curated by hand from the OM; every row cites it. The rates apply from the date of issue, till further orders, to every HCO empanelled under CGHS, with no city-tier adjustment.',
        'Consultation: OPD ₹350 and IPD ₹350, for NABH and non-NABH HCOs alike.',
        'ICU: ₹5,400 a day for all categories of ward entitlement (general, semi-private, private); 15% less (₹4,590) at non-NABH HCOs; inclusive of room rent.',
        'Room rent a day: general ward ₹1,500, semi-private ₹3,000, private ₹4,500, for NABH and non-NABH HCOs alike.',
        'Wordings are lower case. Wordings that do not name a ward ("room rent", "bed charges") are on every room row and generic consultation wordings on both consultation rows: choose the row by the bill\'s ward entitlement or OPD/IPD context.',
      ],
    },
    rows: OM2023_ROWS.map((r) => ({ ...r, wordings: [...new Set(r.wordings)], citation: { ...r.citation } })),
  };
}

/** The dataset's bytes: 2-space JSON with a trailing newline, rows in the table's order. */
export function serialiseOm2023Dataset(dataset: CghsOmDataset): string {
  return `${JSON.stringify(dataset, null, 2)}\n`;
}

/**
 * The OM's rate for a consultation, room or ICU day: the room row of the given ward, the ICU row
 * whatever the ward, the OPD or IPD consultation row.
 */
export function omRate(
  rows: readonly OmRateRow[],
  query: { category: OmRateRow['category']; ward?: OmRateRow['ward']; inpatient?: boolean; nabh: boolean },
): { row: OmRateRow; rate: number } | null {
  let row: OmRateRow | undefined;
  if (query.category === 'room') row = rows.find((r) => r.category === 'room' && r.ward === (query.ward ?? 'semi-private'));
  else if (query.category === 'icu') row = rows.find((r) => r.category === 'icu');
  else row = rows.find((r) => r.category === 'consultation' && r.unit === (query.inpatient ? 'per visit' : 'per consultation'));
  return row ? { row, rate: query.nabh ? row.nabh : row.non_nabh } : null;
}

export async function runOm2023Builder(_sourcesDir: string, outDir: string = DEFAULT_DATA_DIR): Promise<BuildReport> {
  const dataset = buildOm2023Dataset();
  const file = join(outDir, OM2023_OUTPUT_NAME);
  await mkdir(outDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, serialiseOm2023Dataset(dataset));
  await rename(tmp, file);
  return { output: outDir === DEFAULT_DATA_DIR ? `data/${OM2023_OUTPUT_NAME}` : file, rows_written: dataset.rows.length, rows_skipped: 0, skipped: [], warnings: [] };
}
