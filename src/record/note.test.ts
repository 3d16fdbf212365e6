// Signed notes: the reference vectors of golang.org/x/mod/sumdb/note, round trips and rejections.
import { describe, expect, it } from 'vitest';
import { VerificationError } from './errors.js';
import { signingKeyFromSeed } from './keys.js';
import { isValidKeyName, noteKeyHash, openNote, parseVerifierKey, signNote, verifierKeyString } from './note.js';

// From golang.org/x/mod/sumdb/note's tests: a private key (0x01 ‖ seed) and its signature.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = { name: 'PeterNeumann', key: signingKeyFromSeed(PETER_SEED) };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    throw error;
  }
  return undefined;
}

describe('signed note', () => {
  it('derives the reference verifier key and signature', () => {
    expect(noteKeyHash('PeterNeumann', peter.key.publicKey)).toBe(0xc74f20a3);
    expect(verifierKeyString('PeterNeumann', peter.key.publicKey)).toBe(PETER_VKEY);
    expect(signNote(TEXT, [peter])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('opens the reference note, listing unknown signatures', () => {
    const opened = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [parseVerifierKey(PETER_VKEY)]);
    expect(opened).toEqual({ text: TEXT, verified: ['PeterNeumann'], unknown: [{ name: 'EnochRoot', keyHash: 0xaf0cfe78 }] });
  });

  it('round-trips text with blank lines and non-ASCII', () => {
    const key = { name: 'node.example/Ωmega', key: signingKeyFromSeed(Buffer.alloc(32, 7)) };
    const text = 'α\n\nβ 😀\n';
    const v = parseVerifierKey(verifierKeyString(key.name, key.key.publicKey));
    expect(openNote(signNote(text, [key, peter]), [v]).text).toBe(text);
  });

  it('parses a verifier key whose base64 contains "+"', () => {
    const key = signingKeyFromSeed(Buffer.alloc(32, 10));
    const vkey = verifierKeyString('n.example/d', key.publicKey);
    expect(vkey.split('+').length).toBeGreaterThan(3);
    expect(parseVerifierKey(vkey).key.raw.equals(key.publicKey)).toBe(true);
  });

  it('parses a verifier key into name, key ID and key', () => {
    const v = parseVerifierKey(PETER_VKEY);
    expect(v.name).toBe('PeterNeumann');
    expect(v.keyHash).toBe(0xc74f20a3);
    expect(v.key.raw.equals(peter.key.publicKey)).toBe(true);
  });

  it.each([
    ['wrong key ID', 'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['wrong length key', 'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='],
    ['unknown algorithm', 'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['name with +', 'Peter+Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['short key ID', 'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
  ])('rejects a verifier key with %s', (_what, vkey) => {
    expect(codeOf(() => parseVerifierKey(vkey))).toBe('note_bad_key');
  });

  it('applies the name rules of the spec', () => {
    for (const name of ['', 'a b', 'a+b', 'a\tb', 'a\u00a0b', 'a\u3000b', 'a\u2028b']) expect(isValidKeyName(name)).toBe(false);
    for (const name of ['example.com/log', 'Ωmega', '😀']) expect(isValidKeyName(name)).toBe(true);
    expect(codeOf(() => signNote(TEXT, [{ name: 'a b', key: peter.key }]))).toBe('note_malformed');
  });

  it.each([
    ['no signatures', TEXT],
    ['only a blank line', `${TEXT}\n`],
    ['no final newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['a control character', `\x01${TEXT}\n${PETER_SIG}`],
    ['a name with a space', `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['a line that is not a signature', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['a short signature', `${TEXT}\n— PeterNeumann AAAA\n`],
  ])('rejects a note with %s', (_what, note) => {
    expect(codeOf(() => openNote(note, [parseVerifierKey(PETER_VKEY)]))).toBe('note_malformed');
  });

  it('rejects a note whose known signature fails', () => {
    const tampered = `${TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`;
    expect(codeOf(() => openNote(tampered, [parseVerifierKey(PETER_VKEY)]))).toBe('note_signature_invalid');
  });

  it('rejects a note with no signature by a known key, naming both sides', () => {
    const other = parseVerifierKey(verifierKeyString('PeterNeumann', signingKeyFromSeed(Buffer.alloc(32, 1)).publicKey));
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [other])).toThrow(/no signature by a known key \(expected PeterNeumann\+[0-9a-f]{8}, got PeterNeumann\+c74f20a3\)/);
  });

  it('refuses to sign text that could not be opened', () => {
    expect(codeOf(() => signNote('no newline', [peter]))).toBe('note_malformed');
    expect(codeOf(() => signNote('tab\there\n', [peter]))).toBe('note_malformed');
    expect(codeOf(() => signNote(TEXT, []))).toBe('note_malformed');
  });
});
