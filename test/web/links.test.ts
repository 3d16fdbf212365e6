// Links from the record that the web app offers to open: the domain's check (commitment
// evidence) and the app's agree on http and https, and anything else — which another node's
// event may still carry — is never offered as a link.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLink } from '../../src/domain/commitment/fields.js';
import { isOpenableLink } from '../../web/src/text.js';

const accepted = (link: string) => {
  try {
    checkLink(link, 'link');
    return true;
  } catch {
    return false;
  }
};

describe('links from the record', () => {
  it('given dangerous schemes, then neither the domain nor the web app takes them', () => {
    for (const link of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'file:///etc/passwd', 'mailto:a@example.org']) {
      expect(accepted(link), link).toBe(false);
      expect(isOpenableLink(link), link).toBe(false);
    }
  });

  it('given any URL the domain accepts, then the web app offers it as a link', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
      if (accepted(url)) expect(isOpenableLink(url)).toBe(true);
    }));
    expect(isOpenableLink('https://example.org/report')).toBe(true);
  });
});
