/**
 * Reads a transcript file as a stream: the top-level fields are parsed whole, and each
 * element of `events` is handed over as soon as it is complete. A million-event transcript
 * is larger than the longest string V8 allows, so it is never held in memory at once.
 *
 * The scanner tracks only JSON structure (depth, strings, escapes); each value's text is
 * then parsed by JSON.parse, so the JSON grammar itself is the platform's.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface TranscriptReaderSink {
  /** A top-level field other than `events`, parsed. */
  field(name: string, value: unknown): void | Promise<void>;
  /** One element of `events`, parsed, with its position. */
  event(value: unknown, index: number): void | Promise<void>;
}

export class TranscriptSyntaxError extends Error {
  override name = 'TranscriptSyntaxError';
}

const QUOTE = 34, BACKSLASH = 92, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, COLON = 58, COMMA = 44;

/** Streams `path` into `sink`. Throws TranscriptSyntaxError for malformed JSON. */
export async function readTranscriptFile(path: string, sink: TranscriptReaderSink): Promise<void> {
  const scanner = new Scanner(sink);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    await scanner.push(decoder.write(chunk as Buffer));
  }
  await scanner.push(decoder.end());
  scanner.end();
}

type State = 'start' | 'key' | 'colon' | 'value' | 'after_value' | 'events' | 'done';

class Scanner {
  private state: State = 'start';
  private buffer = '';
  /** Where scanning resumes in `buffer` (after the retained part of an unfinished value). */
  private resumeAt = 0;
  private key = '';
  private eventIndex = 0;
  // Within a value being collected:
  private depth = 0;
  private inString = false;
  private escaped = false;
  private valueStart = -1;

  constructor(private readonly sink: TranscriptReaderSink) {}

  async push(text: string): Promise<void> {
    this.buffer += text;
    let i = this.resumeAt;
    const b = this.buffer;
    const n = b.length;
    while (i < n) {
      const c = b.charCodeAt(i);
      if (this.valueStart >= 0) {
        // Inside a value: find its end.
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) {
            this.inString = false;
            if (this.depth === 0) await this.complete(b.slice(this.valueStart, i + 1));
          }
        } else if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          this.depth--;
          if (this.depth === 0) await this.complete(b.slice(this.valueStart, i + 1));
          else if (this.depth < 0) throw new TranscriptSyntaxError(`unbalanced ${String.fromCharCode(c)}`);
        } else if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c))) {
          // end of a scalar (number, true, false, null)
          await this.complete(b.slice(this.valueStart, i));
          continue; // re-read this character in the structural state
        }
        i++;
        continue;
      }
      if (!isSpace(c)) await this.structural(c, i);
      i++;
    }
    // Keep only the unfinished value (if any) for the next chunk, and resume after it.
    if (this.valueStart >= 0) {
      this.buffer = b.slice(this.valueStart);
      this.resumeAt = n - this.valueStart;
      this.valueStart = 0;
    } else {
      this.buffer = '';
      this.resumeAt = 0;
    }
  }

  end(): void {
    if (this.valueStart >= 0 && this.depth === 0 && !this.inString) {
      throw new TranscriptSyntaxError('the transcript ends inside a value');
    }
    if (this.state !== 'done') throw new TranscriptSyntaxError('the transcript ends before its closing brace');
  }

  private async structural(c: number, i: number): Promise<void> {
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

  private collectingKey = false;

  private beginValue(i: number, isString: boolean, isContainer = false): void {
    this.valueStart = i;
    this.inString = isString;
    this.escaped = false;
    this.depth = isContainer ? 1 : 0;
    this.collectingKey = this.state === 'key';
  }

  private async complete(text: string): Promise<void> {
    this.valueStart = -1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const where = this.state === 'events' ? `events[${this.eventIndex}]` : this.collectingKey ? 'field name' : this.key;
      throw new TranscriptSyntaxError(`${where}: ${(error as Error).message}`);
    }
    if (this.collectingKey) {
      this.key = value as string;
      this.collectingKey = false;
      this.state = 'colon';
    } else if (this.state === 'events') {
      await this.sink.event(value, this.eventIndex++);
    } else {
      await this.sink.field(this.key, value);
      this.state = 'after_value';
    }
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
