// Best effort for bills that spell amounts out in words
// ("blood test complete blood count eight hundred rupees …"). Every amount is a guess.
import { NUMBER_WORD, wordsToNumber } from './numbers.ts';

export interface WordItem { description: string; amount: number }

const FILLER = /^(?:rs|rupees?|only|receipt|patient|hospital|and|the|for|of|fees?)$/i;

/** Splits running text at each amount written in words followed by "rupees". */
export function itemsFromWords(text: string): { items: WordItem[]; total: number | null } {
  const words = text.replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  const items: WordItem[] = [];
  let total: number | null = null;
  let descStart = 0;
  for (let i = 0; i < words.length; i++) {
    if (!/^rupees?$/i.test(words[i]!)) continue;
    let j = i;
    while (j > descStart && NUMBER_WORD.test(words[j - 1]!)) j--;
    const amount = wordsToNumber(words.slice(j, i));
    if (amount === null || amount <= 0) continue;
    const desc = words.slice(descStart, j).filter((w) => !FILLER.test(w));
    // The first segment carries the bill's own heading words ("apollo hospital receipt patient john").
    const description = desc.join(' ');
    if (/\btotal\b/i.test(description)) total = amount;
    else if (description) items.push({ description: items.length === 0 ? trimHeading(desc) : description, amount });
    descStart = i + 1;
  }
  return { items, total };
}

/** Drops the heading words before the first service name (everything up to a known service word). */
function trimHeading(words: string[]): string {
  const start = words.findIndex((w) => /consult|doctor|room|test|blood|x-?ray|medicine|ward|bed|scan|surgery|registration|pharmacy/i.test(w));
  return (start > 0 ? words.slice(start) : words).join(' ');
}
