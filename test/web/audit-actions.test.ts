// The web app's list of audit-log changes (web/src/model.ts) is the server's, and each has
// a label in every UI language: a change the server starts logging is never shown raw.
import { expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/node/private-ports.js';
import { en } from '../../web/src/i18n/en.js';
import { zhHans } from '../../web/src/i18n/zh-Hans.js';
import { AUDIT_ACTIONS as WEB_AUDIT_ACTIONS } from '../../web/src/model.js';

it('the web app knows every audit action the server records, with a label in English and Chinese', () => {
  expect(WEB_AUDIT_ACTIONS).toEqual(AUDIT_ACTIONS);
  for (const messages of [en, zhHans]) {
    for (const action of AUDIT_ACTIONS) {
      const [kind, verb] = action.split('.') as [string, string];
      const labels = messages.audit.action as unknown as Record<string, Record<string, string>>;
      expect(labels[kind]?.[verb], action).toMatch(/\S/);
    }
  }
});
