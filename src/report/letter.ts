// What a refund or complaint letter says, independent of its file format: the PDF and DOCX
// writers render this same content, so both always carry the same lines and the same total.
import type { Analysis, Lang, RedFlag } from '../domain/analysis.ts';
import { formatINR, roundRupees } from '../domain/money.ts';
import { flagSentence } from './explain.ts';

export const RECIPIENTS = ['hospital', 'nppa', 'consumer-commission', 'insurer'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

export interface Sender {
  name?: string;
  address?: string;
  phone?: string;
  email?: string;
  /** The insurer's name, for letters to an insurer. */
  insurer?: string;
  /** Policy or claim number, for letters to an insurer. */
  policy?: string;
}

export interface DisputedLine {
  lines: string;
  description: string;
  billed: string;
  allowed: string;
  excess: string;
  rule: string;
  citation: string;
}

export interface LetterContent {
  lang: Lang;
  to: Recipient;
  date: string;
  addressee: string[];
  subject: string;
  reference: string[];
  salutation: string;
  body: string[];
  tableHeadings: [string, string, string, string, string, string];
  rows: DisputedLine[];
  totalLabel: string;
  total: string;
  totalRupees: number;
  legalBasis: string[];
  requests: string[];
  enclosuresHeading: string;
  enclosures: string[];
  closing: string;
  signature: string[];
}

const FLAG_NAMES: Record<string, Record<Lang, string>> = {
  overcharge: { en: 'Above CGHS rate', hi: 'CGHS दर से अधिक' },
  above_ceiling_price: { en: 'Above NPPA ceiling price', hi: 'NPPA सीमा मूल्य से अधिक' },
  above_mrp: { en: 'Above MRP', hi: 'MRP से अधिक' },
  duplicate: { en: 'Billed twice', hi: 'दो बार बिल किया' },
  non_payable: { en: 'Not payable separately', hi: 'अलग से देय नहीं' },
  arithmetic_error: { en: 'Arithmetic error', hi: 'गणना की गलती' },
  total_mismatch: { en: 'Total does not add up', hi: 'कुल योग गलत' },
};

/** Which findings each recipient deals with. */
const RELEVANT: Record<Recipient, (f: RedFlag) => boolean> = {
  hospital: () => true,
  'consumer-commission': () => true,
  insurer: () => true,
  nppa: (f) => f.type === 'above_ceiling_price' || f.type === 'above_mrp',
};

export function disputedFlags(a: Analysis, to: Recipient): RedFlag[] {
  return a.red_flags.filter((f) => f.severity !== 'info' && f.excess > 0 && RELEVANT[to](f));
}

function today(lang: Lang, date: Date): string {
  return date.toLocaleDateString(lang === 'hi' ? 'hi-IN' : 'en-IN', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Kolkata' });
}

export function letterContent(a: Analysis, to: Recipient, lang: Lang, sender: Sender = {}, now = new Date()): LetterContent {
  const hi = lang === 'hi';
  const doc = a.document;
  const hospital = doc.hospital ?? (hi ? 'अस्पताल' : 'the hospital');
  const city = doc.city ?? '';
  const flags = disputedFlags(a, to);
  const rows: DisputedLine[] = flags.map((f) => ({
    lines: f.line_items.length ? f.line_items.join(', ') : '-',
    description: f.line_items.length
      ? [...new Set(f.line_items.map((i) => a.line_items.find((l) => l.index === i)?.description ?? `#${i}`))].join('; ')
      : (hi ? 'बिल का कुल योग' : 'Bill total'),
    billed: formatINR(f.billed),
    allowed: f.max_allowed === null ? '-' : formatINR(f.max_allowed),
    excess: formatINR(f.excess),
    rule: FLAG_NAMES[f.type]?.[lang] ?? f.type,
    citation: `${f.citation.source} ${f.citation.reference}${f.citation.date ? ` (${f.citation.date})` : ''}`,
  }));
  // The refund asked for: each rupee once (the analysis's counted excess), limited to this recipient's findings.
  const totalRupees = roundRupees(flags.reduce((s, f) => s + (f.counted_excess ?? f.excess), 0));
  const total = formatINR(totalRupees);
  const billRef = [doc.bill_no ? (hi ? `बिल संख्या ${doc.bill_no}` : `Bill No. ${doc.bill_no}`) : null,
    doc.bill_date ?? doc.discharge_date ? (hi ? `दिनांक ${doc.bill_date ?? doc.discharge_date}` : `dated ${doc.bill_date ?? doc.discharge_date}`) : null,
    doc.patient ? (hi ? `मरीज़: ${doc.patient}` : `patient ${doc.patient}`) : null].filter(Boolean).join(', ');

  const addressee: Record<Recipient, string[]> = hi ? {
    hospital: ['सेवा में,', 'चिकित्सा अधीक्षक / बिलिंग प्रबंधक', hospital, city].filter(Boolean),
    nppa: ['सेवा में,', 'अध्यक्ष, राष्ट्रीय औषध मूल्य निर्धारण प्राधिकरण (NPPA)', 'औषध विभाग, रसायन और उर्वरक मंत्रालय', 'वाईएमसीए कल्चरल सेंटर बिल्डिंग, 1 जय सिंह रोड, नई दिल्ली 110001'],
    'consumer-commission': ['सेवा में,', 'अध्यक्ष, ज़िला उपभोक्ता विवाद निवारण आयोग', city || '(ज़िला)'],
    insurer: ['सेवा में,', 'शिकायत निवारण अधिकारी', sender.insurer ?? '(बीमा कंपनी)'],
  } : {
    hospital: ['To', 'The Medical Superintendent / Billing Manager', hospital, city].filter(Boolean),
    nppa: ['To', 'The Chairman, National Pharmaceutical Pricing Authority (NPPA)', 'Department of Pharmaceuticals, Ministry of Chemicals and Fertilizers', 'YMCA Cultural Centre Building, 1 Jai Singh Road, New Delhi 110001'],
    'consumer-commission': ['To', 'The President, District Consumer Disputes Redressal Commission', city || '(district)'],
    insurer: ['To', 'The Grievance Redressal Officer', sender.insurer ?? '(insurance company)'],
  };

  const subject: Record<Recipient, string> = hi ? {
    hospital: `विषय: ${hospital} के बिल में अधिक वसूली गई ${total} की वापसी हेतु अनुरोध`,
    nppa: `विषय: ${hospital} द्वारा दवाओं की NPPA सीमा मूल्य से अधिक बिक्री की शिकायत (${total})`,
    'consumer-commission': `विषय: ${hospital} के विरुद्ध अधिक वसूली (${total}) और सेवा में कमी की शिकायत`,
    insurer: `विषय: ${hospital} के बिल में अस्वीकार्य/अधिक शुल्क (${total}) के संबंध में`,
  } : {
    hospital: `Subject: Request for refund of ${total} overcharged in the bill of ${hospital}`,
    nppa: `Subject: Complaint of medicines sold above the NPPA ceiling price by ${hospital} (${total})`,
    'consumer-commission': `Subject: Complaint against ${hospital} for overcharging (${total}) and deficiency in service`,
    insurer: `Subject: Charges not payable or above the benchmark (${total}) in the bill of ${hospital}`,
  };

  const types = new Set(flags.map((f) => f.type));
  const legal: string[] = [];
  const L = (en: string, hiText: string) => legal.push(hi ? hiText : en);
  if (types.has('above_ceiling_price')) L('The Drugs (Prices Control) Order, 2013: no one, including a hospital pharmacy, may sell a scheduled formulation above the ceiling price notified by NPPA plus applicable GST, and an amount charged above it is recoverable.', 'औषध (मूल्य नियंत्रण) आदेश, 2013: कोई भी विक्रेता, अस्पताल की फ़ार्मेसी सहित, NPPA द्वारा अधिसूचित सीमा मूल्य और लागू GST से अधिक दाम पर अनुसूचित दवा नहीं बेच सकता; अधिक ली गई राशि वसूली योग्य है।');
  if (types.has('above_mrp')) L('The Legal Metrology (Packaged Commodities) Rules, 2011: no packaged commodity may be sold above the retail sale price (MRP) printed on it.', 'विधिक माप विज्ञान (पैकेज्ड वस्तुएँ) नियम, 2011: किसी पैकेज्ड वस्तु को उस पर छपे खुदरा मूल्य (MRP) से अधिक पर नहीं बेचा जा सकता।');
  if (types.has('overcharge')) L(a.context.scheme === 'cghs'
    ? 'The CGHS rate list and the CGHS Office Memorandum of 12.04.2023 (F.No. Z.15025/28/2022/DIR/CGHS), which fix the rates an empanelled hospital may charge CGHS beneficiaries.'
    : 'The CGHS rate list and the CGHS Office Memorandum of 12.04.2023, which I cite as the Government\'s benchmark for a fair rate for these services.',
  a.context.scheme === 'cghs'
    ? 'CGHS दर सूची और CGHS कार्यालय ज्ञापन दिनांक 12.04.2023 (फा.सं. Z.15025/28/2022/DIR/CGHS), जो सूचीबद्ध अस्पतालों द्वारा CGHS लाभार्थियों से ली जाने वाली दरें तय करते हैं।'
    : 'CGHS दर सूची और CGHS कार्यालय ज्ञापन दिनांक 12.04.2023, जिन्हें मैं इन सेवाओं की उचित दर के सरकारी मानक के रूप में उद्धृत करता/करती हूँ।');
  if (types.has('non_payable')) L('The IRDAI Master Circular on Standardisation in Health Insurance (2020), lists of items not payable or subsumed in room, procedure or treatment charges, and the CGHS list of charges included in room rent and package rates.', 'IRDAI का स्वास्थ्य बीमा मानकीकरण मास्टर परिपत्र (2020), जिसमें अदेय या कमरे/प्रक्रिया/उपचार शुल्क में शामिल मदों की सूचियाँ हैं, और कमरे के किराए व पैकेज दरों में शामिल शुल्कों की CGHS सूची।');
  if (types.has('duplicate') || types.has('arithmetic_error') || types.has('total_mismatch')) L('A bill may charge only for services actually rendered, once, at the stated rate; charging twice for one service or for amounts that do not add up is a deficiency in service.', 'बिल में केवल वास्तव में दी गई सेवाओं का, एक बार, बताई गई दर पर शुल्क लिया जा सकता है; एक सेवा का दो बार शुल्क या गलत जोड़ सेवा में कमी है।');
  L('The Consumer Protection Act, 2019: charging more than the price fixed by law or displayed, and deficiency in service, are grounds for a consumer complaint.', 'उपभोक्ता संरक्षण अधिनियम, 2019: कानून द्वारा तय या प्रदर्शित मूल्य से अधिक वसूलना और सेवा में कमी, उपभोक्ता शिकायत के आधार हैं।');

  const intro: Record<Recipient, string> = hi ? {
    hospital: `मैंने आपके अस्पताल के बिल (${billRef}) की जाँच आधिकारिक दर सूचियों से की है। नीचे दी गई पंक्तियों में कुल ${total} अधिक वसूले गए हैं।`,
    nppa: `${hospital} ने बिल (${billRef}) में नीचे दी गई दवाएँ NPPA द्वारा अधिसूचित सीमा मूल्य से अधिक दाम पर बेचीं। अधिक वसूली गई राशि ${total} है।`,
    'consumer-commission': `विपक्षी ${hospital} ने बिल (${billRef}) में नीचे दी गई पंक्तियों के लिए कुल ${total} अधिक वसूले, और माँगने पर भी राशि वापस नहीं की।`,
    insurer: `${hospital} के बिल (${billRef}) में नीचे दी गई पंक्तियाँ अदेय हैं या मानक दरों से अधिक हैं (कुल ${total})${sender.policy ? `; पॉलिसी/दावा संख्या ${sender.policy}` : ''}।`,
  } : {
    hospital: `I have checked your hospital's bill (${billRef}) against the official rate lists. The lines below were charged ${total} more than allowed.`,
    nppa: `${hospital} sold the medicines below above the ceiling prices notified by NPPA, in its bill (${billRef}). The amount overcharged is ${total}.`,
    'consumer-commission': `The opposite party, ${hospital}, charged ${total} more than allowed for the lines below in its bill (${billRef}), and has not refunded it.`,
    insurer: `The lines below in the bill of ${hospital} (${billRef}) are not payable or are above the benchmark rates (${total} in all)${sender.policy ? `; policy/claim no. ${sender.policy}` : ''}.`,
  };

  const requests: Record<Recipient, string[]> = hi ? {
    hospital: [`कृपया ${total} की राशि 15 दिन के भीतर वापस करें और सुधरा हुआ बिल जारी करें।`, 'यदि आप किसी पंक्ति से असहमत हैं, तो उसका लिखित कारण और लागू दर बताएँ।'],
    nppa: ['कृपया DPCO 2013 के तहत कार्रवाई करें और अधिक वसूली गई राशि वापस दिलवाएँ।'],
    'consumer-commission': [`विपक्षी को ${total} ब्याज सहित वापस करने का निर्देश दें।`, 'मानसिक पीड़ा और वाद-व्यय के लिए उचित क्षतिपूर्ति दिलवाएँ।'],
    insurer: ['कृपया इन पंक्तियों के लिए मेरी ओर से काटी गई राशि पर पुनर्विचार करें, या अस्पताल से वसूली में सहायता करें।'],
  } : {
    hospital: [`Please refund ${total} within 15 days and issue a corrected bill.`, 'If you disagree with any line, please give the reason and the rate you applied, in writing.'],
    nppa: ['Please act under the DPCO 2013 and have the amount overcharged refunded.'],
    'consumer-commission': [`Direct the opposite party to refund ${total} with interest.`, 'Award fair compensation for mental agony and the cost of this complaint.'],
    insurer: ['Please reconsider the amounts deducted from my claim for these lines, or help me recover them from the hospital.'],
  };

  const enclosures: Record<Recipient, Record<Lang, string[]>> = {
    hospital: { en: ['Copy of the bill', 'Payment receipts', 'MedBillGuard audit report'], hi: ['बिल की प्रति', 'भुगतान की रसीदें', 'MedBillGuard जाँच रिपोर्ट'] },
    nppa: { en: ['Copy of the pharmacy bill showing batch, pack and price', 'Photos of the packs', 'MedBillGuard audit report'], hi: ['बैच, पैक और कीमत वाला फ़ार्मेसी बिल', 'पैक की फ़ोटो', 'MedBillGuard जाँच रिपोर्ट'] },
    'consumer-commission': { en: ['Copy of the bill and payment receipts', 'Letter to the hospital and its reply, if any', 'Discharge summary', 'MedBillGuard audit report'], hi: ['बिल और भुगतान की रसीदों की प्रति', 'अस्पताल को भेजा पत्र और उसका उत्तर (यदि हो)', 'डिस्चार्ज सारांश', 'MedBillGuard जाँच रिपोर्ट'] },
    insurer: { en: ['Copy of the bill', 'Claim settlement letter', 'Policy document', 'MedBillGuard audit report'], hi: ['बिल की प्रति', 'दावा निपटान पत्र', 'पॉलिसी दस्तावेज़', 'MedBillGuard जाँच रिपोर्ट'] },
  };

  const signature = [sender.name ?? (hi ? '(नाम)' : '(Name)'), sender.address, sender.phone ? (hi ? `फ़ोन: ${sender.phone}` : `Phone: ${sender.phone}`) : null, sender.email ?? null]
    .filter((s): s is string => !!s);

  return {
    lang,
    to,
    date: hi ? `दिनांक: ${today(lang, now)}` : `Date: ${today(lang, now)}`,
    addressee: addressee[to],
    subject: subject[to],
    reference: billRef ? [hi ? `संदर्भ: ${billRef}` : `Reference: ${billRef}`] : [],
    salutation: hi ? 'महोदय/महोदया,' : 'Dear Sir or Madam,',
    body: [intro[to], ...flags.map((f) => flagSentence(a, f, lang))],
    tableHeadings: hi ? ['पंक्ति', 'विवरण', 'बिल राशि', 'अनुमत', 'अधिक', 'नियम'] : ['Line', 'Description', 'Billed', 'Allowed', 'Excess', 'Rule'],
    rows,
    totalLabel: hi ? 'वापसी हेतु कुल राशि' : 'Total refund requested',
    total,
    totalRupees,
    legalBasis: legal,
    requests: requests[to],
    enclosuresHeading: hi ? 'संलग्नक:' : 'Enclosures:',
    enclosures: enclosures[to][lang],
    closing: hi ? 'भवदीय,' : 'Yours faithfully,',
    signature,
  };
}
