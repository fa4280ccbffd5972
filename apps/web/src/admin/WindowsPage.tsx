import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiFailure, call, http } from '../api/client';
import type { AcceptanceWindow } from '../api/views';
import { ErrorBanner, Loadable } from '../common/feedback';
import { DISTRICT_OPTIONS, districtName } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { FormModal } from './FormModal';
import { actionColumn, changedFields } from './forms';
import { ReasonField } from './ReasonModal';

/** The form's stand-in for `districtCode: null`, a window that serves the whole city. */
const CITY_WIDE = 'city';
const DISTRICT_CHOICES = [{ value: CITY_WIDE, label: '全市通办' }, ...DISTRICT_OPTIONS];
const DEFAULT_HOURS = '周一至周五 9:00—12:00，14:30—17:30（法定节假日除外）';
const PHONE_RULE = { pattern: /^[0-9-]{7,20}$/, message: '7–20 位数字或连字符' };

interface WindowFields {
  code: string;
  name: string;
  district: string;
  address: string;
  openingHours: string;
  phone?: string;
  active: boolean;
  reason: string;
}

function fieldsOf(window: AcceptanceWindow): Omit<WindowFields, 'reason' | 'code'> {
  return {
    name: window.name,
    district: window.districtCode ?? CITY_WIDE,
    address: window.address,
    openingHours: window.openingHours,
    phone: window.phone ?? '',
    active: window.active,
  };
}

function bodyOf(fields: Omit<WindowFields, 'reason' | 'code'>) {
  return {
    name: fields.name,
    districtCode: fields.district === CITY_WIDE ? null : fields.district,
    address: fields.address,
    openingHours: fields.openingHours,
    phone: fields.phone?.trim() ? fields.phone.trim() : null,
    active: fields.active,
  };
}

/** 受理窗口: the windows of measure (二)3 with their addresses and hours; a change names the version it read. */
export function WindowsPage({ readOnly }: { readOnly: boolean }) {
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AcceptanceWindow | null>(null);
  const windows = useRequest(
    () =>
      call<AcceptanceWindow[]>(
        http.GET('/api/v1/windows', { params: { query: { includeInactive: 'true' } } }),
      ),
    [],
  );

  return (
    <Card
      title="受理窗口"
      extra={
        !readOnly && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新增窗口
          </Button>
        )
      }
    >
      <Loadable state={windows}>
        {(data) => (
          <Table<AcceptanceWindow>
            rowKey="id"
            size="middle"
            loading={windows.loading}
            dataSource={data}
            pagination={data.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: '暂无受理窗口' }}
            columns={[
              { title: '代码', dataIndex: 'code', width: 70 },
              { title: '名称', dataIndex: 'name' },
              {
                title: '服务范围',
                width: 100,
                render: (_, window) => (window.districtCode ? districtName(window.districtCode) : '全市通办'),
              },
              { title: '地址', dataIndex: 'address' },
              { title: '办公时间', dataIndex: 'openingHours', width: 220 },
              { title: '电话', dataIndex: 'phone', width: 120, render: (phone) => phone ?? '—' },
              {
                title: '状态',
                width: 80,
                render: (_, window) => (window.active ? <Tag color="success">启用</Tag> : <Tag>已停用</Tag>),
              },
              ...actionColumn<AcceptanceWindow>(readOnly, 80, (window) => (
                <Button size="small" onClick={() => setEditing(window)}>
                  修改
                </Button>
              )),
            ]}
          />
        )}
      </Loadable>
      <CreateWindowModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(window) => {
          setCreating(false);
          message.success(`已新增窗口 ${window.name}`);
          windows.reload();
        }}
      />
      {editing && (
        <EditWindowModal
          window={editing}
          onClose={() => setEditing(null)}
          onSaved={(window) => {
            setEditing(null);
            message.success(`已保存 ${window.name}`);
            windows.reload();
          }}
        />
      )}
    </Card>
  );
}

function WindowFormItems({ creating }: { creating: boolean }) {
  return (
    <>
      {creating && (
        <Form.Item
          name="code"
          label="窗口代码"
          extra="2–4 个大写字母，印在受理编号中，创建后不可修改。"
          normalize={(value: string) => value?.toUpperCase()}
          rules={[
            { required: true, message: '请填写窗口代码' },
            { pattern: /^[A-Z]{2,4}$/, message: '须为 2–4 个大写字母' },
          ]}
        >
          <Input maxLength={4} style={{ width: 120 }} />
        </Form.Item>
      )}
      <Form.Item
        name="name"
        label="名称"
        rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="address"
        label="地址"
        rules={[{ required: true, whitespace: true, message: '请填写地址' }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="openingHours"
        label="办公时间"
        rules={[{ required: true, whitespace: true, message: '请填写办公时间' }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="district" label="服务范围" rules={[{ required: true, message: '请选择服务范围' }]}>
            <Select options={DISTRICT_CHOICES} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="phone" label="电话" rules={[PHONE_RULE]}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function CreateWindowModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (window: AcceptanceWindow) => void;
}) {
  const [form] = Form.useForm<WindowFields>();

  const save = async (values: WindowFields) => {
    const { name, districtCode, address, openingHours, phone } = bodyOf(values);
    onCreated(
      await call<AcceptanceWindow>(
        http.POST('/api/v1/windows', {
          body: { code: values.code, name, districtCode, address, openingHours, phone },
        }),
      ),
    );
  };

  return (
    <FormModal
      form={form}
      title="新增受理窗口"
      open={open}
      okText="新增"
      width={600}
      preserve={false}
      initialValues={{ district: CITY_WIDE, openingHours: DEFAULT_HOURS }}
      save={save}
      onCancel={onClose}
    >
      <WindowFormItems creating />
    </FormModal>
  );
}

/**
 * Sends only what changed, with the version the form was filled from: if someone saved the window meanwhile,
 * the server refuses (409) and the form offers their version to start again from.
 */
function EditWindowModal({
  window: initial,
  onClose,
  onSaved,
}: {
  window: AcceptanceWindow;
  onClose: () => void;
  onSaved: (window: AcceptanceWindow) => void;
}) {
  const [form] = Form.useForm<WindowFields>();
  const [base, setBase] = useState(initial);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [stale, setStale] = useState<number | null>(null);

  const save = async (values: WindowFields) => {
    setStale(null);
    const changes = changedFields(bodyOf(fieldsOf(base)), bodyOf(values));
    onSaved(
      await call<AcceptanceWindow>(
        http.PATCH('/api/v1/windows/{id}', {
          params: { path: { id: base.id } },
          body: { ...changes, version: base.version, reason: values.reason.trim() },
        }),
      ),
    );
  };

  const staleVersion = (failure: unknown) => {
    const details = failure instanceof ApiFailure && failure.status === 409 ? failure.details : undefined;
    const current = (details as { currentVersion?: unknown } | undefined)?.currentVersion;
    if (typeof current !== 'number') return false;
    setStale(current);
    return true;
  };

  const loadLatest = async () => {
    setLoadError(null);
    try {
      const latest = await call<AcceptanceWindow>(
        http.GET('/api/v1/windows/{id}', { params: { path: { id: base.id } } }),
      );
      setBase(latest);
      setStale(null);
      form.setFieldsValue(fieldsOf(latest));
    } catch (failure) {
      setLoadError(failure);
    }
  };

  return (
    <FormModal
      form={form}
      title={`修改受理窗口 ${base.code}`}
      okText="保存"
      okDisabled={stale !== null}
      width={600}
      intro={
        <>
          {stale !== null && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="stale-version"
              message="保存被拒绝：窗口信息已被他人修改"
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 8 }}>
                    {`您修改的是第 ${base.version} 版，其间他人已保存为第 ${stale} 版。为免覆盖他人的修改，请载入最新信息，核对后重新填写并保存。`}
                  </Typography.Paragraph>
                  <Button size="small" onClick={loadLatest}>
                    载入最新信息
                  </Button>
                </>
              }
            />
          )}
          <ErrorBanner error={loadError} />
        </>
      }
      footnote={<Typography.Text type="secondary">当前版本：第 {base.version} 版</Typography.Text>}
      initialValues={fieldsOf(initial)}
      save={save}
      handled={staleVersion}
      onCancel={onClose}
    >
      <WindowFormItems creating={false} />
      <Form.Item name="active" label="状态" valuePropName="checked" extra="停用后该窗口不能再受理申请。">
        <Switch checkedChildren="启用" unCheckedChildren="停用" />
      </Form.Item>
      <ReasonField label="修改原因" />
    </FormModal>
  );
}
