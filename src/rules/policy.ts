// The thresholds every rule shares, named once. Each says why it has the value it has; the
// README's "How a verdict is reached" section quotes them.

/**
 * A flag whose confidence (min of match and extraction confidence) is below this never accuses:
 * it is kept as an `info` observation and not counted. A wrong benchmark that accuses a
 * hospital is worse than a missed finding (CONTRACT.md, last paragraph).
 */
export const MIN_ACCUSE_CONFIDENCE = 0.6;

/** A regulatory breach is `critical` only when we are at least this sure of the line and its match. */
export const CRITICAL_CONFIDENCE = 0.85;

/**
 * Ceiling prices exclude GST (DPCO 2013). Medicines carry 5% or 12% GST (most were 12% until
 * the GST rate revision of 22.09.2025, most are 5% since); we allow the higher rate so a price
 * that merely includes GST is never called a breach.
 */
export const GST_ALLOWANCE_ON_CEILING = 0.12;

/** Per-unit slack on a ceiling price: a strip's price divided by its tablets rarely lands on the paisa. */
export const CEILING_TOLERANCE_PER_UNIT = 0.01;

/** Rupee tolerance when a price is compared with a benchmark (one paisa). */
export const PAISA = 0.01;

/** An overcharge is "large" (critical for CGHS beneficiaries) from this much per line… */
export const LARGE_OVERCHARGE_RUPEES = 1000;
/** …or when the unit price is at least this multiple of the allowed rate. */
export const LARGE_OVERCHARGE_RATIO = 1.5;

/**
 * Net payable is often rounded to the rupee ("Round off" lines): a difference up to this much
 * between the stated total and the computed one is rounding, not a mismatch.
 */
export const TOTAL_ROUNDING_TOLERANCE = 1.0;
/** A printed sub total is a plain sum of the printed amounts: only paisa noise is tolerated. */
export const SUB_TOTAL_TOLERANCE = 0.05;

/**
 * Lines read by OCR with confidence below this, whose arithmetic is off by exactly one digit,
 * are treated as a possible misread rather than a billing error.
 */
export const OCR_DIGIT_DOUBT_CONFIDENCE = 0.8;

/** Confidence given to an undated repeat of a procedure on a multi-day bill (dates unknown). */
export const UNDATED_PROCEDURE_REPEAT_CONFIDENCE = 0.65;
