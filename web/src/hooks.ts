/** Loading data and running actions, with the states a page shows (loading, error, done). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from './api.js';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  reload(): void;
}

/** Loads `load()` when `key` changes and whenever `reload` is called. */
export function useResource<T>(key: string, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: Error }>({ key });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => { if (live) setState({ key, data }); },
      (error: unknown) => { if (live) setState({ key, error: error instanceof Error ? error : new Error(String(error)) }); },
    );
    return () => { live = false; };
    // `load` is a new closure each render; `key` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, reload };
}

/**
 * Reloads whenever `signal` changes after the first render: one page-wide counter (bumped by
 * live events and by the page's own actions) refreshes every part of the page, each keeping
 * what it shows until its new data arrives.
 */
export function useReloadOn(signal: number, reload: () => void): void {
  const first = useRef(signal);
  useEffect(() => {
    if (signal !== first.current) reload();
  }, [signal, reload]);
}

export interface ActionState {
  readonly busy: boolean;
  readonly error: ApiError | Error | undefined;
  readonly notice: string | undefined;
  /** Runs `action`; on success shows `done` and calls `then`. Returns whether it succeeded. */
  run(action: () => Promise<unknown>, done: string, then?: () => void): Promise<boolean>;
  clear(): void;
}

export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const { t } = useTranslation();
  const run = useCallback(async (action: () => Promise<unknown>, done: string, then?: () => void) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
      setNotice(t('common.done', { what: done }));
      then?.();
      return true;
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
      return false;
    } finally {
      setBusy(false);
    }
  }, [t]);
  const clear = useCallback(() => { setError(undefined); setNotice(undefined); }, []);
  return { busy, error, notice, run, clear };
}

/** This browser's clock, re-read every `intervalMs` (countdowns); the server judges deadlines by its own. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
