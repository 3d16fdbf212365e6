// What the crisis pages offer is what the server accepts: for states reached by random
// sequences of real commands (decided and folded by the domain), every member of every role of
// either party is offered an action on a hotline call, notice or incident exactly when the
// domain's decider accepts it from them (web/src/allowed.ts against src/domain).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMS, hotlineCalls, incidents, notices, PERMISSIONS, ROLES, type Action, type Role } from '../../src/domain/index.js';
import type { AggregateKind } from '../../src/domain/aggregate.js';
import { actor, DIALOGUE, NOW, stateOf, type GivenEvent } from '../../src/domain/testing/decider-spec.js';
import { nodeActor, type Actor } from '../../src/domain/types.js';
import type { PartyId } from '../../src/record/index.js';
import { hotlineCallActions, incidentActions, noticeActions } from '../../web/src/allowed.js';

const PARTIES = ['red', 'blue'] as const;
/** The session's permissions (GET /session) as the web app's `can` reads them. */
const canOf = (role: Role) => (action: string) => (PERMISSIONS[action as Action] as readonly Role[]).includes(role);

/** Whether the decider accepts `command` from `who` given `history`. */
function accepts<S, C>(kind: AggregateKind<S, C>, history: readonly GivenEvent[], who: Actor, command: C): boolean {
  try {
    kind.decide(command, stateOf(kind, history), { actor: who, dialogue: DIALOGUE, now: NOW });
    return true;
  } catch {
    return false;
  }
}

/** Applies each step the decider accepts, appending its events: a reachable history. */
function play<S, C>(kind: AggregateKind<S, C>, start: readonly GivenEvent[], steps: readonly { who: Actor; command: C }[]): GivenEvent[] {
  const history = [...start];
  for (const { who, command } of steps) {
    try {
      const events = kind.decide(command, stateOf(kind, history), { actor: who, dialogue: DIALOGUE, now: NOW });
      history.push(...events.map((e) => ({ ...e, party: who.party })));
    } catch {
      // refused: the history stays as it was
    }
  }
  return history;
}

const anyone = fc.record({ party: fc.constantFrom(...PARTIES), role: fc.constantFrom(...ROLES) }).map(({ party, role }) => actor(party, role));
const node = (party: string) => nodeActor(party as PartyId);

describe('the crisis pages offer exactly what the domain accepts', () => {
  it('hotline calls: acknowledge, answer, close', () => {
    const placed: GivenEvent = { party: 'red', type: 'hotline_call.placed', body: { to: 'blue', precedence: 'flash', subject: { en: 's' }, message: { en: 'm' }, ackDeadlineSeconds: 600 } };
    const step = fc.oneof(
      fc.constant({ who: node('blue'), command: { type: 'record_delivery' } as const }),
      fc.constant({ who: node('blue'), command: { type: 'escalate', level: 1, dueAt: NOW.toISOString() } as const }),
      anyone.map((who) => ({ who, command: { type: 'acknowledge' } as const })),
      anyone.map((who) => ({ who, command: { type: 'answer', message: { en: 'a' } } as const })),
      anyone.map((who) => ({ who, command: { type: 'close', outcome: 'resolved' } as const })),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
      const history = play(hotlineCalls, [placed], steps);
      const state = stateOf(hotlineCalls, history)!;
      for (const party of PARTIES) {
        for (const role of ROLES) {
          const offered = hotlineCallActions(state as never, party, canOf(role));
          const who = actor(party, role);
          expect(offered.includes('acknowledge')).toBe(accepts(hotlineCalls, history, who, { type: 'acknowledge' }));
          expect(offered.includes('answer')).toBe(accepts(hotlineCalls, history, who, { type: 'answer', message: { en: 'a' } }));
          expect(offered.includes('close')).toBe(accepts(hotlineCalls, history, who, { type: 'close', outcome: 'resolved' }));
        }
      }
    }), { numRuns: 200 });
  });

  it('notices: acknowledge, amend, cancel', () => {
    const content = { noticeType: 'missile_launch' as const, window: { start: '2026-04-01T00:00:00Z', end: '2026-04-02T00:00:00Z' }, description: { en: 'test' }, vehicleType: 'rocket',
      launchArea: { shape: 'circle', centre: { lat: 0, lon: 0 }, radius: 1000 }, impactArea: { shape: 'circle', centre: { lat: 10, lon: 10 }, radius: 1000 } };
    const amended = (n: number) => ({ type: 'amend' as const, terms: DEFAULT_TERMS, ...content, description: { en: `test ${n}` } });
    const given = notices.decide({ type: 'give', terms: DEFAULT_TERMS, ...content }, undefined, { actor: actor('red', 'delegate'), dialogue: DIALOGUE, now: NOW })
      .map((e) => ({ ...e, party: 'red' }));
    const step = fc.oneof(
      fc.tuple(anyone, fc.nat(5)).map(([who, n]) => ({ who, command: amended(n) })),
      anyone.map((who) => ({ who, command: { type: 'acknowledge', version: 'latest' } as const })),
      anyone.map((who) => ({ who, command: { type: 'cancel' } as const })),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
      // An acknowledgement names the version current when it is decided.
      const history: GivenEvent[] = [...given];
      for (const s of steps) {
        const command = s.command.type === 'acknowledge' ? { ...s.command, version: stateOf(notices, history)!.version } : s.command;
        history.splice(0, history.length, ...play(notices, history, [{ who: s.who, command }]));
      }
      const state = stateOf(notices, history)!;
      for (const party of PARTIES) {
        for (const role of ROLES) {
          const offered = noticeActions(state as never, party, canOf(role));
          const who = actor(party, role);
          expect(offered.includes('acknowledge')).toBe(accepts(notices, history, who, { type: 'acknowledge', version: state.version }));
          expect(offered.includes('amend')).toBe(accepts(notices, history, who, amended(99)));
          expect(offered.includes('cancel')).toBe(accepts(notices, history, who, { type: 'cancel' }));
        }
      }
    }), { numRuns: 200 });
  });

  it('incidents: add or revise your own party\'s account', () => {
    const account = (cpa: number) => ({
      time: '2026-02-28T09:00:00Z', position: { lat: 0, lon: 0 }, domain: 'sea' as const, units: [{ party: 'red', name: 'ship' }], cpaMetres: cpa, narrative: { en: 'n' },
    });
    const reported = incidents.decide({ type: 'report', ...account(10) }, undefined, { actor: actor('red', 'duty_officer'), dialogue: DIALOGUE, now: NOW })
      .map((e) => ({ ...e, party: 'red' }));
    const step = fc.tuple(anyone, fc.constantFrom('add_account', 'revise_account') as fc.Arbitrary<'add_account' | 'revise_account'>, fc.nat(50))
      .map(([who, type, cpa]) => ({ who, command: { type, ...account(cpa) } }));
    fc.assert(fc.property(fc.array(step, { maxLength: 5 }), (steps) => {
      const history = play(incidents, reported, steps);
      const state = stateOf(incidents, history)!;
      for (const party of PARTIES) {
        for (const role of ROLES) {
          const offered = incidentActions(state as never, party, canOf(role));
          const who = actor(party, role);
          expect(offered.includes('add_account')).toBe(accepts(incidents, history, who, { type: 'add_account', ...account(1234) }));
          expect(offered.includes('revise_account')).toBe(accepts(incidents, history, who, { type: 'revise_account', ...account(1234) }));
        }
      }
    }), { numRuns: 200 });
  });
});
