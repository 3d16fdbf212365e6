// The event signer's worker makes exactly the signatures the key makes on this thread, for
// several keys and many requests at once, and falls back to this thread once closed.
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
