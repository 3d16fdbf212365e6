// Every projected row of the test dialogue, read through the store (works on both engines):
// what "rebuild equals live" compares.
import { AGGREGATE_KINDS } from '../../src/domain/index.js';
import { allAggregates } from '../../src/node/index.js';
import type { DialogueId } from '../../src/record/index.js';
import { DIALOGUE, type TestApp } from './harness.js';

export async function dumpProjections(t: TestApp): Promise<unknown> {
  const dialogue = DIALOGUE as DialogueId;
  const rows: Record<string, unknown[]> = {};
  for (const kind of AGGREGATE_KINDS) rows[kind.kind] = await allAggregates(t.ctx.store.aggregates, dialogue, kind.kind);
  rows.messages = await t.ctx.store.projections.messages(dialogue, { limit: 10_000 });
  return rows;
}
