/**
 * Store contract, federation part (the PeerStore port), on every engine (run from
 * store.contract.ts): pinning is all or nothing and never replaces a key; witnessed
 * checkpoints and replication cursors move only from where the caller saw them; a request
 * nonce is claimed once per peer, and expired claims go.
 */
import { describe, expect, it } from 'vitest';
import type { PeerRecord } from '../node/peer-ports.js';
import type { PartyId } from '../record/index.js';
import type { ContractContext } from './testing/contract-context.js';
import { testParty } from './testing/signed-events.js';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const AT = '2030-01-01T00:00:00.000Z';

export function describePeerContract(ctx: ContractContext): void {
  const peer = (name = unique('node')): PeerRecord => ({
    name, url: `https://${name}.invalid`, noteKey: `${name}+00000001+AQ==`, cosignerKey: `${name}+00000002+BA==`, addedAt: AT,
  });

  describe('peers', () => {
    it('given a peer pinned with a party, then both are listed and the party is registered with its key', async () => {
      const { peers } = ctx.store();
      const carol = testParty(unique('carol'));
      const node = peer();
      await peers.addPeer(node, [carol.record]);
      expect(await peers.peer(node.name)).toEqual(node);
      expect((await peers.peers()).map((p) => p.name)).toContain(node.name);
      expect((await peers.partyHosts()).get(carol.record.id)).toBe(node.name);
      expect((await ctx.store().party(carol.record.id))?.publicKey).toEqual(carol.record.publicKey);
    });

    it('when the same peer is pinned again with another key, then it is refused and nothing changes', async () => {
      const { peers } = ctx.store();
      const node = peer();
      await peers.addPeer(node, []);
      const dave = testParty(unique('dave'));
      await expect(peers.addPeer({ ...node, noteKey: `${node.name}+00000009+AQ==` }, [dave.record])).rejects.toMatchObject({ code: 'peer_exists' });
      expect(await peers.peer(node.name)).toEqual(node);
      expect(await ctx.store().party(dave.record.id)).toBeUndefined();
    });

    it('when a party known with another key is pinned, then the whole pin is refused (no peer, no host)', async () => {
      const { peers } = ctx.store();
      const erin = testParty(unique('erin'));
      await ctx.store().putParty(erin.record);
      const impostor = { ...erin.record, publicKey: testParty(unique('other')).record.publicKey };
      const node = peer();
      await expect(peers.addPeer(node, [impostor])).rejects.toMatchObject({ code: 'party_key_mismatch' });
      expect(await peers.peer(node.name)).toBeUndefined();
      expect((await peers.partyHosts()).has(erin.record.id)).toBe(false);
      expect((await ctx.store().party(erin.record.id))?.publicKey).toEqual(erin.record.publicKey);
    });

    it('when a party hosted by one peer is pinned to another, then it is refused', async () => {
      const { peers } = ctx.store();
      const frank = testParty(unique('frank'));
      const first = peer();
      const second = peer();
      await peers.addPeer(first, [frank.record]);
      await peers.addPeer(second, []);
      await expect(peers.pinParty(frank.record, second.name)).rejects.toMatchObject({ code: 'party_hosted_elsewhere' });
      await expect(peers.pinParty(testParty(unique('gus')).record, unique('nobody'))).rejects.toMatchObject({ code: 'peer_not_found' });
      expect((await peers.partyHosts()).get(frank.record.id)).toBe(first.name);
    });

    it('when a peer is removed, then its hosting rows and cursors go but the party keys stay', async () => {
      const { peers } = ctx.store();
      const dialogue = await ctx.newDialogue();
      const hank = testParty(unique('hank'));
      const node = peer();
      await peers.addPeer(node, [hank.record]);
      expect(await peers.advanceCursor(node.name, dialogue.id, 'push', 0, 5)).toBe(true);
      expect(await peers.removePeer(node.name)).toBe(true);
      expect(await peers.removePeer(node.name)).toBe(false);
      expect((await peers.partyHosts()).has(hank.record.id)).toBe(false);
      expect(await peers.cursor(node.name, dialogue.id, 'push')).toBe(0);
      expect(await ctx.store().party(hank.record.id as PartyId)).toBeDefined();
    });

    it('cursors start at 0 and move only from the index the caller saw (compare-and-set), per direction', async () => {
      const { peers } = ctx.store();
      const dialogue = await ctx.newDialogue();
      const node = peer();
      await peers.addPeer(node, []);
      expect(await peers.cursor(node.name, dialogue.id, 'push')).toBe(0);
      expect(await peers.advanceCursor(node.name, dialogue.id, 'push', 0, 3)).toBe(true);
      expect(await peers.advanceCursor(node.name, dialogue.id, 'push', 0, 4)).toBe(false);
      expect(await peers.advanceCursor(node.name, dialogue.id, 'push', 3, 7)).toBe(true);
      expect(await peers.advanceCursor(node.name, dialogue.id, 'push', 3, 9)).toBe(false);
      expect(await peers.cursor(node.name, dialogue.id, 'push')).toBe(7);
      expect(await peers.cursor(node.name, dialogue.id, 'pull')).toBe(0);
    });

    it('witnessed checkpoints are replaced only from the size the caller saw; conflicts are kept', async () => {
      const { peers } = ctx.store();
      const origin = `${unique('log')}/d`;
      const at = (size: number) => ({ origin, size, root: Buffer.alloc(32, size), note: `note ${size}\n`, cosignedAt: AT });
      expect(await peers.witnessed(origin)).toBeUndefined();
      expect(await peers.putWitnessed(at(2), undefined)).toBe(true);
      expect(await peers.putWitnessed(at(3), undefined)).toBe(false);
      expect(await peers.putWitnessed(at(5), 2)).toBe(true);
      expect(await peers.putWitnessed(at(6), 2)).toBe(false);
      expect(await peers.witnessed(origin)).toEqual(at(5));
      const conflict = { id: unique('c'), origin, source: 'x', reason: 'inconsistent', knownNote: 'a\n', offeredNote: 'b\n', proof: ['AA=='], at: AT };
      await peers.recordConflict(conflict);
      expect(await peers.conflicts(origin)).toEqual([conflict]);
    });

    it('cosignatures on our checkpoints are kept once per cosigner and size', async () => {
      const { peers } = ctx.store();
      const dialogue = await ctx.newDialogue();
      expect(await peers.latestCosignedSize(dialogue.id, 'w')).toBeUndefined();
      await peers.putCosignature(dialogue.id, 3, { cosigner: 'w', line: '— w AAA', at: AT });
      await peers.putCosignature(dialogue.id, 3, { cosigner: 'w', line: '— w BBB', at: AT });
      await peers.putCosignature(dialogue.id, 5, { cosigner: 'w', line: '— w CCC', at: AT });
      expect(await peers.cosignatures(dialogue.id, 3)).toEqual([{ cosigner: 'w', line: '— w AAA', at: AT }]);
      expect(await peers.latestCosignedSize(dialogue.id, 'w')).toBe(5);
    });
  });

  describe('request nonces', () => {
    const LATER = '2030-01-01T00:06:00.000Z';
    const nonces = async (peer: string) =>
      (await ctx.db().selectFrom('federation_nonces').select('nonce').where('peer', '=', peer).orderBy('nonce').execute()).map((r) => r.nonce);

    it('given a nonce claimed for a peer, when it is claimed again, then the second claim is refused (a replay)', async () => {
      const { peers } = ctx.store();
      const node = unique('node');
      expect(await peers.claimNonce(node, 'n-aaaaaaaaaaaaaaaa', LATER, AT)).toBe(true);
      expect(await peers.claimNonce(node, 'n-aaaaaaaaaaaaaaaa', LATER, AT)).toBe(false);
      expect(await peers.claimNonce(node, 'n-bbbbbbbbbbbbbbbb', LATER, AT)).toBe(true);
      expect(await nonces(node)).toEqual(['n-aaaaaaaaaaaaaaaa', 'n-bbbbbbbbbbbbbbbb']);
    });

    it('the same nonce from another peer is a claim of its own', async () => {
      const { peers } = ctx.store();
      const [first, second] = [unique('node'), unique('node')];
      expect(await peers.claimNonce(first, 'n-shared-nonce-0001', LATER, AT)).toBe(true);
      expect(await peers.claimNonce(second, 'n-shared-nonce-0001', LATER, AT)).toBe(true);
      expect(await peers.claimNonce(second, 'n-shared-nonce-0001', LATER, AT)).toBe(false);
    });

    it('when one nonce is claimed concurrently, then exactly one claim wins', async () => {
      const { peers } = ctx.store();
      const node = unique('node');
      const claims = await Promise.all(Array.from({ length: 8 }, () => peers.claimNonce(node, 'n-raced-nonce-0001', LATER, AT)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('given claims past their expiry, when another claim arrives, then the expired ones are deleted and live ones stay', async () => {
      const { peers } = ctx.store();
      const node = unique('node');
      expect(await peers.claimNonce(node, 'n-expires-early-01', '2030-01-01T00:05:00.000Z', AT)).toBe(true);
      expect(await peers.claimNonce(node, 'n-expires-later-01', '2030-01-01T00:10:00.000Z', AT)).toBe(true);
      // At 00:05:00.000 the first claim is not yet past its expiry.
      expect(await peers.claimNonce(node, 'n-third-claim-001', '2030-01-01T00:11:00.000Z', '2030-01-01T00:05:00.000Z')).toBe(true);
      expect(await nonces(node)).toEqual(['n-expires-early-01', 'n-expires-later-01', 'n-third-claim-001']);
      expect(await peers.claimNonce(unique('other'), 'n-fourth-claim-01', '2030-01-01T00:12:00.000Z', '2030-01-01T00:05:00.001Z')).toBe(true);
      expect(await nonces(node)).toEqual(['n-expires-later-01', 'n-third-claim-001']);
    });
  });
}
