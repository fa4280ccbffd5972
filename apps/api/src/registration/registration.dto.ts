import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDistrictCode, IsUnitNumber, PageQuery } from '@app/common';
import {
  MATERIAL_TYPES,
  MaterialType,
  REGISTRATION_KINDS,
  REGISTRATION_STATES,
  RegistrationKind,
  RegistrationState,
} from '@app/domain';
import { PartyDto, trim } from '../identity/identity.dto';
import { DATE_ONLY, DATE_OPTIONS, MONEY, WithoutParty } from '../registry/registry.dto';

const MONEY_MESSAGE = '须为最多两位小数的正金额（元） / must be a positive decimal string in yuan';
const DATE_MESSAGE = '须为 YYYY-MM-DD 格式的日期 / must be a date as YYYY-MM-DD';

export class MaterialDto {
  @ApiProperty({ enum: MATERIAL_TYPES })
  @IsIn(MATERIAL_TYPES)
  type!: MaterialType;

  @ApiProperty({ description: 'POST /files 返回的 fileId' })
  @IsUUID()
  fileId!: string;
}

export class CounterpartyDto {
  @ApiPropertyOptional({ description: '已有当事人 id' })
  @ValidateIf(
    (counterparty: CounterpartyDto) => counterparty.party === undefined || counterparty.partyId !== undefined,
  )
  @WithoutParty()
  @IsUUID()
  partyId?: string;

  @ApiPropertyOptional({ type: PartyDto, description: '对方当事人（与 partyId 二选一）' })
  @ValidateIf(
    (counterparty: CounterpartyDto) => counterparty.partyId === undefined || counterparty.party !== undefined,
  )
  @ValidateNested()
  @Type(() => PartyDto)
  @IsObject()
  @IsDefined()
  party?: PartyDto;
}

export class TermDto {
  @ApiProperty({ example: '2026-12-01' })
  @Matches(DATE_ONLY, { message: DATE_MESSAGE })
  @IsISO8601(DATE_OPTIONS, { message: DATE_MESSAGE })
  start!: string;

  @ApiProperty({ example: '2036-11-30' })
  @Matches(DATE_ONLY, { message: DATE_MESSAGE })
  @IsISO8601(DATE_OPTIONS, { message: DATE_MESSAGE })
  end!: string;
}

export class MortgageTermsDto extends TermDto {
  @ApiProperty({ example: '5000000.00', description: '被担保债权数额或最高债权额（元）' })
  @Matches(MONEY, { message: MONEY_MESSAGE })
  amount!: string;

  @ApiPropertyOptional({ default: false, description: '最高额抵押' })
  @IsOptional()
  @IsBoolean()
  maxAmount?: boolean;
}

const kindIs =
  (...kinds: RegistrationKind[]) =>
  (body: CreateApplicationDto) =>
    kinds.includes(body.kind);

export class CreateApplicationDto {
  @ApiProperty({ enum: REGISTRATION_KINDS })
  @IsIn(REGISTRATION_KINDS)
  kind!: RegistrationKind;

  @ApiProperty({ example: '150302001001GB00101W00000000' })
  @IsUnitNumber()
  unitNumber!: string;

  @ApiPropertyOptional({ description: '来源挂牌信息' })
  @IsOptional()
  @IsUUID()
  listingId?: string;

  @ApiPropertyOptional({
    type: CounterpartyDto,
    description: '受让人、承租人或抵押权人；转移、租赁、抵押必填，注销时可填抵押权人',
  })
  @ValidateIf(
    (body: CreateApplicationDto) => body.kind !== 'mortgage_release' || body.counterparty !== undefined,
  )
  @ValidateNested()
  @Type(() => CounterpartyDto)
  @IsObject()
  @IsDefined()
  counterparty?: CounterpartyDto;

  @ApiPropertyOptional({ example: '1250000.00', description: '申报成交价（元），转移登记必填' })
  @ValidateIf(kindIs('transfer'))
  @Matches(MONEY, { message: MONEY_MESSAGE })
  @IsDefined()
  declaredPrice?: string;

  @ApiPropertyOptional({ type: TermDto, description: '租赁期限，租赁登记必填' })
  @ValidateIf(kindIs('lease'))
  @ValidateNested()
  @Type(() => TermDto)
  @IsObject()
  @IsDefined()
  leaseTerm?: TermDto;

  @ApiPropertyOptional({ example: '120000.00', description: '年租金（元），租赁登记必填' })
  @ValidateIf(kindIs('lease'))
  @Matches(/^[0-9]{1,12}(\.[0-9]{1,2})?$/, {
    message: '须为最多两位小数的金额（元） / must be a decimal string in yuan',
  })
  @IsDefined()
  annualRent?: string;

  @ApiPropertyOptional({ type: MortgageTermsDto, description: '抵押事项，抵押登记必填' })
  @ValidateIf(kindIs('mortgage'))
  @ValidateNested()
  @Type(() => MortgageTermsDto)
  @IsObject()
  @IsDefined()
  mortgage?: MortgageTermsDto;

  @ApiPropertyOptional({ description: '拟注销的抵押权 id，注销登记必填' })
  @ValidateIf(kindIs('mortgage_release'))
  @IsUUID()
  @IsDefined()
  mortgageId?: string;

  @ApiProperty({ type: [MaterialDto] })
  @ValidateNested({ each: true })
  @Type(() => MaterialDto)
  @ArrayMaxSize(50)
  @IsArray()
  materials!: MaterialDto[];
}

export class AddMaterialsDto {
  @ApiProperty({ type: [MaterialDto] })
  @ValidateNested({ each: true })
  @Type(() => MaterialDto)
  @ArrayMaxSize(50)
  @ArrayNotEmpty()
  @IsArray()
  materials!: MaterialDto[];
}

export class ActionDto {
  @ApiPropertyOptional({ description: '意见说明（补正、驳回时必填）', maxLength: 2000 })
  @IsOptional()
  @trim
  @MaxLength(2000)
  @IsString()
  comment?: string;

  @ApiPropertyOptional({ type: [String], description: '一次性告知的全部补正事项（补正时必填）' })
  @IsOptional()
  @MaxLength(500, { each: true })
  @IsNotEmpty({ each: true })
  @IsString({ each: true })
  @ArrayMaxSize(50)
  @IsArray()
  missingItems?: string[];

  @ApiPropertyOptional({ description: '法律依据（驳回时必填）', maxLength: 500 })
  @IsOptional()
  @trim
  @MaxLength(500)
  @IsString()
  legalGround?: string;

  @ApiPropertyOptional({ description: '是否行使优先购买权（优先购买权决定时必填）' })
  @IsOptional()
  @IsBoolean()
  exercise?: boolean;
}

export class ApplicationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATES })
  @IsOptional()
  @IsIn(REGISTRATION_STATES)
  status?: RegistrationState;

  @ApiPropertyOptional({ enum: REGISTRATION_KINDS })
  @IsOptional()
  @IsIn(REGISTRATION_KINDS)
  kind?: RegistrationKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDistrictCode()
  districtCode?: string;

  @ApiPropertyOptional({ description: 'true: only applications where the caller is a party' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @ApiPropertyOptional({ example: 'DJ202611270000123', description: '按申请编号查找（窗口查找网上申请）' })
  @IsOptional()
  @Matches(/^DJ[0-9]{15}$/, {
    message: '申请编号格式为 DJ + 15 位数字 / an application number is DJ and 15 digits',
  })
  applicationNumber?: string;
}
