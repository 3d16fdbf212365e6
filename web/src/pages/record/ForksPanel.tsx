/**
 * Forks detected: the evidence this node keeps that a party signed two different events with
 * the same sequence number, or that a log offered a checkpoint not consistent with one this
 * node had cosigned (GET /dialogues/:id/record/forks, docs/federation.md "Equivocation").
 * With it, the `record.fork_reported` events on the record: the node that caught a fork puts
 * it on the record, so the forked party's members see it too. Every member of the
 * dialogue's parties sees all of it; it reloads when this node detects a fork (the private
 * `federation.equivocation` / `federation.checkpoint_equivocation` notices) or a report
 * arrives.
 */
import { useTranslation } from 'react-i18next';
import { dialoguePath, get, type Dialogue } from '../../api.js';
import { Loading, Notice } from '../../components/Notice.js';
import { useResource } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';
import { FORK_NOTICES, useLiveReload } from '../../live.js';
import { usePartyName } from '../../parties.js';

interface ForkedCheckpoint { readonly note: string; readonly size: number | null; readonly root: string | null }
export interface Forks {
  readonly events: readonly {
    readonly party: string; readonly seq: number; readonly source: string; readonly detectedAt: string;
    readonly stored: { readonly id: string; readonly envelope: string };
    readonly other: { readonly id: string; readonly envelope: string };
  }[];
  readonly checkpoints: readonly {
    readonly id: string; readonly origin: string; readonly source: string; readonly reason: string; readonly detectedAt: string;
    readonly known: ForkedCheckpoint; readonly offered: ForkedCheckpoint;
  }[];
  readonly reports: readonly {
    readonly id: string; readonly party: string; readonly at: string; readonly kind: 'event' | 'checkpoint' | null;
    readonly forkedParty: string | null; readonly seq: number | null; readonly events: readonly string[] | null;
    readonly origin: string | null; readonly sizes: readonly number[] | null; readonly roots: readonly string[] | null;
    readonly source: string | null; readonly reason: string | null; readonly waiting: string | null;
  }[];
}

export function ForksPanel({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, '/record/forks');
  const forks = useResource(path, () => get<Forks>(path));
  useLiveReload(dialogue.id, FORK_NOTICES, forks.reload);
  const data = forks.data;
  const count = data ? data.events.length + data.checkpoints.length + data.reports.length : 0;
  const when = (instant: string) => formatDate(instant, i18n.language, true);
  const size = (value: number | null) => (value === null ? t('rec.forks.unreadable') : value.toLocaleString(i18n.language));
  return (
    <section className={`panel${count > 0 ? ' forks-found' : ''}`} aria-labelledby="forks-heading" data-testid="forks" data-count={data ? count : undefined}>
      <h2 id="forks-heading">{t('rec.forks.heading')}</h2>
      <Notice error={forks.error} />
      {!data && !forks.error && <Loading />}
      {data && count === 0 && <p data-testid="no-forks">{t('rec.forks.none')}</p>}
      {data && count > 0 && (
        <>
          <p className="fork-warning" data-testid="fork-warning">{t('rec.forks.warning', { count })}</p>
          <ul className="forks">
            {data.events.map((fork) => (
              <li key={`${fork.party}-${fork.seq}-${fork.other.id}`} className="fork" data-testid="fork" data-kind="event">
                <p><span className="badge badge-fork">{t('rec.forks.eventBadge')}</span>{' '}
                  <strong>{t('rec.forks.eventSummary', { party: partyName(fork.party), seq: fork.seq })}</strong></p>
                <dl className="facts">
                  <dt>{t('rec.forks.detected')}</dt><dd>{t('rec.forks.detectedFrom', { date: when(fork.detectedAt), source: fork.source })}</dd>
                  <dt>{t('rec.forks.storedEvent')}</dt><dd><code className="wrap" data-testid="stored-id">{fork.stored.id}</code></dd>
                  <dt>{t('rec.forks.otherEvent')}</dt><dd><code className="wrap" data-testid="other-id">{fork.other.id}</code></dd>
                </dl>
                <details>
                  <summary>{t('rec.forks.envelopes')}</summary>
                  <pre className="note">{fork.stored.envelope}</pre>
                  <pre className="note">{fork.other.envelope}</pre>
                </details>
              </li>
            ))}
            {data.checkpoints.map((fork) => (
              <li key={fork.id} className="fork" data-testid="fork" data-kind="checkpoint">
                <p><span className="badge badge-fork">{t('rec.forks.checkpointBadge')}</span>{' '}
                  <strong>{t('rec.forks.checkpointSummary', { origin: fork.origin })}</strong></p>
                <dl className="facts">
                  <dt>{t('rec.forks.detected')}</dt><dd>{t('rec.forks.detectedFrom', { date: when(fork.detectedAt), source: fork.source })}</dd>
                  <dt>{t('rec.forks.reason')}</dt><dd>{fork.reason}</dd>
                  <dt>{t('rec.forks.known')}</dt>
                  <dd data-testid="known">{t('rec.forks.sizeRoot', { size: size(fork.known.size) })} <code className="wrap">{fork.known.root ?? '—'}</code></dd>
                  <dt>{t('rec.forks.offered')}</dt>
                  <dd data-testid="offered">{t('rec.forks.sizeRoot', { size: size(fork.offered.size) })} <code className="wrap">{fork.offered.root ?? '—'}</code></dd>
                </dl>
                <details>
                  <summary>{t('rec.forks.notes')}</summary>
                  <pre className="note">{fork.known.note}</pre>
                  <pre className="note">{fork.offered.note}</pre>
                </details>
              </li>
            ))}
            {data.reports.map((report) => (
              <li key={report.id} className="fork" data-testid="fork" data-kind="report">
                <p><span className="badge badge-fork">{t('rec.forks.reportBadge')}</span>{' '}
                  <strong>{report.kind === 'event'
                    ? t('rec.forks.reportEvent', { reporter: partyName(report.party), party: partyName(report.forkedParty ?? ''), seq: report.seq ?? '?' })
                    : report.kind === 'checkpoint'
                      ? t('rec.forks.reportCheckpoint', { reporter: partyName(report.party), origin: report.origin ?? '?' })
                      : t('rec.forks.reportOther', { reporter: partyName(report.party) })}</strong></p>
                <dl className="facts">
                  <dt>{t('rec.forks.reported')}</dt><dd>{t('rec.forks.reportedAt', { date: when(report.at) })}</dd>
                  {report.reason && <><dt>{t('rec.forks.reason')}</dt><dd>{report.reason}</dd></>}
                  {report.events && <>
                    <dt>{t('rec.forks.storedEvent')}</dt><dd><code className="wrap" data-testid="stored-id">{report.events[0]}</code></dd>
                    <dt>{t('rec.forks.otherEvent')}</dt><dd><code className="wrap" data-testid="other-id">{report.events[1]}</code></dd>
                  </>}
                  {report.sizes && report.roots && <>
                    <dt>{t('rec.forks.known')}</dt><dd>{t('rec.forks.sizeRoot', { size: size(report.sizes[0] ?? null) })} <code className="wrap">{report.roots[0]}</code></dd>
                    <dt>{t('rec.forks.offered')}</dt><dd>{t('rec.forks.sizeRoot', { size: size(report.sizes[1] ?? null) })} <code className="wrap">{report.roots[1]}</code></dd>
                  </>}
                  <dt>{t('rec.forks.reportEventId')}</dt><dd><code className="wrap">{report.id}</code></dd>
                </dl>
                {report.waiting && <p className="hint" data-testid="report-waiting">{t('rec.forks.waiting', { reason: report.waiting })}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
