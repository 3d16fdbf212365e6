import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOW, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { commitmentsToCsv, compareCommitmentCsvRow, parseCommitmentCsv, type CommitmentCsvRow, type VersionedCommitment } from './csv.js';
import { commitments } from './index.js';
import { readCsv, writeCsv } from './rfc4180.js';
import { COMMITMENT_STATUSES, type CommitmentState } from './state.js';

const HEADER = 'id,progress,review_date,reference,delivered_at,evidence.en,evidence_links';

describe('RFC 4180 reading and writing', () => {
  const tricky = fc.string({ unit: fc.constantFrom('a', 'é', '中', ',', '"', '\r', '\n', ' ', '=', "'"), maxLength: 12 });

  it('reads back exactly what it writes, whatever the fields hold (property)', () => {
    fc.assert(fc.property(fc.array(fc.array(tricky, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), (records) => {
      const read = readCsv(writeCsv(records));
      expect(read).toEqual({ ok: true, records: records.map((fields, i) => ({ row: i + 1, fields })) });
    }));
  });

  it('writes CRLF line ends and quotes only fields that need it', () => {
    expect(writeCsv([['a', 'b,c', 'say "hi"', 'two\nlines'], ['']])).toBe('a,"b,c","say ""hi""","two\nlines"\r\n""\r\n');
  });

  it('ignores a BOM, accepts LF and CRLF, skips blank lines but counts them as rows', () => {
    expect(readCsv('\uFEFFa,b\n\r\n"x\r\ny",z\r\n')).toEqual({ ok: true, records: [
      { row: 1, fields: ['a', 'b'] }, { row: 3, fields: ['x\r\ny', 'z'] },
    ] });
    expect(readCsv('a,,\nb')).toEqual({ ok: true, records: [{ row: 1, fields: ['a', '', ''] }, { row: 2, fields: ['b'] }] });
  });

  it('names the row of malformed quoting', () => {
    expect(readCsv('a\nb,"open\nstill open')).toMatchObject({ ok: false, row: 2, reason: expect.stringContaining('not closed') });
    expect(readCsv('a\n"x"y')).toMatchObject({ ok: false, row: 2, reason: expect.stringContaining('closing quote') });
    expect(readCsv('a\nb\nsay "hi"')).toMatchObject({ ok: false, row: 3, reason: expect.stringContaining('unquoted field') });
  });
});

describe('exporting commitments', () => {
  const state = stateOf(commitments, [
    { party: 'red', type: 'commitment.proposed', body: { workingGroup: 'wg1', party: 'blue', due: '2026-02-28',
      title: { en: 'Share radar data, weekly', 'zh-Hans': '每周共享雷达数据' }, reference: '=cmd|calc' } },
    { party: 'blue', type: 'commitment.committed', body: { target: 'e1' } },
  ])!;

  it('writes a header, the version, one column per title language, the computed status, and defuses formulas', () => {
    expect(commitmentsToCsv([{ state, version: 7 }], NOW)).toBe(
      'id,version,committing_party,title.en,title.zh-Hans,due,status,progress,review_date,reference,delivered_at,evidence.en,evidence.zh-Hans,evidence_links\r\n'
      + 'e1,7,blue,"Share radar data, weekly",每周共享雷达数据,2026-02-28,overdue,0,,\'=cmd|calc,,,,\r\n');
  });

  it('shows committed before the due date', () => {
    expect(commitmentsToCsv([{ state, version: 7 }], new Date('2026-02-28T12:00:00Z'))).toContain(',committed,');
  });
});

describe('importing updates', () => {
  const parse = (...lines: string[]) => parseCommitmentCsv(`${lines.join('\r\n')}\r\n`);

  it('turns editable cells into per-row commands; empty cells change nothing', () => {
    expect(parse(HEADER, 'c1,55,2026-05-01,T-9,,,', 'c2,,,,,,', 'c3,,,,2026-04-01T00:00:00Z,ignored,', 'c4,,,,,"Done, see ""annex""",https://example.org/a https://example.org/b'))
      .toEqual({ errors: [], rows: [
        { row: 2, id: 'c1', progress: 55, reviewDate: '2026-05-01', reference: 'T-9' },
        { row: 5, id: 'c4', deliver: { evidence: { text: { en: 'Done, see "annex"' }, links: ['https://example.org/a', 'https://example.org/b'] } } },
      ] });
  });

  it('names the row and column of every bad value', () => {
    const result = parse(HEADER, 'c1,50,,,,,', 'c2,101,someday,,,,not-a-link', 'c3,4.5,,,,,');
    expect(result.rows).toEqual([{ row: 2, id: 'c1', progress: 50 }]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'row 3, progress: must be an integer 0–100',
      'row 3, review_date: must be an RFC 3339 date (2026-06-30) or date-time (2026-06-30T12:00:00Z)',
      'row 3, evidence_links: must be an absolute http or https URL such as https://example.org/report',
      'row 4, progress: must be an integer 0–100',
    ]);
    expect(result.errors[0]).toMatchObject({ row: 3, column: 'progress', code: 'progress_invalid' });
  });

  it('refuses unknown, duplicate and badly tagged columns, and a header without id', () => {
    const result = parse('id,progress,colour,progress,title.EN', 'c1,5,red,6,x');
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => [e.column, e.code])).toEqual([
      ['colour', 'column_unknown'], ['progress', 'column_duplicate'], ['title.EN', 'language_tag_invalid'],
    ]);
    expect(parse('progress', '5').errors).toEqual([expect.objectContaining({ row: 1, column: 'id', code: 'id_column_missing' })]);
    expect(parseCommitmentCsv('\uFEFF').errors).toEqual([expect.objectContaining({ code: 'header_missing' })]);
  });

  it('refuses a row with the wrong number of fields, a missing or repeated id, and malformed quoting', () => {
    const result = parse('id,progress', 'c1,5,extra', ',5', 'c2,6', 'c2,7');
    expect(result.rows).toEqual([{ row: 4, id: 'c2', progress: 6 }]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'row 2: has 3 fields; the header has 2', 'row 3, id: every row needs the commitment id', 'row 5, id: the same commitment is on row 4',
    ]);
    expect(parseCommitmentCsv('id,reference\nc1,"open').errors).toEqual([expect.objectContaining({ row: 2, column: null, code: 'csv_malformed' })]);
  });

  it('skips a wholly empty row, as spreadsheets write it (a line of commas, whatever its length)', () => {
    expect(parse(HEADER, ',,,,,,', 'c1,5,,,,,', ', ,,', ',,,,,,,,')).toEqual({ errors: [], rows: [{ row: 3, id: 'c1', progress: 5 }] });
  });

  it('reads the version a row was exported with; a row without one has none; a version alone changes nothing', () => {
    expect(parse('id,version,progress', 'c1,12,5', 'c2,,6', 'c3,4,', 'c4,x1,7', 'c5,-3,8')).toEqual({
      rows: [{ row: 2, id: 'c1', version: 12, progress: 5 }, { row: 3, id: 'c2', progress: 6 }],
      errors: [expect.objectContaining({ row: 5, column: 'version', code: 'version_invalid' }), expect.objectContaining({ row: 6, column: 'version', code: 'version_invalid' })],
    });
  });

  it('gives each error its reason once, and the message names the row and column once', () => {
    const [problem] = parse('id,review_date', 'c1,someday').errors;
    expect(problem).toMatchObject({ column: 'review_date', reason: expect.stringMatching(/^must be an RFC 3339 date/), message: expect.stringMatching(/^row 2, review_date: must be/) });
  });

  it('reads a BOM, LF line ends and spaces around header names and numbers', () => {
    expect(parseCommitmentCsv('\uFEFF id , progress \nc1, 7 \n')).toEqual({ errors: [], rows: [{ row: 2, id: 'c1', progress: 7 }] });
  });
});

describe('comparing a row with its commitment as it is now', () => {
  /** The row as exported from `current`, with `edit` made to it in the spreadsheet. */
  const exported = (current: VersionedCommitment, edit: Partial<CommitmentCsvRow> = {}): CommitmentCsvRow => {
    const { rows, errors } = parseCommitmentCsv(commitmentsToCsv([current], NOW));
    expect(errors).toEqual([]);
    return { ...rows[0]!, ...edit };
  };
  const proposed: GivenEvent = { party: 'red', type: 'commitment.proposed', body: { workingGroup: 'wg1', party: 'blue', due: '2026-06-30', title: { en: 'Share radar data' } } };
  const committed: GivenEvent[] = [proposed, { party: 'blue', type: 'commitment.committed', body: { target: 'e1' } },
    { party: 'blue', type: 'commitment.updated', body: { target: 'e1', progress: 40, reference: 'T-9', reviewDate: '2026-04-01' } }];
  const delivered: GivenEvent[] = [...committed, { party: 'blue', type: 'commitment.delivered', body: { target: 'e1', evidence: { text: { en: 'Sent' }, links: ['https://example.org/r'] } } }];
  const at = (events: readonly GivenEvent[], version: number): VersionedCommitment => ({ state: stateOf(commitments, events)!, version });

  it.each<[string, GivenEvent[]]>([
    ['committed', committed], ['delivered', delivered],
    ['confirmed', [...delivered, { party: 'red', type: 'commitment.confirmed', body: { target: 'e1', delivery: 'e4' } }]],
    ['disputed', [...delivered, { party: 'red', type: 'commitment.disputed', body: { target: 'e1', delivery: 'e4', reason: 'no' } }]],
    ['withdrawn', [...committed, { party: 'blue', type: 'commitment.withdrawn', body: { target: 'e1', reason: 'cannot' } }]],
  ])('given a %s commitment, when its exported row comes back as it is, then it is unchanged', (_status, events) => {
    const current = at(events, 9);
    expect(compareCommitmentCsvRow(exported(current), current)).toEqual({ type: 'unchanged' });
  });

  it('given an exported row, when one cell is edited, then only that value is updated', () => {
    const current = at(committed, 3);
    expect(compareCommitmentCsvRow(exported(current, { progress: 60 }), current)).toEqual({ type: 'changed', commands: [{ type: 'update', progress: 60 }] });
    expect(compareCommitmentCsvRow(exported(current, { reference: 'T-10', reviewDate: '2026-05-01' }), current))
      .toEqual({ type: 'changed', commands: [{ type: 'update', reference: 'T-10', reviewDate: '2026-05-01' }] });
  });

  it('given an exported row, when evidence is given with delivered_at empty, then it claims delivery; clearing delivered_at delivers again', () => {
    const open = at(committed, 3);
    const evidence = { text: { en: 'Sent' } };
    expect(compareCommitmentCsvRow(exported(open, { deliver: { evidence } }), open)).toEqual({ type: 'changed', commands: [{ type: 'deliver', evidence }] });
    const disputed = at([...delivered, { party: 'red', type: 'commitment.disputed', body: { target: 'e1', delivery: 'e4', reason: 'no' } }], 5);
    const cleared = parseCommitmentCsv(commitmentsToCsv([disputed], NOW).replace(/,\d{4}-\d\d-\d\dT[^,]*Z,/, ',,')).rows[0]!;
    expect(compareCommitmentCsvRow(cleared, disputed)).toEqual({ type: 'changed', commands: [{ type: 'deliver', evidence: disputed.state.evidence }] });
  });

  it('given a row exported at an older version, when it changes something, then it is stale; when it changes nothing, it is still unchanged', () => {
    const before = at(committed, 3);
    const now = at([...committed, { party: 'blue', type: 'commitment.updated', body: { target: 'e1', progress: 60 } }], 4);
    expect(compareCommitmentCsvRow(exported(before), now)).toEqual({ type: 'stale', error: {
      row: 2, column: 'version', code: 'version_stale',
      reason: 'the commitment changed since this row was exported (version 3, now 4); export again and redo this row',
      message: 'row 2, version: the commitment changed since this row was exported (version 3, now 4); export again and redo this row',
    } });
    expect(compareCommitmentCsvRow(exported(before, { progress: 60 }), now)).toEqual({ type: 'unchanged' });
  });

  it('given a hand-made row without a version, when it changes something, then it is not checked', () => {
    const now = at(committed, 4);
    expect(compareCommitmentCsvRow({ row: 2, id: 'e1', progress: 70 }, now)).toEqual({ type: 'changed', commands: [{ type: 'update', progress: 70 }] });
  });
});

describe('export then import round trip (property)', () => {
  const lang = fc.constantFrom('en', 'zh-Hans', 'fr', 'ru');
  const text = fc.string({ unit: fc.constantFrom('a', 'Я', '中', ',', '"', '\r', '\n', ' ', '=', '-', "'", '\t'), minLength: 1, maxLength: 20 })
    .filter((s) => s.trim() !== '');
  const multilingual = fc.dictionary(lang, text, { minKeys: 1, maxKeys: 3 });
  const date = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
    .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10)));
  const reference = fc.string({ unit: fc.constantFrom('A', '1', ',', '"', ' ', '=', '-', '@', "'", '#'), minLength: 1, maxLength: 30 })
    .filter((s) => s.trim() !== '');
  const evidence = fc.record({ text: multilingual, links: fc.array(fc.webUrl(), { minLength: 1, maxLength: 3 }) }, { requiredKeys: [] })
    .filter((e) => e.text !== undefined || e.links !== undefined);
  const stateArb = fc.record({
    party: fc.constantFrom('red', 'blue'), title: fc.option(multilingual), due: fc.option(date),
    status: fc.constantFrom(...COMMITMENT_STATUSES), progress: fc.integer({ min: 0, max: 100 }), reviewDate: fc.option(date),
    reference: fc.option(reference), deliveredAt: fc.option(date), evidence: fc.option(evidence),
  });
  const statesArb = fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,12}$/), { maxLength: 6 }).chain((ids) =>
    fc.tuple(...ids.map((id) => stateArb.map((s): CommitmentState => ({
      ...s, id, proposedBy: 'red', proposedAt: '2026-01-01T00:00:00.000Z', workingGroup: 'wg1', meeting: null, description: null,
      committedAt: null, milestones: [], delivery: null, confirmedBy: null, confirmedAt: null, disputes: [], withdrawn: null,
      history: [], lastActivityAt: '2026-01-01T00:00:00.000Z',
    })))));

  const versionedArb = statesArb.chain((states) => fc.tuple(...states.map((state) => fc.nat().map((version): VersionedCommitment => ({ state, version })))));

  it('every editable value and the version come back as written; evidence only where delivered_at is empty', () => {
    fc.assert(fc.property(versionedArb, (exported) => {
      const expected: CommitmentCsvRow[] = exported.map(({ state: s, version }, i) => ({
        row: i + 2, id: s.id, version, progress: s.progress,
        ...(s.reviewDate !== null ? { reviewDate: s.reviewDate } : {}),
        ...(s.reference !== null ? { reference: s.reference } : {}),
        ...(s.evidence !== null && s.deliveredAt === null ? { deliver: { evidence: s.evidence } } : {}),
      }));
      expect(parseCommitmentCsv(commitmentsToCsv(exported, NOW))).toEqual({ errors: [], rows: expected });
    }), { numRuns: 300 });
  });

  it('a sheet imported as exported changes nothing, whatever the commitments hold', () => {
    fc.assert(fc.property(versionedArb, (exported) => {
      const { rows } = parseCommitmentCsv(commitmentsToCsv(exported, NOW));
      expect(rows.map((row, i) => compareCommitmentCsvRow(row, exported[i]!))).toEqual(exported.map(() => ({ type: 'unchanged' })));
    }), { numRuns: 300 });
  });
});
