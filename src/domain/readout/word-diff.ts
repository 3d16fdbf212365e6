/**
 * A word-level text diff for comparing two parties' accounts side by side. Tokens come from
 * Intl.Segmenter (word granularity: words, spaces and punctuation are separate tokens, so
 * concatenating the tokens gives back the text exactly). Han and kana are then split per
 * character: ICU segments Chinese and Japanese with a dictionary that changes between ICU
 * versions, and two parties' nodes may run different Node builds — per character the diff
 * is the same everywhere, and it is the granularity Chinese readers compare at anyway.
 * The diff is Myers' O((N+M)·D) algorithm over those tokens.
 */

export type DiffOp = 'equal' | 'insert' | 'delete';
/** A run of text: `equal` in both, `delete`d from the first, or `insert`ed in the second. */
export type DiffSegment = { op: DiffOp; text: string };

/** Beyond this many token edits the texts are treated as unrelated: bounded time and memory. */
export const MAX_EDITS = 1000;

const CJK_IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
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

/** Splits `text` into tokens whose concatenation is `text`. `lang` is its BCP 47 tag. */
export function tokenize(text: string, lang = 'und'): string[] {
  const tokens: string[] = [];
  for (const { segment } of wordSegmenter(lang).segment(text)) {
    if (CJK_IDEOGRAPHIC.test(segment)) {
      for (const { segment: character } of graphemes.segment(segment)) tokens.push(character);
    } else {
      tokens.push(segment);
    }
  }
  return tokens;
}

type Edit = 'e' | 'i' | 'd';

/** Myers' shortest edit script between a and b, or null when it needs more than `limit` edits. */
function shortestEdit(a: readonly number[], b: readonly number[], limit: number): Edit[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, limit);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] = v[-d-1 .. d+1] as it was before round d (what backtracking needs).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found = d; break; }
    }
  }
  if (found < 0) return null;
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

/** Word-level diff of `first` → `second`. Deterministic; deletions precede insertions in a change. */
export function diffWords(first: string, second: string, lang = 'und'): DiffSegment[] {
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
  const middle = shortestEdit(ai.slice(start, endA), bi.slice(start, endB), MAX_EDITS)
    ?? [...Array<Edit>(endA - start).fill('d'), ...Array<Edit>(endB - start).fill('i')];
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
  return segments;
}

/** The first text back from a diff (equal + delete) — and the second (equal + insert). */
export function sideOf(segments: readonly DiffSegment[], side: 'first' | 'second'): string {
  const skip: DiffOp = side === 'first' ? 'insert' : 'delete';
  return segments.filter((s) => s.op !== skip).map((s) => s.text).join('');
}
