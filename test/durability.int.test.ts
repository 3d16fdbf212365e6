// An acknowledged append survives `kill -9`: a child process appends and reports every
// acknowledged event; we kill it mid-stream; every reported event is then in the record,
// at the reported position, and the whole record verifies.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initNode, openNode } from '../src/app/node-context.js';
import { verifyStoredDialogue } from '../src/node/verify.js';
import { applyScenario, parseScenario } from '../src/scenario/index.js';
import type { DialogueId } from '../src/record/index.js';
import { createTestSchema, dropTestSchema, TEST_POSTGRES_URL } from '../src/store/testing/postgres-schema.js';

const SCENARIO = `
dialogue: { id: crash, title: { en: Crash test } }
parties:
  - { id: red, name: { en: Red }, members: [{ id: red-delegate, name: Red delegate, roles: [delegate] }] }
  - { id: blue, name: { en: Blue }, members: [{ id: blue-delegate, name: Blue delegate, roles: [delegate] }] }
`;

describe.each(['sqlite', 'postgres'] as const)('durability on %s', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  let schema: string | undefined;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (schema) await dropTestSchema(schema);
  });

  it('given a process appending under load, when it is killed with SIGKILL, then every acknowledged event is kept and verifies', async () => {
    schema = engine === 'postgres' ? await createTestSchema() : undefined;
    const databaseUrl = schema ? `${TEST_POSTGRES_URL}?schema=${schema}` : undefined;
    const setup = await initNode({ dataDir: dir, name: 'crash.test', databaseUrl });
    await applyScenario(setup.node, parseScenario(SCENARIO));
    await setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/append-child.ts', dir, 'crash', 'red-delegate'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged = new Map<number, string>();
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const [index, id] = line.split(' ');
          acknowledged.set(Number(index), id!);
        }
        // Kill at an arbitrary point well into the run, while writes are in flight.
        if (acknowledged.size >= 300 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(300);

    const ctx = await openNode(dir);
    try {
      const log = await ctx.store.log('crash' as DialogueId);
      expect(log.size).toBeGreaterThanOrEqual(Math.max(...acknowledged.keys()) + 1);
      const stored = await ctx.store.events('crash' as DialogueId, 0, log.size);
      const byIndex = new Map(stored.map((s) => [s.index, s.id as string]));
      for (const [index, id] of acknowledged) expect(byIndex.get(index)).toBe(id);
      await ctx.records.checkpoint('crash' as DialogueId);
      const summary = await verifyStoredDialogue(ctx.store, ctx.records, 'crash' as DialogueId, { threads: 1 });
      expect(summary.events).toBe(log.size);
    } finally {
      await ctx.close();
    }
  });
});
