import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksVisualOrder, repairVisualOrder } from './devanagari.ts';

test('moves a pre-base i-matra after its consonant (visual िदल्ली becomes दिल्ली)', () => {
  assert.equal(repairVisualOrder('िदल्ली'), 'दिल्ली');
  assert.equal(repairVisualOrder('नई िदल्ली'), 'नई दिल्ली');
});

test('moves an i-matra past a whole conjunct, and fixes chains of i-matras in one word', () => {
  // स्थिति: visual [ि स्थ][ि त]
  assert.equal(repairVisualOrder('िस्थित'), 'स्थिति');
  // लिमिटेड: visual [ि ल][ि म]टेड
  assert.equal(repairVisualOrder('िलिमटेड'), 'लिमिटेड');
  // न्दि inside a word that starts with a pre-base matra
  assert.equal(repairVisualOrder('िहन्दी'), 'हिन्दी');
});

test('keeps a nukta with its consonant when moving the i-matra', () => {
  assert.equal(repairVisualOrder('\u093F\u092B\u093C\u0930'), '\u092B\u093C\u093F\u0930'); // फ़िर, decomposed nukta
  assert.equal(repairVisualOrder('िफ़र'.normalize('NFC')), 'फ़िर'.normalize('NFC'));
});

test('moves a word-final reph before the cluster it sits on, past vowel signs', () => {
  assert.equal(repairVisualOrder('कायर्'), 'कार्य');
  assert.equal(repairVisualOrder('कीितर्'), 'कीर्ति');
  assert.equal(repairVisualOrder('धमोर्ं'), 'धर्मों');
  assert.equal(repairVisualOrder('अथर्'), 'अर्थ');
});

test('leaves correct (logical) Hindi untouched in auto mode', () => {
  for (const word of ['किताब', 'दिल्ली', 'कार्यक्रम', 'धर्म', 'अस्पताल', 'कीर्ति', 'निर्विवाद', 'शुल्क', 'पंजीकरण', 'क्रिटिकल', 'प्रिंट']) {
    assert.equal(repairVisualOrder(word), word, word);
    assert.equal(looksVisualOrder(word), false, word);
  }
});

test('visual mode repairs what auto mode cannot tell from logical text', () => {
  // निर्विवाद: visual [ि न][ि व र्][वा][द]; the reph is followed by a consonant.
  assert.equal(repairVisualOrder('िनिवर्वाद'), 'निविर्वाद');
  assert.equal(repairVisualOrder('िनिवर्वाद', 'visual'), 'निर्विवाद');
  assert.equal(repairVisualOrder('कायर्क्रम', 'visual'), 'कार्यक्रम');
  // कमिटी: visual [क][ि म][टी] looks like valid text on its own
  assert.equal(repairVisualOrder('किमटी'), 'किमटी');
  assert.equal(repairVisualOrder('किमटी', 'visual'), 'कमिटी');
});

test('keeps an eyelash ra (र् + ZWJ) and Latin text as they are', () => {
  assert.equal(repairVisualOrder('र्\u200Dय', 'visual'), 'र्\u200Dय');
  assert.equal(repairVisualOrder('CBC (Haemogram) Rs. 350/-', 'visual'), 'CBC (Haemogram) Rs. 350/-');
});

test('detects visual order from an orphan i-matra or a dangling reph', () => {
  assert.equal(looksVisualOrder('अपोलो अस्पताल, नई िदल्ली'), true);
  assert.equal(looksVisualOrder('परामशर् शुल्क'), true);
  assert.equal(looksVisualOrder('परामर्श शुल्क'), false);
  assert.equal(repairVisualOrder('परामशर् शुल्क'), 'परामर्श शुल्क');
});
