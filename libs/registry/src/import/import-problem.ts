/** One thing wrong with one input record: the report lists these as `line,field,reason`. */
export interface ImportProblem {
  /** The line of the input file where the record starts (for generated records: its ordinal). */
  line: number;
  /** The field as POST /units names it, e.g. `holders[1].party.idNumber`; `record` for the whole record. */
  field: string;
  /** Chinese first, then English; never an unmasked resident ID. */
  reason: string;
}

export function bilingual(zh: string, en: string): string {
  return `${zh} / ${en}`;
}

/**
 * A problem with the file as a whole (unreadable, unknown format, missing columns): the import stops, unlike a
 * problem with one record, which only rejects that record.
 */
export class UnitImportError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(bilingual(zh, en));
    this.name = 'UnitImportError';
  }
}
