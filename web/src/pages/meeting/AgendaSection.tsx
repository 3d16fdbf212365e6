/**
 * The agenda: every item's goal (a checkable outcome), which version each party accepted
 * (agreed only when all accepted the current one), and each party's own view of the outcome
 * — where the parties' views differ, the disagreement is shown, not averaged away.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api.js';
import { agendaVersions } from '../../agenda-history.js';
import { agendaActions } from '../../allowed.js';
import { FormPanel } from '../../components/FormPanel.js';
import { InlineAction } from '../../components/InlineAction.js';
import { Multilingual } from '../../components/Multilingual.js';
import { formatDate } from '../../i18n/index.js';
import { OUTCOMES, type Agenda, type AgendaItem, type Meeting } from '../../model.js';
import { useMember } from '../../session.js';
import { goalsOf } from '../../text.js';
import { usePartyName } from '../../parties.js';
import { hasStarted, type RoomProps } from './room.js';

export function AgendaSection({ dialogue, meeting, action, refresh, path }: RoomProps & { path: string }) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const partyName = usePartyName(dialogue);
  const agenda = meeting.state.agenda;
  const allowed = agendaActions(meeting.state, member.party, can, hasStarted(meeting.state));
  const submitItems = (items: { goal: Record<string, string> }[]) =>
    action.run(() => post(`${path}/agenda${agenda ? '/amend' : ''}`, { items }), t(agenda ? 'ag.done.amend' : 'ag.done.propose'), refresh);
  return (
    <section className="room-part" aria-labelledby="agenda-heading" data-testid="agenda">
      <h3 id="agenda-heading">{t('ag.heading')}</h3>
      {!agenda && <p>{t('ag.none')}</p>}
      {agenda && <AgendaVersion agenda={agenda} parties={dialogue.parties.map((p) => p.id)} partyName={partyName} />}
      {agenda && agenda.version > 1 && <VersionHistory history={meeting.state.history} partyName={partyName} />}
      {agenda && (
        <ol className="agenda">
          {agenda.items.map((item, index) => (
            <li key={index} data-testid="agenda-item">
              <AgendaItemView item={item} parties={dialogue.parties.map((p) => p.id)} partyName={partyName} />
              {allowed.includes('outcome') && (
                <div className="actions">
                  <InlineAction label={t('ag.recordOutcome')} busy={action.busy}
                    fields={[
                      { name: 'outcome', label: t('ag.outcomeOf', { party: partyName(member.party) }), options: OUTCOMES.map((o) => ({ value: o, label: t(`ag.outcome.${o}`) })), initial: item.outcomes[member.party] ?? 'achieved' },
                      { name: 'note', label: t('ag.noteOptional'), multiline: true },
                    ]}
                    onSubmit={(v) => action.run(() => post(`${path}/outcomes`, { item: index, outcome: v.outcome, ...(v.note ? { note: { [i18n.language]: v.note } } : {}) }), t('ag.done.outcome'), refresh)} />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <div className="actions">
        {allowed.includes('accept') && agenda && (
          <button type="button" disabled={action.busy} onClick={() => void action.run(() => post(`${path}/agenda/accept`, { proposal: agenda.proposal }), t('ag.done.accept'), refresh)}>
            {t('ag.accept', { version: agenda.version })}
          </button>
        )}
      </div>
      {(allowed.includes('propose') || allowed.includes('amend')) && <AgendaForm key={agenda?.proposal ?? 'new'} agenda={agenda} busy={action.busy} onSubmit={submitItems} />}
    </section>
  );
}

/** "Version 2, proposed by boreas — aurelia has not accepted, boreas accepted version 2" (an amendment drops earlier acceptances). */
function AgendaVersion({ agenda, parties, partyName }: { agenda: Agenda; parties: readonly string[]; partyName: (party: string) => string }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="meta">
        {t('ag.version', { version: agenda.version, party: partyName(agenda.proposedBy) })}{' '}
        <strong className={agenda.isAgreed ? 'agreed' : 'awaiting'}>{t(agenda.isAgreed ? 'ag.agreed' : 'ag.notAgreed')}</strong>
      </p>
      <ul className="acceptances">
        {parties.map((p) => {
          const accepted = agenda.acceptances[p];
          const which = accepted === undefined ? 'none' : accepted === agenda.proposal ? 'current' : 'earlier';
          return <li key={p} data-testid="agenda-acceptance" data-party={p} data-accepted={which}>{t(`ag.accepted.${which}`, { party: partyName(p), version: agenda.version })}</li>;
        })}
      </ul>
    </>
  );
}

/** Every version and who accepted it: earlier acceptances no longer count, but they happened. */
function VersionHistory({ history, partyName }: { history: Meeting['history']; partyName: (party: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <details className="versions">
      <summary>{t('ag.history')}</summary>
      <ol>
        {agendaVersions(history).map((v) => (
          <li key={v.version} data-testid="agenda-version">
            {t('ag.versionLine', {
              version: v.version, party: partyName(v.proposedBy), date: formatDate(v.at, i18n.language),
              accepted: v.acceptedBy.map((a) => partyName(a.party)).join(', '),
            })}
          </li>
        ))}
      </ol>
    </details>
  );
}

function AgendaItemView({ item, parties, partyName }: { item: AgendaItem; parties: readonly string[]; partyName: (party: string) => string }) {
  const { t } = useTranslation();
  const recorded = parties.filter((p) => item.outcomes[p] !== undefined);
  return (
    <>
      <div className="goal"><span className="label">{t('ag.goal')}</span><Multilingual text={item.goal} /></div>
      {recorded.length > 0 && (
        <table className={`outcomes${item.disputed ? ' disagreement' : ''}`} aria-label={t('ag.outcomes')}>
          <thead><tr><th scope="col">{t('ag.party')}</th><th scope="col">{t('ag.outcomeLabel')}</th><th scope="col">{t('ag.note')}</th></tr></thead>
          <tbody>
            {recorded.map((p) => (
              <tr key={p} data-testid="outcome" data-party={p}>
                <th scope="row">{partyName(p)}</th>
                <td><span className={`badge outcome-${item.outcomes[p]}`}>{t(`ag.outcome.${item.outcomes[p]}`)}</span></td>
                <td>{item.notes[p] ? <Multilingual text={item.notes[p]} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {item.disputed && <p className="disagreement-note" data-testid="disagreement">{t('ag.disagreement')}</p>}
    </>
  );
}

/** Propose the first agenda, or amend it (a new version: every party accepts again). */
function AgendaForm({ agenda, busy, onSubmit }: { agenda: Agenda | null; busy: boolean; onSubmit(items: { goal: Record<string, string> }[]): Promise<boolean> }) {
  const { t } = useTranslation();
  const lines = (lang: string) => (agenda?.items ?? []).map((i) => i.goal?.[lang] ?? '').join('\n');
  const [en, setEn] = useState(lines('en'));
  const [zh, setZh] = useState(lines('zh-Hans'));
  const mode = agenda ? 'amend' : 'propose';
  return (
    <FormPanel openLabel={t(`ag.${mode}.open`)} heading={t(`ag.${mode}.heading`)} submitLabel={t(`ag.${mode}.submit`)} busy={busy}
      onSubmit={() => onSubmit(goalsOf(en, zh).map((goal) => ({ goal })))}>
      <div className="two">
        <label className="field"><span>{t('ag.goalsEn')}</span><textarea name="goalsEn" lang="en" required rows={4} autoFocus value={en} onChange={(e) => setEn(e.target.value)} /></label>
        <label className="field"><span>{t('ag.goalsZh')}</span><textarea name="goalsZh" lang="zh-Hans" rows={4} value={zh} onChange={(e) => setZh(e.target.value)} /></label>
      </div>
    </FormPanel>
  );
}
