// The live-delivery CLI end to end, in-process: `parley webhooks …` as a party admin against
// the local data directory (the same API routes), `parley watch` against a listening
// server, printing the dialogue's events as JSON lines, and `parley audit` reading what the
// admin changed, locally and from a server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNode } from '../src/app/node-context.js';
import { main } from '../src/cli/main.js';
import { buildHttpApp } from '../src/http/app.js';
import { AuthService } from '../src/node/auth.js';
import type { DialogueId, MemberId } from '../src/record/index.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('parley webhooks, watch and audit', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-cli-live-'));
  const data = join(root, 'node');
  let dialogue = '';
  beforeAll(async () => {
    expect((await run('init', '--data', data, '--name', 'cli-live.test')).code).toBe(0);
    const imported = await run('import', 'scenarios/demo.yaml', '--data', data);
    expect(imported.code, imported.err).toBe(0);
    dialogue = imported.out.trim().split('\n').at(-1)!;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('an admin creates, lists, disables, rotates, reads the log of and deletes a webhook; others cannot', async () => {
    const created = await run('webhooks', 'create', '--url', 'https://pager.example.org/parley', '--types', 'hotline.,notice.', '--data', data, '--as', 'aurelia-admin');
    expect(created.code, created.err).toBe(0);
    const hook = JSON.parse(created.out) as { id: string; secret: string; types: string[]; enabled: boolean };
    expect(hook).toMatchObject({ types: ['hotline.', 'notice.'], enabled: true });
    expect(hook.secret).toMatch(/^whsec_/);

    const listed = await run('webhooks', 'list', '--data', data, '--as', 'aurelia-admin');
    expect(JSON.parse(listed.out)).toMatchObject({ items: [{ id: hook.id }] });
    expect(listed.out).not.toContain(hook.secret);
    expect(JSON.parse((await run('webhooks', 'disable', hook.id, '--data', data, '--as', 'aurelia-admin')).out)).toMatchObject({ enabled: false });
    const rotated = JSON.parse((await run('webhooks', 'rotate-secret', hook.id, '--data', data, '--as', 'aurelia-admin')).out) as { secret: string };
    expect(rotated.secret).not.toBe(hook.secret);
    expect(JSON.parse((await run('webhooks', 'deliveries', hook.id, '--status', 'failed', '--data', data, '--as', 'aurelia-admin')).out)).toEqual({ items: [] });

    const foreign = await run('webhooks', 'deliveries', hook.id, '--data', data, '--as', 'boreas-admin');
    expect(foreign.code).toBe(1);
    expect(foreign.err).toMatch(/404 webhook_not_found/);
    const notAdmin = await run('webhooks', 'list', '--data', data, '--as', 'aurelia-principal');
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.err).toMatch(/403/);
    const bad = await run('webhooks', 'create', '--url', 'ftp://example.org/x', '--data', data, '--as', 'aurelia-admin');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/url/);

    const deleted = await run('webhooks', 'delete', hook.id, '--data', data, '--as', 'aurelia-admin');
    expect(deleted.out).toBe(`deleted webhook ${hook.id}\n`);
    expect(JSON.parse((await run('webhooks', 'list', '--data', data, '--as', 'aurelia-admin')).out)).toEqual({ items: [] });
  });

  it('watch prints the dialogue from a server as JSON lines, with log indexes as ids', async () => {
    const ctx = await openNode(data);
    const app = await buildHttpApp(ctx, { logLevel: 'silent' });
    try {
      const server = await app.listen({ host: '127.0.0.1', port: 0 });
      const member = (await ctx.store.member('boreas-observer' as MemberId))!;
      const { token } = await new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock }).createToken(member, 'watch', ['read']);
      const size = (await ctx.store.log(dialogue as DialogueId)).size;
      const watched = await run('watch', '--server', server, '--token', token, '--dialogue', dialogue, '--after', String(size - 3), '--count', '2');
      expect(watched.code, watched.err).toBe(0);
      const lines = watched.out.trim().split('\n').map((line) => JSON.parse(line) as { id: string; event: string; data: { index: number; type: string } });
      expect(lines.map((l) => l.id)).toEqual([String(size - 2), String(size - 1)]);
      for (const line of lines) expect(line.event).toBe(line.data.type);

      const refused = await run('watch', '--server', server, '--token', 'parley_not_a_token', '--dialogue', dialogue, '--count', '1');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/401/);
    } finally {
      await app.close();
      await ctx.close();
    }
  });

  it("audit prints the admin's changes, newest first, filtered and paged, locally and from a server with a read token; others are refused", async () => {
    const local = await run('audit', '--action', 'webhook.created', '--data', data, '--as', 'aurelia-admin');
    expect(local.code, local.err).toBe(0);
    expect(local.out).toMatch(/^\S+Z {2}aurelia-admin {2}webhook\.created {2}\S+ {2}\{"url":"https:\/\/pager\.example\.org\/parley","types":\["hotline\.","notice\."\],"enabled":true\}\n$/);
    const hook = local.out.split('  ')[3]!;
    const all = await run('audit', '--target', hook, '--json', '--data', data, '--as', 'aurelia-admin');
    const page = JSON.parse(all.out) as { items: { action: string }[]; next: string | null };
    expect(page.items.map((e) => e.action)).toEqual(['webhook.deleted', 'webhook.secret_rotated', 'webhook.changed', 'webhook.created']);
    const first = await run('audit', '--target', hook, '--limit', '3', '--data', data, '--as', 'aurelia-admin');
    const next = /^more: --after (\S+)$/m.exec(first.out)![1]!;
    expect((await run('audit', '--target', hook, '--limit', '3', '--after', next, '--data', data, '--as', 'aurelia-admin')).out).toMatch(/webhook\.created/);

    const ctx = await openNode(data);
    const app = await buildHttpApp(ctx, { logLevel: 'silent' });
    try {
      const server = await app.listen({ host: '127.0.0.1', port: 0 });
      const auth = new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock });
      const { token } = await auth.createToken((await ctx.store.member('aurelia-admin' as MemberId))!, 'audit', ['read']);
      const remote = await run('audit', '--target', hook, '--json', '--server', server, '--token', token);
      expect(remote.code, remote.err).toBe(0);
      expect(JSON.parse(remote.out)).toEqual(page);
      const { token: principal } = await auth.createToken((await ctx.store.member('aurelia-principal' as MemberId))!, 'audit', ['read']);
      const refused = await run('audit', '--server', server, '--token', principal);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/403 role_not_allowed/);
    } finally {
      await app.close();
      await ctx.close();
    }
    const foreign = await run('audit', '--target', hook, '--data', data, '--as', 'boreas-admin');
    expect(foreign.out).toBe('no entries\n');
    const bad = await run('audit', '--action', 'member.deleted', '--data', data, '--as', 'aurelia-admin');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--action/);
  });
});
