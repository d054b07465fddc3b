import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis, RedFlag } from '../domain/analysis.ts';
import { Analysis as AnalysisSchema } from '../domain/analysis.ts';
import { citationText, explanationMarkdown, explanationSsml, flagSentence, nextSteps, summaryText } from './explain.ts';
import { cleanDelhiPharmacyInvoice, jaipurNabhBill } from '../../test/fixtures/letters/analyses.ts';
import { findAll, parseXml, textOf } from '../../test/fixtures/letters/read-back.ts';

const DEVANAGARI = /[\u0900-\u097F]/;
const flagOf = (a: Analysis, type: string, line?: number): RedFlag => {
  const f = a.red_flags.find((x) => x.type === type && x.severity !== 'info' && (line === undefined || x.line_items.includes(line)));
  assert.ok(f, `${type} flag`);
  return f;
};

test('the hand-made bills are valid analysis objects', () => {
  for (const a of [jaipurNabhBill(), jaipurNabhBill('private'), jaipurNabhBill('insured'), cleanDelhiPharmacyInvoice()]) AnalysisSchema.parse(a);
});

test('each English flag sentence says what was charged, what is allowed, the excess, the rule and how sure we are', () => {
  const a = jaipurNabhBill();
  const consult = flagSentence(a, flagOf(a, 'overcharge', 2), 'en');
  assert.match(consult, /^Consultation - Dr\. A\. K\. Mathur \(Cardiology\) \(line 2\) was billed ₹800\.00; the CGHS rate is ₹350\.00, so ₹450\.00 more than the allowed rate was charged\./);
  assert.match(consult, /Rule: CGHS, OM F\.No\. Z\.15025\/28\/2022\/DIR\/CGHS \(12\.04\.2023\)\. We are sure of this \(confidence 95%\)\.$/);

  const paracetamol = flagSentence(a, flagOf(a, 'above_ceiling_price'), 'en');
  assert.match(paracetamol, /30 tablets were charged at ₹3\.50 per tablet \(₹105\.00\); the NPPA ceiling price is ₹1\.01 per tablet before GST \(₹30\.30 for this quantity\)\. That is ₹74\.70 above the ceiling price\./);
  assert.match(paracetamol, /Rule: NPPA, S\.O\. 1499\(E\), DPCO 2013 \(30\.03\.2022\)\./);

  assert.match(flagSentence(a, flagOf(a, 'duplicate'), 'en'), /^ECG \(12 Lead\) \(lines 3 and 4\) is billed twice on 04\.05\.2025: same service, same day, same amount\. The repeat adds ₹300\.00\./);
  assert.match(flagSentence(a, flagOf(a, 'non_payable'), 'en'), /^Admission Kit \(line 6\), ₹1,250\.00, should not be billed separately: it is part of the room charges \(IRDAI's List II\)\./);
  assert.match(flagSentence(a, flagOf(a, 'above_mrp'), 'en'), /was charged ₹330\.00, where the MRP printed on the packs comes to ₹310\.80: ₹19\.20 above MRP\./);
  assert.match(flagSentence(a, flagOf(a, 'total_mismatch'), 'en'), /^The bill asks for ₹1,02,437\.00, but its lines \(less any discount\) add up to ₹1,01,937\.00: ₹500\.00 more than the lines account for\./);
});

test('an uncertain finding says so and asks for a check against the bill', () => {
  const a = jaipurNabhBill();
  const shaky = { ...flagOf(a, 'overcharge', 3), confidence: 0.66 };
  assert.match(flagSentence(a, shaky, 'en'), /This is uncertain \(confidence 66%\): check it against the bill\.$/);
  assert.match(flagSentence(a, shaky, 'hi'), /यह पक्का नहीं है \(भरोसा 66%\): बिल से मिलाकर देख लें।$/);
});

test('for a private patient CGHS rates are benchmarks, while the ceiling price and MRP still bind', () => {
  const a = jaipurNabhBill('private');
  const consult = flagSentence(a, flagOf(a, 'overcharge', 2), 'en');
  assert.match(consult, /the CGHS rate for the same service is ₹350\.00, so the charge is ₹450\.00 above this benchmark/);
  assert.match(consult, /not a breach of a rule/);
  assert.match(consult, /Benchmark: CGHS, OM/);
  assert.doesNotMatch(consult, /more than the allowed rate|Rule:/);
  const consultHi = flagSentence(a, flagOf(a, 'overcharge', 2), 'hi');
  assert.match(consultHi, /मानक \(बेंचमार्क\)/);
  assert.match(consultHi, /मानक: CGHS, OM/);
  assert.doesNotMatch(consultHi, /तय दर से/);

  assert.match(flagSentence(a, flagOf(a, 'above_ceiling_price'), 'en'), /Ceiling prices bind every seller, hospital pharmacies included.*Rule: NPPA/);
  assert.match(flagSentence(a, flagOf(a, 'above_mrp'), 'en'), /No seller may charge more than the MRP printed on the pack\. Rule:/);
  assert.match(flagSentence(a, flagOf(a, 'non_payable'), 'en'), /as a private patient you can ask the hospital to waive it\. Benchmark: IRDAI/);
  assert.match(summaryText(a, 'en'), /Comparisons with CGHS rates are benchmarks for you, not rules\./);
  assert.match(explanationMarkdown(a, 'en'), /_CGHS rates bind only CGHS beneficiaries at empanelled hospitals; for other patients they are benchmarks\. Ceiling prices of medicines and MRP bind every seller\._/);
  // A CGHS beneficiary gets no such caveat.
  assert.doesNotMatch(explanationMarkdown(jaipurNabhBill(), 'en'), /benchmark/i);
});

test('Hindi sentences are Devanagari with Indian grouping, and no English template words are left in them', () => {
  const a = jaipurNabhBill();
  const templateWords = /\b(was|billed|charged|allowed|above|line|lines|twice|Rule|sure)\b/;
  for (const f of a.red_flags.filter((x) => x.severity !== 'info')) {
    const hi = flagSentence(a, f, 'hi', { voice: 'letter' });
    const withoutBillText = hi.replace(/Consultation - Dr\. A\. K\. Mathur \(Cardiology\)|ECG \(12 Lead\)|Paracetamol 500 mg Tab \(Calpol\)|Pantoprazole 40 mg Tab \(Pantocid\) 15's|Admission Kit/g, '');
    assert.match(hi, DEVANAGARI, f.type);
    assert.doesNotMatch(withoutBillText, templateWords, `${f.type}: ${hi}`);
    assert.doesNotMatch(hi, /₹\d{4,}/, `${f.type}: rupees without grouping`);
  }
  assert.equal(flagSentence(a, flagOf(a, 'total_mismatch'), 'hi', { voice: 'letter' }), 'बिल में कुल देय राशि ₹1,02,437.00 लिखी है, जबकि पंक्तियों का जोड़ (छूट घटाकर) ₹1,01,937.00 है: ₹500.00 ज़्यादा माँगे गए।');
  assert.match(flagSentence(a, flagOf(a, 'duplicate'), 'hi'), /^ECG \(12 Lead\) \(पंक्ति 3 और 4\) का शुल्क 04\.05\.2025 को दो बार लिया गया है/);
  assert.match(flagSentence(a, flagOf(a, 'above_ceiling_price'), 'hi'), /30 टैबलेट के लिए ₹3\.50 प्रति टैबलेट की दर से कुल ₹105\.00 लिए गए; NPPA का अधिकतम मूल्य \(सीलिंग प्राइस\) GST के बिना ₹1\.01 प्रति टैबलेट है/);
});

test('in a letter the sentence is the fact alone: no advice, rule or confidence', () => {
  const a = jaipurNabhBill();
  const dup = flagOf(a, 'duplicate');
  const patient = flagSentence(a, dup, 'en');
  const letter = flagSentence(a, dup, 'en', { voice: 'letter' });
  assert.ok(patient.startsWith(letter));
  assert.doesNotMatch(letter, /Ask for|Rule:|confidence/);
  const privateLetter = flagSentence(jaipurNabhBill('private'), flagOf(jaipurNabhBill('private'), 'overcharge', 2), 'en', { voice: 'letter' });
  assert.match(privateLetter, /the CGHS benchmark rate for the same service is ₹350\.00: the charge is ₹450\.00 above it\.$/);
});

test('a citation that already carries its date is not dated twice', () => {
  const cghsRoom = { ...flagOf(jaipurNabhBill(), 'non_payable'), citation: { source: 'CGHS', reference: 'CGHS OM F.No. 5-16/CGHS(HQ)/HEC/2024 (Part I) dated 03.10.2025, Annexure-III para 1', date: '2025-10-03' } };
  assert.equal(citationText(cghsRoom), 'CGHS OM F.No. 5-16/CGHS(HQ)/HEC/2024 (Part I) dated 03.10.2025, Annexure-III para 1');
  assert.match(flagSentence(jaipurNabhBill(), cghsRoom, 'en'), /CGHS rules include it in the room rent\./);
});

test('the summary counts red flags, not observations, and names the largest by the rupees each adds once', () => {
  const a = jaipurNabhBill();
  assert.equal(summaryText(a, 'en'),
    'We checked 12 lines (₹1,01,937.00 in all) and found 8 problems: ₹2,736.40 is at stake. ' +
    'Largest: Admission Kit (₹1,250.00); the bill\'s total (₹500.00); Consultation - Dr. A. K. Mathur (Cardiology) (₹450.00). ' +
    '1 further observation to check by hand is listed but not counted.');
  assert.equal(summaryText(a, 'hi'),
    'बिल की 12 पंक्तियों (जोड़ ₹1,01,937.00) की जाँच में 8 समस्याएँ मिलीं; आप कुल ₹2,736.40 पर आपत्ति कर सकते हैं। ' +
    'सबसे बड़ी: Admission Kit (₹1,250.00); बिल का कुल योग (₹500.00); Consultation - Dr. A. K. Mathur (Cardiology) (₹450.00)। ' +
    '1 बात हाथ से जाँचने के लिए अलग से दी गई है, पर गिनी नहीं गई।');
  const clean = cleanDelhiPharmacyInvoice();
  assert.match(summaryText(clean, 'en'), /^We checked 4 lines \(₹297\.30 in all\) and found no overcharge, duplicate, non-payable charge or arithmetic error\./);
  assert.match(summaryText(clean, 'hi'), /^बिल की 4 पंक्तियों \(जोड़ ₹297\.30\) की जाँच में कोई अधिक वसूली/);
  const one = { ...a, red_flags: [flagOf(a, 'non_payable')], totals: { ...a.totals, overcharge: 1250 } };
  assert.match(summaryText(one, 'hi'), /में 1 समस्या मिली;/);
  assert.match(summaryText(one, 'en'), /found 1 problem:/);
});

test('next steps: the billing desk first, then NPPA with the notification, Legal Metrology, CGHS and the Consumer Commission', () => {
  const steps = nextSteps(jaipurNabhBill(), 'en');
  assert.equal(steps.length, 5);
  assert.match(steps[0]!, /^Go to the hospital billing or grievance desk first.*Attach a copy of the bill and this report\. Ask for the report or record of every test or service billed twice\. Ask them to re-total/);
  assert.match(steps[1]!, /Pharma Jan Samadhan.*Attach the pharmacy bill.*\(S\.O\. 1499\(E\) of 30\.03\.2022\)/);
  assert.match(steps[2]!, /Legal Metrology.*Attach the invoice and a photo of each pack/);
  assert.match(steps[3]!, /CGHS wellness centre.*Attach your CGHS card/);
  assert.match(steps[4]!, /District Consumer Disputes Redressal Commission.*edaakhil\.nic\.in.*Attach the bill/);
  assert.ok(!steps.some((s) => /Bima Bharosa/.test(s)), 'insurance steps only for insured patients');

  const insured = nextSteps(jaipurNabhBill('insured'), 'hi');
  assert.ok(insured.some((s) => /बीमा भरोसा पोर्टल \(bimabharosa\.irdai\.gov\.in\)/.test(s)));
  assert.ok(!insured.some((s) => /CGHS वेलनेस सेंटर/.test(s)), 'CGHS steps only for CGHS beneficiaries');
  assert.ok(insured.every((s) => DEVANAGARI.test(s)));

  const clean = nextSteps(cleanDelhiPharmacyInvoice(), 'en');
  assert.equal(clean.length, 1);
  assert.match(clean[0]!, /^No action is needed on the lines we could check\..*observations listed/);
});

test('markdown in Hindi reads in Devanagari, with Indian grouping and a row per red flag', () => {
  const md = explanationMarkdown(jaipurNabhBill(), 'hi');
  assert.match(md, /^# बिल की जाँच: Aravali Heart & Multispeciality Hospital, बिल संख्या AHM\/IP\/2025\/04817\n/);
  assert.match(md, /\*\*नतीजा: गंभीर समस्याएँ\*\* · आपत्ति योग्य राशि: ₹2,736\.40 · भरोसा 95%/);
  assert.match(md, /₹1,01,937\.00/);
  assert.doesNotMatch(md, /₹\d{1,3},\d{3},\d{3}|₹\d{4,}/, 'Western grouping or none');
  assert.match(md, /## क्या गलत है/);
  assert.match(md, /## आगे क्या करें/);
  assert.match(md, /## हाथ से जाँचें \(गिना नहीं गया\)\n\n- 2D Echocardiography \(पंक्ति 10\): CGHS दर से अधिक\?/);
  const rows = md.split('\n').filter((l) => /^\| (\d|बिल)/.test(l));
  assert.equal(rows.length, 8);
  assert.ok(rows.includes('| 5 | Paracetamol 500 mg Tab (Calpol) | NPPA अधिकतम मूल्य से अधिक | ₹105.00 | ₹30.30 | ₹74.70 |'), rows.join('\n'));
  assert.ok(rows.includes('| 4 | ECG (12 Lead) | CGHS दर से अधिक | ₹300.00 | ₹157.50 | ₹142.50 |'));
  assert.ok(rows.includes('| बिल | कुल योग | कुल योग गलत | ₹1,02,437.00 | ₹1,01,937.00 | ₹500.00 |'));
  // Hindi prose outside bill text, citations and URLs: most letters are Devanagari.
  const prose = md.replace(/[A-Za-z][A-Za-z0-9.()/'&,:-]*/g, '');
  const letters = [...prose].filter((c) => /\p{L}/u.test(c));
  assert.ok(letters.filter((c) => DEVANAGARI.test(c)).length / letters.length > 0.97);
});

test('markdown escapes bill text that Markdown would read as formatting', () => {
  const a = jaipurNabhBill();
  a.line_items[5] = { ...a.line_items[5]!, description: 'Admission Kit *deluxe* | [VIP]' };
  const md = explanationMarkdown(a, 'en');
  assert.match(md, /\| 6 \| Admission Kit \\\*deluxe\\\* \\\| \\\[VIP\\\] \| Not payable separately \|/);
  assert.doesNotMatch(md, /Kit \*deluxe\*/);
});

test('SSML is well-formed XML in both languages, with every rupee amount read as currency', () => {
  for (const lang of ['en', 'hi'] as const) {
    const a = jaipurNabhBill();
    a.line_items[4] = { ...a.line_items[4]!, description: 'Paracetamol 500 mg <Tab> & "Calpol"\u0007' };
    const ssml = explanationSsml(a, lang);
    const root = parseXml(ssml);
    assert.equal(root.name, 'speak');
    assert.equal(root.attrs['xml:lang'], lang === 'hi' ? 'hi-IN' : 'en-IN');
    assert.equal(root.attrs.xmlns, 'http://www.w3.org/2001/10/synthesis');
    assert.equal(root.attrs.version, '1.1');
    const spoken = textOf(root);
    assert.match(spoken, /Paracetamol 500 mg <Tab> & "Calpol"/, 'bill text survives escaping');
    assert.doesNotMatch(spoken, /₹/, 'every ₹ amount is inside a say-as');
    const amounts = findAll(root, 'say-as');
    assert.ok(amounts.every((s) => s.attrs['interpret-as'] === 'currency' && /^INR \d+\.\d{2}$/.test(textOf(s))));
    assert.ok(amounts.some((s) => textOf(s) === 'INR 101937.00'));
    assert.equal(findAll(root, 'p').length, 1 + 8 + 1);
    if (lang === 'hi') assert.match(spoken, /आगे क्या करें।/);
  }
});
