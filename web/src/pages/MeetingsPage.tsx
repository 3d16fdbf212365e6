/**
 * The meeting room: the meetings of a working group (propose, accept, reschedule, cancel) and,
 * for the one opened (?meeting=id), its schedule and attendance, the agenda with goals and
 * per-party outcomes, the readouts side by side, and joint statements to sign. One live
 * stream and one refresh counter keep every part of the page current.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { all, dialoguePath, post, type Aggregate, type Dialogue } from '../api.js';
import { FormPanel } from '../components/FormPanel.js';
import { Loading, Notice } from '../components/Notice.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { useAction, useReloadOn, useResource, type ActionState } from '../hooks.js';
import { formatDate, inLanguage } from '../i18n/index.js';
import { MEETING_EVENTS, READOUT_EVENTS, STATEMENT_EVENTS, useLiveReload } from '../live.js';
import { MEETING_FORMATS, type Meeting, type WorkingGroup } from '../model.js';
import { useMember } from '../session.js';
import { bilingual, utcInstant } from '../text.js';
import { MeetingRoom } from './meeting/MeetingRoom.js';

const LIVE = [...MEETING_EVENTS, ...READOUT_EVENTS, ...STATEMENT_EVENTS];

export function MeetingsPage({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const { can } = useMember();
  const [params, setParams] = useSearchParams();
  const group = params.get('group') ?? '';
  const opened = params.get('meeting');
  const groupsPath = dialoguePath(dialogue.id, '/working-groups');
  const groups = useResource(groupsPath, () => all<Aggregate<WorkingGroup>>(groupsPath));
  const meetingsPath = dialoguePath(dialogue.id, '/meetings');
  const meetings = useResource(meetingsPath, () => all<Aggregate<Meeting>>(meetingsPath));
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  useReloadOn(tick, meetings.reload);
  useLiveReload(dialogue.id, LIVE, refresh);
  const action = useAction();
  const groupTitle = (id: string | null) => inLanguage(groups.data?.find((g) => g.id === id)?.state.mandate?.title, i18n.language, id ?? '—');
  const shown = (meetings.data ?? []).filter((m) => !group || m.state.workingGroup === group)
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const current = meetings.data?.find((m) => m.id === opened);
  const linkTo = (meeting: string) => `?${new URLSearchParams({ ...(group ? { group } : {}), meeting }).toString()}`;
  return (
    <section aria-labelledby="mt-heading">
      <h1 id="mt-heading">{t('mt.heading')}</h1>
      <p className="intro">{t('mt.intro')}</p>
      <label className="field inline">
        <span>{t('mt.group')}</span>
        <select name="group" value={group} onChange={(e) => setParams(e.target.value ? { group: e.target.value } : {})}>
          <option value="">{t('mt.allGroups')}</option>
          {(groups.data ?? []).map((g) => <option key={g.id} value={g.id}>{groupTitle(g.id)}</option>)}
        </select>
      </label>
      <Notice error={action.error ?? meetings.error ?? groups.error} notice={action.notice} />
      {can('meeting.propose') && <ProposeMeeting path={meetingsPath} groups={(groups.data ?? []).filter((g) => g.status === 'active')} group={group} action={action} onDone={refresh} />}
      {!meetings.data && !meetings.error && <Loading />}
      {meetings.data && shown.length === 0 && <p>{t('mt.empty')}</p>}
      {shown.length > 0 && (
        <table className="list" aria-label={t('mt.list')}>
          <thead><tr><th scope="col">{t('mt.when')}</th><th scope="col">{t('mt.group')}</th><th scope="col">{t('mt.place')}</th><th scope="col">{t('mt.statusLabel')}</th></tr></thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.id} data-testid="meeting" aria-current={m.id === opened ? 'true' : undefined}>
                <td><Link to={linkTo(m.id)}>{formatDate(m.state.schedule?.start, i18n.language, true)}</Link></td>
                <td>{groupTitle(m.state.workingGroup)}</td>
                <td>{m.state.schedule ? `${t(`mt.format.${m.state.schedule.format}`)}${m.state.schedule.place ? ` · ${inLanguage(m.state.schedule.place, i18n.language, '')}` : ''}` : '—'}</td>
                <td><StatusBadge status={m.status} label={t(`mt.status.${m.status}`, { defaultValue: m.status })} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && <MeetingRoom key={current.id} dialogue={dialogue} meeting={current} groupTitle={groupTitle(current.state.workingGroup)} tick={tick} refresh={refresh} action={action} />}
      {opened && meetings.data && !current && <p role="alert">{t('app.notFound')}</p>}
    </section>
  );
}

function ProposeMeeting({ path, groups, group, action, onDone }: { path: string; groups: readonly Aggregate<WorkingGroup>[]; group: string; action: ActionState; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const empty = { workingGroup: group, start: '', end: '', format: 'in_person', placeEn: '', placeZh: '' };
  const [form, setForm] = useState(empty);
  const set = (name: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const submit = async () => {
    const place = form.placeEn.trim() ? { place: bilingual(form.placeEn, form.placeZh) } : {};
    const body = { workingGroup: form.workingGroup, start: utcInstant(form.start), end: utcInstant(form.end), format: form.format, ...place };
    const ok = await action.run(() => post(path, body), t('mt.done.proposed'), onDone);
    if (ok) setForm(empty);
    return ok;
  };
  return (
    <FormPanel openLabel={t('mt.propose.open')} heading={t('mt.propose.heading')} submitLabel={t('mt.propose.submit')} busy={action.busy} onSubmit={submit}>
      <div className="two">
        <label className="field"><span>{t('mt.propose.workingGroup')}</span>
          <select name="workingGroup" required autoFocus value={form.workingGroup} onChange={set('workingGroup')}>
            <option value="" disabled>—</option>
            {groups.map((g) => <option key={g.id} value={g.id}>{inLanguage(g.state.mandate?.title, i18n.language, g.id)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('mt.format.label')}</span>
          <select name="format" value={form.format} onChange={set('format')}>
            {MEETING_FORMATS.map((f) => <option key={f} value={f}>{t(`mt.format.${f}`)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('mt.propose.start')}</span><input name="start" type="datetime-local" required value={form.start} onChange={set('start')} /></label>
        <label className="field"><span>{t('mt.propose.end')}</span><input name="end" type="datetime-local" required value={form.end} onChange={set('end')} /></label>
        <label className="field"><span>{t('mt.propose.placeEn')}</span><input name="placeEn" lang="en" value={form.placeEn} onChange={set('placeEn')} /></label>
        <label className="field"><span>{t('mt.propose.placeZh')}</span><input name="placeZh" lang="zh-Hans" value={form.placeZh} onChange={set('placeZh')} /></label>
      </div>
    </FormPanel>
  );
}
