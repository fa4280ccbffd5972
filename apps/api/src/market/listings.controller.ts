import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiError, AuthenticatedUser, CurrentUser, Page, PageQuery, UuidParamPipe } from '@app/common';
import { FilesService } from '@app/files';
import { actorOf, Public, Roles } from '@app/identity';
import {
  BiddingService,
  BidResult,
  BidView,
  ClosingService,
  CloseResult,
  ListingFeatureCollection,
  ListingOwnerView,
  ListingPage,
  ListingSearchService,
  ListingsService,
  ListingView,
  MyBidView,
} from '@app/market';
import {
  BidDto,
  CloseListingDto,
  ConfirmListingDto,
  CreateListingDto,
  ListingSearchQuery,
  RevokeListingDto,
  toListingSearch,
  UpdateListingDto,
  WithdrawListingDto,
} from './listings.dto';

function searchOf(query: ListingSearchQuery) {
  const search = toListingSearch(query);
  if (search.bbox && (search.bbox[0] >= search.bbox[2] || search.bbox[1] >= search.bbox[3])) {
    throw ApiError.invalidField('bbox', 'ordered', {
      zh: '范围须为 minLon,minLat,maxLon,maxLat，且最小值小于最大值',
      en: 'bbox is minLon,minLat,maxLon,maxLat with each minimum below its maximum',
    });
  }
  for (const [low, high] of [
    ['minArea', 'maxArea'],
    ['minPrice', 'maxPrice'],
  ] as const) {
    if (search[low] !== undefined && search[high] !== undefined && search[low]! > search[high]!) {
      throw ApiError.invalidField(low, 'notAboveMaximum', {
        zh: `${low} 不能大于 ${high}`,
        en: `${low} cannot exceed ${high}`,
      });
    }
  }
  return search;
}

@ApiTags('market')
@ApiBearerAuth()
@Controller('listings')
export class ListingsController {
  constructor(
    private readonly listings: ListingsService,
    private readonly search: ListingSearchService,
    private readonly bidding: BiddingService,
    private readonly closing: ClosingService,
    private readonly files: FilesService,
  ) {}

  @Post()
  @Roles('holder')
  @ApiOperation({ summary: '新建挂牌（草稿） / create a listing as a draft (holder of the unit)' })
  create(@Body() body: CreateListingDto, @CurrentUser() user: AuthenticatedUser): Promise<ListingOwnerView> {
    return this.listings.create(body, user, actorOf(user));
  }

  @Get()
  @Public()
  @ApiOperation({ summary: '挂牌信息检索 / search published listings (public)' })
  list(@Query() query: ListingSearchQuery): Promise<ListingPage> {
    return this.search.search(searchOf(query));
  }

  @Get('map')
  @Public()
  @ApiOperation({ summary: '挂牌地图 / published listings as GeoJSON features for the map (public)' })
  map(@Query() query: ListingSearchQuery): Promise<ListingFeatureCollection> {
    return this.search.features(searchOf(query));
  }

  @Get('mine')
  @Roles('holder')
  @ApiOperation({ summary: '我的挂牌 / the caller’s listings in every state' })
  mine(@CurrentUser() user: AuthenticatedUser): Promise<ListingOwnerView[]> {
    return this.listings.mine(user);
  }

  @Get('my-bids')
  @Roles('holder')
  @ApiOperation({
    summary: '我的竞买 / listings the caller has bid on, with their highest bid and whether it leads',
  })
  myBids(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<MyBidView>> {
    return this.bidding.myBids(user, query.page, query.pageSize);
  }

  @Get('pending-confirmation')
  @Roles('registrar', 'admin')
  @ApiOperation({ summary: '待确认挂牌 / listings awaiting staff confirmation' })
  pending(): Promise<ListingOwnerView[]> {
    return this.listings.pendingConfirmation();
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: '挂牌详情 / a listing: public once published, otherwise its seller and staff' })
  get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser | undefined,
  ): Promise<ListingView | ListingOwnerView> {
    return this.listings.get(id, user);
  }

  @Patch(':id')
  @Roles('holder')
  @ApiOperation({
    summary:
      '修改挂牌 / change a listing; after publication anything but the description needs re-confirmation',
  })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateListingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ListingOwnerView> {
    const { version, ...changes } = body;
    return this.listings.update(id, version, changes, user, actorOf(user));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('holder')
  @ApiOperation({
    summary: '提交挂牌 / publish: declarations are checked against the register, then staff confirm',
  })
  publish(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.listings.publish(id, user, actorOf(user));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('registrar', 'admin')
  @ApiOperation({ summary: '确认发布 / confirm a listing: it becomes public (registrar, admin)' })
  confirm(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ConfirmListingDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.listings.confirm(id, body.version, user, actorOf(user));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('holder')
  @ApiOperation({ summary: '撤回挂牌 / withdraw a listing without bids (seller)' })
  withdraw(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: WithdrawListingDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.listings.withdraw(id, user, actorOf(user), body.reason);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('registrar', 'admin')
  @ApiOperation({
    summary: '撤销挂牌 / take down a listing whose unit or terms no longer allow it (registrar, admin)',
  })
  revoke(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RevokeListingDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.listings.revoke(id, actorOf(user), body.reason);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('holder')
  @ApiOperation({
    summary: '成交 / close: a negotiated deal with its counter-party, or a bidding listing after its end',
    description:
      'Returns `{ status: "closed"|"expired", winningBid?, applicationId? }`; the draft application is prefilled.',
  })
  close(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CloseListingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CloseResult> {
    const deal = body.counterparty
      ? {
          counterparty: {
            partyId: body.counterparty.partyId,
            party: body.counterparty.party?.toInput(),
          },
          price: body.price!,
        }
      : undefined;
    return this.closing.closeBySeller(id, deal, user, actorOf(user));
  }

  @Post(':id/interests')
  @Roles('holder')
  @ApiOperation({ summary: '意向登记 / register interest in a published listing (needed before bidding)' })
  interest(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.bidding.registerInterest(id, user, actorOf(user));
  }

  @Post(':id/bids')
  @Roles('holder')
  @ApiOperation({
    summary: '出价 / bid: at least the asking price, then the highest bid plus whole increments',
    description:
      'A late, low or off-increment bid is a 409 with `details.reason`; a bid on one’s own listing is a 403.',
  })
  bid(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: BidDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BidResult> {
    return this.bidding.bid(id, body.amount, user, actorOf(user));
  }

  @Get(':id/photos/:fileId')
  @Public()
  @ApiOperation({ summary: '挂牌照片 / a photo of a published listing (public)' })
  async photo(
    @Param('id', UuidParamPipe) id: string,
    @Param('fileId', UuidParamPipe) fileId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.listings.publicPhoto(id, fileId);
    const { view, content } = await this.files.open(fileId);
    await reply
      .header('Content-Type', view.contentType)
      .header('Content-Length', String(view.size))
      .header('Cache-Control', 'public, max-age=300')
      .send(content);
  }

  @Get(':id/bids')
  @Public()
  @ApiOperation({ summary: '出价记录 / the bids of a listing, bidders anonymised (public)' })
  bids(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthenticatedUser | undefined,
  ): Promise<BidView[]> {
    return this.bidding.bids(id, user);
  }
}
