/** Validation of multilingual text values (one version per BCP 47 language tag). */
import { invalid } from './errors.js';
import type { MultilingualText } from './types.js';

/** BCP 47 shape, simplified: language, optional script/region/variants (e.g. zh-Hans, en-GB). */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?(?:-[a-zA-Z\d]{5,8})*$/;
export const MAX_TEXT_LENGTH = 100_000;

/** Checks a multilingual text; `field` names it in errors (e.g. `text`). */
export function checkMultilingualText(text: MultilingualText, field: string): MultilingualText {
  const entries = Object.entries(text);
  if (entries.length === 0) throw invalid('text_empty', field, 'needs at least one language version');
  for (const [lang, value] of entries) {
    if (!LANGUAGE_TAG.test(lang)) {
      throw invalid('language_tag_invalid', `${field}.${lang}`, 'is not a language tag such as en or zh-Hans');
    }
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw invalid('text_empty', `${field}.${lang}`, 'must be non-empty text');
    }
    if (value.length > MAX_TEXT_LENGTH) {
      throw invalid('text_too_long', `${field}.${lang}`, `is longer than ${MAX_TEXT_LENGTH} characters`);
    }
  }
  return text;
}
