// `parley verify FILE` streams the file through transcript-reader.ts (structure scanned over
// bytes, values decoded one by one) and checks signatures on worker threads. These tests hold
// it to the in-memory verifier: every golden vector, valid or tampered, in several layouts,
// gives the same summary or the same first failure; and the reader hands over exactly what
// JSON.parse of the whole file gives, however the file is cut into chunks (inside strings,
// escapes and multi-byte UTF-8 sequences), and refuses the same malformed files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Vector } from '../../testdata/record/generate.js';
import { TranscriptError, verifyTranscript, type Transcript } from '../record/index.js';
import { readTranscriptFile, TranscriptSyntaxError } from './transcript-reader.js';
import { verifyTranscriptFile } from './verify.js';

const DIR = new URL('../../testdata/record/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.startsWith('transcript-') && f.endsWith('.json')).sort();
const load = (file: string): Vector => JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Vector;
const tmp = mkdtempSync(join(tmpdir(), 'parley-verify-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The layout `parley export` writes: header members, then one event per line. */
function exported(t: Transcript): string {
  const { events, checkpoint, ...header } = t;
  const head = JSON.stringify(header).slice(0, -1);
  return `${head},"events":[${events.map((e, i) => `${i === 0 ? '\n' : ',\n'}${JSON.stringify(e)}`).join('')}\n],"checkpoint":${JSON.stringify(checkpoint)}}\n`;
}

const layouts: [string, (t: Transcript) => string][] = [
  ['as exported', exported],
  ['pretty-printed', (t) => JSON.stringify(t, null, 2)],
  ['checkpoint first, CRLF and tabs', (t) => {
    const { checkpoint, ...rest } = t;
    return JSON.stringify({ checkpoint, ...rest }, null, '\t').replace(/\n/g, '\r\n');
  }],
];

async function outcome(run: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (!(error instanceof TranscriptError)) throw error;
    return { code: error.code, index: error.index ?? null, message: error.message };
  }
}

describe('verifyTranscriptFile agrees with the in-memory verifier', () => {
  const cases = files.flatMap((file) => layouts.map(([layout, write]) => [file, layout, write] as const));
  it.each(cases)('%s, %s', async (file, layout, write) => {
    const vector = load(file);
    const path = join(tmp, `${file}-${layout.replace(/\W+/g, '-')}`);
    writeFileSync(path, write(vector.transcript));
    const expected = await outcome(() => verifyTranscript(vector.transcript));
    expect(await outcome(() => verifyTranscriptFile(path))).toEqual(expected);
    if ('valid' in vector.expect) expect(expected).toMatchObject({ ok: { withheld: vector.expect.withheld, events: 14 } });
    else expect(expected).toMatchObject(vector.expect);
  });
});

/** Everything the reader hands over, in order. */
async function read(path: string, chunkBytes?: number): Promise<{ items: unknown[] } | { error: string }> {
  const items: unknown[] = [];
  try {
    await readTranscriptFile(path, {
      field: (name, value) => { items.push(['field', name, value]); },
      event: (value, index) => {
        items.push(['event', index, value]);
        // Back-pressure: every third event makes the reader wait.
        return index % 3 === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined;
      },
    }, chunkBytes === undefined ? {} : { chunkBytes });
  } catch (error) {
    if (!(error instanceof TranscriptSyntaxError)) throw error;
    return { error: error.message };
  }
  return { items };
}

describe('transcript reader', () => {
  const valid = load('transcript-valid.json').transcript;

  it.each([1, 2, 3, 5, 7, 64, 4096])('hands over what JSON.parse gives, in chunks of %i bytes', async (chunkBytes) => {
    const path = join(tmp, `chunks-${chunkBytes}.json`);
    // Escapes at chunk edges too: \" and \\ and \u escapes in the golden bodies, plus these.
    const t = { ...valid, parties: [...valid.parties], extra: 'a\\"b\\\\"\u00e9\u{1f600}' } as unknown as Transcript;
    const text = JSON.stringify(t, null, 1);
    writeFileSync(path, text);
    const whole = JSON.parse(text) as Record<string, unknown>;
    const { events, ...fields } = whole;
    const expected = [
      ...Object.entries(fields).filter(([k]) => Object.keys(whole).indexOf(k) < Object.keys(whole).indexOf('events')).map(([k, v]) => ['field', k, v]),
      ...(events as unknown[]).map((e, i) => ['event', i, e]),
      ...Object.entries(fields).filter(([k]) => Object.keys(whole).indexOf(k) > Object.keys(whole).indexOf('events')).map(([k, v]) => ['field', k, v]),
    ];
    expect(await read(path, chunkBytes)).toEqual({ items: expected });
  });

  it('decodes bytes that are not UTF-8 as U+FFFD, as decoding the whole file would', async () => {
    const path = join(tmp, 'latin1.json');
    const bytes = Buffer.concat([Buffer.from('{"format":"x\u00e9'), Buffer.from([0xff, 0xc3]), Buffer.from('","events":[{"s":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}]}')]);
    writeFileSync(path, bytes);
    const whole = JSON.parse(bytes.toString('utf8')) as { format: string; events: unknown[] };
    for (const chunkBytes of [1, 2, 1 << 20]) {
      expect(await read(path, chunkBytes)).toEqual({ items: [['field', 'format', whole.format], ['event', 0, whole.events[0]]] });
    }
  });

  it.each([
    ['', 'the transcript ends before its closing brace'],
    ['\ufeff{}', 'a transcript is a JSON object'],
    ['[]', 'a transcript is a JSON object'],
    ['{"format":"x"', 'the transcript ends before its closing brace'],
    ['{"events":[{"a":1}', 'the transcript ends before its closing brace'],
    ['{"events":[{"a":1]}', 'events[0]: '],
    ['{"events":[{"a":1}}]}', 'unbalanced ]'],
    ['{"events":{}}', 'events: must be an array'],
    ['{"events":[,{}]}', 'events: unexpected ","'],
    ['{"a" 1}', 'expected ":" after "a"'],
    ['{"a":1 "b":2}', 'expected "," or "}" between fields'],
    ['{1:2}', 'expected a field name'],
    ['{"a":"b"} x', 'unexpected text after the transcript'],
    ['{"a":tru }', 'a: '],
    ['{"a":"\u00e9', 'the transcript ends before its closing brace'],
  ])('refuses %j alike in any chunk size', async (text, message) => {
    const path = join(tmp, 'malformed.json');
    writeFileSync(path, text);
    const whole = await read(path);
    expect(whole).toHaveProperty('error');
    expect((whole as { error: string }).error.startsWith(message)).toBe(true);
    for (const chunkBytes of [1, 2, 3]) expect(await read(path, chunkBytes)).toEqual(whole);
  });
});
