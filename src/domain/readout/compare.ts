/**
 * Side-by-side comparison of the published readouts of one meeting (SPEC.md §2): which
 * agenda items each party mentions, what one side mentions and the other omits, and a
 * word-level diff of what two parties said about the same item, per language. A derived
 * view, never recorded; deterministic so every node shows the same comparison.
 */
import type { ReadoutState } from './state.js';
import { compareTexts, DIFF_STEPS, type DiffBudget, type DiffSegment } from './word-diff.js';

/**
 * Diff steps one whole comparison may take, shared by all its diffs in a fixed order (items,
 * then pairs, then languages): a request's work is bounded however many items and parties
 * it has. Ten diffs at their own limit; most comparisons use a small fraction.
 */
export const COMPARISON_STEPS = 10 * DIFF_STEPS;

export type ComparableReadout = Pick<ReadoutState, 'party' | 'items' | 'general'>;
type Text = { readonly [lang: string]: string };

/** Two parties' texts on one subject: `segments` read from `first`'s text to `second`'s. */
export type PairComparison = {
  first: string;
  second: string;
  /**
   * One diff per language both wrote in, by language tag. `isWordByWord` is false when the
   * texts were too long or too different to compare word by word: the part between their
   * common start and end is then one delete and one insert.
   */
  diffs: { lang: string; segments: DiffSegment[]; isWordByWord: boolean }[];
  /** Languages only one side wrote in: nothing to diff against, shown as missing. */
  onlyFirst: string[];
  onlySecond: string[];
};

export type SubjectComparison = {
  mentionedBy: string[];
  /** Parties whose (visible) readout says nothing on it. */
  silent: string[];
  /** Exactly one party mentions it while at least two published: "one side only". */
  mentionedByOneSideOnly: boolean;
  pairs: PairComparison[];
};

export type ItemComparison = SubjectComparison & {
  item: number;
  /** False for an index beyond the agenda given (the agenda changed after publishing). */
  onAgenda: boolean;
};

export type ReadoutComparison = {
  /** Parties whose readout content is visible, in dialogue order. */
  parties: string[];
  /** Parties whose readout content is withheld or redacted: not compared. */
  withheld: string[];
  items: ItemComparison[];
  general: SubjectComparison;
};

function comparePair(first: string, a: Text, second: string, b: Text, budget: DiffBudget): PairComparison {
  const langs = (t: Text) => Object.keys(t).sort();
  return {
    first, second,
    diffs: langs(a).filter((lang) => lang in b).map((lang) => ({ lang, ...compareTexts(a[lang]!, b[lang]!, lang, budget) })),
    onlyFirst: langs(a).filter((lang) => !(lang in b)),
    onlySecond: langs(b).filter((lang) => !(lang in a)),
  };
}

function compareSubject(texts: readonly { party: string; text: Text | undefined }[], published: number, budget: DiffBudget): SubjectComparison {
  const mentioning = texts.filter((t): t is { party: string; text: Text } => t.text !== undefined);
  const pairs: PairComparison[] = [];
  mentioning.forEach((x, i) => mentioning.slice(i + 1).forEach((y) => pairs.push(comparePair(x.party, x.text, y.party, y.text, budget))));
  return {
    mentionedBy: mentioning.map((t) => t.party),
    silent: texts.filter((t) => t.text === undefined).map((t) => t.party),
    mentionedByOneSideOnly: published >= 2 && mentioning.length === 1,
    pairs,
  };
}

/**
 * Compares one meeting's published readouts (at most one per party). `agendaItems` is the
 * agenda's length; `parties` the dialogue's party order (others follow, sorted by id).
 * The diffs draw on one `budget` of COMPARISON_STEPS steps unless one is given.
 */
export function compareReadouts(
  readouts: readonly ComparableReadout[], agendaItems: number, parties: readonly string[] = [], budget: DiffBudget = { remaining: COMPARISON_STEPS },
): ReadoutComparison {
  const rank = (party: string) => {
    const i = parties.indexOf(party);
    return i < 0 ? parties.length : i;
  };
  const ordered = [...readouts].sort((x, y) => rank(x.party) - rank(y.party) || (x.party < y.party ? -1 : x.party > y.party ? 1 : 0));
  ordered.forEach((r, i) => {
    if (i > 0 && ordered[i - 1]!.party === r.party) throw new RangeError(`two readouts of party ${r.party}: compare one per party`);
  });
  const visible = ordered.filter((r) => r.items !== null);
  const indices = new Set<number>(Array.from({ length: Math.max(0, agendaItems) }, (_, i) => i));
  for (const r of visible) for (const entry of r.items!) indices.add(entry.item);

  const items = [...indices].sort((x, y) => x - y).map((item): ItemComparison => ({
    item,
    onAgenda: item < agendaItems,
    ...compareSubject(visible.map((r) => ({ party: r.party, text: r.items!.find((e) => e.item === item)?.text })), visible.length, budget),
  }));
  return {
    parties: visible.map((r) => r.party),
    withheld: ordered.filter((r) => r.items === null).map((r) => r.party),
    items,
    general: compareSubject(visible.map((r) => ({ party: r.party, text: r.general ?? undefined })), visible.length, budget),
  };
}
