// ParleyNode's short-lived member cache (every command looks its member up): a change made
// through the node takes effect at once, even for a read that was already under way when the
// change was made — it must not put the old roles back into the cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDemoNode } from '../src/app/testing/demo-node.js';
import type { NodeContext } from '../src/app/node-context.js';
import type { MemberId } from '../src/record/index.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-member-cache-'));
let ctx: NodeContext | undefined;
afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('member cache', () => {
  it('given a member read under way, when their roles change through the node, then the next read sees the new roles', async () => {
    ({ ctx } = await freshDemoNode(join(dir, 'node')));
    const id = 'aurelia-observer' as MemberId;
    const before = (await ctx.store.member(id))!;
    // A read that has its row before the change and returns after it (a slow query).
    const store = ctx.store;
    const read = store.member.bind(store);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let hasRow!: () => void;
    const rowRead = new Promise<void>((resolve) => { hasRow = resolve; });
    store.member = async (member) => {
      const row = await read(member);
      hasRow();
      await held;
      return row;
    };
    const overlapping = ctx.node.member(id);
    await rowRead;
    store.member = read;
    await ctx.node.putMember({ ...before, roles: ['observer', 'notetaker'] });
    release();
    expect((await overlapping)?.roles).toEqual(before.roles);
    expect((await ctx.node.member(id))?.roles).toEqual(['observer', 'notetaker']);
  });
});
