/**
 * Incidents per month and domain (SPEC §5: "incidents: per month, by type and area"), by the
 * time the first report gives; with how many have every party's account and how many
 * accounts disagree on a fact.
 */
import type { IncidentState } from './state.js';

export type MonthCounts = { sea: number; air: number; accounted: number; disputed: number };
export type IncidentSummary = { total: number; months: { [month: string]: MonthCounts } };

export function incidentSummary(incidents: Iterable<IncidentState>): IncidentSummary {
  const summary: IncidentSummary = { total: 0, months: {} };
  for (const incident of incidents) {
    const account = incident.accounts[incident.reportedBy]?.account;
    if (!account) continue; // withheld: no time or domain to count it under
    const month = account.time.slice(0, 7);
    const counts = (summary.months[month] ??= { sea: 0, air: 0, accounted: 0, disputed: 0 });
    counts[account.domain] += 1;
    if (incident.status === 'accounted') counts.accounted += 1;
    if (incident.differences.length > 0) counts.disputed += 1;
    summary.total += 1;
  }
  return summary;
}
