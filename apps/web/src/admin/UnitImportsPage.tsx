import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { CSV_COLUMNS, CSV_HOLDER_SEPARATOR, CSV_REQUIRED_COLUMNS } from '@domain/register/unit-file';
import { useEffect, useState } from 'react';
import { call, fetchDocument, http } from '../api/client';
import type { CountedPage } from '../api/views';
import { ErrorBanner, Loadable, messageOf } from '../common/feedback';
import { dateTime } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { IMPORT_STATUS } from './labels';
import type { UnitImportView } from './views';

const PAGE_SIZE = 10;
const POLL_MS = 1500;

const FORMAT_NOTES: [string, string][] = [
  [
    '校验：',
    '每个单元须通过与逐个登记相同的校验（不动产单元号、权利人证件号码、份额、宗地图形与重叠等）；通过的单元分批登记，有问题的记录写入错误报告（行号、字段、原因），其余记录照常导入。',
  ],
  [
    'CSV：',
    `首行为列名，必需列 ${CSV_REQUIRED_COLUMNS.join('、')}；holders 每名权利人写作“类型;姓名或名称;证件号码;份额”，多名以 ${CSV_HOLDER_SEPARATOR} 分隔。`,
  ],
  ['GeoJSON：', 'FeatureCollection，每个要素的 properties 为单元字段，geometry 为宗地（EPSG:4490）。'],
  ['重复导入：', '已在登记簿中的单元计为“已在登记簿”，不会重复登记，修正后可重新上传整个文件。'],
];

function running(item: UnitImportView): boolean {
  return item.status === 'queued' || item.status === 'running';
}

function sizeOf(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function saveBlob(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function downloadReport(item: UnitImportView): Promise<void> {
  const url = await fetchDocument(item.errorReportUrl!);
  saveBlob(url, `${item.fileName.replace(/\.[^.]*$/, '')}.errors.csv`);
}

/** 单元导入: a CSV or GeoJSON file of units goes to the worker; its progress, counts and problem report show here. */
export function UnitImportsPage({ readOnly }: { readOnly: boolean }) {
  const [page, setPage] = useState(1);
  const [current, setCurrent] = useState<UnitImportView | null>(null);
  const history = useRequest(
    () =>
      call<CountedPage<UnitImportView>>(
        http.GET('/api/v1/unit-imports', { params: { query: { page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );
  const historyActive = history.data?.items.some(running) ?? false;
  const { reload } = history;

  useEffect(() => {
    if (!historyActive && !(current && running(current))) return;
    const timer = setInterval(() => {
      reload();
      if (current && running(current)) {
        call<UnitImportView>(
          http.GET('/api/v1/unit-imports/{id}', { params: { path: { id: current.id } } }),
        ).then(setCurrent, () => undefined);
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [historyActive, current, reload]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {!readOnly && (
        <UploadCard
          onStarted={(started) => {
            setCurrent(started);
            if (page === 1) reload();
            else setPage(1);
          }}
        />
      )}
      {current && <CurrentImport item={current} />}
      <Card title="导入记录">
        <Loadable state={history}>
          {(data) => (
            <Table<UnitImportView>
              rowKey="id"
              size="middle"
              dataSource={data.items}
              scroll={{ x: 1000 }}
              locale={{ emptyText: '尚无导入记录' }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: data.total,
                showSizeChanger: false,
                onChange: setPage,
              }}
              columns={[
                {
                  title: '文件',
                  render: (_, item) => (
                    <Space direction="vertical" size={0}>
                      {item.fileName}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {item.format === 'csv' ? 'CSV' : 'GeoJSON'} · {sizeOf(item.fileSize)}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: '状态', width: 180, render: (_, item) => <ImportState item={item} /> },
                { title: '已读取', dataIndex: 'read', width: 80, align: 'right' },
                { title: '新登记', dataIndex: 'imported', width: 80, align: 'right' },
                { title: '已在登记簿', dataIndex: 'alreadyRegistered', width: 100, align: 'right' },
                { title: '被拒绝', dataIndex: 'rejected', width: 80, align: 'right' },
                {
                  title: '发起',
                  width: 170,
                  render: (_, item) => (
                    <Space direction="vertical" size={0}>
                      {item.requestedBy.displayName}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {dateTime(item.createdAt)}
                      </Typography.Text>
                    </Space>
                  ),
                },
                {
                  title: '错误报告',
                  width: 100,
                  render: (_, item) => item.errorReportUrl && <ReportButton item={item} size="small" />,
                },
              ]}
            />
          )}
        </Loadable>
      </Card>
    </Space>
  );
}

function ImportState({ item }: { item: UnitImportView }) {
  const status = IMPORT_STATUS[item.status];
  if (item.status === 'running') {
    return <Progress percent={Math.floor(item.progress * 100)} size="small" status="active" />;
  }
  const tag = <Tag color={status.color}>{status.label}</Tag>;
  return item.failure ? <Tooltip title={item.failure}>{tag}</Tooltip> : tag;
}

function ReportButton({ item, size }: { item: UnitImportView; size?: 'small' }) {
  const { message } = App.useApp();
  const [loading, setLoading] = useState(false);
  return (
    <Button
      size={size}
      loading={loading}
      onClick={async () => {
        setLoading(true);
        try {
          await downloadReport(item);
        } catch (failure) {
          message.error(`错误报告下载失败：${messageOf(failure)}`);
        } finally {
          setLoading(false);
        }
      }}
    >
      下载
    </Button>
  );
}

function UploadCard({ onStarted }: { onStarted: (item: UnitImportView) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async () => {
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const started = await call<UnitImportView>(
        http.POST('/api/v1/unit-imports', {
          body: form as never,
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
      setFile(null);
      onStarted(started);
    } catch (failure) {
      setError(failure);
    } finally {
      setUploading(false);
    }
  };

  const downloadTemplate = () => {
    const blob = new Blob([`\uFEFF${CSV_COLUMNS.join(',')}\n`], { type: 'text/csv;charset=utf-8' });
    saveBlob(URL.createObjectURL(blob), 'units-template.csv');
  };

  return (
    <Card title="上传单元文件" extra={<Button onClick={downloadTemplate}>下载 CSV 模板</Button>}>
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Upload.Dragger
              accept=".csv,.geojson,.json"
              multiple={false}
              showUploadList={false}
              beforeUpload={(chosen) => {
                setFile(chosen);
                setError(null);
                return false;
              }}
            >
              <p className="ant-upload-text">{file ? file.name : '点击或拖入 CSV / GeoJSON 文件'}</p>
              <p className="ant-upload-hint">{file ? sizeOf(file.size) : '一次一个文件，UTF-8 编码'}</p>
            </Upload.Dragger>
            <ErrorBanner error={error} />
            <Button type="primary" disabled={!file} loading={uploading} onClick={start}>
              开始导入
            </Button>
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          {FORMAT_NOTES.map(([title, text]) => (
            <Typography.Paragraph key={title}>
              <Typography.Text strong>{title}</Typography.Text>
              {text}
            </Typography.Paragraph>
          ))}
        </Col>
      </Row>
    </Card>
  );
}

function CurrentImport({ item }: { item: UnitImportView }) {
  const status = IMPORT_STATUS[item.status];
  const percent = item.status === 'succeeded' ? 100 : Math.floor(item.progress * 100);
  return (
    <Card
      title={`本次导入：${item.fileName}`}
      extra={
        <Tag color={status.color} data-testid="import-status">
          {status.label}
        </Tag>
      }
    >
      <Progress
        percent={percent}
        status={item.status === 'failed' ? 'exception' : item.status === 'succeeded' ? 'success' : 'active'}
        data-testid="import-progress"
      />
      <Row gutter={16} style={{ marginTop: 12 }}>
        <Col span={4}>
          <Statistic title="已读取" value={item.read} />
        </Col>
        <Col span={4}>
          <Statistic title="新登记" value={item.imported} valueStyle={{ color: '#389e0d' }} />
        </Col>
        <Col span={4}>
          <Statistic title="已在登记簿" value={item.alreadyRegistered} />
        </Col>
        <Col span={4}>
          <Statistic
            title="被拒绝"
            value={item.rejected}
            valueStyle={item.rejected ? { color: '#cf1322' } : undefined}
          />
        </Col>
        <Col span={4}>
          <Statistic title="问题条数" value={item.problems} />
        </Col>
        <Col span={4} style={{ display: 'flex', alignItems: 'flex-end' }}>
          {item.errorReportUrl && <ReportButton item={item} />}
        </Col>
      </Row>
      {item.status === 'succeeded' && item.rejected > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          message={`${item.rejected} 条记录未导入，请下载错误报告，修正后重新上传（已登记的单元不会重复登记）。`}
        />
      )}
      {item.failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          message="导入失败"
          description={item.failure}
        />
      )}
      {running(item) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          导入在后台进行，可离开本页，稍后在导入记录中查看结果。
        </Typography.Paragraph>
      )}
    </Card>
  );
}
