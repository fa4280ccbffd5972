// The unit file of the bulk import (`import:units`, POST /unit-imports): the server reads it, and the admin
// workbench offers its header as a template.

/**
 * The CSV header, in this order by convention (any order is read). Every column carries the POST /units field
 * of the same name; `holders` packs the holders as `holderKind;holderName;holderId;share` entries joined
 * with `|`, and `geometry` holds a GeoJSON Polygon or MultiPolygon (EPSG:4490) as JSON text.
 */
export const CSV_COLUMNS = [
  'unitNumber',
  'districtCode',
  'location',
  'landUse',
  'landGrade',
  'rightType',
  'termStart',
  'termEnd',
  'areaM2',
  'plotRatio',
  'buildingDensity',
  'greenRatio',
  'certificateNumber',
  'grantFeePaid',
  'investmentRatio',
  'holders',
  'geometry',
] as const;

/** Columns every CSV unit file has; the others may be left out. */
export const CSV_REQUIRED_COLUMNS = [
  'unitNumber',
  'districtCode',
  'location',
  'landUse',
  'rightType',
  'areaM2',
  'holders',
] as const;

/** holderKind values of a CSV holder entry; `party` names an existing party by its id in holderId. */
export const CSV_HOLDER_KINDS = ['person', 'organization', 'party'] as const;

export const CSV_HOLDER_SEPARATOR = '|';
export const CSV_HOLDER_PART_SEPARATOR = ';';
