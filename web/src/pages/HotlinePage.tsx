/**
 * The hotline console: calls live over the dialogue's event stream; a visual alert (and, if
 * the member switches it on, a beep) for each incoming call not yet acknowledged, with the
 * countdown to its deadline and the one-click acknowledgement where the member may give it;
 * every call's escalation state; the link tests and availability.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { all, dialoguePath, get, post, type Aggregate, type Dialogue } from '../api.js';
import { FormPanel } from '../components/FormPanel.js';
import { Multilingual } from '../components/Multilingual.js';
import { Loading, Notice } from '../components/Notice.js';
import { createBeeper, type Beeper } from '../crisis/alert-sound.js';
import { duration } from '../crisis/format.js';
import { isSettled, PRECEDENCES, type Availability, type EscalationStep, type HotlineCall, type HotlineLink } from '../crisis/model.js';
import { useAction, useNow, useResource, type ActionState } from '../hooks.js';
import { HOTLINE_EVENTS, useLiveReload } from '../live.js';
import { usePartyName } from '../parties.js';
import { useMember } from '../session.js';
import { bilingual } from '../text.js';
import { AcknowledgeButton, CallCard } from './hotline/CallCard.js';
import { Countdown } from './hotline/Countdown.js';
import { LadderEditor } from './hotline/LadderEditor.js';
import { LinkTests } from './hotline/LinkTests.js';
import '../crisis/crisis.css';

interface TermsInForce {
  readonly terms: { readonly ackDeadlineSeconds: Readonly<Record<string, number>> };
}

export function HotlinePage({ dialogue }: { dialogue: Dialogue }) {
  const { t } = useTranslation();
  const { member, can } = useMember();
  const partyName = usePartyName(dialogue);
  const callsPath = dialoguePath(dialogue.id, '/hotline/calls');
  const linksPath = dialoguePath(dialogue.id, '/hotline/links');
  const calls = useResource(callsPath, () => all<Aggregate<HotlineCall>>(callsPath));
  const links = useResource(linksPath, () => all<Aggregate<HotlineLink>>(linksPath));
  const availabilityPath = dialoguePath(dialogue.id, '/hotline/availability');
  const availability = useResource(availabilityPath, () => get<Availability>(availabilityPath));
  // The party's own escalation steps: private, and only for the roles its policy lets read them.
  const stepsPath = dialoguePath(dialogue.id, '/hotline/escalations');
  const mayReadSteps = can('hotline.escalations');
  const steps = useResource(`${stepsPath}:${mayReadSteps}`, async () => (mayReadSteps ? (await get<{ items: EscalationStep[] }>(stepsPath)).items : []));
  const action = useAction();
  const now = useNow();
  const reload = () => { calls.reload(); links.reload(); availability.reload(); steps.reload(); };
  useLiveReload(dialogue.id, HOTLINE_EVENTS, reload);

  const list = [...(calls.data ?? [])].sort((a, b) => b.state.placedAt.localeCompare(a.state.placedAt));
  const incoming = list.filter((c) => c.state.to === member.party && !isSettled(c.state))
    .sort((a, b) => (a.state.ackDueAt ?? '').localeCompare(b.state.ackDueAt ?? ''));
  const sounded = useIncomingSound(calls.data === undefined ? undefined : incoming.map((c) => c.id));

  return (
    <section aria-labelledby="hl-heading" className="hotline" data-testid="hotline-console">
      <h1 id="hl-heading">{t('hl.heading')}</h1>
      <p className="intro">{t('hl.intro')}</p>
      <div className="hl-controls">
        <p className="meta">{t('hl.live')}</p>
        <label className="check">
          <input type="checkbox" checked={sounded.isOn} onChange={(e) => sounded.set(e.target.checked)} data-testid="sound-toggle" />
          <span>{t('hl.sound')}</span>
        </label>
        {sounded.isUnavailable && <p className="meta">{t('hl.soundUnavailable')}</p>}
      </div>
      <Notice error={action.error ?? calls.error ?? links.error ?? availability.error ?? steps.error} notice={action.notice} />
      <IncomingAlert calls={incoming} path={callsPath} action={action} now={now} partyName={partyName} onDone={reload} beeps={sounded.beeps} />
      {can('hotline.call') && <PlaceCall dialogue={dialogue} path={callsPath} action={action} partyName={partyName} onDone={reload} />}
      <h2>{t('hl.calls')}</h2>
      {!calls.data && !calls.error && <Loading />}
      {calls.data?.length === 0 && <p>{t('hl.empty')}</p>}
      <ul className="cards">
        {list.map((c) => (
          <li key={c.id}><CallCard call={c} path={callsPath} action={action} now={now} partyName={partyName} onDone={reload} steps={steps.data} /></li>
        ))}
      </ul>
      {can('hotline.ladder') && <LadderEditor dialogue={dialogue} partyName={partyName(member.party)} action={action} />}
      <LinkTests links={links.data ?? []} availability={availability.data} path={linksPath} action={action} partyName={partyName} onDone={reload} />
    </section>
  );
}

/**
 * The audible alert: off until the member switches it on (a click, which lets the browser
 * start sound); then one beep whenever an incoming call appears that was not there before.
 */
function useIncomingSound(pending: readonly string[] | undefined) {
  const [isOn, setOn] = useState(false);
  const [isUnavailable, setUnavailable] = useState(false);
  const [beeps, setBeeps] = useState(0);
  const beeper = useRef<Beeper | null>(null);
  const seen = useRef<Set<string> | null>(null);
  const key = pending?.join(',');
  useEffect(() => {
    if (key === undefined) return;
    const ids = key ? key.split(',') : [];
    const before = seen.current;
    seen.current = new Set([...(before ?? []), ...ids]);
    // The first load only records what is already pending: the visual alert shows it.
    if (before && ids.some((id) => !before.has(id)) && beeper.current) {
      beeper.current.beep();
      setBeeps((n) => n + 1);
    }
  }, [key]);
  useEffect(() => () => beeper.current?.close(), []);
  const set = (on: boolean) => {
    if (on && !beeper.current) {
      beeper.current = createBeeper();
      setUnavailable(beeper.current === null);
    }
    if (!on) {
      beeper.current?.close();
      beeper.current = null;
    }
    setOn(on && beeper.current !== null);
  };
  return { isOn, isUnavailable, beeps, set };
}

function IncomingAlert({ calls, path, action, now, partyName, onDone, beeps }: {
  calls: readonly Aggregate<HotlineCall>[]; path: string; action: ActionState; now: number; partyName: (party: string) => string; onDone(): void; beeps: number;
}) {
  const { t } = useTranslation();
  return (
    <section className={`incoming${calls.length > 0 ? ' ringing' : ''}`} aria-labelledby="hl-incoming" data-testid="incoming" data-count={calls.length} data-beeps={beeps}>
      <h2 id="hl-incoming">{t('hl.incoming')}</h2>
      {/* The alert region is always present, so the call that appears in it is announced. */}
      <div role="alert">
        {calls.length === 0
          ? <p className="meta">{t('hl.noIncoming')}</p>
          : (
            <ul className="plain">
              {calls.map((c) => (
                <li key={c.id} className={`incoming-call precedence-${c.state.precedence}`} data-testid="incoming-call" data-call={c.id}>
                  <strong>{t('hl.incomingCall', { precedence: t(`hl.precedence.${c.state.precedence}`, { defaultValue: c.state.precedence }), party: partyName(c.state.from) })}</strong>
                  <Multilingual text={c.state.subject} />
                  <Countdown call={c.state} now={now} calledName={partyName(c.state.to)} />
                  <AcknowledgeButton call={c} path={path} action={action} onDone={onDone} />
                </li>
              ))}
            </ul>
          )}
      </div>
    </section>
  );
}

function PlaceCall({ dialogue, path, action, partyName, onDone }: { dialogue: Dialogue; path: string; action: ActionState; partyName: (party: string) => string; onDone(): void }) {
  const { t } = useTranslation();
  const { member } = useMember();
  const others = dialogue.parties.filter((p) => p.id !== member.party);
  const termsPath = dialoguePath(dialogue.id, '/terms/in-force');
  const terms = useResource(termsPath, () => get<TermsInForce>(termsPath));
  const empty = { to: others[0]?.id ?? '', precedence: 'routine', subjectEn: '', subjectZh: '', messageEn: '', messageZh: '' };
  const [form, setForm] = useState(empty);
  const set = (name: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const deadline = terms.data?.terms.ackDeadlineSeconds[form.precedence];
  const submit = async () => {
    const body = { to: form.to, precedence: form.precedence, subject: bilingual(form.subjectEn, form.subjectZh), message: bilingual(form.messageEn, form.messageZh) };
    const ok = await action.run(() => post(path, body), t('hl.done.placed'), onDone);
    if (ok) setForm(empty);
    return ok;
  };
  return (
    <FormPanel openLabel={t('hl.place.open')} heading={t('hl.place.heading')} submitLabel={t('hl.place.submit')} busy={action.busy} onSubmit={submit}>
      <div className="two">
        <label className="field"><span>{t('hl.place.to')}</span>
          <select name="to" value={form.to} onChange={set('to')}>
            {others.map((p) => <option key={p.id} value={p.id}>{partyName(p.id)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('hl.precedence.label')}</span>
          <select name="precedence" value={form.precedence} onChange={set('precedence')} aria-describedby="hl-deadline">
            {PRECEDENCES.map((p) => <option key={p} value={p}>{t(`hl.precedence.${p}`)}</option>)}
          </select>
        </label>
      </div>
      {deadline !== undefined && <p className="hint" id="hl-deadline">{t('hl.place.deadline', { time: duration(deadline, t) })}</p>}
      <div className="two">
        <label className="field"><span>{t('hl.place.subjectEn')}</span><input name="subjectEn" lang="en" required autoFocus value={form.subjectEn} onChange={set('subjectEn')} /></label>
        <label className="field"><span>{t('hl.place.subjectZh')}</span><input name="subjectZh" lang="zh-Hans" value={form.subjectZh} onChange={set('subjectZh')} /></label>
        <label className="field"><span>{t('hl.place.messageEn')}</span><textarea name="messageEn" lang="en" required rows={3} value={form.messageEn} onChange={set('messageEn')} /></label>
        <label className="field"><span>{t('hl.place.messageZh')}</span><textarea name="messageZh" lang="zh-Hans" rows={3} value={form.messageZh} onChange={set('messageZh')} /></label>
      </div>
    </FormPanel>
  );
}
