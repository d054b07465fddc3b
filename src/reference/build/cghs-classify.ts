// Unit and category of a CGHS rate-list row, read from its name and section.
import type { CghsUnit } from '../types.ts';

export type CghsCategory = 'consultation' | 'investigation' | 'procedure' | 'room' | 'icu' | 'other';

/** Name patterns that say what one unit of the rate is, first match wins. */
const UNIT_RULES: Array<[RegExp, CghsUnit]> = [
  [/\bboth eyes?\b/i, 'both eyes'],
  [/\b(per|one|single|each) eye\b|\bin one eye\b|\(per eye\)/i, 'per eye'],
  [/\bper hour\b|\/\s*per hour|\bhourly\b/i, 'per hour'],
  [/\bper day\b|\(per day\)|\bper diem\b/i, 'per day'],
  [/\bper (session|sitting|sittings|cycle)\b/i, 'per session'],
  [/\bper (film|exposure)\b|\((one|1|single) film\)/i, 'per film'],
  [/\bper (tooth|teeth|quadrant|unit|crown|implant|arch|jaw|bag)\b|-\s*per unit\b/i, 'per unit'],
  [/\bper visit\b/i, 'per visit'],
  [/blood component|whole blood|packed red|fresh frozen plasma|platelet concentrate|cryoprecipitate|platelet\s*\(\s*[RS]DP/i, 'per unit'],
];

/** The unit a rate is for; `qualifier` is what the rate cell itself says ("per eye", "first day; …"). */
export function inferUnit(name: string, category: CghsCategory, qualifiers: ReadonlyArray<string | null> = []): CghsUnit {
  for (const q of qualifiers) {
    if (!q) continue;
    if (/both eyes/.test(q)) return 'both eyes';
    if (/per eye/.test(q)) return 'per eye';
    if (/day/.test(q)) return 'per day';
  }
  for (const [re, unit] of UNIT_RULES) if (re.test(name)) return unit;
  if (category === 'consultation') return 'per visit';
  if (category === 'icu' || category === 'room') return 'per day';
  return category === 'investigation' ? 'per test' : 'per procedure';
}

/** Section titles of laboratory, imaging and other diagnostic tables. */
const INVESTIGATION_SECTION =
  /NAME OF INVESTIGATION|LABORATORY|PATHOLOGY|BIO-?CHEMISTRY|HAEMATOLOGY|BLOOD BANK|CYTOLOGY|CYTOGENETIC|FLOW CYTOMETRY|HORMONES|TUMOU?R MARKER|Nutritional Markers|\bUSG\b|X-RAY|X-ray|Computed Tomography|\bMRI\b|MAMMOGRAPHY|DENSITOMETRY|CEREBROSPINAL FLUID|^TESTS IN\b|NEUROLOGICAL INVESTIGATIONS|^OTHERS$/i;

/** Names of tests: laboratory, radiology and imaging, ECG/EEG/EMG/NCS and other recordings. */
const INVESTIGATION_NAME = new RegExp(
  [
    String.raw`\b(ECG|EKG|EEG|EMG|NCV|NCS|RNS|SSEP|VEP|BERA|ERG|EOG|PFT|TMT|HUTT|DLCO|OCT|HRT|UBM|IOP)\b`,
    String.raw`electrocardiogra|electroencephalogra|electromyogra|electro-?retinogra|evoked potential|nerve conduction|nerve stimulation`,
    String.raw`echocardiogra|fetal echo|stress echo|holter|tread ?mill|tilt test|polysomnogra|sleep study|spirometr|audiogra|audiometr|impedance|tympanometr`,
    String.raw`\bx[- ]?ray\b|radiograph|\bUSG\b|ultrasound(?! guided)|ultrasonograph|sonograph|doppler|\bCT\b|\bCECT\b|\bHRCT\b|\bNCCT\b|computed tomography|\bMRI?\b|magnetic resonance|mammogra|\bPET\b|SPECT|scintigra|\bscan\b|dexa|densitometr|angiography(?! ?plasty)|urography|pyelography|cystourethrography|urethrography|salpingography|myelography|sialography|fistulography|sinography|cholangiography|venography|barium|enteroclysis|(one|two|three|\d) films?\b|\bview\b`,
    String.raw`\btests?\b|\bassay\b|\bcount\b|\bculture\b|serology|antibod|antigen|\blevels?\b|\bprofile\b|estimation|\bsmear\b|haemogram|hemogram|\bCBC\b|\burine\b|\bstool\b|\bsemen\b|\bpanel\b|\bgrouping\b|\btyping\b|cross ?match|karyotyp|\bFISH\b|\bPCR\b|\bRNA\b|\bDNA\b|genotyp|electrophoresis|\bserum\b|\bplasma\b(?! exchange| coagulation)|\bglucose\b|cholesterol|triglycer|lipoprotein|bilirubin|creatinine|\burea\b|uric acid|albumin|protein\b|enzyme|hormone|\bTSH\b|\bT3\b|\bT4\b|HbA1c|haemoglobin|hemoglobin|ferritin|vitamin|\biron\b|calcium|phosph|magnesium|sodium|potassium|electrolyte|amylase|lipase|troponin|\bBNP\b|\bCRP\b|procalcitonin|\bESR\b|\bPT\b|\bAPTT\b|\bINR\b|fibrinogen|d-dimer|marker|histopatholog|cytology|biopsy examination|\b(frozen|paraffin) section\b|\bstain\b|immuno|\bIg[AGME]\b|titre|\bANA\b|\bANCA\b|mantoux|widal|dengue|malaria|typhi|\bHIV\b|HBsAg|\bHCV\b|\bHAV\b|\bHEV\b|\bTORCH\b|genexpert|h1n1|covid|analysis|\bratio\b|clearance|quantitative|qualitative`,
  ].join('|'),
  'i',
);

/** Names that are treatments even inside a diagnostic table (radio-isotope therapy, guided interventions). */
const PROCEDURE_NAME =
  /therapy|treatment|surgery|\w+ectomy\b|\w+otomy\b|\w+ostomy\b|\w+plasty\b|\w+pexy\b|repair|implant|ablation|angioplasty|stent|insertion|removal|drainage|guided|aspiration|injection|infusion|transfusion|dilatation|embolization|catheteri[sz]ation|biopsy(?! examination)|\bFNAC\b|excision|resection|reduction|\bfixation|ligation|\w+olysis\b|\bHIFU\b|focus(ed)? ultrasound|coagulation\b(?! profile)|closure|reconstruction|transplant|dialysis|cannulisation|cannulation|delivery|package|operation|intervention|lithotripsy|fulguration|banding|sclerotherapy|exercise|traction|diathermy|stimulation \(therapeutic\)|wax bath|hot pack|infrared|\bplaster\b|\bcast\b|strapping|bandage|dressing|suturing|cauter|\blaser\b|chemotherapy|radiotherapy|brachytherapy|accelerator|tomotherapy|\bIGRT\b|\bIMRT\b|\bSRS\b|\bSRT\b|cobalt|gating|\bdrug\b|coronary angiography|angiography-peripheral|subtraction angiography|catheterization|cath\b|\bDSA\b|\bIVUS\b|fractional flow|\bFFR\b|optical coherence tomography \(OCT\)\//i;

const ICU_NAME = /\b(ICU|ICCU|CCU|NICU|PICU|HDU)\b|intensive care|ventilator|incubator|care for new ?born/i;

/** What kind of charge a row is (consultation, investigation, procedure, room, icu, other). */
export function inferCategory(name: string, section: string): CghsCategory {
  if (/\bconsultation\b/i.test(name)) return 'consultation';
  if (ICU_NAME.test(name)) return 'icu';
  if (/\b(room rent|ward charges?|bed charges?)\b/i.test(name)) return 'room';
  if (/health check|blood component|whole blood|packed red|fresh frozen plasma|platelet concentrate|cryoprecipitate|piped oxygen|compressed air/i.test(name)) return 'other';
  const diagnosticSection = INVESTIGATION_SECTION.test(section);
  const testName = INVESTIGATION_NAME.test(name);
  const treatmentName = PROCEDURE_NAME.test(name);
  if (testName && !treatmentName) return 'investigation';
  if (diagnosticSection && !treatmentName) return 'investigation';
  if (diagnosticSection && testName && /\b(scan|scintigra|imaging|study|studies|test|assay|estimation|level)\b|aspiration cytology/i.test(name) && !/therapy|treatment|guided|biopsy/i.test(name)) return 'investigation';
  return 'procedure';
}
