import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareReadouts, type ComparableReadout } from './compare.js';
import {
  compareTexts, DIFF_STEPS, diffWords, MAX_PIECE_LENGTH, PIECE_LENGTH, piecesForSegmenting, sideOf, tokenize, type DiffBudget,
} from './word-diff.js';

const red: ComparableReadout = {
  party: 'red',
  items: [
    { item: 0, text: { en: 'The parties agreed to meet again in March.', 'zh-Hans': '双方同意三月再次会晤。' } },
    { item: 1, text: { en: 'Red raised the incident of 4 February.' } },
  ],
  general: { en: 'Constructive.' },
};
const blue: ComparableReadout = {
  party: 'blue',
  items: [
    { item: 0, text: { en: 'The parties did not agree to meet again.', 'zh-Hans': '双方未同意再次会晤。', fr: 'Pas d\'accord.' } },
    { item: 2, text: { en: 'Blue proposed a hotline test schedule.' } },
  ],
  general: null,
};

describe('tokenising', () => {
  it('splits words, spaces and punctuation, and Chinese per character', () => {
    expect(tokenize('Meet again, in March.', 'en')).toEqual(['Meet', ' ', 'again', ',', ' ', 'in', ' ', 'March', '.']);
    expect(tokenize('双方同意。', 'zh-Hans')).toEqual(['双', '方', '同', '意', '。']);
    expect(tokenize('これは日本語', 'ja')).toEqual(['こ', 'れ', 'は', '日', '本', '語']);
  });
});

describe('word diff', () => {
  it('given two English accounts, then the reworded phrase is one change and the rest equal', () => {
    expect(diffWords('The parties agreed to meet again in March.', 'The parties did not agree to meet again.', 'en')).toEqual([
      { op: 'equal', text: 'The parties ' },
      { op: 'delete', text: 'agreed ' },
      { op: 'insert', text: 'did not agree ' },
      { op: 'equal', text: 'to meet again' },
      { op: 'delete', text: ' in March' },
      { op: 'equal', text: '.' },
    ]);
  });

  it('given two Chinese accounts without spaces, then the diff is per character', () => {
    expect(diffWords('双方同意三月再次会晤。', '双方未同意再次会晤。', 'zh-Hans')).toEqual([
      { op: 'equal', text: '双方' }, { op: 'insert', text: '未' }, { op: 'equal', text: '同意' },
      { op: 'delete', text: '三月' }, { op: 'equal', text: '再次会晤。' },
    ]);
  });

  it('given identical texts, then one equal segment; given unrelated ones, then delete then insert', () => {
    expect(diffWords('Same words.', 'Same words.')).toEqual([{ op: 'equal', text: 'Same words.' }]);
    expect(diffWords('alpha', 'beta')).toEqual([{ op: 'delete', text: 'alpha' }, { op: 'insert', text: 'beta' }]);
  });

  it('stays bounded when the texts share nothing (beyond MAX_EDITS the middle is replaced whole)', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const segments = diffWords(a, b);
    expect(sideOf(segments, 'first')).toBe(a);
    expect(sideOf(segments, 'second')).toBe(b);
  });

  const languages = ['en', 'zh-Hans', 'ja', 'ru', 'ar'] as const;
  const wordlist = ['the', 'parties', 'agreed', ' ', '  ', '\n', ',', '.', '双方', '同意', '会晤', 'にほん', 'встреча', 'اتفاق', 'don\'t', '3.5', '🙂', 'e\u0301'];
  const text = fc.array(fc.constantFrom(...wordlist), { maxLength: 40 }).map((parts) => parts.join(''));
  it('property: equal+delete rebuilds the first text, equal+insert the second; no empty or adjacent same-op segments', () => {
    fc.assert(fc.property(fc.oneof(text, fc.string({ unit: 'grapheme' })), fc.oneof(text, fc.string({ unit: 'grapheme' })), fc.constantFrom(...languages), (first, second, lang) => {
      const segments = diffWords(first, second, lang);
      expect(sideOf(segments, 'first')).toBe(first);
      expect(sideOf(segments, 'second')).toBe(second);
      segments.forEach((s, i) => {
        expect(s.text).not.toBe('');
        if (i > 0) expect(segments[i - 1]!.op).not.toBe(s.op);
      });
      expect(diffWords(first, second, lang)).toEqual(segments);
    }), { numRuns: 500 });
  });

  it('property: the diff is as small as a literal LCS says (cross-check against a slow reference)', () => {
    const lcs = (a: string[], b: string[]) => {
      const row = new Array<number>(b.length + 1).fill(0);
      for (const x of a) {
        let diagonal = 0;
        for (let j = 1; j <= b.length; j++) {
          const above = row[j]!;
          row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
          diagonal = above;
        }
      }
      return row[b.length]!;
    };
    // Words joined by commas: no whitespace, so no lone spaces are folded into changes.
    const commaText = fc.array(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', '双方'), { maxLength: 30 }).map((w) => w.join(','));
    fc.assert(fc.property(commaText, commaText, (first, second) => {
      const equal = diffWords(first, second, 'en').filter((s) => s.op === 'equal').flatMap((s) => tokenize(s.text, 'en'));
      expect(equal.length).toBe(lcs(tokenize(first, 'en'), tokenize(second, 'en')));
    }), { numRuns: 300 });
  });

  it('property: a text diffed against itself is all equal', () => {
    fc.assert(fc.property(text, (t) => {
      expect(diffWords(t, t).every((s) => s.op === 'equal')).toBe(true);
    }));
  });
});

/** The tokens of one unbroken pass of the segmenter: what tokenize gives without its pieces. */
function tokenizeWhole(text: string, lang: string): string[] {
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
  return [...new Intl.Segmenter(lang, { granularity: 'word' }).segment(text)].flatMap(({ segment }) =>
    cjk.test(segment) ? [...graphemes.segment(segment)].map((g) => g.segment) : [segment]);
}

/** About `length` characters of `words` in a fixed pseudo-random order (a linear congruential sequence). */
function prose(length: number, words: readonly string[], separator = ' '): string {
  const parts: string[] = [];
  let size = 0;
  for (let seed = 12345; size < length;) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const word = words[(seed >>> 8) % words.length]!;
    parts.push(word);
    size += word.length + separator.length;
  }
  return parts.join(separator);
}

const ENGLISH = ['the', 'parties', 'agreed', 'to', 'meet', 'again', 'in', 'March,', 'and', 'reviewed', 'hotline.', 'incident', 'of', 'February'];
const CHINESE = ['双', '方', '同', '意', '三', '月', '再', '次', '会', '晤', '。', '讨', '论', '热', '线'];

describe('long texts: bounded work', () => {
  it('cuts a 200k-character text into short pieces for the segmenter, English and Chinese alike', () => {
    for (const text of [prose(200_000, ENGLISH), prose(200_000, CHINESE, ''), 'x'.repeat(200_000), 'e\u0301'.repeat(100_000)]) {
      const pieces = piecesForSegmenting(text);
      expect(pieces.join('')).toBe(text);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(MAX_PIECE_LENGTH + 33);
      expect(pieces.length).toBeGreaterThanOrEqual(Math.floor(text.length / (MAX_PIECE_LENGTH + 33)));
    }
    // Prose is cut at word boundaries soon after PIECE_LENGTH, never mid-word.
    expect(piecesForSegmenting(prose(200_000, ENGLISH)).every((p, i, all) => i === all.length - 1 || (p.length < PIECE_LENGTH + 20 && p.endsWith(' ')))).toBe(true);
  });

  it('property: the pieces tokenize exactly as the whole text does (one segmenter pass, ideographs and kana per grapheme)', () => {
    const wordlist = ['the', 'parties', ' ', '  ', '\n', '\r\n', ',', '.', '双方', '同意', 'にほん', 'カタカナ', 'встреча', 'اتفاق', 'don\'t', '3.5', '🙂', '👍🏽', 'e\u0301', '\u00a0', '\t', '𠀋', 'ｶﾞ', 'か\u3099', '葛\u{E0100}', 'ー'];
    const long = fc.array(fc.constantFrom(...wordlist), { minLength: 100, maxLength: 600 }).map((parts) => parts.join(''));
    fc.assert(fc.property(long, fc.constantFrom('en', 'zh-Hans', 'ja', 'ru'), (text, lang) => {
      expect(tokenize(text, lang)).toEqual(tokenizeWhole(text, lang));
    }), { numRuns: 100 });
  });

  it('given two 200k-character English texts a few words apart, then a word-by-word diff within the step budget', () => {
    const first = prose(200_000, ENGLISH);
    const [p, q, r] = [50_000, 120_000, 180_000].map((at) => first.indexOf(' ', at));
    const cut = first.indexOf(' ', r! + 100);
    const second = `${first.slice(0, p)} did not agree${first.slice(p, q)} INSERTED${first.slice(q, r)}${first.slice(cut)}`;
    const budget: DiffBudget = { remaining: DIFF_STEPS };
    const diff = compareTexts(first, second, 'en', budget);
    expect(diff.isWordByWord).toBe(true);
    expect(budget.remaining).toBeGreaterThan(0);
    expect(sideOf(diff.segments, 'first')).toBe(first);
    expect(sideOf(diff.segments, 'second')).toBe(second);
    expect(diff.segments.filter((s) => s.op === 'insert').map((s) => s.text.trim())).toEqual(['did not agree', 'INSERTED']);
    expect(diff.segments.filter((s) => s.op === 'delete').map((s) => s.text.trim())).toEqual([first.slice(r, cut).trim()]);
  });

  it('given two 100k-character Chinese texts a few characters apart, then a per-character diff', () => {
    const first = prose(100_000, CHINESE, '');
    const second = `${first.slice(0, 40_000)}未${first.slice(40_000, 90_000)}${first.slice(90_010)}`;
    const diff = compareTexts(first, second, 'zh-Hans');
    expect(diff.isWordByWord).toBe(true);
    expect(diff.segments.filter((s) => s.op !== 'equal')).toEqual([{ op: 'insert', text: '未' }, { op: 'delete', text: first.slice(90_000, 90_010) }]);
    expect(sideOf(diff.segments, 'second')).toBe(second);
  });

  it('given two unrelated 200k-character texts, then the budget stops the diff: flagged, and the texts still rebuild', () => {
    const first = prose(200_000, ENGLISH);
    const second = prose(200_000, ENGLISH.map((w) => w.toUpperCase()));
    const budget: DiffBudget = { remaining: DIFF_STEPS };
    const diff = compareTexts(first, second, 'en', budget);
    expect(diff.isWordByWord).toBe(false);
    expect(budget.remaining).toBeGreaterThanOrEqual(0);
    expect(diff.segments.filter((s) => s.op !== 'equal').map((s) => s.op)).toEqual(['delete', 'insert']);
    expect(sideOf(diff.segments, 'first')).toBe(first);
    expect(sideOf(diff.segments, 'second')).toBe(second);
  });

  it('given repetitive texts whose many equal runs make every diagonal long, then the step budget (not MAX_EDITS) stops it', () => {
    // Shifted copies of "a a a …": each diagonal has long snakes, the worst case for Myers.
    const first = `${'a '.repeat(60_000)}b`;
    const second = `c ${'a '.repeat(59_000)}${'d '.repeat(900)}`;
    const budget: DiffBudget = { remaining: 100_000 };
    const diff = compareTexts(first, second, 'en', budget);
    expect(diff.isWordByWord).toBe(false);
    expect(budget.remaining).toBe(0);
    expect(sideOf(diff.segments, 'first')).toBe(first);
    expect(sideOf(diff.segments, 'second')).toBe(second);
  });

  it('shares one budget across a comparison: once spent, later diffs are flagged, not computed', () => {
    const long = (i: number) => ({ en: prose(20_000, ENGLISH.map((w) => `${w}${i}`)) });
    const many = (party: string, suffix: string): ComparableReadout => ({
      party, general: null, items: Array.from({ length: 20 }, (_, item) => ({ item, text: { en: `${long(item).en}${suffix}` } })),
    });
    const other: ComparableReadout = { party: 'blue', general: null, items: Array.from({ length: 20 }, (_, item) => ({ item, text: long(item + 100) })) };
    const budget: DiffBudget = { remaining: 3 * 100_000 };
    const result = compareReadouts([many('red', ''), other], 20, ['red', 'blue'], budget);
    const flags = result.items.map((i) => i.pairs[0]!.diffs[0]!.isWordByWord);
    expect(flags.every((f) => !f)).toBe(true);
    expect(budget.remaining).toBe(0);
    // A small comparison is word by word.
    expect(compareReadouts([red, blue], 3).items[0]!.pairs[0]!.diffs.every((d) => d.isWordByWord)).toBe(true);
  });
});

describe('comparing the readouts of a meeting', () => {
  it('given two readouts, when compared over a 3-item agenda, then mentions, one-side-only items and diffs per language', () => {
    const result = compareReadouts([blue, red], 3, ['red', 'blue']);
    expect(result.parties).toEqual(['red', 'blue']);
    expect(result.items.map((i) => [i.item, i.mentionedBy, i.silent, i.mentionedByOneSideOnly])).toEqual([
      [0, ['red', 'blue'], [], false],
      [1, ['red'], ['blue'], true],
      [2, ['blue'], ['red'], true],
    ]);
    const [pair] = result.items[0]!.pairs;
    expect(pair).toMatchObject({ first: 'red', second: 'blue', onlyFirst: [], onlySecond: ['fr'] });
    expect(pair!.diffs.map((d) => d.lang)).toEqual(['en', 'zh-Hans']);
    expect(pair!.diffs[1]!.segments).toContainEqual({ op: 'insert', text: '未' });
    expect(result.items[1]!.pairs).toEqual([]);
    expect(result.general).toMatchObject({ mentionedBy: ['red'], silent: ['blue'], mentionedByOneSideOnly: true, pairs: [] });
  });

  it('given one readout only, nothing is "one side only" yet', () => {
    const result = compareReadouts([red], 2);
    expect(result.items.every((i) => !i.mentionedByOneSideOnly)).toBe(true);
  });

  it('lists items beyond the agenda as off-agenda and withheld readouts apart', () => {
    const result = compareReadouts([red, blue, { party: 'green', items: null, general: null }], 2, ['red', 'blue', 'green']);
    expect(result.items.map((i) => [i.item, i.onAgenda])).toEqual([[0, true], [1, true], [2, false]]);
    expect(result.withheld).toEqual(['green']);
    expect(result.parties).toEqual(['red', 'blue']);
  });

  it('refuses two readouts of the same party', () => {
    expect(() => compareReadouts([red, red], 2)).toThrow(/two readouts of party red/);
  });

  it('is deterministic whatever the input order', () => {
    expect(compareReadouts([red, blue], 3)).toEqual(compareReadouts([blue, red], 3));
  });
});
