/**
 * CSV as RFC 4180 writes it, read and written by hand so the reading rules are ours to
 * state: quoted fields may hold commas, quotes ("") and line breaks; lines end in CRLF or
 * LF; a leading BOM is ignored. Records are numbered as a spreadsheet numbers rows (the
 * header is row 1, a quoted line break does not start a new row), so errors point at the
 * row a person sees. Blank lines are skipped but still counted.
 */

export type CsvRecord = { readonly row: number; readonly fields: string[] };
export type CsvReadResult =
  | { readonly ok: true; readonly records: CsvRecord[] }
  | { readonly ok: false; readonly row: number; readonly reason: string };

export function readCsv(input: string): CsvReadResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let row = 1;
  let i = 0;
  let isBlank = true; // the current record so far is one empty, unquoted field
  while (i <= text.length) {
    let field: string;
    if (text[i] === '"') {
      field = '';
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote < 0) return { ok: false, row, reason: 'a quoted field is not closed' };
        field += text.slice(j, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          j = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      isBlank = false;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        return { ok: false, row, reason: 'after a closing quote, expected a comma or the end of the line' };
      }
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') j++;
      field = text.slice(i, j);
      if (field.includes('"')) return { ok: false, row, reason: 'a quote inside an unquoted field: quote the whole field and double the quote ("")' };
      if (field !== '') isBlank = false;
      i = j;
    }
    fields.push(field);
    if (text[i] === ',') {
      isBlank = false;
      i++;
      continue;
    }
    // End of a record: a line break or the end of the text.
    if (!(isBlank && fields.length === 1)) records.push({ row, fields });
    fields = [];
    isBlank = true;
    if (i >= text.length) break;
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    row++;
    if (i === text.length) break; // a final line break ends the last record, it does not start one
  }
  return { ok: true, records };
}

function quote(field: string, alone: boolean): string {
  // A lone empty field is quoted so the record does not read back as a blank line.
  return /[",\r\n]/.test(field) || (alone && field === '') ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Every record ends in CRLF, as RFC 4180 writes it. */
export function writeCsv(records: readonly (readonly string[])[]): string {
  return records.map((fields) => `${fields.map((f) => quote(f, fields.length === 1)).join(',')}\r\n`).join('');
}
