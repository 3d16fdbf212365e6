/** Incident reports: each party's own account of the same encounter, side by side, with the facts they differ on. */
export { incidents, decideIncident, evolveIncident, MAX_UNITS, type IncidentCommand, type AccountInput } from './incident.js';
export { INCIDENT_STATUSES, INCIDENT_DOMAINS, type IncidentState, type IncidentStatus, type IncidentDomain, type Account, type Unit } from './state.js';
export { incidentSummary, type IncidentSummary, type MonthCounts } from './summary.js';
