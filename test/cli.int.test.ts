// The `parley` CLI end to end, in-process: init → import → post → export → verify → proof,
// and its errors. Each command's output is asserted, not just its exit code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import {
  hashLeaf, leafDataOf, openCheckpoint, verifyConsistency, verifyInclusion, type SignedEvent,
} from '../src/record/index.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('parley CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  const data = join(root, 'node');
  let dialogue = '';
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  beforeAll(async () => {
    const init = await run('init', '--data', data, '--name', 'cli.test', '--json');
    expect(init.code).toBe(0);
    expect(JSON.parse(init.out)).toMatchObject({ name: 'cli.test', database: 'sqlite' });
    const imported = await run('import', 'scenarios/demo.yaml', '--data', data);
    expect(imported.code, imported.err).toBe(0);
    dialogue = imported.out.trim().split('\n').at(-1)!;
  });

  it('init creates key files readable only by the owner and refuses to overwrite a node', async () => {
    for (const file of ['node.key', 'party-aurelia.key', 'party-boreas.key']) {
      expect(statSync(join(data, 'keys', file)).mode & 0o777).toBe(0o600);
    }
    const again = await run('init', '--data', data);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds a node/);
  });

  it('import prints the dialogue id alone on its last line', () => {
    expect(dialogue).toBe('pacific-channels');
  });

  it('import of an invalid scenario names the path inside the file and writes nothing', async () => {
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, readFileSync('scenarios/demo.yaml', 'utf8')
      .replace('id: pacific-channels', 'id: other-dialogue')
      .replace(/(id: boreas-principal, name: [^,]+, )roles: \[principal\]/, '$1roles: [chief]'));
    const result = await run('import', bad, '--data', data);
    expect(result.code).toBe(1);
    expect(result.err).toContain('parties[1].members[0].roles: unknown role "chief"');
    const list = await run('verify', '--data', data, '--dialogue', 'other-dialogue');
    expect(list.code).toBe(1);
    expect(list.err).toMatch(/no dialogue other-dialogue/);
  });

  it('post records a multilingual message and refuses an observer', async () => {
    const posted = await run('post', '--data', data, '--dialogue', dialogue, '--as', 'boreas-delegate',
      '--lang', 'en', '--text', 'Line test at 0900 UTC ✓', '--lang', 'zh-Hans', '--text', '0900 UTC 线路测试 ✓', '--json');
    expect(posted.code, posted.err).toBe(0);
    const { event } = JSON.parse(posted.out) as { event: SignedEvent };
    expect(event).toMatchObject({ type: 'message.posted', party: 'boreas', member: 'boreas-delegate' });
    expect(event.body).toEqual({ kind: 'informal', text: { en: 'Line test at 0900 UTC ✓', 'zh-Hans': '0900 UTC 线路测试 ✓' } });

    const refused = await run('post', '--data', data, '--dialogue', dialogue, '--as', 'boreas-observer', '--text', 'hello');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/role_not_allowed/);
  });

  it('export → verify succeeds, and withholding bodies still verifies and is counted', async () => {
    const full = join(root, 'full.json');
    expect((await run('export', '--data', data, '--dialogue', dialogue, '--out', full)).code).toBe(0);
    const ok = await run('verify', full);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(/^OK .*: \d+ events .* 0 bodies withheld/);

    const partial = join(root, 'partial.json');
    expect((await run('export', '--data', data, '--dialogue', dialogue, '--out', partial, '--withhold-type', 'message.posted')).code).toBe(0);
    const transcript = JSON.parse(readFileSync(partial, 'utf8')) as { events: SignedEvent[] };
    const withheld = transcript.events.filter((e) => e.type === 'message.posted');
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((e) => e.body === undefined)).toBe(true);
    const verified = await run('verify', partial, '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)[0]).toMatchObject({ ok: true, withheld: withheld.length });
  });

  it('verify shows the keys it verified with, and fails when they are not the keys an auditor pinned', async () => {
    const file = join(root, 'pinned.json');
    expect((await run('export', '--data', data, '--dialogue', dialogue, '--out', file)).code).toBe(0);
    const transcript = JSON.parse(readFileSync(file, 'utf8')) as { parties: Array<{ id: string; publicKey: string }>; logKey: string };
    const [first, second] = transcript.parties;
    const shown = await run('verify', file);
    expect(shown.out).toContain(`keys: ${first!.id} ${first!.publicKey}, ${second!.id} ${second!.publicKey}; log ${transcript.logKey}`);
    // The log key is what `parley node info` prints as the note key.
    expect((await run('node', 'info', '--data', data)).out).toContain(`note key: ${transcript.logKey}`);

    const pins = ['--party-key', `${first!.id}=${first!.publicKey}`, '--party-key', `${second!.id}=${second!.publicKey}`, '--log-key', transcript.logKey];
    const pinned = await run('verify', file, ...pins);
    expect(pinned.code, pinned.out + pinned.err).toBe(0);

    const otherKey = Buffer.alloc(32, 7).toString('base64');
    const wrongParty = await run('verify', file, '--party-key', `${first!.id}=${otherKey}`, '--json');
    expect(wrongParty.code).toBe(1);
    expect(JSON.parse(wrongParty.out)[0]).toMatchObject({ ok: false, code: 'key_mismatch', expected: otherKey, actual: first!.publicKey });
    const unknownParty = await run('verify', file, '--party-key', `cygnus=${otherKey}`);
    expect(unknownParty.code).toBe(1);
    expect(unknownParty.out).toMatch(/^FAIL .*party cygnus's key is not in the record/);
    const wrongLog = await run('verify', file, '--log-key', `${transcript.logKey.split('+')[0]}+00000000+${otherKey}`);
    expect(wrongLog.code).toBe(1);
    expect(wrongLog.out).toMatch(/^FAIL .*the log key is /);
    const malformed = await run('verify', file, '--party-key', 'aurelia');
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain('--party-key: "aurelia" is not PARTY=KEY');
  });

  it('verify of a tampered transcript exits 1 naming the event, its party, seq and type', async () => {
    const file = join(root, 'tampered.json');
    await run('export', '--data', data, '--dialogue', dialogue, '--out', file);
    const transcript = JSON.parse(readFileSync(file, 'utf8')) as { events: Array<SignedEvent & { body: { text: { en: string } } }> };
    const target = transcript.events.findIndex((e) => e.type === 'message.posted');
    transcript.events[target]!.body.text.en = 'We never said this.';
    writeFileSync(file, JSON.stringify(transcript));
    const result = await run('verify', file);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(new RegExp(`FAIL .*event ${target} \\(party \\w+, seq \\d+, type message.posted\\).*body_hash_mismatch`));
  });

  it('verify --data detects a change made directly in the database', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(data, 'parley.db'));
    const original = db.prepare('select envelope from events where log_index = 2').get() as { envelope: string };
    db.prepare('update events set envelope = ? where log_index = 2').run(original.envelope.replace(/"time":"\d{4}/, '"time":"1999'));
    db.close();
    const result = await run('verify', '--data', data);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL dialogue pacific-channels: event 2/);
    const restore = new Database(join(data, 'parley.db'));
    restore.prepare('update events set envelope = ? where log_index = 2').run(original.envelope);
    restore.close();
    expect((await run('verify', '--data', data)).code).toBe(0);
  });

  it('proof inclusion and consistency verify against the signed checkpoint they print', async () => {
    const exported = join(root, 'for-proof.json');
    await run('export', '--data', data, '--dialogue', dialogue, '--out', exported);
    const transcript = JSON.parse(readFileSync(exported, 'utf8')) as { events: SignedEvent[]; logKey: string; origin: string };
    const size = transcript.events.length;

    const inclusion = await run('proof', 'inclusion', '--data', data, '--dialogue', dialogue, '--index', '2');
    expect(inclusion.code, inclusion.err).toBe(0);
    const proof = JSON.parse(inclusion.out) as { index: number; size: number; hashes: string[]; checkpoint: string };
    const checkpoint = openCheckpoint(proof.checkpoint, transcript.logKey, transcript.origin);
    expect(checkpoint.size).toBe(size);
    const leaf = hashLeaf(leafDataOf(transcript.events[2]!));
    verifyInclusion(2, size, leaf, proof.hashes.map((h) => Buffer.from(h, 'base64')), checkpoint.root);

    const consistency = await run('proof', 'consistency', '--data', data, '--dialogue', dialogue, '--from', '3');
    const cproof = JSON.parse(consistency.out) as { hashes: string[]; checkpoint: string };
    const { CompactTree } = await import('../src/record/index.js');
    const old = new CompactTree();
    for (const e of transcript.events.slice(0, 3)) old.appendLeaf(hashLeaf(leafDataOf(e)));
    verifyConsistency(3, size, cproof.hashes.map((h) => Buffer.from(h, 'base64')), old.root(), checkpoint.root);

    const outOfRange = await run('proof', 'inclusion', '--data', data, '--dialogue', dialogue, '--index', String(size));
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.err).toMatch(/index: must be between 0 and/);
  });

  it('every command has --help; bad arguments fail with a usage error', async () => {
    for (const command of ['init', 'import', 'post', 'export', 'verify', 'proof']) {
      const help = await run(command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain(`Usage: parley ${command}`);
    }
    const bad = await run('proof', 'inclusion', '--data', data, '--dialogue', dialogue, '--index', 'minus-one');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--index.*must be an integer/);
    expect(existsSync(join(data, 'node.json'))).toBe(true);
  });
});

describe('parley client commands (local data directory)', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-client-'));
  const data = join(root, 'node');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists, shows and acts as a member, with the API\'s own errors', async () => {
    expect((await run('init', '--data', data)).code).toBe(0);
    expect((await run('import', 'scenarios/demo.yaml', '--data', data)).code).toBe(0);
    const target = ['--data', data, '--dialogue', 'pacific-channels'];
    const listed = await run('list', 'working-groups', ...target, '--as', 'boreas-observer', '--status', 'proposed');
    expect(listed.code, listed.err).toBe(0);
    const [group] = (JSON.parse(listed.out) as { items: { id: string; status: string }[] }).items;
    expect(group?.status).toBe('proposed');

    const refused = await run('act', 'working-groups', 'accept', '--id', group!.id, ...target, '--as', 'boreas-delegate',
      '--body', JSON.stringify({ proposal: group!.id, coChair: 'boreas-principal' }));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/403 role_not_allowed/);

    const bad = await run('act', 'working-groups', 'accept', '--id', group!.id, ...target, '--as', 'boreas-principal', '--body', '{"proposal":5}');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/proposal: /);

    const accepted = await run('act', 'working-groups', 'accept', '--id', group!.id, ...target, '--as', 'boreas-principal',
      '--body', JSON.stringify({ proposal: group!.id, coChair: 'boreas-principal' }));
    expect(accepted.code, accepted.err).toBe(0);
    expect(JSON.parse(accepted.out)).toMatchObject({ status: 'active' });
    // Filters and pages as the API does; an unknown query parameter is named.
    const maritime = (JSON.parse((await run('list', 'working-groups', ...target, '--as', 'aurelia-observer', '--status', 'active')).out) as { items: Array<{ id: string; state: { mandate: { title: { en: string } } } }> })
      .items.find((g) => g.state.mandate.title.en === 'Maritime issues')!;
    const first = await run('list', 'commitments', ...target, '--as', 'aurelia-observer', '--parent', maritime.id, '--party', 'aurelia', '--limit', '1');
    const page1 = JSON.parse(first.out) as { items: Array<{ id: string; party: string }>; next: string };
    expect(page1.items).toHaveLength(1);
    const second = JSON.parse((await run('list', 'commitments', ...target, '--as', 'aurelia-observer', '--parent', maritime.id, '--party', 'aurelia', '--limit', '1', '--after', page1.next)).out) as typeof page1;
    expect(second.items[0]!.id).not.toBe(page1.items[0]!.id);
    expect([...page1.items, ...second.items].every((c) => c.party === 'aurelia')).toBe(true);
    const dated = JSON.parse((await run('list', 'commitments', ...target, '--as', 'aurelia-observer', '--from', '2026-11-15', '--to', '2026-11-15')).out) as { items: Array<{ date: string }> };
    expect(dated.items.map((c) => c.date)).toEqual(['2026-11-15T23:59:59.999Z']);
    const unpaged = await run('list', 'private-notes', ...target, '--as', 'aurelia-observer', '--limit', '5');
    expect(unpaged.code).toBe(1);
    expect(unpaged.err).toContain('querystring.limit: is not a known field');

    const shown = await run('show', 'working-groups', group!.id, ...target, '--as', 'aurelia-observer');
    expect(JSON.parse(shown.out)).toMatchObject({ id: group!.id, status: 'active' });
    expect((await run('verify', '--data', data)).code).toBe(0);
  });

  it('a usage error found inside a command is printed, with exit code 2', async () => {
    const noToken = await run('list', 'commitments', '--dialogue', 'pacific-channels', '--server', 'http://127.0.0.1:9');
    expect(noToken.code).toBe(2);
    expect(noToken.err).toContain('--token: required with --server');
    const badBody = await run('act', 'commitments', 'create', '--data', data, '--dialogue', 'pacific-channels', '--as', 'aurelia-delegate', '--body', '{bad');
    expect(badBody.code).toBe(2);
    expect(badBody.err).toMatch(/--body: not JSON/);
  });

  it('exports the commitments as CSV and imports an edited sheet: only the edited row is applied', async () => {
    const target = ['--data', data, '--dialogue', 'pacific-channels'];
    const exported = await run('commitments', 'export', ...target, '--as', 'aurelia-delegate');
    expect(exported.code, exported.err).toBe(0);
    const lines = exported.out.trimEnd().split(/\r?\n/);
    const header = lines[0]!.split(',');
    const progress = header.indexOf('progress');
    const row = lines.findIndex((line) => line.includes('Share the calendar of major naval exercises'));
    const cells = lines[row]!.split(',');
    expect(cells[progress]).toBe('40');
    cells[progress] = '55';
    lines[row] = cells.join(',');
    const sheet = join(root, 'sheet.csv');
    writeFileSync(sheet, lines.join('\r\n'));

    const observer = await run('commitments', 'import', sheet, ...target, '--as', 'aurelia-observer');
    expect(observer.code).toBe(1);
    expect(observer.err).toMatch(/403/);
    const imported = await run('commitments', 'import', sheet, ...target, '--as', 'aurelia-delegate');
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ applied: 1, unchanged: lines.length - 2 });
    const again = await run('commitments', 'import', sheet, ...target, '--as', 'aurelia-delegate');
    expect(JSON.parse(again.out)).toMatchObject({ applied: 0 });
  });
});
