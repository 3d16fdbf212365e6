// `parley hotline …` and `parley linktest status` against a local data directory, through the
// in-process API: a call placed, acknowledged, answered, closed and listed with each party's
// local time; a problem printed with its field; availability per direction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('parley hotline and linktest', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-hotline-cli-'));
  const data = join(root, 'node');
  const target = ['--data', data, '--dialogue', 'pacific-channels'];
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeAll(async () => {
    expect((await run('init', '--data', data, '--name', 'cli.test')).code).toBe(0);
    expect((await run('import', 'scenarios/demo.yaml', '--data', data)).code).toBe(0);
  });

  it('places, acknowledges, answers, closes and lists a call, dated in both capitals', async () => {
    const placed = await run('hotline', 'call', ...target, '--as', 'aurelia-duty', '--precedence', 'flash',
      '--subject', 'Unsafe intercept', '--message', '{"en":"Call back","zh-Hans":"请回电"}');
    expect(placed.code, placed.err).toBe(0);
    expect(placed.out).toMatch(/FLASH\s+aurelia → boreas\s+delivered\s+Unsafe intercept/);
    expect(placed.out).toMatch(/UTC · aurelia \S+ \S+ -0[45]:00 · boreas \S+ \S+ \+08:00/);

    const list = await run('hotline', 'list', ...target, '--as', 'boreas-observer', '--json');
    const id = (JSON.parse(list.out) as { items: Array<{ id: string }> }).items.at(-1)!.id;
    // The id `hotline call` prints is the one the other commands take.
    expect(placed.out.split(/\s+/)[0]).toBe(id);

    const wrong = await run('hotline', 'ack', id, ...target, '--as', 'aurelia-duty');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('403 not_recipient');

    expect((await run('hotline', 'ack', id, ...target, '--as', 'boreas-duty')).out).toMatch(/acknowledged after \d+ s/);
    expect((await run('hotline', 'answer', id, ...target, '--as', 'boreas-duty', '--message', 'Understood')).out).toContain('answered');
    expect((await run('hotline', 'close', id, ...target, '--as', 'aurelia-duty', '--outcome', 'resolved')).out).toContain('closed');
    const closed = await run('hotline', 'list', ...target, '--as', 'aurelia-observer', '--status', 'closed');
    expect(closed.out).toContain(id.slice(0, 12));

    const bad = await run('hotline', 'close', id, ...target, '--as', 'aurelia-duty', '--outcome', 'maybe');
    expect(bad.code).toBe(2);
  });

  it('shows link availability per direction over 7, 30 and 90 days', async () => {
    const status = await run('linktest', 'status', ...target, '--as', 'aurelia-observer');
    expect(status.code, status.err).toBe(0);
    expect(status.out.split('\n').filter((l) => /^\s?\d+ days\s+\S+ → \S+/.test(l))).toHaveLength(6);
  });
});
