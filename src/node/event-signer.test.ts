// The event signer's worker makes exactly the signatures the key makes on this thread, for
// several keys and many requests at once, shares batches with this thread only when this
// thread is idle, and falls back to this thread once closed.
import { describe, expect, it } from 'vitest';
import { generateSigningKey, signingKeyFromSeed, type SigningKey } from '../record/index.js';
import { EventSigner } from './event-signer.js';

const keys = [signingKeyFromSeed(Buffer.alloc(32, 1)), signingKeyFromSeed(Buffer.alloc(32, 2)), generateSigningKey().key];
const input = (i: number) => Buffer.from(`{"bodyHash":"${i}","seq":${i}}`.repeat(1 + (i % 5)), 'utf8');

describe('EventSigner', () => {
  it('signs on its worker exactly as the key does, whatever the mix of keys and batch sizes', async () => {
    const signer = new EventSigner();
    try {
      // 300 requests in one turn (more than one batch), then a few more after they settled.
      const requests = Array.from({ length: 300 }, (_, i) => ({ key: keys[i % keys.length]!, data: input(i) }));
      const signatures = await Promise.all(requests.map(({ key, data }) => signer.sign(key, data)));
      signatures.forEach((signature, i) => expect(signature.equals(requests[i]!.key.sign(requests[i]!.data))).toBe(true));
      const later = await signer.sign(keys[1]!, input(7));
      expect(later.equals(keys[1]!.sign(input(7)))).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('leaves every batch to the worker while this thread is busy, and shares them when it is idle', async () => {
    const signer = new EventSigner();
    try {
      await signer.sign(keys[0]!, input(0)); // the worker is up and holds the key
      const count = 256;
      const requests = () => Array.from({ length: count }, (_, i) => signer.sign(keys[i % 2]!, input(i)));

      // Given this thread stays busy after queuing 32 batches (as under an HTTP load),
      const before = signer.made;
      const busy = requests();
      const until = performance.now() + 1000; // the worker needs ~12 ms of CPU: ample even on a loaded machine
      while (performance.now() < until) { /* the worker claims batches meanwhile */ }
      await Promise.all(busy);
      // then the worker signed all of them and this thread none.
      expect(signer.made.worker - before.worker).toBe(count);
      expect(signer.made.here - before.here).toBe(0);

      // Given this thread has nothing else to do, it signs the newest batches meanwhile.
      const middle = signer.made;
      const idle = await Promise.all(requests());
      const here = signer.made.here - middle.here;
      expect(here).toBeGreaterThan(0);
      expect(here + signer.made.worker - middle.worker).toBe(count);
      idle.forEach((signature, i) => expect(signature.equals(keys[i % 2]!.sign(input(i)))).toBe(true));
    } finally {
      await signer.close();
    }
  });

  it('signs on this thread a key it cannot send to the worker, and every key once closed', async () => {
    const signer = new EventSigner();
    const bare: SigningKey = { publicKey: keys[0]!.publicKey, sign: (data) => keys[0]!.sign(data) };
    expect((await signer.sign(bare, input(1))).equals(keys[0]!.sign(input(1)))).toBe(true);
    await signer.close();
    expect((await signer.sign(keys[2]!, input(2))).equals(keys[2]!.sign(input(2)))).toBe(true);
  });

  it('rejects what is still waiting when it is closed, so the appender rolls back rather than storing unsigned events', async () => {
    const signer = new EventSigner();
    const settled = Promise.allSettled(Array.from({ length: 50 }, (_, i) => signer.sign(keys[0]!, input(i))));
    await signer.close();
    const results = await settled;
    expect(results.some((result) => result.status === 'rejected')).toBe(true);
    for (const result of results) {
      if (result.status === 'fulfilled') expect(result.value.equals(keys[0]!.sign(input(results.indexOf(result))))).toBe(true);
      else expect(String(result.reason)).toContain('closed');
    }
  });
});
