/**
 * For tests and the bench: a fresh node with the demo scenario's two parties and dialogue,
 * its scripted steps and messages left out, so the dialogue holds only `dialogue.opened` and
 * `dialogue.joined` whatever the demo's timeline becomes.
 */
import { readFileSync } from 'node:fs';
import type { DialogueId } from '../../record/index.js';
import { applyScenario, parseScenario } from '../../scenario/index.js';
import { initNode, type NodeContext } from '../node-context.js';

const DEMO_SCENARIO = new URL('../../../scenarios/demo.yaml', import.meta.url);

/** Creates the node in `dataDir` (which must not hold one yet). */
export async function freshDemoNode(dataDir: string, name = 'node'): Promise<{ ctx: NodeContext; dialogue: DialogueId }> {
  const ctx = await initNode({ dataDir, name });
  const demo = parseScenario(readFileSync(DEMO_SCENARIO, 'utf8'));
  const dialogue = await applyScenario(ctx.node, { ...demo, steps: [], messages: [] });
  return { ctx, dialogue };
}
