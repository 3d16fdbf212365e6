// Agenda versions and who accepted each, as the meeting room derives them from the history.
import { describe, expect, it } from 'vitest';
import { agendaVersions } from '../../web/src/agenda-history.js';

const step = (type: string, party: string, at: string) => ({ type: `meeting.${type}`, party, at });

describe('agenda versions from a meeting\'s history', () => {
  it('counts the proposal and each amendment as a version, its proposer accepting it, and later acceptances against the version then current', () => {
    const history = [
      step('proposed', 'aurelia', 'T1'), step('accepted', 'boreas', 'T2'),
      step('agenda_proposed', 'aurelia', 'T3'), step('agenda_accepted', 'boreas', 'T4'),
      step('agenda_amended', 'boreas', 'T5'), step('outcome_recorded', 'boreas', 'T6'), step('agenda_accepted', 'aurelia', 'T7'),
    ];
    expect(agendaVersions(history)).toEqual([
      { version: 1, proposedBy: 'aurelia', at: 'T3', acceptedBy: [{ party: 'aurelia', at: 'T3' }, { party: 'boreas', at: 'T4' }] },
      { version: 2, proposedBy: 'boreas', at: 'T5', acceptedBy: [{ party: 'boreas', at: 'T5' }, { party: 'aurelia', at: 'T7' }] },
    ]);
  });

  it('has no version before an agenda is proposed (a stray acceptance changes nothing)', () => {
    expect(agendaVersions([step('proposed', 'aurelia', 'T1'), step('agenda_accepted', 'boreas', 'T2')])).toEqual([]);
  });
});
