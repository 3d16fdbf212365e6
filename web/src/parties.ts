/**
 * Parties by their display names: the dialogue lists each party's name in one or more
 * languages; pages show the name in the UI language (else English, else the id), never the
 * bare id where a name is known.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dialogue } from './api.js';
import { inLanguage } from './i18n/index.js';

export function usePartyName(dialogue: Dialogue): (party: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useCallback((party: string) => {
    const known = dialogue.parties.find((p) => p.id === party);
    return known ? inLanguage(known.name, language, party) : party;
  }, [dialogue, language]);
}
