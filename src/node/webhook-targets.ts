/**
 * Where a webhook may be sent (server-side request forgery guard, docs/webhooks.md §6).
 *
 * A party admin chooses the URL, but the node makes the request: without a guard, an admin
 * could point it at the node's own loopback services, the cloud metadata endpoint
 * (169.254.169.254) or the host's private network. Such addresses are refused unless the node
 * allows a private network explicitly (`PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS`, for a pager
 * gateway on an internal network). The URL is checked when the endpoint is created or changed
 * (scheme, credentials, literal addresses); every attempt resolves the host, refuses it if
 * ANY of its addresses is blocked, and connects to the address it checked (`pinnedLookup`),
 * so a DNS answer that changes between the check and the connection (rebinding) cannot
 * redirect the request.
 */
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';

/** Blocked ranges, by what they are (the name is the refusal's reason). */
const BLOCKED: ReadonlyArray<{ readonly name: string; readonly ranges: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']> }> = [
  { name: 'a loopback address', ranges: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']] },
  { name: 'an unspecified address', ranges: [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']] },
  { name: 'a link-local address (incl. cloud metadata)', ranges: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']] },
  {
    name: 'a private network address',
    ranges: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6'], ['fec0::', 10, 'ipv6']],
  },
  { name: 'a multicast or reserved address', ranges: [['224.0.0.0', 4, 'ipv4'], ['240.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']] },
];

const LISTS = BLOCKED.map(({ name, ranges }) => {
  const list = new BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  return { name, list };
});

/**
 * An IPv6 address that carries an IPv4 one — IPv4-mapped `::ffff:a.b.c.d` (also written
 * `::ffff:7f00:1`), IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` — as that IPv4
 * address; the request reaches it, so it is classified as it.
 */
export function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const top = groups.slice(0, 6);
  const mapped = top.slice(0, 5).every((g) => g === 0) && top[5] === 0xffff;
  const compatible = top.every((g) => g === 0) && (groups[6]! !== 0 || groups[7]! > 1);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !compatible && !nat64) return undefined;
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address (with or without brackets, zone or dotted tail). */
function expandIpv6(text: string): number[] | undefined {
  const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(address) !== 6) return undefined;
  let body = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    body = `${body.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = body.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

/** Why a literal IP address may not be a webhook target by default, or undefined if it may. */
export function blockedReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return undefined;
  const v4 = family === 6 ? embeddedIpv4(bare) : bare;
  const [checked, type] = v4 !== undefined ? [v4, 'ipv4' as const] : [bare, 'ipv6' as const];
  return LISTS.find(({ list }) => list.check(checked, type))?.name;
}

/** A webhook target refused by the guard; its message is the reason shown in the delivery log. */
export class RefusedTarget extends Error {
  override readonly name = 'RefusedTarget';
}

/** A resolved address the request may connect to. */
export interface CheckedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export class WebhookTargets {
  readonly #allowed = new BlockList();
  readonly allowPrivateNetworks: readonly string[];

  /** `allowPrivateNetworks`: CIDRs (`10.1.2.0/24`, `fd00:1::/64`) a webhook may reach although blocked by default. */
  constructor(allowPrivateNetworks: readonly string[] = []) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    for (const cidr of allowPrivateNetworks) {
      const parsed = parseCidr(cidr);
      if (!parsed) throw new Error(`not a network (address/prefix): ${cidr}`);
      this.#allowed.addSubnet(parsed.network, parsed.prefix, parsed.family);
    }
  }

  /** Why the node will not connect to this address, or undefined if it may. */
  refusal(address: string): string | undefined {
    const reason = blockedReason(address);
    if (reason === undefined) return undefined;
    const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const v4 = isIP(bare) === 6 ? embeddedIpv4(bare) : bare;
    const allowed = v4 !== undefined ? this.#allowed.check(v4, 'ipv4') : this.#allowed.check(bare, 'ipv6');
    return allowed ? undefined : `${bare} is ${reason}, not allowed for webhooks (PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS)`;
  }

  /**
   * Why a URL may not be a webhook target, judged without DNS (when an endpoint is created or
   * changed): not http(s), credentials in it, or a literal or local host name that is blocked.
   * Names are resolved and checked again on every attempt.
   */
  urlRefusal(text: string): string | undefined {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return 'is not a URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http: or https: URL';
    if (url.username !== '' || url.password !== '') return 'must not contain credentials (user:password@)';
    const host = url.hostname.toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost')) return this.refusal('127.0.0.1');
    return this.refusal(host);
  }

  /**
   * Resolves the URL's host (every address) and returns the one to connect to; throws
   * RefusedTarget if the URL or ANY of the addresses is refused (a name resolving to both a
   * public and a private address is refused: the connection could reach either).
   */
  async resolve(url: URL): Promise<CheckedAddress> {
    const early = this.urlRefusal(url.href);
    if (early !== undefined) throw new RefusedTarget(`refused: ${early}`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = await lookup(host, { all: true, verbatim: true });
    for (const { address } of addresses) {
      const reason = this.refusal(address);
      if (reason !== undefined) throw new RefusedTarget(`refused: ${url.hostname} resolves to ${reason}`);
    }
    const first = addresses[0];
    if (!first) throw new RefusedTarget(`refused: ${url.hostname} has no address`);
    return { address: first.address, family: first.family === 6 ? 6 : 4 };
  }
}

/** A `lookup` for http(s).request that answers only the checked address: DNS is not asked again. */
export function pinnedLookup(checked: CheckedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (error: null, addresses: CheckedAddress[]) => void)(null, [checked]);
    } else {
      callback(null, checked.address, checked.family);
    }
  };
}

/** `10.1.2.0/24`, `fd00::/8` (a bare address is its own /32 or /128); undefined if malformed. */
export function parseCidr(text: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [network = '', prefixText, ...rest] = text.trim().split('/');
  const version = isIP(network);
  if (version === 0 || rest.length > 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
