/**
 * Incidents at sea and in the air: the offline map (its own lazily loaded chunk: d3-geo and
 * the world's countries stay out of the initial JavaScript), then every incident with each
 * party's account side by side and the facts on which they differ. Live over the event stream.
 */
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { all, dialoguePath, get, type Aggregate, type Dialogue } from '../api.js';
import { CHART_COLOURS } from '../components/Chart.js';
import { Loading, Notice } from '../components/Notice.js';
import type { Incident } from '../crisis/incidents.js';
import { useAction, useResource } from '../hooks.js';
import { INCIDENT_EVENTS, useLiveReload } from '../live.js';
import type { PrivateNote } from '../model.js';
import { usePartyName } from '../parties.js';
import { useMember } from '../session.js';
import { AccountForm } from './incidents/AccountForm.js';
import { IncidentCard } from './incidents/IncidentCard.js';
import '../crisis/crisis.css';

const IncidentMap = lazy(() => import('./incidents/IncidentMap.js'));

export function IncidentsPage({ dialogue }: { dialogue: Dialogue }) {
  const { t } = useTranslation();
  const { member, can } = useMember();
  const action = useAction();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/incidents');
  const incidents = useResource(path, () => all<Aggregate<Incident>>(path));
  // The member's own party's notes (the API returns no other party's), shown with the incident they are about.
  const notesPath = dialoguePath(dialogue.id, '/private-notes');
  const notes = useResource(notesPath, async () => (await get<{ items: PrivateNote[] }>(notesPath)).items);
  useLiveReload(dialogue.id, INCIDENT_EVENTS, incidents.reload);
  const parties = dialogue.parties.map((p) => p.id);
  const colourOf = useCallback((party: string) => CHART_COLOURS[Math.max(0, parties.indexOf(party)) % CHART_COLOURS.length]!, [parties]);
  const [selected, setSelected] = useState<string | null>(null);
  const cards = useRef(new Map<string, HTMLElement>());
  const select = (id: string) => {
    setSelected(id);
    const card = cards.current.get(id);
    card?.scrollIntoView({ block: 'start' });
    card?.focus({ preventScroll: true });
  };
  const sorted = [...(incidents.data ?? [])].sort((a, b) => b.state.reportedAt.localeCompare(a.state.reportedAt));
  return (
    <section aria-labelledby="inc-heading" data-testid="incidents-page">
      <h1 id="inc-heading">{t('inc.heading')}</h1>
      <p className="intro">{t('inc.intro')}</p>
      <Notice error={action.error ?? incidents.error ?? notes.error} notice={action.notice} />
      {can('incident.report') && <AccountForm kind="report" path={path} dialogue={dialogue} partyName={partyName} action={action} onDone={incidents.reload} />}
      <h2>{t('inc.mapHeading')}</h2>
      {incidents.data && (
        <Suspense fallback={<p role="status" className="loading">{t('inc.mapLoading')}</p>}>
          <IncidentMap incidents={sorted} colourOf={colourOf} partyName={partyName} selected={selected} onSelect={select} />
        </Suspense>
      )}
      <h2>{t('inc.list')}</h2>
      {!incidents.data && !incidents.error && <Loading />}
      {incidents.data?.length === 0 && <p>{t('inc.empty')}</p>}
      <ul className="plain">
        {sorted.map((i) => (
          <li key={i.id}>
            <IncidentCard incident={i} parties={parties} partyName={partyName} colourOf={colourOf} ownParty={member.party} isSelected={i.id === selected}
              notes={(notes.data ?? []).filter((n) => n.subject === i.id)}
              accountForm={(kind) => (
                <AccountForm kind={kind} dialogue={dialogue} partyName={partyName} action={action} onDone={incidents.reload}
                  path={`${path}/${encodeURIComponent(i.id)}/accounts${kind === 'revise_account' ? '/revise' : ''}`} account={i.state.accounts[member.party]?.account ?? undefined} />
              )}
              ref={(element) => { if (element) cards.current.set(i.id, element); else cards.current.delete(i.id); }} />
          </li>
        ))}
      </ul>
    </section>
  );
}
