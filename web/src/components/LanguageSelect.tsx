/** The UI language, switchable at any time (each option named in its own language). */
import { useTranslation } from 'react-i18next';
import { setUiLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n/index.js';

const NAMES: Record<UiLanguage, string> = { en: 'English', 'zh-Hans': '简体中文' };

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <label className="field inline">
      <span>{t('app.language')}</span>
      <select value={i18n.language} onChange={(e) => setUiLanguage(e.target.value as UiLanguage)}>
        {UI_LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{NAMES[l]}</option>)}
      </select>
    </label>
  );
}
