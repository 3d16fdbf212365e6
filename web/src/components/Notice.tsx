/** What an action did, or why the server refused it (with each field and reason it named). */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';

export function Notice({ error, notice }: { error: Error | undefined; notice?: string | undefined }) {
  const { t } = useTranslation();
  if (error) {
    return (
      <div className="notice error" role="alert">
        <p>{t('common.error', { message: error.message })}</p>
        {error instanceof ApiError && error.errors.length > 0 && (
          <ul>{error.errors.map((e) => <li key={`${e.field}:${e.reason}`}>{t('common.fieldError', { field: e.field, reason: e.reason })}</li>)}</ul>
        )}
      </div>
    );
  }
  if (notice) return <p className="notice ok" role="status">{notice}</p>;
  return null;
}

export function Loading() {
  const { t } = useTranslation();
  return <p role="status" className="loading">{t('app.loading')}</p>;
}
