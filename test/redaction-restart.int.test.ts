// A redaction is committed first and its body deleted just after (SqlStore.applyRedactions);
// a node stopped in between must not keep the body. Given a redaction on the record whose
// body deletion never ran, when the node opens again, then the body is gone and the record
// still verifies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNode } from '../src/app/node-context.js';
import { freshDemoNode } from '../src/app/testing/demo-node.js';
import { REDACTABLE_EVENT_TYPES, redactions, type Role } from '../src/domain/index.js';
import { runAggregateCommand } from '../src/node/aggregate-commands.js';
import { verifyStoredDialogue } from '../src/node/verify.js';
import type { MemberId } from '../src/record/index.js';

describe('redactions at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redaction-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a committed redaction whose body deletion did not run, when the node opens again, then the body is deleted and the record verifies', async () => {
    const { ctx, dialogue } = await freshDemoNode(join(dir, 'node'));
    const record = await ctx.store.dialogue(dialogue);
    const posted = await ctx.node.postMessage({ dialogue, member: 'aurelia-delegate' as MemberId, kind: 'informal', text: { en: 'The annex, attached by mistake' } });
    // The redaction commits; the process stops before applyRedactions (as the HTTP route would call it).
    await runAggregateCommand(ctx.node, redactions, {
      dialogue: record!, actor: { party: posted.event.party, member: 'aurelia-principal' as MemberId, roles: ['principal'] as Role[] },
      command: { type: 'redact', reason: 'spillage', redactable: REDACTABLE_EVENT_TYPES, event: { id: posted.id, type: 'message.posted', party: posted.event.party, index: posted.index } },
    });
    expect((await ctx.store.eventById(dialogue, posted.id))?.event.body).toBeDefined();
    await ctx.close();

    const reopened = await openNode(join(dir, 'node'));
    try {
      expect((await reopened.store.eventById(dialogue, posted.id))?.event.body).toBeUndefined();
      expect(JSON.stringify(await reopened.store.projections.messages(dialogue))).not.toContain('attached by mistake');
      const log = await reopened.store.log(dialogue);
      expect(await verifyStoredDialogue(reopened.store, reopened.records, dialogue)).toMatchObject({ size: log.size });
    } finally {
      await reopened.close();
    }
  });
});
