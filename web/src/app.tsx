/**
 * The app: the login when no one is logged in, else the shell (dialogue switcher, the
 * member's party and roles, language, logout) around one route per page. New pages
 * (dashboard, meeting room, hotline console…) are one more entry in PAGES. The party's own
 * administration (its audit log) is outside any dialogue, at /admin, for its admins.
 */
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { all, type Dialogue } from './api.js';
import { Loading, Notice } from './components/Notice.js';
import { useResource } from './hooks.js';
import { LanguageSelect } from './components/LanguageSelect.js';
import { inLanguage } from './i18n/index.js';
import { CommitmentsPage } from './pages/CommitmentsPage.js';
import { DashboardPage } from './pages/DashboardPage.js';
import { HotlinePage } from './pages/HotlinePage.js';
import { IncidentsPage } from './pages/IncidentsPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { MeetingsPage } from './pages/MeetingsPage.js';
import { MessagesPage } from './pages/MessagesPage.js';
import { NoticesPage } from './pages/NoticesPage.js';
import { RecordPage } from './pages/RecordPage.js';
import { TimelinePage } from './pages/TimelinePage.js';
import { WorkingGroupsPage } from './pages/WorkingGroupsPage.js';
import { SessionProvider, useMember, useSession } from './session.js';

/** The pages of a dialogue: path segment, label key, component (given the dialogue). The first is the landing page. */
const PAGES: readonly { path: string; label: string; Page: ComponentType<{ dialogue: Dialogue }> }[] = [
  { path: 'floor', label: 'page.dashboard', Page: DashboardPage },
  { path: 'working-groups', label: 'page.workingGroups', Page: WorkingGroupsPage },
  { path: 'meetings', label: 'mt.page', Page: MeetingsPage },
  { path: 'commitments', label: 'page.commitments', Page: CommitmentsPage },
  { path: 'messages', label: 'msg.page', Page: MessagesPage },
  { path: 'hotline', label: 'hl.page', Page: HotlinePage },
  { path: 'notices', label: 'nt.page', Page: NoticesPage },
  { path: 'incidents', label: 'inc.page', Page: IncidentsPage },
  { path: 'timeline', label: 'tl.page', Page: TimelinePage },
  { path: 'record', label: 'page.record', Page: RecordPage },
];

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Gate />
      </BrowserRouter>
    </SessionProvider>
  );
}

function Gate() {
  const { session } = useSession();
  if (session === undefined) return <Loading />;
  if (session === null) return <LoginPage />;
  return <Dialogues />;
}

function Dialogues() {
  // Oldest first: the longest-standing dialogue is the one opened by default.
  const dialogues = useResource('dialogues', async () => (await all<Dialogue>('/dialogues')).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)));
  if (dialogues.error) return <Shell dialogues={[]}><Notice error={dialogues.error} /></Shell>;
  if (!dialogues.data) return <Loading />;
  const list = dialogues.data;
  return (
    <Routes>
      <Route path="/" element={list[0] ? <Navigate to={`/d/${list[0].id}/${PAGES[0]!.path}`} replace /> : <Shell dialogues={list}><NoDialogue /></Shell>} />
      <Route path="/d/:dialogue" element={<Shell dialogues={list}><Outlet /></Shell>}>
        <Route index element={<Navigate to={PAGES[0]!.path} replace />} />
        {PAGES.map(({ path, Page }) => <Route key={path} path={path} element={<WithDialogue dialogues={list} Page={Page} />} />)}
        <Route path="*" element={<NotFound />} />
      </Route>
      <Route path="/admin/audit" element={<Shell dialogues={list}><AdminOnly><AuditPage dialogues={list} /></AdminOnly></Shell>} />
      <Route path="*" element={<Shell dialogues={list}><NotFound /></Shell>} />
    </Routes>
  );
}

function WithDialogue({ dialogues, Page }: { dialogues: readonly Dialogue[]; Page: ComponentType<{ dialogue: Dialogue }> }) {
  const { dialogue: id } = useParams();
  const dialogue = dialogues.find((d) => d.id === id);
  if (!dialogue) return <NotFound />;
  return <Page key={dialogue.id} dialogue={dialogue} />;
}

/** A page for the party's admins (the server refuses everyone else anyway). */
function AdminOnly({ children }: { children: React.ReactNode }) {
  const { can } = useMember();
  return can('audit.read') ? children : <NotFound />;
}

function NoDialogue() {
  const { t } = useTranslation();
  return <p>{t('app.noDialogues')}</p>;
}

function NotFound() {
  const { t } = useTranslation();
  return <p role="alert">{t('app.notFound')}</p>;
}

function Shell({ dialogues, children }: { dialogues: readonly Dialogue[]; children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const { logout } = useSession();
  const { dialogue: current } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const page = PAGES.find((p) => location.pathname.endsWith(`/${p.path}`))?.path ?? PAGES[0]!.path;
  // The party by its display name in the dialogue open (its id outside one).
  const party = dialogues.find((d) => d.id === current)?.parties.find((p) => p.id === member.party);
  const partyName = party ? inLanguage(party.name, i18n.language, member.party) : member.party;
  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="top">
        <Link className="brand" to="/">{t('app.name')}</Link>
        {dialogues.length > 0 && (
          <label className="field inline">
            <span>{t('app.dialogue')}</span>
            <select value={current ?? ''} onChange={(e) => navigate(`/d/${e.target.value}/${page}`)}>
              {current === undefined && <option value="" disabled>—</option>}
              {dialogues.map((d) => <option key={d.id} value={d.id}>{inLanguage(d.title, i18n.language, d.id)}</option>)}
            </select>
          </label>
        )}
        <div className="who" role="group" aria-label={t('app.party')} data-testid="who">
          <span className="member-name">{member.name}</span>
          <span className="party" data-testid="party">{t('app.partyIs', { party: partyName })}</span>
          <span className="roles" data-testid="roles">{t('app.rolesAre', { roles: member.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ') })}</span>
        </div>
        {can('audit.read') && <NavLink className="admin-link" to="/admin/audit">{t('audit.link')}</NavLink>}
        <LanguageSelect />
        <button type="button" className="secondary" onClick={() => void logout()}>{t('app.logout')}</button>
      </header>
      {current && (
        <nav className="pages" aria-label={t('app.nav')}>
          <ul>
            {PAGES.map((p) => <li key={p.path}><NavLink to={`/d/${current}/${p.path}`}>{t(p.label)}</NavLink></li>)}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
