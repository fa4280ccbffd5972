import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsDistrictCode } from '@app/common';
import { trim } from '../identity/identity.dto';

const PHONE = /^[0-9-]{7,20}$/;
const PHONE_MESSAGE = '须为 7–20 位数字或连字符 / must be 7–20 digits or hyphens';

export class CreateWindowDto {
  @ApiProperty({ example: 'HBW', description: '2–4 个大写字母，印在受理编号中，创建后不可修改' })
  @Matches(/^[A-Z]{2,4}$/, { message: '须为 2–4 个大写字母 / must be 2–4 capital letters' })
  @IsString()
  code!: string;

  @ApiProperty({ example: '海勃湾区受理窗口' })
  @trim
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  name!: string;

  @ApiPropertyOptional({ type: String, example: '150302', nullable: true, description: '不填：全市通办' })
  @IsOptional()
  @IsDistrictCode()
  districtCode?: string | null;

  @ApiProperty({ example: '海勃湾区政务服务中心不动产登记窗口' })
  @trim
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  address!: string;

  @ApiProperty({ example: '周一至周五 9:00—12:00，14:30—17:30（法定节假日除外）' })
  @trim
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  openingHours!: string;

  @ApiPropertyOptional({ type: String, example: '0473-1234567', nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  @IsString()
  phone?: string | null;
}

export class UpdateWindowDto {
  @ApiProperty({ description: '修改前读到的版本号 / the version the change is based on' })
  @Min(1)
  @IsInt()
  version!: number;

  @ApiProperty({ description: '修改原因 / reason, kept in the audit trail' })
  @trim
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  reason!: string;

  @ApiPropertyOptional()
  @ValidateIf((_body: UpdateWindowDto, value: unknown) => value !== undefined)
  @trim
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null：全市通办' })
  @IsOptional()
  @IsDistrictCode()
  districtCode?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((_body: UpdateWindowDto, value: unknown) => value !== undefined)
  @trim
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  address?: string;

  @ApiPropertyOptional()
  @ValidateIf((_body: UpdateWindowDto, value: unknown) => value !== undefined)
  @trim
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  openingHours?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  @IsString()
  phone?: string | null;

  @ApiPropertyOptional({ description: 'false：停用窗口（停用后不能再受理）' })
  @ValidateIf((_body: UpdateWindowDto, value: unknown) => value !== undefined)
  @IsBoolean()
  active?: boolean;
}

export class WindowListQuery {
  @ApiPropertyOptional({ description: 'true: include deactivated windows' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeInactive?: 'true' | 'false';
}
