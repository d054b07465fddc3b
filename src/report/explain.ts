// Words a patient, a counsellor or a TPA officer can use: the summary, one plain sentence per red
// flag, and the next steps, in English or Hindi; as Markdown for reading and SSML for voice.
// Every rupee amount uses Indian digit grouping. CGHS rates are worded as benchmarks for patients
// outside the scheme; ceiling prices and MRP bind every seller, and are worded as such for all.
import type { Analysis, Lang, RedFlag } from '../domain/analysis.ts';
import { formatINR } from '../domain/money.ts';

type Texts = Record<Lang, string>;

const rupees = (n: number): string => formatINR(n);

/** Whether a flag's rule binds this patient (ceiling price, MRP, arithmetic) or is a benchmark (CGHS rates for non-beneficiaries). */
export function isBinding(flag: RedFlag, scheme: Analysis['context']['scheme']): boolean {
  if (['above_ceiling_price', 'above_mrp', 'arithmetic_error', 'total_mismatch', 'duplicate'].includes(flag.type)) return true;
  return scheme === 'cghs';
}

function certainty(confidence: number, lang: Lang): string {
  if (lang === 'hi') return confidence >= 0.9 ? 'हमें इस पर पूरा भरोसा है' : confidence >= 0.75 ? 'हमें इस पर काफ़ी भरोसा है' : 'यह अनिश्चित है; बिल से मिलान कर लें';
  return confidence >= 0.9 ? 'we are confident of this' : confidence >= 0.75 ? 'we are fairly sure of this' : 'this is uncertain; check it against the bill';
}

function lineNames(a: Analysis, flag: RedFlag): string {
  const names = flag.line_items.map((i) => a.line_items.find((l) => l.index === i)?.description).filter(Boolean) as string[];
  return [...new Set(names)].join(', ');
}

function citationText(flag: RedFlag): string {
  const c = flag.citation;
  return `${c.source}, ${c.reference}${c.date ? ` (${c.date})` : ''}`;
}

/** One plain sentence for a red flag: what was charged, what the rule allows, the rupees at stake, the rule, how sure we are. */
export function flagSentence(a: Analysis, flag: RedFlag, lang: Lang): string {
  const what = lineNames(a, flag) || (lang === 'hi' ? 'बिल का कुल योग' : 'the bill total');
  const lines = flag.line_items.length ? (lang === 'hi' ? ` (पंक्ति ${flag.line_items.join(', ')})` : ` (line ${flag.line_items.join(', ')})`) : '';
  const billed = rupees(flag.billed);
  const allowed = flag.max_allowed === null ? null : rupees(flag.max_allowed);
  const excess = rupees(flag.excess);
  const binding = isBinding(flag, a.context.scheme);
  const sure = certainty(flag.confidence, lang);
  const cite = citationText(flag);
  const en: Record<string, string> = {
    overcharge: binding
      ? `${what}${lines} was charged ${billed}; the CGHS rate allows ${allowed} — ${excess} more than allowed.`
      : `${what}${lines} was charged ${billed}; the CGHS benchmark rate is ${allowed}, so you paid ${excess} above the benchmark. CGHS rates do not bind a private hospital for a private patient, but they are a fair reference for negotiation.`,
    above_ceiling_price: `${what}${lines} was sold at ${billed}, above the NPPA ceiling price of ${allowed} (plus GST); ${excess} was charged above the ceiling. Ceiling prices bind every seller, including hospital pharmacies.`,
    above_mrp: `${what}${lines} was charged ${billed}, above its printed MRP of ${allowed}; selling above MRP is not allowed (${excess} extra).`,
    duplicate: `${what}${lines} appears more than once for the same day; the repeat costs ${excess}. Ask whether the service was really given twice.`,
    non_payable: `${what}${lines} (${billed}) should not be billed separately: it is included in room rent or package charges, or is not payable.`,
    arithmetic_error: `${what}${lines}: quantity × rate does not equal the amount charged; the difference is ${excess}.`,
    total_mismatch: `The bill's stated total does not match the sum of its lines: it differs by ${excess}.`,
  };
  const hi: Record<string, string> = {
    overcharge: binding
      ? `${what}${lines} के लिए ${billed} लिए गए; CGHS दर ${allowed} की अनुमति देती है — यानी ${excess} ज़्यादा।`
      : `${what}${lines} के लिए ${billed} लिए गए; CGHS मानक दर ${allowed} है, यानी आपने मानक से ${excess} ज़्यादा दिए। निजी मरीज़ के लिए CGHS दरें बाध्यकारी नहीं हैं, पर बातचीत के लिए उचित आधार हैं।`,
    above_ceiling_price: `${what}${lines} ${billed} में बेची गई, जो NPPA की अधिकतम सीमा मूल्य ${allowed} (GST अलग) से ज़्यादा है; सीमा से ${excess} अधिक लिए गए। सीमा मूल्य हर विक्रेता पर लागू है, अस्पताल की फ़ार्मेसी पर भी।`,
    above_mrp: `${what}${lines} के लिए ${billed} लिए गए, जो छपी हुई MRP ${allowed} से ज़्यादा है; MRP से ज़्यादा वसूलना मना है (${excess} अधिक)।`,
    duplicate: `${what}${lines} एक ही दिन के लिए एक से ज़्यादा बार लिखा गया है; दोहराव की राशि ${excess} है। पूछें कि क्या यह सेवा सच में दो बार दी गई।`,
    non_payable: `${what}${lines} (${billed}) का अलग से बिल नहीं बनना चाहिए: यह कमरे के किराए या पैकेज में शामिल है, या देय नहीं है।`,
    arithmetic_error: `${what}${lines}: मात्रा × दर, ली गई राशि के बराबर नहीं है; अंतर ${excess} है।`,
    total_mismatch: `बिल का लिखा हुआ कुल योग पंक्तियों के जोड़ से मेल नहीं खाता: अंतर ${excess} है।`,
  };
  const table = lang === 'hi' ? hi : en;
  const sentence = table[flag.type] ?? flag.reason;
  const rule = lang === 'hi' ? `नियम: ${cite}। ${sure}।` : `Rule: ${cite}. ${capitalise(sure)}.`;
  return `${sentence} ${rule}`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const counted = (a: Analysis): RedFlag[] => a.red_flags.filter((f) => f.severity !== 'info');

export function summaryText(a: Analysis, lang: Lang): string {
  const flags = counted(a);
  const total = rupees(a.totals.items_total);
  if (a.document.type === 'not_a_bill') {
    return lang === 'hi' ? 'इस फ़ाइल में कोई बिल की पंक्ति नहीं मिली।' : 'No bill lines were found in this file.';
  }
  if (flags.length === 0) {
    return lang === 'hi'
      ? `बिल की ${a.line_items.length} पंक्तियाँ (कुल ${total}) जाँची गईं; कोई अधिक वसूली, दोहराव या गणना की गलती नहीं मिली।`
      : `We checked ${a.line_items.length} lines (${total} in all) and found no overcharge, duplicate or arithmetic error.`;
  }
  const top = [...flags].sort((x, y) => y.excess - x.excess).slice(0, 3).map((f) => `${lineNames(a, f) || (lang === 'hi' ? 'कुल योग' : 'the total')} (${rupees(f.excess)})`);
  return lang === 'hi'
    ? `बिल की ${a.line_items.length} पंक्तियों (कुल ${total}) में ${flags.length} समस्याएँ मिलीं; लगभग ${rupees(a.totals.overcharge)} वापस माँगे जा सकते हैं। सबसे बड़ी: ${top.join('; ')}।`
    : `We found ${flags.length} problem${flags.length === 1 ? '' : 's'} in ${a.line_items.length} lines (${total} in all): about ${rupees(a.totals.overcharge)} may be recoverable. Largest: ${top.join('; ')}.`;
}

interface Step { when: (a: Analysis) => boolean; text: Texts }

const has = (type: string) => (a: Analysis): boolean => counted(a).some((f) => f.type === type);

/** Next steps, in the order a patient should take them, each with what to attach. */
const STEPS: Step[] = [
  {
    when: (a) => counted(a).length > 0,
    text: {
      en: 'Go to the hospital billing or grievance desk first: ask for an itemised, date-wise bill and a written correction of the lines listed here. Attach a copy of the bill and this report.',
      hi: 'सबसे पहले अस्पताल के बिलिंग या शिकायत काउंटर पर जाएँ: तारीख़-वार, मद-वार बिल और यहाँ बताई गई पंक्तियों का लिखित सुधार माँगें। बिल की प्रति और यह रिपोर्ट साथ रखें।',
    },
  },
  {
    when: has('above_ceiling_price'),
    text: {
      en: 'For medicines sold above the ceiling price, complain to NPPA (Pharma Jan Samadhan, pharmajan.gov.in or toll-free 1800-111-255). Attach the pharmacy bill showing batch, pack and price.',
      hi: 'सीमा मूल्य से महँगी बेची गई दवाओं की शिकायत NPPA (फार्मा जन समाधान) से करें। बैच, पैक और कीमत वाला फ़ार्मेसी बिल साथ लगाएँ।',
    },
  },
  {
    when: has('above_mrp'),
    text: {
      en: 'For items sold above the printed MRP, complain to the state Legal Metrology office. Attach the bill and a photo of the pack showing its MRP.',
      hi: 'छपी MRP से ज़्यादा वसूली की शिकायत राज्य के विधिक माप विज्ञान (Legal Metrology) कार्यालय में करें। बिल और MRP वाले पैक की फ़ोटो लगाएँ।',
    },
  },
  {
    when: (a) => a.context.scheme === 'cghs' && counted(a).some((f) => f.type === 'overcharge' || f.type === 'non_payable'),
    text: {
      en: 'If you are a CGHS beneficiary and the hospital is CGHS-empanelled, write to your CGHS wellness centre or the Additional Director of your city. Attach your CGHS card, the bill and the discharge summary.',
      hi: 'यदि आप CGHS लाभार्थी हैं और अस्पताल CGHS-सूचीबद्ध है, तो अपने CGHS वेलनेस सेंटर या शहर के अपर निदेशक को लिखें। CGHS कार्ड, बिल और डिस्चार्ज सारांश लगाएँ।',
    },
  },
  {
    when: (a) => a.context.scheme === 'insured' && counted(a).length > 0,
    text: {
      en: 'If your insurer or TPA deducted or disputes these charges, raise it with the insurer\'s grievance officer, then on IRDAI\'s Bima Bharosa portal (bimabharosa.irdai.gov.in) if unresolved in 14 days. Attach the claim settlement letter and the bill.',
      hi: 'यदि बीमा कंपनी या TPA ने ये राशि काटी है या विवाद है, तो बीमा कंपनी के शिकायत अधिकारी से, और 14 दिन में हल न हो तो IRDAI के बीमा भरोसा पोर्टल पर शिकायत करें। दावा निपटान पत्र और बिल लगाएँ।',
    },
  },
  {
    when: (a) => counted(a).length > 0,
    text: {
      en: 'If the hospital does not correct the bill within 30 days, you can file a complaint with the District Consumer Disputes Redressal Commission (e-daakhil.nic.in) under the Consumer Protection Act, 2019. Attach the bill, payment receipts, this report and your letter to the hospital.',
      hi: 'यदि अस्पताल 30 दिन में बिल ठीक न करे, तो उपभोक्ता संरक्षण अधिनियम, 2019 के तहत ज़िला उपभोक्ता विवाद निवारण आयोग (e-daakhil.nic.in) में शिकायत कर सकते हैं। बिल, भुगतान की रसीदें, यह रिपोर्ट और अस्पताल को भेजा पत्र लगाएँ।',
    },
  },
  {
    when: (a) => counted(a).length === 0 && a.document.type !== 'not_a_bill',
    text: {
      en: 'No action is needed on the lines we could check. Keep the bill and payment receipts for insurance or tax claims.',
      hi: 'जिन पंक्तियों की जाँच हो सकी, उन पर कोई कार्रवाई ज़रूरी नहीं। बीमा या कर दावे के लिए बिल और रसीदें संभाल कर रखें।',
    },
  },
];

export function nextSteps(a: Analysis, lang: Lang): string[] {
  return STEPS.filter((s) => s.when(a)).map((s) => s.text[lang]);
}

export function explanationMarkdown(a: Analysis, lang: Lang): string {
  const flags = counted(a);
  const out: string[] = [];
  const hospital = a.document.hospital ?? a.document.file_name ?? '';
  out.push(lang === 'hi' ? `# बिल जाँच: ${hospital}` : `# Bill check: ${hospital}`);
  out.push('');
  const verdict = { ok: { en: 'OK', hi: 'ठीक' }, warning: { en: 'Needs attention', hi: 'ध्यान दें' }, critical: { en: 'Serious problems', hi: 'गंभीर समस्याएँ' } }[a.verdict][lang];
  out.push(lang === 'hi' ? `**नतीजा: ${verdict}** · वापसी योग्य राशि: ${rupees(a.totals.overcharge)}` : `**Verdict: ${verdict}** · recoverable: ${rupees(a.totals.overcharge)}`);
  out.push('');
  out.push(summaryText(a, lang));
  if (flags.length) {
    out.push('');
    out.push(lang === 'hi' ? '## क्या गलत है' : '## What is wrong');
    out.push('');
    for (const f of flags) out.push(`- ${flagSentence(a, f, lang)}`);
  }
  out.push('');
  out.push(lang === 'hi' ? '## आगे क्या करें' : '## What to do next');
  out.push('');
  nextSteps(a, lang).forEach((s, i) => out.push(`${i + 1}. ${s}`));
  if (a.context.scheme !== 'cghs' && flags.some((f) => f.type === 'overcharge')) {
    out.push('');
    out.push(lang === 'hi'
      ? '_CGHS दरें केवल CGHS लाभार्थियों और सूचीबद्ध अस्पतालों पर बाध्यकारी हैं; अन्य मरीज़ों के लिए ये मानक (benchmark) हैं।_'
      : '_CGHS rates bind only CGHS beneficiaries and empanelled hospitals; for other patients they are benchmarks._');
  }
  return out.join('\n') + '\n';
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rupee amounts read aloud as currency: "₹1,234.50" → <say-as interpret-as="currency">INR 1234.50</say-as>. */
function speakable(text: string): string {
  return xml(text).replace(/₹(-?[\d,]+(?:\.\d+)?)/g, (_m, n: string) => `<say-as interpret-as="currency">INR ${n.replace(/,/g, '')}</say-as>`);
}

export function explanationSsml(a: Analysis, lang: Lang): string {
  const flags = counted(a);
  const parts: string[] = [`<speak xml:lang="${lang === 'hi' ? 'hi-IN' : 'en-IN'}">`, `<p>${speakable(summaryText(a, lang))}</p>`];
  for (const f of flags) parts.push(`<p>${speakable(flagSentence(a, f, lang))}</p>`);
  parts.push('<break time="500ms"/>');
  parts.push(`<p>${xml(lang === 'hi' ? 'आगे क्या करें।' : 'What to do next.')}</p>`);
  for (const s of nextSteps(a, lang)) parts.push(`<s>${speakable(s)}</s>`);
  parts.push('</speak>');
  return parts.join('\n') + '\n';
}
