/**
 * Who is logged in, and what they may do. The role part comes from the server's policy
 * table (`permissions` of GET /session); pages add the state conditions of each action
 * (see allowed.ts) so that nothing is offered that the server would refuse.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, request, type Session } from './api.js';

interface SessionState {
  /** undefined while loading; null when logged out. */
  readonly session: Session | null | undefined;
  login(member: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(action: string): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * Set while this browser has logged in, so a visitor who has not is shown the login form
 * without first asking the server (whose 401 the browser would log as an error). Not a
 * secret: the session itself is the HttpOnly cookie.
 */
const LOGGED_IN = 'parley.loggedIn';

async function current(): Promise<Session | null> {
  if (!localStorage.getItem(LOGGED_IN)) return null;
  try {
    return await get<Session>('/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      localStorage.removeItem(LOGGED_IN);
      return null;
    }
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    current().then(setSession, () => setSession(null));
  }, []);
  const login = useCallback(async (member: string, password: string) => {
    await request('POST', '/session', { member, password });
    localStorage.setItem(LOGGED_IN, '1');
    setSession(await current());
  }, []);
  const logout = useCallback(async () => {
    localStorage.removeItem(LOGGED_IN);
    await request('DELETE', '/session');
    setSession(null);
  }, []);
  const can = useCallback((action: string) => session?.permissions.includes(action) ?? false, [session]);
  return <SessionContext.Provider value={{ session, login, logout, can }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The logged-in member's session; only for pages rendered behind the login. */
export function useMember(): Session & { can(action: string): boolean } {
  const { session, can } = useSession();
  if (!session) throw new Error('useMember without a session');
  return { ...session, can };
}
