/**
 * Commitments as a spreadsheet, so a party can update many at once instead of one item at a
 * time by hand (trackers updated that way go stale). Export: one row per commitment with
 * its status at `now` (overdue included). Import: the editable columns become per-row update
 * commands for the node to decide; every problem is reported by row and column.
 *
 * Editable: progress, review_date, reference, and evidence.<lang> / evidence_links on a row
 * whose delivered_at is empty — that claims delivery (to deliver a disputed commitment again,
 * clear delivered_at and give the new evidence). An empty cell changes nothing. The other
 * columns are for reading and are ignored on import; unknown columns are refused.
 *
 * The other party's text ends up in this party's spreadsheet, so a cell that a spreadsheet
 * would run as a formula (=, +, -, @ …) is written with a leading apostrophe, removed again on import.
 */
import { DomainError, invalid } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import { checkDate, checkLink, checkProgress, checkReference, MAX_LINKS } from './fields.js';
import { readCsv, writeCsv } from './rfc4180.js';
import { statusAt, type CommitmentState, type Evidence } from './state.js';

/** One row's update, for the node to turn into `update` and `deliver` commands. */
export interface CommitmentCsvRow {
  /** Spreadsheet row number (the header is row 1). */
  readonly row: number;
  readonly id: string;
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
  /** e.g. `row 3, progress: must be an integer 0–100`. */
  readonly message: string;
}

export interface CommitmentCsvResult {
  readonly rows: CommitmentCsvRow[];
  readonly errors: CommitmentCsvError[];
}

const FIXED = ['id', 'committing_party', 'due', 'status', 'progress', 'review_date', 'reference', 'delivered_at', 'evidence_links'];
const FORMULA = /^'*[=+\-@\t\r]/;

const protect = (cell: string): string => (FORMULA.test(cell) ? `'${cell}` : cell);
const unprotect = (cell: string): string => (cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell);

function languages(texts: readonly ({ [lang: string]: string } | null | undefined)[]): string[] {
  return [...new Set(texts.flatMap((t) => Object.keys(t ?? {})))].sort();
}

export function commitmentsToCsv(states: readonly CommitmentState[], now: Date): string {
  const titleLangs = languages(states.map((s) => s.title));
  // Evidence columns in every title language too, so there is a cell to fill in to deliver.
  const evidenceLangs = languages([...states.map((s) => s.title), ...states.map((s) => s.evidence?.text)]);
  const header = [
    'id', 'committing_party', ...titleLangs.map((l) => `title.${l}`), 'due', 'status', 'progress', 'review_date',
    'reference', 'delivered_at', ...evidenceLangs.map((l) => `evidence.${l}`), 'evidence_links',
  ];
  const rows = states.map((s) => [
    s.id, s.party ?? '', ...titleLangs.map((l) => s.title?.[l] ?? ''), s.due ?? '', statusAt(s, now), String(s.progress),
    s.reviewDate ?? '', s.reference ?? '', s.deliveredAt ?? '', ...evidenceLangs.map((l) => s.evidence?.text?.[l] ?? ''),
    (s.evidence?.links ?? []).join(' '),
  ].map(protect));
  return writeCsv([header, ...rows]);
}

function error(row: number, column: string | null, code: string, reason: string): CommitmentCsvError {
  return { row, column, code, message: `row ${row}${column === null ? '' : `, ${column}`}: ${reason}` };
}

/** A DomainError names its field; our fields are the column names, so its message already reads `column: reason`. */
function fromDomain(row: number, column: string, e: unknown): CommitmentCsvError {
  if (!(e instanceof DomainError)) throw e;
  return { row, column: e.field ?? column, code: e.code, message: `row ${row}, ${e.message}` };
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
      errors.push(error(1, column, 'column_unknown', `unknown column; the columns are ${FIXED.slice(0, 2).join(', ')}, title.<language>, ${FIXED.slice(2).join(', ')}, evidence.<language>`));
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
    if (Object.keys(update).length > 2) rows.push(update);
  }
  return { rows, errors };
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
