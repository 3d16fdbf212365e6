/**
 * Messages and formal notes: what each party posted, and for every recipient party whether
 * its node delivered it (a signed receipt) and whether a person acknowledged it. Beside them,
 * the member's party's private notes — kept on its own node, never shared, and marked so.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { all, dialoguePath, get, post, type Aggregate, type Dialogue } from '../api.js';
import { mayAcknowledge } from '../allowed.js';
import { FormPanel } from '../components/FormPanel.js';
import { InlineAction } from '../components/InlineAction.js';
import { Multilingual } from '../components/Multilingual.js';
import { Loading, Notice } from '../components/Notice.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { useAction, useResource, type ActionState } from '../hooks.js';
import { formatDate } from '../i18n/index.js';
import { MESSAGE_EVENTS, useLiveReload } from '../live.js';
import type { Message, PrivateNote } from '../model.js';
import { usePartyName } from '../parties.js';
import { useMember } from '../session.js';
import { bilingual } from '../text.js';

export function MessagesPage({ dialogue }: { dialogue: Dialogue }) {
  const { t } = useTranslation();
  const { member, can } = useMember();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/messages');
  const messages = useResource(path, () => all<Aggregate<Message>>(path));
  const notesPath = dialoguePath(dialogue.id, '/private-notes');
  const notes = useResource(notesPath, async () => (await get<{ items: PrivateNote[] }>(notesPath)).items);
  const action = useAction();
  useLiveReload(dialogue.id, MESSAGE_EVENTS, messages.reload);
  const reload = () => { messages.reload(); notes.reload(); };
  const sorted = [...(messages.data ?? [])].sort((a, b) => b.state.postedAt.localeCompare(a.state.postedAt));
  const addNote = (subject: string, text: string) =>
    action.run(() => post(notesPath, { subject, text: bilingual(text, '') }), t('msg.done.note'), notes.reload);
  return (
    <section aria-labelledby="msg-heading">
      <h1 id="msg-heading">{t('msg.heading')}</h1>
      <p className="intro">{t('msg.intro')}</p>
      <Notice error={action.error ?? messages.error ?? notes.error} notice={action.notice} />
      {can('message.post') && <PostForm path={path} action={action} onDone={reload} />}
      {!messages.data && !messages.error && <Loading />}
      <div className="split">
        <ul className="plain" aria-label={t('msg.list')}>
          {sorted.map((m) => (
            <li key={m.id}>
              <MessageCard message={m} path={path} action={action} onDone={messages.reload} partyName={partyName}
                notes={(notes.data ?? []).filter((n) => n.subject === m.id)} addNote={can('private_note.write') ? (text) => addNote(m.id, text) : undefined} />
            </li>
          ))}
        </ul>
        <PrivateNotes party={partyName(member.party)} partyName={partyName} notes={(notes.data ?? []).filter((n) => !sorted.some((m) => m.id === n.subject))}
          add={can('private_note.write') ? (subject, text) => addNote(subject, text) : undefined} busy={action.busy} />
      </div>
    </section>
  );
}

function MessageCard({ message, path, action, onDone, notes, addNote, partyName }: {
  message: Aggregate<Message>; path: string; action: ActionState; onDone(): void; partyName: (party: string) => string;
  notes: readonly PrivateNote[]; addNote: ((text: string) => Promise<boolean>) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const state = message.state;
  const at = (value: string | null) => formatDate(value, i18n.language, true);
  return (
    <article className="card" data-testid="message" aria-label={t('msg.from', { party: partyName(state.party), member: state.member ?? '—', date: at(state.postedAt) })}>
      <header className="card-head">
        <p className="meta">
          <strong>{t(`msg.kind.${state.kind ?? 'informal'}`)}</strong> · {t('msg.from', { party: partyName(state.party), member: state.member ?? '—', date: at(state.postedAt) })}
        </p>
        <StatusBadge status={message.status} label={t(`msg.status.${message.status}`, { defaultValue: message.status })} />
      </header>
      <Multilingual text={state.text} />
      {state.requiresAcknowledgement && <p className="meta" data-testid="ack-requested">{t('msg.ackRequested')}</p>}
      <ul className="receipts" aria-label={t('msg.receipts')}>
        {Object.entries(state.recipients).map(([party, r]) => (
          <li key={party} data-testid="receipt" data-party={party}>
            {r.deliveredAt ? t('msg.deliveredTo', { party: partyName(party), date: at(r.deliveredAt) }) : t('msg.notDelivered', { party: partyName(party) })}
            {' · '}
            {r.acknowledgedAt ? t('msg.acknowledgedBy', { member: r.acknowledgedBy ?? partyName(party), date: at(r.acknowledgedAt) }) : t('msg.notAcknowledged')}
          </li>
        ))}
      </ul>
      {notes.map((n) => <PrivateNoteView key={n.id} note={n} partyName={partyName} />)}
      <div className="actions">
        {mayAcknowledge(state, member.party, can) && (
          <button type="button" disabled={action.busy} onClick={() => void action.run(() => post(`${path}/${encodeURIComponent(message.id)}/acknowledge`), t('msg.done.acknowledge'), onDone)}>{t('msg.acknowledge')}</button>
        )}
        {addNote && <InlineAction label={t('msg.addNote')} submitLabel={t('msg.saveNote')} busy={action.busy} fields={[{ name: 'text', label: t('private.noteText', { party: partyName(member.party) }), required: true, multiline: true }]} onSubmit={(v) => addNote(v.text!)} />}
      </div>
    </article>
  );
}

function PrivateNoteView({ note, partyName }: { note: PrivateNote; partyName: (party: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="private private-note" data-testid="private-note">
      <p className="private-marker">{t('private.visibleTo', { party: partyName(note.party) })}</p>
      <Multilingual text={note.text} />
      <p className="meta">{t('private.by', { member: note.author, date: formatDate(note.createdAt, i18n.language, true) })}</p>
    </div>
  );
}

/** Notes on anything else (the dialogue in general, a meeting, an incident): subject free. */
/** `party`: the member's party by its display name. */
function PrivateNotes({ party, partyName, notes, add, busy }: { party: string; partyName: (party: string) => string; notes: readonly PrivateNote[]; add: ((subject: string, text: string) => Promise<boolean>) | undefined; busy: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ subject: 'general', text: '' });
  const submit = async () => {
    const ok = await add!(form.subject.trim(), form.text.trim());
    if (ok) setForm({ subject: 'general', text: '' });
    return ok;
  };
  return (
    <section className="private panel" aria-labelledby="notes-heading" data-testid="private-notes">
      <h2 id="notes-heading">{t('private.heading')}</h2>
      <p className="private-marker">{t('private.visibleTo', { party })}</p>
      {notes.length === 0 && <p>{t('private.none')}</p>}
      {notes.map((n) => (
        <div key={n.id}>
          <p className="meta">{t('private.subject', { subject: n.subject })}</p>
          <PrivateNoteView note={n} partyName={partyName} />
        </div>
      ))}
      {add && (
        <FormPanel openLabel={t('private.open')} heading={t('private.write')} submitLabel={t('msg.saveNote')} busy={busy} onSubmit={submit}>
          <label className="field"><span>{t('private.subjectField')}</span><input name="subject" required value={form.subject} onChange={(e) => setForm({ ...form, subject: e.target.value })} /></label>
          <label className="field"><span>{t('private.noteText', { party })}</span><textarea name="text" required rows={3} autoFocus value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} /></label>
        </FormPanel>
      )}
    </section>
  );
}

function PostForm({ path, action, onDone }: { path: string; action: ActionState; onDone(): void }) {
  const { t } = useTranslation();
  const empty = { kind: 'informal', en: '', zh: '', requireAck: false };
  const [form, setForm] = useState(empty);
  const set = (name: 'kind' | 'en' | 'zh') => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const submit = async () => {
    const body = { kind: form.kind, text: bilingual(form.en, form.zh), ...(form.requireAck ? { requiresAcknowledgement: true } : {}) };
    const ok = await action.run(() => post(path, body), t('msg.done.posted'), onDone);
    if (ok) setForm(empty);
    return ok;
  };
  return (
    <FormPanel openLabel={t('msg.post.open')} heading={t('msg.post.heading')} submitLabel={t('msg.post.submit')} busy={action.busy} onSubmit={submit}>
      <label className="field"><span>{t('msg.post.kind')}</span>
        <select name="kind" value={form.kind} onChange={set('kind')}>
          <option value="informal">{t('msg.kind.informal')}</option>
          <option value="formal_note">{t('msg.kind.formal_note')}</option>
        </select>
      </label>
      <div className="two">
        <label className="field"><span>{t('msg.post.textEn')}</span><textarea name="textEn" lang="en" required rows={3} autoFocus value={form.en} onChange={set('en')} /></label>
        <label className="field"><span>{t('msg.post.textZh')}</span><textarea name="textZh" lang="zh-Hans" rows={3} value={form.zh} onChange={set('zh')} /></label>
      </div>
      <label className="check"><input type="checkbox" name="requireAck" checked={form.requireAck} onChange={(e) => setForm({ ...form, requireAck: e.target.checked })} /> {t('msg.post.requireAck')}</label>
    </FormPanel>
  );
}
