/** Assurances: statements of intent, alone or attached to the giver's notice; acknowledged; withdrawn. */
export { assurances, decideAssurance, evolveAssurance, type AssuranceCommand } from './assurance.js';
export { ASSURANCE_STATUSES, type AssuranceState, type AssuranceStatus } from './state.js';
