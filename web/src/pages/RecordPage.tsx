/**
 * The record's status: the latest checkpoint this node signed (a C2SP signed note: origin,
 * tree size, root hash, signatures), any fork this node detected, what other nodes sent that
 * waits or was refused, and the transcript to download and verify offline.
 */
import { useTranslation } from 'react-i18next';
import { API, dialoguePath, get, type Dialogue } from '../api.js';
import { Loading, Notice } from '../components/Notice.js';
import { useResource } from '../hooks.js';
import { checkSignedNote } from '../record/signed-note.js';
import { ForksPanel } from './record/ForksPanel.js';
import { InboxPanel } from './record/InboxPanel.js';

interface Checkpoint {
  readonly origin: string;
  readonly logKey: string;
  readonly size: number;
  readonly note: string;
}

/** The root hash: the third line of the note's body (origin, size, root). */
export function rootOf(note: string): string {
  return note.split('\n')[2] ?? '';
}

export function RecordPage({ dialogue }: { dialogue: Dialogue }) {
  const { t, i18n } = useTranslation();
  const path = dialoguePath(dialogue.id, '/record/checkpoint');
  const checkpoint = useResource(path, async () => {
    const cp = await get<Checkpoint>(path);
    return { ...cp, check: await checkSignedNote(cp.note, cp.logKey) };
  });
  const data = checkpoint.data;
  return (
    <section aria-labelledby="rec-heading">
      <h1 id="rec-heading">{t('rec.heading')}</h1>
      <p className="intro">{t('rec.intro')}</p>
      <Notice error={checkpoint.error} />
      {!data && !checkpoint.error && <Loading />}
      {data && (
        <div className="panel">
          <h2>{t('rec.checkpoint')}</h2>
          <dl className="facts" data-testid="checkpoint">
            <dt>{t('rec.origin')}</dt><dd><code>{data.origin}</code></dd>
            <dt>{t('rec.size')}</dt><dd data-testid="size">{data.size.toLocaleString(i18n.language)}</dd>
            <dt>{t('rec.root')}</dt><dd><code data-testid="root">{rootOf(data.note)}</code></dd>
            <dt>{t('rec.logKey')}</dt><dd><code className="wrap">{data.logKey}</code></dd>
            <dt>{t('rec.signature')}</dt><dd data-testid="signature" data-check={data.check} className={`check-${data.check}`}>{t(`rec.check.${data.check}`)}</dd>
          </dl>
          <details>
            <summary>{t('rec.note')}</summary>
            <pre className="note">{data.note}</pre>
          </details>
        </div>
      )}
      <ForksPanel dialogue={dialogue} />
      <InboxPanel dialogue={dialogue} />
      <p>
        <a className="button" href={`${API}${dialoguePath(dialogue.id, '/record/transcript')}`} download={`${dialogue.id}.transcript.json`}>{t('rec.download')}</a>
      </p>
      <p className="hint">{t('rec.downloadHint')}</p>
    </section>
  );
}
