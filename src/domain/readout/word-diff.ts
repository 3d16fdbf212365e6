/**
 * A word-level text diff for comparing two parties' accounts side by side. Tokens come from
 * Intl.Segmenter (word granularity: words, spaces and punctuation are separate tokens, so
 * concatenating the tokens gives back the text exactly). Han and kana are then split per
 * character: ICU segments Chinese and Japanese with a dictionary that changes between ICU
 * versions, and two parties' nodes may run different Node builds — per character the diff
 * is the same everywhere, and it is the granularity Chinese readers compare at anyway.
 * The diff is Myers' O((N+M)·D) algorithm over those tokens.
 *
 * Both steps are bounded, because any member can ask for a comparison of texts up to the
 * request size limit: the segmenter only ever sees short pieces (ICU's word iterator is
 * quadratic in the text's length on some builds — 80k characters took seconds), and the diff
 * stops after MAX_EDITS edits or when its step budget runs out. Beyond either bound the part
 * between the common start and end is shown as replaced whole, and the result says so
 * (`isWordByWord: false`) so a reader is told the texts were too long or too different.
 */

export type DiffOp = 'equal' | 'insert' | 'delete';
/** A run of text: `equal` in both, `delete`d from the first, or `insert`ed in the second. */
export type DiffSegment = { op: DiffOp; text: string };

/** Beyond this many token edits the texts are treated as unrelated: bounded time and memory. */
export const MAX_EDITS = 1000;
/** Steps (diagonals tried, tokens compared, trace entries kept) one diff may take by default. */
export const DIFF_STEPS = 2_000_000;

/** Steps still allowed; diffs drawing on one budget share it (see compareReadouts). */
export type DiffBudget = { remaining: number };

/** A diff and whether it went word by word all through or gave up on its middle part. */
export type WordDiff = {
  segments: DiffSegment[];
  /** False when the texts were too long or too different: their differing middle is one delete and one insert. */
  isWordByWord: boolean;
};

/** The segmenter gets pieces of about this many UTF-16 units: short pieces are fast on every ICU. */
export const PIECE_LENGTH = 256;
/** With no certain word boundary before this length (a very long "word"), the piece is cut anyway. */
export const MAX_PIECE_LENGTH = 1024;

const CJK_IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Ideographs and kana only, none that joins the one before: each code point is a character. */
const CJK_PLAIN = /^(?:(?!\p{Grapheme_Extend})[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])+$/u;
const wordSegmenters = new Map<string, Intl.Segmenter>();
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

function wordSegmenter(lang: string): Intl.Segmenter {
  let segmenter = wordSegmenters.get(lang);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
    } catch {
      segmenter = new Intl.Segmenter('und', { granularity: 'word' });
    }
    wordSegmenters.set(lang, segmenter);
  }
  return segmenter;
}

const WORD_START = /^[\p{L}\p{N}]/u;
const JOINS_PREVIOUS = /^[\p{M}\p{Cf}]/u;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
const codePointBefore = (text: string, at: number) =>
  String.fromCodePoint(at >= 2 && isLowSurrogate(text.charCodeAt(at - 1)) ? text.codePointAt(at - 2)! : text.charCodeAt(at - 1));
const codePointAt = (text: string, at: number) => String.fromCodePoint(text.codePointAt(at)!);

/**
 * Whether every word segmentation breaks at `at` (UAX #29): after a line break, between
 * whitespace and a letter or digit, and between two ideographs (split per character anyway).
 */
function isCertainBoundary(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  if (before === 0x0a || (before === 0x0d && text.charCodeAt(at) !== 0x0a)) return true;
  if (isLowSurrogate(text.charCodeAt(at))) return false;
  const next = codePointAt(text, at);
  if (/\s/.test(text[at - 1]!)) return WORD_START.test(next);
  return CJK_IDEOGRAPHIC.test(next) && CJK_IDEOGRAPHIC.test(codePointBefore(text, at));
}

/** Whether cutting at `at` keeps code points and (nearly always) characters whole: the last resort. */
const isSafeCut = (text: string, at: number) =>
  !isLowSurrogate(text.charCodeAt(at)) && text.charCodeAt(at - 1) !== 0x200d && !JOINS_PREVIOUS.test(codePointAt(text, at));

/**
 * Cuts `text` into pieces to segment one by one (their concatenation is `text`): each at
 * least PIECE_LENGTH long, ending at the first certain word boundary after that, or cut
 * anyway past MAX_PIECE_LENGTH. Exported for tests.
 */
export function piecesForSegmenting(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > PIECE_LENGTH) {
    let at = start + PIECE_LENGTH;
    while (at < text.length && at - start < MAX_PIECE_LENGTH && !isCertainBoundary(text, at)) at++;
    // No certain boundary: a character boundary, or (a run of combining marks) any code point one.
    while (at < text.length && !isSafeCut(text, at) && at - start < MAX_PIECE_LENGTH + 32) at++;
    while (at < text.length && isLowSurrogate(text.charCodeAt(at))) at++;
    pieces.push(text.slice(start, at));
    start = at;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Splits `text` into tokens whose concatenation is `text`. `lang` is its BCP 47 tag. */
export function tokenize(text: string, lang = 'und'): string[] {
  const tokens: string[] = [];
  const segmenter = wordSegmenter(lang);
  for (const piece of piecesForSegmenting(text)) {
    for (const { segment } of segmenter.segment(piece)) {
      if (CJK_PLAIN.test(segment)) {
        // The common case, and much faster than a grapheme segmenter per word.
        for (const character of segment) tokens.push(character);
      } else if (CJK_IDEOGRAPHIC.test(segment)) {
        for (const { segment: character } of graphemes.segment(segment)) tokens.push(character);
      } else {
        tokens.push(segment);
      }
    }
  }
  return tokens;
}

type Edit = 'e' | 'i' | 'd';

/**
 * Myers' shortest edit script between a and b, or null when it needs more than `limit` edits
 * or more steps than `budget` has left (the steps taken are deducted either way).
 */
function shortestEdit(a: readonly number[], b: readonly number[], limit: number, budget: DiffBudget): Edit[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...Array<Edit>(n).fill('d'), ...Array<Edit>(m).fill('i')];
  const max = Math.min(n + m, limit);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] = v[-d-1 .. d+1] as it was before round d (what backtracking needs).
  const trace: Int32Array[] = [];
  let found = -1;
  let steps = budget.remaining;
  for (let d = 0; d <= max && found < 0 && steps >= 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    steps -= 2 * d + 3;
    for (let k = -d; k <= d && steps >= 0; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      const from = x;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      steps -= 1 + x - from;
      v[offset + k] = x;
      if (x >= n && y >= m) { found = d; break; }
    }
  }
  budget.remaining = Math.max(steps, 0);
  if (found < 0 || steps < 0) return null;
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const before = trace[d]!;
    const at = (k: number) => before[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) { edits.push('e'); x--; y--; }
    if (d > 0) edits.push(x === prevX ? 'i' : 'd');
    x = prevX;
    y = prevY;
  }
  return edits.reverse();
}

/**
 * Whitespace kept "equal" between two changes splits one reworded phrase into several
 * changes ("agreed" → "did", " ", + "not agree "); it is shown as part of the change instead.
 */
function absorbLoneSpaces(edits: Edit[], a: readonly string[]): Edit[] {
  const out: Edit[] = [];
  let i = 0;
  for (let e = 0; e < edits.length; e++) {
    if (edits[e] !== 'e') {
      if (edits[e] === 'd') i++;
      out.push(edits[e]!);
      continue;
    }
    let end = e;
    while (end < edits.length && edits[end] === 'e') end++;
    const run = a.slice(i, i + (end - e));
    const between = e > 0 && end < edits.length;
    if (between && run.every((token) => token.trim() === '')) for (const _ of run) out.push('d', 'i');
    else for (const _ of run) out.push('e');
    i += end - e;
    e = end - 1;
  }
  return out;
}

/** Word-level diff of `first` → `second` within DIFF_STEPS steps (see compareTexts). */
export function diffWords(first: string, second: string, lang = 'und'): DiffSegment[] {
  return compareTexts(first, second, lang).segments;
}

/**
 * Word-level diff of `first` → `second`, drawing on `budget`. Deterministic (for the same
 * budget); deletions precede insertions in a change. Beyond MAX_EDITS or the budget, the part
 * between the common start and end is one delete and one insert, and `isWordByWord` is false.
 */
export function compareTexts(first: string, second: string, lang = 'und', budget: DiffBudget = { remaining: DIFF_STEPS }): WordDiff {
  const a = tokenize(first, lang);
  const b = tokenize(second, lang);
  const ids = new Map<string, number>();
  const id = (token: string) => {
    let value = ids.get(token);
    if (value === undefined) { value = ids.size; ids.set(token, value); }
    return value;
  };
  const ai = a.map(id);
  const bi = b.map(id);
  let start = 0;
  while (start < ai.length && start < bi.length && ai[start] === bi[start]) start++;
  let endA = ai.length;
  let endB = bi.length;
  while (endA > start && endB > start && ai[endA - 1] === bi[endB - 1]) { endA--; endB--; }
  const script = shortestEdit(ai.slice(start, endA), bi.slice(start, endB), MAX_EDITS, budget);
  const middle = script ?? [...Array<Edit>(endA - start).fill('d'), ...Array<Edit>(endB - start).fill('i')];
  const edits = absorbLoneSpaces([...Array<Edit>(start).fill('e'), ...middle, ...Array<Edit>(ai.length - endA).fill('e')], a);

  const segments: DiffSegment[] = [];
  const push = (op: DiffOp, text: string) => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.op === op) last.text += text;
    else segments.push({ op, text });
  };
  let i = 0;
  let j = 0;
  let deleted = '';
  let inserted = '';
  const flush = () => { push('delete', deleted); push('insert', inserted); deleted = ''; inserted = ''; };
  for (const edit of edits) {
    if (edit === 'e') { flush(); push('equal', a[i]!); i++; j++; }
    else if (edit === 'd') deleted += a[i++]!;
    else inserted += b[j++]!;
  }
  flush();
  return { segments, isWordByWord: script !== null };
}

/** The first text back from a diff (equal + delete) — and the second (equal + insert). */
export function sideOf(segments: readonly DiffSegment[], side: 'first' | 'second'): string {
  const skip: DiffOp = side === 'first' ? 'insert' : 'delete';
  return segments.filter((s) => s.op !== skip).map((s) => s.text).join('');
}
