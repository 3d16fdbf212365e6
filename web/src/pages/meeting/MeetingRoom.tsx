/**
 * One meeting: when and where, who accepted the schedule, who attended, how it ended (the
 * next meeting), then its agenda, readouts and joint statements. Actions are those the
 * member's roles and the meeting's state admit (allowed.ts); the server still decides.
 */
import { useTranslation } from 'react-i18next';
import { dialoguePath, post } from '../../api.js';
import { meetingActions, type MeetingAction } from '../../allowed.js';
import { InlineAction, type ActionField } from '../../components/InlineAction.js';
import { Multilingual } from '../../components/Multilingual.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate } from '../../i18n/index.js';
import { MEETING_FORMATS } from '../../model.js';
import { usePartyName } from '../../parties.js';
import { useMember } from '../../session.js';
import { utcInput, utcInstant } from '../../text.js';
import { AgendaSection } from './AgendaSection.js';
import { ReadoutsSection } from './ReadoutsSection.js';
import { StatementsSection } from './StatementsSection.js';
import { hasStarted, type RoomProps } from './room.js';

export function MeetingRoom(props: RoomProps & { groupTitle: string }) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const { dialogue, meeting, action, refresh } = props;
  const state = meeting.state;
  const path = dialoguePath(dialogue.id, `/meetings/${encodeURIComponent(meeting.id)}`);
  const parties = dialogue.parties.map((p) => p.id);
  const partyName = usePartyName(dialogue);
  const when = state.schedule ? `${formatDate(state.schedule.start, i18n.language, true)} – ${formatDate(state.schedule.end, i18n.language, true)} UTC` : '—';
  const formats = MEETING_FORMATS.map((f) => ({ value: f, label: t(`mt.format.${f}`) }));
  const fields: Record<MeetingAction, readonly ActionField[]> = {
    accept: [],
    reschedule: [
      { name: 'start', label: t('mt.propose.start'), type: 'datetime-local', required: true, initial: utcInput(state.schedule?.start) },
      { name: 'end', label: t('mt.propose.end'), type: 'datetime-local', required: true, initial: utcInput(state.schedule?.end) },
      { name: 'reason', label: t('common.reasonOptional'), multiline: true },
    ],
    cancel: [{ name: 'reason', label: t('common.reason'), required: true, multiline: true }],
    attendance: [{ name: 'attended', label: t('mt.attendedField'), required: true, initial: (state.attendance[member.party] ?? state.participants[member.party] ?? []).join(', ') }],
    conclude: [
      { name: 'start', label: t('mt.nextStart'), type: 'datetime-local', required: true },
      { name: 'format', label: t('mt.format.label'), options: formats, initial: 'in_person' },
      { name: 'place', label: t('mt.propose.placeEn') },
    ],
  };
  const bodyOf = (name: MeetingAction, v: Record<string, string>): Record<string, unknown> => {
    const place = (text: string) => (text ? { place: { [i18n.language]: text } } : {});
    switch (name) {
      case 'accept': return { proposal: state.proposal };
      case 'reschedule': return {
        start: utcInstant(v.start!), end: utcInstant(v.end!), format: state.schedule?.format ?? 'in_person',
        ...(state.schedule?.place ? { place: state.schedule.place } : {}), ...(v.reason ? { reason: v.reason } : {}),
      };
      case 'cancel': return { reason: v.reason };
      case 'attendance': return { attended: v.attended!.split(/[\s,]+/).filter(Boolean) };
      case 'conclude': return { next: { start: utcInstant(v.start!), format: v.format, ...place(v.place!) } };
    }
  };
  const accepted = parties.filter((p) => state.acceptances[p] === state.proposal);
  return (
    <article className="room" aria-labelledby="room-heading" data-testid="meeting-room">
      <header className="card-head">
        <h2 id="room-heading">{t('mt.room', { group: props.groupTitle, date: formatDate(state.schedule?.start, i18n.language) })}</h2>
        <StatusBadge status={meeting.status} label={t(`mt.status.${meeting.status}`, { defaultValue: meeting.status })} />
      </header>
      <dl className="facts">
        <dt>{t('mt.when')}</dt><dd>{when}</dd>
        <dt>{t('mt.place')}</dt>
        <dd>{state.schedule ? t(`mt.format.${state.schedule.format}`) : '—'}{state.schedule?.place && <Multilingual text={state.schedule.place} />}</dd>
        <dt>{t('mt.acceptedBy')}</dt>
        <dd data-testid="schedule-acceptance">{accepted.map(partyName).join(', ') || t('common.none')}{accepted.length < parties.length && ` · ${t('mt.awaiting', { parties: parties.filter((p) => !accepted.includes(p)).map(partyName).join(', ') })}`}</dd>
        {parties.map((p) => (
          <Attendance key={p} party={p} name={partyName(p)} participants={state.participants[p]} attended={state.attendance[p]} />
        ))}
        {state.next && <><dt>{t('mt.next')}</dt><dd data-testid="next-meeting">{formatDate(state.next.start, i18n.language, true)} UTC · {t(`mt.format.${state.next.format}`)}{state.next.place && <Multilingual text={state.next.place} />}</dd></>}
      </dl>
      {state.cancelled && <p className="suspension">{t('mt.cancelledBy', { party: partyName(state.cancelled.party), reason: state.cancelled.reason })}</p>}
      <div className="actions">
        {meetingActions(state, member.party, can, hasStarted(state)).map((name) => (
          <InlineAction key={name} label={t(`mt.${name}`)} fields={fields[name]} busy={action.busy} tone={name === 'cancel' ? 'danger' : undefined}
            onSubmit={(values) => action.run(() => post(`${path}/${name}`, bodyOf(name, values)), t(`mt.done.${name}`), refresh)} />
        ))}
      </div>
      <AgendaSection {...props} path={path} />
      <ReadoutsSection {...props} />
      <StatementsSection {...props} />
    </article>
  );
}

function Attendance({ party, name, participants, attended }: { party: string; name: string; participants: readonly string[] | undefined; attended: readonly string[] | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t('mt.attendanceOf', { party: name })}</dt>
      <dd data-testid={`attendance-${party}`}>
        {attended ? t('mt.attended', { members: attended.join(', ') }) : t('mt.notRecorded')}
        {participants && participants.length > 0 && ` · ${t('mt.participants', { members: participants.join(', ') })}`}
      </dd>
    </>
  );
}
