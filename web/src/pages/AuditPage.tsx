/**
 * The party's PRIVATE audit log, for its admins: who changed its members, roles, passwords,
 * API tokens, webhooks and escalation ladders, when, and what changed — newest first,
 * filtered by kind of change, member, target or dates, a page at a time. Read only: the
 * server never changes or deletes an entry.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { get, type Dialogue, type Page } from '../api.js';
import { Loading, Notice } from '../components/Notice.js';
import { useResource } from '../hooks.js';
import { formatDate, inLanguage } from '../i18n/index.js';
import { AUDIT_ACTIONS, type AuditEntry } from '../model.js';
import { useMember } from '../session.js';

const PAGE_SIZE = 50;
const NO_FILTERS = { action: '', actor: '', target: '', from: '', to: '' };
type Filters = typeof NO_FILTERS;

/** A rung of an escalation ladder as the audit log records it. */
interface Rung { readonly name: string; readonly roles: readonly string[]; readonly members: readonly string[]; readonly deadlineSeconds: number }

const isRung = (value: unknown): value is Rung =>
  typeof value === 'object' && value !== null && 'name' in value && 'deadlineSeconds' in value && 'roles' in value && 'members' in value;

/** A value of a detail as one line: lists joined, null as a dash, ladder rungs in words, other objects as JSON. */
function show(value: unknown, t: TFunction): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => show(v, t)).join(value.every(isRung) ? '; ' : ', ');
  if (isRung(value)) {
    const who = [...value.roles.map((r) => t(`role.${r}`, { defaultValue: r })), ...value.members].join(', ') || '—';
    return t('audit.rung', { name: value.name, who, minutes: Math.round(value.deadlineSeconds / 60) });
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const isChange = (value: unknown): value is { before: unknown; after: unknown } =>
  typeof value === 'object' && value !== null && 'before' in value && 'after' in value;

export function AuditPage({ dialogues }: { dialogues: readonly Dialogue[] }) {
  const { t, i18n } = useTranslation();
  const { member } = useMember();
  const party = dialogues.flatMap((d) => d.parties).find((p) => p.id === member.party);
  const partyName = party ? inLanguage(party.name, i18n.language, member.party) : member.party;
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const query = new URLSearchParams(Object.entries({ ...filters, limit: String(PAGE_SIZE) }).filter(([, v]) => v !== ''));
  const path = `/audit?${query}`;
  const first = useResource(path, () => get<Page<AuditEntry>>(path));
  // Older pages, kept for the filters they were read with.
  const [older, setOlder] = useState<{ path: string; items: AuditEntry[]; next: string | null; error?: Error }>();
  const more = older?.path === path ? older : undefined;
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : first.data?.next ?? null;
  const loadOlder = async () => {
    if (!next) return;
    try {
      const page = await get<Page<AuditEntry>>(`${path}&after=${encodeURIComponent(next)}`);
      setOlder({ path, items: [...(more?.items ?? []), ...page.items], next: page.next });
    } catch (error) {
      setOlder({ path, items: more?.items ?? [], next, error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  const set = (name: keyof Filters) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const apply = (e: FormEvent) => { e.preventDefault(); setFilters({ ...form, actor: form.actor.trim(), target: form.target.trim() }); };
  const field = (name: string) => t(`audit.field.${name}`, { defaultValue: name });
  return (
    <section aria-labelledby="audit-heading" className="panel private" data-testid="audit">
      <h1 id="audit-heading">{t('audit.heading')}</h1>
      <p className="private-marker">{t('private.visibleTo', { party: partyName })}</p>
      <p className="intro">{t('audit.intro')}</p>
      <form className="audit-filters" onSubmit={apply} aria-label={t('audit.filters')}>
        <label className="field"><span>{t('audit.action.label')}</span>
          <select name="action" value={form.action} onChange={set('action')}>
            <option value="">{t('audit.everything')}</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{t(`audit.action.${a}`)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('audit.actor')}</span><input name="actor" value={form.actor} onChange={set('actor')} /></label>
        <label className="field"><span>{t('audit.target')}</span><input name="target" value={form.target} onChange={set('target')} /></label>
        <label className="field"><span>{t('audit.from')}</span><input name="from" type="date" value={form.from} onChange={set('from')} /></label>
        <label className="field"><span>{t('audit.to')}</span><input name="to" type="date" value={form.to} onChange={set('to')} /></label>
        <div className="buttons"><button type="submit">{t('audit.apply')}</button></div>
      </form>
      <Notice error={first.error ?? more?.error} />
      {!first.data && !first.error && <Loading />}
      {first.data && items.length === 0 && <p data-testid="audit-empty">{t('audit.empty')}</p>}
      {items.length > 0 && (
        <table className="list">
          <thead>
            <tr><th scope="col">{t('audit.when')}</th><th scope="col">{t('audit.actor')}</th><th scope="col">{t('audit.action.label')}</th><th scope="col">{t('audit.target')}</th><th scope="col">{t('audit.detail')}</th></tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <td><time dateTime={e.at}>{formatDate(e.at, i18n.language, true)}</time></td>
                <td>{e.actor}</td>
                <td>{t(`audit.action.${e.action}`, { defaultValue: e.action })}</td>
                <td><code>{e.target}</code></td>
                <td>
                  <ul className="audit-detail">
                    {Object.entries(e.detail).map(([name, value]) => (
                      <li key={name}>{isChange(value) ? t('audit.changed', { field: field(name), before: show(value.before, t), after: show(value.after, t) }) : `${field(name)}: ${name === 'device' ? t(`audit.devices.${String(value)}`, { defaultValue: String(value) }) : show(value, t)}`}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <div className="buttons"><button type="button" className="secondary" onClick={() => void loadOlder()}>{t('audit.older')}</button></div>}
    </section>
  );
}
