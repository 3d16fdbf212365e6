/**
 * One incident: each party's account side by side, one column per party, the facts on which
 * they differ marked (in words, not by colour alone); and the member's own party's private
 * notes on it, marked as visible to that party only.
 */
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Aggregate } from '../../api.js';
import { incidentActions } from '../../allowed.js';
import { Multilingual } from '../../components/Multilingual.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { position } from '../../crisis/format.js';
import { ACCOUNT_FACTS, type Account, type AccountFact, type Incident } from '../../crisis/incidents.js';
import { formatDate } from '../../i18n/index.js';
import type { PrivateNote } from '../../model.js';
import { useMember } from '../../session.js';

export const IncidentCard = forwardRef<HTMLElement, {
  incident: Aggregate<Incident>; parties: readonly string[]; partyName: (party: string) => string; colourOf: (party: string) => string;
  notes: readonly PrivateNote[]; ownParty: string; isSelected: boolean;
  /** The form for the member's own account (add or revise), when allowed. */
  accountForm: (kind: 'add_account' | 'revise_account') => React.ReactNode;
}>(function IncidentCard({ incident, parties, partyName, colourOf, notes, ownParty, isSelected, accountForm }, ref) {
  const { t, i18n } = useTranslation();
  const { can } = useMember();
  const state = incident.state;
  const at = (value: string | null | undefined) => formatDate(value, i18n.language, true);
  const first = state.accounts[state.reportedBy]?.account;
  const title = t('inc.title', { domain: first ? t(`inc.domain.${first.domain}`, { defaultValue: first.domain }) : '', date: at(first?.time ?? state.reportedAt) });
  const missing = parties.filter((p) => !state.accounts[p]);
  const headingId = `incident-${incident.id}-heading`;
  const cell = (account: Account, fact: AccountFact) => {
    switch (fact) {
      case 'time': return at(account.time);
      case 'position': return position(account.position);
      case 'domain': return t(`inc.domain.${account.domain}`, { defaultValue: account.domain });
      case 'cpaMetres': return t('inc.metres', { value: account.cpaMetres.toLocaleString(i18n.language) });
      case 'units': return account.units.map((u) => t('inc.unit', { name: u.type ? `${u.name}, ${u.type}` : u.name, party: partyName(u.party) })).join('; ');
      case 'narrative': return <Multilingual text={account.narrative} />;
      default: {
        const unreachable: never = fact;
        return unreachable;
      }
    }
  };
  return (
    <article ref={ref} id={`incident-${incident.id}`} tabIndex={-1} className={`card incident${isSelected ? ' selected' : ''}`} data-testid="incident" data-incident={incident.id} aria-labelledby={headingId}>
      <header className="card-head">
        <div>
          <h3 id={headingId}>{title}</h3>
          <p className="meta">{t('inc.reportedBy', { party: partyName(state.reportedBy), date: at(state.reportedAt) })}</p>
        </div>
        <StatusBadge status={state.status} label={t(`inc.status.${state.status}`)} />
      </header>
      {/* Agreement needs two accounts to compare. */}
      {Object.keys(state.accounts).length > 1 && (
        <p className={state.differences.length ? 'disagreement-note' : 'agreed'} data-testid="differences">
          {state.differences.length
            ? t('inc.differs', { facts: state.differences.map((f) => t(`inc.fact.${f}`, { defaultValue: f })).join(', ') })
            : t('inc.agree')}
        </p>
      )}
      {missing.length > 0 && <p className="awaiting">{t('inc.awaiting', { parties: missing.map(partyName).join(', ') })}</p>}
      <div className="table-scroll">
        <table className="side-by-side accounts" data-testid="accounts">
          <thead>
            <tr>
              <td />
              {parties.map((p) => (
                <th key={p} scope="col" data-party={p}>
                  <span className="swatch" style={{ background: colourOf(p) }} aria-hidden="true" />{t('inc.accountOf', { party: partyName(p) })}
                  {(state.accounts[p]?.revision ?? 0) > 1 && <span className="meta"> · {t('inc.revised', { count: state.accounts[p]!.revision - 1 })}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ACCOUNT_FACTS.map((fact) => {
              const differs = (state.differences as readonly string[]).includes(fact);
              return (
                <tr key={fact} className={differs ? 'differs' : undefined} data-fact={fact} data-differs={differs}>
                  <th scope="row">{t(`inc.fact.${fact}`)}{differs && <strong className="differs-mark"> · {t('inc.differsMark')}</strong>}</th>
                  {parties.map((p) => {
                    const entry = state.accounts[p];
                    return (
                      <td key={p} data-party={p}>
                        {!entry ? <span className="silent">{t('inc.noAccount')}</span> : !entry.account ? <span className="silent">{t('inc.withheld')}</span> : cell(entry.account, fact)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {incidentActions(state, ownParty, can).map((kind) => <div key={kind} className="actions">{accountForm(kind)}</div>)}
      {notes.length > 0 && (
        <div className="private private-note" data-testid="incident-notes">
          <p className="private-marker">{t('private.visibleTo', { party: partyName(ownParty) })}</p>
          <span className="label">{t('inc.notes')}</span>
          {notes.map((n) => (
            <div key={n.id} data-testid="private-note">
              <Multilingual text={n.text} />
              <p className="meta">{t('private.by', { member: n.author, date: at(n.createdAt) })}</p>
            </div>
          ))}
        </div>
      )}
    </article>
  );
});
