/**
 * The commitments board: one column per status (proposed → committed → overdue →
 * delivered → confirmed / disputed, withdrawn), filterable by committing party, each card
 * with its due date, progress and evidence, and the steps the member's party may take.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { all, API, dialoguePath, post, postCsv, type Aggregate, type Dialogue } from '../api.js';
import { commitmentActions, type CommitmentAction } from '../allowed.js';
import { FormPanel } from '../components/FormPanel.js';
import { InlineAction, type ActionField } from '../components/InlineAction.js';
import { Multilingual } from '../components/Multilingual.js';
import { Loading, Notice } from '../components/Notice.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { useAction, useResource, type ActionState } from '../hooks.js';
import { formatDate, inLanguage } from '../i18n/index.js';
import { COMMITMENT_EVENTS, useLiveReload } from '../live.js';
import { COMMITMENT_COLUMNS, type Commitment, type WorkingGroup } from '../model.js';
import { usePartyName } from '../parties.js';
import { useMember } from '../session.js';
import { bilingual, isOpenableLink } from '../text.js';

const byDue = (a: Aggregate<Commitment>, b: Aggregate<Commitment>) => (a.state.due ?? '9999').localeCompare(b.state.due ?? '9999');

export function CommitmentsPage({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const { can } = useMember();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/commitments');
  const items = useResource(path, () => all<Aggregate<Commitment>>(path));
  const action = useAction();
  useLiveReload(dialogue.id, COMMITMENT_EVENTS, items.reload);
  const [owner, setOwner] = useState('');
  const shown = (items.data ?? []).filter((c) => !owner || c.state.party === owner).sort(byDue);
  return (
    <section aria-labelledby="cm-heading">
      <h1 id="cm-heading">{t('cm.heading')}</h1>
      <p className="intro">{t('cm.intro')}</p>
      <label className="field inline">
        <span>{t('cm.owner')}</span>
        <select name="owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
          <option value="">{t('cm.allParties')}</option>
          {dialogue.parties.map((p) => <option key={p.id} value={p.id}>{inLanguage(p.name, i18n.language, p.id)}</option>)}
        </select>
      </label>
      <Notice error={action.error ?? items.error} notice={action.notice} />
      {can('commitment.propose') && <ProposeForm dialogue={dialogue} path={path} action={action} onDone={items.reload} />}
      <SpreadsheetTools path={path} action={action} onDone={items.reload} canImport={can('commitment.update')} />
      {!items.data && !items.error && <Loading />}
      <div className="board">
        {COMMITMENT_COLUMNS.map((status) => {
          const column = shown.filter((c) => c.status === status);
          return (
            <section key={status} className="column" aria-labelledby={`col-${status}`} data-column={status}>
              <h2 id={`col-${status}`}>{t(`cm.status.${status}`)} <span className="count">{column.length}</span></h2>
              {column.length === 0 && <p className="empty">{t('cm.empty')}</p>}
              <ul>
                {column.map((c) => <li key={c.id}><CommitmentCard item={c} path={path} action={action} onDone={items.reload} partyName={partyName} /></li>)}
              </ul>
            </section>
          );
        })}
      </div>
    </section>
  );
}

/**
 * Bulk updates, because a tracker updated one item at a time goes stale: the board as a CSV
 * sheet, and an edited sheet imported whole (unchanged rows skipped, stale rows refused).
 */
function SpreadsheetTools({ path, action, onDone, canImport }: { path: string; action: ActionState; onDone(): void; canImport: boolean }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<{ applied: number; unchanged: number } | null>(null);
  const submit = async () => {
    if (!file) return false;
    const csv = await file.text();
    setResult(null);
    return action.run(async () => { setResult(await postCsv<{ applied: number; unchanged: number }>(`${path}.csv`, csv)); }, t('cm.csv.done'), onDone);
  };
  return (
    <div className="csv-tools" data-testid="csv-tools">
      <a className="button secondary" href={`${API}${path}.csv`} download>{t('cm.csv.export')}</a>
      {canImport && (
        <FormPanel openLabel={t('cm.csv.open')} heading={t('cm.csv.heading')} submitLabel={t('cm.csv.submit')} busy={action.busy} onSubmit={submit}>
          <p className="hint">{t('cm.csv.hint')}</p>
          <label className="field"><span>{t('cm.csv.file')}</span>
            <input type="file" name="csv" accept=".csv,text/csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
        </FormPanel>
      )}
      {result && <p className="meta" data-testid="csv-result">{t('cm.csv.result', result)}</p>}
    </div>
  );
}

function CommitmentCard({ item, path, action, onDone, partyName }: { item: Aggregate<Commitment>; path: string; action: ActionState; onDone(): void; partyName: (party: string) => string }) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const state = item.state;
  const date = (value: string | null) => formatDate(value, i18n.language);
  const fields: Record<CommitmentAction, readonly ActionField[]> = {
    commit: [],
    deliver: [
      { name: 'text', label: t('cm.evidenceText'), required: true, multiline: true },
      { name: 'link', label: t('cm.evidenceLink'), type: 'url' },
    ],
    confirm: [],
    dispute: [{ name: 'reason', label: t('common.reason'), required: true, multiline: true }],
  };
  const bodyOf = (name: CommitmentAction, values: Record<string, string>): Record<string, unknown> => {
    switch (name) {
      case 'deliver': return { evidence: { text: { [i18n.language]: values.text }, ...(values.link ? { links: [values.link] } : {}) } };
      case 'confirm': return state.delivery ? { delivery: state.delivery } : {};
      case 'dispute': return { reason: values.reason, ...(state.delivery ? { delivery: state.delivery } : {}) };
      default: return {};
    }
  };
  const submitLabel: Partial<Record<CommitmentAction, string>> = { deliver: t('cm.deliverSubmit'), dispute: t('cm.disputeSubmit') };
  const latestDispute = state.disputes.at(-1);
  return (
    <article className="card" aria-labelledby={`cm-${item.id}`} data-testid="commitment">
      <div id={`cm-${item.id}`}><Multilingual as="h3" text={state.title} /></div>
      <p className="meta">
        <StatusBadge status={item.status} label={t(`cm.status.${item.status}`, { defaultValue: item.status })} />{' '}
        <span className="owner">{t('cm.owner')}: <strong>{state.party === null ? '—' : partyName(state.party)}</strong></span>{' · '}
        <span className="due">{t('cm.due', { date: date(state.due) })}</span>
      </p>
      {state.progress > 0 && item.status !== 'confirmed' && (
        <p><progress max={100} value={state.progress} aria-label={t('cm.progress', { value: state.progress })} /> {t('cm.progress', { value: state.progress })}</p>
      )}
      {state.reference && <p className="meta">{t('cm.reference', { value: state.reference })}</p>}
      {state.evidence && (
        <div className="evidence">
          <h4>{t('cm.evidence')}</h4>
          {state.evidence.text && <Multilingual text={state.evidence.text} />}
          {state.evidence.links?.map((link) => (isOpenableLink(link)
            ? <a key={link} href={link} rel="noreferrer noopener" target="_blank">{link}</a>
            : <span key={link}>{link}</span>))}
        </div>
      )}
      {state.confirmedBy && <p className="meta">{t('cm.confirmedBy', { party: partyName(state.confirmedBy), date: date(state.confirmedAt) })}</p>}
      {item.status === 'disputed' && latestDispute && <p className="dispute">{t('cm.disputed', { party: partyName(latestDispute.party), reason: latestDispute.reason })}</p>}
      {state.withdrawn && <p className="meta">{t('cm.withdrawnBy', { party: partyName(state.withdrawn.party) })}</p>}
      <div className="actions">
        {commitmentActions(state, member.party, can).map((name) => (
          <InlineAction key={name} label={t(`cm.${name}`)} submitLabel={submitLabel[name]} fields={fields[name]} busy={action.busy}
            tone={name === 'dispute' ? 'danger' : undefined}
            onSubmit={(values) => action.run(() => post(`${path}/${encodeURIComponent(item.id)}/${name}`, bodyOf(name, values)), t(`cm.done.${name}`), onDone)} />
        ))}
      </div>
    </article>
  );
}

/** "Party X will do Y by date Z", in an active working group. */
function ProposeForm({ dialogue, path, action, onDone }: { dialogue: Dialogue; path: string; action: ActionState; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const { member } = useMember();
  const groupsPath = dialoguePath(dialogue.id, '/working-groups?status=active');
  const groups = useResource(groupsPath, () => all<Aggregate<WorkingGroup>>(groupsPath));
  const empty = { workingGroup: '', party: member.party, titleEn: '', titleZh: '', due: '' };
  const [form, setForm] = useState(empty);
  const set = (name: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const submit = async () => {
    const title = bilingual(form.titleEn, form.titleZh);
    const ok = await action.run(() => post(path, { workingGroup: form.workingGroup, party: form.party, title, due: form.due }), t('cm.done.proposed'), onDone);
    if (ok) setForm(empty);
    return ok;
  };
  return (
    <FormPanel openLabel={t('cm.propose.open')} heading={t('cm.propose.heading')} submitLabel={t('cm.propose.submit')} busy={action.busy} onSubmit={submit}>
      <div className="two">
        <label className="field"><span>{t('cm.propose.workingGroup')}</span>
          <select name="workingGroup" required autoFocus value={form.workingGroup} onChange={set('workingGroup')}>
            <option value="" disabled>—</option>
            {(groups.data ?? []).map((g) => <option key={g.id} value={g.id}>{inLanguage(g.state.mandate?.title, i18n.language, g.id)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('cm.propose.party')}</span>
          <select name="party" required value={form.party} onChange={set('party')}>
            {dialogue.parties.map((p) => <option key={p.id} value={p.id}>{inLanguage(p.name, i18n.language, p.id)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('cm.propose.titleEn')}</span><input name="titleEn" lang="en" required value={form.titleEn} onChange={set('titleEn')} /></label>
        <label className="field"><span>{t('cm.propose.titleZh')}</span><input name="titleZh" lang="zh-Hans" value={form.titleZh} onChange={set('titleZh')} /></label>
        <label className="field"><span>{t('cm.propose.due')}</span><input name="due" type="date" required value={form.due} onChange={set('due')} /></label>
      </div>
    </FormPanel>
  );
}
