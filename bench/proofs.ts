/**
 * Figure 5: proof generation. Median time of `records.inclusionProof` and
 * `records.consistencyProof` over random indexes/sizes, against the tree of the first
 * `smallTree` events (the `size`/`to` argument) and against the whole log.
 *
 * The checkpoints of both tree sizes are signed BEFORE timing, so no sample includes a
 * signature. Each figure's raw ceiling is fetching the same stored Merkle nodes with a
 * prepared better-sqlite3 point lookup per node (same database file) and building the same
 * proof from them.
 */
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import type { NodeContext } from '../src/app/node-context.js';
import {
  buildConsistencyProof, buildInclusionProof, consistencyProofIds, inclusionProofIds, lookupFromMap, nodeKey,
  openCheckpoint, rootFromNodes, rootIds, verifyConsistency, verifyInclusion,
  type DialogueId, type NodeId,
} from '../src/record/index.js';
import { median, percentile } from './stats.js';

/** A small seeded PRNG (mulberry32), so the sampled indexes are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ProofFigure {
  readonly kind: 'inclusion' | 'consistency';
  readonly tree: number;
  readonly samples: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  /** Median ms of the raw ceiling (node fetch + build). */
  readonly rawMedianMs: number;
}

async function time(samples: number, call: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await call(i);
    ms.push(performance.now() - start);
  }
  return ms;
}

export async function proofFigures(options: {
  ctx: NodeContext; dialogue: DialogueId; smallTree: number; samples: number;
}): Promise<ProofFigure[]> {
  const { ctx, dialogue, smallTree, samples } = options;
  const { records, store } = ctx;
  const size = (await store.log(dialogue)).size;
  // Sign the checkpoints of both tree sizes now, so the timed calls only read them.
  await records.checkpointAt(dialogue, smallTree);
  await records.checkpointAt(dialogue, size);

  const raw = new BetterSqlite3(join(ctx.dataDir, 'parley.db'), { readonly: true });
  const select = raw.prepare('select hash from merkle_nodes where dialogue_id = ? and level = ? and idx = ?').pluck();
  const fetch = (ids: readonly NodeId[]) => {
    const map = new Map<string, Buffer>();
    for (const id of ids) map.set(nodeKey(id), select.get(dialogue, id.level, id.index) as Buffer);
    return lookupFromMap(map);
  };

  try {
    await checkSample(ctx, dialogue, smallTree, size);
    const figures: ProofFigure[] = [];
    for (const tree of [smallTree, size]) {
      const next = random(tree);
      const indexes = Array.from({ length: samples }, () => Math.floor(next() * tree));
      const froms = Array.from({ length: samples }, () => 1 + Math.floor(next() * tree));
      const sizeArg = tree === size ? undefined : tree;
      // Warm-up (JIT, statement preparation), then the timed samples.
      await time(20, (i) => records.inclusionProof(dialogue, indexes[i]!, sizeArg));
      await time(20, (i) => records.consistencyProof(dialogue, froms[i]!, sizeArg));
      const inclusion = await time(samples, (i) => records.inclusionProof(dialogue, indexes[i]!, sizeArg));
      const consistency = await time(samples, (i) => records.consistencyProof(dialogue, froms[i]!, sizeArg));
      const rawInclusion = await time(samples, (i) => {
        const index = indexes[i]!;
        const lookup = fetch([...inclusionProofIds(index, tree), { level: 0, index }]);
        return buildInclusionProof(index, tree, lookup).map((h) => h.toString('base64'));
      });
      const rawConsistency = await time(samples, (i) => {
        const from = froms[i]!;
        return buildConsistencyProof(from, tree, fetch(consistencyProofIds(from, tree))).map((h) => h.toString('base64'));
      });
      figures.push(
        { kind: 'inclusion', tree, samples, medianMs: median(inclusion), p95Ms: percentile(inclusion, 95), rawMedianMs: median(rawInclusion) },
        { kind: 'consistency', tree, samples, medianMs: median(consistency), p95Ms: percentile(consistency, 95), rawMedianMs: median(rawConsistency) },
      );
    }
    return figures;
  } finally {
    raw.close();
  }
}

/** Checks a few proofs of each kind against the signed checkpoints (not timed). */
async function checkSample(ctx: NodeContext, dialogue: DialogueId, smallTree: number, size: number): Promise<void> {
  const { records, store } = ctx;
  const rootAt = async (n: number) => rootFromNodes(n, lookupFromMap(await store.merkleNodes(dialogue, rootIds(n))));
  for (const tree of [smallTree, size]) {
    const cp = openCheckpoint((await records.checkpointAt(dialogue, tree)).note, records.logKey(), records.origin(dialogue));
    for (const index of [0, tree >> 1, tree - 1]) {
      const p = await records.inclusionProof(dialogue, index, tree);
      verifyInclusion(index, tree, Buffer.from(p.leafHash, 'base64'), p.hashes.map((h) => Buffer.from(h, 'base64')), cp.root);
    }
    for (const from of [1, tree >> 1, tree - 1].filter((f) => f >= 1)) {
      const p = await records.consistencyProof(dialogue, from, tree);
      verifyConsistency(from, tree, p.hashes.map((h) => Buffer.from(h, 'base64')), await rootAt(from), cp.root);
    }
  }
}
