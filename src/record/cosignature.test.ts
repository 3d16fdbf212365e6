// Cosignatures (C2SP tlog-cosignature v1, Ed25519): a golden vector checked independently with
// OpenSSL (`openssl pkeyutl -verify -rawin` over "cosignature/v1\ntime 1679315147\n" + body, and
// sha256sum for the key ID), then tampered variants, each rejected for its reason.
import { describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.js';
import {
  addCosignature, cosignatureLine, cosignatureMessage, cosignerKeyHash, cosignerKeyString, openCosignatures, parseCosignerKey,
} from './cosignature.js';
import { VerificationError } from './errors.js';
import { signingKeyFromSeed } from './keys.js';
import { openNote, parseVerifierKey, verifierKeyString } from './note.js';

const witness = { name: 'witness.example/w1', key: signingKeyFromSeed(Buffer.alloc(32, 4)) };
const BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const TIME = 1679315147;
const WITNESS_KEY = 'witness.example/w1+141f260a+BMqTrBcFGHBx1nuDx/8O/oEI6OxFMFdddyaHkzPb2r58';
const LINE = '— witness.example/w1 FB8mCgAAAABkGFDL82BuVAliPYXLWoJdqTHPN+gVatFS5l4TLdVUdui5SWFBYaPFa5qCTXt9oXy6f2KKtotpN9mICDJhWyA+srs/Ag==\n';

const log = { name: 'example.com/behind-the-sofa', key: signingKeyFromSeed(Buffer.alloc(32, 1)) };
const logNote = signCheckpoint(
  { origin: 'example.com/behind-the-sofa', size: 20852163, root: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64') },
  log,
);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    throw error;
  }
  return undefined;
}

describe('cosignature', () => {
  it('produces the golden key string and line', () => {
    expect(cosignerKeyHash(witness.name, witness.key.publicKey)).toBe(0x141f260a);
    expect(cosignerKeyString(witness.name, witness.key.publicKey)).toBe(WITNESS_KEY);
    expect(cosignatureLine(BODY, witness, TIME)).toBe(LINE);
    // The timestamp bytes are those of the specification's example (same time).
    expect(LINE).toContain('AAAABkGFDL');
    expect(cosignatureMessage(BODY, TIME).toString('utf8')).toBe(`cosignature/v1\ntime 1679315147\n${BODY}`);
  });

  it('verifies a cosigned checkpoint, and the log signature still opens', () => {
    const cosigned = addCosignature(logNote, LINE);
    expect(openCosignatures(cosigned, [parseCosignerKey(WITNESS_KEY)])).toEqual([{ name: witness.name, timestamp: TIME }]);
    const opened = openNote(cosigned, [parseVerifierKey(verifierKeyString(log.name, log.key.publicKey))]);
    expect(opened.verified).toEqual([log.name]);
    expect(opened.unknown).toEqual([{ name: witness.name, keyHash: 0x141f260a }]);
    expect(addCosignature(cosigned, LINE)).toBe(cosigned);
  });

  it('ignores cosignatures by cosigners it was not given', () => {
    const other = { name: 'other.example/w', key: signingKeyFromSeed(Buffer.alloc(32, 5)) };
    const cosigned = addCosignature(logNote, LINE);
    expect(openCosignatures(cosigned, [parseCosignerKey(cosignerKeyString(other.name, other.key.publicKey))])).toEqual([]);
  });

  it.each([
    ['another checkpoint body', () => addCosignature(logNote.replace('20852163', '20852164'), LINE)],
    ['another timestamp', () => addCosignature(logNote, LINE.replace('AAAABkGFDL', 'AAAABkGFDM'))],
    ['a flipped signature bit', () => addCosignature(logNote, LINE.replace('Ag==', 'Aw=='))],
    ['a truncated signature', () => addCosignature(logNote, LINE.replace('srs/Ag==', 'srs='))],
  ])('rejects %s', (_, tampered) => {
    // Each variant keeps the cosigner's name and key ID, so it is checked and must fail.
    expect(codeOf(() => openCosignatures(tampered(), [parseCosignerKey(WITNESS_KEY)]))).toBe('cosignature_invalid');
  });

  it('refuses a key that is a note key (type 0x01) or whose key ID does not match', () => {
    expect(codeOf(() => parseCosignerKey(verifierKeyString(witness.name, witness.key.publicKey)))).toBe('cosigner_bad_key');
    expect(codeOf(() => parseCosignerKey(WITNESS_KEY.replace('141f260a', '141f260b')))).toBe('cosigner_bad_key');
    expect(codeOf(() => parseCosignerKey('no-plus-signs'))).toBe('cosigner_bad_key');
  });

  it('refuses malformed input', () => {
    expect(codeOf(() => cosignatureMessage('no newline', TIME))).toBe('cosignature_malformed');
    expect(codeOf(() => cosignatureMessage(BODY, -1))).toBe('cosignature_malformed');
    expect(codeOf(() => addCosignature(logNote, 'not a signature line\n'))).toBe('cosignature_malformed');
    expect(codeOf(() => addCosignature('no blank line', LINE))).toBe('note_malformed');
  });
});
