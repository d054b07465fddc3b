// The data that flows between the stages of one analysis:
// extract → ExtractedBill; match → MatchedItem[]; rules → RedFlag[].
import type { Category, Context, RedFlag } from './analysis.ts';
import type { CghsRow, NppaRow, NonPayableRow, OmRateRow } from '../reference/types.ts';

/** One line item as printed on the bill, before matching. Money in rupees rounded to the paisa. */
export interface BillItem {
  /** 1-based, in bill order. */
  index: number;
  description: string;
  quantity: number;
  /** null when the bill shows no rate. */
  unit_price: number | null;
  amount: number;
  /** YYYY-MM-DD or null. */
  date: string | null;
  category: Category;
  page: number;
  /** The bill's own section heading the line sits under ("PHARMACY", "INVESTIGATIONS"…). */
  section: string | null;
  /** Printed MRP per pack (pharmacy invoices), else null. */
  mrp: number | null;
  /** 0..1: how sure extraction is of this row (OCR confidence, layout certainty). */
  confidence: number;
  /** Repairs applied while reading the row (e.g. an OCR digit fixed by the row's arithmetic). */
  repairs: string[];
  /** The bill prints the rate (and the quantity, unless 1) apart from the amount, none worked out from another, so quantity × rate = amount checks the reading. */
  figuresPrinted?: boolean;
}

export interface BillHeader {
  hospital?: string;
  city?: string;
  /** The bill says it is NABH accredited. */
  nabh?: boolean;
  bill_no?: string;
  bill_date?: string;
  patient?: string;
  admission_date?: string;
  discharge_date?: string;
  /** Ward as printed, normalised to general | semi-private | private when recognisable. */
  ward?: string;
  state?: string;
  /** OPD / IPD / pharmacy / lab, as far as the bill says. */
  kind?: 'inpatient' | 'outpatient' | 'pharmacy' | 'lab';
}

export interface BillTotals {
  /** "Sub Total" / "Gross Amount" as printed. */
  sub_total: number | null;
  /** Sum of discounts/concessions printed (positive number). */
  discount: number;
  /** GST printed as a separate charge (added to the total), else 0. */
  gst: number;
  /** The bill's own net payable / grand total. */
  stated_total: number | null;
  advance: number;
  balance: number | null;
}

export interface ExtractedBill {
  header: BillHeader;
  items: BillItem[];
  totals: BillTotals;
  /** 0..1 overall confidence of the extraction (lower for amounts in words, OCR, unknown layouts). */
  confidence: number;
  languages: string[];
  /** Notes for the user: lines that looked like items but could not be read, figures repaired, etc. */
  warnings: string[];
  /** Lines that looked like items but were left out or could not be fully read (their amounts may be missing from the sum). */
  unreadLines: number;
}

export type ReferenceMatch =
  | { kind: 'cghs'; row: CghsRow; edition: string; confidence: number }
  | { kind: 'om'; row: OmRateRow; confidence: number }
  | { kind: 'nppa'; row: NppaRow; edition: string; confidence: number; /** units of `row.per` billed on the line */ units: number; /** price the bill charged per `row.per` */ pricePerUnit: number }
  | { kind: 'non_payable'; row: NonPayableRow; confidence: number };

export interface MatchedItem {
  item: BillItem;
  match: ReferenceMatch | null;
}

export interface RuleInput {
  bill: ExtractedBill;
  matched: MatchedItem[];
  context: Context;
}

/** One red-flag rule: reads the bill and its matches, returns its findings (may be empty). */
export type Rule = (input: RuleInput) => RedFlag[];
