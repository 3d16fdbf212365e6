// The web app's in-browser checkpoint check, on the worked example of docs/formats.md §6.3
// (WebCrypto is the same API in Node and the browser).
import { describe, expect, it } from 'vitest';
import { checkSignedNote } from '../../web/src/record/signed-note.js';

const KEY = 'example.org+a49ce15a+ATZDbSXuF3/cMw6LkDEVzyaNf1v5epnwIgVxDpz/xbkc';
const BODY = 'example.org/pacific-channels\n4\nS3K2DWjOREN7GkZc93RqVLQCZb2YNkE3bmpPtqderZc=\n';
const NOTE = `${BODY}\n— example.org pJzhWqneZ5HsxR73FiikleEoTQdT5QaEBPNuV9OYwHOtJcf0vywnu8W5XEuERxMEH3xi9ZGPfDm1IDJvHWGAh9zVxAc=\n`;

describe('checkSignedNote', () => {
  it('verifies a checkpoint signed by the log key', async () => {
    expect(await checkSignedNote(NOTE, KEY)).toBe('verified');
  });

  it('rejects a changed body (another size or root)', async () => {
    expect(await checkSignedNote(NOTE.replace('\n4\n', '\n5\n'), KEY)).toBe('invalid');
    expect(await checkSignedNote(NOTE.replace('S3K2', 'T3K2'), KEY)).toBe('invalid');
  });

  it('reads a verifier key whose base64 contains "+" (a checkpoint of a demo node)', async () => {
    const key = 'demo.parley.local+d47da8be+AU8pXWXZ0yCP+p4DVvKYJUBDFBv9AF+F8tfOjPqKBHB6';
    const note = 'demo.parley.local/pacific-channels\n58\ndN6583bzU2mcvVUlECFHd9vcQ5h/8n7jRiuE37c9YpQ=\n\n'
      + '— demo.parley.local 1H2ovr8/oRSnyotJYSEwSnmM851oVxKDKZn86LuL5LV0cdIW6+7Iim+v03OjTST855cCJS4scEvi3+YywURijsMWuwk=\n';
    expect(await checkSignedNote(note, key)).toBe('verified');
  });

  it('finds no signature by a key of another name, and refuses a key whose hash does not match', async () => {
    expect(await checkSignedNote(NOTE.replace('— example.org ', '— example.net '), KEY)).toBe('unsigned');
    expect(await checkSignedNote(NOTE, KEY.replace('a49ce15a', 'a49ce15b'))).toBe('invalid');
  });
});
