/**
 * The only module that reads the environment. Every setting is read once, validated, and
 * every problem is reported together, so a misconfigured node says all that is wrong at once.
 *
 * | variable            | meaning                                        | default          |
 * | ------------------- | ---------------------------------------------- | ---------------- |
 * | PARLEY_DATA         | data directory (keys, SQLite file, node.json)  | ./parley-data    |
 * | PARLEY_DATABASE_URL | postgres://… to use PostgreSQL instead of SQLite | (SQLite)       |
 * | PARLEY_HOST         | address the HTTP server binds                  | 127.0.0.1        |
 * | PARLEY_PORT         | port of the HTTP server                        | 8080             |
 * | PARLEY_NODE_NAME    | node name used by `parley init`                | parley.local     |
 * | PARLEY_LOG_LEVEL    | pino log level                                 | info             |
 * | PARLEY_TLS_CERT      | PEM certificate chain file: `parley serve` speaks HTTPS (with PARLEY_TLS_KEY) | (plain HTTP) |
 * | PARLEY_TLS_KEY       | PEM private key file of that certificate       | (plain HTTP)     |
 * | PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS | comma-separated CIDRs webhooks may reach although private, loopback or link-local (an internal pager gateway) | (none) |
 * | PARLEY_TRUST_PROXY  | comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (the client address for rate limits, https for the Secure cookie) | (none: headers ignored) |
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseCidr } from './node/webhook-targets.js';

const ConfigSchema = z.object({
  PARLEY_DATA: z.string().min(1).default('./parley-data'),
  PARLEY_DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PARLEY_HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_PORT: z.coerce.number().int('must be an integer').min(0).max(65535).default(8080),
  PARLEY_NODE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'letters, digits, dots and hyphens only (it names the checkpoint origin)')
    .default('parley.local'),
  PARLEY_TLS_CERT: z.string().min(1).optional(),
  PARLEY_TLS_KEY: z.string().min(1).optional(),
  PARLEY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.string().default('')
    .transform((text) => text.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .refine((cidrs) => cidrs.every((cidr) => parseCidr(cidr) !== undefined), 'must be comma-separated networks such as 10.1.2.0/24 or fd00::/8'),
  PARLEY_TRUST_PROXY: z.string().default('')
    .transform((text) => text.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    // A single address is its own /32 or /128.
    .refine((proxies) => proxies.every((p) => parseCidr(p.includes('/') ? p : `${p}/${p.includes(':') ? 128 : 32}`) !== undefined),
      'must be comma-separated addresses or networks of your reverse proxies, such as 127.0.0.1 or 10.0.0.0/8'),
});

export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly nodeName: string;
  readonly logLevel: string;
  /** Networks webhooks may reach although blocked by default (src/node/webhook-targets.ts). */
  readonly webhookAllowPrivateNetworks: readonly string[];
  /** Reverse proxies whose forwarding headers are believed (Fastify's trustProxy); empty: none. */
  readonly trustProxy: readonly string[];
  /** Certificate and key files for HTTPS, when both are set. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const c = parsed.data;
  if ((c.PARLEY_TLS_CERT === undefined) !== (c.PARLEY_TLS_KEY === undefined)) {
    throw new ConfigError([`${c.PARLEY_TLS_CERT === undefined ? 'PARLEY_TLS_CERT' : 'PARLEY_TLS_KEY'}: required with ${c.PARLEY_TLS_CERT === undefined ? 'PARLEY_TLS_KEY' : 'PARLEY_TLS_CERT'} (HTTPS needs both)`]);
  }
  return {
    dataDir: resolve(c.PARLEY_DATA),
    databaseUrl: c.PARLEY_DATABASE_URL,
    host: c.PARLEY_HOST,
    port: c.PARLEY_PORT,
    nodeName: c.PARLEY_NODE_NAME,
    logLevel: c.PARLEY_LOG_LEVEL,
    webhookAllowPrivateNetworks: c.PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    trustProxy: c.PARLEY_TRUST_PROXY,
    tls: c.PARLEY_TLS_CERT !== undefined && c.PARLEY_TLS_KEY !== undefined
      ? { certFile: resolve(c.PARLEY_TLS_CERT), keyFile: resolve(c.PARLEY_TLS_KEY) } : undefined,
  };
}
