/**
 * Cross-process append worker for src/store/cross-process.int.test.ts: opens its own store
 * connection, prints "ready", waits for "go" on stdin, then appends `count` events of
 * `party` to one dialogue, one transaction each (chain fields read under the lock).
 */
import { openStore, type StoreLocation } from '../../src/store/index.js';
import { nextEvents, testParty } from '../../src/store/testing/signed-events.js';
import type { DialogueId } from '../../src/record/index.js';

interface WorkerArgs {
  readonly location: StoreLocation;
  readonly dialogue: DialogueId;
  readonly party: string;
  readonly worker: number;
  readonly count: number;
  /** Milliseconds to keep the lock after appending, so the workers' transactions overlap. */
  readonly holdMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
const store = openStore(args.location);
const party = testParty(args.party);

await new Promise<void>((resolve) => {
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => { if (chunk.includes('go')) resolve(); });
  process.stdout.write('ready\n');
});

const startedAt = Date.now();
let appended = 0;
while (appended < args.count) {
  // Batches of 1–3 events, so multi-event appends interleave with single ones.
  const size = Math.min(args.count - appended, 1 + (appended % 3));
  await store.withDialogue(args.dialogue, async (tx) => {
    const events = nextEvents(party, args.dialogue, await tx.heads(), size, {
      body: { kind: 'informal', text: { en: `worker ${args.worker} #${appended}` } },
    });
    await tx.append(events);
    await new Promise((resolve) => setTimeout(resolve, args.holdMs));
  });
  appended += size;
}
await store.close();
// Wall-clock window of this worker's appends, so the test can check the workers overlapped.
process.stdout.write(`done ${appended} ${startedAt} ${Date.now()}\n`);
process.stdin.destroy();
