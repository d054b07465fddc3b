// Words a patient, a counsellor or a TPA officer can use: the summary, one plain sentence per red
// flag, and the next steps, in English or Hindi; as Markdown for reading and SSML for voice.
// Every rupee amount uses Indian digit grouping (₹1,01,937.00), dates read 04.05.2025.
// CGHS rates bind only CGHS beneficiaries at empanelled hospitals: for everyone else they are
// worded as benchmarks. Ceiling prices and MRP bind every seller, and are worded so for all.
import type { Analysis, Lang, LineItem, RedFlag } from '../domain/analysis.ts';
import { formatINR, roundRupees } from '../domain/money.ts';

const rupees = (n: number): string => formatINR(roundRupees(n));

/** 2025-05-04 → 04.05.2025 (anything else is returned as it is). */
export function displayDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/**
 * Whether a flag's rule binds this patient's hospital, rather than being a benchmark: ceiling
 * price, MRP, duplicates and arithmetic bind everyone; CGHS rates bind only for CGHS
 * beneficiaries; items CGHS/IRDAI keep out of the bill bind CGHS and insured patients (the insurer
 * will not pay them), and are a fair ask for private patients.
 */
export function isBinding(flag: RedFlag, scheme: Analysis['context']['scheme']): boolean {
  if (flag.type === 'overcharge') return scheme === 'cghs';
  if (flag.type === 'non_payable') return scheme !== 'private';
  return true;
}

/** The red flags that count: `info` observations never do. */
export const countedFlags = (a: Analysis): RedFlag[] => a.red_flags.filter((f) => f.severity !== 'info');

/** The rupees a flag adds to the bill's total at stake, each rupee counted once. */
export const countedExcess = (f: RedFlag): number => f.counted_excess ?? f.excess;

function certainty(confidence: number, lang: Lang): string {
  const pct = `${Math.round(confidence * 100)}%`;
  if (lang === 'hi') {
    if (confidence >= 0.9) return `हमें इस पर पूरा भरोसा है (${pct})।`;
    if (confidence >= 0.75) return `हमें इस पर काफ़ी भरोसा है (${pct})।`;
    return `यह पक्का नहीं है (भरोसा ${pct}): बिल से मिलाकर देख लें।`;
  }
  if (confidence >= 0.9) return `We are sure of this (confidence ${pct}).`;
  if (confidence >= 0.75) return `We are fairly sure of this (confidence ${pct}).`;
  return `This is uncertain (confidence ${pct}): check it against the bill.`;
}

const itemsOf = (a: Analysis, flag: RedFlag): LineItem[] =>
  flag.line_items.map((i) => a.line_items.find((l) => l.index === i)).filter((l): l is LineItem => l !== undefined);

/** The distinct descriptions of a flag's lines, or '' for a bill-level flag. */
export function flagDescription(a: Analysis, flag: RedFlag): string {
  const names = itemsOf(a, flag).map((l) => l.description.replace(/\s+/g, ' ').trim());
  return [...new Set(names)].join('; ');
}

/** "line 5", "lines 3 and 4" (en); "पंक्ति 5", "पंक्ति 3 और 4" (hi). */
export function lineWords(lines: number[], lang: Lang): string {
  if (lines.length === 0) return '';
  const and = lang === 'hi' ? ' और ' : ' and ';
  const list = lines.length === 1 ? String(lines[0]) : `${lines.slice(0, -1).join(', ')}${and}${lines[lines.length - 1]}`;
  if (lang === 'hi') return `पंक्ति ${list}`;
  return `${lines.length === 1 ? 'line' : 'lines'} ${list}`;
}

/** "NPPA, S.O. 1499(E), DPCO 2013 (30.03.2022)": the date is added unless the reference already gives it. */
export function citationText(flag: RedFlag): string {
  const c = flag.citation;
  const date = c.date ? displayDate(c.date) : null;
  const reference = c.reference.startsWith(c.source) ? c.reference : `${c.source}, ${c.reference}`;
  return date && !reference.includes(date) ? `${reference} (${date})` : reference;
}

const HI_UNITS: Record<string, string> = {
  tablet: 'टैबलेट', capsule: 'कैप्सूल', ml: 'मि.ली.', vial: 'वायल', ampoule: 'एम्प्यूल', sachet: 'सैशे', stent: 'स्टेंट',
  suppository: 'सपोज़िटरी', gm: 'ग्राम', g: 'ग्राम', dose: 'खुराक', each: 'नग', pack: 'पैक', day: 'दिन', visit: 'विज़िट', test: 'जाँच',
};

/** Per-unit figures of a ceiling-price finding, when the line's benchmark gives the ceiling per unit. */
function perUnit(a: Analysis, flag: RedFlag): { units: number; unit: string; charged: number; ceiling: number } | null {
  const [item] = itemsOf(a, flag);
  const b = item?.benchmark;
  if (!b || flag.line_items.length !== 1 || !(b.rate > 0) || flag.max_allowed === null) return null;
  const units = roundRupees(flag.max_allowed / b.rate);
  if (!(units > 0) || Math.abs(units * b.rate - flag.max_allowed) > 0.01 * Math.max(1, units)) return null;
  const unit = b.unit.replace(/^per\s+/i, '').trim().toLowerCase();
  if (!/^[a-z]+$/.test(unit)) return null;
  return { units, unit, charged: roundRupees(flag.billed / units), ceiling: b.rate };
}

function unitWords(units: number, unit: string, lang: Lang): string | null {
  const n = String(units);
  if (lang === 'hi') return HI_UNITS[unit] ? `${n} ${HI_UNITS[unit]}` : null;
  if (units === 1 || /^(ml|g|gm|each)$/.test(unit)) return `${n} ${unit}`;
  return `${n} ${unit}${/(s|x|ch|sh)$/.test(unit) ? 'es' : 's'}`;
}

/** Which list or rule keeps a charge out of the bill, read from the flag's citation. */
function nonPayableBasis(flag: RedFlag): 'I' | 'II' | 'III' | 'IV' | 'room' | 'package' | null {
  const ref = `${flag.citation.source} ${flag.citation.reference}`;
  if (/IRDAI/i.test(flag.citation.source)) {
    const list = /\bList\s+(IV|III|II|I)\b/.exec(ref)?.[1];
    return (list as 'I' | 'II' | 'III' | 'IV' | undefined) ?? null;
  }
  if (/CGHS/i.test(flag.citation.source)) return /package/i.test(ref) ? 'package' : 'room';
  return null;
}

const NON_PAYABLE_WORDS: Record<NonNullable<ReturnType<typeof nonPayableBasis>> | 'unknown', Record<Lang, string>> = {
  I: { en: "it is on IRDAI's list of items that are not payable (List I)", hi: 'यह IRDAI की उन मदों की सूची (सूची I) में है जिनका भुगतान नहीं होता' },
  II: { en: "it is part of the room charges (IRDAI's List II)", hi: 'IRDAI की सूची II के अनुसार यह कमरे के शुल्क में शामिल है' },
  III: { en: "it is part of the procedure charges (IRDAI's List III)", hi: 'IRDAI की सूची III के अनुसार यह प्रोसीजर (प्रक्रिया) के शुल्क में शामिल है' },
  IV: { en: "it is part of the cost of treatment (IRDAI's List IV)", hi: 'IRDAI की सूची IV के अनुसार यह इलाज के खर्च में शामिल है' },
  room: { en: 'CGHS rules include it in the room rent', hi: 'CGHS नियमों के अनुसार यह कमरे के किराए में शामिल है' },
  package: { en: 'CGHS rules include it in the package rate', hi: 'CGHS नियमों के अनुसार यह पैकेज दर में शामिल है' },
  unknown: { en: 'it is included in the room rent or package charges, or is not payable', hi: 'यह कमरे के किराए या पैकेज में शामिल है, या देय नहीं है' },
};

export interface SentenceOptions {
  /**
   * `patient` (default): addressed to the patient, with advice, the rule and how sure we are.
   * `letter`: the facts only, as the patient states them in a letter (the letter's table cites the rule).
   */
  voice?: 'patient' | 'letter';
  /** In the patient's voice, whether to add the advice (default true; a list may give it once per kind). */
  advice?: boolean;
}

interface Parts { fact: string; advice?: string }

function sentenceParts(a: Analysis, flag: RedFlag, lang: Lang, voice: 'patient' | 'letter'): Parts {
  const hi = lang === 'hi';
  const name = flagDescription(a, flag);
  const where = flag.line_items.length ? ` (${lineWords(flag.line_items, lang)})` : '';
  const what = `${name || (hi ? 'बिल' : 'The bill')}${where}`;
  const billed = rupees(flag.billed);
  const allowed = flag.max_allowed === null ? null : rupees(flag.max_allowed);
  const excess = rupees(flag.excess);
  const binding = isBinding(flag, a.context.scheme);
  const letter = voice === 'letter';

  switch (flag.type) {
    case 'overcharge':
      if (binding) {
        return hi
          ? { fact: `${what} के लिए ${billed} लिए गए, जबकि CGHS दर ${allowed} है: तय दर से ${excess} ज़्यादा।` }
          : { fact: `${what} was billed ${billed}; the CGHS rate is ${allowed}, so ${excess} more than the allowed rate was charged.` };
      }
      if (letter) {
        return hi
          ? { fact: `${what} के लिए ${billed} लिए गए; इसी सेवा की CGHS मानक दर ${allowed} है: शुल्क इससे ${excess} ज़्यादा है।` }
          : { fact: `${what} was billed ${billed}; the CGHS benchmark rate for the same service is ${allowed}: the charge is ${excess} above it.` };
      }
      return hi
        ? {
          fact: `${what} के लिए ${billed} लिए गए; इसी सेवा की CGHS दर ${allowed} है, यानी शुल्क मानक से ${excess} ज़्यादा है।`,
          advice: 'CGHS दरें केवल CGHS लाभार्थियों पर लागू होती हैं, इसलिए आपके लिए यह नियम का उल्लंघन नहीं बल्कि एक मानक (बेंचमार्क) है, जिसे आप बिल पर बातचीत में उठा सकते हैं।',
        }
        : {
          fact: `${what} was billed ${billed}; the CGHS rate for the same service is ${allowed}, so the charge is ${excess} above this benchmark.`,
          advice: 'CGHS rates bind a hospital only for CGHS beneficiaries, so for you this is a fair-price benchmark to negotiate with, not a breach of a rule.',
        };

    case 'above_ceiling_price': {
      const u = perUnit(a, flag);
      const qty = u ? unitWords(u.units, u.unit, lang) : null;
      if (hi) {
        const how = u && qty ? `${qty} के लिए ${rupees(u.charged)} प्रति ${HI_UNITS[u.unit]} की दर से कुल ${billed} लिए गए; NPPA का अधिकतम मूल्य (सीलिंग प्राइस) GST के बिना ${rupees(u.ceiling)} प्रति ${HI_UNITS[u.unit]} है (इस मात्रा के लिए ${allowed})`
          : `के लिए ${billed} लिए गए, जबकि इस मात्रा का NPPA अधिकतम मूल्य (सीलिंग प्राइस) GST के बिना ${allowed} है`;
        return {
          fact: `${what}${u && qty ? ':' : ''} ${how}। यानी अधिकतम मूल्य से ${excess} ज़्यादा लिए गए।`,
          advice: 'अधिकतम मूल्य हर विक्रेता पर लागू है, अस्पताल की फ़ार्मेसी पर भी, चाहे ब्रांड कोई भी हो।',
        };
      }
      const how = u && qty ? `${qty} ${u.units === 1 ? 'was' : 'were'} charged at ${rupees(u.charged)} per ${u.unit} (${billed}); the NPPA ceiling price is ${rupees(u.ceiling)} per ${u.unit} before GST (${allowed} for this quantity)`
        : `was charged ${billed}; the NPPA ceiling price for this quantity is ${allowed} before GST`;
      return {
        fact: `${what}${u && qty ? ':' : ''} ${how}. That is ${excess} above the ceiling price.`,
        advice: 'Ceiling prices bind every seller, hospital pharmacies included, whatever the brand.',
      };
    }

    case 'above_mrp':
      return hi
        ? { fact: `${what} के लिए ${billed} लिए गए, जबकि पैक पर छपी MRP के हिसाब से यह ${allowed} होता है: ${excess} ज़्यादा।`, advice: 'पैक पर छपी MRP से ज़्यादा दाम पर कोई भी विक्रेता नहीं बेच सकता।' }
        : { fact: `${what} was charged ${billed}, where the MRP printed on the packs comes to ${allowed}: ${excess} above MRP.`, advice: 'No seller may charge more than the MRP printed on the pack.' };

    case 'duplicate': {
      const first = itemsOf(a, flag)[0];
      const date = first?.date ? displayDate(first.date) : null;
      const n = flag.line_items.length;
      if (hi) {
        const times = n === 2 ? 'दो बार' : `${n} बार`;
        return {
          fact: `${what} का शुल्क ${date ? `${date} को` : 'एक ही दिन'} ${times} लिया गया है: एक ही सेवा, एक ही दिन, एक ही राशि। दोहराव से ${excess} ज़्यादा लगे।`,
          advice: 'हर जाँच या सेवा की रिपोर्ट या रिकॉर्ड माँगें; सेवा एक ही बार हुई हो तो दोहराव की राशि वापस माँगें।',
        };
      }
      const times = n === 2 ? 'twice' : `${n} times`;
      return {
        fact: `${what} is billed ${times} ${date ? `on ${date}` : 'on the same day'}: same service, same day, same amount. The repeat${n > 2 ? 's add' : ' adds'} ${excess}.`,
        advice: 'Ask for the report or record of each one, and for the repeat to be refunded if the service was given once.',
      };
    }

    case 'non_payable': {
      const basis = NON_PAYABLE_WORDS[nonPayableBasis(flag) ?? 'unknown'][lang];
      if (binding) {
        const insurer = a.context.scheme === 'insured'
          ? (hi ? ' आपकी बीमा कंपनी इसका अलग से भुगतान नहीं करेगी, इसलिए यह आपकी जेब से जाएगा।' : ' Your insurer will not pay it as a separate item, so it would come out of your pocket.')
          : '';
        return hi
          ? { fact: `${what} के ${billed} अलग से नहीं लिए जाने चाहिए: ${basis}।`, advice: insurer.trim() || undefined }
          : { fact: `${what}, ${billed}, should not be billed separately: ${basis}.`, advice: insurer.trim() || undefined };
      }
      if (letter) {
        return hi
          ? { fact: `${what} के लिए ${billed} लिए गए; ${basis}, और CGHS तथा बीमा कंपनियाँ इसका अलग से भुगतान नहीं करतीं। मेरा अनुरोध है कि इसे माफ़ किया जाए।` }
          : { fact: `${what} was billed ${billed}; ${basis}, and neither CGHS nor insurers pay for it separately. I request that it be waived.` };
      }
      return hi
        ? { fact: `${what} के लिए ${billed} लिए गए; ${basis}।`, advice: 'CGHS और बीमा कंपनियाँ इसका अलग से भुगतान नहीं करतीं; निजी मरीज़ के तौर पर आप अस्पताल से इसे माफ़ करने को कह सकते हैं।' }
        : { fact: `${what} was billed ${billed}; ${basis}.`, advice: 'CGHS and insurers do not pay for it separately; as a private patient you can ask the hospital to waive it.' };
    }

    case 'arithmetic_error':
      return hi
        ? { fact: `${what}: मात्रा × दर ${allowed} होती है, पर ${billed} लिए गए: ${excess} ज़्यादा।` }
        : { fact: `${what}: quantity × rate comes to ${allowed}, but ${billed} was charged: ${excess} more.` };

    case 'total_mismatch':
      return hi
        ? { fact: `बिल में कुल देय राशि ${billed} लिखी है, जबकि पंक्तियों का जोड़ (छूट घटाकर) ${allowed} है: ${excess} ज़्यादा माँगे गए।` }
        : { fact: `The bill asks for ${billed}, but its lines (less any discount) add up to ${allowed}: ${excess} more than the lines account for.` };

    default:
      return { fact: hi ? `${what}: ${excess} (${flag.type})।` : flag.reason };
  }
}

/**
 * One plain sentence (or three) for a red flag: what was charged, what the rule allows, the
 * rupees at stake; in the patient's voice also what to do, the rule with its citation and how
 * sure we are.
 */
export function flagSentence(a: Analysis, flag: RedFlag, lang: Lang, options: SentenceOptions = {}): string {
  const voice = options.voice ?? 'patient';
  const { fact, advice } = sentenceParts(a, flag, lang, voice);
  if (voice === 'letter') return fact;
  const binding = isBinding(flag, a.context.scheme);
  const label = lang === 'hi' ? (binding ? 'नियम' : 'मानक') : (binding ? 'Rule' : 'Benchmark');
  const rule = `${label}: ${citationText(flag)}${lang === 'hi' ? '।' : '.'}`;
  return [fact, options.advice === false ? undefined : advice, rule, certainty(flag.confidence, lang)].filter(Boolean).join(' ');
}

/** Sentences for a list of flags, each kind's advice given once. */
function flagSentences(a: Analysis, flags: RedFlag[], lang: Lang): string[] {
  const advised = new Set<string>();
  return flags.map((f) => {
    const key = `${f.type}|${isBinding(f, a.context.scheme)}`;
    const first = !advised.has(key);
    advised.add(key);
    return flagSentence(a, f, lang, { advice: first });
  });
}

const FLAG_NAMES: Record<string, Record<Lang, string>> = {
  overcharge: { en: 'Above the CGHS rate', hi: 'CGHS दर से अधिक' },
  above_ceiling_price: { en: 'Above the NPPA ceiling price', hi: 'NPPA अधिकतम मूल्य से अधिक' },
  above_mrp: { en: 'Above MRP', hi: 'MRP से अधिक' },
  duplicate: { en: 'Billed twice', hi: 'दो बार बिल किया गया' },
  non_payable: { en: 'Not payable separately', hi: 'अलग से देय नहीं' },
  arithmetic_error: { en: 'Arithmetic error', hi: 'गुणा में गलती' },
  total_mismatch: { en: 'Total does not add up', hi: 'कुल योग गलत' },
};

/** A short name for the kind of finding; CGHS overcharges for non-beneficiaries are named as benchmarks. */
export function flagName(flag: RedFlag, lang: Lang, scheme: Analysis['context']['scheme'] = 'cghs'): string {
  if (flag.type === 'overcharge' && scheme !== 'cghs') return lang === 'hi' ? 'CGHS मानक दर से अधिक' : 'Above the CGHS benchmark';
  if (flag.type === 'duplicate' && flag.line_items.length > 2) return lang === 'hi' ? `${flag.line_items.length} बार बिल किया गया` : `Billed ${flag.line_items.length} times`;
  return FLAG_NAMES[flag.type]?.[lang] ?? flag.type.replace(/_/g, ' ');
}

const billTotal = (a: Analysis): number => a.totals.items_total;

export function summaryText(a: Analysis, lang: Lang): string {
  const hi = lang === 'hi';
  if (a.document.type === 'not_a_bill' || a.line_items.length === 0) {
    return hi ? 'इस फ़ाइल में बिल की कोई पंक्ति नहीं पढ़ी जा सकी, इसलिए कुछ जाँचा नहीं गया।' : 'No bill lines could be read from this file, so nothing was checked.';
  }
  const flags = countedFlags(a);
  const n = a.line_items.length;
  const total = rupees(billTotal(a));
  const observations = a.red_flags.length - flags.length;
  const note = observations === 0 ? '' : hi
    ? ` ${observations === 1 ? '1 बात हाथ से जाँचने के लिए अलग से दी गई है, पर गिनी नहीं गई।' : `${observations} बातें हाथ से जाँचने के लिए अलग से दी गई हैं, पर गिनी नहीं गईं।`}`
    : ` ${observations} further observation${observations === 1 ? '' : 's'} to check by hand ${observations === 1 ? 'is' : 'are'} listed but not counted.`;
  if (flags.length === 0) {
    return (hi
      ? `बिल की ${n} पंक्तियों (जोड़ ${total}) की जाँच में कोई अधिक वसूली, दोहराव, अलग से न लिया जाने वाला शुल्क या जोड़ की गलती नहीं मिली।`
      : `We checked ${n} line${n === 1 ? '' : 's'} (${total} in all) and found no overcharge, duplicate, non-payable charge or arithmetic error.`) + note;
  }
  const top = [...flags].filter((f) => countedExcess(f) > 0).sort((x, y) => countedExcess(y) - countedExcess(x)).slice(0, 3)
    .map((f) => `${flagDescription(a, f) || (hi ? 'बिल का कुल योग' : "the bill's total")} (${rupees(countedExcess(f))})`);
  const k = flags.length;
  const benchmarkOnly = a.context.scheme !== 'cghs' && flags.some((f) => !isBinding(f, a.context.scheme));
  const stake = rupees(a.totals.overcharge);
  if (hi) {
    return `बिल की ${n} पंक्तियों (जोड़ ${total}) की जाँच में ${k} ${k === 1 ? 'समस्या मिली' : 'समस्याएँ मिलीं'}; आप कुल ${stake} पर आपत्ति कर सकते हैं।` +
      (top.length ? ` सबसे बड़ी: ${top.join('; ')}।` : '') +
      (benchmarkOnly ? ' इनमें CGHS दरों से तुलना आपके लिए मानक (बेंचमार्क) है, नियम नहीं।' : '') + note;
  }
  return `We checked ${n} line${n === 1 ? '' : 's'} (${total} in all) and found ${k} problem${k === 1 ? '' : 's'}: ${stake} is at stake.` +
    (top.length ? ` Largest: ${top.join('; ')}.` : '') +
    (benchmarkOnly ? ' Comparisons with CGHS rates are benchmarks for you, not rules.' : '') + note;
}

interface Step { when: (a: Analysis) => boolean; text: (a: Analysis) => Record<Lang, string> }

const has = (type: string) => (a: Analysis): boolean => countedFlags(a).some((f) => f.type === type);
const anyFlag = (a: Analysis): boolean => countedFlags(a).length > 0;

/** The notifications cited by the ceiling-price findings: "S.O. 1499(E) of 30.03.2022". */
function notifications(a: Analysis, lang: Lang): string {
  const dated = lang === 'hi' ? ', दिनांक ' : ' of ';
  const list = countedFlags(a).filter((f) => f.type === 'above_ceiling_price')
    .map((f) => `${f.citation.reference.replace(/,\s*DPCO 2013$/, '')}${f.citation.date ? `${dated}${displayDate(f.citation.date)}` : ''}`);
  return [...new Set(list)].join('; ');
}

/** Next steps, in the order a patient should take them, each with what to attach. */
const STEPS: Step[] = [
  {
    when: anyFlag,
    text: (a) => {
      const dup = has('duplicate')(a);
      const sums = has('arithmetic_error')(a) || has('total_mismatch')(a);
      return {
        en: 'Go to the hospital billing or grievance desk first: ask for an itemised, date-wise final bill, a written correction of the lines listed here and a refund. Attach a copy of the bill and this report.' +
          (dup ? ' Ask for the report or record of every test or service billed twice.' : '') + (sums ? ' Ask them to re-total the bill line by line.' : ''),
        hi: 'सबसे पहले अस्पताल के बिलिंग या शिकायत काउंटर पर जाएँ: तारीख़-वार, मद-वार अंतिम बिल, यहाँ बताई गई पंक्तियों का लिखित सुधार और रिफ़ंड माँगें। बिल की प्रति और यह रिपोर्ट साथ ले जाएँ।' +
          (dup ? ' जिन जाँचों या सेवाओं का शुल्क दो बार लगा है, उनकी रिपोर्ट या रिकॉर्ड माँगें।' : '') + (sums ? ' बिल का जोड़ पंक्ति-दर-पंक्ति दोबारा करवाएँ।' : ''),
      };
    },
  },
  {
    when: has('above_ceiling_price'),
    text: (a) => ({
      en: `If the medicines overcharged are not refunded, complain to the National Pharmaceutical Pricing Authority (NPPA) on its Pharma Jan Samadhan portal (pharmajan.gov.in, toll-free 1800-111-255). Attach the pharmacy bill showing batch, pack and price, a photo of each strip or label, and the ceiling-price notification cited (${notifications(a, 'en')}).`,
      hi: `दवाओं पर ली गई ज़्यादा राशि वापस न मिले तो राष्ट्रीय औषध मूल्य निर्धारण प्राधिकरण (NPPA) के फार्मा जन समाधान पोर्टल (pharmajan.gov.in, टोल-फ़्री 1800-111-255) पर शिकायत करें। बैच, पैक और कीमत वाला फ़ार्मेसी बिल, हर स्ट्रिप या लेबल की फ़ोटो और उद्धृत अधिसूचना (${notifications(a, 'hi')}) साथ लगाएँ।`,
    }),
  },
  {
    when: has('above_mrp'),
    text: () => ({
      en: "For items sold above their printed MRP, complain to your state's Legal Metrology department (Controller of Legal Metrology) or the National Consumer Helpline (1915). Attach the invoice and a photo of each pack showing its MRP.",
      hi: 'छपी MRP से ज़्यादा दाम वसूलने की शिकायत अपने राज्य के विधिक माप विज्ञान (लीगल मेट्रोलॉजी) विभाग के नियंत्रक से या राष्ट्रीय उपभोक्ता हेल्पलाइन (1915) पर करें। बिल और MRP दिखाते हुए हर पैक की फ़ोटो लगाएँ।',
    }),
  },
  {
    when: (a) => a.context.scheme === 'cghs' && anyFlag(a),
    text: () => ({
      en: 'If you are a CGHS beneficiary treated at a CGHS-empanelled hospital, send the flagged lines to your CGHS wellness centre or the Additional Director, CGHS, of your city. Attach your CGHS card, the final bill, the discharge summary and the hospital\'s reply.',
      hi: 'यदि आप CGHS लाभार्थी हैं और इलाज CGHS-सूचीबद्ध अस्पताल में हुआ है, तो ये पंक्तियाँ अपने CGHS वेलनेस सेंटर या अपने शहर के अपर निदेशक, CGHS को भेजें। CGHS कार्ड, अंतिम बिल, डिस्चार्ज सारांश और अस्पताल का उत्तर साथ लगाएँ।',
    }),
  },
  {
    when: (a) => a.context.scheme === 'insured' && anyFlag(a),
    text: () => ({
      en: "Send the flagged lines to your insurer or TPA, before the claim is settled if you can. If the insurer's grievance officer does not resolve it within 14 days, complain on IRDAI's Bima Bharosa portal (bimabharosa.irdai.gov.in). Attach the claim number, the claim settlement letter, the final bill and the discharge summary.",
      hi: 'ये पंक्तियाँ अपनी बीमा कंपनी या TPA को भेजें, हो सके तो दावा निपटने से पहले। बीमा कंपनी का शिकायत अधिकारी 14 दिन में हल न करे, तो IRDAI के बीमा भरोसा पोर्टल (bimabharosa.irdai.gov.in) पर शिकायत करें। दावा संख्या, दावा निपटान पत्र, अंतिम बिल और डिस्चार्ज सारांश साथ लगाएँ।',
    }),
  },
  {
    when: anyFlag,
    text: () => ({
      en: 'If the bill is still not corrected within 30 days, file a complaint with the District Consumer Disputes Redressal Commission under the Consumer Protection Act, 2019, online through e-Daakhil (edaakhil.nic.in). Attach the bill, the payment receipts, your letter to the hospital, its reply and this report.',
      hi: 'यदि 30 दिन में भी बिल ठीक न हो, तो उपभोक्ता संरक्षण अधिनियम, 2019 के तहत ज़िला उपभोक्ता विवाद प्रतितोष आयोग में ई-दाखिल (edaakhil.nic.in) से ऑनलाइन शिकायत करें। बिल, भुगतान की रसीदें, अस्पताल को भेजा पत्र, उसका उत्तर और यह रिपोर्ट साथ लगाएँ।',
    }),
  },
  {
    when: (a) => !anyFlag(a) && a.document.type !== 'not_a_bill' && a.line_items.length > 0,
    text: (a) => {
      const observations = a.red_flags.length > 0;
      return {
        en: 'No action is needed on the lines we could check. Keep the itemised bill and the payment receipts for insurance or tax claims.' +
          (observations ? ' If in doubt about the observations listed, ask the billing desk about them, taking the itemised bill.' : ''),
        hi: 'जिन पंक्तियों की जाँच हो सकी, उन पर कोई कार्रवाई ज़रूरी नहीं। बीमा या आयकर दावे के लिए मद-वार बिल और भुगतान की रसीदें संभाल कर रखें।' +
          (observations ? ' नीचे दी गई बातों पर संदेह हो तो मद-वार बिल लेकर बिलिंग काउंटर से पूछ लें।' : ''),
      };
    },
  },
];

export function nextSteps(a: Analysis, lang: Lang): string[] {
  return STEPS.filter((s) => s.when(a)).map((s) => s.text(a)[lang]);
}

const VERDICT_WORDS: Record<Analysis['verdict'], Record<Lang, string>> = {
  ok: { en: 'No problems found', hi: 'कोई समस्या नहीं मिली' },
  warning: { en: 'Needs attention', hi: 'ध्यान देने योग्य' },
  critical: { en: 'Serious problems', hi: 'गंभीर समस्याएँ' },
};

/** Escapes the characters Markdown would read as formatting (a bill's text is data, not markup). */
const md = (s: string): string => s.replace(/([\\`*_[\]|<>#])/g, '\\$1').replace(/\s*\n\s*/g, ' ');

export function explanationMarkdown(a: Analysis, lang: Lang): string {
  const hi = lang === 'hi';
  const flags = countedFlags(a);
  const doc = a.document;
  const out: string[] = [];
  const title = [doc.hospital ?? doc.file_name, doc.bill_no ? (hi ? `बिल संख्या ${doc.bill_no}` : `bill ${doc.bill_no}`) : null].filter(Boolean).join(', ');
  out.push(`# ${hi ? 'बिल की जाँच' : 'Bill check'}${title ? `: ${md(title)}` : ''}`, '');
  const verdict = VERDICT_WORDS[a.verdict][lang];
  const pct = `${Math.round(a.confidence * 100)}%`;
  out.push(hi
    ? `**नतीजा: ${verdict}** · आपत्ति योग्य राशि: ${rupees(a.totals.overcharge)} · भरोसा ${pct}`
    : `**Verdict: ${verdict}** · at stake: ${rupees(a.totals.overcharge)} · confidence ${pct}`, '');
  out.push(md(summaryText(a, lang)));
  if (flags.length) {
    out.push('', hi ? '## क्या गलत है' : '## What is wrong', '');
    out.push(hi ? '| पंक्ति | विवरण | समस्या | बिल में | अनुमत | अधिक |' : '| Line | Description | Finding | Billed | Allowed | Excess |');
    out.push('|---|---|---|---:|---:|---:|');
    for (const f of flags) {
      const lines = f.line_items.join(', ') || (hi ? 'बिल' : 'bill');
      const name = flagDescription(a, f) || (hi ? 'कुल योग' : 'Total');
      out.push(`| ${lines} | ${md(name)} | ${flagName(f, lang, a.context.scheme)} | ${rupees(f.billed)} | ${f.max_allowed === null ? '-' : rupees(f.max_allowed)} | ${rupees(f.excess)} |`);
    }
    out.push('');
    for (const sentence of flagSentences(a, flags, lang)) out.push(`- ${md(sentence)}`);
    if (flags.some((f) => countedExcess(f) < f.excess)) {
      out.push('', hi
        ? '_जहाँ दो समस्याएँ एक ही रुपयों पर लागू होती हैं (जैसे दो बार बिल की गई जाँच जो दर से भी महँगी है), वहाँ कुल राशि में हर रुपया एक ही बार गिना गया है।_'
        : '_Where two findings cover the same rupees (a test billed twice that is also above its rate), each rupee is counted once in the amount at stake._');
    }
  }
  const observations = a.red_flags.filter((f) => f.severity === 'info');
  if (observations.length) {
    out.push('', hi ? '## हाथ से जाँचें (गिना नहीं गया)' : '## To check by hand (not counted)', '');
    for (const f of observations) {
      const name = flagDescription(a, f) || (hi ? 'बिल का कुल योग' : "The bill's total");
      const where = f.line_items.length ? ` (${lineWords(f.line_items, lang)})` : '';
      out.push(hi
        ? `- ${md(name)}${where}: ${flagName(f, lang, a.context.scheme)}? पक्का नहीं, इसलिए गिना नहीं गया; बिल से मिलाकर देखें।`
        : `- ${md(name)}${where}: ${md(f.reason)}`);
    }
  }
  out.push('', hi ? '## आगे क्या करें' : '## What to do next', '');
  nextSteps(a, lang).forEach((s, i) => out.push(`${i + 1}. ${md(s)}`));
  if (a.context.scheme !== 'cghs' && flags.some((f) => f.type === 'overcharge')) {
    out.push('', hi
      ? '_CGHS दरें केवल CGHS लाभार्थियों और CGHS-सूचीबद्ध अस्पतालों पर बाध्यकारी हैं; दूसरे मरीज़ों के लिए ये मानक (बेंचमार्क) हैं। दवाओं का अधिकतम मूल्य (सीलिंग प्राइस) और MRP सब पर लागू हैं।_'
      : '_CGHS rates bind only CGHS beneficiaries at empanelled hospitals; for other patients they are benchmarks. Ceiling prices of medicines and MRP bind every seller._');
  }
  return out.join('\n') + '\n';
}

/** Text for XML: escaped, and stripped of control characters XML 1.0 does not allow. */
const xml = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rupee amounts read aloud as currency: "₹1,234.50" → <say-as interpret-as="currency">INR 1234.50</say-as>. */
function speakable(text: string): string {
  return xml(text).replace(/(-?)₹([\d,]+(?:\.\d+)?)/g, (_m, sign: string, n: string) => `<say-as interpret-as="currency">${sign}INR ${n.replace(/,/g, '')}</say-as>`);
}

/** The summary, each red flag and the next steps as SSML 1.1 (Indian English or Hindi voice). */
export function explanationSsml(a: Analysis, lang: Lang): string {
  const flags = countedFlags(a);
  const hi = lang === 'hi';
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="${hi ? 'hi-IN' : 'en-IN'}">`,
    `<p>${speakable(summaryText(a, lang))}</p>`,
  ];
  flagSentences(a, flags, lang).forEach((sentence) => parts.push(`<p>${speakable(sentence)}</p>`));
  parts.push('<break time="500ms"/>');
  parts.push(`<p><s>${xml(hi ? 'आगे क्या करें।' : 'What to do next.')}</s>`);
  for (const s of nextSteps(a, lang)) parts.push(`<s>${speakable(s)}</s>`);
  parts.push('</p>', '</speak>');
  return parts.join('\n') + '\n';
}
