import { wuhaiDate } from '@domain/calendar/wuhai-time';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { call, http } from '../api/client';
import { Loadable } from '../common/feedback';
import { FilterSelect } from '../common/FilterSelect';
import { DISTRICT_OPTIONS, districtName, LAND_USE_OPTIONS } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { FormModal } from './FormModal';
import { actionColumn } from './forms';
import { ReasonModal } from './ReasonModal';
import type { BenchmarkPrice } from './views';

const DATE = 'YYYY-MM-DD';
const MONEY_RULE = {
  pattern: /^(?=.*[1-9])[0-9]{1,12}(\.[0-9]{1,2})?$/,
  message: '须为正数，最多两位小数',
};

interface Filter {
  districtCode?: string;
  landUse?: string;
  date?: Dayjs;
}

interface PriceFields {
  districtCode: string;
  landUseClass: string;
  grade: number;
  pricePerM2: string;
  validFrom: Dayjs;
  validTo: Dayjs;
}

function landUseClassName(code: string): string {
  return LAND_USE_OPTIONS.find((option) => option.value === code)?.label ?? code;
}

/** A price that has taken effect stands behind declarations already made, so the server keeps it unchanged. */
function inEffect(price: BenchmarkPrice): boolean {
  return price.validFrom <= wuhaiDate();
}

function periodTag(price: BenchmarkPrice) {
  if (price.validFrom > wuhaiDate()) return <Tag color="blue">未生效</Tag>;
  if (price.validTo < wuhaiDate()) return <Tag>已失效</Tag>;
  return <Tag color="success">现行</Tag>;
}

/** 基准地价: by district, land-use class and grade, each valid for a period; revised every three years. */
export function BenchmarkPricesPage({ readOnly }: { readOnly: boolean }) {
  const { message } = App.useApp();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [editing, setEditing] = useState<BenchmarkPrice | 'new' | null>(null);
  const [removing, setRemoving] = useState<BenchmarkPrice | null>(null);
  const prices = useRequest(
    () =>
      call<BenchmarkPrice[]>(
        http.GET('/api/v1/benchmark-prices', {
          params: {
            query: {
              districtCode: filter.districtCode,
              landUse: filter.landUse,
              date: filter.date?.format(DATE),
            },
          },
        }),
      ),
    [filter],
  );

  return (
    <Card
      title="基准地价"
      extra={
        !readOnly && (
          <Button type="primary" onClick={() => setEditing('new')}>
            新增基准地价
          </Button>
        )
      }
    >
      <Form form={filterForm} layout="inline" onFinish={setFilter} style={{ marginBottom: 16, rowGap: 8 }}>
        <FilterSelect name="districtCode" label="行政区" options={DISTRICT_OPTIONS} width={120} />
        <FilterSelect name="landUse" label="用途" options={LAND_USE_OPTIONS} width={190} />
        <Form.Item name="date" label="有效日期">
          <DatePicker placeholder="任意日期" />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={prices.loading}>
            查询
          </Button>
        </Form.Item>
      </Form>
      <Loadable state={prices}>
        {(data) => (
          <Table<BenchmarkPrice>
            rowKey="id"
            size="middle"
            loading={prices.loading}
            dataSource={data}
            scroll={{ x: 860 }}
            locale={{ emptyText: '没有符合条件的基准地价' }}
            pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${total} 条` }}
            columns={[
              { title: '行政区', render: (_, price) => districtName(price.districtCode), width: 100 },
              { title: '用途', render: (_, price) => landUseClassName(price.landUseClass) },
              { title: '级别', dataIndex: 'grade', width: 70, render: (grade: number) => `${grade} 级` },
              {
                title: '单价（元/㎡）',
                dataIndex: 'pricePerM2',
                align: 'right',
                render: (price: string) =>
                  Number(price).toLocaleString('zh-CN', { minimumFractionDigits: 2 }),
              },
              { title: '有效期', render: (_, price) => `${price.validFrom} 至 ${price.validTo}` },
              { title: '状态', width: 80, render: (_, price) => periodTag(price) },
              ...actionColumn<BenchmarkPrice>(readOnly, 140, (price) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(price)}>
                    修改
                  </Button>
                  {!inEffect(price) && (
                    <Button size="small" danger onClick={() => setRemoving(price)}>
                      删除
                    </Button>
                  )}
                </Space>
              )),
            ]}
          />
        )}
      </Loadable>
      {editing && (
        <PriceModal
          price={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            message.success(editing === 'new' ? '已新增基准地价' : '已保存基准地价');
            setEditing(null);
            prices.reload();
          }}
        />
      )}
      <ReasonModal
        title="删除基准地价"
        open={removing !== null}
        okText="删除"
        danger
        placeholder="如：录入错误"
        onCancel={() => setRemoving(null)}
        onConfirm={async (reason) => {
          await call(
            http.DELETE('/api/v1/benchmark-prices/{id}', {
              params: { path: { id: removing!.id } },
              body: { reason },
            }),
          );
          message.success('已删除');
          setRemoving(null);
          prices.reload();
        }}
      >
        {removing && (
          <Alert
            type="warning"
            style={{ marginBottom: 16 }}
            message={`${districtName(removing.districtCode)} · ${landUseClassName(removing.landUseClass)} · ${removing.grade} 级 · ${removing.pricePerM2} 元/㎡（${removing.validFrom} 至 ${removing.validTo}）`}
          />
        )}
      </ReasonModal>
    </Card>
  );
}

function PriceModal({
  price,
  onClose,
  onSaved,
}: {
  price: BenchmarkPrice | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<PriceFields>();
  const locked = price !== null && inEffect(price);

  const save = async (values: PriceFields) => {
    const body = {
      districtCode: values.districtCode,
      landUseClass: values.landUseClass,
      grade: values.grade,
      pricePerM2: values.pricePerM2.trim(),
      validFrom: values.validFrom.format(DATE),
      validTo: values.validTo.format(DATE),
    };
    if (price) {
      await call(http.PUT('/api/v1/benchmark-prices/{id}', { params: { path: { id: price.id } }, body }));
    } else {
      await call(http.POST('/api/v1/benchmark-prices', { body }));
    }
    onSaved();
  };

  return (
    <FormModal
      form={form}
      title={price ? '修改基准地价' : '新增基准地价'}
      okText="保存"
      intro={
        locked && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message="该价格已生效，只能调整有效期终止日（不早于今日）。价格调整请新增一条，起始日接续本条终止日。"
          />
        )
      }
      initialValues={
        price ? { ...price, validFrom: dayjs(price.validFrom), validTo: dayjs(price.validTo) } : { grade: 1 }
      }
      save={save}
      onCancel={onClose}
    >
      <Form.Item name="districtCode" label="行政区" rules={[{ required: true, message: '请选择行政区' }]}>
        <Select options={DISTRICT_OPTIONS} disabled={locked} />
      </Form.Item>
      <Form.Item
        name="landUseClass"
        label="用途（一级类）"
        rules={[{ required: true, message: '请选择用途' }]}
      >
        <Select options={LAND_USE_OPTIONS} disabled={locked} />
      </Form.Item>
      <Form.Item name="grade" label="土地级别" rules={[{ required: true, message: '请填写级别' }]}>
        <InputNumber min={1} max={20} precision={0} addonAfter="级" disabled={locked} />
      </Form.Item>
      <Form.Item
        name="pricePerM2"
        label="单价"
        rules={[{ required: true, message: '请填写单价' }, MONEY_RULE]}
      >
        <Input addonAfter="元/㎡" style={{ width: 220 }} disabled={locked} />
      </Form.Item>
      <Space size="large">
        <Form.Item name="validFrom" label="有效期起" rules={[{ required: true, message: '请选择起始日' }]}>
          <DatePicker disabled={locked} />
        </Form.Item>
        <Form.Item
          name="validTo"
          label="有效期止"
          dependencies={['validFrom']}
          rules={[
            { required: true, message: '请选择终止日' },
            ({ getFieldValue }) => ({
              validator: (_, value: Dayjs | undefined) =>
                !value || !getFieldValue('validFrom') || !value.isBefore(getFieldValue('validFrom'), 'day')
                  ? Promise.resolve()
                  : Promise.reject(new Error('终止日不能早于起始日')),
            }),
          ]}
        >
          <DatePicker />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
