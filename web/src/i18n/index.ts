/**
 * The UI languages (English, Simplified Chinese) through i18next: the choice is kept in
 * localStorage, applied at once everywhere (react-i18next re-renders), and set as the
 * document's `lang` so screen readers and fonts follow it.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { zhHans } from './zh-Hans.js';

export const UI_LANGUAGES = ['en', 'zh-Hans'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

const STORAGE_KEY = 'parley.language';

function initialLanguage(): UiLanguage {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-Hans') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en';
}

export function setUiLanguage(language: UiLanguage): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-Hans': { translation: zhHans } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...UI_LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
});

/**
 * One line of multilingual text for a compact place (an option, a title bar): the UI
 * language, else English, else any; `fallback` when there is none. Full text is shown with
 * every language side by side (components/Multilingual).
 */
export function inLanguage(text: Readonly<Record<string, string>> | null | undefined, language: string, fallback: string): string {
  // Another node's event may carry anything: only a string is ever shown.
  const value: unknown = text?.[language] ?? text?.en ?? Object.values(text ?? {})[0];
  return typeof value === 'string' ? value : fallback;
}

/** Dates in the UI language; the record's instants are UTC, shown as such. */
export function formatDate(value: string | null | undefined, language: string, withTime = false): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'UTC' }).format(date);
}

export default i18next;
