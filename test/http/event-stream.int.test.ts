// The races of a resumable stream, made to happen every time on the real store: events
// committed while the replay reads the store are both replayed and buffered (each must be
// sent once); live events that arrive with a gap before them (committed by another process,
// never published here) are preceded by the missing ones read from the store; and events
// nothing here published at all arrive at the next heartbeat.
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialogueEventStream } from '../../src/http/event-stream.js';
import { LiveBus } from '../../src/node/live.js';
import type { Store } from '../../src/node/ports.js';
import type { DialogueId, MemberId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

/** Stands in for the socket: keeps what the stream writes. */
class Sink extends Writable {
  text = '';
  writeHead(): this { return this; }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  ids(): number[] {
    return [...this.text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  }
}

const dialogue = DIALOGUE as DialogueId;
/** A member who may see every private notice, with a credential that stands. */
const OPEN = { seesPrivate: () => true, stillAuthorized: () => Promise.resolve(true) };
const post = (text: string) => t.ctx.node.postMessage({ dialogue, member: 'aurelia-delegate' as MemberId, kind: 'informal', text: { en: text } });
const settle = async () => { for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve)); };

describe('DialogueEventStream', () => {
  it('sends once what is committed while the replay reads the store (buffered and replayed)', async () => {
    const start = (await t.logSize()) - 1;
    let racing = true;
    // The store commits two more messages just before the replay's first read.
    const store = new Proxy(t.ctx.store, {
      get(target, key, receiver) {
        if (key !== 'events') return Reflect.get(target, key, receiver) as unknown;
        return async (...args: Parameters<Store['events']>) => {
          if (racing) { racing = false; await post('race 1'); await post('race 2'); }
          return target.events(...args);
        };
      },
    });
    const stream = new DialogueEventStream({ store, live: t.ctx.node.live, dialogue, party: 'boreas' as never, types: [], heartbeatMs: 60_000, ...OPEN });
    const sink = new Sink();
    await stream.start(sink as unknown as ServerResponse, start);
    await settle();
    const end = (await t.logSize()) - 1;
    expect(end - start).toBe(4);
    expect(sink.ids()).toEqual([start + 1, start + 2, start + 3, start + 4]);
    stream.close();
  });

  it('fills a gap before a live event from the store (events this process never published)', async () => {
    const partial = new LiveBus();
    let forwarded = 0;
    // Only every third event reaches this bus, as if the others were committed elsewhere.
    const stop = t.ctx.node.live.subscribe((notice) => { if (forwarded++ % 3 === 2) partial.publish(notice); });
    const start = (await t.logSize()) - 1;
    const stream = new DialogueEventStream({ store: t.ctx.store, live: partial, dialogue, party: 'boreas' as never, types: [], heartbeatMs: 60_000, ...OPEN });
    const sink = new Sink();
    await stream.start(sink as unknown as ServerResponse, start);
    for (let i = 0; i < 6; i++) await post(`gap ${i}`);
    await settle();
    stop();
    const end = (await t.logSize()) - 1;
    expect(sink.ids()).toEqual(Array.from({ length: end - start }, (_, i) => start + 1 + i));
    stream.close();
    expect(partial.size).toBe(0);
  });

  it('picks up events nothing published here at the next heartbeat (another process appended them)', async () => {
    const silent = new LiveBus();
    const start = (await t.logSize()) - 1;
    const stream = new DialogueEventStream({ store: t.ctx.store, live: silent, dialogue, party: 'boreas' as never, types: [], heartbeatMs: 20, ...OPEN });
    const sink = new Sink();
    await stream.start(sink as unknown as ServerResponse, start);
    await post('elsewhere 1');
    await post('elsewhere 2');
    const end = (await t.logSize()) - 1;
    for (let i = 0; i < 200 && !sink.ids().includes(end); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sink.ids()).toEqual(Array.from({ length: end - start }, (_, i) => start + 1 + i));
    stream.close();
  });
});
