import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
  IsDefined,
  IsNotEmpty,
  IsObject,
  ArrayNotEmpty,
  IsUUID,
} from 'class-validator';
import { IsDistrictCode, IsResidentId, IsUscc, ROLES, Role } from '@app/common';
import type { PartyInput } from '@app/identity';

/** At least one letter, so no username can be a resident ID number, which would then sit in clear in the audit log. */
const USERNAME_RULE = /^(?=.*[A-Za-z])[A-Za-z0-9_.-]{3,40}$/;
const USERNAME_MESSAGE =
  '用户名须为 3–40 位字母、数字或 . - _，且至少含一个字母 / username must be 3–40 letters, digits, . - or _, with at least one letter';
/** Surrounding spaces are dropped before validation, so a blank name is refused rather than stored. */
export const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Long enough to resist guessing, and mixed so a bare word or number is refused. */
const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d).{10,128}$/;
const PASSWORD_MESSAGE =
  '密码须为 10–128 位且同时包含字母和数字 / password must be 10–128 characters with letters and digits';
const STAFF_ROLES = ROLES.filter((role) => role !== 'holder');

export class PartyDto {
  @ApiProperty({ enum: ['person', 'organization'] })
  @IsIn(['person', 'organization'])
  kind!: 'person' | 'organization';

  @ApiProperty({ description: '姓名或单位名称', maxLength: 200 })
  @trim
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name!: string;

  @ApiPropertyOptional({ description: '居民身份证号（kind=person）', example: '11010519491231002X' })
  @ValidateIf((party: PartyDto) => party.kind === 'person' || party.idNumber !== undefined)
  @IsResidentId()
  @IsDefined()
  idNumber?: string;

  @ApiPropertyOptional({
    description: '统一社会信用代码（kind=organization）',
    example: '91350100M000100Y43',
  })
  @ValidateIf((party: PartyDto) => party.kind === 'organization' || party.uscc !== undefined)
  @IsUscc()
  @IsDefined()
  uscc?: string;

  toInput(): PartyInput {
    return this.kind === 'person'
      ? { kind: 'person', name: this.name, idNumber: this.idNumber! }
      : { kind: 'organization', name: this.name, uscc: this.uscc! };
  }
}

export class RegisterDto {
  @ApiProperty({ example: 'zhang.san' })
  @Matches(USERNAME_RULE, { message: USERNAME_MESSAGE })
  @IsString()
  username!: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  @IsString()
  password!: string;

  @ApiProperty({ example: '张三' })
  @trim
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  displayName!: string;

  @ApiProperty({ type: PartyDto })
  @ValidateNested()
  @Type(() => PartyDto)
  @IsObject()
  @IsDefined()
  party!: PartyDto;
}

export class LoginDto {
  @ApiProperty()
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  username!: string;

  @ApiProperty()
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  password!: string;
}

export class CreateUserDto {
  @ApiProperty()
  @Matches(USERNAME_RULE, { message: USERNAME_MESSAGE })
  @IsString()
  username!: string;

  @ApiProperty()
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  @IsString()
  password!: string;

  @ApiProperty()
  @trim
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  displayName!: string;

  @ApiProperty({
    enum: STAFF_ROLES,
    isArray: true,
    description: '持证人账户须自行注册 / holders register themselves',
  })
  @IsIn(STAFF_ROLES, { each: true })
  @ArrayUnique()
  @ArrayNotEmpty()
  @IsArray()
  roles!: Role[];

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    example: ['150302'],
    description: '审核人员负责的行政区',
  })
  @IsOptional()
  @IsDistrictCode({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsArray()
  districts?: string[];

  @ApiPropertyOptional({
    description: '窗口受理人员所在窗口（clerk 必填） / the window of a clerk (GET /windows)',
  })
  @IsOptional()
  @IsUUID()
  windowId?: string;
}

export class DeactivateUserDto {
  @ApiProperty({ description: '停用原因 / reason' })
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason!: string;
}
