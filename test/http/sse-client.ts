// A minimal Server-Sent Events client over node:http for tests: parses the text/event-stream
// framing as an EventSource would (src/cli/sse-parser.ts), keeps every message, and lets a
// test wait for one.
import { request, type IncomingHttpHeaders } from 'node:http';
import { parseSse, type SseMessage } from '../../src/cli/sse-parser.js';

export type { SseMessage };

export class SseClient {
  readonly messages: SseMessage[] = [];
  comments = 0;
  #buffer = '';
  #waiters: Array<() => void> = [];
  #ended = false;
  onMessage: ((message: SseMessage) => void) | undefined;

  private constructor(readonly status: number, readonly headers: IncomingHttpHeaders, private readonly destroy: () => void, readonly body: () => string) {}

  /** Opens a stream; resolves once the response head arrives (any status). */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        res.setEncoding('utf8');
        let raw = '';
        const client = new SseClient(res.statusCode ?? 0, res.headers, () => req.destroy(), () => raw);
        res.on('data', (chunk: string) => {
          if (client.status !== 200) raw += chunk;
          else client.#feed(chunk);
        });
        res.on('end', () => client.#end());
        res.on('error', () => client.#end());
        res.on('close', () => client.#end());
        resolve(client);
      });
      req.on('error', reject);
      req.end();
    });
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Resolves when `predicate` holds for the messages so far (checked after each message). */
  async waitFor(predicate: (messages: readonly SseMessage[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (this.#ended) throw new Error(`stream ended before the condition held (${this.messages.length} messages)`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out after ${timeoutMs} ms with ${this.messages.length} messages`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  close(): void {
    this.destroy();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #end(): void {
    this.#ended = true;
    this.#wake();
  }

  #feed(chunk: string): void {
    const { messages, comments, rest } = parseSse(this.#buffer + chunk);
    this.#buffer = rest;
    this.comments += comments;
    for (const message of messages) {
      this.messages.push(message);
      this.onMessage?.(message);
    }
    this.#wake();
  }
}
