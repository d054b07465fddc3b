// Best effort for bills that spell amounts out in words
// ("blood test complete blood count eight hundred rupees …"). Every amount is a guess.
import { NUMBER_WORD, wordsToNumber } from './numbers.ts';

export interface WordItem { description: string; amount: number }

const FILLER = /^(?:rs|rupees?|only|receipt|patient|and|the|for|of|fees?)$/i;
const SERVICE_WORD = /consult|doctor|room|test|blood|x-?ray|medicine|ward|bed|scan|surgery|registration|pharmacy|tablet|injection|charges/i;

/**
 * Splits running text at each amount written in words: a run of number words that is followed by
 * "rupees", or is worth at least ten (so "one day" stays words). The words before a run describe it;
 * a description holding "total" gives the bill's total instead of an item.
 */
export function itemsFromWords(text: string): { items: WordItem[]; total: number | null } {
  const words = text.replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  const items: WordItem[] = [];
  let total: number | null = null;
  let descStart = 0;
  let i = 0;
  while (i < words.length) {
    if (!NUMBER_WORD.test(words[i]!) || /^and$/i.test(words[i]!)) { i++; continue; }
    let j = i;
    while (j < words.length && NUMBER_WORD.test(words[j]!)) j++;
    const amount = wordsToNumber(words.slice(i, j));
    const rupees = j < words.length && /^rupees?$/i.test(words[j]!);
    if (amount === null || amount <= 0 || (!rupees && amount < 10)) { i = j; continue; }
    const desc = words.slice(descStart, i).filter((w) => !FILLER.test(w));
    if (desc.some((w) => /^total$/i.test(w))) total = amount;
    else if (desc.length) items.push({ description: items.length === 0 ? trimHeading(desc) : desc.join(' '), amount });
    i = rupees ? j + 1 : j;
    while (i < words.length && /^(?:only|rupees?)$/i.test(words[i]!)) i++;
    descStart = i;
  }
  return { items, total };
}

/** Drops the heading words before the first service name ("apollo hospital receipt patient john consultation …"). */
function trimHeading(words: string[]): string {
  const start = words.findIndex((w) => SERVICE_WORD.test(w));
  return (start > 0 ? words.slice(start) : words).join(' ');
}
