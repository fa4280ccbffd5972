import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Grid,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { BarChart, type BarSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useEffect, useMemo, useState } from 'react';
import { call, http } from '../api/client';
import { ErrorBanner, Loadable, showFieldErrors } from '../common/feedback';
import { useRequest } from '../common/useRequest';
import { hectares, share, tenThousandYuan } from './format';
import type {
  BenchmarkBucket,
  RevitalisationComparison,
  StatisticsGroupBy,
  TransactionGroup,
  TransactionStatistics,
} from './views';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = echarts.ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

type Metric = 'count' | 'areaHa' | 'value';

const METRICS: { value: Metric; label: string; unit: string }[] = [
  { value: 'count', label: '宗数', unit: '宗' },
  { value: 'areaHa', label: '面积', unit: '公顷' },
  { value: 'value', label: '金额', unit: '万元' },
];

/** The statistics API takes dates in these years only. */
const FIRST_DAY = dayjs('2000-01-01');
const LAST_DAY = dayjs('2100-12-31');

const RANGE_PRESETS: { label: string; value: [Dayjs, Dayjs] }[] = [
  { label: '本年', value: [dayjs().startOf('year'), dayjs().endOf('year')] },
  {
    label: '上年',
    value: [dayjs().subtract(1, 'year').startOf('year'), dayjs().subtract(1, 'year').endOf('year')],
  },
  { label: '“十四五”期间', value: [dayjs('2021-01-01'), dayjs('2025-12-31')] },
];

interface Figures {
  district: TransactionStatistics;
  month: TransactionStatistics;
  kind: TransactionStatistics;
}

function metricValue(group: TransactionGroup, metric: Metric): number {
  if (metric === 'count') return group.count;
  if (metric === 'areaHa') return Number(group.areaHa);
  return tenThousandYuan(group.value);
}

function count(value: number): string {
  return value.toLocaleString('zh-CN');
}

function amount(value: string): string {
  return `${Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;
}

function Chart({ option, testId, label }: { option: ChartOption; testId: string; label: string }) {
  return (
    <div data-testid={testId} role="img" aria-label={`${label}（数据见下表）`}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300 }} />
    </div>
  );
}

function groupsChart(groups: TransactionGroup[], metric: Metric): ChartOption {
  const { label, unit } = METRICS.find((candidate) => candidate.value === metric)!;
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: groups.map((group) => group.label) },
    yAxis: { type: 'value', name: unit, minInterval: metric === 'count' ? 1 : undefined },
    series: [
      {
        type: 'bar',
        name: `${label}（${unit}）`,
        data: groups.map((group) => metricValue(group, metric)),
        barMaxWidth: 48,
      },
    ],
  };
}

function benchmarkChart(buckets: BenchmarkBucket[]): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 宗（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        label: { formatter: '{c} 宗' },
        // Empty buckets would only stack zero labels on one another; the table lists every bucket.
        data: buckets
          .filter((bucket) => bucket.count > 0)
          .map((bucket) => ({ name: bucket.label, value: bucket.count })),
      },
    ],
  };
}

function revitalisationChart(targets: RevitalisationComparison[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 56, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: targets.map((target) => target.label) },
    yAxis: { type: 'value', name: '公顷' },
    series: [
      {
        type: 'bar',
        name: '闲置土地处置目标',
        data: targets.map((target) => Number(target.idleLand.targetHa)),
        barMaxWidth: 48,
      },
      {
        type: 'bar',
        name: '经本平台盘活',
        data: targets.map((target) => Number(target.idleLand.actualHa)),
        barMaxWidth: 48,
      },
    ],
  };
}

function FiguresTable({
  groups,
  totals,
  title,
  testId,
}: {
  groups: TransactionGroup[];
  totals: TransactionStatistics['totals'];
  title: string;
  testId: string;
}) {
  const columns: TableColumnsType<TransactionGroup> = [
    { title, dataIndex: 'label' },
    { title: '宗数', dataIndex: 'count', align: 'right', render: count },
    { title: '面积（公顷）', dataIndex: 'areaHa', align: 'right', render: (area: string) => hectares(area) },
    { title: '金额', dataIndex: 'value', align: 'right', render: amount },
  ];
  return (
    <Table<TransactionGroup>
      rowKey="key"
      size="small"
      data-testid={testId}
      pagination={false}
      scroll={{ x: true }}
      dataSource={groups}
      columns={columns}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            {count(totals.count)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            {hectares(totals.areaHa)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            {amount(totals.value)}
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

async function load(from: string, to: string): Promise<Figures> {
  const one = (groupBy: StatisticsGroupBy) =>
    call<TransactionStatistics>(
      http.GET('/api/v1/stats/transactions', { params: { query: { from, to, groupBy } } }),
    );
  const [district, month, kind] = await Promise.all([one('district'), one('month'), one('kind')]);
  return { district, month, kind };
}

/** 交易统计 (`/statistics`): each chart has its figures in a table beside it, for readers who cannot see it. */
export default function Statistics() {
  const [form] = Form.useForm<{ range: [Dayjs, Dayjs] }>();
  const [range, setRange] = useState<[string, string]>([
    dayjs().startOf('year').format('YYYY-MM-DD'),
    dayjs().endOf('year').format('YYYY-MM-DD'),
  ]);
  const [metric, setMetric] = useState<Metric>('count');
  const wide = Grid.useBreakpoint().md;
  const figures = useRequest(() => load(range[0], range[1]), [range]);
  const [unplaced, setUnplaced] = useState<unknown>(null);

  useEffect(() => {
    if (!figures.error) {
      setUnplaced(null);
      return;
    }
    const placed = showFieldErrors(form, figures.error, { from: ['range'], to: ['range'] });
    setUnplaced(placed ? null : figures.error);
  }, [figures.error, form]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="交易统计">
        <Typography.Paragraph type="secondary">
          按登簿日期统计经本平台登簿的转移、租赁、抵押等登记。金额只计转让价款和年租金；抵押担保金额属于当事人信息，不计入。
        </Typography.Paragraph>
        <Form
          form={form}
          layout={wide ? 'inline' : 'vertical'}
          requiredMark={false}
          initialValues={{ range: [dayjs(range[0]), dayjs(range[1])] }}
          onFinish={({ range: [from, to] }) => setRange([from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD')])}
        >
          <Form.Item name="range" label="登簿日期" rules={[{ required: true, message: '请选择统计期间' }]}>
            <DatePicker.RangePicker
              allowClear={false}
              presets={RANGE_PRESETS}
              minDate={FIRST_DAY}
              maxDate={LAST_DAY}
              style={{ width: wide ? 280 : '100%' }}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={figures.loading} block={!wide}>
              统计
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorBanner error={unplaced} />
      {!figures.error && (
        <Loadable state={figures}>
          {(data) => <Report figures={data} metric={metric} onMetric={setMetric} />}
        </Loadable>
      )}
    </Space>
  );
}

function Report({
  figures,
  metric,
  onMetric,
}: {
  figures: Figures;
  metric: Metric;
  onMetric: (metric: Metric) => void;
}) {
  const { district, month, kind } = figures;
  const districtOption = useMemo(() => groupsChart(district.groups, metric), [district, metric]);
  const monthOption = useMemo(() => groupsChart(month.groups, metric), [month, metric]);
  const benchmark = district.priceVersusBenchmark;
  const idle = district.idleLandRevitalised;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Row gutter={[16, 16]} data-testid="stats-totals">
          <Col xs={12} md={6}>
            <Statistic title="登记宗数" value={district.totals.count} suffix="宗" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="登记面积" value={Number(district.totals.areaHa)} suffix="公顷" />
          </Col>
          <Col xs={24} md={6}>
            <Statistic
              title="成交金额"
              value={tenThousandYuan(district.totals.value)}
              precision={2}
              suffix="万元"
            />
          </Col>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">
              统计期间：{district.from} 至 {district.to}
            </Typography.Text>
          </Col>
        </Row>
      </Card>
      <Space wrap>
        <Typography.Text>图表显示：</Typography.Text>
        <Segmented<Metric>
          options={METRICS.map(({ value, label, unit }) => ({ value, label: `${label}（${unit}）` }))}
          value={metric}
          onChange={onMetric}
        />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="按行政区" size="small">
            <Chart option={districtOption} testId="chart-district" label="按行政区统计的图表" />
            <FiguresTable
              groups={district.groups}
              totals={district.totals}
              title="行政区"
              testId="table-district"
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="按月份" size="small">
            <Chart option={monthOption} testId="chart-month" label="按月份统计的图表" />
            <FiguresTable groups={month.groups} totals={month.totals} title="月份" testId="table-month" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="按登记类型" size="small">
            <FiguresTable groups={kind.groups} totals={kind.totals} title="登记类型" testId="table-kind" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="申报价格与基准地价对比（转让）" size="small">
            {benchmark.transfers === 0 ? (
              <Empty description="统计期间内没有转让登记" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Chart
                option={benchmarkChart(benchmark.buckets)}
                testId="chart-benchmark"
                label="申报价格与基准地价对比图表"
              />
            )}
            <Table<BenchmarkBucket>
              rowKey="key"
              size="small"
              data-testid="table-benchmark"
              pagination={false}
              dataSource={benchmark.buckets}
              columns={[
                { title: '申报价格相当于', dataIndex: 'label' },
                { title: '宗数', dataIndex: 'count', align: 'right', render: count },
                {
                  title: '占比',
                  dataIndex: 'count',
                  align: 'right',
                  render: (value: number) => share(value, benchmark.transfers),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              低于基准地价 80% 的转让，政府可依法行使优先购买权。
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24}>
          <Revitalisation idle={idle} />
        </Col>
      </Row>
    </Space>
  );
}

function Revitalisation({ idle }: { idle: TransactionStatistics['idleLandRevitalised'] }) {
  const wide = Grid.useBreakpoint().lg;
  return (
    <Card title="闲置土地盘活与目标（乌海政发〔2023〕5号）" size="small">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Chart
            option={revitalisationChart(idle.targets)}
            testId="chart-revitalisation"
            label="闲置土地盘活与目标对比图表"
          />
        </Col>
        <Col xs={24} lg={14}>
          <Table<RevitalisationComparison>
            rowKey="period"
            size="small"
            data-testid="table-revitalisation"
            pagination={false}
            scroll={{ x: true }}
            dataSource={idle.targets}
            columns={[
              {
                title: '目标期间',
                dataIndex: 'label',
                render: (label: string, target) =>
                  wide ? (
                    <>
                      {label}
                      <br />
                      <Typography.Text type="secondary">
                        {target.from} 至 {target.to}
                      </Typography.Text>
                    </>
                  ) : (
                    label
                  ),
              },
              {
                title: '闲置土地处置目标',
                align: 'right',
                render: (_, target) => hectares(target.idleLand.targetHa),
              },
              {
                title: '经本平台盘活',
                align: 'right',
                render: (_, target) => hectares(target.idleLand.actualHa),
              },
              {
                title: '完成率',
                align: 'right',
                render: (_, target) =>
                  share(Number(target.idleLand.actualHa), Number(target.idleLand.targetHa), 2),
              },
              {
                title: '批而未供土地消化目标',
                align: 'right',
                responsive: ['md'],
                render: (_, target) => hectares(target.approvedButUnsupplied.targetHa),
              },
            ]}
          />
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            message={`统计口径：${idle.basis.zh}。`}
            description={`批而未供土地：${idle.targets[0]?.approvedButUnsupplied.note.zh ?? ''}。`}
          />
          <Table
            style={{ marginTop: 12 }}
            rowKey="year"
            size="small"
            data-testid="table-revitalisation-years"
            pagination={false}
            dataSource={idle.byYear}
            locale={{ emptyText: '统计期间内没有闲置土地经本平台盘活' }}
            title={() => '统计期间内逐年盘活情况'}
            columns={[
              { title: '年份', dataIndex: 'year' },
              { title: '宗数', dataIndex: 'count', align: 'right', render: count },
              {
                title: '面积',
                dataIndex: 'areaHa',
                align: 'right',
                render: (area: string) => hectares(area),
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
