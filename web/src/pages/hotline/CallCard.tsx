/**
 * One hotline call: who called whom with what precedence, its message, delivery,
 * acknowledgement (with the countdown while it runs), answer and closing; the escalation
 * levels the shared record shows and — for calls to the member's own party — the private
 * steps its node took (who was paged), marked as visible to that party only.
 */
import { useTranslation } from 'react-i18next';
import { post, type Aggregate } from '../../api.js';
import { hotlineCallActions } from '../../allowed.js';
import { InlineAction } from '../../components/InlineAction.js';
import { Multilingual } from '../../components/Multilingual.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { duration } from '../../crisis/format.js';
import { CALL_OUTCOMES, type EscalationStep, type HotlineCall } from '../../crisis/model.js';
import type { ActionState } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';
import { useMember } from '../../session.js';
import { bilingual } from '../../text.js';
import { Countdown } from './Countdown.js';

export interface CallProps {
  readonly call: Aggregate<HotlineCall>;
  /** Base path of the calls (…/hotline/calls). */
  readonly path: string;
  readonly action: ActionState;
  readonly now: number;
  readonly partyName: (party: string) => string;
  onDone(): void;
}

/** The one-click acknowledgement, offered only where allowed.ts says the server would accept it. */
export function AcknowledgeButton({ call, path, action, onDone }: Omit<CallProps, 'now' | 'partyName'>) {
  const { t } = useTranslation();
  const { member, can } = useMember();
  if (!hotlineCallActions(call.state, member.party, can).includes('acknowledge')) return null;
  return (
    <button type="button" disabled={action.busy}
      onClick={() => void action.run(() => post(`${path}/${encodeURIComponent(call.id)}/acknowledge`), t('hl.done.acknowledge'), onDone)}>
      {t('hl.acknowledge')}
    </button>
  );
}

export function CallCard({ call, path, action, now, partyName, onDone, steps }: CallProps & { steps: readonly EscalationStep[] | undefined }) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const state = call.state;
  const at = (value: string | null | undefined) => formatDate(value, i18n.language, true);
  const actions = hotlineCallActions(state, member.party, can);
  const itemPath = `${path}/${encodeURIComponent(call.id)}`;
  const title = t('hl.direction', { from: partyName(state.from), to: partyName(state.to) });
  return (
    <article className={`card call call-${state.precedence}`} data-testid="call" data-call={call.id} data-status={state.status} aria-label={title}>
      <header className="card-head">
        <p className="meta">
          <strong className={`precedence precedence-${state.precedence}`}>{t(`hl.precedence.${state.precedence}`, { defaultValue: state.precedence })}</strong> · {title}
        </p>
        <StatusBadge status={state.status} label={t(`hl.status.${state.status}`, { defaultValue: state.status })} />
      </header>
      <Multilingual as="h3" text={state.subject} />
      <Multilingual text={state.message} />
      <Countdown call={state} now={now} calledName={partyName(state.to)} />
      <dl className="facts">
        <dt>{t('hl.placed')}</dt><dd>{t('hl.placedBy', { date: at(state.placedAt), member: state.placedBy ?? partyName(state.from) })}</dd>
        <dt>{t('hl.delivered')}</dt><dd>{at(state.deliveredAt)}</dd>
        <dt>{t('hl.ackDeadline')}</dt><dd>{duration(state.ackDeadlineSeconds, t)}{state.ackDueAt ? ` (${at(state.ackDueAt)})` : ''}</dd>
        <dt>{t('hl.acknowledged')}</dt>
        <dd data-testid="acknowledged">
          {state.acknowledgedAt
            ? t('hl.acknowledgedBy', { date: at(state.acknowledgedAt), member: state.acknowledgedBy ?? partyName(state.to), latency: duration((state.ackLatencyMs ?? 0) / 1000, t) })
            : '—'}
          {state.isAckLate && <> <strong className="late">{t('hl.late')}</strong></>}
        </dd>
      </dl>
      {state.answer && (
        <div className="answer">
          <span className="label">{t('hl.answer')} · {t('hl.answeredBy', { date: at(state.answer.at), member: state.answer.by ?? partyName(state.to) })}</span>
          <Multilingual text={state.answer.message} />
        </div>
      )}
      {state.closed && (
        <div className="closed">
          <p className="meta" data-testid="closed">{t('hl.closedBy', { party: partyName(state.closed.party), date: at(state.closed.at), outcome: t(`hl.outcome.${state.closed.outcome}`, { defaultValue: state.closed.outcome }) })}</p>
          {state.closed.note && <Multilingual text={state.closed.note} />}
        </div>
      )}
      <Escalation call={state} steps={steps} partyName={partyName} party={member.party} />
      {actions.length > 0 && (
        <div className="actions">
          <AcknowledgeButton call={call} path={path} action={action} onDone={onDone} />
          {actions.includes('answer') && (
            <InlineAction label={t('hl.answerOpen')} submitLabel={t('hl.answerSubmit')} busy={action.busy}
              fields={[{ name: 'message', label: t('hl.answerField'), required: true, multiline: true }]}
              onSubmit={(v) => action.run(() => post(`${itemPath}/answer`, { message: bilingual(v.message!, '') }), t('hl.done.answer'), onDone)} />
          )}
          {actions.includes('close') && (
            <InlineAction label={t('hl.closeOpen')} submitLabel={t('hl.closeSubmit')} busy={action.busy}
              fields={[
                { name: 'outcome', label: t('hl.outcome.label'), required: true, initial: 'resolved', options: CALL_OUTCOMES.map((o) => ({ value: o, label: t(`hl.outcome.${o}`) })) },
                { name: 'note', label: t('hl.noteField') },
              ]}
              onSubmit={(v) => action.run(() => post(`${itemPath}/close`, { outcome: v.outcome, ...(v.note ? { note: bilingual(v.note, '') } : {}) }), t('hl.done.close'), onDone)} />
          )}
        </div>
      )}
    </article>
  );
}

function Escalation({ call, steps, partyName, party }: { call: HotlineCall; party: string; steps: readonly EscalationStep[] | undefined; partyName: (party: string) => string }) {
  const { t, i18n } = useTranslation();
  const at = (value: string) => formatDate(value, i18n.language, true);
  const own = (steps ?? []).filter((s) => s.call === call.id);
  return (
    <div className="escalation" data-testid="escalation" data-level={call.escalationLevel}>
      <span className="label">{t('hl.escalation.heading')}</span>
      {call.escalations.length === 0
        ? <p className="meta">{t('hl.escalation.none')}</p>
        : <ul className="plain-list">{call.escalations.map((e) => <li key={e.level}>{t('hl.escalation.level', { level: e.level, date: at(e.at) })}</li>)}</ul>}
      {own.length > 0 && (
        <div className="private private-note" data-testid="escalation-steps">
          <p className="private-marker">{t('private.visibleTo', { party: partyName(party) })}</p>
          <span className="label">{t('hl.escalation.privateHeading')}</span>
          <ul className="plain-list">
            {own.map((s) => (
              <li key={s.level} data-testid="escalation-step">
                {t('hl.escalation.step', { level: s.level, rung: s.rung.name ?? s.rung.roles.join(', '), members: s.paged.join(', ') || t('hl.escalation.nobody'), date: at(s.at) })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
