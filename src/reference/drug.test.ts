import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDrugDescription, type ParsedDrug } from './drug.ts';

type Expect = Partial<ParsedDrug>;

/** Medicine lines as Indian hospital bills and pharmacy invoices print them, with what must be read. */
const CASES: Array<[string, Expect]> = [
  // Tablets and capsules
  ['Paracetamol 650mg Tablet', { generic: 'paracetamol', strengths: ['650 mg'], form: 'tablet', packSize: null }],
  ['Tab. Dolo 650 (Paracetamol 650 mg) Strip of 15', { generic: 'paracetamol', brand: 'dolo 650', strengths: ['650 mg'], form: 'tablet', packSize: 15, packUnit: 'tablet', container: 'strip' }],
  ['Amoxicillin + Clavulanic Acid 625mg Tab', { generic: 'amoxicillin + clavulanic acid', strengths: ['625 mg'], form: 'tablet' }],
  ['Amoxycillin 500mg + Clavulanic acid 125mg Tablets', { generic: 'amoxycillin + clavulanic acid', strengths: ['500 mg', '125 mg'], form: 'tablet' }],
  ['PANTOCID-40 TAB 15\'S', { generic: 'pantocid', strengths: [], form: 'tablet', packSize: 15, packUnit: 'tablet' }],
  ['CAP. OMEZ 20MG 1X15', { generic: 'omez', strengths: ['20 mg'], form: 'capsule', packSize: 15, packUnit: 'capsule' }],
  ['Azithromycin 500 mg Tablets IP 3\'s', { generic: 'azithromycin', strengths: ['500 mg'], form: 'tablet', packSize: 3, packUnit: 'tablet' }],
  ['Metformin Hydrochloride SR Tablets 500 mg', { generic: 'metformin', strengths: ['500 mg'], form: 'tablet', modifiers: ['sr'], salts: ['hydrochloride'] }],
  ['Tab Levothyroxine Sodium 50mcg 100\'s', { generic: 'levothyroxine', strengths: ['50 mcg'], form: 'tablet', packSize: 100, salts: ['sodium'] }],
  ['Tab. Ecosprin 75 mg 14\'s', { generic: 'ecosprin', strengths: ['75 mg'], form: 'tablet', packSize: 14 }],
  ['Tab. Paracetamol 500mg 10x10', { generic: 'paracetamol', strengths: ['500 mg'], packSize: 100, packUnit: 'tablet' }],
  ['TAB AZITHRAL 500 DT 5 S', { generic: 'azithral', form: 'tablet', packSize: 5, modifiers: ['dt'] }],
  ['Cap Amoxicillin 500 mg (Strip of 10 Capsules)', { generic: 'amoxicillin', strengths: ['500 mg'], form: 'capsule', packSize: 10, packUnit: 'capsule' }],
  ['Pan 40 Tab', { generic: 'pan', strengths: [], form: 'tablet', packSize: null }],
  ['Clopidogrel Bisulphate 75mg + Aspirin 75mg Cap 10\'s', { generic: 'clopidogrel + aspirin', strengths: ['75 mg', '75 mg'], form: 'capsule', packSize: 10, salts: ['bisulphate'] }],
  ['Tab Augmentin 625 mg (Amoxicillin 500 mg + Clavulanic Acid 125 mg) 10\'s', { generic: 'amoxicillin + clavulanic acid', brand: 'augmentin', strengths: ['500 mg', '125 mg'], packSize: 10 }],
  ['Tab. Crocin 500mg (Paracetamol 500mg)', { generic: 'paracetamol', brand: 'crocin', strengths: ['500 mg'] }],
  // Injections and infusions
  ['Inj. Pantoprazole 40mg', { generic: 'pantoprazole', strengths: ['40 mg'], form: 'injection' }],
  ['Ondansetron 2mg/ml Injection (per ml)', { generic: 'ondansetron', strengths: ['2 mg/ml'], form: 'injection', packSize: 1, packUnit: 'ml' }],
  ['Heparin 1000 IU/ml Injection', { generic: 'heparin', strengths: ['1000 iu/ml'], form: 'injection' }],
  ['Ceftriaxone 1g Inj Vial', { generic: 'ceftriaxone', strengths: ['1 g'], form: 'injection', packSize: 1, packUnit: 'vial', container: 'vial' }],
  ['Insulin 40 IU/ml', { generic: 'insulin', strengths: ['40 iu/ml'], form: 'injection' }],
  ['Inj. Ceftriaxone 1 gm + Sulbactam 500 mg', { generic: 'ceftriaxone + sulbactam', strengths: ['1 g', '500 mg'], form: 'injection' }],
  ['Inj. Adrenaline 1mg/ml Amp', { generic: 'adrenaline', strengths: ['1 mg/ml'], form: 'injection', packSize: 1, packUnit: 'ampoule' }],
  ['Inj. Heparin 5000 IU/ml 5 ml vial', { generic: 'heparin', strengths: ['5000 iu/ml'], packSize: 5, packUnit: 'ml', container: 'vial' }],
  ['Inj. Enoxaparin 40 mg/0.4 ml PFS', { generic: 'enoxaparin', strengths: ['40 mg/0.4 ml'], form: 'injection', packSize: 1, container: 'prefilled syringe', isDrug: true }],
  ['Diclofenac Sodium 75 mg/ml Inj 1 ml Amp', { generic: 'diclofenac', strengths: ['75 mg/ml'], form: 'injection', packSize: 1, packUnit: 'ml', salts: ['sodium'] }],
  ['Magnesium Sulphate 50% w/v Inj 2 ml', { generic: 'magnesium sulphate', strengths: ['50%'], form: 'injection', packSize: 2, packUnit: 'ml', salts: [] }],
  ['Insulin Glargine 100 IU/ml Cartridge 3 ml', { generic: 'insulin glargine', strengths: ['100 iu/ml'], form: 'injection', packSize: 3, packUnit: 'ml', container: 'cartridge' }],
  ['Inj. Benzathine Penicillin 12 lac units', { generic: 'benzathine penicillin', strengths: ['1200000 iu'], form: 'injection' }],
  ['Inj Ondansetron 4 mg/2 ml 2ml Amp Batch No AB123 Exp 12/26', { generic: 'ondansetron', strengths: ['4 mg/2 ml'], packSize: 2, packUnit: 'ml' }],
  ['Normal Saline 500 ml', { generic: 'normal saline', strengths: [], form: 'infusion', packSize: 500, packUnit: 'ml', isDrug: true }],
  ['RL 500ML', { generic: 'rl', form: 'infusion', packSize: 500, packUnit: 'ml' }],
  ['Dextrose 5% 500ml', { generic: 'dextrose', strengths: ['5%'], form: 'infusion', packSize: 500 }],
  ['Paracetamol Infusion 1g/100ml', { generic: 'paracetamol', strengths: ['1 g/100 ml'], form: 'infusion', packSize: null }],
  // Oral liquids, respiratory, topical
  ['Syp. Cough 100ml', { generic: 'cough', strengths: [], form: 'syrup', packSize: 100, packUnit: 'ml', isDrug: true }],
  ['SYP. CALPOL 60ML', { generic: 'calpol', form: 'syrup', packSize: 60, packUnit: 'ml' }],
  ['Paracetamol Syrup 125mg/5ml 60ml', { generic: 'paracetamol', strengths: ['125 mg/5 ml'], form: 'syrup', packSize: 60, packUnit: 'ml' }],
  ['Cefixime Dry Syrup 50mg/5ml 30 ml', { generic: 'cefixime', strengths: ['50 mg/5 ml'], form: 'syrup', packSize: 30 }],
  ['Susp. Ibuprofen 100 mg/5 ml 60 ml bottle', { generic: 'ibuprofen', strengths: ['100 mg/5 ml'], form: 'suspension', packSize: 60, packUnit: 'ml', container: 'bottle' }],
  ['Budesonide Respules 0.5 mg/2 ml', { generic: 'budesonide', strengths: ['0.5 mg/2 ml'], form: 'respules' }],
  ['Ipratropium Bromide + Levosalbutamol Respules 2.5 ml', { generic: 'ipratropium + levosalbutamol', form: 'respules', packSize: 2.5, packUnit: 'ml', salts: ['bromide'] }],
  ['Salbutamol Inhaler 100 mcg/dose 200 MD', { generic: 'salbutamol', strengths: ['100 mcg/dose'], form: 'inhaler', packSize: 200, packUnit: 'dose' }],
  ['Betamethasone Valerate Cream 0.1% 20 g', { generic: 'betamethasone', strengths: ['0.1%'], form: 'cream', packSize: 20, packUnit: 'g' }],
  ['Mupirocin Ointment 2% w/w 5gm', { generic: 'mupirocin', strengths: ['2%'], form: 'ointment', packSize: 5, packUnit: 'g' }],
  ['Lignocaine 2% Jelly 30 gm tube', { generic: 'lignocaine', strengths: ['2%'], form: 'gel', packSize: 30, packUnit: 'g', container: 'tube' }],
  ['Ciprofloxacin Eye Drops 0.3% 5ml', { generic: 'ciprofloxacin', strengths: ['0.3%'], form: 'drops', packSize: 5, packUnit: 'ml' }],
  ['Povidone Iodine 5% Solution 100 ml bottle', { generic: 'povidone iodine', strengths: ['5%'], form: 'solution', packSize: 100, container: 'bottle' }],
  ['ORS Sachet 21.8 g', { generic: 'ors', form: 'sachet', packSize: 21.8, packUnit: 'g', strengths: [] }],
  // Devices and non-drugs
  ['Drug Eluting Coronary Stent (Everolimus)', { form: 'stent', isDrug: true, brand: null }],
  ['IV Cannula 20G', { generic: 'cannula', isDrug: false, strengths: [] }],
  ['Gloves sterile 7.5', { isDrug: false }],
  ['CBC', { generic: 'cbc', isDrug: false, form: null }],
];

for (const [line, expected] of CASES) {
  test(`reads "${line}"`, () => {
    const parsed = parseDrugDescription(line);
    assert.ok(parsed, `no parse for ${line}`);
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(parsed[key as keyof ParsedDrug], value, `${key} of "${line}"`);
    }
  });
}

test('keeps the brand as the name when no generic is printed beside it', () => {
  const parsed = parseDrugDescription('Tab Dolo 650');
  assert.equal(parsed?.generic, 'dolo');
  assert.equal(parsed?.brand, null);
  assert.deepEqual(parsed?.strengths, [], 'a bare 650 is not assumed to be milligrams');
});

test('a tablet count after the strength is not mistaken for a pack', () => {
  assert.equal(parseDrugDescription('Dolo 650 Tab')?.packSize, null);
});

test('a strength per ml is never read as a one-ml pack', () => {
  const parsed = parseDrugDescription('Inj Ondansetron 2 mg/ml');
  assert.equal(parsed?.packSize, null);
  assert.deepEqual(parsed?.strengths, ['2 mg/ml']);
});

test('salt words stay when they are the name (magnesium sulphate, sodium chloride)', () => {
  assert.equal(parseDrugDescription('Sodium Chloride 0.9% Infusion 500 ml')?.generic, 'sodium chloride');
  assert.equal(parseDrugDescription('Ferrous Sulphate 200 mg Tablet')?.generic, 'ferrous sulphate');
});

test('returns null for a line with no name', () => {
  assert.equal(parseDrugDescription(''), null);
  assert.equal(parseDrugDescription('   '), null);
  assert.equal(parseDrugDescription('(per ml)'), null);
  assert.equal(parseDrugDescription('500 mg'), null);
});
