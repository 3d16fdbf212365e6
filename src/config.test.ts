import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('webhook private networks setting', () => {
  it('is empty by default and a comma-separated list of networks when given', () => {
    expect(loadConfig({}).webhookAllowPrivateNetworks).toEqual([]);
    expect(loadConfig({ PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS: ' 10.1.2.0/24, fd00:1::/64 ,' }).webhookAllowPrivateNetworks).toEqual(['10.1.2.0/24', 'fd00:1::/64']);
  });
  it('refuses a malformed network with the variable named', () => {
    expect(() => loadConfig({ PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS: '10.1.2.0/24,pager.internal' })).toThrow(ConfigError);
    expect(() => loadConfig({ PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/40' })).toThrow(/PARLEY_WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
  });
});

describe('TLS setting', () => {
  it('is off by default and on with both a certificate and a key file', () => {
    expect(loadConfig({}).tls).toBeUndefined();
    expect(loadConfig({ PARLEY_TLS_CERT: '/etc/parley/cert.pem', PARLEY_TLS_KEY: '/etc/parley/key.pem' }).tls)
      .toEqual({ certFile: '/etc/parley/cert.pem', keyFile: '/etc/parley/key.pem' });
  });
  it('refuses one without the other, naming the missing variable', () => {
    expect(() => loadConfig({ PARLEY_TLS_CERT: '/etc/parley/cert.pem' })).toThrow(/PARLEY_TLS_KEY: required with PARLEY_TLS_CERT/);
    expect(() => loadConfig({ PARLEY_TLS_KEY: '/etc/parley/key.pem' })).toThrow(/PARLEY_TLS_CERT: required with PARLEY_TLS_KEY/);
  });
});

describe('trusted reverse proxies setting', () => {
  it('is empty by default (forwarding headers ignored) and a list of addresses or networks when given', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ PARLEY_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
  });
  it('refuses what is not an address or a network, naming the variable', () => {
    expect(() => loadConfig({ PARLEY_TRUST_PROXY: 'proxy.internal' })).toThrow(/PARLEY_TRUST_PROXY/);
    expect(() => loadConfig({ PARLEY_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/PARLEY_TRUST_PROXY/);
  });
});
