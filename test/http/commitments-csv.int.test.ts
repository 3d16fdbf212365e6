// Commitments by CSV over HTTP: an exported sheet imports unchanged (the other party's and
// closed commitments included), an edited cell is the only change, a row edited on a sheet
// older than its commitment is refused with the whole import, and a refusal records nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../src/domain/commitment/rfc4180.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const d = `/api/v1/dialogues/${DIALOGUE}`;
// Commitments of the demo dialogue, by title.
const CALENDAR = 'Share the calendar of major naval exercises for the next six months'; // Aurelia's, committed, progress 40
const TEMPLATE = 'Circulate the agreed incident report template'; // Aurelia's, disputed
const DRILL = 'Host a joint search-and-rescue drill'; // Aurelia's, withdrawn
const LIAISON = 'Name a liaison officer for the incident channel'; // Boreas's, delivered

async function exportSheet(member: string): Promise<string> {
  const response = await t.request(member, 'GET', `${d}/commitments.csv`);
  expect(response.statusCode).toBe(200);
  return response.body;
}

async function importSheet(member: string, csv: string) {
  return t.app.inject({ method: 'POST', url: `${d}/commitments.csv`, headers: { cookie: await t.cookie(member), 'content-type': 'text/csv' }, payload: csv });
}

/** The record's size and tree head (the checkpoint note's body): any recorded event changes them. */
async function recordHead(): Promise<{ size: number; head: string }> {
  const { size, note } = (await t.request('aurelia-observer', 'GET', `${d}/record/checkpoint`)).json() as { size: number; note: string };
  return { size, head: note.split('\n\n')[0]! };
}

/** The sheet as a table: its header, and its rows by title. */
function table(csv: string) {
  const read = readCsv(csv);
  if (!read.ok) throw new Error(read.reason);
  const [header, ...rows] = read.records.map((r) => [...r.fields]);
  const column = (name: string) => header!.indexOf(name);
  const rowOf = (title: string) => rows.findIndex((fields) => fields[column('title.en')] === title);
  return {
    /** The spreadsheet row number of a commitment (the header is row 1). */
    number: (title: string) => rowOf(title) + 2,
    cell: (title: string, name: string) => rows[rowOf(title)]![column(name)]!,
    /** The sheet with cells changed: `[title, column, value]`. */
    edit: (...edits: [string, string, string][]) => {
      const copy = rows.map((fields) => [...fields]);
      for (const [title, name, value] of edits) copy[rowOf(title)]![column(name)] = value;
      return writeCsv([header!, ...copy]);
    },
  };
}

async function commitment(member: string, title: string) {
  const list = (await t.request(member, 'GET', `${d}/commitments?limit=500`)).json() as { items: { id: string; version: number; state: { title: { en: string }; progress: number; reference: string | null } }[] };
  return list.items.find((c) => c.state.title.en === title)!;
}

describe('commitments by CSV, export and re-import', () => {
  it('given an exported sheet, when either party imports it unchanged, then every row is skipped and the record is as it was', async () => {
    const before = await recordHead();
    for (const member of ['aurelia-delegate', 'boreas-delegate']) {
      const sheet = await exportSheet(member);
      const read = readCsv(sheet);
      const rows = read.ok ? read.records.length - 1 : 0;
      expect(rows).toBeGreaterThanOrEqual(5);
      const response = await importSheet(member, sheet);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ rows, applied: 0, unchanged: rows, events: 0 });
    }
    expect(await recordHead()).toEqual(before);
  });

  it('exports each row\'s version, the ETag of the commitment\'s read endpoint', async () => {
    const sheet = table(await exportSheet('aurelia-observer'));
    const calendar = await commitment('aurelia-observer', CALENDAR);
    const read = await t.request('aurelia-observer', 'GET', `${d}/commitments/${calendar.id}`);
    expect(read.headers.etag).toBe(`"${sheet.cell(CALENDAR, 'version')}"`);
  });

  it('given an exported sheet, when one own cell is edited, then exactly that row is applied and the other party\'s and closed rows are skipped', async () => {
    const sheet = table(await exportSheet('aurelia-delegate'));
    expect(sheet.cell(CALENDAR, 'progress')).toBe('40');
    const before = await recordHead();
    const response = await importSheet('aurelia-delegate', sheet.edit([CALENDAR, 'progress', '50']));
    expect(response.statusCode, response.body).toBe(200);
    const { rows, ...counts } = response.json() as { rows: number; applied: number; unchanged: number; events: number };
    expect(counts).toEqual({ applied: 1, unchanged: rows - 1, events: 1 });
    expect((await recordHead()).size).toBe(before.size + 1);
    expect((await commitment('aurelia-observer', CALENDAR)).state.progress).toBe(50);
  });

  it('given a sheet exported before a newer change, when re-imported as it is or with an edit on that row, then the whole import is refused naming the row\'s version', async () => {
    const old = table(await exportSheet('aurelia-delegate'));
    const calendar = await commitment('aurelia-delegate', CALENDAR);
    const updated = await t.request('aurelia-delegate', 'POST', `${d}/commitments/${calendar.id}/update`, { progress: 60 });
    expect(updated.statusCode).toBe(200);
    const before = await recordHead();

    // The old sheet says 40: importing it would silently undo the 60.
    const asItWas = await importSheet('aurelia-delegate', old.edit());
    expect(asItWas.statusCode, asItWas.body).toBe(412);
    expect(asItWas.json()).toMatchObject({
      code: 'precondition_failed',
      errors: [{ field: `row ${old.number(CALENDAR)}, version`, reason: expect.stringContaining(`version ${calendar.version}, now `) }],
    });

    // An edit on a current row does not get through with a stale one.
    const mixed = await importSheet('aurelia-delegate', old.edit([CALENDAR, 'reference', 'MFA-NAV-2026-099'], [TEMPLATE, 'progress', '90']));
    expect(mixed.statusCode, mixed.body).toBe(412);
    expect((mixed.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([`row ${old.number(CALENDAR)}, version`]);

    expect(await recordHead()).toEqual(before);
    expect((await commitment('aurelia-observer', CALENDAR)).state).toMatchObject({ progress: 60, reference: 'MFA-NAV-2026-031' });
    expect((await commitment('aurelia-observer', TEMPLATE)).state.progress).toBe(0);

    // Rows the newer change did not touch, left as they were, are still skipped.
    const fresh = table(await exportSheet('aurelia-delegate'));
    const retried = await importSheet('aurelia-delegate', fresh.edit([TEMPLATE, 'progress', '90']));
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ applied: 1, events: 1 });
  });

  it('given a hand-made sheet without versions, when it changes a value, then it is applied as before', async () => {
    const calendar = await commitment('aurelia-delegate', CALENDAR);
    const response = await importSheet('aurelia-delegate', `id,progress\r\n${calendar.id},70\r\n`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ rows: 1, applied: 1, unchanged: 0, events: 1 });
    expect((await commitment('aurelia-observer', CALENDAR)).state.progress).toBe(70);
  });

  it('given an exported sheet, when a row of the other party or a withdrawn one is edited, then it is refused naming its row once', async () => {
    const sheet = table(await exportSheet('aurelia-delegate'));
    const before = await recordHead();
    const theirs = await importSheet('aurelia-delegate', sheet.edit([LIAISON, 'progress', '80'], [CALENDAR, 'progress', '75']));
    expect(theirs.statusCode, theirs.body).toBe(409);
    const problem = theirs.json() as { code: string; detail: string; errors: { field: string; reason: string }[] };
    expect(problem.code).toBe('not_committing_party');
    expect(problem.detail).toBe(`row ${sheet.number(LIAISON)}: only boreas, the committing party, reports on this commitment`);
    expect(problem.errors).toEqual([{ field: `row ${sheet.number(LIAISON)}`, reason: 'only boreas, the committing party, reports on this commitment' }]);

    const withdrawn = await importSheet('aurelia-delegate', sheet.edit([DRILL, 'reference', 'X-1']));
    expect(withdrawn.statusCode, withdrawn.body).toBe(409);
    expect(withdrawn.json()).toMatchObject({ code: 'commitment_closed', detail: `row ${sheet.number(DRILL)}: the commitment is withdrawn` });
    expect(await recordHead()).toEqual(before);
  });

  it('skips a row of empty cells, as spreadsheets write one, and names an unknown commitment\'s row once', async () => {
    const sheet = await exportSheet('aurelia-delegate');
    const columns = sheet.split('\r\n')[0]!.split(',').length;
    const blank = await importSheet('aurelia-delegate', `${sheet}${','.repeat(columns - 1)}\r\n`);
    expect(blank.statusCode, blank.body).toBe(200);
    expect(blank.json()).toMatchObject({ applied: 0, events: 0 });

    const unknown = await importSheet('aurelia-delegate', 'id,progress\r\nno-such-commitment,5\r\n');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'commitment_not_found', detail: 'row 2, id: no commitment no-such-commitment' });
  });
});
