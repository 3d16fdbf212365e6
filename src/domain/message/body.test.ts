// What the inbox accepts of another node's message events (body.ts): exactly what this node's
// deciders write. Given any post the decider accepts, then its body passes the check; given a
// body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec } from '../testing/body-spec.js';
import { messages } from './index.js';
import { decideMessage, MESSAGE_KINDS } from './decider.js';

const actor = { party: 'red', member: 'red-delegate', roles: ['delegate'] } as const;
const version = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');

const spec = bodySpec(messages);
const fieldOf = (body: object, type = 'message.posted'): string | undefined => spec.refusal(type, body);

describe('message bodies from another node', () => {
  it('given any post the decider accepts, when its body arrives, then it passes', () => {
    fc.assert(fc.property(
      fc.constantFrom(...MESSAGE_KINDS), version, fc.option(version, { nil: undefined }), fc.subarray(['en', 'zh-Hans']),
      fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: undefined }), fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: undefined }), fc.boolean(),
      (kind, en, zh, authentic, workingGroup, replyTo, requiresAcknowledgement) => {
        const text = { en, ...(zh === undefined ? {} : { 'zh-Hans': zh }) };
        const [event] = decideMessage({
          type: 'post_message', actor: actor as never, kind, text, authentic: authentic.filter((lang) => lang in text),
          ...(workingGroup ? { workingGroup } : {}), ...(replyTo ? { replyTo } : {}), requiresAcknowledgement,
        });
        expect(fieldOf(event!.body)).toBeUndefined();
      },
    ));
  });

  it('given a kind no node writes, then the decider refuses it as the check does (a scenario step reaches the decider directly)', () => {
    expect(() => decideMessage({ type: 'post_message', actor: actor as never, kind: 'urgent' as never, text: { en: 'Hello' } }))
      .toThrow(expect.objectContaining({ code: 'kind_invalid', field: 'kind' }) as unknown as Error);
    expect(fieldOf({ kind: 'urgent', text: { en: 'Hello' } })).toBe('kind_invalid body.kind');
  });

  it('given a language every object has by name, then neither the decider nor the check takes it as a version of the text', () => {
    expect(() => decideMessage({ type: 'post_message', actor: actor as never, kind: 'informal', text: { en: 'Hello' }, authentic: ['constructor'] }))
      .toThrow(expect.objectContaining({ code: 'authentic_language_missing' }) as unknown as Error);
    expect(fieldOf({ kind: 'informal', text: { en: 'Hello' }, authentic: ['toString'] })).toBe('authentic_language_missing body.authentic');
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    const text = { en: 'Hello' };
    expect(fieldOf({ kind: 'informal', text: { en: { nested: 'x' } } })).toBe('text_empty body.text.en');
    expect(fieldOf({ kind: 'memo', text })).toBe('kind_invalid body.kind');
    expect(fieldOf({ kind: 'informal', text: ['Hello'] })).toBe('text_invalid body.text');
    expect(fieldOf({ kind: 'informal', text, authentic: [] })).toBe('authentic_language_missing body.authentic');
    expect(fieldOf({ kind: 'informal', text, replyTo: 42 })).toBe('reference_invalid body.replyTo');
    expect(fieldOf({ kind: 'informal', text, requiresAcknowledgement: false })).toBe('flag_invalid body.requiresAcknowledgement');
    expect(fieldOf({ kind: 'informal', text, html: '<b>' })).toBe('field_unknown body.html');
    expect(fieldOf({ target: 'e1', note: 'x' }, 'message.delivered')).toBe('field_unknown body.note');
    expect(fieldOf({}, 'message.acknowledged')).toBe('target_invalid body.target');
    expect(fieldOf({ target: 'e1' }, 'message.acknowledged')).toBeUndefined();
  });
});
