/**
 * The timeline of the relationship: context events (dated and sourced), meetings, working
 * groups' suspensions and resumptions, and incidents — newest first, filterable by kind — so
 * one sees why the dialogue moved as it did. Members who record may add a context event.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { all, dialoguePath, post, type Aggregate, type Dialogue, type Multilingual as Text } from '../api.js';
import { FormPanel } from '../components/FormPanel.js';
import { Multilingual } from '../components/Multilingual.js';
import { Loading, Notice } from '../components/Notice.js';
import { useAction, useResource, type ActionState } from '../hooks.js';
import { formatDate, inLanguage } from '../i18n/index.js';
import { TIMELINE_EVENTS, useLiveReload } from '../live.js';
import { CONTEXT_CATEGORIES, type ContextEvent, type Incident, type Meeting, type WorkingGroup } from '../model.js';
import { usePartyName } from '../parties.js';
import { useMember } from '../session.js';
import { bilingual } from '../text.js';

const KINDS = ['context', 'meeting', 'suspension', 'incident'] as const;
type Kind = (typeof KINDS)[number];

interface Entry {
  readonly key: string;
  readonly kind: Kind;
  /** RFC 3339 date or date-time: what the timeline orders by. */
  readonly date: string;
  readonly party: string;
  /** A translated headline, or the record's own multilingual title. */
  readonly headline: string;
  readonly title?: Text | null | undefined;
  readonly detail?: string | undefined;
}

interface Sources {
  contexts: Aggregate<ContextEvent>[];
  meetings: Aggregate<Meeting>[];
  groups: Aggregate<WorkingGroup>[];
  incidents: Aggregate<Incident>[];
}

async function load(dialogue: string): Promise<Sources> {
  const [contexts, meetings, groups, incidents] = await Promise.all([
    all<Aggregate<ContextEvent>>(dialoguePath(dialogue, '/context-events')),
    all<Aggregate<Meeting>>(dialoguePath(dialogue, '/meetings')),
    all<Aggregate<WorkingGroup>>(dialoguePath(dialogue, '/working-groups')),
    all<Aggregate<Incident>>(dialoguePath(dialogue, '/incidents')),
  ]);
  return { contexts, meetings, groups, incidents };
}

export function TimelinePage({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const { can } = useMember();
  const partyName = usePartyName(dialogue);
  const sources = useResource(`timeline:${dialogue.id}`, () => load(dialogue.id));
  useLiveReload(dialogue.id, TIMELINE_EVENTS, sources.reload);
  const action = useAction();
  const [kind, setKind] = useState<'' | Kind>('');
  const groupTitle = (id: string | null) => inLanguage(sources.data?.groups.find((g) => g.id === id)?.state.mandate?.title, i18n.language, id ?? '—');
  const entries = sources.data ? entriesOf(sources.data, groupTitle, partyName, t) : [];
  const shown = entries.filter((e) => !kind || e.kind === kind).sort((a, b) => b.date.localeCompare(a.date) || a.key.localeCompare(b.key));
  return (
    <section aria-labelledby="tl-heading">
      <h1 id="tl-heading">{t('tl.heading')}</h1>
      <p className="intro">{t('tl.intro')}</p>
      <label className="field inline">
        <span>{t('tl.show')}</span>
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as '' | Kind)}>
          <option value="">{t('tl.everything')}</option>
          {KINDS.map((k) => <option key={k} value={k}>{t(`tl.kind.${k}`)}</option>)}
        </select>
      </label>
      <Notice error={action.error ?? sources.error} notice={action.notice} />
      {can('context.record') && <RecordForm path={dialoguePath(dialogue.id, '/context-events')} action={action} onDone={sources.reload} />}
      {!sources.data && !sources.error && <Loading />}
      <ol className="timeline" aria-label={t('tl.heading')}>
        {shown.map((e) => (
          <li key={e.key} data-testid="timeline-entry" data-kind={e.kind}>
            <time dateTime={e.date}>{formatDate(e.date, i18n.language, e.date.length > 10)}</time>
            <span className={`badge tl-${e.kind}`}>{t(`tl.kind.${e.kind}`)}</span>
            <div>
              <strong>{e.headline}</strong>
              {e.title && <Multilingual text={e.title} />}
              {e.detail && <p className="meta">{e.detail}</p>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function entriesOf(s: Sources, groupTitle: (id: string | null) => string, partyName: (party: string) => string, t: T): Entry[] {
  const contexts = s.contexts.flatMap((c): Entry[] => c.state.fields?.date ? [{
    key: c.id, kind: 'context', date: c.state.fields.date, party: c.state.recordedBy,
    headline: t('tl.context', { category: t(`tl.category.${c.state.fields.category ?? 'other'}`), party: partyName(c.state.recordedBy) }),
    title: c.state.fields.title, detail: c.state.fields.source ? t('tl.source', { source: Object.values(c.state.fields.source.text)[0] ?? '' }) : undefined,
  }] : []);
  const meetings = s.meetings.flatMap((m): Entry[] => {
    const held: Entry[] = m.state.schedule ? [{
      key: m.id, kind: 'meeting', date: m.state.schedule.start, party: m.state.proposedBy,
      headline: t('tl.meeting', { group: groupTitle(m.state.workingGroup), status: t(`mt.status.${m.status}`, { defaultValue: m.status }) }),
      title: m.state.schedule.place,
    }] : [];
    const cancelled: Entry[] = m.state.cancelled ? [{
      key: `${m.id}:cancelled`, kind: 'meeting', date: m.state.cancelled.at, party: m.state.cancelled.party,
      headline: t('tl.meetingCancelled', { group: groupTitle(m.state.workingGroup), party: partyName(m.state.cancelled.party) }), detail: m.state.cancelled.reason,
    }] : [];
    return [...held, ...cancelled];
  });
  const suspensions = s.groups.flatMap((g) => g.state.history.filter((h) => h.type === 'working_group.suspended' || h.type === 'working_group.resumed').map((h, i): Entry => ({
    key: `${g.id}:${i}:${h.at}`, kind: 'suspension', date: h.at, party: h.party,
    headline: t(h.type === 'working_group.suspended' ? 'tl.suspended' : 'tl.resumed', { group: groupTitle(g.id), party: partyName(h.party) }), detail: h.reason,
  })));
  const incidents = s.incidents.map((i): Entry => {
    const account = i.state.accounts[i.state.reportedBy]?.account;
    return {
      key: i.id, kind: 'incident', date: account?.time ?? i.state.reportedAt, party: i.state.reportedBy,
      headline: t('tl.incident', { party: partyName(i.state.reportedBy) }), title: account?.narrative,
      detail: i.state.differences.length > 0 ? t('tl.differences', { fields: i.state.differences.map((f) => t(`inc.fact.${f}`, { defaultValue: f })).join(', ') }) : undefined,
    };
  });
  return [...contexts, ...meetings, ...suspensions, ...incidents];
}

function RecordForm({ path, action, onDone }: { path: string; action: ActionState; onDone(): void }) {
  const { t } = useTranslation();
  const empty = { titleEn: '', titleZh: '', date: '', category: 'visit', source: '', url: '' };
  const [form, setForm] = useState(empty);
  const set = (name: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const submit = async () => {
    const event = {
      title: bilingual(form.titleEn, form.titleZh), date: form.date, category: form.category,
      source: { text: bilingual(form.source, ''), ...(form.url.trim() ? { url: form.url.trim() } : {}) },
    };
    const ok = await action.run(() => post(path, { event }), t('tl.done.recorded'), onDone);
    if (ok) setForm(empty);
    return ok;
  };
  return (
    <FormPanel openLabel={t('tl.record.open')} heading={t('tl.record.heading')} submitLabel={t('tl.record.submit')} busy={action.busy} onSubmit={submit}>
      <div className="two">
        <label className="field"><span>{t('tl.record.titleEn')}</span><input name="titleEn" lang="en" required autoFocus value={form.titleEn} onChange={set('titleEn')} /></label>
        <label className="field"><span>{t('tl.record.titleZh')}</span><input name="titleZh" lang="zh-Hans" value={form.titleZh} onChange={set('titleZh')} /></label>
        <label className="field"><span>{t('tl.record.date')}</span><input name="date" type="date" required value={form.date} onChange={set('date')} /></label>
        <label className="field"><span>{t('tl.record.category')}</span>
          <select name="category" value={form.category} onChange={set('category')}>
            {CONTEXT_CATEGORIES.map((c) => <option key={c} value={c}>{t(`tl.category.${c}`)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('tl.record.source')}</span><input name="source" required value={form.source} onChange={set('source')} /></label>
        <label className="field"><span>{t('tl.record.url')}</span><input name="url" type="url" value={form.url} onChange={set('url')} /></label>
      </div>
    </FormPanel>
  );
}
