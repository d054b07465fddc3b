import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lang } from '../domain/analysis.ts';
import { excessCell, letterContent, ruleCell, type LetterContent, type Recipient } from './letter.ts';
import { renderLetterPdf } from './letter-pdf.ts';
import { renderLetterDocx } from './letter-docx.ts';
import { letterFont } from './letter-font.ts';
import { runLetter } from '../cli/letter-command.ts';
import { cleanDelhiPharmacyInvoice, JAIPUR_DISPUTED, jaipurNabhBill } from '../../test/fixtures/letters/analyses.ts';
import { findAll, parseXml, pdfActualTexts, pdfPageTexts, textOf, unzip, type XmlElement } from '../../test/fixtures/letters/read-back.ts';

const NOW = new Date('2025-05-20T10:00:00+05:30');
const SENDER = { name: 'Rameshwar Prasad Sharma', address: 'C-42, Malviya Nagar, Jaipur 302017', phone: '98290 12345' };
const SENDER_HI = { name: 'रामेश्वर प्रसाद शर्मा', address: 'सी-42, मालवीय नगर, जयपुर 302017', phone: '98290 12345' };
const letterFor = (to: Recipient, lang: Lang, scheme: 'cghs' | 'private' | 'insured' = 'cghs', sender = lang === 'hi' ? SENDER_HI : SENDER): LetterContent =>
  letterContent(jaipurNabhBill(scheme), to, lang, sender, NOW);

/** Each format is rendered once per letter and shared by the tests that read it back. */
const renders = new Map<string, Promise<Buffer>>();
const rendered = (format: 'pdf' | 'docx', to: Recipient, lang: Lang): Promise<Buffer> => {
  const key = `${format}|${to}|${lang}`;
  if (!renders.has(key)) renders.set(key, format === 'pdf' ? renderLetterPdf(letterFor(to, lang)) : renderLetterDocx(letterFor(to, lang)));
  return renders.get(key)!;
};

/**
 * The three PDFs the tests read back, rendered and extracted with pdf.js (in a child process)
 * in the background from the start, while the other tests run.
 */
const PDFS: Array<[Recipient, Lang]> = [['hospital', 'en'], ['hospital', 'hi'], ['nppa', 'hi']];
const extracted: Promise<Map<string, string[]>> = (async () => {
  const pdfs: Buffer[] = [];
  for (const [to, lang] of PDFS) pdfs.push(await rendered('pdf', to, lang));
  const texts = await pdfPageTexts(pdfs);
  return new Map(PDFS.map(([to, lang], i) => [`${to}|${lang}`, texts[i]!]));
})();
extracted.catch(() => {}); // a failure surfaces in the tests that await it
const pdfText = async (to: Recipient, lang: Lang): Promise<string[]> => (await extracted).get(`${to}|${lang}`)!;

/** A table row as it reads in a text layer: line numbers, description, billed, allowed, excess. */
const rowText = (l: LetterContent, i: number): string => {
  const r = l.rows[i]!;
  return [r.lines, r.description, r.billed, r.allowed, excessCell(r, l.lang)].join(' ');
};

test('the letter to the hospital disputes every red flag with money at stake, and asks for each rupee once', () => {
  const l = letterFor('hospital', 'en');
  assert.deepEqual(l.addressee, ['To', 'The Medical Superintendent / Billing Manager', 'Aravali Heart & Multispeciality Hospital', 'Jaipur']);
  assert.equal(l.date, 'Date: 20 May 2025');
  assert.equal(l.subject, 'Subject: Request for refund of ₹2,736.40 overcharged in Bill No. AHM/IP/2025/04817');
  assert.deepEqual(l.reference, ['Reference: Bill No. AHM/IP/2025/04817 dated 08.05.2025; patient Rameshwar Prasad Sharma; admitted 04.05.2025, discharged 08.05.2025']);
  // Seven findings plus the ECG on line 4, whose overcharge the duplicate already covers; not the uncertain echo.
  assert.equal(l.rows.length, 8);
  for (const d of JAIPUR_DISPUTED) {
    const row = l.rows.find((r) => r.description === (d.description ?? 'Bill total') && r.billed === d.billed && r.excess === d.excess);
    assert.ok(row, `${d.type} ${d.description}`);
  }
  assert.ok(!l.rows.some((r) => /Echocardiography/.test(r.description)), 'info observations never reach a letter');
  assert.equal(l.total, '₹2,736.40');
  assert.equal(l.totalRupees, 2736.4);
  const ecg4 = l.rows.find((r) => r.lines === '4')!;
  assert.equal(excessCell(ecg4, 'en'), '₹142.50 (counted ₹0.00)');
  assert.match(l.countedNote ?? '', /counts each rupee once/);
  // Citations numbered once each; the two CGHS rate-list rows share one.
  assert.equal(l.citations.length, 6);
  assert.equal(ruleCell(l.rows.find((r) => r.lines === '5')!), 'Above the NPPA ceiling price [3]');
  assert.equal(l.citations[2], 'NPPA, S.O. 1499(E), DPCO 2013 (30.03.2022)');
  assert.match(l.body[0]!, /In your Bill No\. AHM\/IP\/2025\/04817 dated 08\.05\.2025, the lines below were charged ₹2,736\.40 more than these allow:$/);
  assert.equal(l.body.length, 1 + 8);
  assert.ok(l.legalBasis.some((b) => /Drugs \(Prices Control\) Order, 2013/.test(b)));
  assert.ok(l.legalBasis.some((b) => /F\.No\. Z\.15025\/28\/2022\/DIR\/CGHS/.test(b)));
  assert.deepEqual(l.requests, ['Please refund ₹2,736.40 within 15 days and issue a corrected bill.', 'If you disagree with any line, please tell me in writing why, and which rate you applied.']);
  assert.deepEqual(l.signature, ['Rameshwar Prasad Sharma', 'C-42, Malviya Nagar, Jaipur 302017', 'Phone: 98290 12345']);
});

test('the city is not repeated when the hospital\'s name already carries it', () => {
  const a = jaipurNabhBill();
  a.document.hospital = 'Aravali Heart Hospital, Jaipur';
  const hospital = letterContent(a, 'hospital', 'en', {}, NOW);
  assert.deepEqual(hospital.addressee.slice(2), ['Aravali Heart Hospital, Jaipur']);
  assert.ok(letterContent(a, 'consumer-commission', 'en', {}, NOW).reference.includes('Complainant: (Name). Opposite party: Aravali Heart Hospital, Jaipur.'));
  assert.equal(letterContent(a, 'consumer-commission', 'en', {}, NOW).addressee[3], 'Jaipur');
});

test('the letter to NPPA carries only medicines above the ceiling price or MRP', () => {
  const l = letterFor('nppa', 'en');
  assert.deepEqual(l.rows.map((r) => r.description), ['Paracetamol 500 mg Tab (Calpol)', "Pantoprazole 40 mg Tab (Pantocid) 15's"]);
  assert.equal(l.total, '₹93.90');
  assert.match(l.addressee.join('\n'), /National Pharmaceutical Pricing Authority[\s\S]*New Delhi 110001/);
  assert.match(l.subject, /above the NPPA ceiling price by Aravali Heart & Multispeciality Hospital \(₹93\.90\)/);
  assert.ok(!l.legalBasis.some((b) => /CGHS|IRDAI|Consumer Protection/.test(b)), 'only the price rules');
  const hi = letterFor('nppa', 'hi');
  assert.match(hi.addressee.join(' '), /नई दिल्ली 110001/);
  assert.equal(hi.total, '₹93.90');
  const mrpOnly = { ...jaipurNabhBill(), red_flags: jaipurNabhBill().red_flags.filter((f) => f.type === 'above_mrp') };
  assert.match(letterContent(mrpOnly, 'nppa', 'en', {}, NOW).subject, /medicines sold above their MRP/);
});

test('the complaint to the Consumer Commission names the parties, the section, and asks for a refund with interest', () => {
  const l = letterFor('consumer-commission', 'en');
  assert.deepEqual(l.addressee, ['To', 'The President', 'District Consumer Disputes Redressal Commission', 'Jaipur']);
  assert.match(l.subject, /^Subject: Complaint under Section 35 of the Consumer Protection Act, 2019 against Aravali Heart & Multispeciality Hospital for overcharging \(₹2,736\.40\)/);
  assert.ok(l.reference.includes('Complainant: Rameshwar Prasad Sharma. Opposite party: Aravali Heart & Multispeciality Hospital, Jaipur.'));
  assert.equal(l.rows.length, 8);
  assert.equal(l.totalLabel, 'Total refund claimed');
  assert.match(l.requests[0]!, /refund ₹2,736\.40 with interest/);
  const hi = letterFor('consumer-commission', 'hi');
  assert.match(hi.subject, /धारा 35/);
  assert.ok(hi.reference.some((r) => r.startsWith('शिकायतकर्ता: रामेश्वर प्रसाद शर्मा। विपक्षी पक्ष:')));
});

test('the letter to an insurer names the insurer and the policy, and words CGHS rates as benchmarks', () => {
  const l = letterContent(jaipurNabhBill('insured'), 'insurer', 'en', { ...SENDER, insurer: 'Star Health and Allied Insurance Co. Ltd.', policy: 'P/161100/01/2025/004512' }, NOW);
  assert.deepEqual(l.addressee, ['To', 'The Grievance Redressal Officer', 'Star Health and Allied Insurance Co. Ltd.']);
  assert.ok(l.reference.includes('Policy / claim No.: P/161100/01/2025/004512'));
  assert.equal(l.totalLabel, 'Total in dispute');
  assert.equal(l.total, '₹2,736.40');
  assert.match(l.body[0]!, /not payable separately or are above the benchmark rates: ₹2,736\.40 in all/);
  assert.ok(l.body.some((b) => /the CGHS benchmark rate for the same service is ₹350\.00/.test(b)));
  assert.ok(l.legalBasis.some((b) => /bind a hospital only for CGHS beneficiaries/.test(b)));
  assert.ok(l.enclosures.includes('Claim settlement letter'));
  assert.equal(l.rows.find((r) => r.lines === '2')!.rule, 'Above the CGHS benchmark');
  // Without the insurer's name the letter leaves a blank to fill, rather than inventing one.
  assert.equal(letterContent(jaipurNabhBill('insured'), 'insurer', 'hi', {}, NOW).addressee[2], '(बीमा कंपनी का नाम)');
});

test('a private patient\'s letter never calls a CGHS benchmark "more than allowed"', () => {
  const l = letterFor('hospital', 'en', 'private');
  assert.doesNotMatch(l.body[0]!, /more than these allow/);
  assert.match(l.body[0]!, /are ₹2,736\.40 in all above these references \(the CGHS rates, which bind a hospital only for CGHS beneficiaries, I cite as the Government's benchmark of a fair price\)/);
  assert.ok(l.body.some((b) => /Paracetamol.*That is ₹74\.70 above the ceiling price\./.test(b)));
});

/** The parts of a DOCX, each XML part parsed (so well-formed), and the table rows and paragraphs of its body. */
function readDocx(docx: Buffer): { files: Map<string, Buffer>; xml: Map<string, XmlElement>; rows: string[][]; paragraphs: string[] } {
  const files = unzip(docx);
  const xml = new Map<string, XmlElement>();
  for (const [name, data] of files) if (/\.(xml|rels)$/.test(name)) xml.set(name, parseXml(data.toString('utf8')));
  const body = xml.get('word/document.xml');
  assert.ok(body, 'word/document.xml');
  const rows = findAll(body, 'w:tr').map((tr) => findAll(tr, 'w:tc').map((tc) => textOf(tc, 'w:t')));
  const paragraphs = findAll(body, 'w:p').map((p) => textOf(p, 'w:t'));
  return { files, xml, rows, paragraphs };
}

for (const lang of ['en', 'hi'] as const) {
  test(`the ${lang === 'en' ? 'English' : 'Hindi'} DOCX is a well-formed package with the same lines and total as the PDF, and embeds its font`, async () => {
    const l = letterFor('hospital', lang);
    const { files, xml, rows, paragraphs } = readDocx(await rendered('docx', 'hospital', lang));
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/styles.xml', 'word/fontTable.xml']) assert.ok(files.has(part), part);
    const types = xml.get('[Content_Types].xml')!;
    assert.ok(findAll(types, 'Override').some((o) => o.attrs.PartName === '/word/document.xml' && /wordprocessingml\.document\.main\+xml$/.test(o.attrs.ContentType ?? '')));
    // Every internal relationship points at a part that exists.
    for (const [name, rels] of xml) {
      if (!name.endsWith('.rels')) continue;
      const base = name.replace(/_rels\/[^/]*\.rels$/, '');
      for (const r of findAll(rels, 'Relationship')) {
        if (r.attrs.TargetMode === 'External') continue;
        const target = r.attrs.Target!.startsWith('/') ? r.attrs.Target!.slice(1) : `${base}${r.attrs.Target}`;
        assert.ok(files.has(target.replace(/^\.\//, '')), `${name} → ${r.attrs.Target}`);
      }
    }

    assert.deepEqual(rows[0], [...l.tableHeadings]);
    assert.deepEqual(rows.slice(1), l.rows.map((r) => [r.lines, r.description, r.billed, r.allowed, excessCell(r, lang), ruleCell(r)]));
    assert.ok(paragraphs.includes(`${l.totalLabel}: ${l.total}`));
    assert.ok(paragraphs.includes(l.subject));
    for (const p of [l.date, ...l.addressee, ...l.reference, ...l.legalBasis.map((b) => `•\t${b}`), ...l.requests, ...l.signature]) {
      assert.ok(paragraphs.some((x) => x === p || x === p.replace('\t', '')), p);
    }
    if (lang === 'hi') assert.ok(paragraphs.includes('वापसी हेतु कुल राशि: ₹2,736.40'));

    // The letter font is embedded (regular and bold) and de-obfuscates to the TrueType file it was made from.
    const fontTable = xml.get('word/fontTable.xml')!;
    const rels = xml.get('word/_rels/fontTable.xml.rels')!;
    const embeds = ['w:embedRegular', 'w:embedBold'].map((tag) => findAll(fontTable, tag)[0]);
    embeds.forEach((embed, k) => {
      assert.ok(embed, 'embedded face');
      const rel = findAll(rels, 'Relationship').find((r) => r.attrs.Id === embed.attrs['r:id']);
      const data = files.get(`word/${rel!.attrs.Target}`);
      assert.ok(data && data.length > 100_000, 'font file');
      const font = deobfuscate(data, embed.attrs['w:fontKey']!);
      assert.deepEqual(font, letterFont(k === 0 ? 'Regular' : 'SemiBold'));
    });
  });
}

/** ECMA-376 font obfuscation: the first 32 bytes are XORed with the font key (a GUID, bytes in reverse order). */
function deobfuscate(data: Buffer, fontKey: string): Buffer {
  const hex = fontKey.replace(/[{}-]/g, '');
  const key = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(30 - 2 * i, 32 - 2 * i), 16));
  const out = Buffer.from(data);
  for (let i = 0; i < 32; i++) out[i] = out[i]! ^ key[i % 16]!;
  return out;
}

test('the letter font unwrapped from its WOFF is a TrueType file with Devanagari shaping tables', () => {
  const font = letterFont('Regular');
  assert.equal(font.readUInt32BE(0), 0x00010000);
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const at = 12 + 16 * i;
    tables.set(font.toString('latin1', at, at + 4), { offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) });
  }
  for (const tag of ['cmap', 'glyf', 'loca', 'head', 'GSUB', 'GPOS']) assert.ok(tables.has(tag), tag);
  for (const t of tables.values()) assert.ok(t.offset + t.length <= font.length && t.offset % 4 === 0);
  // head.magicNumber proves the table was inflated intact.
  assert.equal(font.readUInt32BE(tables.get('head')!.offset + 12), 0x5f0f3cf5);
  assert.equal(letterFont('Regular'), font, 'unwrapped once, then cached');
});

test('letter: a bill with nothing to dispute gets no letter, and the command says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbg-letter-'));
  try {
    const bill = join(dir, 'sanjeevani.txt');
    writeFileSync(bill, 'SANJEEVANI MEDICOS, Lajpat Nagar, New Delhi\nPARACETAMOL 500MG TAB 15S  1  14.50\n');
    const out = join(dir, 'letter.pdf');
    const said: string[] = [];
    const io = { analyze: async () => cleanDelhiPharmacyInvoice(), stdout: (t: string) => said.push(`out:${t}`), stderr: (t: string) => said.push(`err:${t}`), now: NOW };
    assert.equal(await runLetter([bill, '--to', 'hospital', '--out', out], io), 0);
    assert.equal(existsSync(out), false);
    assert.equal(said.length, 1);
    assert.match(said[0]!, /^err:medbillguard: .*sanjeevani\.txt: no red flag with money at stake, so there is nothing to dispute in a letter to hospital; nothing written\n$/);

    // A bill whose problems are not about medicine prices has nothing for NPPA either.
    said.length = 0;
    const noMedicines = { ...jaipurNabhBill(), red_flags: jaipurNabhBill().red_flags.filter((f) => !['above_ceiling_price', 'above_mrp'].includes(f.type)) };
    assert.equal(await runLetter([bill, '--to', 'nppa', '--out', out], { ...io, analyze: async () => noMedicines }), 0);
    assert.equal(existsSync(out), false);
    assert.match(said[0]!, /no medicine is priced above its NPPA ceiling price or MRP/);

    // The same command with disputed lines writes the letter and reports what it holds.
    said.length = 0;
    const docx = join(dir, 'letter.docx');
    assert.equal(await runLetter([bill, '--to', 'consumer-commission', '--out', docx, '--lang', 'hi', '--name', 'रामेश्वर प्रसाद शर्मा'], { ...io, analyze: async () => jaipurNabhBill() }), 0);
    assert.deepEqual(said, [`out:${docx}: letter to consumer-commission (hi), 8 disputed lines, refund asked ₹2,736.40\n`]);
    assert.ok(readDocx(readFileSync(docx)).paragraphs.includes('वापसी हेतु दावा की गई कुल राशि: ₹2,736.40'));

    await assert.rejects(runLetter([bill, '--to', 'court', '--out', out], io), { code: 'BAD_USAGE' });
    await assert.rejects(runLetter([bill, '--to', 'nppa', '--out', join(dir, 'letter.txt')], io), { code: 'BAD_USAGE' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the English PDF, read back with pdf.js, shows every disputed line and the total refund', async () => {
  const l = letterFor('hospital', 'en');
  const pages = await pdfText('hospital', 'en');
  const text = pages.join(' ');
  l.rows.forEach((_r, i) => assert.ok(text.includes(rowText(l, i)), `row ${rowText(l, i)}`));
  assert.ok(text.includes('Total refund requested: ₹2,736.40'));
  assert.ok(text.includes(l.subject));
  assert.ok(text.includes('Yours faithfully, Rameshwar Prasad Sharma C-42, Malviya Nagar, Jaipur 302017 Phone: 98290 12345'));
  assert.match(pages[0]!, /Page 1 of \d/);
});

test('the Hindi PDF shows every disputed line and the total, and gives its Hindi back in logical order as ActualText', async () => {
  const l = letterFor('hospital', 'hi');
  const pdf = await rendered('pdf', 'hospital', 'hi');
  const text = (await pdfText('hospital', 'hi')).join(' ');
  // Descriptions and amounts: Latin script, read as drawn.
  l.rows.forEach((r, i) => {
    const latin = rowText(l, i).replace(/[\u0900-\u097F]+/g, '').replace(/\s+/g, ' ');
    for (const piece of [r.billed, r.allowed, r.excess, r.description.replace(/[\u0900-\u097F]+/g, '').trim()].filter(Boolean)) {
      assert.ok(text.includes(piece), `${piece} (row ${latin})`);
    }
  });
  assert.match(text, /: ₹2,736\.40/);
  // Devanagari is drawn in visual order; each line's ActualText carries the words as written.
  const actual = pdfActualTexts(pdf);
  const joined = actual.join(' ');
  assert.ok(actual.includes('वापसी हेतु कुल राशि: ₹2,736.40'), 'total line');
  assert.ok(actual.includes(l.subject), 'subject');
  assert.ok(actual.includes('चिकित्सा अधीक्षक / बिलिंग प्रबंधक'));
  assert.ok(joined.includes('रामेश्वर प्रसाद शर्मा'));
  for (const r of l.rows) assert.ok(actual.some((a) => a.startsWith(r.rule.split(' ')[0]!)), `rule cell ${r.rule}`);
  // Logical order: an i-matra always follows its consonant (or nukta); in visual order it comes first.
  assert.ok(actual.every((a) => !/(^|[^\u0915-\u0939\u093C\u0958-\u095F])\u093F/.test(a)), 'no i-matra before its consonant');
});

test('the Hindi NPPA letter PDF has the Delhi address, both medicines and the total', async () => {
  const pdf = await rendered('pdf', 'nppa', 'hi');
  const text = (await pdfText('nppa', 'hi')).join(' ');
  for (const piece of ['Paracetamol 500 mg Tab (Calpol)', "Pantoprazole 40 mg Tab (Pantocid) 15's", '₹105.00', '₹30.30', '₹74.70', '₹330.00', '₹310.80', '₹19.20', ': ₹93.90']) {
    assert.ok(text.includes(piece), piece);
  }
  const actual = pdfActualTexts(pdf);
  assert.ok(actual.includes('वाईएमसीए कल्चरल सेंटर बिल्डिंग, 1 जय सिंह रोड, नई दिल्ली 110001'));
  assert.ok(actual.includes('अधिक वसूली गई कुल राशि: ₹93.90'));
});
