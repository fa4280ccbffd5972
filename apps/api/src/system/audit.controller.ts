import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService, AuditVerification } from '@app/audit';
import { Roles } from '@app/identity';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Roles('auditor')
  @ApiOperation({ summary: '校验审计日志哈希链 / verify the hash-chained audit log' })
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
