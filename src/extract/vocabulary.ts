// The words bills use, kept as data: column headings, total lines, header fields and the
// keywords that place a line in a category. English and Hindi (Devanagari) side by side.
import type { Category } from '../domain/analysis.ts';

export type ColumnRole = 'sno' | 'date' | 'description' | 'code' | 'qty' | 'rate' | 'amount' | 'mrp' | 'batch' | 'expiry' | 'pack' | 'gst' | 'discount' | 'hsn' | 'ignore';

/** Column headings, matched against a whole header cell (lower case, punctuation trimmed). */
export const COLUMN_HEADINGS: Array<[ColumnRole, RegExp]> = [
  ['sno', /^(?:s\.?\s?no\.?|sl\.?\s?no\.?|sr\.?\s?no\.?|sn|#|no\.?|क्र\.?\s?सं\.?|क्रम\s?संख्या)$/],
  ['date', /^(?:date|service date|bill date|txn date|dt\.?|दिनांक|तारीख|तिथि)$/],
  ['code', /^(?:code|service code|item code|cghs code|test code)$/],
  ['description', /^(?:description|particulars?|service name|services?|item|item name|item description|details|test name|investigation|product|product name|medicine|drug name|name of (?:the )?(?:item|service|test|medicine)|procedure|विवरण|सेवा|सेवा का नाम|दवा)$/],
  ['qty', /^(?:qty\.?|quantity|units?|nos?\.?|no\. of units|days|मात्रा|संख्या)$/],
  ['rate', /^(?:rate|unit price|unit rate|price|rate\/unit|rate per unit|unit cost|charges?|rate \(rs\.?\)|rate \(₹\)|rate \(inr\)|दर|मूल्य|प्रति इकाई)$/],
  ['mrp', /^(?:mrp|m\.r\.p\.?|mrp\/unit|mrp per pack|अधिकतम खुदरा मूल्य)$/],
  ['amount', /^(?:amount|amt\.?|net amt\.?|net amount|total|total amount|amount \(rs\.?\)|amount \(₹\)|amount \(inr\)|amount rs\.?|value|net|line total|राशि|रकम|कुल|कुल राशि)$/],
  ['batch', /^(?:batch|batch no\.?|b\.?\s?no\.?|lot)$/],
  ['expiry', /^(?:exp\.?|expiry|exp\.? date|expiry date)$/],
  ['pack', /^(?:pack|pack size|packing|pkg|unit size)$/],
  ['gst', /^(?:gst|gst %|gst%|tax|cgst|sgst|igst|gst amt\.?)$/],
  ['discount', /^(?:disc\.?|discount|disc %|disc\.? %|concession|छूट)$/],
  ['hsn', /^(?:hsn|hsn code|hsn\/sac|sac)$/],
];

/** Normalises a header cell before matching COLUMN_HEADINGS. */
export function normaliseHeading(text: string): string {
  return text.toLowerCase().replace(/[:*]/g, '').replace(/\s+/g, ' ').trim();
}

export function columnRole(text: string): ColumnRole | null {
  const t = normaliseHeading(text);
  for (const [role, re] of COLUMN_HEADINGS) if (re.test(t)) return role;
  return null;
}

export type TotalKind = 'sub_total' | 'discount' | 'gst' | 'stated_total' | 'advance' | 'balance' | 'taxable' | 'round_off' | 'in_words' | 'paid';

/** Labels of total lines; order matters (first match wins). */
export const TOTAL_LABELS: Array<[TotalKind, RegExp]> = [
  ['in_words', /\b(?:amount|rupees|rs\.?)\s+in\s+words\b|\bin words\b|शब्दों में/i],
  ['taxable', /\btaxable\s+(?:value|amount|amt)\b/i],
  ['round_off', /\bround(?:ed)?[\s-]*off\b|\brounding\b/i],
  ['balance', /\bbalance(?:\s+(?:due|payable|amount|amt))?\b|\bamount\s+due\b|\bdue\s+amount\b|\brefund(?:able)?\b|शेष|बकाया/i],
  ['advance', /\badvance(?:\s+(?:paid|received|deposit))?\b|\bdeposit(?:\s+(?:paid|received))?\b|\bamount\s+(?:paid|received)\b|\bpaid\s+amount\b|\bless\s*:?\s*advance\b|अग्रिम/i],
  // What the patient has paid at the counter: "Paid (UPI)", "Payment received", "Received by card".
  ['paid', /^\s*(?:total\s+)?(?:paid|payment(?:\s+(?:received|made|done))?|received|amount\s+tendered)\b|\bpaid\s+(?:by|via|through|in)\s+(?:cash|card|upi|cheque|neft|online)\b|भुगतान\s*(?:प्राप्त|किया)|प्राप्त\s*राशि/i],
  ['discount', /\bdiscount\b|\bconcession\b|\brebate\b|\bwaiver\b|\bless\s*:?\s*disc|छूट/i],
  ['gst', /\b(?:c|s|i|u)?gst\b(?!\s*(?:no|number|in)\b)|\bgoods and services tax\b|\btax\b(?!\s*(?:invoice|exempt))|जीएसटी|कर\b/i],
  ['sub_total', /\bsub[\s-]*total\b|\bgross\s+(?:total|amount|amt)\b|\btotal\s+(?:charges|bill(?:ed)?\s+amount)\b|\btotal\s+before\b|उप[\s-]*योग|उप[\s-]*कुल/i],
  ['stated_total', /\bnet\s+(?:payable|amount|amt|bill|total)\b|\bgrand\s+total\b|\btotal\s+(?:amount|payable|bill|due)\b|\bamount\s+payable\b|\bpayable\s+amount\b|\bbill\s+amount\b|\bfinal\s+amount\b|\btotal\b|कुल\s*योग|कुल\s*राशि|देय\s*राशि|कुल/i],
];

export function totalKind(label: string): TotalKind | null {
  for (const [kind, re] of TOTAL_LABELS) if (re.test(label)) return kind;
  return null;
}

/** Header fields: label → field. The value follows the label (after ":" or spaces). */
export const HEADER_FIELDS: Array<[string, RegExp]> = [
  ['patient', /\b(?:patient(?:'s)?\s*name|name\s+of\s+(?:the\s+)?patient|patient|pt\.?\s*name)\b|रोगी\s*का\s*नाम|मरीज़?\s*का\s*नाम|रोगी/i],
  ['bill_no', /\b(?:bill|invoice|receipt|ip\s*bill)\s*(?:no\.?|number|#)|\bbill\s*id\b|बिल\s*(?:सं\.?|संख्या|नं\.?)/i],
  ['admission_date', /\b(?:date\s+of\s+admission|admission\s+date|admitted\s+on|doa|date\s+of\s+adm\.?|adm\.?\s*date)\b|भर्ती\s*(?:की\s*)?(?:तिथि|दिनांक)/i],
  ['discharge_date', /\b(?:date\s+of\s+discharge|discharge\s+date|discharged\s+on|dod)\b|डिस्चार्ज\s*(?:की\s*)?(?:तिथि|दिनांक)|छुट्टी\s*(?:की\s*)?(?:तिथि|दिनांक)/i],
  ['bill_date', /\b(?:bill\s+date|invoice\s+date|date\s+of\s+bill|receipt\s+date|date)\b|बिल\s*(?:की\s*)?(?:तिथि|दिनांक)|दिनांक|तारीख/i],
  ['ward', /\b(?:ward|room\s+(?:type|category)|bed\s+category|class)\b|वार्ड/i],
];

/** Section headings → the category of the lines under them. */
export const SECTION_CATEGORIES: Array<[Category, RegExp]> = [
  ['drug', /pharmacy|medicines?|drugs?|dispensary|दवा|औषधि/i],
  ['room', /room|ward|bed|accommodation|कमरा/i],
  ['icu', /\bicu\b|intensive/i],
  ['consultation', /consultation|doctor|visit|professional fees?|परामर्श/i],
  ['investigation', /investigation|laborator|\blab\b|patholog|radiolog|imaging|diagnostic|जांच/i],
  ['procedure', /procedure|surgery|operation|\bot\b|ऑपरेशन/i],
  ['consumable', /consumable|disposable|surgical items/i],
  ['implant', /implant|prosthe|stent/i],
  ['administrative', /misc|other charges|administrative|service charges/i],
];

/** Keywords placing a line in a category by its own description (first match wins). */
export const LINE_CATEGORIES: Array<[Category, RegExp]> = [
  ['icu', /\b(?:icu|iccu|ccu|nicu|picu|micu|sicu|hdu|intensive care|critical care)\b/i],
  ['room', /\b(?:room\s*(?:rent|charges?)|ward\s*(?:charges?|rent)|bed\s*charges?|(?:general|semi[\s-]*private|private|deluxe|twin sharing)\s+(?:ward|room)|accommodation|day\s*care\s*bed)\b|कमरा\s*किराया/i],
  ['consultation', /\b(?:consultation|consult|doctor(?:'s)?\s*(?:visit|fees?|charges?)|visit\s*charges?|physician|specialist\s*visit|opd\s*fees?|professional\s*fees?)\b|परामर्श/i],
  ['implant', /\b(?:stent|implant|prosthesis|pacemaker|intraocular lens|iol|orthopaedic plate|bone plate|screws?)\b/i],
  ['drug', /\b(?:tab|tabs|tablet|cap|caps|capsule|inj|injection|syp|syr|syrup|susp|suspension|drops?|ointment|oint|cream|gel|inhaler|respules?|infusion|vial|ampoule|amp|sachet|lotion|powder|iv fluid)\b|\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|gm|ml|iu)\b/i],
  ['consumable', /\b(?:gloves?|syringes?|needles?|cannula|catheter|gauze|cotton|bandage|dressing\s*(?:material|pad)|drape|mask|ppe\s*kit|urine\s*bag|iv\s*set|suture\s*material|plaster)\b/i],
  ['administrative', /\b(?:registration|admission\s*(?:charges?|fees?)|file|documentation|medical\s*records?|mrd|service\s*charges?|admin(?:istrative)?|processing\s*fees?|certificate|attendant|visitor|pass|tv|television|telephone|laundry|toiletr|diet|food|bio[\s-]*medical\s*waste|bmw|infection\s*control|kit)\b/i],
  ['procedure', /(?:ectomy|otomy|ostomy|plasty|pexy|rrhaphy|scopy\b|repair|replacement|surgery|operation|excision|reduction|fixation|drainage|biopsy|suturing|dressing|catheteri[sz]ation|dialysis|transfusion|delivery|caesarean|lscs|angioplasty|graft|bypass|ptca|cabg|procedure|aspiration)/i],
  ['investigation', /\b(?:test|profile|count|x[\s-]*ray|xr|ct|mri|usg|ultrasound|sonography|doppler|echo|ecg|ekg|eeg|emg|ncs|nerve conduction|tmt|pft|abg|culture|smear|biopsy\s*report|haemogram|hemogram|cbc|lft|kft|rft|tft|tsh|t3|t4|hba1c|glucose|sugar|urea|creatinine|bilirubin|sodium|potassium|chloride|calcium|uric acid|lipid|cholesterol|triglycerides?|esr|crp|hbsag|hiv|hcv|vdrl|widal|dengue|malaria|ferritin|vitamin|troponin|prothrombin|aptt|inr|platelet|haemoglobin|hemoglobin|blood group|grouping|urine|stool|scan|scans|mammography|mammogram|angiography|angiogram|endoscopy|colonoscopy|dexa|opg|bun|hba1c|ct scan|pet[\s-]*ct|holter|audiometry|spirometry)\b/i],
];

/** Lines that are never line items (signatures, declarations, payment notes). */
export const NOISE_LINES = /computer[\s-]*generated|signature|authori[sz]ed\s+signatory|thank\s*you|e\.?\s*&\s*o\.?\s*e|terms\s+(?:and|&)\s+conditions|payment\s+(?:mode|method)|status\s*:|^page\s+\d+|^\s*continued|get well soon|does not (?:need|require)/i;
