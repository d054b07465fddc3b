// Hand-built, realistic inputs for the rule and verdict tests: reference rows copied from the
// official lists (CGHS Delhi/NCR rate list updated 08.07.2024; NPPA compendium of ceiling prices
// as on 10.08.2022; CGHS OM of 12.04.2023; IRDAI Master Circular of 22.07.2020; CGHS annexures)
// and bills shaped like the ones hospitals print.
import type { Category, Context } from '../domain/analysis.ts';
import type { BillHeader, BillItem, BillTotals, ExtractedBill, MatchedItem, ReferenceMatch, RuleInput } from '../domain/bill.ts';
import type { CghsRow, NonPayableRow, NppaRow, OmRateRow } from '../reference/types.ts';

export const CGHS_EDITION = '2024-07-08';
export const NPPA_EDITION = '2022-08-10';

const cghs = (code: string, name: string, nonNabh: number | null, nabh: number | null, unit: CghsRow['unit'], section: string, category: string, extra: Partial<CghsRow> = {}): CghsRow => ({
  code, name, non_nabh: nonNabh, nabh, unit, section, category, added_wef: null, alias_of: null, rate_edition: CGHS_EDITION, note: null, ...extra,
});

/** Rows of the CGHS Delhi/NCR rate list (08.07.2024), rates as printed (Non-NABH, NABH). */
export const CGHS = {
  consultationOpd: cghs('1', 'Consultation OPD', 350, 350, 'per visit', 'CGHS TREATMENT PROCEDURE/INVESTIGATION LIST', 'consultation'),
  consultationIpd: cghs('2', 'Consultation- for Inpatients', 350, 350, 'per visit', 'CGHS TREATMENT PROCEDURE/INVESTIGATION LIST', 'consultation'),
  appendicectomy: cghs('449', 'Appendicectomy', 16150, 19000, 'per procedure', 'TREATMENT PROCEDURE ABDOMEN / GI SURGERY', 'procedure'),
  icu: cghs('511', 'ICU Charges (Inclusive of Room Rent)', 4590, 5400, 'per day', 'TREATMENT PROCEDURE ICU/CCU', 'icu'),
  ecg: cghs('590', 'Electrocardiogram (ECG)', 150, 175, 'per test', 'TREATMENT PROCEDURE CARDIOVASCULAR AND CARDIAC SURGERY & INVESTIGATIONS', 'investigation'),
  esr: cghs('1392', 'Erythrocyte Sedimentation Rate (ESR)', 20, 23, 'per test', 'LABORATORY MEDICINE', 'investigation'),
  cbc: cghs('1393', 'Complete Haemogram/CBC, Hb, RBC count and indices, TLC, DLC, Platelet, ESR, Peripheral smear', 135, 155, 'per test', 'LABORATORY MEDICINE', 'investigation', { rate_edition: '2014', note: 'rates missing from the 2024 extraction; filled from the 2014 list' }),
  bun: cghs('1446', 'Blood Urea Nitrogen', 50, 58, 'per test', 'LABORATORY MEDICINE', 'investigation'),
  uricAcid: cghs('1455', 'Serum Uric Acid', 55, 63, 'per test', 'LABORATORY MEDICINE', 'investigation'),
  troponinI: cghs('1498', 'Troponin I', 100, 115, 'per test', 'LABORATORY MEDICINE', 'investigation'),
  hba1c: cghs('1510', 'Glycosylated Haemoglobin (HbA1c)', 130, 150, 'per test', 'LABORATORY MEDICINE', 'investigation'),
  vitaminB12: cghs('1518', 'Vitamin B12 assay.', 250, 288, 'per test', 'LABORATORY MEDICINE', 'investigation'),
  chestXray: cghs('1608', 'Chest PA view (one film)', 195, 230, 'per film', 'RADIOLOGY', 'investigation'),
  ncv: cghs('1718', 'Nerve Conduction Velocity (NCV) (at least 2 limbs)', 638, 734, 'per test', 'NEUROLOGY', 'investigation'),
} satisfies Record<string, CghsRow>;

const OM_CITATION = { source: 'CGHS', reference: 'OM F.No. Z.15025/28/2022/DIR/CGHS', date: '2023-04-12' };
const om = (id: string, name: string, category: OmRateRow['category'], ward: OmRateRow['ward'], nabh: number, nonNabh: number, unit: OmRateRow['unit'], wordings: string[]): OmRateRow => ({
  id, name, category, ward, nabh, non_nabh: nonNabh, unit, wordings, citation: OM_CITATION,
});

/** The OM of 12.04.2023: consultation, room rent by ward, ICU. */
export const OM = {
  consultationOpd: om('consultation-opd', 'OPD consultation', 'consultation', null, 350, 350, 'per consultation', ['opd consultation', 'consultation charges']),
  consultationIpd: om('consultation-ipd', 'Inpatient visit', 'consultation', null, 350, 350, 'per visit', ['inpatient consultation', 'doctor visit']),
  roomGeneral: om('room-general', 'Room rent, general ward', 'room', 'general', 1500, 1500, 'per day', ['general ward charges', 'bed charges']),
  roomSemiPrivate: om('room-semi-private', 'Room rent, semi-private ward', 'room', 'semi-private', 3000, 3000, 'per day', ['semi-private room rent', 'twin sharing']),
  roomPrivate: om('room-private', 'Room rent, private ward', 'room', 'private', 4500, 4500, 'per day', ['private room rent', 'single room']),
  icu: om('icu', 'ICU (inclusive of room rent)', 'icu', null, 5400, 4590, 'per day', ['icu charges', 'iccu charges']),
} satisfies Record<string, OmRateRow>;

const nppa = (section: string, medicine: string, formStrength: string, dosageForm: string, strength: string | null, unit: string, per: string, perQuantity: number, ceiling: number, page: number, so = 'S.O. 1499(E)'): NppaRow => ({
  section, medicine, form_strength: formStrength, dosage_form: dosageForm, strength, unit, per, per_quantity: perQuantity, ceiling_price: ceiling, so_number: so, so_date: '2022-03-30', page,
});

const ANALGESICS = '2.1 Non-opioid analgesics, antipyretics and nonsteroidal anti-inflammatory medicines';

/** Rows of the NPPA compendium of ceiling prices (as on 10.08.2022), ceiling excluding GST. */
export const NPPA = {
  paracetamol500: nppa(ANALGESICS, 'Paracetamol', 'Tablet 500 mg', 'tablet', '500 mg', '1 Tablet', 'tablet', 1, 1.01, 4),
  paracetamol650: nppa(ANALGESICS, 'Paracetamol', 'Tablet 650 mg', 'tablet', '650 mg', '1 Tablet', 'tablet', 1, 2.04, 4),
  diclofenac50: nppa(ANALGESICS, 'Diclofenac', 'Tablet 50 mg', 'tablet', '50 mg', '1 Tablet', 'tablet', 1, 2.13, 4),
  cefixime200: nppa('6.2.1 Beta lactam medicines', 'Cefixime', 'Capsule 200 mg', 'capsule', '200 mg', '1 Capsule', 'capsule', 1, 16.03, 8),
  heparin1000: nppa('10.2 Medicines affecting coagulation', 'Heparin', 'Injection 1000 IU/ml', 'injection', '1000 IU/ml', '1 ml', 'ml', 1, 18.11, 18),
  normalSaline100: nppa('29 Solutions correcting water, electrolyte disturbances and acid-base disturbances', 'Sodium chloride', 'Injection 0.9%', 'injection', '0.9%', '100ml Non-Glass', 'ml', 100, 17.55, 30),
  drugElutingStent: nppa('31 Coronary Stents', 'Drug Eluting Stents (DES) which include metallic DES and Bioresorbable Vascular Scaffold (BVS)/Biodegradable stents', '', 'stent', null, '1', 'stent', 1, 34128.13, 30, 'S.O. 1502(E)'),
} satisfies Record<string, NppaRow>;

const IRDAI_2020 = (list: string) => ({
  source: 'IRDAI',
  reference: `IRDAI Master Circular on Standardization of Health Insurance Products, Ref. IRDAI/HLT/REG/CIR/193/07/2020, Annexure: ${list}`,
  date: '2020-07-22',
});
const CGHS_ROOM_2025 = {
  source: 'CGHS',
  reference: 'CGHS OM F.No. 5-16/CGHS(HQ)/HEC/2024 (Part I) dated 03.10.2025, Annexure-III para 1 (ward categories: room rent is a consolidated charge and its components must not be charged separately)',
  date: '2025-10-03',
};
const CGHS_PACKAGE_2010 = { source: 'CGHS', reference: 'CGHS OM No. S.11011/23/2009-CGHS D.II/Hospital Cell (Part I)', date: '2010-11-16' };

/** Non-payable and bundled charges (IRDAI Lists I–IV; CGHS room-rent and package inclusions). */
export const NON_PAYABLE = {
  registration: { id: 'registration-admission', name: 'Registration and admission charges', wordings: ['registration charges', 'admission charges'], list: 'CGHS-ROOM', included_in: 'room rent', category: 'administrative', citation: CGHS_ROOM_2025 },
  bioMedicalWaste: { id: 'biomedical-waste', name: 'Bio-medical waste management', wordings: ['bmw charges', 'bio medical waste'], list: 'CGHS-ROOM', included_in: 'room rent', category: 'waste', citation: CGHS_ROOM_2025 },
  visitorPass: { id: 'visitor-pass', name: 'Visitor / attendant / entrance pass', wordings: ['visitor pass', 'visitors pass'], list: 'CGHS-ROOM', included_in: 'room rent', category: 'attendant', citation: CGHS_ROOM_2025 },
  documentation: { id: 'documentation', name: 'Documentation charges / administrative expenses', wordings: ['documentation charges', 'administrative charges'], list: 'IRDAI-II', included_in: 'room rent', category: 'administrative', citation: IRDAI_2020('List II - items that are to be subsumed into room charges') },
  television: { id: 'television', name: 'Television charges', wordings: ['tv charges', 't.v. charges'], list: 'IRDAI-I', included_in: 'not payable', category: 'amenity', citation: IRDAI_2020('List I - items for which coverage is not available in the policy') },
  gauze: { id: 'gauze', name: 'Gauze / gauze soft', wordings: ['gauze', 'gauze pieces'], list: 'IRDAI-III', included_in: 'procedure charges', category: 'consumable', citation: IRDAI_2020('List III - items that are to be subsumed into procedure charges') },
  pkgOxygen: { id: 'pkg-oxygen', name: 'Oxygen (O2) charges', wordings: ['oxygen charges', 'o2 charges'], list: 'CGHS-PACKAGE', included_in: 'package', category: 'oxygen', citation: { ...CGHS_PACKAGE_2010 } },
} satisfies Record<string, NonPayableRow>;

export function item(index: number, description: string, fields: Partial<BillItem> & { amount: number }): BillItem {
  const quantity = fields.quantity ?? 1;
  return {
    index,
    description,
    quantity,
    unit_price: fields.unit_price === undefined ? fields.amount / quantity : fields.unit_price,
    date: null,
    category: 'other' as Category,
    page: 1,
    section: null,
    mrp: null,
    confidence: 0.97,
    repairs: [],
    ...fields,
  };
}

export const cghsMatch = (row: CghsRow, confidence = 0.95): ReferenceMatch => ({ kind: 'cghs', row, edition: CGHS_EDITION, confidence });
export const omMatch = (row: OmRateRow, confidence = 0.95): ReferenceMatch => ({ kind: 'om', row, confidence });
export const nonPayableMatch = (row: NonPayableRow, confidence = 0.93): ReferenceMatch => ({ kind: 'non_payable', row, confidence });
/** An NPPA match for a line that billed `units` of `row.per` at `pricePerUnit` each. */
export const nppaMatch = (row: NppaRow, units: number, pricePerUnit: number, confidence = 0.92): ReferenceMatch => ({
  kind: 'nppa', row, edition: NPPA_EDITION, confidence, units, pricePerUnit,
});

export function context(fields: Partial<Context> = {}): Context {
  return { accreditation: 'non-nabh', city_tier: 1, ward: 'semi-private', scheme: 'cghs', state: null, ...fields };
}

export interface BillFixture {
  header?: BillHeader;
  totals?: Partial<BillTotals>;
  confidence?: number;
  warnings?: string[];
  unreadLines?: number;
}

/** A bill from its matched lines: the sub total and net payable default to the lines' sum, as a correct bill prints them. */
export function bill(matched: MatchedItem[], fixture: BillFixture = {}): ExtractedBill {
  const items = matched.map((m) => m.item);
  const sum = Math.round(items.reduce((s, i) => s + i.amount * 100, 0)) / 100;
  return {
    header: fixture.header ?? {
      hospital: 'Lifeline Multispeciality Hospital', city: 'Bengaluru', bill_no: 'IP/2025/71582', patient: 'Mohd. Irfan',
      admission_date: '2025-05-05', discharge_date: '2025-05-08', ward: 'semi-private', kind: 'inpatient',
    },
    items,
    totals: { sub_total: sum, discount: 0, gst: 0, stated_total: sum, advance: 0, balance: null, ...fixture.totals },
    confidence: fixture.confidence ?? 0.96,
    languages: ['en'],
    warnings: fixture.warnings ?? [],
    unreadLines: fixture.unreadLines ?? 0,
  };
}

export function ruleInput(matched: MatchedItem[], ctx: Partial<Context> = {}, fixture: BillFixture = {}): RuleInput {
  return { bill: bill(matched, fixture), matched, context: context(ctx) };
}

/** A matched line: the bill item and its reference match (null when nothing matched). */
export const line = (billItem: BillItem, match: ReferenceMatch | null = null): MatchedItem => ({ item: billItem, match });
