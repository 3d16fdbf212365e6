/**
 * One action on an item: a button that runs it at once, or — when the action needs input
 * (a reason, evidence, a co-chair) — opens a small labelled form beside the item.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface ActionField {
  readonly name: string;
  readonly label: string;
  readonly required?: boolean;
  readonly initial?: string;
  readonly multiline?: boolean;
  readonly type?: 'text' | 'url' | 'datetime-local';
  /** A choice among these instead of free text. */
  readonly options?: readonly { value: string; label: string }[];
}

export function InlineAction({ label, submitLabel, fields = [], busy, onSubmit, tone }: {
  label: string;
  submitLabel?: string;
  fields?: readonly ActionField[];
  busy: boolean;
  /** Resolves true when the action succeeded (the form then closes). */
  onSubmit(values: Record<string, string>): Promise<boolean>;
  tone?: 'danger';
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])));
  const id = useId();
  const className = tone === 'danger' ? 'danger' : undefined;
  if (fields.length === 0) {
    return <button type="button" className={className} disabled={busy} onClick={() => void onSubmit({})}>{label}</button>;
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
    if (await onSubmit(trimmed)) setOpen(false);
  };
  if (!open) {
    return <button type="button" className={className} aria-expanded={false} aria-controls={id} onClick={() => setOpen(true)}>{label}</button>;
  }
  return (
    <form id={id} className="inline-form" onSubmit={(e) => void submit(e)}>
      {fields.map((f, i) => (
        <label key={f.name} className="field">
          <span>{f.label}</span>
          {f.options
            ? <select name={f.name} autoFocus={i === 0} required={f.required} value={values[f.name]} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            : f.multiline
            ? <textarea name={f.name} autoFocus={i === 0} required={f.required} rows={2} value={values[f.name]} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
            : <input name={f.name} autoFocus={i === 0} type={f.type ?? 'text'} required={f.required} value={values[f.name]} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />}
        </label>
      ))}
      <div className="buttons">
        <button type="submit" className={className} disabled={busy}>{submitLabel ?? label}</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
