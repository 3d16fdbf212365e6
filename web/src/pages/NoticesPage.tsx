/**
 * Notifications of intentions: every notice with its type's fields, whether it was given on
 * time under the agreed lead time (or late, or voluntary), and who acknowledged it; the form
 * to give one, warning before it is sent when it would be late. Live over the event stream.
 */
import { useTranslation } from 'react-i18next';
import { all, dialoguePath, get, type Aggregate, type Dialogue } from '../api.js';
import { Loading, Notice as NoticeBox } from '../components/Notice.js';
import type { Notice, NoticeTerms } from '../crisis/notices.js';
import { useAction, useResource } from '../hooks.js';
import { NOTICE_EVENTS, useLiveReload } from '../live.js';
import { usePartyName } from '../parties.js';
import { useMember } from '../session.js';
import { NoticeCard } from './notices/NoticeCard.js';
import { NoticeForm } from './notices/NoticeForm.js';
import '../crisis/crisis.css';

export function NoticesPage({ dialogue }: { dialogue: Dialogue }) {
  const { t } = useTranslation();
  const { can } = useMember();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/notices');
  const notices = useResource(path, () => all<Aggregate<Notice>>(path));
  const termsPath = dialoguePath(dialogue.id, '/terms/in-force');
  const terms = useResource(termsPath, () => get<{ terms: { notices: Record<string, NoticeTerms> } }>(termsPath));
  const action = useAction();
  useLiveReload(dialogue.id, NOTICE_EVENTS, notices.reload);
  const sorted = [...(notices.data ?? [])].sort((a, b) => b.state.givenAt.localeCompare(a.state.givenAt));
  const parties = dialogue.parties.map((p) => p.id);
  return (
    <section aria-labelledby="nt-heading" data-testid="notices-page">
      <h1 id="nt-heading">{t('nt.heading')}</h1>
      <p className="intro">{t('nt.intro')}</p>
      <NoticeBox error={action.error ?? notices.error ?? terms.error} notice={action.notice} />
      {can('notice.give') && <NoticeForm path={path} terms={terms.data?.terms.notices} action={action} onDone={notices.reload} />}
      {!notices.data && !notices.error && <Loading />}
      {notices.data?.length === 0 && <p>{t('nt.empty')}</p>}
      <ul className="cards" aria-label={t('nt.list')}>
        {sorted.map((n) => <li key={n.id}><NoticeCard notice={n} parties={parties} path={path} terms={terms.data?.terms.notices} action={action} partyName={partyName} onDone={notices.reload} /></li>)}
      </ul>
    </section>
  );
}
