/**
 * Events other nodes sent that this node has not applied (GET /dialogues/:id/record/inbox,
 * docs/federation.md §5): the oldest waiting for an earlier one, the newest refused with why.
 * A refused event leaves a gap in its party's chain, so everything that party sends after it
 * waits: the first thing to look at when the other side's messages stop arriving. Admins and
 * duty officers may offer the refused events again once told the cause is fixed
 * (POST …/record/inbox/retry); the answer says what became of each.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dialoguePath, get, post, type Dialogue } from '../../api.js';
import { Loading, Notice } from '../../components/Notice.js';
import { useAction, useResource } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';
import { usePartyName } from '../../parties.js';
import { useSession } from '../../session.js';

export interface Inbox {
  readonly waiting: readonly { readonly party: string; readonly seq: number; readonly type: string; readonly id: string; readonly from: string; readonly reason: string; readonly since: string }[];
  readonly waitingTotal: number;
  readonly refused: readonly { readonly party?: string; readonly seq?: number; readonly type?: string; readonly from: string; readonly reason: string; readonly at: string }[];
  readonly refusedTotal: number;
}

type RetryStatus = 'appended' | 'duplicate' | 'waiting' | 'rejected' | 'equivocation';
interface Retried { readonly retried: readonly { readonly status: RetryStatus }[]; readonly inbox: Inbox }

/** The code before the first colon: `seq_gap`, `signature_invalid`, … */
const codeOf = (reason: string) => reason.split(':')[0] ?? reason;

export function InboxPanel({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/record/inbox');
  const inbox = useResource(path, () => get<Inbox>(path));
  const action = useAction();
  const [outcome, setOutcome] = useState<string | undefined>();
  const data = inbox.data;
  const when = (instant: string) => formatDate(instant, i18n.language, true);
  const stalled = data !== undefined && data.waitingTotal + data.refusedTotal > 0;

  const retry = () => action.run(async () => {
    const answer = await post<Retried>(dialoguePath(dialogue.id, '/record/inbox/retry'));
    const counts = new Map<RetryStatus, number>();
    for (const { status } of answer.retried) counts.set(status, (counts.get(status) ?? 0) + 1);
    setOutcome(answer.retried.length === 0
      ? t('rec.inbox.retriedNothing')
      : t('rec.inbox.retried', { count: answer.retried.length, outcomes: [...counts].map(([status, n]) => t(`rec.inbox.outcome.${status}`, { count: n })).join(', ') }));
  }, t('rec.inbox.retry'), inbox.reload);

  return (
    <section className={`panel${stalled ? ' inbox-stalled' : ''}`} aria-labelledby="inbox-heading" data-testid="inbox"
      data-waiting={data?.waitingTotal} data-refused={data?.refusedTotal}>
      <h2 id="inbox-heading">{t('rec.inbox.heading')}</h2>
      <Notice error={action.error ?? inbox.error} notice={outcome} />
      {!data && !inbox.error && <Loading />}
      {data && !stalled && <p data-testid="inbox-empty">{t('rec.inbox.none')}</p>}
      {data && stalled && (
        <>
          <p data-testid="inbox-summary">{t('rec.inbox.summary', { waiting: data.waitingTotal, refused: data.refusedTotal })}</p>
          {data.refused.length > 0 && (
            <>
              <h3>{t('rec.inbox.refusedHeading')}</h3>
              <ul className="inbox-list">
                {data.refused.map((r, i) => (
                  <li key={`${r.at}-${i}`} data-testid="inbox-refused">
                    <strong>{t('rec.inbox.event', { party: r.party ? partyName(r.party) : '?', seq: r.seq ?? '?', type: r.type ?? '?' })}</strong>{' '}
                    <span className="hint">{t('rec.inbox.from', { source: r.from, date: when(r.at) })}</span>
                    <br /><code className="wrap" data-testid="inbox-reason" data-code={codeOf(r.reason)}>{r.reason}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
          {data.waiting.length > 0 && (
            <>
              <h3>{t('rec.inbox.waitingHeading')}</h3>
              <ul className="inbox-list">
                {data.waiting.map((w) => (
                  <li key={w.id} data-testid="inbox-waiting">
                    <strong>{t('rec.inbox.event', { party: partyName(w.party), seq: w.seq, type: w.type })}</strong>{' '}
                    <span className="hint">{t('rec.inbox.from', { source: w.from, date: when(w.since) })}</span>
                    <br />{t(codeOf(w.reason) === 'seen_unknown' ? 'rec.inbox.waitsSeen' : 'rec.inbox.waitsEarlier')}
                  </li>
                ))}
              </ul>
            </>
          )}
          {data.refusedTotal > 0 && data.waitingTotal > 0 && <p className="hint">{t('rec.inbox.gapHint')}</p>}
          {data.refusedTotal > 0 && can('federation.retry') && (
            <p><button type="button" onClick={() => void retry()} disabled={action.busy} data-testid="inbox-retry">{t('rec.inbox.retry')}</button>{' '}
              <span className="hint">{t('rec.inbox.retryHint')}</span></p>
          )}
        </>
      )}
    </section>
  );
}
