// Acceptance: transcripts verify with an independent verifier built only on Go's standard
// library and golang.org/x/mod/sumdb/{note,tlog} (tools/independent-verify). Skipped, saying
// so, only when `go` is not installed; CI installs golang-go and golang-golang-x-mod-dev.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const hasGo = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasGo) console.warn('SKIPPED independent-verify: `go` is not on PATH (install golang-go golang-golang-x-mod-dev)');

describe.skipIf(!hasGo)('independent verifier (Go: crypto/ed25519, sumdb/note, sumdb/tlog)', () => {
  let dir = '';
  let binary = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-iv-'));
    binary = join(dir, 'independent-verify');
    const env = {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: process.env.PARLEY_GOPATH ?? '/usr/share/gocode',
      GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'parley-go-cache'),
    };
    execFileSync('go', ['build', '-o', binary, 'tools/independent-verify/main.go'], { cwd: ROOT, env, stdio: 'pipe' });
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function verify(vector: string): { status: number | null; out: string } {
    const result = spawnSync(binary, [join(ROOT, 'testdata/record', vector)], { encoding: 'utf8' });
    return { status: result.status, out: result.stdout + result.stderr };
  }

  it.each(['transcript-valid.json', 'transcript-valid-withheld.json'])('accepts %s', (vector) => {
    expect(verify(vector)).toEqual({ status: 0, out: 'OK 14 events\n' });
  });

  it.each([
    ['transcript-tampered-body-bit.json', /^FAIL event 2: body does not match bodyHash/],
    ['transcript-tampered-signature-bit.json', /^FAIL event 4: signature does not verify/],
    ['transcript-tampered-checkpoint-other-key.json', /^FAIL checkpoint: /],
  ])('rejects %s', (vector, message) => {
    const { status, out } = verify(vector);
    expect(status).toBe(1);
    expect(out).toMatch(message);
  });
});
