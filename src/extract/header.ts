// Header fields: hospital, city, NABH mention, bill number, patient, dates, ward.
import type { BillHeader } from '../domain/bill.ts';
import type { Line } from '../ingest/types.ts';
import { findDate } from './numbers.ts';
import { HEADER_FIELDS } from './vocabulary.ts';
import { cityFromText } from './cities.ts';

const HOSPITAL_WORDS = /hospital|clinic|nursing\s*home|medical|health|care|institute|centre|center|diagnostic|pharmacy|chemist|medicos|lab|path|aiims|sanstha|अस्पताल|चिकित्सालय/i;

/** "Label: value" pairs in a line's cells ("Patient Name: Mohd. Irfan", "Bill No: IP/2025/71582"). */
export function labelledFields(line: Line): Array<{ field: string; value: string }> {
  const out: Array<{ field: string; value: string }> = [];
  // Colons aligned in a column ("Date    : 05-Mar-2025") leave the label and ": value" in two cells.
  const texts: string[] = [];
  for (const cell of line.cells) {
    const text = cell.text.trim();
    if (/^[:：]/.test(text) && texts.length > 0 && !/[:：]/.test(texts[texts.length - 1]!)) texts[texts.length - 1] += ` ${text}`;
    else texts.push(text);
  }
  for (const text of texts) {
    const m = /^([^:]{2,40}?)\s*[:：]\s*(.*)$/.exec(text);
    if (!m) continue;
    const label = m[1]!;
    for (const [field, re] of HEADER_FIELDS) {
      const hit = re.exec(label);
      if (hit && hit.index + hit[0].length >= label.length - 2) {
        out.push({ field, value: m[2]!.trim() });
        break;
      }
    }
  }
  return out;
}

export function isHeaderFieldLine(line: Line): boolean {
  return labelledFields(line).length > 0;
}

function normaliseWard(value: string): string {
  const v = value.toLowerCase();
  if (/semi[\s-]*private|twin|sharing|double|अर्ध[\s-]*निजी|सेमी[\s-]*प्राइवेट|सेमी[\s-]*प्रायवेट|साझा/.test(v)) return 'semi-private';
  if (/general|common|economy|सामान्य|जनरल|साधारण/.test(v)) return 'general';
  if (/private|single|deluxe|suite|निजी|प्राइवेट|प्रायवेट|एकल|डीलक्स/.test(v)) return 'private';
  return value.trim();
}

/** `lines` is the whole bill (for the hospital, city and NABH mention at its top); `fieldLines` the lines read as "Label: value" header fields. */
export function extractHeader(lines: Line[], fieldLines: Line[]): BillHeader {
  const header: BillHeader = {};
  const top = lines.slice(0, 40);
  for (const line of fieldLines) {
    for (const { field, value } of labelledFields(line)) {
      if (!value) continue;
      switch (field) {
        case 'patient': header.patient ??= value.replace(/\s{2,}.*$/, ''); break;
        case 'bill_no': header.bill_no ??= value.split(/\s{2,}/)[0]; break;
        case 'admission_date': header.admission_date ??= findDate(value)?.iso; break;
        case 'discharge_date': header.discharge_date ??= findDate(value)?.iso; break;
        case 'bill_date': header.bill_date ??= findDate(value)?.iso; break;
        case 'ward': header.ward ??= normaliseWard(value); break;
      }
    }
  }
  // Hospital: the first line with a hospital word, else the first line of words at the top.
  const firstWords = top.slice(0, 8).filter((l) => l.text.trim() && !l.delimited && l.cells.length <= 2 && (!/\d{3,}/.test(l.text) || HOSPITAL_WORDS.test(l.text)) && !isHeaderFieldLine(l) && /[a-z\u0900-\u097f]{3}/i.test(l.text));
  const hospitalLine = firstWords.slice(0, 4).find((l) => HOSPITAL_WORDS.test(l.text)) ?? firstWords[0];
  if (hospitalLine) {
    let name = hospitalLine.cells.map((c) => c.text).join(' ').split(/\s*\|\s*/)[0]!.trim();
    // Running text (a bill with no layout): keep the words up to the hospital word.
    if (name.length > 60) {
      const m = /^(.{0,50}?\b(?:hospitals?|clinic|nursing home|medical centre|medical center|institute)\b)/i.exec(name);
      name = m ? m[1]! : name.slice(0, 60);
    }
    header.hospital = name;
  }
  const topText = top.slice(0, 12).map((l) => l.text).join('\n');
  if (/\bnabh\b|\bnabl\b/i.test(topText) && !/\b(?:non|not)[\s-]*nabh\b/i.test(topText)) header.nabh = true;
  if (/\b(?:non|not)[\s-]*nabh\b/i.test(topText)) header.nabh = false;
  const city = cityFromText(top.slice(0, 8).map((l) => l.text).join(' '));
  if (city) { header.city = city.name; header.state = city.state; }
  if (/\bout[\s-]*patient\b|\bopd\b/i.test(topText)) header.kind = 'outpatient';
  else if (/\bin[\s-]*patient\b|\bipd\b|\bdischarge\b|\badmission\b/i.test(topText)) header.kind = 'inpatient';
  else if (/\bpharmacy\b|\bchemist\b|\bmedical\s+store\b|\btax\s+invoice\b/i.test(topText)) header.kind = 'pharmacy';
  else if (/\blab(?:oratory)?\b|\bdiagnostic/i.test(topText)) header.kind = 'lab';
  return header;
}
