/**
 * Joint statements of the meeting: the current text in every language, which version each
 * party's principal signed (an earlier version's signature no longer counts), agreed only
 * when every party signed the same version.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { all, dialoguePath, post, type Aggregate } from '../../api.js';
import { statementActions } from '../../allowed.js';
import { FormPanel } from '../../components/FormPanel.js';
import { InlineAction } from '../../components/InlineAction.js';
import { Multilingual } from '../../components/Multilingual.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useReloadOn, useResource } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';
import type { JointStatement } from '../../model.js';
import { usePartyName } from '../../parties.js';
import { useMember } from '../../session.js';
import { bilingual } from '../../text.js';
import type { RoomProps } from './room.js';

export function StatementsSection({ dialogue, meeting, tick, refresh, action }: RoomProps) {
  const { t, i18n } = useTranslation();
  const { member, can } = useMember();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/joint-statements');
  const list = `${path}?parent=${encodeURIComponent(meeting.id)}`;
  const statements = useResource(list, () => all<Aggregate<JointStatement>>(list));
  useReloadOn(tick, statements.reload);
  const [text, setText] = useState({ en: '', zh: '' });
  const propose = async () => {
    const ok = await action.run(() => post(path, { text: bilingual(text.en, text.zh), meeting: meeting.id }), t('js.done.proposed'), refresh);
    if (ok) setText({ en: '', zh: '' });
    return ok;
  };
  return (
    <section className="room-part" aria-labelledby="statements-heading">
      <h3 id="statements-heading">{t('js.heading')}</h3>
      {statements.data?.length === 0 && <p>{t('js.none')}</p>}
      <ul className="plain">
        {(statements.data ?? []).map((s) => {
          const state = s.state;
          const current = state.versions.at(-1);
          return (
            <li key={s.id} className="card" data-testid="joint-statement">
              <header className="card-head">
                <span className="meta">{t('js.version', { n: state.versions.length, party: partyName(current?.party ?? state.proposedBy) })}</span>
                <StatusBadge status={s.status} label={t(`js.status.${s.status}`, { defaultValue: s.status })} />
              </header>
              <Multilingual text={current?.text} />
              <ul className="acceptances">
                {dialogue.parties.map(({ id: p }) => {
                  const signed = state.signers[p];
                  const which = !signed ? 'none' : signed.version === state.version ? 'current' : 'earlier';
                  return <li key={p} data-testid="signature" data-party={p} data-signed={which}>{t(`js.signed.${which}`, { party: partyName(p), member: signed?.member ?? '—', date: formatDate(signed?.at, i18n.language) })}</li>;
                })}
              </ul>
              {s.status === 'agreed' && <p className="agreed">{t('js.agreed', { date: formatDate(state.agreedAt, i18n.language) })}</p>}
              <div className="actions">
                {statementActions(state, member.party, can).map((name) => (
                  <InlineAction key={name} label={t(`js.${name}`)} busy={action.busy} tone={name === 'withdraw' ? 'danger' : undefined}
                    onSubmit={() => action.run(() => post(`${path}/${encodeURIComponent(s.id)}/${name}`, name === 'sign' ? { version: state.version } : {}), t(`js.done.${name}`), refresh)} />
                ))}
              </div>
            </li>
          );
        })}
      </ul>
      {can('joint_statement.propose') && meeting.status !== 'cancelled' && (
        <FormPanel openLabel={t('js.propose.open')} heading={t('js.propose.heading')} submitLabel={t('js.propose.submit')} busy={action.busy} onSubmit={propose}>
          <div className="two">
            <label className="field"><span>{t('js.propose.textEn')}</span><textarea name="textEn" lang="en" required rows={3} autoFocus value={text.en} onChange={(e) => setText({ ...text, en: e.target.value })} /></label>
            <label className="field"><span>{t('js.propose.textZh')}</span><textarea name="textZh" lang="zh-Hans" rows={3} value={text.zh} onChange={(e) => setText({ ...text, zh: e.target.value })} /></label>
          </div>
        </FormPanel>
      )}
    </section>
  );
}
