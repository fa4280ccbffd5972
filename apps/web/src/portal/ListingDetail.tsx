import {
  Alert,
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Grid,
  Image,
  InputNumber,
  Result,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { type BidRefusalReason, minimumBid } from '@domain/market/bidding';
import { DECLARATION_KEYS, DECLARATION_LABELS } from '@domain/market/listing-model';
import { ApiFailure, call, http } from '../api/client';
import type { BidView, ListingFeatureCollection, ListingOwnerView, ListingView } from '../api/views';
import { useSession } from '../auth/session';
import { ErrorBanner, Loadable, showFieldErrors } from '../common/feedback';
import {
  date,
  dateTime,
  districtName,
  LISTING_KIND_LABELS,
  LISTING_MODE_LABELS,
  LISTING_STATUS_LABELS,
  yuan,
} from '../common/labels';
import { ParcelMap } from '../common/ParcelMap';
import { type RequestState, useRequest } from '../common/useRequest';
import { landUseName, percent, RIGHT_TYPE_LABELS, squareMetres } from './format';
import type { BidRefusal, BidResult, InterestResult } from './views';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Roles that read a listing as staff; only a holder without them reading the owner's view is its seller. */
const STAFF_ROLES = ['clerk', 'reviewer', 'registrar', 'admin', 'auditor'] as const;

const REFUSAL_TITLES: Record<BidRefusalReason, string> = {
  below_minimum: '出价低于当前最低可出价',
  not_an_increment: '加价不是加价幅度的整数倍',
  ended: '竞价已截止，出价无效',
  not_started: '挂牌期尚未开始',
  own_listing: '挂牌人不能对自己的挂牌出价',
  not_open: '该挂牌当前不接受竞价',
  not_biddable: '协议方式的挂牌不接受竞价',
};

function isOwnerView(listing: ListingView): listing is ListingOwnerView {
  return 'confirmedBy' in listing;
}

function photoUrl(listingId: string, fileId: string): string {
  return `/api/v1/listings/${listingId}/photos/${fileId}`;
}

/** Amounts go to the server as the decimal strings it keeps, never through a float. */
function moneyString(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

function NotFound() {
  return (
    <Result
      status="404"
      title="挂牌信息不存在"
      subTitle="该挂牌不存在，或已结束公开挂牌。"
      extra={
        <Link to="/">
          <Button type="primary">返回挂牌信息</Button>
        </Link>
      }
    />
  );
}

/** 挂牌详情 (`/listings/:id`): the facts, the parcel, the bids, and what a signed-in holder may do. */
export default function ListingDetail() {
  const { id = '' } = useParams();
  if (!UUID.test(id)) return <NotFound />;
  return <ListingPage key={id} id={id} />;
}

function ListingPage({ id }: { id: string }) {
  const listing = useRequest(
    () =>
      call<ListingView | ListingOwnerView>(http.GET('/api/v1/listings/{id}', { params: { path: { id } } })),
    [id],
  );
  if (listing.error instanceof ApiFailure && listing.error.status === 404) return <NotFound />;
  return (
    <Loadable state={listing}>{(view) => <LoadedListing listing={view} reload={listing.reload} />}</Loadable>
  );
}

/** Bids are asked for once the listing is known to exist, so a wrong link gets one 404 and not two. */
function LoadedListing({ listing, reload }: { listing: ListingView; reload: () => void }) {
  const bids = useRequest(
    () => call<BidView[]>(http.GET('/api/v1/listings/{id}/bids', { params: { path: { id: listing.id } } })),
    [listing.id],
  );
  // Beside the facts on a wide screen; on a phone the countdown and the bid come first, the map last.
  const beside = Grid.useBreakpoint().lg;
  const trading = (
    <Trading
      listing={listing}
      bids={bids.data ?? []}
      onChanged={() => {
        reload();
        bids.reload();
      }}
    />
  );
  const parcel = listing.status === 'published' && <Parcel listing={listing} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">挂牌信息</Link> }, { title: listing.listingNumber }]} />
      <Space wrap align="center">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="listing-title">
          {listing.location}
        </Typography.Title>
        <Tag color={listing.kind === 'transfer' ? 'blue' : 'green'}>{LISTING_KIND_LABELS[listing.kind]}</Tag>
        <Tag>{LISTING_MODE_LABELS[listing.mode]}</Tag>
        <Tag color={listing.status === 'published' ? 'processing' : 'default'}>
          {LISTING_STATUS_LABELS[listing.status]}
        </Tag>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {!beside && trading}
            <Facts listing={listing} />
            <Declarations listing={listing} />
            <Attachments listing={listing} />
            {!beside && parcel}
          </Space>
        </Col>
        {beside && (
          <Col lg={8}>
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              {trading}
              {parcel}
            </Space>
          </Col>
        )}
      </Row>
      {listing.mode !== 'negotiated' && <BidHistory state={bids} />}
    </Space>
  );
}

function Facts({ listing }: { listing: ListingView }) {
  const lease = listing.kind === 'lease';
  return (
    <Card title="挂牌信息" size="small">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 1, md: 2, xl: 2 }}
        data-testid="listing-facts"
        items={[
          { key: 'number', label: '挂牌编号', children: listing.listingNumber },
          { key: 'unit', label: '不动产单元号', children: listing.unitNumber },
          { key: 'district', label: '行政区', children: districtName(listing.districtCode) },
          { key: 'location', label: '坐落', children: listing.location },
          { key: 'landUse', label: '土地用途', children: landUseName(listing.landUse) },
          { key: 'area', label: '宗地面积', children: squareMetres(listing.areaM2) },
          { key: 'rightType', label: '权利性质', children: RIGHT_TYPE_LABELS[listing.rightType] },
          {
            key: 'termEnd',
            label: '土地使用权终止日期',
            children: listing.termEnd ? date(listing.termEnd) : '无固定期限',
          },
          { key: 'grade', label: '土地级别', children: listing.landGrade ? `${listing.landGrade} 级` : '—' },
          { key: 'price', label: lease ? '挂牌年租金' : '挂牌价', children: yuan(listing.askingPrice) },
          ...(listing.mode !== 'negotiated'
            ? [{ key: 'increment', label: '加价幅度', children: yuan(listing.bidIncrement) }]
            : []),
          ...(listing.leaseTerm
            ? [
                {
                  key: 'leaseTerm',
                  label: '租赁期限',
                  children: `${date(listing.leaseTerm.start)} 至 ${date(listing.leaseTerm.end)}`,
                },
              ]
            : []),
          { key: 'startsAt', label: '挂牌开始', children: dateTime(listing.startsAt) },
          { key: 'endsAt', label: '挂牌截止', children: dateTime(listing.endsAt) },
          { key: 'publishedAt', label: '发布时间', children: dateTime(listing.publishedAt) },
          ...(listing.finalPrice
            ? [
                { key: 'finalPrice', label: '成交价', children: yuan(listing.finalPrice) },
                { key: 'closedAt', label: '成交时间', children: dateTime(listing.closedAt) },
              ]
            : []),
          { key: 'plotRatio', label: '容积率', children: listing.planning.plotRatio ?? '—' },
          { key: 'density', label: '建筑密度', children: percent(listing.planning.buildingDensity) },
          { key: 'green', label: '绿地率', children: percent(listing.planning.greenRatio) },
        ]}
      />
      {listing.description && (
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, whiteSpace: 'pre-wrap' }}>
          {listing.description}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** The seller's declarations, each checked against the register before the listing went public. */
function Declarations({ listing }: { listing: ListingView }) {
  return (
    <Card
      title="挂牌声明"
      size="small"
      extra={<Typography.Text type="secondary">已与登记簿核对</Typography.Text>}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 2 }}
        data-testid="listing-declarations"
        items={DECLARATION_KEYS.map((key) => ({
          key,
          label: DECLARATION_LABELS[key].zh,
          children: listing.declarations[key] ? <Tag color="blue">是</Tag> : <Tag>否</Tag>,
        }))}
      />
    </Card>
  );
}

function Attachments({ listing }: { listing: ListingView }) {
  const photos = listing.attachments.filter((attachment) => attachment.kind === 'photo');
  const documents = listing.attachments.length - photos.length;
  return (
    <Card title="现场照片与附件" size="small">
      {photos.length === 0 ? (
        <Empty description="挂牌人未上传现场照片" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Image.PreviewGroup>
          <Space wrap data-testid="listing-photos">
            {photos.map((photo, index) => (
              <Image
                key={photo.fileId}
                src={photoUrl(listing.id, photo.fileId)}
                alt={`现场照片 ${index + 1}`}
                width={160}
                height={120}
                style={{ objectFit: 'cover', borderRadius: 4 }}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {documents > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          另有 {documents} 份文件资料。合同、同意书等可能含有个人信息，不公开查阅，可向挂牌人或登记中心了解。
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** Where the listing is in its period, counting down to its start or its end. */
function Period({ listing, onTurn }: { listing: ListingView; onTurn: () => void }) {
  const now = Date.now();
  const startsAt = Date.parse(listing.startsAt);
  const endsAt = Date.parse(listing.endsAt);
  const format = 'D 天 HH:mm:ss';
  if (listing.status !== 'published') {
    return <Alert type="info" showIcon message={`该挂牌${LISTING_STATUS_LABELS[listing.status]}`} />;
  }
  if (now < startsAt) {
    return (
      <Statistic.Timer
        type="countdown"
        title="距挂牌开始"
        value={startsAt}
        format={format}
        onFinish={onTurn}
      />
    );
  }
  if (now < endsAt) {
    return (
      <Statistic.Timer
        type="countdown"
        title={listing.mode === 'negotiated' ? '距挂牌截止' : '距竞价截止'}
        value={endsAt}
        format={format}
        onFinish={onTurn}
        valueStyle={{ color: endsAt - now < 3600_000 ? '#cf1322' : undefined }}
      />
    );
  }
  return <Alert type="warning" showIcon message="挂牌期已结束，正在办理结束手续" />;
}

function Trading({
  listing,
  bids,
  onChanged,
}: {
  listing: ListingView;
  bids: BidView[];
  onChanged: () => void;
}) {
  const biddable = listing.mode !== 'negotiated' && listing.bidIncrement !== null;
  const open =
    listing.status === 'published' &&
    Date.now() >= Date.parse(listing.startsAt) &&
    Date.now() < Date.parse(listing.endsAt);
  return (
    <Card title={biddable ? '竞价' : '意向登记'} size="small">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Period listing={listing} onTurn={onChanged} />
        <Typography.Text type="secondary" data-testid="listing-ends-at">
          挂牌截止时间：{dateTime(listing.endsAt)}
          {listing.mode === 'auction' && '（拍卖方式：临近截止时的出价会顺延截止时间）'}
        </Typography.Text>
        {biddable && (
          <Row gutter={16}>
            <Col span={12}>
              <Statistic
                title="当前最高价（元）"
                value={listing.highestBid ?? '暂无出价'}
                precision={listing.highestBid ? 2 : undefined}
                data-testid="highest-bid"
              />
            </Col>
            <Col span={12}>
              <Statistic title="出价次数" value={listing.bidCount} />
            </Col>
          </Row>
        )}
        {open && <HolderActions listing={listing} bids={bids} biddable={biddable} onChanged={onChanged} />}
      </Space>
    </Card>
  );
}

/** Interest and bids, for a signed-in holder other than the seller; everyone else is told why not. */
function HolderActions({
  listing,
  bids,
  biddable,
  onChanged,
}: {
  listing: ListingView;
  bids: BidView[];
  biddable: boolean;
  onChanged: () => void;
}) {
  const { user, hasRole } = useSession();
  if (!user) {
    return (
      <Alert
        type="info"
        showIcon
        message="登录后可进行意向登记和出价"
        action={
          <Link to={`/login?next=${encodeURIComponent(`/listings/${listing.id}`)}`}>
            <Button size="small" type="primary">
              登录
            </Button>
          </Link>
        }
      />
    );
  }
  if (!hasRole('holder')) {
    return <Alert type="info" showIcon message="只有实名登记的权利人可以意向登记和出价" />;
  }
  if (isOwnerView(listing) && !hasRole(...STAFF_ROLES)) {
    return <Alert type="info" showIcon message="这是您的挂牌：挂牌人不能对自己的挂牌意向登记或出价" />;
  }
  const hasBid = bids.some((bid) => bid.mine);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {hasBid ? (
        <Alert type="success" showIcon message="您已参与竞价（出价即视为已意向登记）" />
      ) : (
        <Interest listingId={listing.id} />
      )}
      {biddable && <BidForm listing={listing} onChanged={onChanged} />}
    </Space>
  );
}

function Interest({ listingId }: { listingId: string }) {
  const [registeredAt, setRegisteredAt] = useState<string | null>(null);
  const [already, setAlready] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function register() {
    setBusy(true);
    setError(null);
    try {
      const result = await call<InterestResult>(
        http.POST('/api/v1/listings/{id}/interests', { params: { path: { id: listingId } } }),
      );
      setRegisteredAt(result.registeredAt);
    } catch (failure) {
      const reason = failure instanceof ApiFailure ? (failure.details as { reason?: string })?.reason : null;
      if (reason === 'interest_registered') setAlready(true);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (registeredAt) {
    return <Alert type="success" showIcon message={`已于 ${dateTime(registeredAt)} 完成意向登记`} />;
  }
  if (already) return <Alert type="success" showIcon message="您已对该挂牌进行过意向登记" />;
  return (
    <div>
      <ErrorBanner error={error} />
      <Button block onClick={register} loading={busy}>
        意向登记
      </Button>
    </div>
  );
}

function BidForm({ listing, onChanged }: { listing: ListingView; onChanged: () => void }) {
  const [form] = Form.useForm<{ amount: string }>();
  const { message } = AntApp.useApp();
  const [refusal, setRefusal] = useState<{ title: string; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const minimum = minimumBid(listing.askingPrice, listing.bidIncrement!, listing.highestBid);

  async function bid({ amount }: { amount: string }) {
    setBusy(true);
    setRefusal(null);
    setError(null);
    try {
      const result = await call<BidResult>(
        http.POST('/api/v1/listings/{id}/bids', {
          params: { path: { id: listing.id } },
          body: { amount: moneyString(amount) },
        }),
      );
      message.success(`出价成功：${result.bid.bidder} 出价 ${yuan(result.bid.amount)}`);
      if (result.extended) message.info(`截止时间已顺延至 ${dateTime(result.endsAt)}`);
      form.resetFields();
      onChanged();
    } catch (failure) {
      const reason =
        failure instanceof ApiFailure ? (failure.details as BidRefusal | undefined)?.reason : undefined;
      if (failure instanceof ApiFailure && reason && reason in REFUSAL_TITLES) {
        setRefusal({ title: REFUSAL_TITLES[reason], text: failure.chinese });
        // Another bidder may have raised the price meanwhile: show the standing highest bid.
        onChanged();
      } else if (!showFieldErrors(form, failure)) {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={bid} requiredMark={false}>
      {refusal && (
        <Alert
          type="error"
          showIcon
          message={refusal.title}
          description={refusal.text}
          style={{ marginBottom: 16 }}
          data-testid="bid-refusal"
        />
      )}
      <ErrorBanner error={error} />
      <Form.Item
        name="amount"
        label="出价金额"
        extra={`当前最低可出价 ${yuan(minimum)}，加价幅度 ${yuan(listing.bidIncrement)}`}
        rules={[{ required: true, message: '请输入出价金额' }]}
      >
        <InputNumber<string>
          stringMode
          min="0.01"
          precision={2}
          addonAfter="元"
          placeholder={minimum}
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        出价
      </Button>
    </Form>
  );
}

function Parcel({ listing }: { listing: ListingView }) {
  // The detail view carries no geometry: the map search, narrowed to this listing's facts, finds its feature.
  const parcel = useRequest(async () => {
    const area = Number(listing.areaM2);
    const price = Number(listing.askingPrice);
    const collection = await call<ListingFeatureCollection>(
      http.GET('/api/v1/listings/map', {
        params: {
          query: {
            districtCode: listing.districtCode,
            landUse: listing.landUse,
            kind: listing.kind,
            minArea: area,
            maxArea: area,
            minPrice: price,
            maxPrice: price,
          },
        },
      }),
    );
    return { ...collection, features: collection.features.filter((feature) => feature.id === listing.id) };
  }, [listing.id, listing.districtCode, listing.landUse, listing.kind, listing.areaM2, listing.askingPrice]);

  return (
    <Card title="宗地位置" size="small">
      <Loadable state={parcel} empty={(collection) => collection.features.length === 0}>
        {(collection) => <ParcelMap features={collection} testId="listing-parcel" height={280} />}
      </Loadable>
    </Card>
  );
}

function BidHistory({ state }: { state: RequestState<BidView[]> }) {
  return (
    <Card
      title="出价记录"
      size="small"
      extra={
        <Button size="small" onClick={state.reload} loading={state.loading}>
          刷新
        </Button>
      }
    >
      {state.error ? (
        <ErrorBanner error={state.error} />
      ) : (
        <Table<BidView>
          rowKey="sequence"
          size="small"
          data-testid="bid-history"
          loading={state.loading && state.data === undefined}
          dataSource={[...(state.data ?? [])].reverse()}
          locale={{ emptyText: '暂无出价' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '序号', dataIndex: 'sequence', width: 80, responsive: ['sm'] },
            {
              title: '竞买人',
              dataIndex: 'bidder',
              render: (bidder: string, bid) => (
                <Space>
                  {bidder}
                  {bid.mine && <Tag color="blue">我的出价</Tag>}
                </Space>
              ),
            },
            { title: '出价', dataIndex: 'amount', align: 'right', render: (amount: string) => yuan(amount) },
            { title: '出价时间', dataIndex: 'placedAt', render: dateTime, responsive: ['md'] },
          ]}
        />
      )}
    </Card>
  );
}
