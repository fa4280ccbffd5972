import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import {
  buildUnitNumber,
  computeResidentIdCheckChar,
  computeUsccCheckChar,
  CSV_COLUMNS,
  CSV_HOLDER_PART_SEPARATOR,
  CSV_HOLDER_SEPARATOR,
  DistrictCode,
  formatCertificateNumber,
  USCC_ALPHABET,
} from '@app/domain';
import { csvLine, SourceRecord, unitFileFormat } from '@app/registry';

/**
 * A synthetic but plausible Wuhai register for demos and benchmarks. Everything derives from the unit's ordinal
 * and a seed, so the same --units and seed always give the same file, and importing it twice adds nothing.
 */

export interface SyntheticParty {
  kind: 'person' | 'organization';
  name: string;
  idNumber?: string;
  uscc?: string;
}

export interface SyntheticUnit {
  unitNumber: string;
  districtCode: DistrictCode;
  location: string;
  landUse: string;
  landGrade: number;
  rightType: 'granted' | 'allocated';
  termStart: string;
  termEnd?: string;
  areaM2: string;
  plotRatio: string;
  buildingDensity: string;
  greenRatio: string;
  certificateNumber?: string;
  grantFeePaid: boolean;
  investmentRatio: string;
  holders: { party: SyntheticParty; share: string }[];
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}

export const DEFAULT_SEED = 20_260_101;

/**
 * Three strips of the city (longitude/latitude, EPSG:4490): Wuda west of the Yellow River, Haibowan north and
 * Hainan south on the east bank. `slots` out of every 20 units fall in the district, roughly its share of parcels.
 */
const DISTRICTS: {
  code: DistrictCode;
  zh: string;
  lon: [number, number];
  lat: [number, number];
  slots: number;
  roads: string[];
  parks: string[];
}[] = [
  {
    code: '150302',
    zh: '海勃湾区',
    lon: [106.83, 107.0],
    lat: [39.6, 39.8],
    slots: 9,
    roads: [
      '滨河大道',
      '新华大街',
      '人民路',
      '海北大街',
      '黄河街',
      '卧龙街',
      '千钊街',
      '甘德尔街',
      '林荫路',
      '滨河西路',
    ],
    parks: ['千里山工业园区'],
  },
  {
    code: '150304',
    zh: '乌达区',
    lon: [106.75, 106.83],
    lat: [39.4, 39.8],
    slots: 6,
    roads: ['苏海图街', '团结路', '五虎山路', '乌兰淖尔街', '梁家沟路', '巴音赛街', '新达路'],
    parks: ['乌达工业园区', '高新区乌达产业园'],
  },
  {
    code: '150303',
    zh: '海南区',
    lon: [106.83, 107.0],
    lat: [39.4, 39.6],
    slots: 5,
    roads: ['拉僧庙街', '公乌素路', '巴音陶亥街', '西卓子山街', '赛汗乌素路', '黄河东路'],
    parks: ['海南工业园区', '高新区低碳产业园'],
  },
];
const SLOTS_PER_CYCLE = DISTRICTS.reduce((sum, district) => sum + district.slots, 0);

interface LandUseProfile {
  code: string;
  weight: number;
  allocatedShare: number;
  termYears: number;
  plotRatio: [number, number];
  density: [number, number];
  green: [number, number];
  organizationShare: number;
}

/** Statutory maximum grant terms: 70 y residential, 50 y industrial and public, 40 y commercial. */
const LAND_USES: LandUseProfile[] = [
  lu('0701', 38, 0.05, 70, [1.2, 2.8], [18, 30], [30, 40], 0.12),
  lu('0501', 6, 0.02, 40, [1.5, 4], [35, 55], [15, 25], 0.7),
  lu('0503', 2, 0.02, 40, [1.2, 3], [35, 55], [15, 25], 0.6),
  lu('0504', 2, 0.02, 40, [1.5, 4], [30, 50], [20, 30], 0.8),
  lu('0505', 3, 0.02, 40, [2, 5], [35, 55], [15, 25], 0.9),
  lu('0507', 2, 0.02, 40, [1, 3], [30, 50], [15, 25], 0.6),
  lu('0601', 22, 0.12, 50, [0.6, 1.6], [35, 60], [8, 20], 0.95),
  lu('0602', 3, 0.2, 50, [0.3, 1], [20, 40], [8, 15], 1),
  lu('0604', 4, 0.1, 50, [0.5, 1.2], [40, 60], [8, 15], 0.95),
  lu('0801', 2, 0.9, 50, [0.8, 2], [20, 35], [30, 40], 1),
  lu('0803', 3, 0.9, 50, [0.5, 1.5], [20, 30], [35, 45], 1),
  lu('0805', 2, 0.85, 50, [0.8, 2.5], [25, 35], [35, 45], 1),
  lu('0809', 2, 0.9, 50, [0.2, 0.8], [20, 40], [20, 30], 1),
  lu('0810', 1, 1, 50, [0, 0.1], [0, 5], [60, 90], 1),
  lu('1005', 3, 0.6, 50, [0.2, 0.8], [10, 30], [10, 20], 1),
  lu('1009', 1, 0.8, 50, [0, 0.3], [5, 20], [10, 20], 1),
];
const LAND_USE_WEIGHT = LAND_USES.reduce((sum, use) => sum + use.weight, 0);

function lu(
  code: string,
  weight: number,
  allocatedShare: number,
  termYears: number,
  plotRatio: [number, number],
  density: [number, number],
  green: [number, number],
  organizationShare: number,
): LandUseProfile {
  return { code, weight, allocatedShare, termYears, plotRatio, density, green, organizationShare };
}

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [
  ...'建国华明丽军伟芳娜敏静秀英杰磊强洋艳勇涛超霞平刚桂兰玉梅志红海燕鹏辉波宇浩凯晶晨旭东亮丹雪婷琳颖瑞斌斌峰鑫',
];
const MONGOLIAN_NAMES = [
  '巴特尔',
  '乌云',
  '其木格',
  '额尔敦',
  '苏日娜',
  '满都拉',
  '宝音',
  '萨仁',
  '图雅',
  '那仁',
];
const ORG_PREFIXES = ['乌海市', '内蒙古', '乌海', '海勃湾区', '乌达区', '海南区'];
const ORG_WORDS = [...'宏鑫华泰源达兴盛恒瑞利通海金隆昌丰广联创新中远和安德信佳祥'];
const ORG_TRADES = [
  '煤化',
  '建材',
  '物流',
  '商贸',
  '能源',
  '化工',
  '房地产开发',
  '机械制造',
  '冶金',
  '新材料',
  '电力',
  '酒店管理',
  '置业',
  '矿业',
  '陶瓷',
];
const ORG_FORMS = ['有限公司', '有限责任公司', '股份有限公司'];
const PERSON_REGIONS = [
  '150302',
  '150302',
  '150302',
  '150303',
  '150303',
  '150304',
  '150304',
  '150300',
  '152701',
  '640202',
];
const ORG_REGIONS: DistrictCode[] = ['150302', '150303', '150304'];
const BIRTH_DAYS = 20_000;
const BIRTH_EPOCH = Date.UTC(1945, 0, 1);
const DAY_MS = 86_400_000;

/** A small, fast, seedable generator: the register must be the same on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function mix(seed: number, index: number, stream: number): number {
  let h =
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^
    Math.imul(index + 1, 0xc2b2ae35) ^
    Math.imul(stream, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function between(random: () => number, [low, high]: [number, number], places: number): string {
  return (low + random() * (high - low)).toFixed(places);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A person of the synthetic population; the same ordinal is always the same person, with a unique ID. */
export function syntheticPerson(ordinal: number, seed = DEFAULT_SEED): SyntheticParty {
  const random = mulberry32(mix(seed, ordinal, 1));
  const birth = new Date(BIRTH_EPOCH + (ordinal % BIRTH_DAYS) * DAY_MS)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const serial = String(Math.floor(ordinal / BIRTH_DAYS) % 1000).padStart(3, '0');
  const body = `${pick(random, PERSON_REGIONS)}${birth}${serial}`;
  const name =
    random() < 0.06
      ? pick(random, MONGOLIAN_NAMES)
      : pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.7 ? pick(random, GIVEN) : '');
  return { kind: 'person', name, idNumber: body + computeResidentIdCheckChar(body) };
}

/** An organization; its credit code carries the ordinal, so codes never collide. */
export function syntheticOrganization(ordinal: number, seed = DEFAULT_SEED): SyntheticParty {
  const random = mulberry32(mix(seed, ordinal, 2));
  const uscc = usccWithOrdinal(`91${pick(random, ORG_REGIONS)}MA`, ordinal);
  const name =
    pick(random, ORG_PREFIXES) +
    pick(random, ORG_WORDS) +
    pick(random, ORG_WORDS) +
    pick(random, ORG_TRADES) +
    pick(random, ORG_FORMS);
  return { kind: 'organization', name, uscc };
}

/** A credit code whose last seven body characters spell the ordinal in base 31, so codes never collide. */
export function usccWithOrdinal(prefix: string, ordinal: number): string {
  let code = '';
  for (let rest = ordinal, i = 0; i < 7; i++, rest = Math.floor(rest / USCC_ALPHABET.length)) {
    code = USCC_ALPHABET[rest % USCC_ALPHABET.length] + code;
  }
  const body = prefix + code;
  return body + computeUsccCheckChar(body);
}

/** CGCS2000 ellipsoid: metres per degree at a latitude, to lay out parcels and declare their areas. */
const SEMI_MAJOR_AXIS = 6_378_137;
const ECCENTRICITY_SQUARED = 0.0066943800229;

function metresPerDegree(latitude: number): { lon: number; lat: number } {
  const phi = (latitude * Math.PI) / 180;
  const w = 1 - ECCENTRICITY_SQUARED * Math.sin(phi) ** 2;
  const meridian = (SEMI_MAJOR_AXIS * (1 - ECCENTRICITY_SQUARED)) / w ** 1.5;
  const primeVertical = SEMI_MAJOR_AXIS / Math.sqrt(w);
  return { lon: (primeVertical * Math.cos(phi) * Math.PI) / 180, lat: (meridian * Math.PI) / 180 };
}

function ringArea(ring: number[][], scale: { lon: number; lat: number }): number {
  let twice = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return (Math.abs(twice) / 2) * scale.lon * scale.lat;
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

function rectangle(x0: number, y0: number, x1: number, y1: number): number[][] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ].map(([x, y]) => [round7(x), round7(y)]);
}

interface Grid {
  district: (typeof DISTRICTS)[number];
  columns: number;
  cellLon: number;
  cellLat: number;
}

/** Cells sized so the expected number of the district's parcels fills its strip. */
function gridsFor(units: number): Grid[] {
  const cycles = Math.ceil(units / SLOTS_PER_CYCLE);
  return DISTRICTS.map((district) => {
    const count = Math.max(1, cycles * district.slots);
    const scale = metresPerDegree((district.lat[0] + district.lat[1]) / 2);
    const width = (district.lon[1] - district.lon[0]) * scale.lon;
    const height = (district.lat[1] - district.lat[0]) * scale.lat;
    const cell = Math.sqrt((width * height) / count);
    const columns = Math.max(1, Math.floor(width / cell));
    const rows = Math.ceil(count / columns);
    return {
      district,
      columns,
      cellLon: (district.lon[1] - district.lon[0]) / columns,
      cellLat: (district.lat[1] - district.lat[0]) / rows,
    };
  });
}

/**
 * The parcel inside its cell, leaving a road margin so neighbours never touch: mostly rectangles, some L-shaped,
 * irregular quadrilaterals, courtyards (a hole) and two-part parcels (MultiPolygon).
 */
function parcel(
  random: () => number,
  x: number,
  y: number,
  width: number,
  height: number,
): SyntheticUnit['geometry'] {
  const marginX = width * (0.08 + random() * 0.1);
  const marginY = height * (0.08 + random() * 0.1);
  const [x0, y0, x1, y1] = [x + marginX, y + marginY, x + width - marginX, y + height - marginY];
  const shape = random();
  if (shape < 0.65) return { type: 'Polygon', coordinates: [rectangle(x0, y0, x1, y1)] };
  if (shape < 0.8) {
    const notchX = x1 - (x1 - x0) * (0.3 + random() * 0.15);
    const notchY = y1 - (y1 - y0) * (0.3 + random() * 0.15);
    const ring = [
      [x0, y0],
      [x1, y0],
      [x1, notchY],
      [notchX, notchY],
      [notchX, y1],
      [x0, y1],
      [x0, y0],
    ].map(([px, py]) => [round7(px), round7(py)]);
    return { type: 'Polygon', coordinates: [ring] };
  }
  if (shape < 0.92) {
    const jitter = () => random() * 0.1;
    const w = x1 - x0;
    const h = y1 - y0;
    const corners = [
      [x0 + w * jitter(), y0 + h * jitter()],
      [x1 - w * jitter(), y0 + h * jitter()],
      [x1 - w * jitter(), y1 - h * jitter()],
      [x0 + w * jitter(), y1 - h * jitter()],
    ].map(([px, py]) => [round7(px), round7(py)]);
    return { type: 'Polygon', coordinates: [[...corners, corners[0]]] };
  }
  if (shape < 0.95) {
    const w = x1 - x0;
    const h = y1 - y0;
    const hole = rectangle(x0 + w * 0.35, y0 + h * 0.35, x0 + w * 0.65, y0 + h * 0.65).reverse();
    return { type: 'Polygon', coordinates: [rectangle(x0, y0, x1, y1), hole] };
  }
  const split = y0 + (y1 - y0) * (0.4 + random() * 0.2);
  const gap = (y1 - y0) * 0.08;
  return {
    type: 'MultiPolygon',
    coordinates: [[rectangle(x0, y0, x1, split - gap / 2)], [rectangle(x0, split + gap / 2, x1, y1)]],
  };
}

function geometryArea(geometry: SyntheticUnit['geometry'], scale: { lon: number; lat: number }): number {
  const polygons = (
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  ) as number[][][][];
  let area = 0;
  for (const [outer, ...holes] of polygons) {
    area += ringArea(outer, scale);
    for (const hole of holes) area -= ringArea(hole, scale);
  }
  return area;
}

function chooseLandUse(random: () => number): LandUseProfile {
  let draw = random() * LAND_USE_WEIGHT;
  for (const use of LAND_USES) {
    draw -= use.weight;
    if (draw < 0) return use;
  }
  return LAND_USES[0];
}

const CO_OWNED_SHARES = [
  ['0.5', '0.5'],
  ['0.33333333', '0.33333333', '0.33333334'],
];
const FIRST_GRANT = Date.UTC(1994, 0, 1);
const LAST_GRANT = Date.UTC(2024, 11, 31);
const CERTIFICATE_YEARS = 10;
const FIRST_CERTIFICATE_YEAR = 2016;
const YIELD_EVERY_UNITS = 250;

export class SyntheticRegister {
  private readonly grids: Grid[];
  private readonly persons: number;
  private readonly organizations: number;

  constructor(
    readonly units: number,
    readonly seed = DEFAULT_SEED,
  ) {
    this.grids = gridsFor(units);
    this.persons = Math.max(10, Math.ceil(units * 0.75));
    this.organizations = Math.max(10, Math.ceil(units * 0.06));
  }

  unit(ordinal: number): SyntheticUnit {
    const random = mulberry32(mix(this.seed, ordinal, 0));
    const cycle = Math.floor(ordinal / SLOTS_PER_CYCLE);
    let slot = ordinal % SLOTS_PER_CYCLE;
    let gridIndex = 0;
    while (slot >= this.grids[gridIndex].district.slots) slot -= this.grids[gridIndex++].district.slots;
    const grid = this.grids[gridIndex];
    const { district } = grid;
    const position = cycle * district.slots + slot;
    const row = Math.floor(position / grid.columns);
    const column = position % grid.columns;
    const buildingCode = random() < 0.4 ? 'F' : 'W';
    const unitNumber = buildUnitNumber({
      districtCode: district.code,
      cadastralZone: Math.floor(row / 40) + 1,
      cadastralSubzone: Math.floor(column / 40) + 1,
      parcelSequence: (row % 40) * 40 + (column % 40) + 1,
      buildingCode,
      buildingUnitSequence: buildingCode === 'F' ? 10_001 : 0,
    });

    const geometry = parcel(
      random,
      district.lon[0] + column * grid.cellLon,
      district.lat[0] + row * grid.cellLat,
      grid.cellLon,
      grid.cellLat,
    );
    const scale = metresPerDegree(district.lat[0] + (row + 0.5) * grid.cellLat);
    const declared = geometryArea(geometry, scale) * (1 + (random() - 0.5) * 0.016);

    const use = chooseLandUse(random);
    const rightType = random() < use.allocatedShare ? 'allocated' : 'granted';
    const start = new Date(
      FIRST_GRANT + Math.floor(random() * ((LAST_GRANT - FIRST_GRANT) / DAY_MS)) * DAY_MS,
    );
    const end = new Date(start);
    end.setUTCFullYear(end.getUTCFullYear() + use.termYears);
    end.setUTCDate(end.getUTCDate() - 1);

    const industrialPark = use.code.startsWith('06') && random() < 0.4;
    const location = industrialPark
      ? `乌海高新技术产业开发区${pick(random, district.parks)}${1 + Math.floor(random() * 300)}号地块`
      : `${district.zh}${pick(random, district.roads)}${1 + Math.floor(random() * 2000)}号`;

    return {
      unitNumber,
      districtCode: district.code,
      location,
      landUse: use.code,
      landGrade: 1 + Math.floor(random() ** 1.5 * 6),
      rightType,
      termStart: isoDate(start.getTime()),
      ...(rightType === 'granted' ? { termEnd: isoDate(end.getTime()) } : {}),
      areaM2: declared.toFixed(2),
      plotRatio: between(random, use.plotRatio, 2),
      buildingDensity: between(random, use.density, 2),
      greenRatio: between(random, use.green, 2),
      ...(random() < 0.96
        ? {
            certificateNumber: formatCertificateNumber({
              series: 'right',
              year: FIRST_CERTIFICATE_YEAR + (ordinal % CERTIFICATE_YEARS),
              sequence: Math.floor(ordinal / CERTIFICATE_YEARS) + 1,
            }),
          }
        : {}),
      grantFeePaid: rightType === 'granted' && random() < 0.95,
      investmentRatio: rightType === 'granted' && random() < 0.2 ? between(random, [0.05, 0.95], 4) : '1',
      holders: this.holders(random, use),
      geometry,
    };
  }

  private holders(random: () => number, use: LandUseProfile): SyntheticUnit['holders'] {
    if (random() < use.organizationShare) {
      const first = Math.floor(random() * this.organizations);
      if (random() < 0.05) {
        return [
          { party: syntheticOrganization(first, this.seed), share: '0.6' },
          { party: syntheticOrganization((first + 1) % this.organizations, this.seed), share: '0.4' },
        ];
      }
      return [{ party: syntheticOrganization(first, this.seed), share: '1' }];
    }
    const first = Math.floor(random() * this.persons);
    const shares = random() < 0.15 ? pick(random, CO_OWNED_SHARES) : ['1'];
    return shares.map((share, index) => ({
      party: syntheticPerson((first + index) % this.persons, this.seed),
      share,
    }));
  }

  /**
   * The units as import records, numbered from 1. It yields to the event loop now and then, so a batch already
   * handed to PostgreSQL makes progress while the next one is generated.
   */
  async *records(): AsyncGenerator<SourceRecord> {
    for (let ordinal = 0; ordinal < this.units; ordinal++) {
      if (ordinal % YIELD_EVERY_UNITS === 0) await new Promise((resolve) => setImmediate(resolve));
      yield { line: ordinal + 1, fields: this.unit(ordinal) as unknown as Record<string, unknown> };
    }
  }
}

function csvHolders(unit: SyntheticUnit): string {
  return unit.holders
    .map(({ party, share }) =>
      [party.kind, party.name, party.idNumber ?? party.uscc, share].join(CSV_HOLDER_PART_SEPARATOR),
    )
    .join(CSV_HOLDER_SEPARATOR);
}

export function syntheticCsvRow(unit: SyntheticUnit): string {
  const values: Partial<Record<(typeof CSV_COLUMNS)[number], string | number | boolean>> = {
    ...unit,
    holders: csvHolders(unit),
    geometry: JSON.stringify(unit.geometry),
  };
  return csvLine(CSV_COLUMNS.map((column) => values[column]));
}

export function syntheticFeature(unit: SyntheticUnit): string {
  const { geometry, ...properties } = unit;
  return JSON.stringify({ type: 'Feature', properties, geometry });
}

const WRITE_CHUNK_UNITS = 500;

/**
 * Streams the register to a CSV or GeoJSON file (by extension), one feature per line in GeoJSON so reports can
 * name lines, without ever holding more than a chunk in memory.
 */
export async function writeSyntheticFile(
  register: SyntheticRegister,
  path: string,
  onProgress?: (written: number) => void,
): Promise<void> {
  const format = unitFileFormat(path);
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const finished = once(out, 'finish');
  await write(
    format === 'csv'
      ? csvLine(CSV_COLUMNS)
      : '{"type":"FeatureCollection","name":"wuhai-synthetic-register","features":[\n',
  );
  let chunk = '';
  for (let ordinal = 0; ordinal < register.units; ordinal++) {
    const unit = register.unit(ordinal);
    if (format === 'csv') chunk += syntheticCsvRow(unit);
    else chunk += `${ordinal ? ',\n' : ''}${syntheticFeature(unit)}`;
    if ((ordinal + 1) % WRITE_CHUNK_UNITS === 0) {
      await write(chunk);
      chunk = '';
      onProgress?.(ordinal + 1);
    }
  }
  await write(format === 'csv' ? chunk : `${chunk}\n]}\n`);
  onProgress?.(register.units);
  out.end();
  await finished;
}

/**
 * Listings of the synthetic register (`seed:bulk --listings`). seed:bulk draws them in SQL from a hash of the unit
 * number, like the encumbrances, so these are only the vocabulary and the price model they are drawn from.
 * Descriptions are what sellers write: first what the parcel is, by GB/T 21010 class, then two selling points.
 */
export const LISTING_PHRASES_BY_CLASS: Readonly<Record<string, readonly string[]>> = {
  '05': ['商业门面', '临街商铺', '沿街商业用地', '酒店用地', '写字楼用地', '商业综合体用地', '加油站用地'],
  '06': [
    '工业厂房',
    '园区标准化厂房',
    '仓储用地',
    '物流仓库',
    '重型钢结构厂房',
    '化工园区用地',
    '煤化工配套用地',
  ],
  '07': ['住宅用地', '成熟社区住宅用地', '滨河住宅用地', '低密度住宅用地'],
  '08': ['公共服务设施用地', '教育用地', '医疗卫生用地', '文化设施用地'],
  '10': ['交通场站用地', '停车场用地', '物流场站用地'],
  '*': ['闲置地块', '整宗转让地块', '平整净地'],
};
export const LISTING_SELLING_POINTS: readonly string[] = [
  '交通便利',
  '临街',
  '滨河',
  '水电齐全',
  '手续齐全',
  '配套完善',
  '地势平坦',
  '近高速出口',
  '近铁路专用线',
  '可分期付款',
  '周边企业聚集',
  '已通天然气',
  '三通一平',
];

/** The log-normal whose central 95 % runs from `low` to `high`: median √(low·high), σ of the log from the ratio. */
function logNormalBetween(low: number, high: number): { median: number; sigma: number } {
  return { median: Math.round(Math.sqrt(low * high)), sigma: Math.log(high / low) / (2 * 1.96) };
}

/** Asking prices in yuan: transfers of 1–20 million, annual rents of 50 thousand–2 million. */
export const LISTING_PRICES = {
  transfer: logNormalBetween(1_000_000, 20_000_000),
  lease: logNormalBetween(50_000, 2_000_000),
} as const;
