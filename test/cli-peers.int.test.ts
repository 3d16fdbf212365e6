// `parley node info`, `parley peer add|list|remove` and `parley party host|list` end to end,
// in-process against two real nodes (each its own SQLite database): what one node publishes
// the other pins, and every refusal names its field and changes nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNode } from '../src/app/node-context.js';
import { main } from '../src/cli/main.js';
import { buildHttpApp } from '../src/http/app.js';
import { parseCosignerKey, parseVerifierKey, type DialogueId, type EventId, type MemberId, type PartyId, type SignedEvent } from '../src/record/index.js';
import { freshDemoNode } from '../src/app/testing/demo-node.js';
import { AuthService } from '../src/node/auth.js';
import { freePort } from './fixtures/free-port.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** Runs the CLI and expects it to succeed, naming the command and its error otherwise. */
async function ok(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const result = await run(...argv);
  expect(result.code, `${argv.join(' ')}: ${result.err}`).toBe(0);
  return result;
}

describe('parley node info / peer / party host', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-peers-'));
  const alpha = join(root, 'alpha');
  const beta = join(root, 'beta');
  let betaInfo: Record<string, unknown>;
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  beforeAll(async () => {
    expect((await run('init', '--data', alpha, '--name', 'alpha.test', '--url', 'http://127.0.0.1:18081/')).code).toBe(0);
    expect((await run('init', '--data', beta, '--name', 'beta.test')).code).toBe(0);
    for (const [dir, party] of [[alpha, 'aurelia'], [beta, 'boreas']] as const) {
      const ctx = await openNode(dir);
      await ctx.node.hostParty(party as PartyId, { en: party[0]!.toUpperCase() + party.slice(1) });
      await ctx.close();
    }
    const info = await run('node', 'info', '--data', beta, '--json');
    expect(info.code, info.err).toBe(0);
    betaInfo = JSON.parse(info.out) as Record<string, unknown>;
  });

  it('node info publishes the name, URL, note key, a distinct witness key and the hosted parties', async () => {
    const info = await run('node', 'info', '--data', alpha, '--json');
    const parsed = JSON.parse(info.out) as { name: string; url: string; noteKey: string; cosignerKey: string; parties: { id: string; publicKey: string }[] };
    expect(parsed).toMatchObject({ format: 'parley-node-info/1', name: 'alpha.test', url: 'http://127.0.0.1:18081' });
    const note = parseVerifierKey(parsed.noteKey);
    const cosigner = parseCosignerKey(parsed.cosignerKey);
    expect(note.name).toBe('alpha.test');
    expect(cosigner.name).toBe('alpha.test');
    expect(cosigner.key.raw.equals(note.key.raw)).toBe(false);
    expect(parsed.parties.map((p) => p.id)).toEqual(['aurelia']);
    expect(betaInfo).not.toHaveProperty('url');
    const text = await run('node', 'info', '--data', alpha);
    expect(text.out).toContain(`note key: ${parsed.noteKey}`);
    expect(text.out).toContain(`cosigner key: ${parsed.cosignerKey}`);
    expect(text.out).toContain('aurelia');
  });

  it('node url sets the URL and refuses what is not an http(s) URL', async () => {
    expect((await run('node', 'url', 'https://beta.example.org/', '--data', beta)).code).toBe(0);
    expect(JSON.parse((await run('node', 'info', '--data', beta, '--json')).out)).toMatchObject({ url: 'https://beta.example.org' });
    const bad = await run('node', 'url', 'ftp://beta.example.org', '--data', beta);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('url: must be http:// or https://');
    betaInfo = JSON.parse((await run('node', 'info', '--data', beta, '--json')).out) as Record<string, unknown>;
  });

  it('peer add --info pins the peer and its parties; peer list and party list show them', async () => {
    const file = join(root, 'beta.json');
    writeFileSync(file, JSON.stringify(betaInfo));
    const added = await run('peer', 'add', '--data', alpha, '--info', file);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain('pinned beta.test at https://beta.example.org; parties: boreas');
    const list = JSON.parse((await run('peer', 'list', '--data', alpha, '--json')).out) as unknown[];
    expect(list).toEqual([expect.objectContaining({ name: 'beta.test', url: 'https://beta.example.org', noteKey: betaInfo.noteKey, cosignerKey: betaInfo.cosignerKey, parties: ['boreas'] })]);
    const parties = JSON.parse((await run('party', 'list', '--data', alpha, '--json')).out) as { id: string; node: string }[];
    expect(parties.map((p) => [p.id, p.node])).toEqual([['aurelia', 'alpha.test'], ['boreas', 'beta.test']]);
    // Pinning the same info again is idempotent.
    expect((await run('peer', 'add', '--data', alpha, '--info', file)).code).toBe(0);
  });

  it('refuses: own name, swapped keys, a key of another name, a changed party key, a party hosted here — each naming the field, changing nothing', async () => {
    const info = betaInfo as { name: string; noteKey: string; cosignerKey: string; parties: { id: string; name: Record<string, string>; publicKey: string }[] };
    const attempt = async (changed: object) => {
      const file = join(root, `attempt-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify({ ...info, ...changed }));
      return run('peer', 'add', '--data', alpha, '--info', file);
    };
    const alphaInfo = JSON.parse((await run('node', 'info', '--data', alpha, '--json')).out) as typeof info;
    expect((await attempt({ name: 'alpha.test', noteKey: alphaInfo.noteKey, cosignerKey: alphaInfo.cosignerKey, parties: [] })).err).toContain('name: alpha.test is this node\'s own name');
    expect((await attempt({ name: 'gamma.test', noteKey: info.cosignerKey, cosignerKey: info.noteKey })).err).toMatch(/noteKey: /);
    expect((await attempt({ name: 'gamma.test' })).err).toContain('noteKey: the key is named beta.test, not gamma.test');
    const swappedParty = [{ ...info.parties[0]!, publicKey: alphaInfo.parties[0]!.publicKey }];
    expect((await attempt({ parties: swappedParty })).err).toMatch(/another key|other keys/);
    const gammaKeys = { name: 'gamma.test', noteKey: info.noteKey.replace('beta.test', 'gamma.test'), cosignerKey: info.cosignerKey };
    expect((await attempt(gammaKeys)).code).toBe(1);
    expect((await attempt({ parties: [{ ...alphaInfo.parties[0]! }] })).err).toContain('party aurelia is hosted by this node');
    expect((await attempt({ format: 'other/1' })).err).toContain('format:');
    const list = JSON.parse((await run('peer', 'list', '--data', alpha, '--json')).out) as { name: string }[];
    expect(list.map((p) => p.name)).toEqual(['beta.test']);
  });

  it('party host pins a party to a pinned peer; peer remove unpins the peer and keeps the party key', async () => {
    const witness = join(root, 'witness');
    expect((await run('init', '--data', witness, '--name', 'witness.test')).code).toBe(0);
    const wInfo = JSON.parse((await run('node', 'info', '--data', witness, '--json')).out) as { noteKey: string; cosignerKey: string };
    const added = await run('peer', 'add', '--data', alpha, '--name', 'witness.test', '--note-key', wInfo.noteKey, '--cosigner-key', wInfo.cosignerKey);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain('(none: a witness)');
    const key = Buffer.alloc(32, 7).toString('base64');
    const hosted = await run('party', 'host', 'cyrene', '--node', 'witness.test', '--key', key, '--data', alpha);
    expect(hosted.code, hosted.err).toBe(0);
    const unknownPeer = await run('party', 'host', 'delos', '--node', 'nowhere.test', '--key', key, '--data', alpha);
    expect(unknownPeer.err).toContain('no pinned peer nowhere.test');
    const badKey = await run('party', 'host', 'delos', '--node', 'witness.test', '--key', 'AAAA', '--data', alpha);
    expect(badKey.err).toContain('publicKey: must be the base64 of a 32-byte Ed25519 public key');
    expect((await run('peer', 'remove', 'witness.test', '--data', alpha)).code).toBe(0);
    const parties = JSON.parse((await run('party', 'list', '--data', alpha, '--json')).out) as { id: string; node: string | null }[];
    expect(parties.find((p) => p.id === 'cyrene')).toMatchObject({ node: null, publicKey: key });
    expect((await run('peer', 'remove', 'witness.test', '--data', alpha)).err).toContain('no pinned peer witness.test');
  });

  it('a federated dialogue set up by CLI alone: party create, member add, peer add, dialogue open / expect — then the nodes replicate', async () => {
    const red = join(root, 'red');
    const blue = join(root, 'blue');
    await ok('init', '--data', red, '--name', 'red.test');
    await ok('init', '--data', blue, '--name', 'blue.test');
    await ok('party', 'create', 'red', '--name', 'Red', '--data', red);
    await ok('party', 'create', 'blue', '--name', 'Blue', '--data', blue);
    await ok('member', 'add', 'red-principal', '--party', 'red', '--name', 'Red principal', '--role', 'principal', '--password', 'red-password-2026', '--data', red);
    const refused = await run('member', 'add', 'x', '--party', 'blue', '--name', 'X', '--role', 'principal', '--data', red);
    expect(refused.err).toContain('--party: party blue is not hosted on this node');
    const apps = [];
    const urls: string[] = [];
    for (const dir of [red, blue]) {
      const ctx = await openNode(dir);
      const app = await buildHttpApp(ctx, { logLevel: 'silent', webRoot: false, webhooks: false, replication: { intervalMs: 100 } });
      urls.push(await app.listen({ host: '127.0.0.1', port: 0 }));
      apps.push({ app, ctx });
    }
    try {
      for (const [on, of, url] of [[red, blue, urls[1]!], [blue, red, urls[0]!]] as const) {
        const info = JSON.parse((await ok('node', 'info', '--data', of, '--json')).out) as Record<string, unknown>;
        const file = join(root, `${of === red ? 'red' : 'blue'}-info.json`);
        writeFileSync(file, JSON.stringify({ ...info, url }));
        // The serving node keeps its database open; the CLI works beside it (SQLite WAL).
        await ok('peer', 'add', '--info', file, '--data', on);
      }
      const [redCtx, blueCtx] = [apps[0]!.ctx, apps[1]!.ctx];
      await ok('dialogue', 'expect', 'cli-talks', '--title', 'CLI talks', '--party', 'red', '--party', 'blue', '--data', blue);
      await ok('dialogue', 'open', 'cli-talks', '--title', 'CLI talks', '--party', 'red', '--party', 'blue', '--data', red);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [a, b] = [await redCtx.store.stateDigest('cli-talks' as DialogueId), await blueCtx.store.stateDigest('cli-talks' as DialogueId)];
        if (a.events === 2 && a.digest === b.digest) break;
        if (Date.now() > deadline) throw new Error(`no convergence: ${JSON.stringify([a, b])}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      for (const { app, ctx } of apps) {
        await app.close();
        await ctx.close();
      }
    }
    // The CLI commands for the dialogue itself, on fresh nodes (they refuse what they cannot do).
    const green = join(root, 'green');
    await ok('init', '--data', green, '--name', 'green.test');
    await ok('party', 'create', 'green', '--name', 'Green', '--data', green);
    const unknownParty = await run('dialogue', 'open', 'g-talks', '--title', 'G', '--party', 'green', '--party', 'nobody', '--data', green);
    expect(unknownParty.err).toContain('no party nobody on this node');
    const tooFew = await run('dialogue', 'expect', 'g-talks', '--title', 'G', '--party', 'green', '--data', green);
    expect(tooFew.err).toContain('a dialogue needs at least two parties');
    await ok('party', 'create', 'teal', '--name', 'Teal', '--data', green);
    expect((await ok('dialogue', 'open', 'g-talks', '--title', 'G', '--party', 'green', '--party', 'teal', '--data', green)).out).toContain('opened g-talks');
    const verify = await ok('verify', '--data', green, '--json');
    expect(JSON.parse(verify.out)[0]).toMatchObject({ ok: true, events: 2 });
  });
});

describe('parley member add', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-member-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given the operator adds, changes and resets members, then each change is in the party\'s audit log as operator:<user>, a repeat logs nothing, and another party\'s member cannot be taken over', async () => {
    const dir = join(root, 'node');
    await ok('init', '--data', dir, '--name', 'red.test');
    await ok('party', 'create', 'red', '--name', 'Red', '--data', dir);
    await ok('party', 'create', 'blue', '--name', 'Blue', '--data', dir);
    expect((await ok('member', 'add', 'red-admin', '--party', 'red', '--name', 'Red admin', '--role', 'admin', '--password', 'red-admin-password-1', '--data', dir)).out)
      .toBe('member red-admin of red added\n');
    await ok('member', 'add', 'red-delegate', '--party', 'red', '--name', 'Red delegate', '--role', 'delegate', '--role', 'notetaker', '--data', dir);
    await ok('member', 'add', 'blue-admin', '--party', 'blue', '--name', 'Blue admin', '--role', 'admin', '--data', dir);
    // The same values again (the roles in another order) change nothing, and log nothing.
    await ok('member', 'add', 'red-delegate', '--party', 'red', '--name', 'Red delegate', '--role', 'notetaker', '--role', 'delegate', '--data', dir);
    // Red's delegate logs in and has an API token: a reset by the operator must end both.
    const node = await openNode(dir);
    let tokenId: string;
    try {
      const auth = new AuthService({ store: node.store, privates: node.store.privates, clock: node.node.clock });
      await auth.setPassword('red-delegate' as MemberId, 'red-delegate-password-1');
      await auth.login('red-delegate' as MemberId, 'red-delegate-password-1');
      tokenId = (await auth.createToken((await node.store.member('red-delegate' as MemberId))!, 'script', ['read'])).record.id;
    } finally {
      await node.close();
    }
    // A promotion, and a password reset that ends the member's sessions.
    expect((await ok('member', 'add', 'red-delegate', '--party', 'red', '--name', 'Red delegate', '--role', 'delegate', '--role', 'notetaker', '--role', 'admin',
      '--password', 'red-delegate-password-2', '--data', dir)).out).toBe('member red-delegate of red updated\n');
    // Moving blue's admin into red is refused, and changes nothing.
    const moved = await run('member', 'add', 'blue-admin', '--party', 'red', '--name', 'Blue admin', '--role', 'admin', '--data', dir);
    expect(moved.code).not.toBe(0);
    expect(moved.err).toContain('member blue-admin belongs to party blue');
    const short = await run('member', 'add', 'red-notes', '--party', 'red', '--name', 'Notes', '--role', 'notetaker', '--password', 'short', '--data', dir);
    expect(short.err).toContain('password');

    const page = JSON.parse((await ok('audit', '--json', '--data', dir, '--as', 'red-admin')).out) as { items: { actor: string; action: string; target: string; detail: object }[] };
    const operator = `operator:${userInfo().username}`;
    // Besides the delegate's own login, every entry is the operator's.
    const items = page.items.filter((e) => e.action !== 'member.logged_in');
    expect(items.map((e) => [e.actor, e.action, e.target])).toEqual([
      [operator, 'member.password_set', 'red-delegate'],
      [operator, 'member.changed', 'red-delegate'],
      [operator, 'member.added', 'red-delegate'],
      [operator, 'member.password_set', 'red-admin'],
      [operator, 'member.added', 'red-admin'],
    ]);
    expect(items[0]!.detail).toEqual({ sessionsEnded: 1, tokensRevoked: [tokenId] });
    expect(items[1]!.detail).toEqual({ roles: { before: ['delegate', 'notetaker'], after: ['delegate', 'notetaker', 'admin'] } });
    expect(items[3]!.detail).toEqual({ sessionsEnded: 0, tokensRevoked: [] });
    expect(items[4]!.detail).toEqual({ name: 'Red admin', roles: ['admin'] });
    // Blue's log holds blue's member alone.
    const blue = JSON.parse((await ok('audit', '--json', '--data', dir, '--as', 'blue-admin')).out) as { items: { action: string; target: string }[] };
    expect(blue.items.map((e) => [e.action, e.target])).toEqual([['member.added', 'blue-admin']]);
    const ctx = await openNode(dir);
    try {
      expect((await ctx.store.member('blue-admin' as never))?.party).toBe('blue');
      expect(await ctx.store.member('red-notes' as never)).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});

describe('parley peer inbox', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-inbox-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given an event waiting for an earlier one and a refused one, then it lists both with their party, seq, source and reason; an unknown dialogue is refused by name', async () => {
    const dir = join(root, 'node');
    const { ctx, dialogue } = await freshDemoNode(dir);
    const [opened] = await ctx.store.events(dialogue, 0, 1);
    const waitingEvent = { ...opened!.event, party: 'boreas', seq: 12, type: 'message.posted' } as SignedEvent;
    await ctx.store.inbox.putPending({
      dialogue, id: 'c'.repeat(64) as EventId, event: waitingEvent, source: 'boreas.example', reason: 'seq_gap: boreas is at seq 10; this is seq 12', receivedAt: '2026-11-30T03:00:00.000Z',
    });
    await ctx.store.recordRejection({
      dialogue, source: 'boreas.example', reason: 'body_invalid: kind_invalid: body.kind: must be one of informal, formal_note',
      payload: JSON.stringify({ ...waitingEvent, seq: 11 }), time: '2026-11-30T02:59:00.000Z',
    });
    await ctx.close();

    const text = await run('peer', 'inbox', '--data', dir, '--dialogue', dialogue);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`${dialogue}: 1 event(s) waiting, 1 refused`);
    expect(text.out).toContain('waiting  boreas seq 12 message.posted from boreas.example since 2026-11-30T03:00:00.000Z: an earlier event of its party has not arrived');
    expect(text.out).toContain('refused  boreas seq 11 message.posted from boreas.example at 2026-11-30T02:59:00.000Z: body_invalid: kind_invalid');
    const json = JSON.parse((await run('peer', 'inbox', '--data', dir, '--dialogue', dialogue, '--json')).out) as { waiting: unknown[]; refused: unknown[]; refusedTotal: number };
    expect(json).toMatchObject({ waiting: [{ party: 'boreas', seq: 12, reason: 'seq_gap: boreas is at seq 10; this is seq 12' }], waitingTotal: 1, refused: [{ party: 'boreas', seq: 11, from: 'boreas.example' }], refusedTotal: 1 });
    const limited = await run('peer', 'inbox', '--data', dir, '--dialogue', dialogue, '--limit', '0');
    expect(limited.code).not.toBe(0);
    expect(limited.err).toContain('must be an integer ≥ 1');

    const unknown = await run('peer', 'inbox', '--data', dir, '--dialogue', 'no-such-talks');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('dialogue: no dialogue no-such-talks');
  });

  it('given refused events, when the operator passes --retry, then each whole one is offered to the inbox again and the listing shows why it is still refused', async () => {
    const dir = join(root, 'retry');
    const { ctx, dialogue } = await freshDemoNode(dir);
    const [opened] = await ctx.store.events(dialogue, 0, 1);
    // An event of boreas, which this node hosts: refused again, for that reason now.
    const payload = JSON.stringify({ ...opened!.event, party: 'boreas', type: 'message.posted' });
    await ctx.store.recordRejection({ dialogue, source: 'boreas.example', reason: 'type_unknown: message.posted', payload, time: '2026-11-30T02:59:00.000Z' });
    // A refusal that kept only a prefix of what arrived: nothing to offer again.
    await ctx.store.recordRejection({ dialogue, source: 'boreas.example', reason: 'too_large: 300000 bytes', payload: payload.slice(0, 30), time: '2026-11-30T03:00:00.000Z' });
    const logBefore = await ctx.store.log(dialogue);
    await ctx.close();

    const text = await run('peer', 'inbox', '--data', dir, '--dialogue', dialogue, '--retry');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('retried 1 refused event(s): 1 refused again');
    expect(text.out).toContain(`${dialogue}: 0 event(s) waiting, 2 refused`);
    expect(text.out).toContain('refused  boreas seq 1 message.posted from boreas.example at');
    expect(text.out).toContain(': party_hosted_here: boreas is hosted on this node');
    expect(text.out).not.toContain('type_unknown');

    const json = JSON.parse((await run('peer', 'inbox', '--data', dir, '--dialogue', dialogue, '--retry', '--json')).out) as { retried: unknown[]; refusedTotal: number };
    // Refused again for the same reason: one open row for it, no new one.
    expect(json).toMatchObject({ retried: [{ status: 'rejected', reason: expect.stringMatching(/^party_hosted_here/), from: 'boreas.example' }], refusedTotal: 2 });
    const after = await openNode(dir);
    try {
      expect((await after.store.rejections(dialogue)).map((r) => [r.reason.split(':')[0], r.resolution]))
        .toEqual([['type_unknown', 'rejected'], ['too_large', undefined], ['party_hosted_here', undefined]]);
      expect(await after.store.log(dialogue)).toEqual(logBefore);
    } finally {
      await after.close();
    }

    // `parley serve` offers them again as it starts, and says so.
    const child = spawn(process.execPath, ['bin/parley.js', 'serve', '--data', dir, '--port', String(await freePort())], {
      env: { ...process.env, PARLEY_LOG_LEVEL: 'warn', PARLEY_HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('serving')) resolve(text);
        });
        child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
      });
      expect(out).toContain(`${dialogue}: retried 1 refused event(s): 1 refused again (see parley peer inbox --dialogue ${dialogue})`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
