import { describe, expect, it } from 'vitest';
import { meetings } from '../meeting/index.js';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { incidents, incidentSummary } from './index.js';

const i = spec(incidents);
const red = {
  time: '2026-02-27T03:14:00Z', position: { lat: 153_120_000, lon: 1_175_560_000 }, domain: 'sea' as const,
  units: [{ party: 'red', name: 'RNS Vigilant', type: 'frigate' }, { party: 'blue', name: 'BNS Swift', type: 'destroyer' }],
  cpaMetres: 45, narrative: { en: 'BNS Swift crossed our bow at 45 m.' },
};
const blue = { ...red, position: { lat: 153_130_000, lon: 1_175_560_000 }, cpaMetres: 400, narrative: { en: 'We kept a safe distance of 400 m.' } };
const reported: GivenEvent = { party: 'red', type: 'incident.reported', body: red };
const added: GivenEvent = { party: 'blue', type: 'incident.account_added', body: { target: 'e1', ...blue } };
const redDuty = actor('red', 'duty_officer');
const blueDelegate = actor('blue', 'delegate');

describe('incident reports', () => {
  it('the first report creates the incident with the reporter\'s account', () => {
    i.given().when(redDuty, { type: 'report', ...red }).then([{ type: 'incident.reported', body: red }]);
    const state = stateOf(incidents, [reported])!;
    expect(state).toMatchObject({ status: 'reported', reportedBy: 'red', accounts: { red: { account: red, revision: 1, event: 'e1' } }, differences: [] });
    expect(incidents.index(state)).toEqual({ status: 'reported', party: 'red', date: red.time });
  });

  it('refuses bad input, naming the field', () => {
    i.given().when(redDuty, { type: 'report', ...red, time: '2026-03-02T00:00:00Z' }).thenError('time_in_future', 'time');
    i.given().when(redDuty, { type: 'report', ...red, position: { lat: 153.1, lon: 117.5 } }).thenError('position_invalid', 'position.lat');
    i.given().when(redDuty, { type: 'report', ...red, domain: 'land' as never }).thenError('domain_invalid', 'domain');
    i.given().when(redDuty, { type: 'report', ...red, units: [] }).thenError('units_invalid', 'units');
    i.given().when(redDuty, { type: 'report', ...red, units: [{ party: 'green', name: 'x' }] }).thenError('party_unknown', 'units[0].party');
    i.given().when(redDuty, { type: 'report', ...red, cpaMetres: -1 }).thenError('cpa_invalid', 'cpaMetres');
    i.given().when(redDuty, { type: 'report', ...red, cpaMetres: 12.5 }).thenError('cpa_invalid', 'cpaMetres');
    i.given().when(redDuty, { type: 'report', ...red, narrative: {} }).thenError('text_empty', 'narrative');
    i.given().when(actor('red', 'observer'), { type: 'report', ...red }).thenError('role_not_allowed');
  });

  it('the other party adds its own account; the differences between them are shown', () => {
    i.given([reported]).when(blueDelegate, { type: 'add_account', ...blue }).then([{ type: 'incident.account_added', body: { target: 'e1', ...blue } }]);
    i.given([reported]).when(redDuty, { type: 'add_account', ...blue }).thenError('account_exists');
    const state = stateOf(incidents, [reported, added])!;
    expect(state).toMatchObject({ status: 'accounted', accounts: { red: { account: red }, blue: { account: blue, revision: 1 } }, differences: ['position', 'cpaMetres'] });
  });

  it('each party revises only its own account', () => {
    i.given([reported]).when(blueDelegate, { type: 'revise_account', ...blue }).thenError('no_account');
    i.given([reported, added]).when(blueDelegate, { type: 'revise_account', ...blue }).thenError('account_unchanged');
    const revised = { ...blue, cpaMetres: 45, position: red.position };
    i.given([reported, added]).when(blueDelegate, { type: 'revise_account', ...revised }).then([{ type: 'incident.account_revised', body: { target: 'e1', ...revised } }]);
    const state = stateOf(incidents, [reported, added, { party: 'blue', type: 'incident.account_revised', body: { target: 'e1', ...revised } }])!;
    expect(state).toMatchObject({ accounts: { red: { revision: 1 }, blue: { revision: 2, account: revised } }, differences: [] });
    // A revision of an account never filed, or a second "first" account, changes nothing.
    expect(stateOf(incidents, [reported, { party: 'blue', type: 'incident.account_revised', body: { target: 'e1', ...blue } }])?.accounts.blue).toBeUndefined();
    expect(stateOf(incidents, [reported, { party: 'red', type: 'incident.account_added', body: { target: 'e1', ...blue } }])?.accounts.red?.account).toEqual(red);
    i.given().when(blueDelegate, { type: 'add_account', ...blue }).thenError('incident_not_found');
  });

  it('an incident goes on a working group\'s meeting agenda as an item referencing it', () => {
    const meeting: GivenEvent[] = [
      { party: 'red', type: 'meeting.proposed', body: { workingGroup: 'wg1', start: '2026-03-10T09:00:00Z', end: '2026-03-10T11:00:00Z', format: 'video', participants: [] } },
      { party: 'blue', type: 'meeting.accepted', body: { target: 'e1', proposal: 'e1' } },
    ];
    const items = [{ goal: { en: 'Agree the facts of the 27 February encounter' }, incident: 'inc-1' }];
    spec(meetings).given(meeting).when(actor('red', 'delegate'), { type: 'propose_agenda', items })
      .then([{ type: 'meeting.agenda_proposed', body: { target: 'e1', items } }]);
  });

  it('a withheld account keeps the incident, without its content', () => {
    const state = stateOf(incidents, [{ ...reported, body: undefined as never }, added])!;
    expect(state).toMatchObject({ status: 'accounted', accounts: { red: { account: null }, blue: { account: blue } }, differences: [] });
    expect(incidents.index(state).date).toBeNull();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('incident summary', () => {
  it('counts incidents per month and domain, with those fully accounted and those whose accounts differ', () => {
    const air: GivenEvent = { party: 'blue', type: 'incident.reported', body: { ...red, domain: 'air', time: '2026-01-31T23:59:59Z' } };
    const states = [stateOf(incidents, [reported, added])!, stateOf(incidents, [reported])!, stateOf(incidents, [air])!, stateOf(incidents, [{ ...reported, body: undefined as never }])!];
    expect(incidentSummary(states)).toEqual({
      total: 3,
      months: { '2026-02': { sea: 2, air: 0, accounted: 1, disputed: 1 }, '2026-01': { sea: 0, air: 1, accounted: 0, disputed: 0 } },
    });
  });
});
