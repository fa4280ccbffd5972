import { CSV_COLUMNS } from '@app/domain';
import { csvLine } from '@app/registry';
import { SyntheticRegister, syntheticCsvRow } from '../../scripts/synthetic-register';
import { multipart } from './multipart';
import type { Platform } from './platform';

export interface UnitFile {
  csv: string;
  /** The unit numbers of the rows that are fine. */
  goodUnitNumbers: string[];
  /** The lines (the header is line 1) and fields of the rows that are not. */
  bad: { line: number; field: string }[];
}

/** One synthetic layout: files cut from different ordinals of it have parcels that never overlap. */
const REGISTER = new SyntheticRegister(1000);

/**
 * A small CSV of synthetic units, from the ordinal `first` on, in which two rows are broken: a unit number whose
 * parcel code is wrong, and an area that is not a number. Its parcels may overlap those of test/support/parcels,
 * so a scenario uses one or the other.
 */
export function unitCsvWithProblems(good: number, first = 0): UnitFile {
  const units = Array.from({ length: good + 2 }, (_, index) => REGISTER.unit(first + index));
  const badNumber = 1;
  const badArea = good;
  units[badNumber] = { ...units[badNumber], unitNumber: units[badNumber].unitNumber.replace('GB', 'GX') };
  units[badArea] = { ...units[badArea], areaM2: '十二亩' };
  return {
    csv: csvLine(CSV_COLUMNS) + units.map(syntheticCsvRow).join(''),
    goodUnitNumbers: units
      .filter((_, index) => index !== badNumber && index !== badArea)
      .map((unit) => unit.unitNumber),
    bad: [
      { line: badNumber + 2, field: 'unitNumber' },
      { line: badArea + 2, field: 'areaM2' },
    ],
  };
}

/** `POST /unit-imports` with one file, as the browser sends it. */
export async function uploadUnitFile(platform: Platform, token: string, fileName: string, content: Buffer) {
  const { payload, headers } = multipart(fileName, content, 'text/csv');
  const response = await platform.api!.inject({
    method: 'POST',
    url: '/api/v1/unit-imports',
    headers: { ...headers, authorization: `Bearer ${token}` },
    payload,
  });
  return { status: response.statusCode, body: response.json() };
}
