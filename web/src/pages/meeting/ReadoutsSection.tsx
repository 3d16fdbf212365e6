/**
 * Readouts: each party's published account of the meeting, side by side per agenda item,
 * with the words one side used and the other did not highlighted (the server's comparison,
 * src/domain/readout/compare.ts) and items only one side mentions called out. Below, the
 * member's party's private draft: saved with If-Match, visible to that party only, then
 * published (or, once published, used to revise the readout).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dialoguePath, get, post, put, request, type Multilingual as Text } from '../../api.js';
import { Multilingual } from '../../components/Multilingual.js';
import { useReloadOn, useResource } from '../../hooks.js';
import { UI_LANGUAGES } from '../../i18n/index.js';
import type { AgendaItem, DiffSegment, ReadoutComparison, ReadoutContent, ReadoutDraft, SubjectComparison } from '../../model.js';
import { usePartyName } from '../../parties.js';
import { useMember } from '../../session.js';
import type { RoomProps } from './room.js';

export function ReadoutsSection({ dialogue, meeting, tick, refresh, action }: RoomProps) {
  const { t } = useTranslation();
  const { member, can } = useMember();
  const partyName = usePartyName(dialogue);
  const path = dialoguePath(dialogue.id, `/meetings/${encodeURIComponent(meeting.id)}/readouts/comparison`);
  const compared = useResource(path, () => get<ReadoutComparison>(path));
  useReloadOn(tick, compared.reload);
  const data = compared.data;
  const agenda = meeting.state.agenda?.items ?? [];
  const ours = data?.readouts.find((r) => r.party === member.party);
  const unpublished = dialogue.parties.map((p) => p.id).filter((p) => !data?.readouts.some((r) => r.party === p));
  return (
    <section className="room-part" aria-labelledby="readouts-heading" data-testid="readouts">
      <h3 id="readouts-heading">{t('ro.heading')}</h3>
      <p className="intro">{t('ro.intro')}</p>
      {data && data.readouts.length === 0 && <p>{t('ro.none')}</p>}
      {data && unpublished.length > 0 && data.readouts.length > 0 && <p className="awaiting">{t('ro.unpublished', { parties: unpublished.map(partyName).join(', ') })}</p>}
      {data && data.comparison.parties.length > 0 && (
        <table className="side-by-side" aria-label={t('ro.compare')}>
          <thead>
            <tr><th scope="col">{t('ro.subject')}</th>{data.comparison.parties.map((p) => <th key={p} scope="col">{t('ro.readoutOf', { party: partyName(p) })}</th>)}</tr>
          </thead>
          <tbody>
            {data.comparison.items.map((c) => (
              <ComparedRow key={c.item} subject={<ItemLabel index={c.item} item={agenda[c.item]} />} comparison={c} parties={data.comparison.parties} partyName={partyName}
                textOf={(party) => data.readouts.find((r) => r.party === party)?.state.items?.find((e) => e.item === c.item)?.text} />
            ))}
            <ComparedRow subject={t('ro.general')} comparison={data.comparison.general} parties={data.comparison.parties} partyName={partyName}
              textOf={(party) => data.readouts.find((r) => r.party === party)?.state.general ?? undefined} />
          </tbody>
        </table>
      )}
      {can('readout.draft') && meeting.state.agenda && (
        <DraftEditor partyName={partyName(member.party)} dialogue={dialogue.id} meeting={meeting.id} agenda={agenda} tick={tick} published={ours?.id} onPublished={refresh} busy={action.busy} run={action.run} />
      )}
    </section>
  );
}

function ItemLabel({ index, item }: { index: number; item: AgendaItem | undefined }) {
  const { t } = useTranslation();
  return <><span className="label">{t('ro.item', { n: index + 1 })}</span>{item && <Multilingual text={item.goal} />}</>;
}

/** One subject (an agenda item or "in general"): a cell per party, differences marked. */
function ComparedRow({ subject, comparison, parties, textOf, partyName }: {
  subject: React.ReactNode; comparison: SubjectComparison; parties: readonly string[]; textOf(party: string): Text | undefined; partyName: (party: string) => string;
}) {
  const { t } = useTranslation();
  const only = comparison.mentionedByOneSideOnly ? comparison.mentionedBy[0] : undefined;
  return (
    <tr data-testid="readout-row" className={only ? 'one-side' : undefined}>
      <th scope="row">
        {subject}
        {only && <p className="one-side-note" data-testid="one-side-only">{t('ro.oneSideOnly', { party: partyName(only) })}</p>}
      </th>
      {parties.map((party) => {
        const text = textOf(party);
        return (
          <td key={party} data-party={party}>
            {text ? <ComparedText party={party} text={text} comparison={comparison} /> : <p className="silent">{t('ro.notMentioned')}</p>}
          </td>
        );
      })}
    </tr>
  );
}

/**
 * A party's text, language by language: where another party wrote in the same language, the
 * words this side has and the other lacks are marked (the first pair the party is in).
 */
function ComparedText({ party, text, comparison }: { party: string; text: Text; comparison: SubjectComparison }) {
  const { t } = useTranslation();
  const pair = comparison.pairs.find((p) => p.first === party || p.second === party);
  const mine: DiffSegment['op'] = pair?.first === party ? 'delete' : 'insert';
  const languages = [...UI_LANGUAGES, ...Object.keys(text).filter((l) => !(UI_LANGUAGES as readonly string[]).includes(l))];
  return (
    <div className="ml">
      {languages.map((lang) => {
        const diff = pair?.diffs.find((d) => d.lang === lang);
        const value = text[lang];
        return (
          <span key={lang} className="ml-text" lang={value ? lang : undefined}>
            <span className="ml-lang">{lang}</span>
            {value === undefined && <span className="missing">{t('text.missing')}</span>}
            {value !== undefined && !diff && value}
            {value !== undefined && diff && diff.segments.filter((s) => s.op === 'equal' || s.op === mine).map((s, i) =>
              s.op === 'equal' ? <span key={i}>{s.text}</span> : <mark key={i} className="diff" title={t('ro.differs')}>{s.text}</mark>)}
            {value !== undefined && diff && !diff.isWordByWord && <span className="missing diff-note" data-testid="not-word-by-word">{t('ro.notWordByWord')}</span>}
          </span>
        );
      })}
    </div>
  );
}

const EMPTY_TEXT = { en: '', 'zh-Hans': '' };
type DraftForm = { items: Record<number, typeof EMPTY_TEXT>; general: typeof EMPTY_TEXT };

const formOf = (content: ReadoutContent | undefined, items: number): DraftForm => ({
  items: Object.fromEntries(Array.from({ length: items }, (_, i) => {
    const text = content?.items.find((e) => e.item === i)?.text;
    return [i, { en: text?.en ?? '', 'zh-Hans': text?.['zh-Hans'] ?? '' }];
  })),
  general: { en: content?.general?.en ?? '', 'zh-Hans': content?.general?.['zh-Hans'] ?? '' },
});

/** Filled-in languages only: an empty field is a missing translation, not an empty one. */
const textOf = (value: typeof EMPTY_TEXT): Text | undefined => {
  const entries = Object.entries(value).map(([l, v]) => [l, v.trim()] as const).filter(([, v]) => v !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
};

function contentOf(form: DraftForm): ReadoutContent {
  const general = textOf(form.general);
  return {
    items: Object.entries(form.items).flatMap(([i, value]) => { const text = textOf(value); return text ? [{ item: Number(i), text }] : []; }),
    ...(general ? { general } : {}),
  };
}

/** A fresh draft id: unguessable, so no other draft is ever addressed by accident. */
function newDraftId(party: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${party}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function DraftEditor({ partyName, dialogue, meeting, agenda, tick, published, onPublished, busy, run }: {
  /** The member's party by its display name. */
  partyName: string; dialogue: string; meeting: string; agenda: readonly AgendaItem[]; tick: number; published: string | undefined;
  onPublished(): void; busy: boolean; run: RoomProps['action']['run'];
}) {
  const { t } = useTranslation();
  const { member, can } = useMember();
  const path = dialoguePath(dialogue, '/readout-drafts');
  const drafts = useResource(path, async () => (await get<{ items: ReadoutDraft[] }>(path)).items.filter((d) => d.meeting === meeting).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
  useReloadOn(tick, drafts.reload);
  const draft = drafts.data?.[0];
  const [form, setForm] = useState<DraftForm | undefined>();
  const shown = form ?? (drafts.data ? formOf(draft?.content, agenda.length) : undefined);
  if (!shown) return null;
  const edit = (change: (f: DraftForm) => DraftForm) => setForm(change(shown));
  const field = (value: typeof EMPTY_TEXT, set: (v: typeof EMPTY_TEXT) => DraftForm, label: string) => (
    <div className="two">
      {(['en', 'zh-Hans'] as const).map((lang) => (
        <label key={lang} className="field">
          <span>{`${label} (${t(`text.languages.${lang}`)})`}</span>
          <textarea lang={lang} rows={2} value={value[lang]} onChange={(e) => edit(() => set({ ...value, [lang]: e.target.value }))} />
        </label>
      ))}
    </div>
  );
  const save = () => run(async () => {
    const saved = await put<ReadoutDraft>(`${path}/${encodeURIComponent(draft?.id ?? newDraftId(member.party))}`, { meeting, content: contentOf(shown) }, draft?.version);
    setForm(formOf(saved.content, agenda.length));
  }, t('ro.done.saved'), drafts.reload);
  const publish = () => run(async () => {
    if (published) {
      await post(`/dialogues/${encodeURIComponent(dialogue)}/readouts/${encodeURIComponent(published)}/revise`, contentOf(shown));
      if (draft) await request('DELETE', `${path}/${encodeURIComponent(draft.id)}`);
    } else {
      await post(`${path}/${encodeURIComponent(draft!.id)}/publish`);
    }
    setForm(undefined);
  }, t(published ? 'ro.done.revised' : 'ro.done.published'), onPublished);
  const unsaved = form !== undefined && JSON.stringify(contentOf(form)) !== JSON.stringify(contentOf(formOf(draft?.content, agenda.length)));
  return (
    <form className="panel private" aria-labelledby="draft-heading" data-testid="readout-draft" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h4 id="draft-heading">{t(published ? 'ro.draft.reviseHeading' : 'ro.draft.heading')}</h4>
      <p className="private-marker" data-testid="private-marker">{t('private.visibleTo', { party: partyName })}</p>
      {draft && <p className="meta">{t('ro.draft.savedBy', { member: draft.author, version: draft.version })}</p>}
      {agenda.map((item, i) => (
        <fieldset key={i}>
          <legend>{t('ro.item', { n: i + 1 })}: {item.goal?.en ?? item.goal?.['zh-Hans'] ?? ''}</legend>
          {field(shown.items[i] ?? EMPTY_TEXT, (v) => ({ ...shown, items: { ...shown.items, [i]: v } }), t('ro.draft.onItem', { n: i + 1 }))}
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('ro.general')}</legend>
        {field(shown.general, (v) => ({ ...shown, general: v }), t('ro.general'))}
      </fieldset>
      <div className="buttons">
        <button type="submit" className="secondary" disabled={busy}>{t('ro.draft.save')}</button>
        {can('readout.publish') && draft && !unsaved && (
          <button type="button" disabled={busy} onClick={() => void publish()}>{t(published ? 'ro.draft.revise' : 'ro.draft.publish')}</button>
        )}
      </div>
    </form>
  );
}
