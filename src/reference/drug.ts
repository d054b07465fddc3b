// Reads a medicine line as Indian hospital and pharmacy bills print it ("Tab. Dolo 650 (Paracetamol
// 650 mg) Strip of 15", "Inj. Pantoprazole 40mg", "Ondansetron 2mg/ml Injection (per ml)") into the
// parts a ceiling-price match needs: generic name, strengths, dosage form and the pack the price is for.
// Pure string work: no dictionary of brands, so a brand-only line ("Tab Dolo 650") keeps the brand as
// its name; a generic printed in brackets beside the brand is preferred.

export interface ParsedDrug {
  /** Lower case, brand/form/strength/pack words removed, combinations kept as "a + b". */
  generic: string;
  /** Words outside the brackets when the generic came from inside them ("dolo 650"), else null. */
  brand: string | null;
  /** Normalised strengths in printed order: "500 mg", "2 mg/ml", "125 mg/5 ml", "1000 iu/ml", "0.5%". */
  strengths: string[];
  /** tablet | capsule | injection | syrup | suspension | drops | cream | ointment | gel | lotion | inhaler |
   *  respules | rotacap | infusion | powder | granules | sachet | solution | spray | suppository | … | stent */
  form: string | null;
  /** How many `packUnit` the priced pack holds ("Strip of 15" → 15, "(per ml)" → 1, "100 ml" → 100). */
  packSize: number | null;
  /** tablet | capsule | ml | g | vial | ampoule | dose | sachet | … */
  packUnit: string | null;
  /** strip | vial | ampoule | bottle | tube | cartridge | prefilled syringe | bag | box | pack, when printed. */
  container: string | null;
  /** Release and formulation words found: sr, er, dt, ec, forte, … */
  modifiers: string[];
  /** Salt words removed from the generic ("hydrochloride", "sodium" …). */
  salts: string[];
  /** The line reads as a medicine (or a coronary stent, a drug under the Drugs and Cosmetics Act). */
  isDrug: boolean;
}

interface FormRule {
  pattern: RegExp;
  form: string;
}

// Longer phrases first: the first rule that matches decides the form.
const FORM_RULES: FormRule[] = [
  { pattern: /\b(?:drug[- ]eluting stent|coronary stent|bare metal stent|stent)s?\b/, form: 'stent' },
  { pattern: /\b(?:respules?|respirator(?:y)? solution|nebuli[sz](?:er|ing|ation) solution|neb\.?)(?=\s|$|[^a-z])/, form: 'respules' },
  { pattern: /\brotacaps?\b/, form: 'rotacap' },
  { pattern: /\b(?:inhalers?|mdi|evohaler|autohaler|metered dose inhaler)\b/, form: 'inhaler' },
  { pattern: /\b(?:injections?|inj\.?|injn\.?|vials?|ampoules?|ampules?|amps?\.?|pfs|pre-?filled syringe|cartridges?|penfill|flexpen|vaccine)(?=\s|$|[^a-z])/, form: 'injection' },
  { pattern: /\b(?:infusions?|i\.?v\.? fluids?|ivf)\b/, form: 'infusion' },
  { pattern: /\b(?:eye|ear|nasal|oral)?\s*(?:drops?|gtts?\.?|e\/d)(?=\s|$|[^a-z])/, form: 'drops' },
  { pattern: /\b(?:dry syrup|syrups?|syp\.?|syr\.?)(?=\s|$|[^a-z])/, form: 'syrup' },
  { pattern: /\b(?:oral )?(?:suspension|susp\.?|suspn\.?)(?=\s|$|[^a-z])/, form: 'suspension' },
  { pattern: /\b(?:tablets?|tabs?\.?|tb\.?|tbl\.?|caplets?)(?=\s|$|[^a-z])/, form: 'tablet' },
  { pattern: /\b(?:capsules?|caps?\.?|softgels?)(?=\s|$|[^a-z])/, form: 'capsule' },
  { pattern: /\b(?:ointments?|oint\.?)(?=\s|$|[^a-z])/, form: 'ointment' },
  { pattern: /\b(?:creams?|crm\.?)(?=\s|$|[^a-z])/, form: 'cream' },
  { pattern: /\b(?:gel|jelly)\b/, form: 'gel' },
  { pattern: /\blotions?\b/, form: 'lotion' },
  { pattern: /\b(?:nasal )?spray\b/, form: 'spray' },
  { pattern: /\b(?:suppositor(?:y|ies)|supp\.?)(?=\s|$|[^a-z])/, form: 'suppository' },
  { pattern: /\bpessar(?:y|ies)\b/, form: 'pessary' },
  { pattern: /\b(?:mouth ?wash|gargle)\b/, form: 'mouthwash' },
  { pattern: /\blozenges?\b/, form: 'lozenge' },
  { pattern: /\b(?:oral )?liquid\b/, form: 'oral liquid' },
  { pattern: /\belixir\b/, form: 'elixir' },
  { pattern: /\bemulsion\b/, form: 'emulsion' },
  { pattern: /\bpaint\b/, form: 'paint' },
  { pattern: /\bpatch(?:es)?\b/, form: 'patch' },
  { pattern: /\bsachets?\b/, form: 'sachet' },
  { pattern: /\bgranules\b/, form: 'granules' },
  { pattern: /\b(?:dusting )?(?:powder|pwd\.?)(?=\s|$|[^a-z])/, form: 'powder' },
  { pattern: /\b(?:solutions?|soln\.?)(?=\s|$|[^a-z])/, form: 'solution' },
];

/** Forms whose weight in grams is the pack (a 20 g tube), not a strength (a 1 g vial). */
const PACK_BY_WEIGHT = new Set(['cream', 'ointment', 'gel', 'lotion', 'powder', 'granules', 'sachet', 'paste']);

/** What a counted pack ("15's", "1x10") is counted in, by form. */
const COUNT_UNIT: Record<string, string> = {
  tablet: 'tablet', capsule: 'capsule', sachet: 'sachet', suppository: 'suppository', pessary: 'pessary',
  respules: 'respule', rotacap: 'rotacap', lozenge: 'lozenge', patch: 'patch', stent: 'stent',
};

const IV_FLUID = /\b(?:normal saline|saline|ns|dns|rl|r\/l|ringer'?s? lactate|ringer lactate|dextrose|d5|d10|d25|sodium chloride|mannitol|isolyte(?:[- ][a-z])?|hartmann'?s?|plasmalyte|haemaccel|voluven)\b/;

const MODIFIERS = [
  'sustained release', 'extended release', 'controlled release', 'prolonged release', 'modified release',
  'enteric coated', 'film coated', 'orally disintegrating', 'mouth dissolving', 'dispersible', 'chewable',
  'effervescent', 'forte', 'retard', 'sr', 'er', 'xr', 'cr', 'mr', 'xl', 'od', 'la', 'dt', 'ds', 'ec', 'md', 'odt',
];
const MODIFIER_RE = new RegExp(`\\b(?:${MODIFIERS.map((m) => m.replace(/ /g, '\\s+')).join('|')})\\b`, 'g');

/** Words that make a line a device, consumable or service rather than a medicine. */
const NON_DRUG = /\b(?:gloves?|cannula|syringes?|catheters?|masks?|gauze|bandages?|kits?|charges?|fees?|tests?|scan|x-?ray|consultation|room|bed|needles?|sutures?|drapes?|pads?|lancets?|electrodes?|bags?|gowns?|cotton|tapes?|thermometer|foley'?s?|dressing|diapers?|underpads?|sets?|tubes? (?:insertion|set)|ryles?|glucometer|strips? \(glucometer\)|sanitizer|sanitiser|hand rub|soap|shampoo|visit|procedure|surgery)\b/;

/** Salt words dropped from a generic when they follow the active moiety ("diclofenac sodium" → "diclofenac"). */
const SALTS = new Set([
  'hydrochloride', 'hcl', 'sodium', 'potassium', 'calcium', 'trihydrate', 'monohydrate', 'dihydrate', 'anhydrous',
  'besylate', 'besilate', 'maleate', 'mesylate', 'mesilate', 'tartrate', 'bitartrate', 'succinate', 'sulphate',
  'sulfate', 'bisulphate', 'bisulfate', 'phosphate', 'acetate', 'fumarate', 'hyclate', 'dipropionate', 'propionate',
  'valerate', 'bromide', 'hydrobromide', 'disodium', 'magnesium', 'furoate', 'xinafoate', 'pamoate', 'embonate',
]);
/** A salt word after one of these is part of the name ("magnesium sulphate", "ferrous sulphate"). */
const IONS = new Set(['sodium', 'potassium', 'calcium', 'magnesium', 'ferrous', 'ferric', 'zinc', 'aluminium', 'aluminum',
  'lithium', 'silver', 'copper', 'ammonium', 'iron', 'chromium', 'barium', 'cupric']);

const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const AMOUNT_UNIT = String.raw`(mcg|µg|ug|mg|gms?|grams?|g|i\.?u\.?|units?|u|meq|mmol|%)`;
const LAKH = String.raw`(?:lakhs?|lacs?)\s*(?:i\.?u\.?|units?)`;
const PER_UNIT = String.raw`(ml|g|gm|l|litre|dose|puff|actuation|tab|tablet|spray|drop|vial)`;

const RATIO_RE = new RegExp(String.raw`${NUM}\s*${AMOUNT_UNIT}\s*(?:\/|per)\s*${NUM}?\s*${PER_UNIT}\b`, 'g');
const SLASH_PAIR_RE = new RegExp(String.raw`(?<![\d.])${NUM}\s*\/\s*${NUM}\s*(mg|mcg|g|gm)\b(?!\s*\/)`, 'g');
const LAKH_RE = new RegExp(String.raw`${NUM}\s*${LAKH}`, 'g');
const AMOUNT_RE = new RegExp(String.raw`(?<![\w.])${NUM}\s*${AMOUNT_UNIT}(?![a-z])(?:\s*(?:w\/w|w\/v|v\/v))?`, 'g');

interface Span {
  start: number;
  end: number;
}

interface Extracted {
  strengths: Array<{ at: number; text: string }>;
  packSize: number | null;
  packUnit: string | null;
  container: string | null;
  spans: Span[];
}

function unitOf(raw: string): string {
  const u = raw.replace(/\./g, '');
  if (u === 'µg' || u === 'ug' || u === 'mcg') return 'mcg';
  if (u === 'g' || u === 'gm' || u === 'gms' || u === 'gram' || u === 'grams') return 'g';
  if (u === 'iu' || u === 'unit' || u === 'units' || u === 'u') return 'iu';
  return u;
}

function perUnitOf(raw: string): string {
  if (raw === 'gm') return 'g';
  if (raw === 'litre') return 'l';
  if (raw === 'tablet') return 'tab';
  return raw;
}

function num(raw: string): string {
  return String(Number(raw));
}

function overlaps(spans: Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start);
}

function collect(text: string, re: RegExp, spans: Span[], onMatch: (m: RegExpExecArray) => boolean | void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) { re.lastIndex += 1; continue; }
    if (overlaps(spans, start, end)) continue;
    if (onMatch(m) !== false) spans.push({ start, end });
  }
}

/** Finds strengths and the pack in the whole line; the spans found are later blanked out of the name. */
function extract(text: string, form: string | null): Extracted {
  const out: Extracted = { strengths: [], packSize: null, packUnit: null, container: null, spans: [] };
  const spans = out.spans;
  const setPack = (size: number, unit: string | null, container: string | null = null): void => {
    if (out.packSize === null) { out.packSize = size; out.packUnit = unit; }
    if (container !== null && out.container === null) out.container = container;
  };
  const countUnit = (word: string | undefined): string | null => {
    if (word !== undefined && /^cap/.test(word)) return 'capsule';
    if (word !== undefined && /^tab/.test(word)) return 'tablet';
    return form !== null ? COUNT_UNIT[form] ?? null : null;
  };

  // Strengths first, so that "2 mg/ml" is never read as a 1 ml pack.
  collect(text, RATIO_RE, spans, (m) => {
    const den = m[3] !== undefined && Number(m[3]) !== 1 ? `${num(m[3])} ` : '';
    out.strengths.push({ at: m.index, text: `${num(m[1]!)} ${unitOf(m[2]!)}/${den}${perUnitOf(m[4]!)}` });
  });
  collect(text, SLASH_PAIR_RE, spans, (m) => {
    const unit = unitOf(m[3]!);
    out.strengths.push({ at: m.index, text: `${num(m[1]!)} ${unit}` }, { at: m.index + 1, text: `${num(m[2]!)} ${unit}` });
  });
  collect(text, LAKH_RE, spans, (m) => {
    out.strengths.push({ at: m.index, text: `${Math.round(Number(m[1]) * 100000)} iu` });
  });
  collect(text, AMOUNT_RE, spans, (m) => {
    const unit = unitOf(m[2]!);
    if (unit === 'u' && !/\//.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2))) return false;
    if (unit === 'g' && form !== null && PACK_BY_WEIGHT.has(form)) {
      setPack(Number(m[1]), 'g', form === 'sachet' ? 'sachet' : null);
      return;
    }
    out.strengths.push({ at: m.index, text: unit === '%' ? `${num(m[1]!)}%` : `${num(m[1]!)} ${unit}` });
  });

  // Packs, most explicit wording first.
  collect(text, /\(?\bper\s+(ml|tab(?:let)?|cap(?:sule)?|vial|amp(?:oule)?|unit|strip|bottle|sachet|each|piece|g|gm|dose|respule)\b\)?/g, spans, (m) => {
    const w = m[1]!;
    const unit = w === 'gm' ? 'g' : w.startsWith('tab') ? 'tablet' : w.startsWith('cap') ? 'capsule' : w.startsWith('amp') ? 'ampoule' : w === 'each' || w === 'piece' || w === 'unit' ? (form !== null ? COUNT_UNIT[form] ?? 'each' : 'each') : w;
    setPack(1, unit);
  });
  collect(text, new RegExp(String.raw`\bstrips?\s+of\s+(\d+)\s*(tab(?:let)?s?|cap(?:sule)?s?)?`, 'g'), spans, (m) => {
    setPack(Number(m[1]), countUnit(m[2]), 'strip');
  });
  collect(text, /\b(pack|box|bottle|carton)\s+of\s+(\d+)\s*(tab(?:let)?s?|cap(?:sule)?s?|ml)?/g, spans, (m) => {
    setPack(Number(m[2]), m[3] === 'ml' ? 'ml' : countUnit(m[3]), m[1]!);
  });
  collect(text, /(?<![\d.])(\d+)\s*[x×*]\s*(\d+)(?![\d.]|\s*(?:mg|ml|mcg|g\b|gm|iu|%))/g, spans, (m) => {
    setPack(Number(m[1]) * Number(m[2]), countUnit(undefined));
  });
  collect(text, /(?<![\d.])(\d+)\s*(?:'\s*s|'s|\s+s|s)\b/g, spans, (m) => {
    setPack(Number(m[1]), countUnit(undefined));
  });
  // "650 Tab" is a strength printed without its unit far more often than a pack, so only words that
  // can only be counts make a pack here.
  collect(text, /(?<![\d.])(\d+)\s*(nos?\.?|pcs|pieces|respules|sachets)(?![a-z])/g, spans, (m) => {
    const w = m[2]!;
    setPack(Number(m[1]), w.startsWith('resp') ? 'respule' : w.startsWith('sach') ? 'sachet' : countUnit(undefined));
  });
  collect(text, /(?<![\d.])(\d+)\s*(md|metered doses|doses|puffs|actuations)\b/g, spans, (m) => {
    setPack(Number(m[1]), 'dose');
  });
  collect(text, /(?<![\d.\/])(\d+)\s*(vials?|amps?|ampoules?|ampules?|bottles?|tubes?|bags?|cartridges?|pens?)\b/g, spans, (m) => {
    setPack(Number(m[1]), containerOf(m[2]!));
    out.container ??= containerOf(m[2]!);
  });
  // A volume that is not the denominator of a strength is the pack: "100 ml bottle", "500 ml".
  collect(text, new RegExp(String.raw`(?<![\d.\/])${NUM}\s*(ml|l|litre)\b(?!\s*\/)`, 'g'), spans, (m) => {
    const litres = m[2] !== 'ml';
    const size = litres ? Number(m[1]) * 1000 : Number(m[1]);
    if (out.packUnit === 'ml' || out.packSize === null || out.packUnit === 'vial' || out.packUnit === 'ampoule' || out.packUnit === 'bottle' || out.packUnit === 'bag') {
      out.packSize = size;
      out.packUnit = 'ml';
    }
  });
  // A weight printed after the strength on a tube ("0.1% … 20 gm tube") when the form came later.
  collect(text, /\b(vials?|amps?\.?|ampoules?|ampules?|bottles?|tubes?|bags?|cartridges?|pfs|pre-?filled syringe|strips?|box)\b/g, spans, (m) => {
    const c = containerOf(m[1]!);
    out.container ??= c;
    if (out.packSize === null && (c === 'vial' || c === 'ampoule' || c === 'prefilled syringe' || c === 'cartridge')) setPack(1, c);
  });
  out.strengths.sort((a, b) => a.at - b.at);
  return out;
}

function containerOf(word: string): string {
  const w = word.replace(/\.$/, '');
  if (/^vial/.test(w)) return 'vial';
  if (/^amp/.test(w)) return 'ampoule';
  if (/^bottle/.test(w)) return 'bottle';
  if (/^tube/.test(w)) return 'tube';
  if (/^bag/.test(w)) return 'bag';
  if (/^cartridge/.test(w)) return 'cartridge';
  if (/^pen/.test(w)) return 'pen';
  if (w === 'pfs' || /syringe$/.test(w)) return 'prefilled syringe';
  if (/^strip/.test(w)) return 'strip';
  return w;
}

function detectForm(text: string): string | null {
  for (const rule of FORM_RULES) if (rule.pattern.test(text)) return rule.form;
  return null;
}

function blank(text: string, spans: Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

const NAME_NOISE = [
  /\b(?:i\.?p\.?|b\.?p\.?|u\.?s\.?p\.?)(?=\s|$|[^a-z])/g, // pharmacopoeia
  /\b(?:i\.?v\.?|i\.?m\.?|s\.?c\.?|for injection|for oral use|for infusion|for inhalation|oral|topical|route)(?=\s|$|[^a-z])/g,
  /\b(?:w\/w|w\/v|v\/v)\b/g,
  /\b(?:each|per|of|nos?\.?|pcs|qty|pack|strips?|box|bottles?|tubes?|vials?|amps?\.?|ampoules?|ampules?|bags?|cartridges?|pens?|pfs|pre-?filled syringe|contains?|containing|composition|brand|generic)(?=\s|$|[^a-z])/g,
];

/** The name words of one segment: strengths, packs, forms, modifiers and noise removed. */
function nameWords(segment: string, modifiers: Set<string>, keepNumbers: boolean, keepFormWords = false): string {
  let s = segment;
  if (!keepFormWords) for (const rule of FORM_RULES) s = s.replace(new RegExp(rule.pattern.source, 'g'), ' ');
  s = s.replace(MODIFIER_RE, (m) => { modifiers.add(m.replace(/\s+/g, ' ')); return ' '; });
  for (const re of NAME_NOISE) s = s.replace(re, ' ');
  s = s.replace(/\s(?:&|and)\s/g, ' + ');
  s = s.replace(/[()\[\]{},;:*"]/g, ' ').replace(/(^|\s)[.\-\/]+(?=\s|$)/g, ' ');
  if (!keepNumbers) s = s.replace(/(^|\s)[\d.]+(?=\s|$)/g, ' ');
  s = s.replace(/\s*\+\s*/g, ' + ').replace(/\s+/g, ' ').trim();
  return s.replace(/^\+\s*|\s*\+$/g, '').replace(/\.$/, '').trim();
}

function stripSalts(generic: string, salts: string[]): string {
  return generic
    .split(' + ')
    .map((part) => {
      const words = part.split(' ');
      while (words.length >= 2) {
        const last = words[words.length - 1]!;
        const before = words[words.length - 2]!;
        if (!SALTS.has(last) || IONS.has(before) || SALTS.has(before)) break;
        salts.push(last);
        words.pop();
      }
      return words.join(' ');
    })
    .join(' + ');
}

function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[μ]/g, 'µ')
    .replace(/[‘’`´]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/×/g, 'x')
    .replace(/\b(batch|b\.?\s?no\.?|exp(?:iry)?\.?|mfg\.?|hsn|mrp)\b.*$/, ' ')
    .replace(/([a-z])-(?=\d)/g, '$1 ') // "dolo-650" → "dolo 650"
    .replace(/(\d)-(?=[a-z]{3,})/g, '$1 ')
    .replace(/\s+/g, ' ')
    .trim();
}

const BRACKETS = /\(([^()]*)\)/g;

/**
 * Parses a medicine line from a bill or pharmacy invoice. Returns null when the text has no name
 * at all (empty, only numbers, only a pack like "(per ml)").
 */
export function parseDrugDescription(text: string): ParsedDrug | null {
  const line = normaliseText(text);
  if (!/[a-z]/.test(line)) return null;

  let form = detectForm(line);
  const found = extract(line, form);
  const cleaned = blank(line, found.spans);
  const modifiers = new Set<string>();

  const nonDrug = NON_DRUG.test(line.replace(/pre-?filled syringe/g, ' '));

  // A generic printed in brackets beside the brand: "Dolo 650 (Paracetamol 650 mg)".
  let generic = '';
  let brand: string | null = null;
  let strengths = found.strengths;
  // Stents: the bracket names the drug coating, and the words "drug eluting coronary stent" are the name.
  const isStent = form === 'stent';
  if (!nonDrug && !isStent) {
    for (const group of cleaned.matchAll(BRACKETS)) {
      const start = group.index;
      const end = start + group[0].length;
      const inner = nameWords(group[1] ?? '', modifiers, false);
      const hadStrength = found.strengths.some((st) => st.at >= start && st.at < end);
      if (inner !== '' && (hadStrength || (form !== null && /[a-z]{5,}/.test(inner)))) {
        generic = inner;
        // "Augmentin 625 mg (Amoxicillin 500 mg + Clavulanic acid 125 mg)": the bracket's strengths belong to its generic.
        if (hadStrength) strengths = found.strengths.filter((st) => st.at >= start && st.at < end);
        const b = nameWords(cleaned.slice(0, start) + ' ' + cleaned.slice(end), modifiers, true);
        brand = b === '' ? null : b;
        break;
      }
    }
  }
  if (generic === '') generic = nameWords(cleaned, modifiers, false, isStent);
  if (generic === '') return null;

  const salts: string[] = [];
  generic = stripSalts(generic, salts);

  const ivFluid = IV_FLUID.test(line) && (found.packUnit === 'ml' || /\b(?:i\.?v\.?|infusion)\b/.test(line));
  if (form === null && ivFluid) form = 'infusion';
  if (form === null && /\b(?:insulin|heparin|enoxaparin)\b/.test(generic)) form = 'injection';
  if (found.packSize !== null && found.packUnit === null && form !== null) found.packUnit = COUNT_UNIT[form] ?? null;

  const drugStrength = found.strengths.some((s) => /(?:mg|mcg|iu|meq|mmol|%|\bg)(?:\/|$)/.test(s.text));
  const isDrug = !nonDrug && (form !== null || drugStrength || ivFluid || brand !== null);

  return {
    generic,
    brand,
    // A cannula's "20G" or a syringe's "40 IU" is a size, not a strength.
    strengths: nonDrug ? [] : strengths.map((st) => st.text),
    form,
    packSize: found.packSize,
    packUnit: found.packUnit,
    container: found.container,
    modifiers: [...modifiers],
    salts,
    isDrug,
  };
}
