/**
 * Times are stored in UTC and shown in every party's own time zone as well (SPEC §2): the
 * same call is often dated differently in two capitals. `localTimes` turns named UTC
 * instants into RFC 3339 times with each party's offset, e.g.
 * `{ placedAt: { aurelia: '2026-10-01T20:00:00.000-04:00', boreas: '2026-10-02T08:00:00.000+08:00' } }`.
 */
import type { DialogueRecord, Store } from '../node/index.js';

export type Zones = Readonly<Record<string, string>>;
export type LocalTimes = Record<string, Record<string, string>>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The instant as RFC 3339 local time with offset in `timeZone` (an IANA zone). */
export function inZone(instant: string, timeZone: string): string {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${parts.fractionalSecond}${offset}`;
}

/** Each party's time zone (UTC for a party that named none). */
export async function zonesOf(store: Store, dialogue: DialogueRecord): Promise<Zones> {
  const zones: Record<string, string> = {};
  for (const id of dialogue.parties) zones[id] = (await store.party(id))?.timeZone ?? 'UTC';
  return zones;
}

/** Every named instant that is set, in every party's zone. */
export function localTimes(times: Readonly<Record<string, string | null | undefined>>, zones: Zones): LocalTimes {
  const out: LocalTimes = {};
  for (const [name, instant] of Object.entries(times)) {
    if (!instant || Number.isNaN(Date.parse(instant))) continue;
    out[name] = Object.fromEntries(Object.entries(zones).map(([party, zone]) => [party, inZone(instant, zone)]));
  }
  return out;
}
