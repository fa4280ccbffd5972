import { csvCell, csvLine, isCompleteCsvRecord, parseCsvRecord } from './csv';

describe('CSV cells', () => {
  it('reads plain, empty and quoted cells, with commas, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsvRecord('a,,"b,c","say ""hi""","x\ny"')).toEqual(['a', '', 'b,c', 'say "hi"', 'x\ny']);
    expect(parseCsvRecord('')).toEqual(['']);
    expect(parseCsvRecord('a,')).toEqual(['a', '']);
  });

  it('refuses a quoted cell followed by anything but a comma, and an unclosed quote', () => {
    expect(parseCsvRecord('"a"b,c')).toBeNull();
    expect(parseCsvRecord('"a')).toBeNull();
  });

  it('knows when a quoted cell continues on the next line', () => {
    expect(isCompleteCsvRecord('a,"b')).toBe(false);
    expect(isCompleteCsvRecord('a,"b\nc",d')).toBe(true);
    expect(isCompleteCsvRecord('a,"say ""hi"""')).toBe(true);
  });

  it('writes what it reads', () => {
    const values = ['plain', 'with,comma', 'with "quotes"', 'two\nlines', ' padded ', '海勃湾区'];
    expect(parseCsvRecord(csvLine(values).slice(0, -1))).toEqual(values);
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });
});
