/** Log in with member id and password; the server sets an HttpOnly session cookie. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { useSession } from '../session.js';

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSession();
  const [member, setMember] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(member.trim(), password);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <h1>{t('login.title')}</h1>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'login-error' : undefined}>
        <label className="field">
          <span>{t('login.member')}</span>
          <input name="member" autoComplete="username" required value={member} onChange={(e) => setMember(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p id="login-error" className="notice error" role="alert">{t('login.failed', { reason: error })}</p>}
        <button type="submit" disabled={busy}>{t('login.submit')}</button>
      </form>
      <LanguageSelect />
    </main>
  );
}
