import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCertificateNumber, IsDistrictCode, IsUnitNumber, PageQuery } from '@app/common';
import {
  IdentifierCheck,
  isConstructionLandUse,
  isLandUseClass,
  isShare,
  MATERIAL_CONDITIONS,
  MATERIAL_TYPES,
  MaterialCondition,
  MaterialType,
  REGISTRATION_KINDS,
  RegistrationKind,
  validateCertificateNumber,
  validateUnitNumber,
} from '@app/domain';
import { geometryProblem, GeoJsonPolygonal } from '@app/registry';
import { PartyDto, trim } from '../identity/identity.dto';

/** Stores the canonical spelling (trimmed, upper case, half-width brackets) so uniqueness cannot be dodged. */
const canonical = (check: (value: string) => IdentifierCheck) =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const result = check(value);
    return result.valid ? result.value : value;
  });

/** Positive decimals: a zero area or price is refused here rather than by a database CHECK. */
const AREA = /^(?=.*[1-9])[0-9]{1,10}(\.[0-9]{1,2})?$/;
export const MONEY = /^(?=.*[1-9])[0-9]{1,12}(\.[0-9]{1,2})?$/;
const PERCENT = /^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$/;
const RATIO = /^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$/;
const INDICATOR = /^[0-9]{1,3}(\.[0-9]{1,2})?$/;
/** Calendar dates as `YYYY-MM-DD`; `strict` also refuses dates that do not exist, such as 2026-02-30. */
export const DATE_OPTIONS = { strict: true, strictSeparator: true };
export const DATE_ONLY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function domainRule(name: string, test: (value: unknown) => string | null, zh: string) {
  return (): PropertyDecorator => (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => test(value) === null,
        defaultMessage: (args) => `${zh} / ${test(args?.value) ?? 'invalid'}`,
      },
    });
}

const IsConstructionLandUse = domainRule(
  'isLandUse',
  (value) =>
    typeof value === 'string' && isConstructionLandUse(value)
      ? null
      : 'must be a four-digit GB/T 21010 code of construction land (05xx–10xx)',
  '必须是 GB/T 21010 建设用地二级类编码',
);
const IsLandUseClass = domainRule(
  'isLandUseClass',
  (value) =>
    typeof value === 'string' && isLandUseClass(value) ? null : 'must be one of 05, 06, 07, 08, 09, 10',
  '必须是 GB/T 21010 建设用地一级类编码',
);
const IsShare = domainRule(
  'isShare',
  (value) =>
    typeof value === 'string' && isShare(value) ? null : 'must be a decimal in (0, 1] with up to 8 places',
  '份额必须是 0 至 1 之间的小数',
);
const IsParcelGeometry = domainRule(
  'isParcelGeometry',
  geometryProblem,
  '宗地图形必须是 EPSG:4490 的 GeoJSON 面',
);

/** A holder is either an existing party or a new one; both at once would leave one of them unchecked. */
export function WithoutParty(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'oneOfPartyIdOrParty',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (_value: unknown, args) => (args?.object as { party?: unknown }).party === undefined,
        defaultMessage: () => '只能填写 partyId 或 party 之一 / give either partyId or party, not both',
      },
    });
}

export class HolderDto {
  @ApiPropertyOptional({ description: '已有权利人 id' })
  @ValidateIf((holder: HolderDto) => holder.party === undefined || holder.partyId !== undefined)
  @WithoutParty()
  @IsUUID()
  partyId?: string;

  @ApiPropertyOptional({ type: PartyDto, description: '新权利人（与 partyId 二选一）' })
  @ValidateIf((holder: HolderDto) => holder.partyId === undefined || holder.party !== undefined)
  @ValidateNested()
  @Type(() => PartyDto)
  @IsObject()
  @IsDefined()
  party?: PartyDto;

  @ApiProperty({ example: '1', description: '共有份额，各权利人之和为 1' })
  @IsShare()
  share!: string;
}

export class CreateUnitDto {
  @ApiProperty({ example: '150302001001GB00001W00000000' })
  @canonical(validateUnitNumber)
  @IsUnitNumber()
  unitNumber!: string;

  @ApiProperty({ example: '150302' })
  @IsDistrictCode()
  districtCode!: string;

  @ApiProperty({ example: '海勃湾区滨河区某路以北' })
  @trim
  @MaxLength(300)
  @IsNotEmpty()
  @IsString()
  location!: string;

  @ApiProperty({ example: '0601', description: 'GB/T 21010-2017 二级类' })
  @IsConstructionLandUse()
  landUse!: string;

  @ApiPropertyOptional({ example: 3, description: '土地级别（用于基准地价）' })
  @IsOptional()
  @Max(20)
  @Min(1)
  @IsInt()
  landGrade?: number;

  @ApiProperty({ enum: ['granted', 'allocated'] })
  @IsIn(['granted', 'allocated'])
  rightType!: 'granted' | 'allocated';

  @ApiPropertyOptional({ example: '2015-06-01' })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601(DATE_OPTIONS)
  termStart?: string;

  @ApiPropertyOptional({ example: '2065-05-31' })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601(DATE_OPTIONS)
  termEnd?: string;

  @ApiProperty({ example: '12000.00' })
  @Matches(AREA, {
    message: '面积须为最多两位小数的正数 / must be a decimal string in m² with up to 2 places',
  })
  areaM2!: string;

  @ApiPropertyOptional({ example: '1.20' })
  @IsOptional()
  @Matches(INDICATOR)
  plotRatio?: string;

  @ApiPropertyOptional({ example: '35.00', description: '%' })
  @IsOptional()
  @Matches(PERCENT, { message: '须为 0 至 100 的百分数 / must be a percentage from 0 to 100' })
  buildingDensity?: string;

  @ApiPropertyOptional({ example: '20.00', description: '%' })
  @IsOptional()
  @Matches(PERCENT, { message: '须为 0 至 100 的百分数 / must be a percentage from 0 to 100' })
  greenRatio?: string;

  @ApiPropertyOptional({ description: 'GeoJSON Polygon 或 MultiPolygon，EPSG:4490 经纬度' })
  @IsOptional()
  @IsParcelGeometry()
  @IsObject()
  geometry?: GeoJsonPolygonal;

  @ApiProperty({ type: [HolderDto] })
  @ValidateNested({ each: true })
  @Type(() => HolderDto)
  @ArrayMaxSize(50)
  @ArrayNotEmpty()
  @IsArray()
  holders!: HolderDto[];

  @ApiPropertyOptional({ example: '蒙(2020)乌海市不动产权第0001234号' })
  @IsOptional()
  @canonical(validateCertificateNumber)
  @IsCertificateNumber()
  certificateNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  grantFeePaid?: boolean;

  @ApiPropertyOptional({ example: '0.30', description: '已完成开发投资占总投资的比例' })
  @IsOptional()
  @Matches(RATIO)
  investmentRatio?: string;
}

export class UnitListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only units the caller holds' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @ApiPropertyOptional()
  @IsOptional()
  @IsDistrictCode()
  districtCode?: string;
}

export class AddRestrictionDto {
  @ApiProperty({ enum: ['seizure', 'objection', 'idle'] })
  @IsIn(['seizure', 'objection', 'idle'])
  kind!: 'seizure' | 'objection' | 'idle';

  @ApiProperty({ example: '(2026)蒙0302执123号', description: '文书编号' })
  @trim
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  reference!: string;

  @ApiPropertyOptional({ example: '海勃湾区人民法院' })
  @IsOptional()
  @MaxLength(200)
  @IsString()
  authority?: string;

  @ApiProperty({ example: '2026-03-01' })
  @Matches(DATE_ONLY)
  @IsISO8601(DATE_OPTIONS)
  startDate!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601(DATE_OPTIONS)
  endDate?: string;
}

export class LiftRestrictionDto {
  @ApiProperty({ description: '解除原因与依据' })
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason!: string;

  @ApiPropertyOptional({ enum: ['fee_paid', 'construction_started'], description: '闲置土地的处置结果' })
  @IsOptional()
  @IsIn(['fee_paid', 'construction_started'])
  disposal?: 'fee_paid' | 'construction_started';
}

export class BenchmarkPriceDto {
  @ApiProperty({ example: '150302' })
  @IsDistrictCode()
  districtCode!: string;

  @ApiProperty({ example: '06' })
  @IsLandUseClass()
  landUseClass!: string;

  @ApiProperty({ example: 2 })
  @Max(20)
  @Min(1)
  @IsInt()
  grade!: number;

  @ApiProperty({ example: '420.00' })
  @Matches(MONEY, { message: '须为最多两位小数的金额 / must be a decimal string in yuan' })
  pricePerM2!: string;

  @ApiProperty({ example: '2024-01-01' })
  @Matches(DATE_ONLY)
  @IsISO8601(DATE_OPTIONS)
  validFrom!: string;

  @ApiProperty({ example: '2026-12-31' })
  @Matches(DATE_ONLY)
  @IsISO8601(DATE_OPTIONS)
  validTo!: string;
}

export class BenchmarkPriceQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsDistrictCode()
  districtCode?: string;

  @ApiPropertyOptional({ description: 'GB/T 21010 code; its first level selects the class' })
  @IsOptional()
  @Matches(/^[0-9]{2,4}$/)
  landUse?: string;

  @ApiPropertyOptional({ example: '2026-11-26' })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601(DATE_OPTIONS)
  date?: string;
}

export class RemoveDto {
  @ApiProperty()
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason!: string;
}

export class UpdateSettingDto {
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'boolean' }],
    description: 'number or boolean, per the setting’s type',
  })
  @IsDefined()
  value!: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(500)
  @IsString()
  reason?: string;
}

export class ChecklistQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_KINDS })
  @IsOptional()
  @IsIn(REGISTRATION_KINDS)
  kind?: RegistrationKind;
}

const CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export class ChecklistRowDto extends RemoveDto {
  @ApiProperty({ enum: REGISTRATION_KINDS })
  @IsIn(REGISTRATION_KINDS)
  kind!: RegistrationKind;

  @ApiProperty({ enum: ['any', 'person', 'organization'], description: '适用的当事人类型' })
  @IsIn(['any', 'person', 'organization'])
  partyKind!: 'any' | 'person' | 'organization';

  @ApiProperty({ enum: MATERIAL_TYPES })
  @IsIn(MATERIAL_TYPES)
  materialType!: MaterialType;

  @ApiProperty({ enum: MATERIAL_CONDITIONS, description: '何种情形下需要' })
  @IsIn(MATERIAL_CONDITIONS)
  condition!: MaterialCondition;

  @ApiProperty({ enum: CONTENT_TYPES, isArray: true })
  @IsIn(CONTENT_TYPES, { each: true })
  @ArrayUnique()
  @ArrayNotEmpty()
  @IsArray()
  allowedContentTypes!: string[];

  @ApiProperty({ example: 20971520, description: '单个文件大小上限（字节），不超过 20 MB' })
  @Max(20 * 1024 * 1024)
  @Min(1)
  @IsInt()
  maxBytes!: number;
}
