// What every reader (text, PDF text layer, OCR) hands to extraction: pages of laid-out lines.
// A line keeps its cells (runs of words separated by a column gap) with their horizontal
// positions, so extraction can rebuild table columns whatever the input was.
// Positions: for plain text, x is the character column; for PDF/OCR, x is in "character
// columns" too — the layout step divides points/pixels by an estimated character width — so
// one extraction works for every source.

export type SourceKind = 'text' | 'pdf_text' | 'ocr';

/** A word with its box, as a PDF text layer or OCR engine gives it (page units: points or pixels). */
export interface Word {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** 0..1, OCR only. */
  confidence?: number;
}

export interface Cell {
  text: string;
  /** Start and end column (character units). */
  x0: number;
  x1: number;
  /** 0..1, OCR only: the lowest word confidence in the cell. */
  confidence?: number;
}

export interface Line {
  /** The line rebuilt as fixed-width text: cells placed at their columns, gaps of two or more spaces between cells. */
  text: string;
  cells: Cell[];
  /** 1-based page number. */
  page: number;
  /** 0..1, OCR only: mean word confidence. */
  confidence?: number;
  /** The cells came from explicit delimiters (CSV fields, `|` pipes, tabs): map columns by position, not by x. */
  delimited?: boolean;
}

export interface IngestedPage {
  number: number;
  source: SourceKind;
  lines: Line[];
  /** 0..1 mean word confidence when the page was OCR'd, else null. */
  ocrConfidence: number | null;
}

export interface IngestedDocument {
  fileName: string;
  /** The dominant source: 'ocr' when any page was OCR'd, else the reader's kind. */
  source: SourceKind;
  pages: IngestedPage[];
  /** Mean OCR confidence over OCR'd pages, null when no OCR ran. */
  ocrConfidence: number | null;
  /** Things the reader wants the user to know (dropped header lines, repaired Devanagari…). */
  warnings: string[];
}
