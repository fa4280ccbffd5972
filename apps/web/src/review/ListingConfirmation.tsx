import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { DECLARATION_KEYS, DECLARATION_LABELS } from '@domain/market/listing-model';
import { ApiFailure, call, http } from '../api/client';
import type { ListingOwnerView } from '../api/views';
import { ErrorBanner, messageOf, showFieldErrors } from '../common/feedback';
import {
  date,
  dateTime,
  districtName,
  LISTING_KIND_LABELS,
  LISTING_MODE_LABELS,
  LISTING_STATUS_LABELS,
  yuan,
} from '../common/labels';
import { useRequest } from '../common/useRequest';
import { useSubmit } from '../common/useSubmit';
import { DocumentPreview, type PreviewTarget } from './DocumentPreview';
import { landUseName, RegisterExtract, RIGHT_TYPE_LABELS } from './RegisterExtract';

/** Why a confirmation or revocation was refused, in terms of what the registrar should do next. */
function ListingRefusal({ failure, reviewed }: { failure: unknown; reviewed: ListingOwnerView }) {
  if (!(failure instanceof ApiFailure)) return <ErrorBanner error={failure} />;
  const details = (failure.details ?? {}) as {
    reason?: string;
    currentVersion?: number;
    currentStatus?: string;
    findings?: { message: { zh: string } }[];
  };
  if (
    failure.status === 409 &&
    details.currentVersion !== undefined &&
    details.currentVersion !== reviewed.version
  ) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="listing-error"
        message="挂牌人在您审阅期间修改了挂牌"
        description={`您审阅的是第 ${reviewed.version} 版，当前为第 ${details.currentVersion} 版。为确保确认的是公开发布的内容，请重新加载后审阅最新版本再确认。`}
      />
    );
  }
  if (details.reason === 'listing_refused' && details.findings) {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="listing-error"
        message="挂牌声明或登记状况不符合挂牌条件，不能发布"
        description={
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {details.findings.map((finding, index) => (
              <li key={index}>{finding.message.zh}</li>
            ))}
          </ul>
        }
      />
    );
  }
  return <Alert type="error" showIcon data-testid="listing-error" message={messageOf(failure)} />;
}

function RevokeDialog({
  listing,
  onClose,
  onDone,
}: {
  listing: ListingOwnerView;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const { busy, error, submit } = useSubmit(
    async ({ reason }: { reason: string }) => {
      await call<ListingOwnerView>(
        http.POST('/api/v1/listings/{id}/revoke', {
          params: { path: { id: listing.id } },
          body: { reason: reason.trim() },
        }),
      );
      message.success(`挂牌 ${listing.listingNumber} 已撤销`);
      onDone();
    },
    (error) => showFieldErrors(form, error),
  );

  return (
    <Modal
      open
      title={`撤销挂牌 ${listing.listingNumber}`}
      okText="确认撤销"
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" message="撤销原因记入审计记录，并通知挂牌人。" />
        {error !== null && <ListingRefusal failure={error} reviewed={listing} />}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="reason"
            label="撤销原因"
            rules={[
              { required: true, whitespace: true, message: '请填写撤销原因' },
              { max: 500, message: '不超过 500 字' },
            ]}
          >
            <Input.TextArea
              rows={3}
              showCount
              maxLength={500}
              placeholder="如：法院查封文书号、与登记簿不符的声明"
            />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}

function ListingReview({
  listing,
  onClose,
  onChanged,
}: {
  listing: ListingOwnerView;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [revoking, setRevoking] = useState(false);
  const [preview, setPreview] = useState<PreviewTarget | null>(null);
  const confirmation = useSubmit(async () => {
    await call<ListingOwnerView>(
      http.POST('/api/v1/listings/{id}/confirm', {
        params: { path: { id: listing.id } },
        body: { version: listing.version },
      }),
    );
    message.success(`挂牌 ${listing.listingNumber} 已确认发布`);
    onChanged();
    onClose();
  });

  const { busy, error } = confirmation;
  const stale = error instanceof ApiFailure && error.status === 409;
  return (
    <Drawer
      open
      width={760}
      title={`审阅挂牌 ${listing.listingNumber}（第 ${listing.version} 版）`}
      onClose={onClose}
      extra={
        <Space>
          <Button danger onClick={() => setRevoking(true)}>
            撤销挂牌
          </Button>
          <Popconfirm
            title={`确认发布第 ${listing.version} 版？`}
            description="确认后挂牌信息立即公开。"
            okText="确认发布"
            cancelText="取消"
            onConfirm={confirmation.submit}
          >
            <Button type="primary" loading={busy}>
              确认发布
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {error !== null && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <ListingRefusal failure={error} reviewed={listing} />
            {stale && (
              <Button
                onClick={() => {
                  onChanged();
                  onClose();
                }}
              >
                重新加载待确认挂牌
              </Button>
            )}
          </Space>
        )}
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="坐落" span={2}>
            {listing.location}
          </Descriptions.Item>
          <Descriptions.Item label="不动产单元号" span={2}>
            {listing.unitNumber}
          </Descriptions.Item>
          <Descriptions.Item label="行政区">{districtName(listing.districtCode)}</Descriptions.Item>
          <Descriptions.Item label="用途">{landUseName(listing.landUse)}</Descriptions.Item>
          <Descriptions.Item label="类型">
            {LISTING_KIND_LABELS[listing.kind]} · {LISTING_MODE_LABELS[listing.mode]}
          </Descriptions.Item>
          <Descriptions.Item label="权利性质">
            {RIGHT_TYPE_LABELS[listing.rightType]}
            {listing.termEnd && `，至 ${date(listing.termEnd)}`}
          </Descriptions.Item>
          <Descriptions.Item label="面积">{listing.areaM2} ㎡</Descriptions.Item>
          <Descriptions.Item label="挂牌价">{yuan(listing.askingPrice)}</Descriptions.Item>
          {listing.bidIncrement && (
            <Descriptions.Item label="加价幅度">{yuan(listing.bidIncrement)}</Descriptions.Item>
          )}
          {listing.leaseTerm && (
            <Descriptions.Item label="租赁期限">
              {date(listing.leaseTerm.start)} 至 {date(listing.leaseTerm.end)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label="挂牌期" span={2}>
            {dateTime(listing.startsAt)} 至 {dateTime(listing.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label="规划指标" span={2}>
            容积率 {listing.planning.plotRatio ?? '—'} · 建筑密度 {listing.planning.buildingDensity ?? '—'} ·
            绿地率 {listing.planning.greenRatio ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="描述" span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {listing.description}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
        <Card size="small" title="挂牌人声明">
          <Space wrap>
            {DECLARATION_KEYS.map((key) => (
              <Tag key={key} color={listing.declarations[key] ? 'blue' : 'default'}>
                {DECLARATION_LABELS[key].zh}：{listing.declarations[key] ? '是' : '否'}
              </Tag>
            ))}
          </Space>
        </Card>
        {listing.attachments.length > 0 && (
          <Card size="small" title="附件">
            <Space wrap>
              {listing.attachments.map((attachment, index) => (
                <Button
                  key={attachment.fileId}
                  size="small"
                  onClick={() =>
                    setPreview({
                      kind: 'file',
                      fileId: attachment.fileId,
                      title: `${attachment.kind === 'photo' ? '照片' : '文件'} ${index + 1}`,
                    })
                  }
                >
                  {attachment.kind === 'photo' ? '照片' : '文件'} {index + 1}
                </Button>
              ))}
            </Space>
          </Card>
        )}
        <Card size="small" title="登记簿核对">
          <RegisterExtract unitNumber={listing.unitNumber} version={listing.version} />
        </Card>
      </Space>
      {revoking && (
        <RevokeDialog
          listing={listing}
          onClose={() => setRevoking(false)}
          onDone={() => {
            setRevoking(false);
            onChanged();
            onClose();
          }}
        />
      )}
      <DocumentPreview target={preview} onClose={() => setPreview(null)} />
    </Drawer>
  );
}

/** 挂牌确认: listings the sellers published, waiting for the registrar to check them against the register. */
export function ListingConfirmation() {
  const pending = useRequest(
    () => call<ListingOwnerView[]>(http.GET('/api/v1/listings/pending-confirmation')),
    [],
  );
  const [reviewing, setReviewing] = useState<ListingOwnerView | null>(null);

  return (
    <Card
      title="挂牌确认"
      extra={
        <Button size="small" onClick={pending.reload} loading={pending.loading}>
          刷新
        </Button>
      }
    >
      <ErrorBanner error={pending.error} />
      <Table<ListingOwnerView>
        rowKey="id"
        size="middle"
        loading={pending.loading}
        dataSource={pending.data ?? []}
        locale={{ emptyText: '暂无待确认的挂牌' }}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${total} 条` }}
        columns={[
          { title: '挂牌编号', dataIndex: 'listingNumber' },
          {
            title: '坐落',
            render: (_, listing) => (
              <Space direction="vertical" size={0}>
                {listing.location}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {listing.unitNumber}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '类型',
            render: (_, listing) => (
              <Space size={4}>
                <Tag color={listing.kind === 'transfer' ? 'blue' : 'green'}>
                  {LISTING_KIND_LABELS[listing.kind]}
                </Tag>
                {LISTING_MODE_LABELS[listing.mode]}
              </Space>
            ),
          },
          { title: '面积（㎡）', dataIndex: 'areaM2', align: 'right' },
          { title: '挂牌价', align: 'right', render: (_, listing) => yuan(listing.askingPrice) },
          { title: '挂牌截止', render: (_, listing) => dateTime(listing.endsAt) },
          {
            title: '状态',
            render: (_, listing) => <Tag color="orange">{LISTING_STATUS_LABELS[listing.status]}</Tag>,
          },
          { title: '版本', dataIndex: 'version', width: 70 },
          {
            title: '操作',
            fixed: 'right',
            width: 90,
            render: (_, listing) => (
              <Button size="small" type="primary" onClick={() => setReviewing(listing)}>
                审阅
              </Button>
            ),
          },
        ]}
      />
      {reviewing && (
        <ListingReview listing={reviewing} onClose={() => setReviewing(null)} onChanged={pending.reload} />
      )}
    </Card>
  );
}
