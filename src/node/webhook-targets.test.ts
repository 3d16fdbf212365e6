import { describe, expect, it } from 'vitest';
import { blockedReason, embeddedIpv4, parseCidr, pinnedLookup, RefusedTarget, WebhookTargets } from './webhook-targets.js';

describe('webhook target classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['::1', 'loopback'], ['[::1]', 'loopback'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'], ['169.254.0.0', 'link-local'], ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'], ['100.64.0.1', 'private'], ['fc00::1', 'private'], ['fd12:3456::1', 'private'],
    ['224.0.0.1', 'multicast'], ['255.255.255.255', 'multicast'], ['ff02::1', 'multicast'],
    // IPv4 inside IPv6 is classified as the IPv4 address the connection reaches.
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['[::ffff:a9fe:a9fe]', 'link-local'],
    ['::ffff:10.0.0.1', 'private'], ['::127.0.0.1', 'loopback'], ['64:ff9b::a9fe:a9fe', 'link-local'],
  ])('blocks %s (%s)', (address, kind) => {
    expect(blockedReason(address)).toContain(kind);
  });

  it.each([
    '8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.0', '192.167.255.255', '192.169.0.0', '169.253.255.255', '169.255.0.0',
    '11.0.0.0', '9.255.255.255', '100.63.255.255', '100.128.0.0', '223.255.255.255', '126.255.255.255', '128.0.0.0',
    '2001:4860:4860::8888', '2606:4700::1111', 'fec0::1'.replace('fec0', 'fbff'), '::ffff:8.8.8.8', '::ffff:808:808', 'example.org',
  ])('allows %s', (address) => {
    expect(blockedReason(address)).toBeUndefined();
  });

  it('finds the IPv4 address inside mapped, compatible and NAT64 forms only', () => {
    expect(embeddedIpv4('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(embeddedIpv4('0:0:0:0:0:ffff:0102:0304')).toBe('1.2.3.4');
    expect(embeddedIpv4('64:ff9b::1.2.3.4')).toBe('1.2.3.4');
    expect(embeddedIpv4('2001:db8::1.2.3.4')).toBeUndefined();
    expect(embeddedIpv4('::1')).toBeUndefined();
    expect(embeddedIpv4('1.2.3.4')).toBeUndefined();
  });

  it('allows exactly the configured private networks', () => {
    const targets = new WebhookTargets(['10.1.2.0/24', 'fd00:1::/64', '127.0.0.1']);
    expect(targets.refusal('10.1.2.77')).toBeUndefined();
    expect(targets.refusal('::ffff:10.1.2.77')).toBeUndefined();
    expect(targets.refusal('10.1.3.1')).toMatch(/10\.1\.3\.1 is a private network address/);
    expect(targets.refusal('fd00:1::5')).toBeUndefined();
    expect(targets.refusal('fd00:2::5')).toMatch(/private/);
    expect(targets.refusal('127.0.0.1')).toBeUndefined();
    expect(targets.refusal('127.0.0.2')).toMatch(/loopback/);
    expect(targets.refusal('169.254.169.254')).toMatch(/link-local/);
    expect(() => new WebhookTargets(['10.1.2.0/33'])).toThrow(/not a network/);
  });

  it('parses networks', () => {
    expect(parseCidr('10.1.2.0/24')).toEqual({ network: '10.1.2.0', prefix: 24, family: 'ipv4' });
    expect(parseCidr('fd00::/8')).toEqual({ network: 'fd00::', prefix: 8, family: 'ipv6' });
    expect(parseCidr('10.1.2.3')).toEqual({ network: '10.1.2.3', prefix: 32, family: 'ipv4' });
    for (const bad of ['10.1.2.0/33', 'fd00::/129', 'pager.internal/24', '10.1.2.0/24/1', '10.1.2.0/x', '']) expect(parseCidr(bad)).toBeUndefined();
  });
});

describe('webhook URL checks', () => {
  const targets = new WebhookTargets();
  it.each([
    ['ftp://example.org/x', /http: or https:/],
    ['https://user:pw@example.org/x', /credentials/],
    ['https://user@example.org/x', /credentials/],
    ['http://127.0.0.1/', /loopback/],
    ['http://localhost:8080/', /loopback/],
    ['http://metadata.localhost/', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://[::1]:9000/', /loopback/],
    ['http://[::ffff:169.254.169.254]/', /link-local/],
    ['http://0x7f000001/', /loopback/],
    ['http://2130706433/', /loopback/],
    ['http://10.0.0.5/', /private/],
    ['not a url', /not a URL/],
  ])('refuses %s', (url, reason) => {
    expect(targets.urlRefusal(url)).toMatch(reason);
  });
  it('accepts a public name or address (names are checked again on every attempt)', () => {
    expect(targets.urlRefusal('https://pager.example.org/parley')).toBeUndefined();
    expect(targets.urlRefusal('http://8.8.8.8:8080/x')).toBeUndefined();
  });
});

describe('resolution at delivery time', () => {
  it('refuses a name that resolves to loopback, and an IP literal without DNS', async () => {
    const targets = new WebhookTargets();
    await expect(targets.resolve(new URL('http://127.0.0.1:9/x'))).rejects.toThrow(RefusedTarget);
    await expect(targets.resolve(new URL('http://localhost:9/x'))).rejects.toThrow(/loopback/);
  });
  it('gives the checked address when allowed, and the pinned lookup answers only it', async () => {
    const checked = await new WebhookTargets(['127.0.0.0/8']).resolve(new URL('http://127.0.0.1:9/x'));
    expect(checked).toEqual({ address: '127.0.0.1', family: 4 });
    const answers: unknown[] = [];
    const lookup = pinnedLookup(checked);
    lookup('rebound.example', {}, (error, address, family) => answers.push([error, address, family]));
    lookup('rebound.example', { all: true }, (error, addresses) => answers.push([error, addresses]));
    expect(answers).toEqual([[null, '127.0.0.1', 4], [null, [{ address: '127.0.0.1', family: 4 }]]]);
  });
});
