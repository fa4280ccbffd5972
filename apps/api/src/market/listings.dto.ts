import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDistrictCode, IsUnitNumber } from '@app/common';
import { Declarations, LISTING_KINDS, LISTING_MODES, ListingKind, ListingMode } from '@app/domain';
import type { ListingSearch } from '@app/market';
import { trim } from '../identity/identity.dto';
import { MONEY } from '../registry/registry.dto';
import { CounterpartyDto, TermDto } from '../registration/registration.dto';

const MONEY_MESSAGE = '须为最多两位小数的正金额（元） / must be a positive decimal string in yuan';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const TIMESTAMP_MESSAGE =
  '须为带时区的时间，如 2026-12-01T09:00:00+08:00 / must be a timestamp with its offset, e.g. 2026-12-01T09:00:00+08:00';

export class DeclarationsDto implements Declarations {
  @ApiProperty({ description: '存在权属争议或异议' }) @IsBoolean() disputed!: boolean;
  @ApiProperty({ description: '已被查封' }) @IsBoolean() seized!: boolean;
  @ApiProperty({ description: '已设定抵押' }) @IsBoolean() mortgaged!: boolean;
  @ApiProperty({ description: '抵押权人同意' }) @IsBoolean() mortgageeConsent!: boolean;
  @ApiProperty({ description: '已出租' }) @IsBoolean() leased!: boolean;
  @ApiProperty({ description: '承租人同意' }) @IsBoolean() lesseeConsent!: boolean;
  @ApiProperty({ description: '闲置土地' }) @IsBoolean() idle!: boolean;
  @ApiProperty({ description: '储备土地' }) @IsBoolean() reserveLand!: boolean;
  @ApiProperty({ description: '出让金已缴清' }) @IsBoolean() grantFeePaid!: boolean;
  @ApiProperty({ description: '其他共有人同意' }) @IsBoolean() coownerConsent!: boolean;
}

export class AttachmentDto {
  @ApiProperty({ description: 'POST /files 返回的 fileId' })
  @IsUUID()
  fileId!: string;

  @ApiProperty({ enum: ['photo', 'document'] })
  @IsIn(['photo', 'document'])
  kind!: 'photo' | 'document';
}

const biddable = (body: { mode?: ListingMode }) => body.mode === 'bidding' || body.mode === 'auction';

export class CreateListingDto {
  @ApiProperty({ example: '150302001001GB00101W00000000' })
  @IsUnitNumber()
  unitNumber!: string;

  @ApiProperty({ enum: LISTING_KINDS })
  @IsIn(LISTING_KINDS)
  kind!: ListingKind;

  @ApiProperty({ enum: LISTING_MODES, description: 'negotiated 协议 / bidding 挂牌竞价 / auction 拍卖' })
  @IsIn(LISTING_MODES)
  mode!: ListingMode;

  @ApiProperty({ example: '3600000.00', description: '挂牌价（元）；出租为年租金' })
  @Matches(MONEY, { message: MONEY_MESSAGE })
  askingPrice!: string;

  @ApiPropertyOptional({
    example: '10000.00',
    description:
      '加价幅度（元），竞价和拍卖适用；不填则按挂牌价的配置比例（market.defaultBidIncrementRatio）',
  })
  @ValidateIf((body: CreateListingDto) => biddable(body) && body.bidIncrement !== undefined)
  @Matches(MONEY, { message: MONEY_MESSAGE })
  bidIncrement?: string;

  @ApiPropertyOptional({ type: TermDto, description: '租赁期限，出租必填' })
  @ValidateIf((body: CreateListingDto) => body.kind === 'lease')
  @ValidateNested()
  @Type(() => TermDto)
  @IsObject()
  @IsDefined()
  leaseTerm?: TermDto;

  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' })
  @Matches(TIMESTAMP, { message: TIMESTAMP_MESSAGE })
  @IsString()
  startsAt!: string;

  @ApiProperty({ example: '2026-12-31T17:00:00+08:00' })
  @Matches(TIMESTAMP, { message: TIMESTAMP_MESSAGE })
  @IsString()
  endsAt!: string;

  @ApiProperty({ type: DeclarationsDto, description: '挂牌声明，发布时与登记簿逐项核对' })
  @ValidateNested()
  @Type(() => DeclarationsDto)
  @IsObject()
  @IsDefined()
  declarations!: DeclarationsDto;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @trim
  @MaxLength(5000)
  @IsString()
  description?: string;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  @ArrayMaxSize(20)
  @IsArray()
  attachments?: AttachmentDto[];
}

export class UpdateListingDto {
  @ApiProperty({ description: '修改前读到的版本号' })
  @Min(1)
  @IsInt()
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(MONEY, { message: MONEY_MESSAGE })
  askingPrice?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(MONEY, { message: MONEY_MESSAGE })
  bidIncrement?: string;

  @ApiPropertyOptional({ type: TermDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermDto)
  @IsObject()
  leaseTerm?: TermDto;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(TIMESTAMP, { message: TIMESTAMP_MESSAGE })
  @IsString()
  startsAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(TIMESTAMP, { message: TIMESTAMP_MESSAGE })
  @IsString()
  endsAt?: string;

  @ApiPropertyOptional({ type: DeclarationsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeclarationsDto)
  @IsObject()
  declarations?: DeclarationsDto;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @trim
  @MaxLength(5000)
  @IsString()
  description?: string;
}

export class WithdrawListingDto {
  @ApiPropertyOptional({ description: '撤回原因' })
  @IsOptional()
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason?: string;
}

export class RevokeListingDto {
  @ApiProperty({ description: '撤销原因（如法院查封文书号），记入审计并告知挂牌人' })
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason!: string;
}

export class ConfirmListingDto {
  @ApiProperty({ description: '确认时所审阅的版本号；其间挂牌人修改过则 409' })
  @Min(1)
  @IsInt()
  version!: number;
}

export class CloseListingDto {
  @ApiPropertyOptional({ type: CounterpartyDto, description: '协议成交的受让（承租）方；竞价、拍卖不填' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CounterpartyDto)
  @IsObject()
  counterparty?: CounterpartyDto;

  @ApiPropertyOptional({ description: '协议成交价格（元）；填写 counterparty 时必填' })
  @ValidateIf((body: CloseListingDto) => body.counterparty !== undefined || body.price !== undefined)
  @Matches(MONEY, { message: MONEY_MESSAGE })
  @IsDefined()
  price?: string;
}

export class BidDto {
  @ApiProperty({ example: '3610000.00' })
  @Matches(MONEY, { message: MONEY_MESSAGE })
  amount!: string;
}

const toNumber = Transform(({ value }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value,
);

/** A non-negative number from the query string, where everything arrives as text. */
function OptionalAmount(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    toNumber,
    Min(0),
    IsNumber({ allowNaN: false, allowInfinity: false }),
  );
}

export class ListingSearchQuery {
  @ApiPropertyOptional({ example: '150302' })
  @IsOptional()
  @IsDistrictCode()
  districtCode?: string;

  @ApiPropertyOptional({ example: '06', description: '用途：一级类（2 位）或二级类（4 位）' })
  @IsOptional()
  @Matches(/^[0-9]{2}([0-9]{2})?$/, {
    message: '须为 2 或 4 位用途代码 / must be a 2- or 4-digit land-use code',
  })
  landUse?: string;

  @ApiPropertyOptional({ enum: LISTING_KINDS })
  @IsOptional()
  @IsIn(LISTING_KINDS)
  kind?: ListingKind;

  @OptionalAmount('最小面积（平方米）')
  minArea?: number;

  @OptionalAmount('最大面积（平方米）')
  maxArea?: number;

  @OptionalAmount('最低挂牌价（元）')
  minPrice?: number;

  @OptionalAmount('最高挂牌价（元）')
  maxPrice?: number;

  @ApiPropertyOptional({ description: '关键词（位置、描述）', maxLength: 50 })
  @IsOptional()
  @trim
  @MaxLength(50)
  @IsNotEmpty()
  @IsString()
  q?: string;

  @ApiPropertyOptional({
    example: '106.7,39.6,106.9,39.75',
    description: 'minLon,minLat,maxLon,maxLat（CGCS2000）',
  })
  @IsOptional()
  @Matches(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, {
    message: '须为 minLon,minLat,maxLon,maxLat / must be minLon,minLat,maxLon,maxLat',
  })
  bbox?: string;

  @ApiPropertyOptional({ enum: ['price', 'area', 'publishedAt'] })
  @IsOptional()
  @IsIn(['price', 'area', 'publishedAt'])
  sort?: 'price' | 'area' | 'publishedAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @toNumber
  @Max(10_000)
  @Min(1)
  @IsInt()
  page?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @toNumber
  @Max(100)
  @Min(1)
  @IsInt()
  pageSize?: number;
}

export function toListingSearch(query: ListingSearchQuery): ListingSearch {
  const bbox = query.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
  return {
    districtCode: query.districtCode,
    landUse: query.landUse,
    kind: query.kind,
    minArea: query.minArea,
    maxArea: query.maxArea,
    minPrice: query.minPrice,
    maxPrice: query.maxPrice,
    q: query.q,
    bbox,
    sort: query.sort,
    order: query.order,
    page: query.page ?? 1,
    pageSize: query.pageSize ?? 20,
  };
}
