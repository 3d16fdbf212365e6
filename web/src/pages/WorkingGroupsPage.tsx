/**
 * Working groups: each with its status, mandate (title, goals, side by side in every
 * language), co-chairs and suspensions; the actions the member's party may take on it; and
 * a form to propose a new one.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { all, dialoguePath, post, type Aggregate, type Dialogue } from '../api.js';
import { awaitingParties, workingGroupActions, type WorkingGroupAction } from '../allowed.js';
import { FormPanel } from '../components/FormPanel.js';
import { InlineAction, type ActionField } from '../components/InlineAction.js';
import { Multilingual } from '../components/Multilingual.js';
import { Loading, Notice } from '../components/Notice.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { useAction, useResource, type ActionState } from '../hooks.js';
import { formatDate } from '../i18n/index.js';
import { useLiveReload, WORKING_GROUP_EVENTS } from '../live.js';
import type { WorkingGroup } from '../model.js';
import { usePartyName } from '../parties.js';
import { useMember } from '../session.js';
import { bilingual, goalsOf } from '../text.js';

const ORDER = ['proposed', 'active', 'suspended', 'closed', 'rejected', 'withdrawn'];

export function WorkingGroupsPage({ dialogue }: { dialogue: Dialogue }) {
  const { t } = useTranslation();
  const { can } = useMember();
  const path = dialoguePath(dialogue.id, '/working-groups');
  const groups = useResource(path, () => all<Aggregate<WorkingGroup>>(path));
  const action = useAction();
  useLiveReload(dialogue.id, WORKING_GROUP_EVENTS, groups.reload);
  const sorted = [...(groups.data ?? [])].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || b.state.proposedAt.localeCompare(a.state.proposedAt));
  return (
    <section aria-labelledby="wg-heading">
      <h1 id="wg-heading">{t('wg.heading')}</h1>
      <p className="intro">{t('wg.intro')}</p>
      <Notice error={action.error ?? groups.error} notice={action.notice} />
      {can('working_group.propose') && <ProposeForm path={path} action={action} onDone={groups.reload} />}
      {!groups.data && !groups.error && <Loading />}
      {groups.data?.length === 0 && <p>{t('wg.empty')}</p>}
      <ul className="cards" aria-label={t('wg.heading')}>
        {sorted.map((group) => (
          <li key={group.id}><GroupCard group={group} dialogue={dialogue} path={path} action={action} onDone={groups.reload} /></li>
        ))}
      </ul>
    </section>
  );
}

function GroupCard({ group, dialogue, path, action, onDone }: { group: Aggregate<WorkingGroup>; dialogue: Dialogue; path: string; action: ActionState; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const state = group.state;
  const headingId = `wg-${group.id}`;
  const partyName = usePartyName(dialogue);
  const awaiting = group.status === 'proposed' ? awaitingParties(state, dialogue.parties.map((p) => p.id)) : [];
  const act = (name: WorkingGroupAction, body: Record<string, unknown>) =>
    action.run(() => post(`${path}/${encodeURIComponent(group.id)}/${name}`, body), t(`wg.done.${name}`), onDone);
  const fields: Record<WorkingGroupAction, readonly ActionField[]> = {
    accept: [{ name: 'coChair', label: t('wg.coChair'), required: true, initial: member.id }],
    reject: [{ name: 'reason', label: t('common.reasonOptional'), multiline: true }],
    withdraw: [],
    suspend: [{ name: 'reason', label: t('common.reason'), required: true, multiline: true }],
    resume: [],
  };
  const bodyOf = (name: WorkingGroupAction, values: Record<string, string>): Record<string, unknown> => {
    const reason = values.reason ? { reason: values.reason } : {};
    switch (name) {
      case 'accept': return { proposal: state.proposal, coChair: values.coChair };
      case 'reject': return { proposal: state.proposal, ...reason };
      case 'resume': return {};
      default: return reason;
    }
  };
  return (
    <article className="card" aria-labelledby={headingId} data-testid="working-group">
      <header className="card-head">
        <div id={headingId}><Multilingual as="h2" text={state.mandate?.title} /></div>
        <StatusBadge status={group.status} label={t(`wg.status.${group.status}`, { defaultValue: group.status })} />
      </header>
      <p className="meta">{t('wg.proposedBy', { party: partyName(state.proposedBy), date: formatDate(state.proposedAt, i18n.language) })}</p>
      {state.mandate?.protected && <p className="protected">{t('wg.protected')}</p>}
      <dl className="facts">
        <dt>{t('wg.coChairs')}</dt>
        <dd>{Object.entries(state.coChairs).map(([party, chair]) => `${partyName(party)}: ${chair}`).join(' · ') || t('common.none')}</dd>
        {state.mandate?.topic && <><dt>{t('wg.topic')}</dt><dd><Multilingual text={state.mandate.topic} /></dd></>}
      </dl>
      {state.mandate && state.mandate.goals.length > 0 && (
        <>
          <h3>{t('wg.goals')}</h3>
          <ol className="goals">{state.mandate.goals.map((goal, i) => <li key={i}><Multilingual text={goal} /></li>)}</ol>
        </>
      )}
      {Object.entries(state.suspendedBy).map(([party, s]) => (
        <p key={party} className="suspension">{t('wg.suspendedBy', { party: partyName(party), date: formatDate(s.at, i18n.language), reason: s.reason })}</p>
      ))}
      {awaiting.length > 0 && <p className="awaiting">{t('wg.awaiting', { parties: awaiting.map(partyName).join(', ') })}</p>}
      <div className="actions">
        {workingGroupActions(state, member.party, can).map((name) => (
          <InlineAction key={name} label={t(`wg.${name}`)} fields={fields[name]} busy={action.busy}
            tone={name === 'reject' || name === 'suspend' ? 'danger' : undefined}
            onSubmit={(values) => act(name, bodyOf(name, values))} />
        ))}
      </div>
    </article>
  );
}

function ProposeForm({ path, action, onDone }: { path: string; action: ActionState; onDone(): void }) {
  const { t } = useTranslation();
  const { member } = useMember();
  const empty = { titleEn: '', titleZh: '', goalsEn: '', goalsZh: '', coChair: member.id, protected: false };
  const [form, setForm] = useState(empty);
  const set = (name: keyof typeof empty) => (e: { target: { value: string; checked?: boolean } }) =>
    setForm({ ...form, [name]: name === 'protected' ? Boolean(e.target.checked) : e.target.value });
  const submit = async () => {
    const mandate = {
      title: bilingual(form.titleEn, form.titleZh),
      goals: goalsOf(form.goalsEn, form.goalsZh),
      ...(form.protected ? { protected: true } : {}),
    };
    const ok = await action.run(() => post(path, { mandate, coChair: form.coChair.trim() }), t('wg.done.proposed'), onDone);
    if (ok) setForm(empty);
    return ok;
  };
  return (
    <FormPanel openLabel={t('wg.propose.open')} heading={t('wg.propose.heading')} submitLabel={t('wg.propose.submit')} busy={action.busy} onSubmit={submit}>
      <div className="two">
        <label className="field"><span>{t('wg.propose.titleEn')}</span><input name="titleEn" lang="en" required autoFocus value={form.titleEn} onChange={set('titleEn')} /></label>
        <label className="field"><span>{t('wg.propose.titleZh')}</span><input name="titleZh" lang="zh-Hans" value={form.titleZh} onChange={set('titleZh')} /></label>
        <label className="field"><span>{t('wg.propose.goalsEn')}</span><textarea name="goalsEn" lang="en" required rows={3} value={form.goalsEn} onChange={set('goalsEn')} /></label>
        <label className="field"><span>{t('wg.propose.goalsZh')}</span><textarea name="goalsZh" lang="zh-Hans" rows={3} value={form.goalsZh} onChange={set('goalsZh')} /></label>
      </div>
      <label className="field"><span>{t('wg.coChair')}</span><input name="coChair" required value={form.coChair} onChange={set('coChair')} /></label>
      <label className="check"><input type="checkbox" name="protected" checked={form.protected} onChange={set('protected')} /> {t('wg.propose.protected')}</label>
    </FormPanel>
  );
}
