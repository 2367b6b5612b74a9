/** One record of a CSV file, with the line it started on (1-based) for error reports. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Reads CSV as RFC 4180 writes it: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes (`""`); CRLF or LF line ends; a UTF-8 BOM (spreadsheets
 * write one) is dropped. Blank lines are skipped. One linear pass, no regular expression.
 * A quote left open at the end is reported by `unterminatedAt` (the line it opened on).
 */
export function readCsv(text: string): { records: CsvRecord[]; unterminatedAt: number | undefined } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let quoteLine = 0;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let at = 0; at < source.length; at++) {
    const char = source[at] as string;
    if (quoted) {
      if (char === '"' && source[at + 1] === '"') {
        field += '"';
        at++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[at + 1] === '\n') at++;
      endRecord();
      line++;
      recordLine = line;
    } else field += char;
  }
  if (quoted) return { records, unterminatedAt: quoteLine };
  if (field !== '' || fields.length > 0) endRecord();
  return { records, unterminatedAt: undefined };
}
