/**
 * Reads a transcript file as a stream: the top-level fields are parsed whole, and each
 * element of `events` is handed over as soon as it is complete. A million-event transcript
 * is larger than the longest string V8 allows, so it is never held in memory at once.
 *
 * The scanner tracks only JSON structure (depth, strings, escapes) over the file's bytes —
 * every structural character is ASCII, and no byte of a multi-byte UTF-8 sequence is — and
 * each value's bytes are then decoded and parsed by JSON.parse, so the JSON grammar itself
 * is the platform's. Decoding value by value (rather than whole chunks into one string) is
 * several times cheaper for text outside Latin-1, and the scan over bytes needs no string.
 * Bytes that are not UTF-8 decode to U+FFFD, as a streaming UTF-8 decoder would.
 */
import { createReadStream } from 'node:fs';

export interface TranscriptReaderSink {
  /** A top-level field other than `events`, parsed. */
  field(name: string, value: unknown): void | Promise<void>;
  /**
   * One element of `events`, parsed, with its position. Return a promise only to make the
   * reader wait (back-pressure); most events are handled synchronously.
   */
  event(value: unknown, index: number): void | Promise<void>;
}

export interface TranscriptReaderOptions {
  /** Bytes read at a time (default 1 MiB); tests use small chunks to split values. */
  readonly chunkBytes?: number;
}

export class TranscriptSyntaxError extends Error {
  override name = 'TranscriptSyntaxError';
}

const QUOTE = 34, BACKSLASH = 92, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, COLON = 58, COMMA = 44;
const EMPTY = Buffer.alloc(0);

/** Streams `path` into `sink`. Throws TranscriptSyntaxError for malformed JSON. */
export async function readTranscriptFile(path: string, sink: TranscriptReaderSink, options: TranscriptReaderOptions = {}): Promise<void> {
  const scanner = new Scanner(sink);
  for await (const chunk of createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 })) {
    await scanner.push(chunk as Buffer);
  }
  scanner.end();
}

type State = 'start' | 'key' | 'colon' | 'value' | 'after_value' | 'events' | 'done';

class Scanner {
  private state: State = 'start';
  /** The unfinished value carried over from the previous chunk (empty when none). */
  private carried: Buffer = EMPTY;
  private key = '';
  private eventIndex = 0;
  // Within a value being collected (valueStart ≥ 0, an offset in the current buffer):
  private depth = 0;
  private inString = false;
  private valueStart = -1;
  private collectingKey = false;

  constructor(private readonly sink: TranscriptReaderSink) {}

  async push(chunk: Buffer): Promise<void> {
    // Scanning resumes where the carried value's bytes end.
    let i = this.carried.length;
    const b = i === 0 ? chunk : Buffer.concat([this.carried, chunk]);
    if (i > 0) this.valueStart = 0;
    this.carried = EMPTY;
    const n = b.length;
    while (i < n) {
      if (this.valueStart >= 0) {
        const end = this.scanValue(b, i);
        if (end < 0) { i = n; break; }
        // A scalar ends before the character that ends it, which is then read again.
        const pending = this.complete(b, end);
        if (pending) await pending;
        i = end;
        continue;
      }
      const c = b[i]!;
      if (!isSpace(c)) {
        const pending = this.structural(c, i);
        if (pending) await pending;
      }
      i++;
    }
    // Keep only the unfinished value (if any) for the next chunk.
    if (this.valueStart >= 0) {
      this.carried = Buffer.from(b.subarray(this.valueStart));
      this.valueStart = 0;
    }
  }

  end(): void {
    if (this.valueStart >= 0 && this.depth === 0 && !this.inString) {
      throw new TranscriptSyntaxError('the transcript ends inside a value');
    }
    if (this.state !== 'done') throw new TranscriptSyntaxError('the transcript ends before its closing brace');
  }

  /**
   * Scans the value that began at `valueStart` from `from`: returns the offset just past its
   * end (a scalar: the offset of the character after it), or -1 if it continues in the next
   * chunk. Structure state lives in locals while scanning. Inside a string only its closing
   * quote matters: `indexOf` finds the next quote natively, and the quote closes the string
   * unless an odd number of backslashes precede it (they lie after the opening quote, in the
   * carried bytes if the string began in an earlier chunk) — most of a transcript's bytes are
   * string contents, so this skips the per-byte loop for them.
   */
  private scanValue(b: Buffer, from: number): number {
    let depth = this.depth;
    let inString = this.inString;
    const n = b.length;
    let i = from;
    let end = -1;
    while (i < n) {
      if (inString) {
        const quote = b.indexOf(QUOTE, i);
        if (quote < 0) { i = n; break; }
        let backslashes = 0;
        while (b[quote - 1 - backslashes] === BACKSLASH) backslashes++;
        i = quote + 1;
        if (backslashes % 2 === 1) continue;
        inString = false;
        if (depth === 0) { end = i; break; }
        continue;
      }
      const c = b[i]!;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) { end = i + 1; break; }
        if (depth < 0) throw new TranscriptSyntaxError(`unbalanced ${String.fromCharCode(c)}`);
      } else if (depth === 0 && (c === COMMA || isSpace(c))) {
        // end of a scalar (number, true, false, null)
        end = i;
        break;
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    return end;
  }

  private structural(c: number, i: number): Promise<void> | void {
    switch (this.state) {
      case 'start':
        if (c !== OPEN_BRACE) throw new TranscriptSyntaxError('a transcript is a JSON object');
        this.state = 'key';
        return;
      case 'key':
        if (c === CLOSE_BRACE) { this.state = 'done'; return; }
        if (c !== QUOTE) throw new TranscriptSyntaxError('expected a field name');
        this.beginValue(i, true);
        return;
      case 'colon':
        if (c !== COLON) throw new TranscriptSyntaxError(`expected ":" after "${this.key}"`);
        this.state = 'value';
        return;
      case 'value':
        if (this.key === 'events') {
          if (c !== OPEN_BRACKET) throw new TranscriptSyntaxError('events: must be an array');
          this.state = 'events';
          return;
        }
        this.beginValue(i, c === QUOTE, c === OPEN_BRACE || c === OPEN_BRACKET);
        return;
      case 'events':
        if (c === CLOSE_BRACKET) { this.state = 'after_value'; return; }
        if (c === COMMA) { if (this.eventIndex === 0) throw new TranscriptSyntaxError('events: unexpected ","'); return; }
        this.beginValue(i, c === QUOTE, c === OPEN_BRACE || c === OPEN_BRACKET);
        return;
      case 'after_value':
        if (c === COMMA) { this.state = 'key'; return; }
        if (c === CLOSE_BRACE) { this.state = 'done'; return; }
        throw new TranscriptSyntaxError('expected "," or "}" between fields');
      case 'done':
        throw new TranscriptSyntaxError('unexpected text after the transcript');
    }
  }

  private beginValue(i: number, isString: boolean, isContainer = false): void {
    this.valueStart = i;
    this.inString = isString;
    // A scalar is scanned from its first character; a string or container from the next.
    this.depth = isContainer ? 1 : 0;
    this.collectingKey = this.state === 'key';
  }

  private complete(b: Buffer, end: number): Promise<void> | void {
    const start = this.valueStart;
    this.valueStart = -1;
    let value: unknown;
    try {
      value = JSON.parse(b.toString('utf8', start, end));
    } catch (error) {
      const where = this.state === 'events' ? `events[${this.eventIndex}]` : this.collectingKey ? 'field name' : this.key;
      throw new TranscriptSyntaxError(`${where}: ${(error as Error).message}`);
    }
    if (this.collectingKey) {
      this.key = value as string;
      this.collectingKey = false;
      this.state = 'colon';
      return;
    }
    if (this.state === 'events') return this.sink.event(value, this.eventIndex++);
    this.state = 'after_value';
    return this.sink.field(this.key, value);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
