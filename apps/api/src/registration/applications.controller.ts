import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiError, AuthenticatedUser, CurrentUser, Page, PageQuery, UuidParamPipe } from '@app/common';
import { PERSON_ACTIONS, PersonAction, validateCertificateNumber } from '@app/domain';
import { FilesService } from '@app/files';
import { actorOf, Public, Roles } from '@app/identity';
import {
  ApplicationsService,
  ApplicationSummary,
  ApplicationView,
  CertificatesService,
  CertificateVerification,
  WorkflowService,
} from '@app/registration';
import { ActionDto, AddMaterialsDto, ApplicationListQuery, CreateApplicationDto } from './registration.dto';

const UNKNOWN_ACTION = ApiError.invalidField('action', 'isIn', {
  zh: `未知的操作，可选：${PERSON_ACTIONS.join('、')}`,
  en: `unknown action; one of ${PERSON_ACTIONS.join(', ')}`,
});

@ApiTags('registration')
@ApiBearerAuth()
@Controller()
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly workflow: WorkflowService,
  ) {}

  @Post('applications')
  @Roles('holder')
  @ApiOperation({
    summary: '创建登记申请（草稿） / create a registration application as a draft (holder of the unit)',
  })
  create(
    @Body() body: CreateApplicationDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ApplicationView> {
    return this.applications.create(
      {
        ...body,
        counterparty: body.counterparty && {
          partyId: body.counterparty.partyId,
          party: body.counterparty.party?.toInput(),
        },
      },
      user,
      actorOf(user),
    );
  }

  @Get('applications')
  @ApiOperation({
    summary: '登记申请列表 / applications: holders see their own, staff their districts',
  })
  list(
    @Query() query: ApplicationListQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<ApplicationSummary>> {
    return this.applications.list({ ...query, mine: query.mine === 'true' }, user);
  }

  @Get('review-queue')
  @Roles('clerk', 'reviewer', 'registrar')
  @ApiOperation({ summary: '待办队列 / what waits for this user, oldest due first' })
  queue(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.applications.reviewQueue(user, query.page, query.pageSize);
  }

  @Get('applications/:id')
  @ApiOperation({ summary: '申请详情 / an application with history, pre-check findings and deadline' })
  get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ApplicationView> {
    return this.applications.get(id, user);
  }

  @Post('applications/:id/materials')
  @HttpCode(200)
  @Roles('holder')
  @ApiOperation({ summary: '补充材料 / add materials to a draft or a requisitioned application (applicant)' })
  addMaterials(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: AddMaterialsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ApplicationView> {
    return this.applications.addMaterials(id, body.materials, user, actorOf(user));
  }

  @Post('applications/:id/submit')
  @HttpCode(200)
  @Roles('holder')
  @ApiOperation({ summary: '提交申请 / submit: the pre-check job runs in the background' })
  submit(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ApplicationView> {
    return this.workflow.perform(id, 'submit', {}, user, { ...actorOf(user), id: user.id });
  }

  @Post('applications/:id/confirm')
  @HttpCode(200)
  @Roles('holder')
  @ApiOperation({ summary: '对方当事人确认共同申请 / the counter-party confirms a joint application' })
  confirm(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ApplicationView> {
    return this.applications.confirm(id, user, actorOf(user));
  }

  @Post('applications/:id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: PERSON_ACTIONS })
  @ApiOperation({
    summary: '办理操作 / take a workflow action',
    description:
      'requisition needs missingItems and comment; reject needs legalGround and comment; decide-preemption needs exercise. ' +
      '409 with details.currentStatus when the state does not allow it; 403 for role or separation of duties.',
  })
  act(
    @Param('id', UuidParamPipe) id: string,
    @Param('action', new ParseEnumPipe(PERSON_ACTIONS, { exceptionFactory: () => UNKNOWN_ACTION }))
    action: PersonAction,
    @Body() body: ActionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ApplicationView> {
    return this.workflow.perform(id, action, body, user, { ...actorOf(user), id: user.id });
  }
}

@ApiTags('registration')
@Controller('certificates')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly applications: ApplicationsService,
    private readonly files: FilesService,
  ) {}

  @Get(':number/verify')
  @Public()
  @ApiOperation({ summary: '证书核验 / verify a certificate or registration proof (public)' })
  verify(@Param('number') number: string): Promise<CertificateVerification> {
    const check = validateCertificateNumber(number);
    if (!check.valid) throw ApiError.invalidField('number', check.rule, check.message);
    return this.certificates.verify(check.value);
  }

  @Get(':number/pdf')
  @ApiBearerAuth()
  @ApiOperation({ summary: '下载电子证书 / the certificate PDF (parties of the application and staff)' })
  async pdf(
    @Param('number') number: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const check = validateCertificateNumber(number);
    if (!check.valid) throw ApiError.invalidField('number', check.rule, check.message);
    const { fileId, applicationId } = await this.certificates.pdf(check.value);
    await this.applications.get(applicationId, user);
    const { view, content } = await this.files.open(fileId);
    await reply
      .header('Content-Type', view.contentType)
      .header('Content-Length', String(view.size))
      .header('Content-Disposition', `inline; filename="certificate.pdf"`)
      .send(content);
  }
}
