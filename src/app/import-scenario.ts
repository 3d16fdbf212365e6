/**
 * Imports a scenario into a node so that a failing file writes nothing: the scenario is first
 * applied to a throw-away node in a temporary directory (every step decided for real), and
 * only if that succeeds is it applied to the real one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthService } from '../node/auth.js';
import { ManualClock, type ParleyNode } from '../node/index.js';
import type { DialogueId } from '../record/index.js';
import { applyScenario, type Scenario } from '../scenario/index.js';
import { initNode, openNode } from './node-context.js';

/** scrypt cost for the dry run only: its passwords are thrown away. */
const DRY_RUN_COST = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function importScenario(dataDir: string, scenario: Scenario): Promise<DialogueId> {
  const scratch = mkdtempSync(join(tmpdir(), 'parley-dry-run-'));
  try {
    const dry = await initNode({ dataDir: scratch, name: 'dry-run.invalid' });
    await dry.close();
    await applyWithClock(scratch, scenario, DRY_RUN_COST);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return applyWithClock(dataDir, scenario);
}

async function applyWithClock(dataDir: string, scenario: Scenario, cost?: typeof DRY_RUN_COST): Promise<DialogueId> {
  const clock = new ManualClock(new Date());
  const ctx = await openNode(dataDir, { clock });
  try {
    const auth = new AuthService({ store: ctx.store, privates: ctx.store.privates, clock, ...(cost ? { cost } : {}) });
    return await applyScenario(ctx.node as ParleyNode, scenario, {
      clock, scheduler: ctx.scheduler, setPassword: (member, password) => auth.setPassword(member, password),
    });
  } finally {
    await ctx.close();
  }
}
