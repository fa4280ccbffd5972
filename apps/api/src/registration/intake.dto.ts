import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MATERIAL_TYPES, MaterialType } from '@app/domain';
import type { CounterPresentation } from '@app/registration';
import { PartyDto } from '../identity/identity.dto';
import { DATE_ONLY, DATE_OPTIONS } from '../registry/registry.dto';
import { CreateApplicationDto, MaterialDto } from './registration.dto';

/** In person or through an agent: a clerk who ticks both has not decided which, so the request is refused. */
function NotWithAgent(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'presentInPersonOrAgent',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (_value: unknown, args) => (args?.object as { agent?: unknown }).agent === undefined,
        defaultMessage: () =>
          '本人到场（presentInPerson）与委托代理（agent）只能选其一 / give either presentInPerson or agent, not both',
      },
    });
}

export class AgentDto {
  @ApiProperty({ type: PartyDto, description: '委托代理人' })
  @ValidateNested()
  @Type(() => PartyDto)
  @IsObject()
  @IsDefined()
  party!: PartyDto;

  @ApiPropertyOptional({ description: '授权委托书扫描件（POST /files）；缺少时一次性告知' })
  @IsOptional()
  @IsUUID()
  powerOfAttorneyFileId?: string;
}

export class AppearanceDto {
  @ApiProperty({ type: PartyDto, description: '当事人（申请人或对方当事人）' })
  @ValidateNested()
  @Type(() => PartyDto)
  @IsObject()
  @IsDefined()
  party!: PartyDto;

  @ApiPropertyOptional({ enum: [true], description: '本人到场（与 agent 二选一）' })
  @ValidateIf(
    (appearance: AppearanceDto) => appearance.agent === undefined || appearance.presentInPerson !== undefined,
  )
  @NotWithAgent()
  @IsIn([true], { message: '须为 true，或改为填写 agent / must be true, or give an agent instead' })
  presentInPerson?: true;

  @ApiPropertyOptional({ type: AgentDto, description: '委托代理人办理（与 presentInPerson 二选一）' })
  @ValidateIf(
    (appearance: AppearanceDto) => appearance.presentInPerson === undefined || appearance.agent !== undefined,
  )
  @ValidateNested()
  @Type(() => AgentDto)
  @IsObject()
  @IsDefined()
  agent?: AgentDto;

  @ApiProperty({ description: '受理人员已当面核验到场人员的身份证件' })
  @IsBoolean()
  identityVerified!: boolean;

  @ApiPropertyOptional({ description: '到场人员身份证件扫描件（POST /files）；缺少时一次性告知' })
  @IsOptional()
  @IsUUID()
  identityFileId?: string;
}

class PresentationFields {
  @ApiProperty({ type: [AppearanceDto], description: '到场当事人；共同申请须双方到场或委托代理' })
  @ValidateNested({ each: true })
  @Type(() => AppearanceDto)
  @ArrayMaxSize(10)
  @ArrayNotEmpty()
  @IsArray()
  applicants!: AppearanceDto[];

  @ApiProperty({ enum: MATERIAL_TYPES, isArray: true, description: '已核验原件并收取的材料，逐项勾选' })
  @IsIn(MATERIAL_TYPES, { each: true })
  @ArrayMaxSize(MATERIAL_TYPES.length)
  @IsArray()
  materialsChecked!: MaterialType[];

  @ApiPropertyOptional({
    example: '2026-11-27T09:30:00+08:00',
    description: '开始接待时间（含时区），用于统计办理时长；默认为提交时刻',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/, {
    message:
      '须为带时区的时间，如 2026-11-27T09:30:00+08:00 / must be a timestamp with its offset, e.g. 2026-11-27T09:30:00+08:00',
  })
  @IsString()
  startedAt?: string;
}

/** POST /applications' fields plus what the counter records. */
export class IntakeDto extends IntersectionType(CreateApplicationDto, PresentationFields) {}

export class PresentationDto extends PresentationFields {
  @ApiProperty({ type: [MaterialDto], description: '本次收取材料的扫描件' })
  @ValidateNested({ each: true })
  @Type(() => MaterialDto)
  @ArrayMaxSize(50)
  @IsArray()
  materials!: MaterialDto[];
}

export function toPresentation(body: PresentationDto | IntakeDto): CounterPresentation {
  return {
    applicants: body.applicants.map((applicant) => ({
      party: applicant.party.toInput(),
      presentInPerson: applicant.presentInPerson,
      agent: applicant.agent && {
        party: applicant.agent.party.toInput(),
        powerOfAttorneyFileId: applicant.agent.powerOfAttorneyFileId,
      },
      identityVerified: applicant.identityVerified,
      identityFileId: applicant.identityFileId,
    })),
    materialsChecked: body.materialsChecked,
    materials: body.materials,
    startedAt: body.startedAt,
  };
}

export class DayQuery {
  @ApiPropertyOptional({ example: '2026-11-27', description: '默认今天（北京时间）' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: '须为 YYYY-MM-DD 格式的日期 / must be a date as YYYY-MM-DD' })
  @IsISO8601(DATE_OPTIONS, { message: '须为 YYYY-MM-DD 格式的日期 / must be a date as YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({ description: '窗口 id（管理员、审计员查看某一窗口）' })
  @IsOptional()
  @IsUUID()
  windowId?: string;
}

export class WindowReportQuery extends DayQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class PublicStatusQuery {
  @ApiProperty({ description: '受理凭证上的查询码', example: 'K7M2Q9XA' })
  @Matches(/^[0-9A-Za-z]{8}$/, { message: '须为 8 位查询码 / must be the 8-character pickup code' })
  code!: string;
}
