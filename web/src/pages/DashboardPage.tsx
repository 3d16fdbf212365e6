/**
 * The floor dashboard (SPEC.md §5), the dialogue's landing page: are the channels working and
 * producing outcomes? The floor rules first, with their status and the alerts they raised;
 * then channels, outcomes (per meeting: many meetings and no outcomes is a visible failure),
 * the hotline, notices, incidents and the timeline. Every chart has a summary in words and its
 * numbers in a data table. Computed by the server (GET /dialogues/:id/floor) when the page
 * opens or the member asks for it again (Refresh).
 */
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { dialoguePath, get, type Dialogue } from '../api.js';
import { Chart, preloadCharts } from '../components/Chart.js';
import { Loading, Notice } from '../components/Notice.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { useResource } from '../hooks.js';
import { formatDate, inLanguage } from '../i18n/index.js';
import { ITEM_OUTCOMES, type Floor, type FloorAlert } from '../floor-model.js';
import { COMMITMENT_COLUMNS } from '../model.js';
import { usePartyName } from '../parties.js';

type Names = (id: string | null) => string;

export function DashboardPage({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/floor');
  const floor = useResource(path, () => get<Floor>(path));
  // The charts' library loads while the floor is computed, not after.
  useEffect(preloadCharts, []);
  const data = floor.data;
  const groupName: Names = (id) => {
    const group = data?.channels.groups.find((g) => g.id === id);
    return group ? inLanguage(group.title, i18n.language, id ?? '') : (id ?? '—');
  };
  return (
    <section aria-labelledby="floor-heading" className="floor">
      <h1 id="floor-heading">{t('floor.heading')}</h1>
      <p className="intro">{t('floor.intro')}</p>
      <Notice error={floor.error} />
      {!data && !floor.error && <Loading />}
      {data && (
        <>
          <p className="meta" data-testid="floor-at">
            {t('floor.at', { date: formatDate(data.at, i18n.language, true) })}{' '}
            <button type="button" className="secondary" onClick={floor.reload}>{t('common.refresh')}</button>
          </p>
          <Rules floor={data} groupName={groupName} />
          <Channels floor={data} groupName={groupName} />
          <Outcomes floor={data} groupName={groupName} />
          <Hotline floor={data} partyName={partyName} />
          <Notices floor={data} partyName={partyName} />
          <Incidents floor={data} />
          <Timeline floor={data} groupName={groupName} partyName={partyName} />
        </>
      )}
    </section>
  );
}

/** A figure with its label, shown large. */
function Tile({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: 'bad' | 'good' }) {
  return (
    <div className={`tile${tone ? ` tile-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

const percentText = (value: number | null, language: string) => (value === null ? '—' : `${value.toLocaleString(language)}%`);
const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 6) / 10);

function Rules({ floor, groupName }: { floor: Floor; groupName: Names }) {
  const { t, i18n } = useTranslation();
  const s = floor.ruleSettings;
  const describe = {
    link_availability: t('floor.rule.link_availability', { min: s.linkAvailabilityMinPercent, days: s.linkAvailabilityDays }),
    silent_group: t('floor.rule.silent_group', { days: s.silentGroupMaxDays }),
    flash_unanswered: t('floor.rule.flash_unanswered', { minutes: s.flashUnansweredMaxSeconds / 60 }),
    protected_suspended: t('floor.rule.protected_suspended'),
  };
  const breached = floor.rules.filter((r) => r.status === 'breached').length;
  return (
    <section className="panel" aria-labelledby="floor-rules">
      <h2 id="floor-rules">{t('floor.rules')}</h2>
      <p className={breached > 0 ? 'floor-breached' : 'floor-met'} data-testid="floor-summary">
        {breached > 0 ? t('floor.breachedCount', { count: breached }) : t('floor.allMet')}
      </p>
      <ul className="rules">
        {floor.rules.map((rule) => (
          <li key={rule.rule} data-testid="rule" data-rule={rule.rule} data-status={rule.status}>
            <div className="rule-head">
              <StatusBadge status={`rule-${rule.status}`} label={t(`floor.status.${rule.status}`)} />
              <span>{describe[rule.rule]}</span>
            </div>
            {rule.alerts.length > 0 && (
              <ul className="alerts">
                {rule.alerts.map((alert) => (
                  <li key={`${alert.subject}-${alert.at}`} data-testid="alert" data-active={alert.isActive} className={alert.isActive ? 'alert-active' : 'alert-past'}>
                    {alertText(alert, t, i18n.language, groupName)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <p className="hint">{t('floor.rulesHint')}</p>
    </section>
  );
}

function alertText(alert: FloorAlert, t: TFunction, language: string, groupName: Names): string {
  const when = formatDate(alert.at, language, true);
  const state = t(alert.isActive ? 'floor.alert.active' : 'floor.alert.past');
  switch (alert.rule) {
    case 'link_availability': {
      const [from, to] = alert.subject.split('→');
      return t('floor.alert.link_availability', { from, to, value: alert.value?.toLocaleString(language), state });
    }
    case 'silent_group':
      return t('floor.alert.silent_group', { group: groupName(alert.subject), days: alert.value, date: when, state });
    case 'flash_unanswered':
      return t('floor.alert.flash_unanswered', { minutes: minutes(alert.value)?.toLocaleString(language), date: when, state });
    case 'protected_suspended':
      return t('floor.alert.protected_suspended', { group: groupName(alert.subject), date: when, state });
  }
}

function Channels({ floor, groupName }: { floor: Floor; groupName: Names }) {
  const { t, i18n } = useTranslation();
  const { counts, groups } = floor.channels;
  const dated = groups.filter((g) => g.daysSinceContact !== null);
  const threshold = floor.ruleSettings.silentGroupMaxDays;
  const summary = t('floor.channels.chartLabel', {
    list: dated.map((g) => t('floor.channels.groupDays', { group: groupName(g.id), days: g.daysSinceContact })).join('; ') || t('common.none'),
  });
  return (
    <section className="panel" aria-labelledby="floor-channels">
      <h2 id="floor-channels">{t('floor.channels.heading')}</h2>
      <dl className="tiles">
        <Tile label={t('floor.channels.active')} value={String(counts.active)} testId="groups-active" />
        <Tile label={t('floor.channels.suspended')} value={String(counts.suspended)} testId="groups-suspended" tone={counts.suspended > 0 ? 'bad' : undefined} />
        <Tile label={t('floor.channels.proposed')} value={String(counts.proposed)} testId="groups-proposed" />
      </dl>
      <h3>{t('floor.channels.lastContact')}</h3>
      <Chart testId="chart-contact" label={summary} height={60 + 40 * Math.max(dated.length, 1)} option={{
        grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
        xAxis: { type: 'value', name: t('floor.days'), nameLocation: 'end' },
        yAxis: { type: 'category', data: dated.map((g) => groupName(g.id)), inverse: true },
        tooltip: { trigger: 'axis' },
        series: [{
          type: 'bar', name: t('floor.channels.daysSince'), data: dated.map((g) => g.daysSinceContact), label: { show: true, position: 'right' },
          markLine: { symbol: 'none', data: [{ xAxis: threshold, name: t('floor.channels.limit') }], lineStyle: { color: '#a4161a', type: 'dashed' }, label: { formatter: `${threshold}` } },
        }],
      }}>
        <table>
          <thead><tr><th scope="col">{t('floor.channels.group')}</th><th scope="col">{t('floor.channels.status')}</th><th scope="col">{t('floor.channels.lastContactAt')}</th><th scope="col">{t('floor.channels.daysSince')}</th></tr></thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id} data-testid="group-row">
                <th scope="row">{groupName(g.id)}{g.isProtected ? ` (${t('floor.channels.protected')})` : ''}</th>
                <td>{t(`wg.status.${g.status}`, { defaultValue: g.status })}</td>
                <td>{formatDate(g.lastContactAt, i18n.language)}</td>
                <td>{g.daysSinceContact ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>
    </section>
  );
}

/** Meetings drawn in the outcomes chart: the latest ones. */
const MEETINGS_DRAWN = 24;

function Outcomes({ floor, groupName }: { floor: Floor; groupName: Names }) {
  const { t, i18n } = useTranslation();
  const { goals, commitments, meetings } = floor.outcomes;
  const meetingLabel = (m: Floor['outcomes']['meetings'][number]) => `${formatDate(m.start, i18n.language)} · ${groupName(m.workingGroup)}`;
  const statuses = COMMITMENT_COLUMNS;
  const outcomeName = (o: string) => t(`floor.outcome.${o}`);
  // A chart of every meeting of years of talks would be unreadable bars; the table has them all.
  const drawn = meetings.slice(-MEETINGS_DRAWN);
  return (
    <section className="panel" aria-labelledby="floor-outcomes">
      <h2 id="floor-outcomes">{t('floor.outcomes.heading')}</h2>
      <dl className="tiles">
        <Tile label={t('floor.outcomes.goalsAchieved')} value={percentText(goals.achievedPercent, i18n.language)} testId="goals-achieved" />
        <Tile label={t('floor.outcomes.meetingsHeld')} value={String(meetings.length)} testId="meetings-held" />
        <Tile label={t('floor.outcomes.onTime')} value={percentText(commitments.onTimePercent, i18n.language)} testId="on-time" />
        <Tile label={t('floor.outcomes.confirmedDisputed')} value={`${commitments.confirmed} / ${commitments.disputed}`} testId="confirmed-disputed" />
        <Tile label={t('floor.outcomes.overdue')} value={String(commitments.overdue)} testId="overdue" tone={commitments.overdue > 0 ? 'bad' : undefined} />
      </dl>
      <div className="chart-grid">
        <div>
          <h3>{drawn.length < meetings.length ? t('floor.outcomes.perMeetingLatest', { shown: drawn.length, count: meetings.length }) : t('floor.outcomes.perMeeting')}</h3>
          <Chart testId="chart-meetings" label={t('floor.outcomes.perMeetingLabel', {
            list: drawn.map((m) => t('floor.outcomes.meetingSummary', { meeting: meetingLabel(m), achieved: m.outcomes.achieved, items: m.items, commitments: m.commitments })).join('; ') || t('common.none'),
          })} option={{
            grid: { left: 8, right: 24, top: 32, bottom: 40, containLabel: true },
            legend: { bottom: 0 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: drawn.map(meetingLabel) },
            yAxis: { type: 'value', minInterval: 1, name: t('floor.outcomes.items') },
            series: [
              ...ITEM_OUTCOMES.map((o) => ({ type: 'bar', stack: 'items', name: outcomeName(o), data: drawn.map((m) => m.outcomes[o]) })),
              { type: 'bar', name: t('floor.outcomes.commitments'), data: drawn.map((m) => m.commitments) },
            ],
          }}>
            <table>
              <thead><tr><th scope="col">{t('floor.outcomes.meeting')}</th>{ITEM_OUTCOMES.map((o) => <th key={o} scope="col">{outcomeName(o)}</th>)}<th scope="col">{t('floor.outcomes.commitments')}</th></tr></thead>
              <tbody>
                {meetings.map((m) => (
                  <tr key={m.id} data-testid="meeting-row">
                    <th scope="row">{meetingLabel(m)}</th>
                    {ITEM_OUTCOMES.map((o) => <td key={o}>{m.outcomes[o]}</td>)}
                    <td>{m.commitments}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Chart>
        </div>
        <div>
          <h3>{t('floor.outcomes.byState')}</h3>
          <Chart testId="chart-commitments" label={t('floor.outcomes.byStateLabel', {
            list: statuses.map((s) => `${t(`cm.status.${s}`)} ${commitments.byStatus[s] ?? 0}`).join(', '),
          })} option={{
            grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: statuses.map((s) => t(`cm.status.${s}`)), axisLabel: { interval: 0, rotate: 30 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', name: t('floor.outcomes.commitments'), data: statuses.map((s) => commitments.byStatus[s] ?? 0), label: { show: true, position: 'top' } }],
          }}>
            <table>
              <thead><tr><th scope="col">{t('floor.outcomes.state')}</th><th scope="col">{t('floor.outcomes.count')}</th></tr></thead>
              <tbody>
                {statuses.map((s) => <tr key={s}><th scope="row">{t(`cm.status.${s}`)}</th><td>{commitments.byStatus[s] ?? 0}</td></tr>)}
                <tr><th scope="row">{t('floor.outcomes.deliveredOnTime')}</th><td>{commitments.deliveredOnTime} / {commitments.delivered}</td></tr>
              </tbody>
            </table>
          </Chart>
        </div>
      </div>
    </section>
  );
}

function Hotline({ floor, partyName }: { floor: Floor; partyName: (party: string) => string }) {
  const { t, i18n } = useTranslation();
  const { parties, availability } = floor.hotline;
  const directions = availability[0]?.directions ?? [];
  const directionName = (d: { from: string; to: string }) => `${partyName(d.from)} → ${partyName(d.to)}`;
  const share = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
  return (
    <section className="panel" aria-labelledby="floor-hotline">
      <h2 id="floor-hotline">{t('floor.hotline.heading')}</h2>
      <dl className="tiles">
        <Tile label={t('floor.hotline.unanswered')} value={String(floor.hotline.unansweredPastDeadline)} testId="unanswered" tone={floor.hotline.unansweredPastDeadline > 0 ? 'bad' : undefined} />
        {parties.map((p) => (
          <Tile key={p.party} label={t('floor.hotline.ackOf', { party: partyName(p.party) })} testId={`ack-${p.party}`}
            value={p.ackMedianSeconds === null ? '—' : t('floor.hotline.ackValue', { median: minutes(p.ackMedianSeconds)?.toLocaleString(i18n.language), p90: minutes(p.ackP90Seconds)?.toLocaleString(i18n.language) })} />
        ))}
      </dl>
      <div className="chart-grid">
        <div>
          <h3>{t('floor.hotline.ackTimes')}</h3>
          <Chart testId="chart-ack" label={t('floor.hotline.ackLabel', {
            list: parties.map((p) => t('floor.hotline.ackSummary', { party: partyName(p.party), median: minutes(p.ackMedianSeconds) ?? '—', p90: minutes(p.ackP90Seconds) ?? '—', count: p.received })).join('; '),
          })} option={{
            grid: { left: 8, right: 24, top: 32, bottom: 40, containLabel: true },
            legend: { bottom: 0 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: parties.map((p) => partyName(p.party)) },
            yAxis: { type: 'value', name: t('floor.minutes') },
            series: [
              { type: 'bar', name: t('floor.hotline.median'), data: parties.map((p) => minutes(p.ackMedianSeconds)) },
              { type: 'bar', name: t('floor.hotline.p90'), data: parties.map((p) => minutes(p.ackP90Seconds)) },
            ],
          }}>
            <table>
              <thead><tr><th scope="col">{t('floor.hotline.party')}</th><th scope="col">{t('floor.hotline.received')}</th><th scope="col">{t('floor.hotline.median')}</th><th scope="col">{t('floor.hotline.p90')}</th><th scope="col">{t('floor.hotline.unanswered')}</th></tr></thead>
              <tbody>
                {parties.map((p) => (
                  <tr key={p.party}><th scope="row">{partyName(p.party)}</th><td>{p.received}</td><td>{minutes(p.ackMedianSeconds) ?? '—'}</td><td>{minutes(p.ackP90Seconds) ?? '—'}</td><td>{p.unansweredPastDeadline}</td></tr>
                ))}
              </tbody>
            </table>
          </Chart>
        </div>
        <div>
          <h3>{t('floor.hotline.availability')}</h3>
          <Chart testId="chart-availability" label={t('floor.hotline.availabilityLabel', {
            list: availability.map((w) => `${t('floor.hotline.window', { days: w.days })}: ${w.directions.map((d) => `${directionName(d)} ${percentText(share(d.availability), i18n.language)}`).join(', ')}`).join('; '),
          })} option={{
            grid: { left: 8, right: 24, top: 32, bottom: 40, containLabel: true },
            legend: { bottom: 0 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: availability.map((w) => t('floor.hotline.window', { days: w.days })) },
            yAxis: { type: 'value', max: 100, name: '%' },
            series: directions.map((d, i) => ({
              type: 'bar', name: directionName(d), data: availability.map((w) => share(w.directions[i]?.availability ?? null)),
              ...(i === 0 ? { markLine: { symbol: 'none', data: [{ yAxis: floor.ruleSettings.linkAvailabilityMinPercent }], lineStyle: { color: '#a4161a', type: 'dashed' }, label: { position: 'insideEndTop' } } } : {}),
            })),
          }}>
            <table>
              <thead><tr><th scope="col">{t('floor.hotline.direction')}</th>{availability.map((w) => <th key={w.days} scope="col">{t('floor.hotline.window', { days: w.days })}</th>)}</tr></thead>
              <tbody>
                {directions.map((d, i) => (
                  <tr key={directionName(d)}>
                    <th scope="row">{directionName(d)}</th>
                    {availability.map((w) => {
                      const cell = w.directions[i];
                      return <td key={w.days}>{cell && cell.scheduled > 0 ? t('floor.hotline.cell', { value: percentText(share(cell.availability), i18n.language), answered: cell.answered, scheduled: cell.scheduled }) : '—'}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Chart>
        </div>
      </div>
    </section>
  );
}

function Notices({ floor, partyName }: { floor: Floor; partyName: (party: string) => string }) {
  const { t } = useTranslation();
  const rows = floor.notices;
  const rowName = (r: { party: string; type: string }) => `${partyName(r.party)} · ${t(`floor.noticeType.${r.type}`, { defaultValue: r.type })}`;
  const late = rows.reduce((n, r) => n + r.late, 0);
  const onTime = rows.reduce((n, r) => n + r.onTime, 0);
  return (
    <section className="panel" aria-labelledby="floor-notices">
      <h2 id="floor-notices">{t('floor.notices.heading')}</h2>
      <dl className="tiles">
        <Tile label={t('floor.notices.onTime')} value={String(onTime)} testId="notices-on-time" />
        <Tile label={t('floor.notices.late')} value={String(late)} testId="notices-late" tone={late > 0 ? 'bad' : undefined} />
      </dl>
      <Chart testId="chart-notices" label={t('floor.notices.chartLabel', {
        list: rows.map((r) => t('floor.notices.rowSummary', { row: rowName(r), onTime: r.onTime, late: r.late, voluntary: r.voluntary })).join('; ') || t('common.none'),
      })} height={80 + 40 * Math.max(rows.length, 1)} option={{
        grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
        legend: { bottom: 0 },
        tooltip: { trigger: 'axis' },
        yAxis: { type: 'category', data: rows.map(rowName), inverse: true },
        xAxis: { type: 'value', minInterval: 1 },
        series: (['onTime', 'late', 'voluntary'] as const).map((key) => ({ type: 'bar', stack: 'notices', name: t(`floor.notices.${key}`), data: rows.map((r) => r[key]) })),
      }}>
        <table>
          <thead><tr><th scope="col">{t('floor.notices.row')}</th><th scope="col">{t('floor.notices.onTime')}</th><th scope="col">{t('floor.notices.late')}</th><th scope="col">{t('floor.notices.voluntary')}</th></tr></thead>
          <tbody>
            {rows.map((r) => <tr key={rowName(r)} data-testid="notice-row"><th scope="row">{rowName(r)}</th><td>{r.onTime}</td><td>{r.late}</td><td>{r.voluntary}</td></tr>)}
          </tbody>
        </table>
      </Chart>
    </section>
  );
}

function Incidents({ floor }: { floor: Floor }) {
  const { t } = useTranslation();
  const months = [...new Set(floor.incidents.map((i) => i.month))];
  const domains = [...new Set(floor.incidents.map((i) => i.domain))];
  const count = (month: string, domain: string) => floor.incidents.find((i) => i.month === month && i.domain === domain)?.count ?? 0;
  const domainName = (d: string) => t(`floor.domain.${d}`, { defaultValue: d });
  return (
    <section className="panel" aria-labelledby="floor-incidents">
      <h2 id="floor-incidents">{t('floor.incidents.heading')}</h2>
      <Chart testId="chart-incidents" label={t('floor.incidents.chartLabel', {
        list: floor.incidents.map((i) => `${i.month} ${domainName(i.domain)} ${i.count}`).join('; ') || t('common.none'),
      })} option={{
        grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
        legend: { bottom: 0 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', minInterval: 1 },
        series: domains.map((d) => ({ type: 'bar', stack: 'incidents', name: domainName(d), data: months.map((m) => count(m, d)) })),
      }}>
        <table>
          <thead><tr><th scope="col">{t('floor.incidents.month')}</th>{domains.map((d) => <th key={d} scope="col">{domainName(d)}</th>)}</tr></thead>
          <tbody>
            {months.map((m) => <tr key={m}><th scope="row">{m}</th>{domains.map((d) => <td key={d}>{count(m, d)}</td>)}</tr>)}
          </tbody>
        </table>
      </Chart>
    </section>
  );
}

function Timeline({ floor, groupName, partyName }: { floor: Floor; groupName: Names; partyName: (party: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="floor-timeline">
      <h2 id="floor-timeline">{t('floor.timeline.heading')}</h2>
      {floor.timeline.length === 0 && <p className="empty">{t('common.none')}</p>}
      {floor.timelineTotal > floor.timeline.length && <p className="hint" data-testid="timeline-shown">{t('floor.timeline.latest', { shown: floor.timeline.length, total: floor.timelineTotal })}</p>}
      <ol className="timeline">
        {floor.timeline.map((e) => (
          <li key={`${e.type}-${e.id}-${e.at}`} data-testid="timeline-entry" data-type={e.type}>
            <time dateTime={e.at}>{formatDate(e.at, i18n.language)}</time>
            <span className={`tl-type tl-${e.type}`}>{t(`floor.timeline.${e.type}`)}</span>
            <span className="tl-text">
              {e.type === 'meeting' || e.type === 'suspended' || e.type === 'resumed' ? groupName(e.workingGroup) : inLanguage(e.title, i18n.language, '')}
              {e.type === 'suspended' && e.detail ? ` — ${e.detail}` : ''}
              {e.party ? ` (${partyName(e.party)})` : ''}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
