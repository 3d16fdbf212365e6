/** A form behind a button ("Propose …"): opens in place, closes when its action succeeded. */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function FormPanel({ openLabel, heading, submitLabel, busy, onSubmit, children }: {
  openLabel: string;
  heading: string;
  submitLabel: string;
  busy: boolean;
  /** Resolves true when the action succeeded. */
  onSubmit(): Promise<boolean>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const headingId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onSubmit()) setOpen(false);
  };
  if (!open) return <button type="button" className="open-form" aria-expanded={false} onClick={() => setOpen(true)}>{openLabel}</button>;
  return (
    <form className="panel" aria-labelledby={headingId} onSubmit={(e) => void submit(e)}>
      <h2 id={headingId}>{heading}</h2>
      {children}
      <div className="buttons">
        <button type="submit" disabled={busy}>{submitLabel}</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
