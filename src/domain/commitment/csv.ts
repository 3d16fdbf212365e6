/**
 * Commitments as a spreadsheet, so a party can update many at once instead of one item at a
 * time by hand (trackers updated that way go stale). Export: one row per commitment with
 * its status at `now` (overdue included) and its `version` (the aggregate's version, the
 * ETag of its read endpoint). Import: each row is compared with its commitment as it is
 * now (`compareCommitmentCsvRow`); the values that differ become update/deliver commands for
 * the node to decide; every problem is reported by row and column.
 *
 * Editable: progress, review_date, reference, and evidence.<lang> / evidence_links on a row
 * whose delivered_at is empty — that claims delivery (to deliver a disputed commitment again,
 * clear delivered_at and give the new evidence). An empty cell changes nothing, nor does a
 * wholly empty row. A row whose editable values equal the commitment's is unchanged and
 * skipped — the other party's rows and closed commitments included — so an exported sheet
 * can be edited in a few cells and imported whole.
 *
 * `version` guards against undoing a newer change: a row that changes something but carries
 * an older version than its commitment's is stale, and refused. A row without a version (a
 * hand-made sheet, or no version column) is not checked: it asks for its values as they are.
 * The other columns are for reading and are ignored on import; unknown columns are refused.
 *
 * The other party's text ends up in this party's spreadsheet, so a cell that a spreadsheet
 * would run as a formula (=, +, -, @ …) is written with a leading apostrophe, removed again on import.
 */
import { canonicalize } from '../../record/index.js';
import { DomainError, invalid } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import type { CommitmentCommand } from './decide.js';
import { checkDate, checkLink, checkProgress, checkReference, MAX_LINKS } from './fields.js';
import { readCsv, writeCsv } from './rfc4180.js';
import { statusAt, type CommitmentState, type Evidence } from './state.js';

/** One row's update, for the node to turn into `update` and `deliver` commands. */
export interface CommitmentCsvRow {
  /** Spreadsheet row number (the header is row 1). */
  readonly row: number;
  readonly id: string;
  /** The commitment's version when the row was exported; absent in a hand-made row. */
  readonly version?: number;
  readonly progress?: number;
  readonly reviewDate?: string;
  readonly reference?: string;
  readonly deliver?: { readonly evidence: Evidence };
}

export interface CommitmentCsvError {
  readonly row: number;
  /** The column at fault; null when the whole row is (e.g. a wrong number of fields). */
  readonly column: string | null;
  readonly code: string;
  /** e.g. `must be an integer 0–100`. */
  readonly reason: string;
  /** e.g. `row 3, progress: must be an integer 0–100`. */
  readonly message: string;
}

export interface CommitmentCsvResult {
  readonly rows: CommitmentCsvRow[];
  readonly errors: CommitmentCsvError[];
}

/** A commitment with its aggregate version, as the store reads it. */
export interface VersionedCommitment {
  readonly state: CommitmentState;
  readonly version: number;
}

const FIXED = ['id', 'version', 'committing_party', 'due', 'status', 'progress', 'review_date', 'reference', 'delivered_at', 'evidence_links'];
const FORMULA = /^'*[=+\-@\t\r]/;

const protect = (cell: string): string => (FORMULA.test(cell) ? `'${cell}` : cell);
const unprotect = (cell: string): string => (cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell);

function languages(texts: readonly ({ [lang: string]: string } | null | undefined)[]): string[] {
  return [...new Set(texts.flatMap((t) => Object.keys(t ?? {})))].sort();
}

export function commitmentsToCsv(commitments: readonly VersionedCommitment[], now: Date): string {
  const states = commitments.map((c) => c.state);
  const titleLangs = languages(states.map((s) => s.title));
  // Evidence columns in every title language too, so there is a cell to fill in to deliver.
  const evidenceLangs = languages([...states.map((s) => s.title), ...states.map((s) => s.evidence?.text)]);
  const header = [
    'id', 'version', 'committing_party', ...titleLangs.map((l) => `title.${l}`), 'due', 'status', 'progress', 'review_date',
    'reference', 'delivered_at', ...evidenceLangs.map((l) => `evidence.${l}`), 'evidence_links',
  ];
  const rows = commitments.map(({ state: s, version }) => [
    s.id, String(version), s.party ?? '', ...titleLangs.map((l) => s.title?.[l] ?? ''), s.due ?? '', statusAt(s, now), String(s.progress),
    s.reviewDate ?? '', s.reference ?? '', s.deliveredAt ?? '', ...evidenceLangs.map((l) => s.evidence?.text?.[l] ?? ''),
    (s.evidence?.links ?? []).join(' '),
  ].map(protect));
  return writeCsv([header, ...rows]);
}

function error(row: number, column: string | null, code: string, reason: string): CommitmentCsvError {
  return { row, column, code, reason, message: `row ${row}${column === null ? '' : `, ${column}`}: ${reason}` };
}

/** A DomainError names its field (our fields are the column names) and prefixes its message with it. */
function fromDomain(row: number, column: string, e: unknown): CommitmentCsvError {
  if (!(e instanceof DomainError)) throw e;
  const reason = e.field !== undefined && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
  return error(row, e.field ?? column, e.code, reason);
}

function checkHeader(names: readonly string[]): CommitmentCsvError[] {
  const errors: CommitmentCsvError[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const column = name === '' ? `column ${i + 1}` : name;
    if (seen.has(name)) errors.push(error(1, column, 'column_duplicate', 'appears twice'));
    seen.add(name);
    const text = /^(title|evidence)\.(.*)$/.exec(name);
    if (text) {
      try {
        checkMultilingualText({ [text[2]!]: 'x' }, text[1]!);
      } catch (e) {
        errors.push(fromDomain(1, column, e));
      }
    } else if (!FIXED.includes(name)) {
      errors.push(error(1, column, 'column_unknown', `unknown column; the columns are ${FIXED.slice(0, 3).join(', ')}, title.<language>, ${FIXED.slice(3).join(', ')}, evidence.<language>`));
    }
  });
  if (!seen.has('id')) errors.push(error(1, 'id', 'id_column_missing', 'the header needs an id column'));
  return errors;
}

export function parseCommitmentCsv(text: string): CommitmentCsvResult {
  const read = readCsv(text);
  if (!read.ok) return { rows: [], errors: [error(read.row, null, 'csv_malformed', read.reason)] };
  const [header, ...records] = read.records;
  if (!header) return { rows: [], errors: [error(1, null, 'header_missing', 'the file is empty; it needs a header row')] };
  const names = header.fields.map((name) => name.trim());
  const headerErrors = checkHeader(names);
  if (headerErrors.length > 0) return { rows: [], errors: headerErrors };

  const rows: CommitmentCsvRow[] = [];
  const errors: CommitmentCsvError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, fields } of records) {
    // Spreadsheets write a line of commas for a row they consider empty.
    if (fields.every((field) => field.trim() === '')) continue;
    if (fields.length !== names.length) {
      errors.push(error(row, null, 'field_count', `has ${fields.length} fields; the header has ${names.length}`));
      continue;
    }
    const cells = new Map(names.map((name, i) => [name, unprotect(fields[i]!)]));
    const cell = (name: string): string => cells.get(name) ?? '';
    const before = errors.length;
    const attempt = <T>(column: string, check: () => T): T | undefined => {
      try {
        return check();
      } catch (e) {
        errors.push(fromDomain(row, column, e));
        return undefined;
      }
    };
    const id = cell('id').trim();
    if (id === '') errors.push(error(row, 'id', 'id_missing', 'every row needs the commitment id'));
    else if (firstRowOf.has(id)) errors.push(error(row, 'id', 'id_duplicate', `the same commitment is on row ${firstRowOf.get(id)}`));
    else firstRowOf.set(id, row);

    const update: { -readonly [K in keyof CommitmentCsvRow]: CommitmentCsvRow[K] } = { row, id };
    const version = cell('version').trim();
    if (version !== '') {
      if (/^\d{1,15}$/.test(version)) update.version = Number(version);
      else errors.push(error(row, 'version', 'version_invalid', 'must be the version exported with the row (a whole number), or empty'));
    }
    const progress = cell('progress').trim();
    if (progress !== '') {
      const value = attempt('progress', () => checkProgress(/^\d{1,3}$/.test(progress) ? Number(progress) : NaN, 'progress'));
      if (value !== undefined) update.progress = value;
    }
    const reviewDate = cell('review_date').trim();
    if (reviewDate !== '') {
      const value = attempt('review_date', () => checkDate(reviewDate, 'review_date'));
      if (value !== undefined) update.reviewDate = value;
    }
    const reference = cell('reference');
    if (reference.trim() !== '') {
      const value = attempt('reference', () => checkReference(reference, 'reference'));
      if (value !== undefined) update.reference = value;
    }
    if (cell('delivered_at').trim() === '') {
      const evidence = readEvidence(names, cell, attempt);
      if (evidence) update.deliver = { evidence };
    }
    if (errors.length > before) continue;
    const { progress: p, reviewDate: r, reference: f, deliver: d } = update;
    if (p !== undefined || r !== undefined || f !== undefined || d !== undefined) rows.push(update);
  }
  return { rows, errors };
}

/** What a row asks of its commitment as it is now: see the module comment. */
export type CommitmentCsvChange =
  | { readonly type: 'unchanged' }
  | { readonly type: 'stale'; readonly error: CommitmentCsvError }
  /** The commands for the values that differ: an update with only those, then a delivery. */
  | { readonly type: 'changed'; readonly commands: readonly CommitmentCommand[] };

/**
 * Compares a row's editable values with the commitment's. Equal values are no change, so
 * who may change the commitment and whether it is still open are not asked: the node's
 * decider asks that of the commands of a changed row. A changed row whose version is not
 * the commitment's is stale (a row without a version is not checked).
 */
export function compareCommitmentCsvRow(row: CommitmentCsvRow, current: VersionedCommitment): CommitmentCsvChange {
  const { state } = current;
  const update: { progress?: number; reviewDate?: string; reference?: string } = {};
  if (row.progress !== undefined && row.progress !== state.progress) update.progress = row.progress;
  if (row.reviewDate !== undefined && row.reviewDate !== state.reviewDate) update.reviewDate = row.reviewDate;
  if (row.reference !== undefined && row.reference !== state.reference) update.reference = row.reference;
  // An empty delivered_at with evidence claims delivery, unless it repeats an unclaimed state's evidence.
  const isDelivering = row.deliver !== undefined
    && (state.deliveredAt !== null || canonicalize(row.deliver.evidence) !== canonicalize(state.evidence));
  const commands: CommitmentCommand[] = [
    ...(Object.keys(update).length > 0 ? [{ type: 'update' as const, ...update }] : []),
    ...(isDelivering ? [{ type: 'deliver' as const, evidence: row.deliver!.evidence }] : []),
  ];
  if (commands.length === 0) return { type: 'unchanged' };
  if (row.version !== undefined && row.version !== current.version) {
    return { type: 'stale', error: error(row.row, 'version', 'version_stale',
      `the commitment changed since this row was exported (version ${row.version}, now ${current.version}); export again and redo this row`) };
  }
  return { type: 'changed', commands };
}

type Attempt = <T>(column: string, check: () => T) => T | undefined;

/** Evidence from the evidence.<lang> and evidence_links cells; undefined when they are all empty. */
function readEvidence(names: readonly string[], cell: (name: string) => string, attempt: Attempt): Evidence | undefined {
  const text: { [lang: string]: string } = {};
  for (const name of names) {
    if (name.startsWith('evidence.') && cell(name).trim() !== '') text[name.slice('evidence.'.length)] = cell(name);
  }
  const links = cell('evidence_links').split(/\s+/).filter((link) => link !== '');
  if (Object.keys(text).length === 0 && links.length === 0) return undefined;
  const checkedText = Object.keys(text).length === 0 ? undefined : attempt('evidence', () => checkMultilingualText(text, 'evidence'));
  const checkedLinks = attempt('evidence_links', () => {
    if (links.length > MAX_LINKS) throw invalid('too_many_links', 'evidence_links', `at most ${MAX_LINKS} links`);
    return links.map((link) => checkLink(link, 'evidence_links'));
  });
  if ((Object.keys(text).length > 0 && !checkedText) || !checkedLinks) return undefined;
  return { ...(checkedText ? { text: { ...checkedText } } : {}), ...(checkedLinks.length > 0 ? { links: checkedLinks } : {}) };
}
