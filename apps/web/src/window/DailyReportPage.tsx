import type { RegistrationKind } from '@domain/registration/registration-model';
import { App, Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { call, http } from '../api/client';
import { Loadable, messageOf } from '../common/feedback';
import { REGISTRATION_KIND_LABELS } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { useCounterWindow } from './CounterWindow';
import { ReportDayPicker, useReportDay } from './ReportDay';
import type { OutcomeCounts, WindowDaySummary } from './views';

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} 分 ${seconds % 60} 秒` : `${seconds} 秒`;
}

/** 日报: this window's figures for a day, and the same as CSV for the centre's spreadsheets. */
export function DailyReportPage() {
  const counter = useCounterWindow();
  const { message } = App.useApp();
  const [day, setDay] = useReportDay();
  const [downloading, setDownloading] = useState(false);
  const query = { date: day, windowId: counter.id };
  const report = useRequest(
    () => call<WindowDaySummary[]>(http.GET('/api/v1/windows/reports/daily', { params: { query } })),
    [day, counter.id],
  );

  async function download() {
    setDownloading(true);
    try {
      const csv = await call<Blob>(
        http.GET('/api/v1/windows/reports/daily', {
          params: { query: { ...query, format: 'csv' } },
          parseAs: 'blob',
        }),
      );
      const link = document.createElement('a');
      link.href = URL.createObjectURL(csv);
      link.download = `窗口日报-${counter.code}-${day}.csv`;
      link.click();
      // The download starts after this handler returns; the URL must outlive it.
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (failure) {
      message.error(messageOf(failure));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        日报
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Text>日期</Typography.Text>
          <ReportDayPicker day={day} onChange={setDay} />
          <Button onClick={download} loading={downloading} data-testid="download-report">
            下载 CSV
          </Button>
        </Space>
      </Card>
      <Loadable state={report}>
        {(summaries) => {
          const summary = summaries[0];
          if (!summary) return <Empty description="本窗口该日没有日报数据" />;
          const kinds = Object.entries(summary.byKind) as [RegistrationKind, OutcomeCounts][];
          return (
            <>
              <Row gutter={12} style={{ marginBottom: 12 }} data-testid="daily-figures">
                {[
                  { title: '接件', value: summary.received },
                  { title: '当场受理', value: summary.accepted },
                  { title: '一次性告知', value: summary.refused },
                ].map((figure) => (
                  <Col span={6} key={figure.title}>
                    <Card size="small">
                      <Statistic title={figure.title} value={figure.value} suffix="件" />
                    </Card>
                  </Col>
                ))}
                <Col span={6}>
                  <Card size="small">
                    <Statistic title="平均办理时长" value={duration(summary.averageHandlingSeconds)} />
                  </Card>
                </Col>
              </Row>
              <Card size="small" title={`${summary.windowName} · 按登记类型`}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={([kind]) => kind}
                  dataSource={kinds}
                  columns={[
                    {
                      title: '登记类型',
                      key: 'kind',
                      render: (_, [kind]) => REGISTRATION_KIND_LABELS[kind],
                    },
                    { title: '接件', key: 'received', render: (_, [, counts]) => counts.received },
                    { title: '当场受理', key: 'accepted', render: (_, [, counts]) => counts.accepted },
                    { title: '一次性告知', key: 'refused', render: (_, [, counts]) => counts.refused },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </Loadable>
    </>
  );
}
