import { describe, expect, it } from 'vitest';
import type { MemberId, PartyId } from '../../record/index.js';
import { DomainError } from '../errors.js';
import type { Actor, Role } from '../types.js';
import { decideMessage } from './decider.js';

const actor = (...roles: Role[]): Actor => ({ party: 'p1' as PartyId, member: 'm1' as MemberId, roles });

describe('posting a message', () => {
  it('given a delegate, when they post bilingual text, then one message.posted event carries both versions', () => {
    const events = decideMessage({
      type: 'post_message', actor: actor('delegate'), kind: 'informal',
      text: { en: 'Agenda draft attached', 'zh-Hans': '附上议程草案' }, authentic: ['zh-Hans', 'en'],
    });
    expect(events).toEqual([{
      type: 'message.posted',
      body: { kind: 'informal', text: { en: 'Agenda draft attached', 'zh-Hans': '附上议程草案' }, authentic: ['en', 'zh-Hans'] },
    }]);
  });

  it('given an observer, when they post, then it is refused as forbidden', () => {
    expect(() => decideMessage({ type: 'post_message', actor: actor('observer'), kind: 'informal', text: { en: 'hi' } }))
      .toThrowError(expect.objectContaining({ kind: 'forbidden', code: 'role_not_allowed' }) as unknown as Error);
  });

  it.each([
    [{}, 'text', 'text_empty'],
    [{ en: '   ' }, 'text.en', 'text_empty'],
    [{ 'english!': 'x' }, 'text.english!', 'language_tag_invalid'],
  ])('given text %j, then the error names %s', (text, field, code) => {
    try {
      decideMessage({ type: 'post_message', actor: actor('principal'), kind: 'formal_note', text });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe(field);
      expect((error as DomainError).code).toBe(code);
    }
  });

  it('refuses an authentic language that has no version', () => {
    expect(() => decideMessage({
      type: 'post_message', actor: actor('delegate'), kind: 'formal_note', text: { en: 'x' }, authentic: ['fr'],
    })).toThrow(/authentic: names fr/);
  });
});
