/**
 * The member's party's PRIVATE escalation ladder, for its admins: who is paged, rung after
 * rung, while a call to the party stays unacknowledged. Never shared with the other party;
 * the API reads and writes only the member's own party's ladder.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dialoguePath, get, request, type Dialogue } from '../../api.js';
import { MAX_RUNGS, ROLES, type Ladder, type Rung } from '../../crisis/model.js';
import { useResource, type ActionState } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';

interface RungInput { name: string; roles: string[]; members: string; minutes: string }

const inputOf = (rung: Rung): RungInput => ({ name: rung.name ?? '', roles: [...rung.roles], members: rung.members.join(', '), minutes: String(rung.deadlineSeconds / 60) });
const rungOf = (input: RungInput) => ({
  ...(input.name.trim() ? { name: input.name.trim() } : {}), roles: input.roles,
  members: input.members.split(/[\s,]+/).filter(Boolean), deadlineSeconds: Math.round(Number(input.minutes) * 60),
});

export function LadderEditor({ dialogue, partyName, action }: { dialogue: Dialogue; partyName: string; action: ActionState }) {
  const { t, i18n } = useTranslation();
  const path = dialoguePath(dialogue.id, '/escalation-ladder');
  const ladder = useResource(path, () => get<Ladder>(path));
  const [edited, setEdited] = useState<RungInput[] | null>(null);
  const rungs = edited ?? ladder.data?.rungs.map(inputOf) ?? [];
  const change = (i: number, patch: Partial<RungInput>) => setEdited(rungs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = () => action.run(() => request('PUT', path, { rungs: rungs.map(rungOf) }), t('hl.ladder.done'), () => { setEdited(null); ladder.reload(); });
  return (
    <section className="panel private" aria-labelledby="hl-ladder" data-testid="ladder">
      <h2 id="hl-ladder">{t('hl.ladder.heading')}</h2>
      <p className="private-marker">{t('private.visibleTo', { party: partyName })}</p>
      <p className="meta">
        {t('hl.ladder.intro')}{' '}
        {ladder.data && (
          <span data-testid="ladder-status">
            {ladder.data.isDefault ? t('hl.ladder.isDefault') : t('hl.ladder.updated', { member: ladder.data.updatedBy, date: formatDate(ladder.data.updatedAt, i18n.language, true) })}
          </span>
        )}
      </p>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <ol className="rungs">
          {rungs.map((rung, i) => (
            <li key={i} data-testid="rung">
              <fieldset>
                <legend>{t('hl.ladder.rung', { level: i + 1 })}</legend>
                <div className="three">
                  <label className="field"><span>{t('hl.ladder.name')}</span><input value={rung.name} onChange={(e) => change(i, { name: e.target.value })} /></label>
                  <label className="field"><span>{t('hl.ladder.minutes')}</span><input type="number" min={1} step={1} required value={rung.minutes} onChange={(e) => change(i, { minutes: e.target.value })} /></label>
                  <label className="field"><span>{t('hl.ladder.members')}</span><input value={rung.members} onChange={(e) => change(i, { members: e.target.value })} /></label>
                </div>
                <div className="role-choices" role="group" aria-label={t('hl.ladder.roles')}>
                  <span className="label">{t('hl.ladder.roles')}</span>
                  {ROLES.map((role) => (
                    <label key={role} className="check">
                      <input type="checkbox" checked={rung.roles.includes(role)}
                        onChange={(e) => change(i, { roles: e.target.checked ? [...rung.roles, role] : rung.roles.filter((r) => r !== role) })} />
                      <span>{t(`role.${role}`)}</span>
                    </label>
                  ))}
                </div>
                {rungs.length > 1 && <button type="button" className="secondary" onClick={() => setEdited(rungs.filter((_, j) => j !== i))}>{t('hl.ladder.remove', { level: i + 1 })}</button>}
              </fieldset>
            </li>
          ))}
        </ol>
        <div className="buttons">
          {rungs.length < MAX_RUNGS && <button type="button" className="secondary" onClick={() => setEdited([...rungs, { name: '', roles: [], members: '', minutes: '60' }])}>{t('hl.ladder.add')}</button>}
          <button type="submit" disabled={action.busy || edited === null}>{t('hl.ladder.save')}</button>
        </div>
      </form>
    </section>
  );
}
