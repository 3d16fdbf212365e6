/**
 * The link tests: each link's schedule, its recent tests (who sent, who answered, which were
 * missed and why) and the availability per direction over 7, 30 and 90 days.
 */
import { useTranslation } from 'react-i18next';
import { post, type Aggregate } from '../../api.js';
import { mayCloseLink, mayOpenLink } from '../../allowed.js';
import { InlineAction } from '../../components/InlineAction.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { duration } from '../../crisis/format.js';
import { missedCount, slotTime, type Availability, type HotlineLink } from '../../crisis/model.js';
import type { ActionState } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';
import { useMember } from '../../session.js';

export function LinkTests({ links, availability, path, action, partyName, onDone }: {
  links: readonly Aggregate<HotlineLink>[]; availability: Availability | undefined; path: string; action: ActionState;
  partyName: (party: string) => string; onDone(): void;
}) {
  const { t } = useTranslation();
  const { can } = useMember();
  const sorted = [...links].sort((a, b) => b.state.epoch.localeCompare(a.state.epoch));
  return (
    <section className="panel" aria-labelledby="hl-links" data-testid="link-tests">
      <h2 id="hl-links">{t('hl.links.heading')}</h2>
      <p className="intro">{t('hl.links.intro')}</p>
      {mayOpenLink(links.map((l) => l.state), can) && (
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => post(path, {}), t('hl.done.linkOpened'), onDone)}>{t('hl.links.open')}</button>
      )}
      {sorted.length === 0 && <p>{t('hl.links.empty')}</p>}
      {sorted.map((link) => <Link key={link.id} link={link} path={path} action={action} partyName={partyName} onDone={onDone} />)}
      {availability && <AvailabilityTable availability={availability} partyName={partyName} />}
    </section>
  );
}

function Link({ link, path, action, partyName, onDone }: { link: Aggregate<HotlineLink>; path: string; action: ActionState; partyName: (party: string) => string; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const { can } = useMember();
  const state = link.state;
  const at = (value: string | null) => formatDate(value, i18n.language, true);
  const recent = [...state.recent].sort((a, b) => b.slot - a.slot);
  return (
    <article className="link" data-testid="link" data-status={state.status}>
      <div className="card-head">
        <h3>{t('hl.links.link', { party: partyName(state.openedBy), date: at(state.epoch) })}</h3>
        <StatusBadge status={state.status} label={t(`hl.links.status.${state.status}`)} />
      </div>
      <p className="meta">
        {t('hl.links.schedule', { interval: duration(state.intervalSeconds, t), answer: duration(state.answerSeconds, t) })}
        {' · '}<span data-testid="link-counts">{t('hl.links.counts', { answered: state.answered, missed: missedCount(state) })}</span>
        {' · '}{state.status === 'active' ? t('hl.links.nextTest', { date: at(slotTime(state, state.outstanding?.slot ?? state.nextSlot)) }) : t('hl.links.stopped', { date: at(state.closedAt) })}
      </p>
      {mayCloseLink(state, can) && (
        <div className="actions">
          <InlineAction label={t('hl.links.close')} submitLabel={t('hl.links.closeSubmit')} busy={action.busy} fields={[{ name: 'reason', label: t('common.reasonOptional') }]}
            onSubmit={(v) => action.run(() => post(`${path}/${encodeURIComponent(link.id)}/close`, v.reason ? { reason: v.reason } : {}), t('hl.done.linkClosed'), onDone)} />
        </div>
      )}
      {recent.length > 0 && (
        <details open={state.status === 'active'}>
          <summary>{t('hl.links.history')}</summary>
          <table className="list">
            <thead><tr><th scope="col">{t('hl.links.slot')}</th><th scope="col">{t('hl.links.due')}</th><th scope="col">{t('hl.links.from')}</th><th scope="col">{t('hl.links.to')}</th><th scope="col">{t('hl.links.result')}</th></tr></thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.slot} data-testid="link-test" data-result={r.result}>
                  <td>{r.slot + 1}</td>
                  <td>{at(slotTime(state, r.slot))}</td>
                  <td>{partyName(r.sender)}</td>
                  <td>{partyName(r.receiver)}</td>
                  <td className={r.result === 'missed' ? 'missed' : undefined}>
                    {r.result === 'answered' ? t('hl.links.answeredAt', { date: at(r.answeredAt) }) : t(`hl.links.missed.${r.reason ?? 'unanswered'}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </article>
  );
}

function AvailabilityTable({ availability, partyName }: { availability: Availability; partyName: (party: string) => string }) {
  const { t, i18n } = useTranslation();
  const directions = availability.windows[0]?.directions ?? [];
  const percent = (value: number | null) => (value === null ? '—' : `${(Math.round(value * 1000) / 10).toLocaleString(i18n.language)}%`);
  return (
    <>
      <h3>{t('hl.links.availability')}</h3>
      <table className="list" data-testid="availability">
        <thead><tr><th scope="col">{t('hl.links.direction')}</th>{availability.windows.map((w) => <th key={w.days} scope="col">{t('hl.links.window', { days: w.days })}</th>)}</tr></thead>
        <tbody>
          {directions.map((d) => (
            <tr key={`${d.from}-${d.to}`}>
              <th scope="row">{t('hl.links.directionName', { from: partyName(d.from), to: partyName(d.to) })}</th>
              {availability.windows.map((w) => {
                const cell = w.directions.find((c) => c.from === d.from && c.to === d.to);
                return <td key={w.days}>{cell && cell.scheduled > 0 ? t('hl.links.cell', { value: percent(cell.availability), answered: cell.answered, scheduled: cell.scheduled }) : '—'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
