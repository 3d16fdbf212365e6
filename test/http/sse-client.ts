// A minimal Server-Sent Events client over node:http for tests and the benchmark: parses the
// text/event-stream framing (id, event, data, comment lines) as an EventSource would, keeps
// every message, and lets a test wait for one.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

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
    this.#buffer += chunk;
    let cut: number;
    while ((cut = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, cut);
      this.#buffer = this.#buffer.slice(cut + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      let isMessage = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) { this.comments++; continue; }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') { data.push(value); isMessage = true; }
      }
      if (!isMessage) continue;
      const message = { id, event, data: data.join('\n') };
      this.messages.push(message);
      this.onMessage?.(message);
    }
    this.#wake();
  }
}
