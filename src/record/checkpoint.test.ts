// Checkpoints: the tlog-checkpoint body format and signed checkpoints opened with a verifier key.
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
import { VerificationError } from './errors.js';
import { signingKeyFromSeed } from './keys.js';
import { verifierKeyString } from './note.js';

const ROOT = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const log = { name: 'node-a.example/dlg-1', key: signingKeyFromSeed(Buffer.alloc(32, 3)) };
const logKey = verifierKeyString(log.name, log.key.publicKey);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    throw error;
  }
  return undefined;
}

describe('checkpoint', () => {
  it('formats and parses the spec example', () => {
    expect(formatCheckpoint({ origin: 'example.com/behind-the-sofa', size: 20852163, root: ROOT })).toBe(SPEC_BODY);
    expect(parseCheckpoint(SPEC_BODY)).toEqual({ origin: 'example.com/behind-the-sofa', size: 20852163, root: ROOT });
  });

  it('keeps extension lines', () => {
    const text = `${SPEC_BODY}ext one\next two\n`;
    expect(parseCheckpoint(text).extensions).toEqual(['ext one', 'ext two']);
    expect(formatCheckpoint(parseCheckpoint(text))).toBe(text);
  });

  it.each([
    ['leading zero', 'o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['sign', 'o\n+12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['short root', 'o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n'],
    ['unpadded root', 'o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n'],
    ['empty origin', '\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['two lines', 'o\n12\n'],
    ['no final newline', 'o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I='],
    ['empty extension line', 'o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n'],
    ['huge size', 'o\n9007199254740993\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
  ])('rejects a body with %s', (_what, text) => {
    expect(codeOf(() => parseCheckpoint(text))).toBe('checkpoint_malformed');
  });

  it('accepts the empty tree', () => {
    expect(parseCheckpoint('o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n').size).toBe(0);
  });

  it('signs and opens, checking the origin', () => {
    const note = signCheckpoint({ origin: log.name, size: 5, root: ROOT }, log);
    const opened = openCheckpoint(note, logKey, log.name);
    expect(opened).toMatchObject({ origin: log.name, size: 5, signer: log.name, note });
    expect(opened.root.equals(ROOT)).toBe(true);
    expect(() => openCheckpoint(note, logKey, 'node-a.example/dlg-2')).toThrow(
      /checkpoint is for another log \(expected node-a.example\/dlg-2, got node-a.example\/dlg-1\)/,
    );
    expect(codeOf(() => openCheckpoint(note, logKey, 'node-a.example/dlg-2'))).toBe('checkpoint_origin_mismatch');
  });

  it('rejects a checkpoint signed by another key or altered', () => {
    const other = { name: log.name, key: signingKeyFromSeed(Buffer.alloc(32, 4)) };
    expect(codeOf(() => openCheckpoint(signCheckpoint({ origin: log.name, size: 5, root: ROOT }, other), logKey))).toBe('note_no_known_signature');
    const note = signCheckpoint({ origin: log.name, size: 5, root: ROOT }, log);
    expect(codeOf(() => openCheckpoint(note.replace('\n5\n', '\n6\n'), logKey))).toBe('note_signature_invalid');
  });
});
