// What a refund or complaint letter says, independent of its file format: the PDF and DOCX
// writers render this same content, so both always carry the same lines and the same total.
//
// A letter holds: addressee, date, subject, bill reference, the facts of each disputed line in
// the patient's words, a table of every disputed line (billed, allowed, excess, rule, numbered
// citation), the total refund asked for (each rupee counted once, as in the analysis), the legal
// basis, what the patient asks for, the enclosures and a signature block.
import type { Analysis, Lang, RedFlag } from '../domain/analysis.ts';
import { formatINR, roundRupees, toPaise, toRupees } from '../domain/money.ts';
import { citationText, countedExcess, displayDate, flagDescription, flagName, flagSentence, isBinding } from './explain.ts';

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
  /** Bill line numbers, "3, 4"; "-" for a bill-level finding. */
  lines: string;
  description: string;
  billed: string;
  allowed: string;
  /** The finding's excess. */
  excess: string;
  /** The part of the excess in the total when another finding already counts the rest (each rupee once); null when all of it counts. */
  counted: string | null;
  /** What kind of finding, in words. */
  rule: string;
  citation: string;
  /** 1-based number of the citation in `citations`. */
  note: number;
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
  /** Explains `counted` when some row has one. */
  countedNote: string | null;
  citationsHeading: string;
  citations: string[];
  legalBasisHeading: string;
  legalBasis: string[];
  requests: string[];
  enclosuresHeading: string;
  enclosures: string[];
  closing: string;
  signature: string[];
  /** A short line for page footers: bill number and patient. */
  footer: string;
}

/** Which findings each recipient deals with: NPPA only prices of medicines (ceiling price, MRP). */
const RELEVANT: Record<Recipient, (f: RedFlag) => boolean> = {
  hospital: () => true,
  'consumer-commission': () => true,
  insurer: () => true,
  nppa: (f) => f.type === 'above_ceiling_price' || f.type === 'above_mrp',
};

/** The red flags a letter to `to` disputes: counted (not `info`), with money at stake, relevant to the recipient. */
export function disputedFlags(a: Analysis, to: Recipient): RedFlag[] {
  return a.red_flags.filter((f) => f.severity !== 'info' && f.excess > 0 && RELEVANT[to](f));
}

function longDate(lang: Lang, date: Date): string {
  return date.toLocaleDateString(lang === 'hi' ? 'hi-IN' : 'en-IN', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Kolkata', numberingSystem: 'latn' });
}

type T = Record<Lang, string>;
const pick = (lang: Lang, t: T): string => t[lang];

export function letterContent(a: Analysis, to: Recipient, lang: Lang, sender: Sender = {}, now = new Date()): LetterContent {
  const hi = lang === 'hi';
  const doc = a.document;
  const hospital = doc.hospital ?? (hi ? 'अस्पताल' : 'the hospital');
  // The city, unless the hospital's name already ends with it ("Shri Ram Charitable Hospital, Lucknow").
  const city = doc.city && !hospital.toLowerCase().includes(doc.city.toLowerCase()) ? doc.city : '';
  const district = doc.city ?? '';
  const scheme = a.context.scheme;
  const flags = disputedFlags(a, to);

  // Citations, numbered in order of first use.
  const citations: string[] = [];
  const noteOf = (f: RedFlag): number => {
    const text = citationText(f);
    const at = citations.indexOf(text);
    if (at >= 0) return at + 1;
    citations.push(text);
    return citations.length;
  };
  const rows: DisputedLine[] = flags.map((f) => {
    const counted = roundRupees(countedExcess(f));
    return {
      lines: f.line_items.length ? f.line_items.join(', ') : '-',
      description: flagDescription(a, f) || (hi ? 'बिल का कुल योग' : 'Bill total'),
      billed: formatINR(f.billed),
      allowed: f.max_allowed === null ? '-' : formatINR(f.max_allowed),
      excess: formatINR(f.excess),
      counted: toPaise(counted) < toPaise(f.excess) ? formatINR(counted) : null,
      rule: flagName(f, lang, scheme),
      citation: citationText(f),
      note: noteOf(f),
    };
  });
  // The refund asked for: each rupee once (the analysis's counted excess), limited to this recipient's findings.
  const totalRupees = toRupees(flags.reduce((s, f) => s + toPaise(countedExcess(f)), 0));
  const total = formatINR(totalRupees);

  const billNo = doc.bill_no ? pick(lang, { en: `Bill No. ${doc.bill_no}`, hi: `बिल संख्या ${doc.bill_no}` }) : pick(lang, { en: 'the final bill', hi: 'अंतिम बिल' });
  const billDate = doc.bill_date ?? doc.discharge_date;
  const billRef = [
    doc.bill_no ? pick(lang, { en: `Bill No. ${doc.bill_no}`, hi: `बिल संख्या ${doc.bill_no}` }) : null,
    billDate ? pick(lang, { en: `dated ${displayDate(billDate)}`, hi: `दिनांक ${displayDate(billDate)}` }) : null,
  ].filter(Boolean).join(' ');
  const stay = doc.admission_date && doc.discharge_date
    ? pick(lang, { en: `admitted ${displayDate(doc.admission_date)}, discharged ${displayDate(doc.discharge_date)}`, hi: `भर्ती ${displayDate(doc.admission_date)}, छुट्टी ${displayDate(doc.discharge_date)}` })
    : null;
  const patient = doc.patient ? pick(lang, { en: `patient ${doc.patient}`, hi: `मरीज़ ${doc.patient}` }) : null;
  const referenceLine = [billRef, patient, stay].filter(Boolean).join('; ');
  const ofBill = billRef ? pick(lang, { en: ` (${billRef})`, hi: ` (${billRef})` }) : '';
  const name = sender.name ?? pick(lang, { en: '(Name)', hi: '(नाम)' });

  const addressee: Record<Recipient, string[]> = hi ? {
    hospital: ['सेवा में,', 'चिकित्सा अधीक्षक / बिलिंग प्रबंधक', hospital, city].filter(Boolean),
    nppa: ['सेवा में,', 'अध्यक्ष, राष्ट्रीय औषध मूल्य निर्धारण प्राधिकरण (NPPA)', 'औषध विभाग, रसायन और उर्वरक मंत्रालय', 'वाईएमसीए कल्चरल सेंटर बिल्डिंग, 1 जय सिंह रोड, नई दिल्ली 110001'],
    'consumer-commission': ['सेवा में,', 'अध्यक्ष', 'ज़िला उपभोक्ता विवाद प्रतितोष आयोग', district || '(ज़िला)'],
    insurer: ['सेवा में,', 'शिकायत निवारण अधिकारी', sender.insurer ?? '(बीमा कंपनी का नाम)'],
  } : {
    hospital: ['To', 'The Medical Superintendent / Billing Manager', hospital, city].filter(Boolean),
    nppa: ['To', 'The Chairman, National Pharmaceutical Pricing Authority (NPPA)', 'Department of Pharmaceuticals, Ministry of Chemicals and Fertilizers', 'YMCA Cultural Centre Building, 1 Jai Singh Road, New Delhi 110001'],
    'consumer-commission': ['To', 'The President', 'District Consumer Disputes Redressal Commission', district || '(district)'],
    insurer: ['To', 'The Grievance Redressal Officer', sender.insurer ?? '(name of the insurance company)'],
  };

  const mrpOnly = flags.length > 0 && flags.every((f) => f.type === 'above_mrp');
  const subject: Record<Recipient, T> = {
    hospital: { en: `Subject: Request for refund of ${total} overcharged in ${billNo}`, hi: `विषय: ${billNo} में अधिक वसूले गए ${total} की वापसी हेतु अनुरोध` },
    nppa: mrpOnly
      ? { en: `Subject: Complaint of medicines sold above their MRP by ${hospital} (${total})`, hi: `विषय: ${hospital} द्वारा दवाओं की MRP से अधिक दाम पर बिक्री की शिकायत (${total})` }
      : { en: `Subject: Complaint of medicines sold above the NPPA ceiling price by ${hospital} (${total})`, hi: `विषय: ${hospital} द्वारा दवाओं की NPPA अधिकतम मूल्य से अधिक दाम पर बिक्री की शिकायत (${total})` },
    'consumer-commission': {
      en: `Subject: Complaint under Section 35 of the Consumer Protection Act, 2019 against ${hospital} for overcharging (${total}) and deficiency in service`,
      hi: `विषय: उपभोक्ता संरक्षण अधिनियम, 2019 की धारा 35 के अंतर्गत ${hospital} के विरुद्ध अधिक वसूली (${total}) और सेवा में कमी की शिकायत`,
    },
    insurer: { en: `Subject: Charges not payable separately or above the benchmark (${total}) in the bill of ${hospital}`, hi: `विषय: ${hospital} के बिल में अलग से अदेय या मानक दर से अधिक शुल्क (${total}) के संबंध में` },
  };

  const reference: string[] = [];
  if (referenceLine) reference.push(pick(lang, { en: `Reference: ${referenceLine}`, hi: `संदर्भ: ${referenceLine}` }));
  if (to === 'consumer-commission') reference.push(pick(lang, { en: `Complainant: ${name}. Opposite party: ${hospital}${city ? `, ${city}` : ''}.`, hi: `शिकायतकर्ता: ${name}। विपक्षी पक्ष: ${hospital}${city ? `, ${city}` : ''}।` }));
  if (to === 'insurer' && sender.policy) reference.push(pick(lang, { en: `Policy / claim No.: ${sender.policy}`, hi: `पॉलिसी / दावा संख्या: ${sender.policy}` }));

  // "more than allowed" only when every disputed rupee breaks a rule binding this patient's hospital.
  const allBinding = flags.every((f) => isBinding(f, scheme));
  const howMuch: T = allBinding
    ? { en: `were charged ${total} more than these allow`, hi: `में इनसे कुल ${total} अधिक लिए गए हैं` }
    : { en: `are ${total} in all above these references (the CGHS rates, which bind a hospital only for CGHS beneficiaries, I cite as the Government's benchmark of a fair price)`, hi: `में इन संदर्भों से कुल ${total} अधिक लिए गए हैं (CGHS दरें केवल CGHS लाभार्थियों के लिए बाध्यकारी हैं; उन्हें मैं उचित मूल्य के सरकारी मानक के रूप में प्रस्तुत करता/करती हूँ)` };
  const checked: T = {
    en: 'I have checked the bill against the official price references: the CGHS rates, the NPPA ceiling prices of medicines, the MRP printed on packs, and the IRDAI and CGHS lists of charges that may not be billed separately.',
    hi: 'मैंने बिल की जाँच आधिकारिक मूल्य-संदर्भों से की है: CGHS दरें, दवाओं के NPPA अधिकतम मूल्य, पैक पर छपी MRP, और IRDAI तथा CGHS की वे सूचियाँ जिनके शुल्क अलग से नहीं लिए जा सकते।',
  };
  const intro: Record<Recipient, T> = {
    hospital: {
      en: `${checked.en} In your ${doc.bill_no ? `Bill No. ${doc.bill_no}` : 'final bill'}${billDate ? ` dated ${displayDate(billDate)}` : ''}, the lines below ${howMuch.en}:`,
      hi: `${checked.hi} आपके बिल${billRef ? ` (${[doc.bill_no ? `संख्या ${doc.bill_no}` : null, billDate ? `दिनांक ${displayDate(billDate)}` : null].filter(Boolean).join(', ')})` : ''} की नीचे दी गई पंक्तियों ${howMuch.hi}:`,
    },
    nppa: {
      en: `${hospital}${city ? `, ${city},` : ''} sold me the medicines below above the ${mrpOnly ? 'MRP printed on their packs' : 'ceiling prices notified by NPPA or above the MRP printed on their packs'}, in its bill${ofBill}. The amount overcharged is ${total}:`,
      hi: `${hospital}${city ? `, ${city},` : ''} ने अपने बिल${ofBill} में नीचे दी गई दवाएँ ${mrpOnly ? 'पैक पर छपी MRP' : 'NPPA द्वारा अधिसूचित अधिकतम मूल्य या पैक पर छपी MRP'} से अधिक दाम पर बेचीं। अधिक वसूली गई राशि ${total} है:`,
    },
    'consumer-commission': {
      en: `The opposite party, ${hospital}, charged me ${total} more than the references below allow, for the lines below of its bill${ofBill}, and has not refunded it despite my written request (copy enclosed).`,
      hi: `विपक्षी पक्ष ${hospital} ने अपने बिल${ofBill} की नीचे दी गई पंक्तियों के लिए नीचे दिए गए संदर्भों से कुल ${total} अधिक वसूले, और मेरे लिखित अनुरोध (प्रति संलग्न) के बाद भी यह राशि वापस नहीं की।`,
    },
    insurer: {
      en: `The bill of ${hospital}${ofBill}, submitted with my claim, has the lines below, which are not payable separately or are above the benchmark rates: ${total} in all.`,
      hi: `मेरे दावे के साथ जमा किए गए ${hospital} के बिल${ofBill} में नीचे दी गई पंक्तियाँ अलग से देय नहीं हैं या मानक दरों से अधिक हैं: कुल ${total}।`,
    },
  };

  const requests: Record<Recipient, T[]> = {
    hospital: [
      { en: `Please refund ${total} within 15 days and issue a corrected bill.`, hi: `कृपया ${total} की राशि 15 दिन के भीतर वापस करें और सुधरा हुआ बिल जारी करें।` },
      { en: 'If you disagree with any line, please tell me in writing why, and which rate you applied.', hi: 'यदि आप किसी पंक्ति से असहमत हैं, तो उसका कारण और आपके द्वारा लगाई गई दर लिखित में बताएँ।' },
    ],
    nppa: [{ en: 'Please act under the Drugs (Prices Control) Order, 2013 and have the amount overcharged refunded to me.', hi: 'कृपया औषध (मूल्य नियंत्रण) आदेश, 2013 के तहत कार्रवाई करें और अधिक वसूली गई राशि मुझे वापस दिलवाएँ।' }],
    'consumer-commission': [
      { en: `Direct the opposite party to refund ${total} with interest from the date of payment.`, hi: `विपक्षी पक्ष को ${total} भुगतान की तारीख़ से ब्याज सहित वापस करने का निर्देश दें।` },
      { en: 'Award fair compensation for the harassment and mental agony caused, and the cost of this complaint.', hi: 'हुई परेशानी और मानसिक पीड़ा के लिए उचित क्षतिपूर्ति, और इस शिकायत का व्यय दिलवाएँ।' },
    ],
    insurer: [{ en: 'Please take these charges up with the hospital, and reconsider in writing any deduction made from my claim on their account.', hi: 'कृपया इन शुल्कों के बारे में अस्पताल से बात करें, और इनके कारण मेरे दावे से की गई किसी भी कटौती पर लिखित में पुनर्विचार करें।' }],
  };

  const types = new Set(flags.map((f) => f.type));
  const legal: T[] = [];
  if (types.has('above_ceiling_price')) legal.push({
    en: 'The Drugs (Prices Control) Order, 2013: no one, a hospital pharmacy included, may sell a scheduled formulation above the ceiling price notified by NPPA plus applicable GST, whatever the brand; NPPA recovers amounts overcharged, with interest.',
    hi: 'औषध (मूल्य नियंत्रण) आदेश, 2013: अस्पताल की फ़ार्मेसी सहित कोई भी विक्रेता किसी अनुसूचित दवा को NPPA द्वारा अधिसूचित अधिकतम मूल्य और लागू GST से अधिक दाम पर नहीं बेच सकता, ब्रांड कोई भी हो; अधिक वसूली गई राशि NPPA ब्याज सहित वसूल करता है।',
  });
  if (types.has('above_mrp')) legal.push({
    en: 'The Legal Metrology (Packaged Commodities) Rules, 2011, rule 18(2): no packaged commodity may be sold above the retail sale price (MRP) printed on it; the Drugs (Prices Control) Order, 2013 likewise forbids selling a medicine above the price on its label.',
    hi: 'विधिक माप विज्ञान (पैकेज्ड वस्तुएँ) नियम, 2011, नियम 18(2): किसी पैकेज्ड वस्तु को उस पर छपे खुदरा मूल्य (MRP) से अधिक पर नहीं बेचा जा सकता; औषध (मूल्य नियंत्रण) आदेश, 2013 भी दवा को लेबल पर छपे मूल्य से अधिक पर बेचने से मना करता है।',
  });
  if (types.has('overcharge')) legal.push(scheme === 'cghs' ? {
    en: 'The CGHS rate list and the CGHS Office Memorandum of 12.04.2023 (F.No. Z.15025/28/2022/DIR/CGHS), which fix the rates an empanelled hospital may charge CGHS beneficiaries for consultations, room rent, ICU, investigations and procedures.',
    hi: 'CGHS दर सूची और CGHS कार्यालय ज्ञापन दिनांक 12.04.2023 (फ़ा.सं. Z.15025/28/2022/DIR/CGHS), जो सूचीबद्ध अस्पतालों द्वारा CGHS लाभार्थियों से परामर्श, कमरे, ICU, जाँचों और प्रक्रियाओं के लिए ली जाने वाली दरें तय करते हैं।',
  } : {
    en: "The CGHS rate list and the CGHS Office Memorandum of 12.04.2023, cited here as the Government's benchmark of a fair rate for these services (they bind a hospital only for CGHS beneficiaries).",
    hi: 'CGHS दर सूची और CGHS कार्यालय ज्ञापन दिनांक 12.04.2023, जो यहाँ इन सेवाओं की उचित दर के सरकारी मानक के रूप में उद्धृत हैं (ये केवल CGHS लाभार्थियों के लिए बाध्यकारी हैं)।',
  });
  if (types.has('non_payable')) legal.push({
    en: 'The IRDAI Master Circular on Standardization of Health Insurance Products (22.07.2020), whose lists name the items not payable or subsumed in room, procedure or treatment charges, and the CGHS list of charges included in room rent and package rates.',
    hi: 'IRDAI का स्वास्थ्य बीमा उत्पादों के मानकीकरण पर मास्टर परिपत्र (22.07.2020), जिसकी सूचियों में अदेय मदें और कमरे, प्रक्रिया या इलाज के शुल्क में शामिल मदें दी गई हैं, और कमरे के किराए तथा पैकेज दरों में शामिल शुल्कों की CGHS सूची।',
  });
  if (types.has('duplicate') || types.has('arithmetic_error') || types.has('total_mismatch')) legal.push({
    en: 'A bill may charge only for services actually given, once, at the stated rate: charging twice for one service, or more than the lines add up to, is an unfair trade practice (Consumer Protection Act, 2019, section 2(47)).',
    hi: 'बिल में केवल वास्तव में दी गई सेवाओं का, एक बार, बताई गई दर पर शुल्क लिया जा सकता है: एक सेवा का दो बार शुल्क लेना, या पंक्तियों के जोड़ से अधिक माँगना, अनुचित व्यापार व्यवहार है (उपभोक्ता संरक्षण अधिनियम, 2019, धारा 2(47))।',
  });
  if (to !== 'nppa') legal.push({
    en: 'The Consumer Protection Act, 2019: charging more than the price fixed by law or displayed, and deficiency in service, are grounds for a complaint before the Consumer Commission.',
    hi: 'उपभोक्ता संरक्षण अधिनियम, 2019: कानून द्वारा तय या प्रदर्शित मूल्य से अधिक वसूलना और सेवा में कमी, उपभोक्ता आयोग में शिकायत के आधार हैं।',
  });

  const enclosures: Record<Recipient, T[]> = {
    hospital: [{ en: 'Copy of the bill', hi: 'बिल की प्रति' }, { en: 'Payment receipts', hi: 'भुगतान की रसीदें' }, { en: 'MedBillGuard audit report', hi: 'MedBillGuard जाँच रिपोर्ट' }],
    nppa: [{ en: 'Copy of the pharmacy bill showing batch, pack and price', hi: 'बैच, पैक और कीमत वाले फ़ार्मेसी बिल की प्रति' }, { en: 'Photos of the packs showing MRP and batch', hi: 'MRP और बैच दिखाते हुए पैकों की फ़ोटो' }, { en: 'MedBillGuard audit report', hi: 'MedBillGuard जाँच रिपोर्ट' }],
    'consumer-commission': [{ en: 'Copy of the bill and the payment receipts', hi: 'बिल और भुगतान की रसीदों की प्रति' }, { en: 'My letter to the hospital and its reply, if any', hi: 'अस्पताल को भेजा मेरा पत्र और उसका उत्तर (यदि हो)' }, { en: 'Discharge summary', hi: 'डिस्चार्ज सारांश' }, { en: 'MedBillGuard audit report', hi: 'MedBillGuard जाँच रिपोर्ट' }],
    insurer: [{ en: 'Copy of the bill', hi: 'बिल की प्रति' }, { en: 'Claim settlement letter', hi: 'दावा निपटान पत्र' }, { en: 'Policy document', hi: 'पॉलिसी दस्तावेज़' }, { en: 'MedBillGuard audit report', hi: 'MedBillGuard जाँच रिपोर्ट' }],
  };

  const signature = [
    name,
    sender.address ?? null,
    sender.phone ? pick(lang, { en: `Phone: ${sender.phone}`, hi: `फ़ोन: ${sender.phone}` }) : null,
    sender.email ? pick(lang, { en: `Email: ${sender.email}`, hi: `ईमेल: ${sender.email}` }) : null,
  ].filter((s): s is string => !!s);

  const totalLabel: Record<Recipient, T> = {
    hospital: { en: 'Total refund requested', hi: 'वापसी हेतु कुल राशि' },
    nppa: { en: 'Total overcharged', hi: 'अधिक वसूली गई कुल राशि' },
    'consumer-commission': { en: 'Total refund claimed', hi: 'वापसी हेतु दावा की गई कुल राशि' },
    insurer: { en: 'Total in dispute', hi: 'विवादित कुल राशि' },
  };

  return {
    lang,
    to,
    date: pick(lang, { en: `Date: ${longDate(lang, now)}`, hi: `दिनांक: ${longDate(lang, now)}` }),
    addressee: addressee[to],
    subject: pick(lang, subject[to]),
    reference,
    salutation: pick(lang, { en: 'Dear Sir or Madam,', hi: 'महोदय/महोदया,' }),
    body: [pick(lang, intro[to]), ...flags.map((f) => flagSentence(a, f, lang, { voice: 'letter' }))],
    tableHeadings: hi ? ['पंक्ति', 'विवरण', 'बिल में', 'अनुमत', 'अधिक', 'नियम'] : ['Line', 'Description', 'Billed', 'Allowed', 'Excess', 'Rule'],
    rows,
    totalLabel: pick(lang, totalLabel[to]),
    total,
    totalRupees,
    countedNote: rows.some((r) => r.counted !== null)
      ? pick(lang, { en: 'Where two findings cover the same rupees (a test billed twice that is also above its rate), the total counts each rupee once: "counted" shows the part included.', hi: 'जहाँ दो आपत्तियाँ एक ही रुपयों पर लागू होती हैं (जैसे दो बार बिल की गई जाँच जो दर से भी महँगी है), वहाँ कुल में हर रुपया एक ही बार गिना गया है: "गिना गया" में शामिल हिस्सा दिया है।' })
      : null,
    citationsHeading: pick(lang, { en: 'Rules and notifications cited', hi: 'उद्धृत नियम और अधिसूचनाएँ' }),
    citations,
    legalBasisHeading: pick(lang, { en: 'Legal basis', hi: 'कानूनी आधार' }),
    legalBasis: legal.map((t) => pick(lang, t)),
    requests: requests[to].map((t) => pick(lang, t)),
    enclosuresHeading: pick(lang, { en: 'Enclosures:', hi: 'संलग्नक:' }),
    enclosures: enclosures[to].map((t) => pick(lang, t)),
    closing: pick(lang, { en: 'Yours faithfully,', hi: 'भवदीय,' }),
    signature,
    footer: [billRef || null, doc.patient ?? null].filter(Boolean).join(' · '),
  };
}

/** The excess cell of a disputed line: "₹142.50", or "₹142.50 (counted ₹0.00)" when part is counted elsewhere. */
export function excessCell(row: DisputedLine, lang: Lang): string {
  return row.counted === null ? row.excess : `${row.excess} (${lang === 'hi' ? 'गिना गया' : 'counted'} ${row.counted})`;
}

/** The rule cell of a disputed line: "Above MRP [2]". */
export const ruleCell = (row: DisputedLine): string => `${row.rule} [${row.note}]`;
