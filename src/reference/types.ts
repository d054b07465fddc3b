// Shapes of the reference datasets kept under data/. Each file is built by the project's own
// builders (src/reference/build/) from the official sources, or curated by hand with a citation
// on every row, and carries its provenance.

export interface Provenance {
  /** Who published it, e.g. "Ministry of Health & Family Welfare, CGHS". */
  publisher: string;
  /** The publication's title as printed. */
  title: string;
  /** OM / notification / circular number where there is one. */
  reference: string | null;
  /** File the dataset was built from (relative name, not a path on this machine). */
  source_file: string | null;
  /** sha256 of that source file, so a rebuild can be checked. */
  source_sha256: string | null;
  notes?: string[];
}

export interface DatasetHeader {
  /** "CGHS" | "NPPA" | "CGHS-OM-2023" | "NON-PAYABLE" | "SYNONYMS" | … */
  source: string;
  /** Edition label, usually the publication date, e.g. "2024-07-08". */
  edition: string;
  /** Date the edition is in force from (YYYY-MM-DD). */
  effective_date: string;
  provenance: Provenance;
}

export type CghsUnit = 'per procedure' | 'per test' | 'per eye' | 'both eyes' | 'per day' | 'per hour' | 'per session' | 'per visit' | 'per film' | 'per unit';

export interface CghsRow {
  /** The CGHS code (Sr. No. of the list), as a string: "590". */
  code: string;
  /** Name exactly as published (whitespace normalised). */
  name: string;
  non_nabh: number | null;
  nabh: number | null;
  unit: CghsUnit;
  /** Section/speciality heading the row sits under, e.g. "TREATMENT PROCEDURE OPTHALMOLOGY". */
  section: string;
  /** consultation | investigation | procedure | room | icu … (see domain Category). */
  category: string;
  /** "ADDED W.E.F. …" date when the list says so (YYYY-MM-DD). */
  added_wef: string | null;
  /** When the row says "See code NNNN" / "Select CGHS rate code NNNN": that code; its rates are copied. */
  alias_of: string | null;
  /** Which edition the rates come from: the dataset's own, or "2014" when filled from the older list. */
  rate_edition: string;
  /** Why a row has no rate, or any other caveat. */
  note: string | null;
}

export interface CghsDataset extends DatasetHeader {
  rows: CghsRow[];
}

export interface NppaRow {
  /** NLEM section, e.g. "2.1 Non-opioid analgesics…" as printed (number and title). */
  section: string;
  /** Medicine as printed, e.g. "Paracetamol". */
  medicine: string;
  /** Dosage form and strength as printed, e.g. "Tablet 500 mg". */
  form_strength: string;
  /** Normalised dosage form: tablet | capsule | injection | syrup | suspension | drops | cream | … */
  dosage_form: string;
  /** Normalised strength, e.g. "500 mg", "2 mg/ml"; null when none. */
  strength: string | null;
  /** Unit/pack as printed, e.g. "1 Tablet", "1 ml", "10 ml", "Each". */
  unit: string;
  /** Unit normalised to the thing a ceiling is per: tablet | capsule | ml | vial | ampoule | g | each | pack … */
  per: string;
  /** Quantity of `per` the unit holds (a "10 ml" unit → 10). */
  per_quantity: number;
  /** Ceiling price in rupees for `unit`, excluding GST. */
  ceiling_price: number;
  so_number: string;
  /** YYYY-MM-DD */
  so_date: string | null;
  page: number;
}

export interface NppaNote {
  section: string;
  medicine: string;
  text: string;
  page: number;
}

export interface NppaDataset extends DatasetHeader {
  rows: NppaRow[];
  notes: NppaNote[];
}

/** CGHS OM 12.04.2023: consultation, room rent and ICU rates (curated table). */
export interface OmRateRow {
  id: string; // "consultation-opd", "room-general", "icu" …
  name: string;
  category: 'consultation' | 'room' | 'icu';
  ward: 'general' | 'semi-private' | 'private' | null;
  nabh: number;
  non_nabh: number;
  unit: 'per consultation' | 'per visit' | 'per day';
  /** Words bills use for it. */
  wordings: string[];
  citation: { source: string; reference: string; date: string };
}

export interface NonPayableRow {
  id: string;
  name: string;
  /** Common bill wordings (lower case), e.g. "admission kit", "welcome kit". */
  wordings: string[];
  /** IRDAI list I–IV or the CGHS annexure. */
  list: 'IRDAI-I' | 'IRDAI-II' | 'IRDAI-III' | 'IRDAI-IV' | 'CGHS-ROOM' | 'CGHS-PACKAGE';
  /** What it is subsumed into: "not payable" | "room rent" | "procedure charges" | "cost of treatment" | "package". */
  included_in: string;
  category: string;
  citation: NonPayableCitation;
  /** Other lists the same charge is on, each with its own citation. */
  also_listed?: Array<{ list: NonPayableRow['list']; included_in: string; citation: NonPayableCitation }>;
}

export interface NonPayableCitation {
  source: string;
  reference: string;
  /** Date of the circular or OM. */
  date: string | null;
  /** When it came into force, where that is later than its date (the CGHS OM of 03.10.2025: 13.10.2025). */
  in_force_from?: string;
}

export interface SynonymGroup {
  /** The canonical expansion used for matching, lower case. */
  canonical: string;
  /** Abbreviations and alternative wordings, lower case. */
  variants: string[];
  domain: 'investigation' | 'procedure' | 'drug' | 'dosage_form' | 'general';
}
