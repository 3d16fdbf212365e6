/** Time left to acknowledge a call (or how long past its deadline), ticking every second. */
import { useTranslation } from 'react-i18next';
import { clock } from '../../crisis/format.js';
import { isSettled, type HotlineCall } from '../../crisis/model.js';

export function Countdown({ call, now, calledName }: { call: HotlineCall; now: number; calledName: string }) {
  const { t } = useTranslation();
  if (isSettled(call)) return null;
  if (!call.ackDueAt) return <p className="countdown" data-testid="countdown">{t('hl.countdown.waiting', { party: calledName })}</p>;
  const left = (Date.parse(call.ackDueAt) - now) / 1000;
  const overdue = left < 0;
  return (
    // A timer is not announced on every tick (role=timer is polite-off); the alert above it is.
    <p role="timer" className={`countdown${overdue ? ' overdue' : ''}`} data-testid="countdown" data-overdue={overdue}>
      {overdue ? t('hl.countdown.overdue', { time: clock(-left) }) : t('hl.countdown.remaining', { time: clock(left) })}
    </p>
  );
}
