// What the inbox accepts of another node's incident events (body.ts): exactly what this node's
// decider writes. Given any accounts the decider accepts, reported, added and revised, then
// every body passes; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec, position, text, words } from '../testing/body-spec.js';
import { actor, NOW } from '../testing/decider-spec.js';
import { INCIDENT_DOMAINS, incidents, MAX_UNITS } from './index.js';

const spec = bodySpec(incidents);
const red = actor('red', 'duty_officer');
const blue = actor('blue', 'delegate');
/** An account as a member may file it: the incident happened up to a year before NOW, or at NOW. */
const account = fc.record({
  time: fc.integer({ min: 0, max: 366 * 86_400 }).map((s) => new Date(NOW.getTime() - s * 1000).toISOString()),
  position,
  domain: fc.constantFrom(...INCIDENT_DOMAINS),
  units: fc.array(fc.record({ party: fc.constantFrom('red', 'blue'), name: words(200), type: words(200) }, { requiredKeys: ['party', 'name'] }), { minLength: 1, maxLength: 4 }),
  cpaMetres: fc.integer({ min: 0, max: 1_000_000 }),
  narrative: text,
});

const filed = {
  time: '2026-02-27T03:14:00Z', position: { lat: 153_120_000, lon: 1_175_560_000 }, domain: 'sea',
  units: [{ party: 'red', name: 'RNS Vigilant', type: 'frigate' }, { party: 'blue', name: 'BNS Swift' }],
  cpaMetres: 45, narrative: { en: 'BNS Swift crossed our bow at 45 m.' },
};

describe('incident bodies from another node', () => {
  it('given any accounts the decider accepts, when their events arrive, then every body passes', () => {
    fc.assert(fc.property(account, account, fc.option(account, { nil: undefined }), (reported, added, revised) => {
      const run = spec.lifecycle();
      run.decide(red, { type: 'report', ...reported });
      run.decide(blue, { type: 'add_account', ...added });
      if (revised) run.decide(red, { type: 'revise_account', ...revised, narrative: { en: `${revised.narrative.en} (revised)` } });
    }), { numRuns: 60 });
    spec.expectEveryTypeChecked();
  });

  it('given an account whose incident is later than this node\'s clock, then it still passes: the clock is the author\'s', () => {
    expect(spec.refusal('incident.reported', { ...filed, time: '2099-01-01T00:00:00Z' })).toBeUndefined();
    expect(spec.refusal('incident.reported', undefined)).toBeUndefined();
  });

  it('given accounts no decider writes, then each is refused naming the field', () => {
    const report = (fields: object) => spec.refusal('incident.reported', { ...filed, ...fields });
    expect(report({})).toBeUndefined();
    expect(report({ target: 'e1' })).toBe('field_unknown body.target');
    expect(report({ casualties: 0 })).toBe('field_unknown body.casualties');
    expect(report({ time: 'yesterday' })).toBe('time_invalid body.time');
    expect(report({ position: { lat: 153.12, lon: 117.556 } })).toBe('position_invalid body.position.lat');
    expect(report({ position: { lat: 0, lon: 0, depth: 40 } })).toBe('field_unknown body.position.depth');
    expect(report({ domain: 'land' })).toBe('domain_invalid body.domain');
    expect(report({ units: [] })).toBe('units_invalid body.units');
    expect(report({ units: { party: 'red', name: 'x' } })).toBe('units_invalid body.units');
    expect(report({ units: Array(MAX_UNITS + 1).fill(filed.units[0]) })).toBe('units_invalid body.units');
    expect(report({ units: [null] })).toBe('party_unknown body.units[0].party');
    expect(report({ units: [{ party: '', name: 'x' }] })).toBe('party_unknown body.units[0].party');
    expect(report({ units: [{ party: 'green', name: 'A frigate' }] })).toBe('party_unknown body.units[0].party');
    expect(report({ units: [{ party: 'red', name: { en: 'x' } }] })).toBe('unit_invalid body.units[0].name');
    expect(report({ units: [{ party: 'red', name: 'x', type: 'y'.repeat(201) }] })).toBe('unit_invalid body.units[0].type');
    expect(report({ units: [{ party: 'red', name: 'x', flag: 'red' }] })).toBe('field_unknown body.units[0].flag');
    expect(report({ cpaMetres: '45' })).toBe('cpa_invalid body.cpaMetres');
    expect(report({ cpaMetres: 1_000_001 })).toBe('cpa_invalid body.cpaMetres');
    expect(report({ narrative: 'We kept clear' })).toBe('text_invalid body.narrative');
    expect(report({ narrative: { en: ['We', 'kept', 'clear'] } })).toBe('text_empty body.narrative.en');
    expect(report({ narrative: undefined })).toBe('text_empty body.narrative');
    expect(spec.refusal('incident.account_added', { target: 'e1', ...filed }, 'blue')).toBeUndefined();
    expect(spec.refusal('incident.account_added', filed, 'blue')).toBe('target_invalid body.target');
    expect(spec.refusal('incident.account_revised', { target: 'e1', ...filed, cpaMetres: -1 })).toBe('cpa_invalid body.cpaMetres');
    expect(spec.refusal('incident.account_revised', { target: 'e1', ...filed, revision: 2 })).toBe('field_unknown body.revision');
  });
});
