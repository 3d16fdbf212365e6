/**
 * Text as the record keeps it, every language side by side, in its own `lang`. A language
 * the UI offers but the text lacks is marked as a missing translation, never filled in
 * from another language.
 */
import { useTranslation } from 'react-i18next';
import type { Multilingual as Text } from '../api.js';
import { UI_LANGUAGES } from '../i18n/index.js';

export function Multilingual({ text, as: Tag = 'div', className }: { text: Text | null | undefined; as?: 'div' | 'h2' | 'h3'; className?: string }) {
  const { t } = useTranslation();
  const languages = [...UI_LANGUAGES, ...Object.keys(text ?? {}).filter((l) => !(UI_LANGUAGES as readonly string[]).includes(l))];
  return (
    <Tag className={`ml${className ? ` ${className}` : ''}`}>
      {languages.map((language) => {
        const value = text?.[language];
        return (
          <span key={language} className="ml-text" lang={value ? language : undefined}>
            <span className="ml-lang" title={t(`text.languages.${language}`, { defaultValue: language })}>{language}</span>
            {value ?? <span className="missing">{t('text.missing')}</span>}
          </span>
        );
      })}
    </Tag>
  );
}
