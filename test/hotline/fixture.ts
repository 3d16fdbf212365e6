// A node in a temporary data directory with a two-party dialogue whose members staff the
// hotline, on a ManualClock, reopenable on the same data (a restart), on either engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initNode, openNode, type NodeContext } from '../../src/app/node-context.js';
import { aggregateKind, type AnyAggregateKind } from '../../src/domain/index.js';
import { runAggregateCommand } from '../../src/node/aggregate-commands.js';
import { ManualClock, type LiveNotice } from '../../src/node/index.js';
import type { DialogueId, MemberId } from '../../src/record/index.js';
import { applyScenario, parseScenario } from '../../src/scenario/index.js';
import { createTestSchema, dropTestSchema, TEST_POSTGRES_URL } from '../../src/store/testing/postgres-schema.js';

export const DIALOGUE = 'hotline' as DialogueId;
export const START = new Date('2026-10-01T00:00:00.000Z');

const SCENARIO = `
dialogue: { id: hotline, title: { en: Hotline test } }
parties:
  - id: red
    name: { en: Red }
    timeZone: America/New_York
    members:
      - { id: red-duty, name: Red duty officer, roles: [duty_officer] }
      - { id: red-principal, name: Red principal, roles: [principal] }
  - id: blue
    name: { en: Blue }
    timeZone: Asia/Shanghai
    members:
      - { id: blue-duty, name: Blue duty officer, roles: [duty_officer] }
      - { id: blue-supervisor, name: Blue duty supervisor, roles: [delegate] }
      - { id: blue-principal, name: Blue principal, roles: [principal] }
      - { id: blue-admin, name: Blue admin, roles: [admin] }
`;

export interface HotlineNode {
  readonly clock: ManualClock;
  ctx: NodeContext;
  /** Private notices published since the node was (re)opened. */
  readonly notices: LiveNotice[];
  /** Another node process on the same data (database and keys), sharing the clock. */
  openAnother(): Promise<NodeContext>;
  /** Stops the node (as if it went down); `restart` brings it back. */
  down(): Promise<void>;
  /** Closes the node (unless down) and opens it again on the same data (and the same clock). */
  restart(): Promise<void>;
  act<S>(member: string, kind: string, command: unknown, target?: string): Promise<{ id: string; state: S }>;
  aggregate<S>(kind: string, id: string): Promise<S>;
  close(): Promise<void>;
}

export async function startHotlineNode(engine: 'sqlite' | 'postgres' = 'sqlite'): Promise<HotlineNode> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-hotline-'));
  const schema = engine === 'postgres' ? await createTestSchema() : undefined;
  const databaseUrl = schema ? `${TEST_POSTGRES_URL}?schema=${schema}` : undefined;
  const clock = new ManualClock(START);
  const setup = await initNode({ dataDir: dir, name: 'hotline.test', databaseUrl });
  await setup.close();
  const notices: LiveNotice[] = [];
  const open = async () => {
    const ctx = await openNode(dir, { clock, onSchedulerError: (error) => { throw error; } });
    ctx.node.live.subscribe((notice) => { if (notice.kind === 'private') notices.push(notice); });
    return ctx;
  };
  const first = await open();
  await applyScenario(first.node, parseScenario(SCENARIO));
  let isDown = false;
  const node: HotlineNode = {
    clock, ctx: first, notices,
    openAnother: open,
    async down() {
      await node.ctx.close();
      isDown = true;
    },
    async restart() {
      if (!isDown) await node.ctx.close();
      node.ctx = await open();
      isDown = false;
    },
    async act<S>(member: string, kindName: string, command: unknown, target?: string) {
      const kind = aggregateKind(kindName) as AnyAggregateKind;
      const dialogue = await node.ctx.node.dialogue(DIALOGUE);
      const actor = await node.ctx.node.actor(dialogue, member as MemberId);
      const result = await runAggregateCommand(node.ctx.node, kind, { dialogue, actor, command, ...(target ? { target } : {}) });
      return { id: result.aggregate.id, state: result.aggregate.state as S };
    },
    async aggregate<S>(kind: string, id: string) {
      const record = await node.ctx.store.aggregates.aggregate<S>(DIALOGUE, kind, id);
      if (!record) throw new Error(`no ${kind} ${id}`);
      return record.state;
    },
    async close() {
      if (!isDown) await node.ctx.close();
      rmSync(dir, { recursive: true, force: true });
      if (schema) await dropTestSchema(schema);
    },
  };
  return node;
}

export const minutes = (n: number) => n * 60_000;
