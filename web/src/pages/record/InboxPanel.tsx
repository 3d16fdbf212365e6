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
interface Retried { readonly retriedTotal: number; readonly counts: Partial<Record<RetryStatus, number>>; readonly inbox: Inbox }

const STATUSES: readonly RetryStatus[] = ['appended', 'duplicate', 'waiting', 'rejected', 'equivocation'];

/** The code before the first colon: `seq_gap`, `signature_invalid`, … */
const codeOf = (reason: string) => reason.split(':')[0] ?? reason;

export function InboxPanel({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/record/inbox');
  const inbox = useResource(path, () => get<Inbox>(path));
  const action = useAction();
  // The last retry's answer: its counts are worded at each render, in the language then chosen.
  const [retried, setRetried] = useState<Retried | undefined>();
  // After a retry, the inbox its answer carries (read after it): no second request.
  const data = retried?.inbox ?? inbox.data;
  const when = (instant: string) => formatDate(instant, i18n.language, true);
  const stalled = data !== undefined && data.waitingTotal + data.refusedTotal > 0;
  const list = new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' });
  const outcome = retried && (retried.retriedTotal === 0
    ? t('rec.inbox.retriedNothing')
    : t('rec.inbox.retried', {
      count: retried.retriedTotal,
      outcomes: list.format(STATUSES.filter((status) => retried.counts[status]).map((status) => t(`rec.inbox.outcome.${status}`, { count: retried.counts[status] }))),
    }));
  /** A sentence for a refusal's code where there is one; the server's own words follow it. */
  const explain = (code: string) => (i18n.exists(`rec.inbox.code.${code}`) ? t(`rec.inbox.code.${code}`) : undefined);

  const retry = () => action.run(async () => {
    setRetried(await post<Retried>(dialoguePath(dialogue.id, '/record/inbox/retry')));
  }, t('rec.inbox.retry'));

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
                    {explain(codeOf(r.reason)) && <><br /><span data-testid="inbox-explained">{explain(codeOf(r.reason))}</span></>}
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
