/**
 * `parley webhooks …`: a party's outbound webhooks (docs/webhooks.md) through the same API
 * routes, for its admins — locally as `--as ADMIN`, or against `--server` with `--token`.
 *
 *   parley webhooks create --url https://pager.example.org/parley --types hotline,notice. --as aurelia-admin
 *   parley webhooks deliveries <id> --status failed --as aurelia-admin
 */
import type { Command } from 'commander';
import { output, request, withConnection, type Connection } from './client.js';
import type { Io } from './io.js';

const prefixes = (text: string | undefined) => (text ?? '').split(',').map((p) => p.trim()).filter(Boolean);
const path = (id: string, rest = '') => `/api/v1/webhooks/${encodeURIComponent(id)}${rest}`;

export function registerWebhooks(program: Command, io: Io): void {
  const hooks = program.command('webhooks').description("your party's outbound webhooks (admins): signed POSTs of events and private notices");

  withConnection(hooks.command('list')).description('list them (never their secrets)')
    .action(async (options: Connection) => output(io, await request(options, 'GET', '/api/v1/webhooks')));

  withConnection(hooks.command('create')).description('add one; prints its signing secret, shown only this once')
    .requiredOption('--url <url>', 'http: or https: URL to POST to')
    .option('--types <prefixes>', 'comma-separated type prefixes, e.g. hotline,notice. (default: every type)')
    .option('--disabled', 'create it disabled')
    .action(async (options: Connection & { url: string; types?: string; disabled?: boolean }) =>
      output(io, await request(options, 'POST', '/api/v1/webhooks', { url: options.url, types: prefixes(options.types), enabled: !options.disabled })));

  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    withConnection(hooks.command(name)).description(`${name} one`).argument('<id>', 'webhook id')
      .action(async (id: string, options: Connection) => output(io, await request(options, 'PATCH', path(id), { enabled })));
  }

  withConnection(hooks.command('rotate-secret')).description('replace its signing secret; prints the new one, shown only this once')
    .argument('<id>', 'webhook id')
    .action(async (id: string, options: Connection) => output(io, await request(options, 'POST', path(id, '/rotate-secret'), {})));

  withConnection(hooks.command('delete')).description('delete one with its delivery log').argument('<id>', 'webhook id')
    .action(async (id: string, options: Connection) => {
      const response = await request(options, 'DELETE', path(id));
      if (response.status === 204) io.out(`deleted webhook ${id}\n`);
      else output(io, response);
    });

  withConnection(hooks.command('deliveries')).description('its delivery log, newest first, with every attempt')
    .argument('<id>', 'webhook id')
    .option('--status <status>', 'pending, delivered or failed')
    .option('--limit <n>', 'how many (1–500)')
    .action(async (id: string, options: Connection & { status?: string; limit?: string }) => {
      const query = new URLSearchParams({ ...(options.status ? { status: options.status } : {}), ...(options.limit ? { limit: options.limit } : {}) });
      output(io, await request(options, 'GET', path(id, `/deliveries${query.size ? `?${query}` : ''}`)));
    });
}
