/**
 * A party's account of an incident: report a new incident with it, add it to an incident
 * another party reported, or revise it. Positions are typed in degrees and sent as the
 * record's 1e-7 degree integers; the server checks every field and names any it refuses.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, type Dialogue } from '../../api.js';
import { FormPanel } from '../../components/FormPanel.js';
import { INCIDENT_DOMAINS, type Account } from '../../crisis/incidents.js';
import { degrees, scaledDegrees } from '../../crisis/notices.js';
import type { ActionState } from '../../hooks.js';
import { bilingual, utcInput, utcInstant } from '../../text.js';

export type AccountAction = 'report' | 'add_account' | 'revise_account';

interface Form { time: string; lat: string; lon: string; domain: string; cpa: string; units: Record<string, string>; narrativeEn: string; narrativeZh: string }

function formOf(account: Account | undefined, parties: readonly string[]): Form {
  const unitsOf = (party: string) => (account?.units ?? []).filter((u) => u.party === party).map((u) => (u.type ? `${u.name}, ${u.type}` : u.name)).join('\n');
  return {
    time: utcInput(account?.time), lat: account ? String(degrees(account.position.lat)) : '', lon: account ? String(degrees(account.position.lon)) : '',
    domain: account?.domain ?? 'sea', cpa: account ? String(account.cpaMetres) : '',
    units: Object.fromEntries(parties.map((p) => [p, unitsOf(p)])),
    narrativeEn: account?.narrative.en ?? '', narrativeZh: account?.narrative['zh-Hans'] ?? '',
  };
}

function bodyOf(form: Form) {
  const units = Object.entries(form.units).flatMap(([party, lines]) => lines.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const [name = '', ...type] = line.split(',').map((s) => s.trim());
    return { party, name, ...(type.length && type.join(', ') ? { type: type.join(', ') } : {}) };
  }));
  return {
    time: utcInstant(form.time), position: { lat: scaledDegrees(form.lat), lon: scaledDegrees(form.lon) }, domain: form.domain,
    units, cpaMetres: Number(form.cpa), narrative: bilingual(form.narrativeEn, form.narrativeZh),
  };
}

/** `path`: POST here (…/incidents for a report, …/incidents/:id/accounts[/revise] otherwise). */
export function AccountForm({ kind, path, dialogue, account, partyName, action, onDone }: {
  kind: AccountAction; path: string; dialogue: Dialogue; account?: Account | undefined; partyName: (party: string) => string; action: ActionState; onDone(): void;
}) {
  const { t } = useTranslation();
  const parties = dialogue.parties.map((p) => p.id);
  const [form, setForm] = useState<Form>(() => formOf(account, parties));
  const set = (name: Exclude<keyof Form, 'units'>) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const submit = async () => {
    const ok = await action.run(() => post(path, bodyOf(form)), t(`inc.done.${kind}`), onDone);
    if (ok && kind === 'report') setForm(formOf(undefined, parties));
    return ok;
  };
  return (
    <FormPanel openLabel={t(kind === 'report' ? 'inc.report' : `inc.${kind}`)} heading={t(kind === 'report' ? 'inc.reportHeading' : 'inc.accountHeading')}
      submitLabel={t(`inc.submit.${kind}`)} busy={action.busy} onSubmit={submit}>
      <div className="three">
        <label className="field"><span>{t('inc.form.time')}</span><input name="time" type="datetime-local" required autoFocus value={form.time} onChange={set('time')} /></label>
        <label className="field"><span>{t('inc.form.domain')}</span>
          <select name="domain" value={form.domain} onChange={set('domain')}>
            {INCIDENT_DOMAINS.map((d) => <option key={d} value={d}>{t(`inc.domain.${d}`)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('inc.form.cpa')}</span><input name="cpa" type="number" min={0} step={1} required value={form.cpa} onChange={set('cpa')} /></label>
        <label className="field"><span>{t('inc.form.lat')}</span><input name="lat" inputMode="decimal" required value={form.lat} onChange={set('lat')} /></label>
        <label className="field"><span>{t('inc.form.lon')}</span><input name="lon" inputMode="decimal" required value={form.lon} onChange={set('lon')} /></label>
      </div>
      <div className="two">
        {parties.map((p) => (
          <label key={p} className="field"><span>{t('inc.form.unitsOf', { party: partyName(p) })}</span>
            <textarea name={`units.${p}`} rows={2} value={form.units[p] ?? ''} onChange={(e) => setForm({ ...form, units: { ...form.units, [p]: e.target.value } })} />
          </label>
        ))}
        <label className="field"><span>{t('inc.form.narrativeEn')}</span><textarea name="narrativeEn" lang="en" required rows={3} value={form.narrativeEn} onChange={set('narrativeEn')} /></label>
        <label className="field"><span>{t('inc.form.narrativeZh')}</span><textarea name="narrativeZh" lang="zh-Hans" rows={3} value={form.narrativeZh} onChange={set('narrativeZh')} /></label>
      </div>
    </FormPanel>
  );
}
