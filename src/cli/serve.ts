/**
 * `parley serve`: the HTTP API, the federation endpoints, the replicator and the web app
 * (web/dist, built by `npm ci`) of the node in a data directory; HTTPS when PARLEY_TLS_CERT and
 * PARLEY_TLS_KEY name a certificate and its key.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openNode } from '../app/node-context.js';
import { loadConfig } from '../config.js';
import { FederationInbox } from '../federation/index.js';
import { buildHttpApp } from '../http/app.js';
import { WebhookTargets } from '../node/webhook-targets.js';
import { dataDir, integerOption, withDataOption, type Io } from './io.js';
import { retryLine } from './peer.js';

export function registerServe(program: Command, io: Io): void {
  withDataOption(program.command('serve'))
    .description('serve the HTTP API and the web app of this node (default 127.0.0.1:8080)')
    .option('--host <address>', 'address to bind (default: $PARLEY_HOST, else 127.0.0.1)')
    .option('--port <port>', 'port (default: $PARLEY_PORT, else 8080)', integerOption('--port'))
    .action(async (options: { data?: string; host?: string; port?: number }) => {
      const config = loadConfig({
        ...process.env,
        ...(options.host ? { PARLEY_HOST: options.host } : {}),
        ...(options.port !== undefined ? { PARLEY_PORT: String(options.port) } : {}),
      });
      const ctx = await openNode(dataDir(options));
      const https = config.tls ? { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } : undefined;
      const app = await buildHttpApp(ctx, {
        logLevel: config.logLevel, webhookTargets: new WebhookTargets(config.webhookAllowPrivateNetworks), ...(https ? { https } : {}),
        ...(config.trustProxy.length > 0 ? { trustProxy: config.trustProxy } : {}),
      });
      const address = await app.listen({ host: config.host, port: config.port });
      // The first pass catches up on deadlines that passed while the node was down.
      await ctx.scheduler.start();
      // Events another node sent that were refused are offered again: this node may have been
      // upgraded, or a key pinned, since (docs/federation.md §5).
      // A dialogue whose retry fails (a busy database, say) is reported and skipped: the node serves.
      const inbox = new FederationInbox(ctx.node);
      for (const dialogue of await ctx.store.dialogues()) {
        try {
          const retried = await inbox.retryRefused(dialogue.id);
          if (retried.length > 0) io.out(`${dialogue.id}: ${retryLine(retried)} (see parley peer inbox --dialogue ${dialogue.id})\n`);
        } catch (error) {
          io.err(`${dialogue.id}: refused events not retried (${error instanceof Error ? error.message : String(error)}); parley peer inbox --dialogue ${dialogue.id} --retry tries again\n`);
        }
      }
      io.out(`Parley node ${ctx.name} serving ${address}/api/v1 (OpenAPI: ${address}/api/v1/openapi.json; web app: ${address}/)\n`);
      if (ctx.url === undefined) {
        // Federation requests must be signed for the URL a node computes (docs/federation.md §2).
        io.out(`No node URL set: peers must address this node by the IP address and port they connect to (listening on ${address});\n` +
          '  behind a proxy or NAT, or to use a host name, set the URL peers use with `parley node url`.\n');
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await ctx.close();
    });
}
