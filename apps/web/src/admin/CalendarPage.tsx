import {
  Alert,
  App,
  Button,
  Calendar,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { call, http } from '../api/client';
import { ErrorBanner, Loadable } from '../common/feedback';
import { useRequest } from '../common/useRequest';
import { FormModal } from './FormModal';
import { ReasonField, ReasonModal } from './ReasonModal';
import type { CalendarDay, CalendarYear } from './views';
import './admin.css';

const DATE = 'YYYY-MM-DD';
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const SOURCE_LABELS = { 'chinese-days': '国务院通知（内置）', admin: '管理员录入' } as const;

type DayKind = 'holiday' | 'workday';
interface MarkedDay extends CalendarDay {
  kind: DayKind;
}

interface DayFields {
  kind: DayKind | 'none';
  name?: string;
  reason: string;
}

function isWeekend(date: Dayjs): boolean {
  return date.day() === 0 || date.day() === 6;
}

/**
 * 工作日历: the State Council's holidays and make-up working days by month, which every working-day deadline
 * counts with. A year is provisional until an administrator declares its notice fully entered.
 */
export function CalendarPage({ readOnly }: { readOnly: boolean }) {
  const { message } = App.useApp();
  const [shown, setShown] = useState(() => dayjs());
  const [editing, setEditing] = useState<Dayjs | null>(null);
  const [covering, setCovering] = useState(false);
  const year = shown.year();
  const calendar = useRequest(
    () => call<CalendarYear>(http.GET('/api/v1/calendar/{year}', { params: { path: { year } } })),
    [year],
  );
  const marked = useMemo(() => {
    const days = new Map<string, MarkedDay>();
    for (const day of calendar.data?.holidays ?? []) days.set(day.date, { ...day, kind: 'holiday' });
    for (const day of calendar.data?.makeupWorkdays ?? []) days.set(day.date, { ...day, kind: 'workday' });
    return days;
  }, [calendar.data]);
  const yearOptions = useMemo(() => {
    const now = dayjs().year();
    return Array.from({ length: 5 }, (_, index) => now - 2 + index).map((value) => ({
      value,
      label: `${value} 年`,
    }));
  }, []);

  const cell = (date: Dayjs) => {
    const day = marked.get(date.format(DATE));
    if (!day) return null;
    const text = `${day.kind === 'holiday' ? '休' : '班'}${day.name ? ` · ${day.name}` : ''}`;
    return (
      <Tag color={day.kind === 'holiday' ? 'red' : 'orange'} className="admin-calendar-mark" title={text}>
        {text}
      </Tag>
    );
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {calendar.data && !calendar.data.covered && (
        <Alert
          type="warning"
          showIcon
          message={`${year} 年节假日安排尚未确认完整录入`}
          description="在确认之前，该年的日期只是暂定的工作日，依赖这些日期的办理期限均标记为“暂定”。录入国务院办公厅当年节假日安排通知的全部放假日与调休上班日后，请确认完整录入。"
          action={
            !readOnly && (
              <Button onClick={() => setCovering(true)} data-testid="cover-year">
                确认已完整录入
              </Button>
            )
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card
            title="工作日历"
            extra={
              <Space size="small">
                <Tag color="red">休</Tag>节假日
                <Tag color="orange">班</Tag>调休上班日
              </Space>
            }
          >
            {calendar.error ? (
              <ErrorBanner error={calendar.error} />
            ) : (
              <Calendar
                className="admin-calendar"
                value={shown}
                onSelect={(date, { source }) => {
                  setShown(date);
                  if (source === 'date' && !readOnly) setEditing(date);
                }}
                cellRender={(date, info) => (info.type === 'date' ? cell(date) : null)}
                headerRender={({ value, onChange }) => (
                  <Space style={{ marginBottom: 12 }}>
                    <Button onClick={() => onChange(value.subtract(1, 'month'))}>上月</Button>
                    <Select
                      aria-label="年份"
                      value={value.year()}
                      options={yearOptions}
                      onChange={(next: number) => onChange(value.year(next))}
                      style={{ width: 100 }}
                    />
                    <Select
                      aria-label="月份"
                      value={value.month()}
                      options={Array.from({ length: 12 }, (_, index) => ({
                        value: index,
                        label: `${index + 1} 月`,
                      }))}
                      onChange={(next: number) => onChange(value.month(next))}
                      style={{ width: 90 }}
                    />
                    <Button onClick={() => onChange(value.add(1, 'month'))}>下月</Button>
                    <Button onClick={() => onChange(dayjs())}>本月</Button>
                    {calendar.loading && <Typography.Text type="secondary">加载中…</Typography.Text>}
                  </Space>
                )}
              />
            )}
            {!readOnly && (
              <Typography.Text type="secondary">
                点击日期可设为节假日、调休上班日或恢复按周末判断。
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={`${year} 年放假与调休`}>
            <Loadable state={calendar}>
              {(data) => (
                <Table<MarkedDay>
                  rowKey="date"
                  size="small"
                  dataSource={[...marked.values()].sort((a, b) => a.date.localeCompare(b.date))}
                  locale={{ emptyText: `${data.year} 年尚未录入节假日` }}
                  pagination={{ pageSize: 12, size: 'small', showSizeChanger: false }}
                  onRow={(day) => ({ onClick: () => setShown(dayjs(day.date)) })}
                  columns={[
                    { title: '日期', dataIndex: 'date', width: 100 },
                    {
                      title: '类型',
                      width: 64,
                      render: (_, day) =>
                        day.kind === 'holiday' ? <Tag color="red">休</Tag> : <Tag color="orange">班</Tag>,
                    },
                    { title: '名称', dataIndex: 'name', render: (name: string | null) => name ?? '—' },
                  ]}
                />
              )}
            </Loadable>
          </Card>
        </Col>
      </Row>
      {editing && (
        <DayModal
          date={editing}
          marked={marked.get(editing.format(DATE))}
          onClose={() => setEditing(null)}
          onSaved={() => {
            message.success(`已更新 ${editing.format(DATE)}`);
            setEditing(null);
            calendar.reload();
          }}
        />
      )}
      <ReasonModal
        title={`确认 ${year} 年节假日安排已完整录入`}
        open={covering}
        okText="确认"
        placeholder={`如：国务院办公厅关于${year}年部分节假日安排的通知已全部录入`}
        onCancel={() => setCovering(false)}
        onConfirm={async (reason) => {
          await call(
            http.POST('/api/v1/calendar/{year}/cover', { params: { path: { year } }, body: { reason } }),
          );
          message.success(`${year} 年日历已确认`);
          setCovering(false);
          calendar.reload();
        }}
      >
        <Typography.Paragraph type="secondary">
          确认后该年日期不再是暂定的；此后仍可逐日修改。
        </Typography.Paragraph>
      </ReasonModal>
    </Space>
  );
}

/**
 * One date: a weekday may become a holiday and a weekend day a make-up working day (the only marks the server
 * accepts), or either may go back to the weekly rule.
 */
function DayModal({
  date,
  marked,
  onClose,
  onSaved,
}: {
  date: Dayjs;
  marked: MarkedDay | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<DayFields>();
  const weekend = isWeekend(date);
  const mark: DayKind = weekend ? 'workday' : 'holiday';
  const kind = Form.useWatch('kind', form);
  const current = marked
    ? `${marked.kind === 'holiday' ? '节假日' : '调休上班日'}${marked.name ? `（${marked.name}）` : ''}`
    : weekend
      ? '休息日（周末）'
      : '工作日';

  const save = async (values: DayFields) => {
    await call(
      http.PUT('/api/v1/calendar/days/{date}', {
        params: { path: { date: date.format(DATE) } },
        body: {
          kind: values.kind === 'none' ? null : values.kind,
          name: values.kind === 'none' ? undefined : values.name?.trim() || undefined,
          reason: values.reason.trim(),
        },
      }),
    );
    onSaved();
  };

  return (
    <FormModal
      form={form}
      title={`设置 ${date.format(DATE)}（${WEEKDAYS[date.day()]}）`}
      okText="保存"
      intro={
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
          <Descriptions.Item label="当前">{current}</Descriptions.Item>
          {marked && <Descriptions.Item label="来源">{SOURCE_LABELS[marked.source]}</Descriptions.Item>}
        </Descriptions>
      }
      initialValues={{ kind: marked ? 'none' : mark, name: marked?.name ?? undefined }}
      save={save}
      onCancel={onClose}
    >
      <Form.Item name="kind" label="设为">
        <Radio.Group
          options={[
            weekend
              ? { value: 'workday', label: '调休上班日' }
              : { value: 'holiday', label: '节假日（放假）' },
            { value: 'none', label: weekend ? '休息日（按周末）' : '工作日（不作标记）' },
          ]}
        />
      </Form.Item>
      {kind !== 'none' && (
        <Form.Item name="name" label="节日名称" rules={[{ max: 50, message: '不超过 50 字' }]}>
          <Input placeholder="如：春节" maxLength={50} />
        </Form.Item>
      )}
      <ReasonField label="依据" placeholder="如：国务院办公厅关于部分节假日安排的通知" />
    </FormModal>
  );
}
