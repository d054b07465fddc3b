// Puts the rows of the CGHS rate-list extraction back together.
//
// Two facts make the text recoverable:
//  1. The rate cells stay in table order. Every pair of rate cells is a "slot"; a slot preceded by
//     its "code name" cell is anchored to that code, and the slots between two anchors belong, in
//     order, to the codes between them (the codes whose Sr. No. and name the extractor moved).
//  2. A moved Sr. No. is printed beside the middle line of its name ("A / 187 B / C" is the name
//     "A B C" of code 187), or alone after names it belongs to; names come in table order.
// The older list's names, when given, only arbitrate between possible readings of garbled cells;
// the name kept is always the 2024 text.
import { splitCells, tokenize, plausibleRatePair, type RateValue, type Token, type Cell } from './cghs-cells.ts';
import { joinNameLines, nameSimilarity } from './cghs-names.ts';

type CodeToken = Extract<Token, { kind: 'code' }>;
type TextToken = Extract<Token, { kind: 'text' }>;
type RateToken = Extract<Token, { kind: 'rate' }>;

export type NameHow = 'with code' | 'beside code' | 'next cell' | 'before rates' | 'moved';

export interface ParsedCghsRow {
  code: number;
  name: string | null;
  nameHow: NameHow | null;
  nameLines: number[];
  /** Doubts about the name: 'joined across cells' (its first line ended the previous cell), 'garbled cell' (the cell holds text no row could take). */
  nameFlags: string[];
  non_nabh: RateValue | null;
  nabh: RateValue | null;
  /** anchored: rates follow the row's own code cell; placed: rates found between two anchored rows. */
  rateHow: 'anchored' | 'placed' | null;
  rateLines: number[];
  /** Set when the rate cells had to be put back together. */
  rateRepair: string | null;
  section: string | null;
  added: { date: string; label: string } | null;
}

export interface CghsParseResult {
  rows: ParsedCghsRow[];
  warnings: string[];
  /** Rate slots no code could be given to. */
  unplacedSlots: Array<{ lines: number[]; values: string }>;
  /** Name text no code could be given to (parts of garbled cells). */
  strayLines: Array<{ lines: number[]; text: string }>;
  /** The trailing "new procedures" table (Sr. Nos. restart at 1; not CGHS codes). */
  newList: { label: string; rows: Array<{ serial: string; name: string; non_nabh: number | null; nabh: number | null; line: number }> } | null;
}

export interface ParseOptions {
  /** Names from an older edition by code, used only to choose between readings of garbled cells. */
  referenceNames?: ReadonlyMap<number, string>;
  /** Specialities from an older edition by code, used only to place section titles the extractor moved. */
  referenceCategories?: ReadonlyMap<number, string>;
}

interface Slot {
  index: number;
  values: [RateValue | null, RateValue | null];
  lines: number[];
  /** Tokens between the previous slot and this one. */
  region: Token[];
  code: number | null;
  how: 'anchored' | 'placed' | null;
  /** What had to be put right to read this slot. */
  repair: string | null;
}

// ---- slots ----------------------------------------------------------------------------------

function valuesPair(a: RateValue, b: RateValue): boolean {
  if (a.kind === 'amount' && b.kind === 'amount') return plausibleRatePair(a.rupees, b.rupees);
  if (a.kind === 'see' && b.kind === 'see') return a.code === b.code;
  return a.kind === b.kind;
}

/** Splits a run of rate tokens into pairs; an odd run leaves out the value that pairs worst. */
function pairRun(run: RateToken[]): RateToken[][] {
  const groups: RateToken[][] = [];
  let free: RateToken[] = [];
  const flush = (): void => {
    if (free.length % 2 === 0) {
      for (let i = 0; i < free.length; i += 2) groups.push([free[i]!, free[i + 1]!]);
    } else {
      let best = free.length - 1;
      let bestScore = -1;
      for (let lone = free.length - 1; lone >= 0; lone -= 2) {
        const rest = free.filter((_, i) => i !== lone);
        let score = 0;
        for (let i = 0; i < rest.length; i += 2) if (valuesPair(rest[i]!.value, rest[i + 1]!.value)) score++;
        if (score > bestScore) { bestScore = score; best = lone; }
      }
      for (let i = 0; i < free.length; ) {
        if (i === best) { groups.push([free[i]!]); i += 1; continue; }
        groups.push([free[i]!, free[i + 1]!]);
        i += 2;
      }
    }
    free = [];
  };
  for (let i = 0; i < run.length; i++) {
    const t = run[i]!;
    const next = run[i + 1];
    if (t.pairedInCell && next && next.cell === t.cell) {
      flush();
      groups.push([t, next]);
      i++;
    } else free.push(t);
  }
  flush();
  return groups;
}

function formSlots(tokens: Token[]): { slots: Slot[]; trailing: Token[] } {
  const slots: Slot[] = [];
  let region: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    if (t.kind !== 'rate') { region.push(t); i++; continue; }
    const run: RateToken[] = [];
    while (i < tokens.length && tokens[i]!.kind === 'rate') run.push(tokens[i++] as RateToken);
    pairRun(run).forEach((g, gi) => {
      slots.push({
        index: slots.length,
        values: [g[0]!.value, g[1]?.value ?? null],
        lines: g.map((r) => r.line),
        region: gi === 0 ? region : [],
        code: null,
        how: null,
        repair: null,
      });
    });
    region = [];
  }
  return { slots, trailing: region };
}

/**
 * A row whose NABH cell the extractor printed after the moved cells shows up as two one-value
 * slots in a row ("2975 per eye" … "3500"): join them when they read as one rate pair. The second
 * slot's region (moved cells) is handed on to the slot after it.
 */
function joinSplitSlots(slots: Slot[], trailing: Token[]): { slots: Slot[]; trailing: Token[] } {
  const out: Slot[] = [];
  let carry: Token[] = [];
  for (const s of slots) {
    const prev = out[out.length - 1];
    const a = prev?.values[0];
    const b = s.values[0];
    if (prev && prev.values[1] === null && s.values[1] === null && a?.kind === 'amount' && b?.kind === 'amount' && plausibleRatePair(a.rupees, b.rupees)) {
      prev.values[1] = b;
      prev.repair = `NABH rate printed apart from its row (source line ${s.lines[0]})`;
      prev.lines.push(...s.lines);
      carry = [...carry, ...s.region];
      continue;
    }
    out.push({ ...s, index: out.length, region: [...carry, ...s.region] });
    carry = [];
  }
  return { slots: out, trailing: [...carry, ...trailing] };
}

// ---- codes for slots --------------------------------------------------------------------------

/**
 * Anchors: a slot whose region ends with a code cell. Keeps the largest set of anchors that is
 * consistent (codes increase, and there are at least as many codes as slots between two anchors).
 */
function anchorSlots(slots: Slot[]): void {
  const candidates: Array<{ slot: number; code: number }> = [];
  for (const s of slots) {
    const codes = s.region.filter((t): t is CodeToken => t.kind === 'code');
    const last = codes[codes.length - 1];
    if (last) candidates.push({ slot: s.index, code: last.code });
  }
  const n = candidates.length;
  const best = new Array<number>(n).fill(0);
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const ci = candidates[i]!;
    best[i] = ci.code >= ci.slot + 1 ? 1 : -Infinity;
    for (let j = 0; j < i; j++) {
      const cj = candidates[j]!;
      if (cj.code < ci.code && ci.code - cj.code >= ci.slot - cj.slot && best[j]! + 1 > best[i]!) {
        best[i] = best[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < n; i++) if (end < 0 || best[i]! > best[end]!) end = i;
  for (let i = end; i >= 0; i = prev[i]!) {
    const c = candidates[i]!;
    const slot = slots[c.slot]!;
    slot.code = c.code;
    slot.how = 'anchored';
  }
}

/** Gives the slots between two anchors the codes between them, when the counts agree. */
function placeBetweenAnchors(slots: Slot[], warnings: string[]): void {
  let prevSlot = -1;
  let prevCode = 0;
  const anchored = slots.filter((s) => s.how === 'anchored');
  const bounds = [...anchored.map((s) => ({ slot: s.index, code: s.code! })), { slot: slots.length, code: Infinity }];
  for (const b of bounds) {
    const between = slots.slice(prevSlot + 1, b.slot);
    const codes = b.code === Infinity ? between.length : b.code - prevCode - 1;
    if (between.length > 0) {
      if (codes === between.length) {
        between.forEach((s, i) => { s.code = prevCode + 1 + i; s.how = 'placed'; });
      } else {
        warnings.push(`${between.length} rate pair(s) at source lines ${between[0]!.lines[0]}–${between[between.length - 1]!.lines.at(-1)} sit between codes ${prevCode} and ${b.code} (${codes} codes): not placed`);
      }
    }
    prevSlot = b.slot;
    prevCode = b.code;
  }
}

// ---- names -----------------------------------------------------------------------------------

interface Named { name: string; how: NameHow; lines: number[]; cells: number[]; joinedAcrossCells: boolean }

type Item = CodeToken | TextToken;

/**
 * Claims, inside one sub-cell, the lines around each code printed beside its name. A name is
 * centred on its code: as many lines before as after, unless the older name clearly prefers
 * another reading. `lead` holds lines left over at the end of the previous cell, which can be
 * the first line of a name whose code opens this sub-cell ("827 for / Haemodialysis").
 */
function claimAroundCodes(items: Item[], claimed: Set<Item>, ref: ReadonlyMap<number, string> | undefined, out: Map<number, Named>, lead: TextToken[] = []): void {
  items.forEach((item, p) => {
    if (item.kind !== 'code' || item.bareCell) return;
    if (out.has(item.code)) return;
    const free = (from: number, step: number): number => {
      let k = 0;
      for (let q = from; q >= 0 && q < items.length; q += step) {
        const it = items[q]!;
        if (it.kind !== 'text' || claimed.has(it)) break;
        k++;
      }
      return k;
    };
    const useLead = p === 0 && item.text !== null && lead.length > 0;
    const context: TextToken[] = useLead ? lead.filter((t) => !claimed.has(t)) : [];
    const before = Math.min(useLead ? context.length : free(p - 1, -1), 4);
    const after = Math.min(free(p + 1, 1), 4);
    const linesBefore = (b: number): TextToken[] => (useLead ? context.slice(context.length - b) : (items.slice(p - b, p) as TextToken[]));
    const build = (b: number, a: number): string[] => [
      ...linesBefore(b).map((t) => t.text),
      ...(item.text ? [item.text] : []),
      ...items.slice(p + 1, p + 1 + a).map((t) => (t as TextToken).text),
    ];
    // Default: one line each side of a code printed on a name line, up to two each side of a code
    // printed on a line of its own (a four-line name).
    const k = Math.min(before, after, item.text ? 1 : 2);
    if (!item.text && k === 0) return; // a bare Sr. No. at the edge of its cell: named elsewhere
    let choice: [number, number] = [k, k];
    const reference = ref?.get(item.code);
    if (reference) {
      const score = (b: number, a: number): number => nameSimilarity(joinNameLines(build(b, a)), reference) - 0.03 * Math.abs(b - a);
      const base = score(k, k);
      let best: [number, number] = [k, k];
      let bestScore = base;
      for (let b = 0; b <= before; b++) {
        for (let a = 0; a <= after; a++) {
          if (!item.text && b + a === 0) continue;
          const sc = score(b, a);
          if (sc > bestScore + 1e-9) { bestScore = sc; best = [b, a]; }
        }
      }
      if (bestScore >= base + 0.1) choice = best;
    }
    const [b, a] = choice;
    if (!item.text && b + a === 0) return; // a bare Sr. No. on its own: named elsewhere
    const taken = [...linesBefore(b), ...(items.slice(p + 1, p + 1 + a) as TextToken[])];
    for (const t of taken) claimed.add(t);
    claimed.add(item);
    out.set(item.code, {
      name: joinNameLines(build(b, a)),
      how: b + a === 0 ? 'with code' : 'beside code',
      lines: [item.line, ...taken.map((t) => t.line)].sort((x, y) => x - y),
      cells: [...new Set([item.cell, ...taken.map((t) => t.cell)])].sort((x, y) => x - y),
      joinedAcrossCells: useLead && b > 0,
    });
  });
}

/** Order-keeping match of codes (ascending) to names (in text order); the older names break ties. */
function alignCodesToUnits(codes: number[], units: TextToken[][], ref: ReadonlyMap<number, string> | undefined): Array<[number, number]> {
  const m = codes.length;
  const n = units.length;
  const text = units.map((u) => joinNameLines(u.map((t) => t.text)));
  const score = (i: number, j: number): number => {
    const r = ref?.get(codes[i]!);
    return 2 + (r ? nameSimilarity(text[j]!, r) : 0.5);
  };
  const dp: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      dp[i]![j] = Math.max(score(i, j) + dp[i + 1]![j + 1]!, dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    const here = dp[i]![j]!;
    if (Math.abs(here - (score(i, j) + dp[i + 1]![j + 1]!)) < 1e-9) { pairs.push([i, j]); i++; j++; }
    else if (Math.abs(here - dp[i + 1]![j]!) < 1e-9) i++;
    else j++;
  }
  return pairs;
}

function nameRows(slots: Slot[], trailing: Token[], ref: ReadonlyMap<number, string> | undefined): { named: Map<number, Named>; strays: TextToken[][] } {
  const named = new Map<number, Named>();
  const strays: TextToken[][] = [];
  const claimed = new Set<Item>();
  let lead: TextToken[] = [];
  const regions: Array<{ tokens: Token[]; slot: Slot | null }> = [...slots.map((s) => ({ tokens: s.region, slot: s })), { tokens: trailing, slot: null }];
  for (const { tokens, slot } of regions) {
    const items = tokens.filter((t): t is Item => t.kind === 'code' || t.kind === 'text');
    if (!items.length && !slot) continue;
    const bySub = new Map<number, Item[]>();
    for (const it of items) {
      const list = bySub.get(it.sub);
      if (list) list.push(it);
      else bySub.set(it.sub, [it]);
    }
    let first = true;
    for (const sub of bySub.values()) {
      claimAroundCodes(sub, claimed, ref, named, first ? lead : []);
      first = false;
    }
    if (items.length) lead = [];

    // Unclaimed lines, grouped into name units (runs inside one sub-cell).
    const units: TextToken[][] = [];
    let last: Item | null = null;
    for (const it of items) {
      if (it.kind === 'text' && !claimed.has(it)) {
        const unit = units[units.length - 1];
        if (unit && last && last.kind === 'text' && !claimed.has(last) && last.sub === it.sub) unit.push(it);
        else units.push([it]);
      }
      last = it;
    }
    const pending = new Set<number>();
    for (const it of items) if (it.kind === 'code' && !named.has(it.code)) pending.add(it.code);
    const slotCode = slot?.code ?? null;
    if (slot && slotCode !== null && slot.how === 'placed' && !named.has(slotCode)) pending.add(slotCode);
    const codes = [...pending].sort((a, b) => a - b);
    for (const [ci, ui] of alignCodesToUnits(codes, units, ref)) {
      const code = codes[ci]!;
      const unit = units[ui]!;
      const isOwnPlacedSlot = slot !== null && code === slotCode && slot.how === 'placed';
      const codeToken = items.find((t): t is CodeToken => t.kind === 'code' && t.code === code);
      const how: NameHow = isOwnPlacedSlot && !codeToken ? 'before rates' : codeToken?.bareCell && items.indexOf(codeToken) + 1 === items.indexOf(unit[0]!) ? 'next cell' : 'moved';
      named.set(code, {
        name: joinNameLines(unit.map((t) => t.text)),
        how,
        lines: [...(codeToken ? [codeToken.line] : []), ...unit.map((t) => t.line)],
        cells: [...new Set([...(codeToken ? [codeToken.cell] : []), ...unit.map((t) => t.cell)])].sort((x, y) => x - y),
        joinedAcrossCells: false,
      });
      for (const t of unit) claimed.add(t);
    }
    const left = units.filter((u) => !claimed.has(u[0]!));
    strays.push(...left);
    // Lines left at the very end of a region may open the next row's name.
    const lastUnit = left[left.length - 1];
    if (lastUnit && lastUnit === units[units.length - 1]) lead = lastUnit;
  }
  return { named, strays: strays.filter((u) => u.some((t) => !claimed.has(t))) };
}

// ---- sections and "added" markers -----------------------------------------------------------

interface SectionInfo { sections: Map<number, string>; added: Map<number, { date: string; label: string }> }

export const FIRST_PAGE_SECTION = 'CGHS TREATMENT PROCEDURE/INVESTIGATION LIST (DELHI/NCR)';

/**
 * Where a section title printed in a slot's region starts, as a code: after the row whose name
 * ends just above it in the same cell; else at the first Sr. No. after it; else at the slot's row.
 */
function headingStart(region: Token[], i: number, slot: Slot, codeOfLine: ReadonlyMap<number, number>): number | null {
  const heading = region[i]!;
  const previous = region.slice(0, i).reverse().find((t) => t.kind === 'code' || t.kind === 'text');
  if (previous && previous.cell === heading.cell) {
    const code = previous.kind === 'code' ? previous.code : codeOfLine.get(previous.line);
    if (code !== undefined) return code + 1; // "PICC line … / LIST OF PROCEDURES …": starts after that row
  }
  const laterCode = region.slice(i + 1).find((t): t is CodeToken => t.kind === 'code');
  if (laterCode) return laterCode.code;
  return slot.code;
}

const GENERIC_WORDS = new Set(['TREATMENT', 'PROCEDURE', 'PROCEDURES', 'NAME', 'OF', 'INVESTIGATION', 'INVESTIGATIONS', 'LIST', 'TESTS', 'TEST', 'IN', 'AND', 'FOR', 'THE', 'LABORATORY', 'MEDICINE', 'NUCLEAR', 'SURGERY', 'CGHS', 'SPECIAL', 'CARE', 'CASES', 'TO', 'THOSE', 'INCLUDED', 'UNDER', 'ADDITION', 'OTHERS', 'S']);
const SPELLING: Record<string, string> = { PAEDIATRIC: 'PEDIATRIC', HAEMATOLOGY: 'HEMATOLOGY', OPTHALMOLOGY: 'OPHTHALMOLOGY', ORTHOPAEDICS: 'ORTHOPEDICS', TUMOUR: 'TUMOR' };

function sectionWords(title: string): string[] {
  return title
    .toUpperCase()
    .replace(/-/g, '')
    .split(/[^A-Z]+/)
    .map((w) => SPELLING[w] ?? w)
    .filter((w) => w.length > 1 && !GENERIC_WORDS.has(w));
}

/** Two speciality names share a word (or a word stem of five letters: CARDIAC ~ CARDIOLOGY). */
function sameSpeciality(a: string, b: string): boolean {
  const wb = sectionWords(b);
  return sectionWords(a).some((x) => wb.some((y) => x === y || (x.length >= 5 && y.length >= 5 && x.slice(0, 5) === y.slice(0, 5))));
}

/**
 * A title the extractor moved below the first rows of its section starts too late. Moves the
 * start back over rows the older list files under the same speciality (and not under the
 * previous section's).
 */
function extendStartsBack(starts: Array<{ code: number; title: string }>, categories: ReadonlyMap<number, string>): void {
  for (let i = 1; i < starts.length; i++) {
    const here = starts[i]!;
    const before = starts[i - 1]!;
    let c = here.code - 1;
    while (c > before.code) {
      const cat = categories.get(c);
      if (!cat || !sameSpeciality(here.title, cat) || sameSpeciality(before.title, cat)) break;
      c--;
    }
    here.code = c + 1;
  }
}

/**
 * A title whose rows the older list files under the previous section's speciality and never under
 * its own was printed out of place (a speciality column entry caught among moved cells): drop it.
 */
function dropMisplacedTitles(starts: Array<{ code: number; title: string }>, categories: ReadonlyMap<number, string>): void {
  for (let i = starts.length - 1; i >= 1; i--) {
    const here = starts[i]!;
    if (!sectionWords(here.title).length) continue;
    const end = starts[i + 1]?.code ?? here.code + 1;
    let own = 0;
    let previous = 0;
    for (let c = here.code; c < end; c++) {
      const cat = categories.get(c);
      if (!cat) continue;
      if (sameSpeciality(here.title, cat)) own++;
      else if (sameSpeciality(starts[i - 1]!.title, cat)) previous++;
    }
    if (own === 0 && previous > 0) starts.splice(i, 1);
  }
}

/**
 * Sections. Before the first "ADDED W.E.F." block a title starts a section at a code (see
 * headingStart). In the "ADDED" blocks the speciality is a column printed after each row's rates,
 * so a title applies to one row: the one whose cells precede it.
 */
function sectionsAndAdded(slots: Slot[], trailing: Token[], named: ReadonlyMap<number, Named>, categories?: ReadonlyMap<number, string>): SectionInfo & { starts: Array<{ code: number; title: string }> } {
  const codeOfLine = new Map<number, number>();
  for (const [code, n] of named) for (const line of n.lines) codeOfLine.set(line, code);
  const starts: Array<{ code: number; title: string; order: number }> = [];
  const perRow = new Map<number, string>();
  const added = new Map<number, { date: string; label: string }>();
  let addedNow: { date: string; label: string } | null = null;
  let addedTitle: string | null = null;
  let titleNext = false;
  let order = 0;
  let previous: Slot | null = null;
  // The region after the last rate pair can still hold that row's speciality.
  const tail: Slot = { index: slots.length, values: [null, null], lines: [], region: trailing, code: null, how: null, repair: null };
  for (const slot of [...slots, tail]) {
    let sawRowContent = false;
    slot.region.forEach((t, i) => {
      if (t.kind === 'added') { addedNow = { date: t.date, label: t.label }; titleNext = !addedTitle; sawRowContent = false; return; }
      if (t.kind === 'code' || t.kind === 'text') sawRowContent = true;
      if (t.kind !== 'heading') { titleNext = false; return; }
      if (addedNow) {
        if (titleNext) { addedTitle = t.title; titleNext = false; return; }
        const row = sawRowContent ? slot : previous;
        if (row?.code != null && !perRow.has(row.code)) perRow.set(row.code, t.title);
        return;
      }
      const at = headingStart(slot.region, i, slot, codeOfLine);
      if (at !== null) starts.push({ code: at, title: t.title, order: order++ });
    });
    if (slot.code !== null && addedNow) added.set(slot.code, addedNow);
    previous = slot;
  }
  starts.sort((a, b) => a.code - b.code || a.order - b.order);
  if (categories) {
    dropMisplacedTitles(starts, categories);
    extendStartsBack(starts, categories);
  }
  const sections = new Map<number, string>();
  const codes = slots.map((s) => s.code).filter((c): c is number => c !== null);
  const maxCode = Math.max(0, ...codes);
  let k = 0;
  let title = FIRST_PAGE_SECTION;
  for (let code = 1; code <= maxCode; code++) {
    while (k < starts.length && starts[k]!.code <= code) title = starts[k++]!.title;
    const inAddedBlock = added.has(code);
    sections.set(code, perRow.get(code) ?? (inAddedBlock && addedTitle ? addedTitle : title));
  }
  return { sections, added, starts: starts.map(({ code, title: t }) => ({ code, title: t })) };
}

// ---- the trailing "new procedures" table ------------------------------------------------------

function readNewList(label: string, cells: Cell[]): NonNullable<CghsParseResult['newList']> {
  const rows: NonNullable<CghsParseResult['newList']>['rows'] = [];
  for (let i = 0; i + 3 < cells.length + 1; i++) {
    const serial = cells[i]?.lines.join(' ') ?? '';
    if (!/^\d{1,2}$/.test(serial)) continue;
    const name = cells[i + 1];
    const a = cells[i + 2]?.lines.join(' ');
    const b = cells[i + 3]?.lines.join(' ');
    if (!name || !a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) continue;
    rows.push({ serial, name: joinNameLines(name.lines), non_nabh: Number(a), nabh: Number(b), line: cells[i]!.line });
    i += 3;
  }
  return { label, rows };
}

// ---- entry point -------------------------------------------------------------------------------

export function parseCghsText(text: string, options: ParseOptions = {}): CghsParseResult {
  const warnings: string[] = [];
  const { tokens, newList } = tokenize(splitCells(text));
  const formed = formSlots(tokens);
  const { slots, trailing } = joinSplitSlots(formed.slots, formed.trailing);
  anchorSlots(slots);
  placeBetweenAnchors(slots, warnings);
  const { named, strays } = nameRows(slots, trailing, options.referenceNames);
  const { sections, added } = sectionsAndAdded(slots, trailing, named, options.referenceCategories);

  const bySlot = new Map<number, Slot>();
  for (const s of slots) if (s.code !== null) bySlot.set(s.code, s);
  const allCodes = new Set<number>([...bySlot.keys(), ...named.keys()]);
  const strayCells = new Set(strays.flatMap((u) => u.map((t) => t.cell)));
  const rows: ParsedCghsRow[] = [...allCodes].sort((a, b) => a - b).map((code) => {
    const slot = bySlot.get(code);
    const name = named.get(code);
    const nameFlags: string[] = [];
    if (name?.joinedAcrossCells) nameFlags.push('joined across cells');
    if (name?.cells.some((c) => strayCells.has(c) || strayCells.has(c - 1) || strayCells.has(c + 1))) nameFlags.push('garbled cell');
    return {
      code,
      name: name?.name ?? null,
      nameHow: name?.how ?? null,
      nameLines: name?.lines ?? [],
      nameFlags,
      non_nabh: slot?.values[0] ?? null,
      nabh: slot?.values[1] ?? null,
      rateHow: slot?.how ?? null,
      rateLines: slot?.lines ?? [],
      rateRepair: slot?.repair ?? null,
      section: sections.get(code) ?? null,
      added: added.get(code) ?? null,
    };
  });
  const unplacedSlots = slots
    .filter((s) => s.code === null)
    .map((s) => ({ lines: s.lines, values: s.values.map((v) => (v ? describeRate(v) : '—')).join(' / ') }));
  const strayLines = strays.map((u) => ({ lines: u.map((t) => t.line), text: joinNameLines(u.map((t) => t.text)) }));
  return { rows, warnings, unplacedSlots, strayLines, newList: newList ? readNewList(newList.label, newList.cells) : null };
}

export function describeRate(v: RateValue): string {
  switch (v.kind) {
    case 'amount': return `${v.rupees}${v.qualifier ? ` (${v.qualifier})` : ''}`;
    case 'deleted': return 'Deleted';
    case 'see': return `See code ${v.code}`;
    case 'multi': return v.text;
  }
}
