/** One notice: its type's fields, the lead-time rule it was judged by, its standing and who acknowledged it. */
import { useTranslation } from 'react-i18next';
import { post, type Aggregate } from '../../api.js';
import { noticeActions } from '../../allowed.js';
import { InlineAction } from '../../components/InlineAction.js';
import { Multilingual } from '../../components/Multilingual.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { duration, position } from '../../crisis/format.js';
import { awaitingAcknowledgement, NOTICE_FORMS, standingOf, type Area, type Notice, type NoticeTerms } from '../../crisis/notices.js';
import type { ActionState } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';
import { useMember } from '../../session.js';
import { NoticeForm } from './NoticeForm.js';

export function NoticeCard({ notice, parties, path, terms, action, partyName, onDone }: {
  notice: Aggregate<Notice>; parties: readonly string[]; path: string; terms: Readonly<Record<string, NoticeTerms>> | undefined;
  action: ActionState; partyName: (party: string) => string; onDone(): void;
}) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const state = notice.state;
  const content = state.content;
  const at = (value: string | null | undefined) => formatDate(value, i18n.language, true);
  const standing = standingOf(state);
  const form = content ? NOTICE_FORMS[content.noticeType] : undefined;
  const type = content ? t(`nt.type.${content.noticeType}`, { defaultValue: content.noticeType }) : '—';
  const awaiting = awaitingAcknowledgement(state, parties);
  const acknowledged = parties.filter((p) => p !== state.givenBy && !awaiting.includes(p));
  const actions = noticeActions(state, member.party, can);
  const itemPath = `${path}/${encodeURIComponent(notice.id)}`;
  const areaText = (area: Area) => (area.shape === 'circle'
    ? t('nt.circle', { radius: (area.radius / 1000).toLocaleString(i18n.language), centre: position(area.centre) })
    : t('nt.polygon', { points: area.points.map(position).join('; ') }));
  return (
    <article className="card notice-card" data-testid="notice" data-standing={standing} data-status={state.status} aria-label={`${type} · ${partyName(state.givenBy)}`}>
      <header className="card-head">
        <p className="meta"><strong>{type}</strong> · {t('nt.givenBy', { party: partyName(state.givenBy), date: at(state.givenAt) })}</p>
        <span className="badges">
          <StatusBadge status={`standing-${standing}`} label={t(`nt.standing.${standing}`)} />
          <StatusBadge status={state.status} label={t(`nt.status.${state.status}`)} />
        </span>
      </header>
      {content && <Multilingual text={content.description} />}
      <dl className="facts">
        {content && <><dt>{t('nt.window')}</dt><dd>{t('nt.windowValue', { start: at(content.window.start), end: at(content.window.end) })}</dd></>}
        {state.lead && (
          <>
            <dt>{t('nt.leadRule')}</dt>
            <dd data-testid="lead">
              {t('nt.leadValue', { lead: duration(state.lead.seconds, t), date: at(state.lead.deadline) })}
              {state.lead.threshold && ` · ${t('nt.threshold', { min: state.lead.threshold.min.toLocaleString(i18n.language), field: t(`nt.count.${state.lead.threshold.field}`, { defaultValue: state.lead.threshold.field }) })}`}
            </dd>
          </>
        )}
        {form?.areas.map((field) => content?.[field] && <AreaFact key={field} label={t(`nt.area.${field}`)} text={areaText(content[field])} />)}
        {content?.forces && (
          <>
            <dt>{t('nt.forces')}</dt>
            <dd>
              {(['personnel', 'ships', 'aircraft'] as const).filter((f) => content.forces?.[f] !== undefined)
                .map((f) => `${t(`nt.count.${f}`)}: ${content.forces![f]!.toLocaleString(i18n.language)}`).join(' · ')}
              {content.forces.units?.length ? ` · ${t('nt.units')}: ${content.forces.units.join(', ')}` : ''}
            </dd>
          </>
        )}
        {content?.vehicleType && <><dt>{t('nt.vehicleType')}</dt><dd>{content.vehicleType}</dd></>}
        <dt>{t('nt.acknowledgements')}</dt>
        <dd data-testid="acknowledgements">
          {[...acknowledged.map((p) => t('nt.acknowledgedBy', { party: partyName(p) })), ...(awaiting.length && state.status !== 'cancelled' ? [t('nt.awaiting', { parties: awaiting.map(partyName).join(', ') })] : [])].join(' · ') || '—'}
        </dd>
      </dl>
      {content?.hazard && <div><span className="label">{t('nt.hazard')}</span><Multilingual text={content.hazard} /></div>}
      {state.versions.length > 1 && <p className="meta">{t('nt.amended', { count: state.versions.length - 1 })}</p>}
      {state.cancelled && <p className="meta">{t('nt.cancelledOn', { date: at(state.cancelled.at) })}{state.cancelled.reason ? `: ${state.cancelled.reason}` : ''}</p>}
      {actions.length > 0 && (
        <div className="actions">
          {actions.includes('acknowledge') && (
            <button type="button" disabled={action.busy} onClick={() => void action.run(() => post(`${itemPath}/acknowledge`, { version: state.version }), t('nt.done.acknowledge'), onDone)}>{t('nt.acknowledge')}</button>
          )}
          {actions.includes('amend') && content && <NoticeForm path={`${itemPath}/amend`} terms={terms} action={action} onDone={onDone} amending={content} />}
          {actions.includes('cancel') && (
            <InlineAction label={t('nt.cancel')} submitLabel={t('nt.cancelSubmit')} tone="danger" busy={action.busy} fields={[{ name: 'reason', label: t('common.reasonOptional') }]}
              onSubmit={(v) => action.run(() => post(`${itemPath}/cancel`, v.reason ? { reason: v.reason } : {}), t('nt.done.cancel'), onDone)} />
          )}
        </div>
      )}
    </article>
  );
}

function AreaFact({ label, text }: { label: string; text: string }) {
  return <><dt>{label}</dt><dd>{text}</dd></>;
}
