/**
 * Event content shaped like a real `message.posted` event of the demo scenario: a bilingual
 * informal message. Its signed envelope and body come to about 450 bytes.
 */
import type { JsonObject } from '../src/record/index.js';

/** The text of message `n` (English and Simplified Chinese, like the demo). */
export function messageText(n: number): { en: string; 'zh-Hans': string } {
  return {
    en: `Message ${n}: received; Boreas will answer after internal consultation on the maritime working group.`,
    'zh-Hans': `第${n}条消息：已收到。北风联邦将在内部磋商后答复。`,
  };
}

/** The body of a `message.posted` event, as decideMessage makes it. */
export function messageBody(n: number): JsonObject {
  return { kind: 'informal', text: messageText(n) };
}

/** Event time `n` ms after a fixed start (RFC 3339 with milliseconds, as events require). */
export function eventTime(n: number): string {
  return new Date(Date.UTC(2025, 0, 1) + n).toISOString();
}
