/** RFC 4180 CSV, the dialect spreadsheet programs read and write: comma, double quotes doubled inside quotes. */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

/**
 * A record is complete when it holds an even number of double quotes: an odd count means a quoted cell
 * continues on the next line.
 */
export function isCompleteCsvRecord(text: string): boolean {
  let quotes = 0;
  for (let index = text.indexOf('"'); index !== -1; index = text.indexOf('"', index + 1)) quotes += 1;
  return quotes % 2 === 0;
}

/** The cells of one complete record, or null when a quoted cell is followed by anything but a comma. */
export function parseCsvRecord(text: string): string[] | null {
  const cells: string[] = [];
  let position = 0;
  for (;;) {
    if (text[position] === '"') {
      let cell = '';
      let from = position + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return null;
        cell += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          cell += '"';
          from = quote + 2;
          continue;
        }
        position = quote + 1;
        break;
      }
      cells.push(cell);
      if (position === text.length) return cells;
      if (text[position] !== ',') return null;
      position += 1;
    } else {
      const comma = text.indexOf(',', position);
      if (comma === -1) {
        cells.push(text.slice(position));
        return cells;
      }
      cells.push(text.slice(position, comma));
      position = comma + 1;
    }
  }
}
