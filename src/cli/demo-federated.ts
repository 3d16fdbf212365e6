/**
 * `parley demo --federated`: the demo scenario played across two nodes on loopback, one per
 * party, each with its own database, keys and members, replicating over signed
 * /federation/v1. Set-up (first run only): each node hosts its party and its members, the
 * nodes pin each other, the first party's node opens the dialogue, and every scripted step
 * runs on the node of the member who acts, after which both nodes replicate until neither
 * has anything new — so each step sees what the other side did. Then both nodes serve with
 * replication running, and their URLs and logins are printed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { initNode, openNode, type NodeContext } from '../app/node-context.js';
import { Replicator, expectFederatedDialogue, nodeInfo, openFederatedDialogue, pinPeer, FederationInbox } from '../federation/index.js';
import { buildHttpApp } from '../http/app.js';
import { AuthService } from '../node/auth.js';
import { ManualClock, type ParleyNode } from '../node/index.js';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import { runSteps, type Scenario } from '../scenario/index.js';
import type { Io } from './io.js';

export interface FederatedNode {
  readonly party: string;
  readonly dir: string;
  readonly name: string;
  readonly url: string;
  readonly port: number;
}

export function federatedLayout(dataDir: string, scenario: Scenario, host: string, firstPort: number): FederatedNode[] {
  return scenario.parties.map((party, i) => ({
    party: party.id, dir: join(dataDir, 'federated', party.id), name: `${party.id}.demo.parley.local`,
    url: `http://${host}:${firstPort + i}`, port: firstPort + i,
  }));
}

export function isFederatedSetUp(nodes: readonly FederatedNode[]): boolean {
  return nodes.every((n) => existsSync(join(n.dir, 'node.json')));
}

/** Plays the scenario across one node per party (first run only). */
export async function setUpFederatedDemo(nodes: readonly FederatedNode[], scenario: Scenario, dialogue: DialogueId, io: Io): Promise<void> {
  const firstStep = scenario.steps[0];
  const clock = new ManualClock(firstStep ? new Date(new Date(firstStep.at).getTime() - 3600_000) : new Date());
  const contexts: NodeContext[] = [];
  const apps: FastifyInstance[] = [];
  try {
    for (const n of nodes) {
      await (await initNode({ dataDir: n.dir, name: n.name, url: n.url })).close();
      contexts.push(await openNode(n.dir, { clock }));
    }
    for (const [i, party] of scenario.parties.entries()) {
      const ctx = contexts[i]!;
      await ctx.node.hostParty(party.id as PartyId, party.name, { timeZone: party.timeZone });
      const auth = new AuthService({ store: ctx.store, privates: ctx.store.privates, clock });
      for (const member of party.members) {
        await ctx.node.addMember({ id: member.id as MemberId, party: party.id as PartyId, name: member.name, roles: member.roles as never });
        if (member.password) await auth.setPassword(member.id as MemberId, member.password);
      }
    }
    for (const ctx of contexts) {
      for (const other of contexts) if (other !== ctx) await pinPeer(ctx, await nodeInfo(other), clock.now());
    }
    for (const [i, ctx] of contexts.entries()) {
      const app = await buildHttpApp(ctx, { logLevel: 'warn', webRoot: false, webhooks: false, replication: false });
      await app.listen({ host: '127.0.0.1', port: nodes[i]!.port });
      apps.push(app);
    }
    const replicators = contexts.map((ctx) => new Replicator(
      { name: ctx.name, keys: ctx.keys, store: ctx.store, records: ctx.records, clock, inbox: new FederationInbox(ctx.node) },
      { witnessing: false },
    ));
    const settle = async () => {
      for (let round = 0; round < 20; round++) {
        let moved = 0;
        for (const replicator of replicators) {
          const report = await replicator.round();
          if (report.failed.length > 0) throw new Error(`replication failed with ${report.failed.join(', ')}`);
          moved += report.pushed + report.pulled;
        }
        if (moved === 0) return;
      }
      throw new Error('the nodes did not settle after 20 rounds');
    };

    const spec = { id: dialogue, title: scenario.dialogue.title, parties: scenario.parties.map((p) => p.id as PartyId), createdAt: clock.now().toISOString() };
    for (const ctx of contexts.slice(1)) await expectFederatedDialogue(ctx.node, spec);
    await openFederatedDialogue(contexts[0]!.node, spec);
    await settle();

    const nodeOf = new Map<string, ParleyNode>();
    for (const [i, party] of scenario.parties.entries()) for (const m of party.members) nodeOf.set(m.id, contexts[i]!.node);
    const nodeFor = async (member: string) => {
      const node = nodeOf.get(member);
      if (!node) throw new Error(`no node hosts member ${member}`);
      return node;
    };
    await runSteps(contexts[0]!.node, clock, dialogue, scenario, undefined, { nodeFor, afterStep: settle });
    for (const message of scenario.messages) {
      await (await nodeFor(message.as)).postMessage({ dialogue, member: message.as as MemberId, kind: message.kind, text: message.text });
      await settle();
    }
    const digests = await Promise.all(contexts.map((ctx) => ctx.node.stateDigest(dialogue)));
    if (new Set(digests.map((d) => d.digest)).size !== 1) throw new Error(`the nodes disagree: ${digests.map((d) => d.digest).join(' ≠ ')}`);
    io.out(`played the demo scenario across ${nodes.length} nodes: ${digests[0]!.events} events, state digest ${digests[0]!.digest.slice(0, 16)}… on each\n`);
  } finally {
    for (const app of apps) await app.close();
    for (const ctx of contexts) await ctx.close();
  }
}

/** Serves every node (system clock, replication and witnessing on) until SIGINT/SIGTERM. */
export async function serveFederatedDemo(nodes: readonly FederatedNode[], scenario: Scenario, dialogue: DialogueId, io: Io, options: { wait: boolean }): Promise<() => Promise<void>> {
  const contexts: NodeContext[] = [];
  const apps: FastifyInstance[] = [];
  for (const n of nodes) {
    const ctx = await openNode(n.dir);
    contexts.push(ctx);
    const app = await buildHttpApp(ctx, { logLevel: 'error', webhooks: false });
    await app.listen({ host: new URL(n.url).hostname, port: n.port });
    apps.push(app);
    await ctx.scheduler.start();
  }
  const stop = async () => {
    for (const app of apps) await app.close();
    for (const ctx of contexts) await ctx.close();
  };
  io.out('\nParley federated demo: one node per party, each with its own database, replicating over signed /federation/v1\n');
  for (const [i, n] of nodes.entries()) {
    const party = scenario.parties[i]!;
    io.out(`\n  ${party.id} — node ${n.name}, data ${n.dir}\n    Web app: ${n.url}/\n    API:     ${n.url}/api/v1\n    logins (member id and password; fictional roles):\n`);
    for (const m of party.members.filter((member) => member.password)) io.out(`      ${m.id.padEnd(22)} ${m.password}\n`);
  }
  io.out(`\n  dialogue: ${dialogue}; each party logs in on its own node. parley verify --data <node data> shows the peer's cosignatures.\nPress Ctrl+C to stop.\n`);
  if (options.wait) {
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await stop();
  }
  return stop;
}
