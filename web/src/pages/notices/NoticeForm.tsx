/**
 * Giving notice: the fields of the chosen type only (areas, counts, vehicle type, hazard),
 * and — as the start is typed — whether the notice is still on time under the lead time the
 * terms in force give that type, or would be recorded as late (or is voluntary, below the
 * size threshold). The server decides by its own signed time; the form warns.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api.js';
import { FormPanel } from '../../components/FormPanel.js';
import { duration } from '../../crisis/format.js';
import { checkLead, degrees, NOTICE_FORMS, NOTICE_TYPES, scaledDegrees, type Area, type AreaField, type NoticeContent, type NoticeTerms, type NoticeType } from '../../crisis/notices.js';
import { useNow, type ActionState } from '../../hooks.js';
import { formatDate } from '../../i18n/index.js';
import { bilingual, utcInput, utcInstant } from '../../text.js';

interface AreaInput { shape: 'circle' | 'polygon'; lat: string; lon: string; radius: string; points: string }
const EMPTY_AREA: AreaInput = { shape: 'circle', lat: '', lon: '', radius: '', points: '' };

const EMPTY = {
  noticeType: 'military_exercise' as NoticeType, start: '', end: '', descriptionEn: '', descriptionZh: '',
  personnel: '', ships: '', aircraft: '', units: '', vehicleType: '', hazardEn: '', hazardZh: '',
  areas: { area: EMPTY_AREA, launchArea: EMPTY_AREA, impactArea: EMPTY_AREA } as Record<AreaField, AreaInput>,
};
type Form = typeof EMPTY;

/** A version's content as the form's fields (to amend it). */
function formOf(content: NoticeContent): Form {
  const areaInput = (area: Area | undefined): AreaInput => {
    if (!area) return EMPTY_AREA;
    if (area.shape === 'circle') return { ...EMPTY_AREA, lat: String(degrees(area.centre.lat)), lon: String(degrees(area.centre.lon)), radius: String(area.radius / 1000) };
    return { ...EMPTY_AREA, shape: 'polygon', points: area.points.map((p) => `${degrees(p.lat)}, ${degrees(p.lon)}`).join('\n') };
  };
  const count = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    noticeType: content.noticeType, start: utcInput(content.window.start), end: utcInput(content.window.end),
    descriptionEn: content.description.en ?? '', descriptionZh: content.description['zh-Hans'] ?? '',
    personnel: count(content.forces?.personnel), ships: count(content.forces?.ships), aircraft: count(content.forces?.aircraft),
    units: (content.forces?.units ?? []).join(', '), vehicleType: content.vehicleType ?? '',
    hazardEn: content.hazard?.en ?? '', hazardZh: content.hazard?.['zh-Hans'] ?? '',
    areas: { area: areaInput(content.area), launchArea: areaInput(content.launchArea), impactArea: areaInput(content.impactArea) },
  };
}

/** Typed numbers as the API takes them; what is not a number goes as typed for the server to refuse by name. */
const whole = (value: string) => (value.trim() === '' ? undefined : Number(value));

function areaOf(input: AreaInput) {
  if (input.shape === 'circle') {
    return { shape: 'circle', centre: { lat: scaledDegrees(input.lat), lon: scaledDegrees(input.lon) }, radius: Math.round(Number(input.radius) * 1000) };
  }
  const points = input.points.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const [lat = '', lon = ''] = line.split(',').map((s) => s.trim());
    return { lat: scaledDegrees(lat), lon: scaledDegrees(lon) };
  });
  return { shape: 'polygon', points };
}

function bodyOf(form: Form) {
  const type = NOTICE_FORMS[form.noticeType];
  const counts = Object.fromEntries(type.counts.map((c) => [c, whole(form[c])]).filter(([, v]) => v !== undefined));
  const units = form.units.split(',').map((u) => u.trim()).filter(Boolean);
  const forces = { ...counts, ...(units.length ? { units } : {}) };
  return {
    noticeType: form.noticeType,
    window: { start: utcInstant(form.start), end: utcInstant(form.end) },
    description: bilingual(form.descriptionEn, form.descriptionZh),
    ...Object.fromEntries(type.areas.map((field) => [field, areaOf(form.areas[field])])),
    ...(Object.keys(forces).length ? { forces } : {}),
    ...(type.vehicleType ? { vehicleType: form.vehicleType.trim() } : {}),
    ...(type.hazard ? { hazard: bilingual(form.hazardEn, form.hazardZh) } : {}),
  };
}

/** Gives a notice, or (with `amending`) amends one: a new version, the type kept, every other field prefilled. */
export function NoticeForm({ path, terms, action, onDone, amending }: {
  path: string; terms: Readonly<Record<string, NoticeTerms>> | undefined; action: ActionState; onDone(): void; amending?: NoticeContent;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(() => (amending ? formOf(amending) : EMPTY));
  const leadId = useId();
  const set = (name: Exclude<keyof Form, 'areas'>) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const setArea = (field: AreaField, name: keyof AreaInput) => (e: { target: { value: string } }) =>
    setForm({ ...form, areas: { ...form.areas, [field]: { ...form.areas[field], [name]: e.target.value } } });
  const type = NOTICE_FORMS[form.noticeType];
  const submit = async () => {
    const ok = await action.run(() => post(path, bodyOf(form)), t(amending ? 'nt.done.amend' : 'nt.done.given'), onDone);
    if (ok && !amending) setForm(EMPTY);
    return ok;
  };
  return (
    <FormPanel openLabel={t(amending ? 'nt.amend' : 'nt.form.open')} heading={t(amending ? 'nt.form.amendHeading' : 'nt.form.heading')} submitLabel={t(amending ? 'nt.form.amendSubmit' : 'nt.form.submit')} busy={action.busy} onSubmit={submit}>
      <label className="field"><span>{t('nt.type.label')}</span>
        <select name="noticeType" value={form.noticeType} onChange={set('noticeType')} autoFocus aria-describedby={leadId} disabled={amending !== undefined}>
          {NOTICE_TYPES.map((type) => <option key={type} value={type}>{t(`nt.type.${type}`)}</option>)}
        </select>
      </label>
      <div className="two">
        <label className="field"><span>{t('nt.form.start')}</span><input name="start" type="datetime-local" required value={form.start} onChange={set('start')} aria-describedby={leadId} /></label>
        <label className="field"><span>{t('nt.form.end')}</span><input name="end" type="datetime-local" required value={form.end} onChange={set('end')} /></label>
      </div>
      <LeadWarning id={leadId} terms={terms?.[form.noticeType]} start={form.start} forces={Object.fromEntries(type.counts.map((c) => [c, whole(form[c])]))} />
      <div className="two">
        <label className="field"><span>{t('nt.form.descriptionEn')}</span><textarea name="descriptionEn" lang="en" required rows={2} value={form.descriptionEn} onChange={set('descriptionEn')} /></label>
        <label className="field"><span>{t('nt.form.descriptionZh')}</span><textarea name="descriptionZh" lang="zh-Hans" rows={2} value={form.descriptionZh} onChange={set('descriptionZh')} /></label>
      </div>
      {type.areas.map((field) => <AreaFields key={field} field={field} value={form.areas[field]} set={(name) => setArea(field, name)} />)}
      {type.counts.length > 0 && (
        <div className="two">
          {type.counts.map((c) => (
            <label key={c} className="field"><span>{t(`nt.count.${c}`)}</span><input name={c} type="number" min={0} step={1} required value={form[c]} onChange={set(c)} /></label>
          ))}
          <label className="field"><span>{t('nt.form.unitsField')}</span><input name="units" value={form.units} onChange={set('units')} /></label>
        </div>
      )}
      {type.vehicleType && <label className="field"><span>{t('nt.vehicleType')}</span><input name="vehicleType" required value={form.vehicleType} onChange={set('vehicleType')} /></label>}
      {type.hazard && (
        <div className="two">
          <label className="field"><span>{t('nt.form.hazardEn')}</span><textarea name="hazardEn" lang="en" required rows={2} value={form.hazardEn} onChange={set('hazardEn')} /></label>
          <label className="field"><span>{t('nt.form.hazardZh')}</span><textarea name="hazardZh" lang="zh-Hans" rows={2} value={form.hazardZh} onChange={set('hazardZh')} /></label>
        </div>
      )}
    </FormPanel>
  );
}

function AreaFields({ field, value, set }: { field: AreaField; value: AreaInput; set(name: keyof AreaInput): (e: { target: { value: string } }) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset data-testid={`area-${field}`}>
      <legend>{t(`nt.area.${field}`)}</legend>
      <label className="field inline"><span>{t('nt.form.shape')}</span>
        <select name={`${field}.shape`} value={value.shape} onChange={set('shape')}>
          <option value="circle">{t('nt.form.circle')}</option>
          <option value="polygon">{t('nt.form.polygon')}</option>
        </select>
      </label>
      {value.shape === 'circle'
        ? (
          <div className="three">
            <label className="field"><span>{t('nt.form.lat')}</span><input name={`${field}.lat`} inputMode="decimal" required value={value.lat} onChange={set('lat')} /></label>
            <label className="field"><span>{t('nt.form.lon')}</span><input name={`${field}.lon`} inputMode="decimal" required value={value.lon} onChange={set('lon')} /></label>
            <label className="field"><span>{t('nt.form.radius')}</span><input name={`${field}.radius`} inputMode="decimal" required value={value.radius} onChange={set('radius')} /></label>
          </div>
        )
        : <label className="field"><span>{t('nt.form.points')}</span><textarea name={`${field}.points`} required rows={4} value={value.points} onChange={set('points')} /></label>}
    </fieldset>
  );
}

/** On time, late, or voluntary — re-judged every few seconds, as the deadline can pass while the form is open. */
function LeadWarning({ id, terms, start, forces }: { id: string; terms: NoticeTerms | undefined; start: string; forces: Readonly<Record<string, number | undefined>> }) {
  const { t, i18n } = useTranslation();
  const now = useNow(5000);
  if (!terms) return <p className="hint" id={id}>{t('nt.form.noTerms')}</p>;
  const lead = duration(terms.leadSeconds, t);
  const rule = (
    <>
      {t('nt.form.leadTerms', { lead })}
      {terms.threshold && ` ${t('nt.form.thresholdTerms', { min: terms.threshold.min.toLocaleString(i18n.language), field: t(`nt.count.${terms.threshold.field}`, { defaultValue: terms.threshold.field }) })}`}
    </>
  );
  const instant = utcInstant(start);
  if (!start || Number.isNaN(Date.parse(instant))) return <p className="hint" id={id} data-testid="lead-warning" data-state="rule">{rule}</p>;
  const check = checkLead(terms, instant, forces, now);
  if (!check.isRequired) return <p className="hint" id={id} data-testid="lead-warning" data-state="voluntary">{rule} {t('nt.form.voluntary')}</p>;
  if (check.isLate) {
    return (
      <p className="notice warning" id={id} role="alert" data-testid="lead-warning" data-state="late">
        {t('nt.form.late', { left: duration(Math.max(0, (Date.parse(instant) - now) / 1000), t), lead })}
      </p>
    );
  }
  return <p className="hint" id={id} data-testid="lead-warning" data-state="on_time">{rule} {t('nt.form.onTime', { date: formatDate(new Date(check.deadline).toISOString(), i18n.language, true) })}</p>;
}
