// The crisis-channel CLI groups (`parley talk|query|notice|incident …`) against a local data
// directory, in-process: each goes through the HTTP API as the named member.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

const root = mkdtempSync(join(tmpdir(), 'parley-cli-crisis-'));
const data = join(root, 'node');
const target = ['--data', data, '--dialogue', 'pacific-channels'];
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function ok(...argv: string[]): Promise<{ id: string; status: string; state: Record<string, unknown> }> {
  const result = await run(...argv);
  expect(result.code, result.err).toBe(0);
  return JSON.parse(result.out);
}

beforeAll(async () => {
  expect((await run('init', '--data', data)).code).toBe(0);
  expect((await run('import', 'scenarios/demo.yaml', '--data', data)).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('parley talk, query, notice and incident', () => {
  it('a request to talk is made and declined with a reason', async () => {
    const body = { format: 'meeting', from: [{ name: 'A', title: { en: 'Foreign Minister' } }], to: [{ name: 'B', title: { en: 'Foreign Minister' } }], proposedTimes: [inDays(3)], subject: { en: 'Resuming the maritime group' } };
    const request = await ok('talk', 'request', ...target, '--as', 'aurelia-delegate', '--body', JSON.stringify(body));
    expect(request.status).toBe('pending');
    const refused = await run('talk', 'decline', request.id, ...target, '--as', 'boreas-observer');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/403 role_not_allowed/);
    expect(await ok('talk', 'decline', request.id, ...target, '--as', 'boreas-principal', '--reason', 'Not before the review')).toMatchObject({ status: 'declined', state: { response: { reason: 'Not before the review' } } });
    const listed = await ok('talk', 'list', ...target, '--as', 'aurelia-observer', '--status', 'declined') as unknown as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).toContain(request.id);
  });

  it('a query is asked and answered', async () => {
    const groups = await ok('list', 'working-groups', ...target, '--as', 'aurelia-observer', '--status', 'active') as unknown as { items: { id: string }[] };
    const query = await ok('query', 'ask', ...target, '--as', 'aurelia-duty', '--body', JSON.stringify({ subject: { en: 'Exercise' }, description: { en: 'Explain' }, workingGroup: groups.items[0]!.id }));
    expect(await ok('query', 'answer', query.id, ...target, '--as', 'boreas-duty', '--text', '例行演习', '--lang', 'zh-Hans'))
      .toMatchObject({ status: 'answered', state: { answer: { text: { 'zh-Hans': '例行演习' } } } });
  });

  it('a late notice is acknowledged (current version), assured, and counted in compliance', async () => {
    const notice = { noticeType: 'missile_launch', window: { start: inDays(0.5), end: inDays(0.6) }, description: { en: 'Test launch' }, vehicleType: 'Space launch vehicle',
      launchArea: { shape: 'circle', centre: { lat: 400_000_000, lon: 1_000_000_000 }, radius: 5000 }, impactArea: { shape: 'circle', centre: { lat: 200_000_000, lon: 1_300_000_000 }, radius: 90_000 } };
    const given = await ok('notice', 'give', ...target, '--as', 'boreas-delegate', '--body', JSON.stringify(notice));
    expect(given.state).toMatchObject({ isLate: true });
    expect(await ok('notice', 'acknowledge', given.id, ...target, '--as', 'aurelia-duty')).toMatchObject({ status: 'acknowledged' });
    expect(await ok('notice', 'assure', ...target, '--as', 'boreas-principal', '--notice', given.id, '--text', 'Not a weapons test.')).toMatchObject({ status: 'given', parent: given.id });
    expect((await ok('notice', 'compliance', ...target, '--as', 'aurelia-observer') as unknown as { parties: unknown }).parties)
      .toEqual({ boreas: { missile_launch: { onTime: 0, late: 2, voluntary: 0 } }, aurelia: { maritime_activity: { onTime: 1, late: 0, voluntary: 0 } } });
    const bad = await run('notice', 'give', ...target, '--as', 'boreas-delegate', '--body', JSON.stringify({ ...notice, vehicleType: undefined }));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/vehicle_type_missing/);
  });

  it('an incident gets both parties\' accounts', async () => {
    const account = { time: inDays(-1), position: { lat: 153_000_000, lon: 1_175_000_000 }, domain: 'sea', units: [{ party: 'aurelia', name: 'Cutter 7' }], cpaMetres: 30, narrative: { en: 'Close pass' } };
    const incident = await ok('incident', 'report', ...target, '--as', 'aurelia-duty', '--body', JSON.stringify(account));
    expect(await ok('incident', 'add-account', incident.id, ...target, '--as', 'boreas-duty', '--body', JSON.stringify({ ...account, cpaMetres: 300 })))
      .toMatchObject({ status: 'accounted', state: { differences: ['cpaMetres'] } });
    expect(await ok('incident', 'revise', incident.id, ...target, '--as', 'boreas-duty', '--body', JSON.stringify({ ...account, cpaMetres: 30 })))
      .toMatchObject({ state: { differences: [] } });
    expect(await ok('incident', 'show', incident.id, ...target, '--as', 'boreas-observer')).toMatchObject({ id: incident.id, status: 'accounted' });
    expect(await ok('incident', 'summary', ...target, '--as', 'boreas-observer')).toMatchObject({ total: 2 });
  });
});
