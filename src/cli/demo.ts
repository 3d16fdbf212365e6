/**
 * `parley demo` (what `npm start` runs): sets up a node with the demo dialogue of
 * scenarios/demo.yaml in the data directory if it has none, then shows the record working:
 * its latest checkpoint, a verification of every event, and where to go next.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { initNode, openNode } from '../app/node-context.js';
import { verifyStoredDialogue } from '../node/verify.js';
import type { DialogueId } from '../record/index.js';
import { importScenario } from '../app/import-scenario.js';
import { parseScenario } from '../scenario/index.js';
import { loadConfig } from '../config.js';
import { WebhookTargets } from '../node/webhook-targets.js';
import { buildHttpApp } from '../http/app.js';
import { dataDir, integerOption, withDataOption, type Io } from './io.js';
import { federatedLayout, isFederatedSetUp, serveFederatedDemo, setUpFederatedDemo } from './demo-federated.js';

/** The checkout's demo scenario, wherever `parley demo` is run from. */
const DEMO_SCENARIO = relative(process.cwd(), fileURLToPath(new URL('../../scenarios/demo.yaml', import.meta.url))) || 'scenarios/demo.yaml';

export function registerDemo(program: Command, io: Io): void {
  withDataOption(program.command('demo'))
    .description('set up the demo dialogue (if the data directory has none) and show its verified record')
    .option('--scenario <file>', 'scenario to load', DEMO_SCENARIO)
    .option('--port <port>', 'port of the HTTP server (default: $PARLEY_PORT, else 8080)', integerOption('--port'))
    .option('--no-serve', 'set up and verify only; do not start the server')
    .option('--federated', 'one node per party on loopback (ports --port, --port+1), each with its own database, replicating')
    .action(async (options: { data?: string; scenario: string; port?: number; serve: boolean; federated?: boolean }) => {
      const dir = dataDir(options);
      const scenario = parseScenario(readFileSync(options.scenario, 'utf8'));
      if (options.federated) {
        const config = loadConfig({ ...process.env, ...(options.port !== undefined ? { PARLEY_PORT: String(options.port) } : {}) });
        const id = (scenario.dialogue.id ?? 'demo') as DialogueId;
        const nodes = federatedLayout(dir, scenario, config.host, config.port);
        if (!isFederatedSetUp(nodes)) await setUpFederatedDemo(nodes, scenario, id, io);
        if (options.serve) await serveFederatedDemo(nodes, scenario, id, io, { wait: true });
        return;
      }
      if (!existsSync(join(dir, 'node.json'))) await (await initNode({ dataDir: dir, name: 'demo.parley.local' })).close();
      const id = (scenario.dialogue.id ?? 'demo') as DialogueId;
      const existing = await openNode(dir);
      const isNew = !(await existing.store.dialogue(id));
      await existing.close();
      if (isNew) {
        await importScenario(dir, { ...scenario, dialogue: { ...scenario.dialogue, id } });
        io.out(`created the demo dialogue "${id}" in ${dir}\n`);
      }
      const ctx = await openNode(dir);
      try {
        const checkpoint = await ctx.records.checkpoint(id);
        const summary = await verifyStoredDialogue(ctx.store, ctx.records, id);
        io.out(`\nlatest signed checkpoint:\n${checkpoint.note}\n`);
        io.out(`verified ${summary.events} events (${Object.entries(summary.perParty).map(([p, n]) => `${p}: ${n}`).join(', ')})\n`);
        const logins = scenario.parties.flatMap((p) => p.members.filter((m) => m.password).map((m) => `  ${m.id.padEnd(22)} ${m.password}`));
        io.out(`\ndemo logins (fictional roles; member id and password):\n${logins.join('\n')}\n`);
        if (!options.serve) return;
        const config = loadConfig({ ...process.env, ...(options.port !== undefined ? { PARLEY_PORT: String(options.port) } : {}) });
        const app = await buildHttpApp(ctx, { logLevel: 'warn', webhookTargets: new WebhookTargets(config.webhookAllowPrivateNetworks) });
        const address = await app.listen({ host: config.host, port: config.port });
        await ctx.scheduler.start();
        io.out(`\nParley demo node serving ${address}\n  Web app: ${address}/\n  API:     ${address}/api/v1\n  OpenAPI: ${address}/api/v1/openapi.json\n` +
          `  try:     curl -c jar -H 'content-type: application/json' -d '{"member":"aurelia-principal","password":"demo-principal-2026"}' ${address}/api/v1/session\n` +
          `           curl -b jar ${address}/api/v1/dialogues/${id}/working-groups\n` +
          `  live:    curl -N -b jar ${address}/api/v1/dialogues/${id}/stream   (Server-Sent Events; webhooks: /api/v1/webhooks)\nPress Ctrl+C to stop.\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        await app.close();
      } finally {
        await ctx.close();
      }
    });
}
