import { App, Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { call, http } from '../api/client';
import type { AcceptanceWindow, CountedPage, Role, UserView } from '../api/views';
import { useSession } from '../auth/session';
import { Loadable } from '../common/feedback';
import { DISTRICT_OPTIONS, districtName } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { FormModal } from './FormModal';
import { actionColumn } from './forms';
import { ROLE_LABELS, STAFF_ROLE_OPTIONS } from './labels';
import { ReasonModal } from './ReasonModal';

const PAGE_SIZE = 20;

// The server's rules (apps/api identity DTOs), checked here too so a typo is caught before the round trip.
const USERNAME_RULE = /^(?=.*[A-Za-z])[A-Za-z0-9_.-]{3,40}$/;
const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d).{10,128}$/;

interface NewStaff {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  districts?: string[];
  windowId?: string;
}

/** 用户与角色: every account, new staff accounts with their roles, districts and window, and deactivation. */
export function UsersPage({ readOnly }: { readOnly: boolean }) {
  const { message } = App.useApp();
  const { user: me } = useSession();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<UserView | null>(null);
  const users = useRequest(
    () =>
      call<CountedPage<UserView>>(
        http.GET('/api/v1/users', { params: { query: { page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );
  const windows = useRequest(
    () =>
      call<AcceptanceWindow[]>(
        http.GET('/api/v1/windows', { params: { query: { includeInactive: 'true' } } }),
      ),
    [],
  );
  const windowName = useMemo(
    () => new Map((windows.data ?? []).map((window) => [window.id, window.name])),
    [windows.data],
  );

  return (
    <Card
      title="用户与角色"
      extra={
        !readOnly && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建工作人员
          </Button>
        )
      }
    >
      <Loadable state={users}>
        {(data) => (
          <Table<UserView>
            rowKey="id"
            size="middle"
            loading={users.loading}
            dataSource={data.items}
            scroll={{ x: 900 }}
            locale={{ emptyText: '暂无用户' }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              showSizeChanger: false,
              showTotal: (total) => `共 ${total} 个账户`,
              onChange: setPage,
            }}
            columns={[
              { title: '用户名', dataIndex: 'username', width: 160 },
              {
                title: '姓名',
                render: (_, user) => (
                  <Space direction="vertical" size={0}>
                    {user.displayName}
                    {user.party && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {user.party.name}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: '角色',
                render: (_, user) =>
                  user.roles.map((role) => (
                    <Tag key={role} color={role === 'admin' ? 'red' : role === 'holder' ? 'default' : 'blue'}>
                      {ROLE_LABELS[role]}
                    </Tag>
                  )),
              },
              {
                title: '负责行政区',
                render: (_, user) => user.districts.map(districtName).join('、') || '—',
              },
              {
                title: '所在窗口',
                render: (_, user) => (user.windowId ? (windowName.get(user.windowId) ?? '—') : '—'),
              },
              {
                title: '状态',
                width: 90,
                render: (_, user) =>
                  user.active ? <Tag color="success">启用</Tag> : <Tag color="default">已停用</Tag>,
              },
              ...actionColumn<UserView>(
                readOnly,
                90,
                (user) =>
                  user.active &&
                  user.id !== me?.id && (
                    <Button size="small" danger onClick={() => setDeactivating(user)}>
                      停用
                    </Button>
                  ),
              ),
            ]}
          />
        )}
      </Loadable>
      <CreateStaffModal
        open={creating}
        windows={(windows.data ?? []).filter((window) => window.active)}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          message.success(`已创建账户 ${created.username}`);
          // Accounts are listed oldest first, so the new one is on the last page.
          const last = Math.max(1, Math.ceil(((users.data?.total ?? 0) + 1) / PAGE_SIZE));
          if (last === page) users.reload();
          else setPage(last);
        }}
      />
      <ReasonModal
        title={`停用账户 ${deactivating?.username ?? ''}`}
        open={deactivating !== null}
        okText="停用"
        danger
        placeholder="如：调离岗位"
        onCancel={() => setDeactivating(null)}
        onConfirm={async (reason) => {
          await call(
            http.POST('/api/v1/users/{id}/deactivate', {
              params: { path: { id: deactivating!.id } },
              body: { reason },
            }),
          );
          message.success(`已停用 ${deactivating!.username}`);
          setDeactivating(null);
          users.reload();
        }}
      >
        <Typography.Paragraph type="secondary">
          停用后该账户不能再登录，其名下待审核的申请将重新分派。
        </Typography.Paragraph>
      </ReasonModal>
    </Card>
  );
}

function CreateStaffModal({
  open,
  windows,
  onClose,
  onCreated,
}: {
  open: boolean;
  windows: AcceptanceWindow[];
  onClose: () => void;
  onCreated: (user: UserView) => void;
}) {
  const [form] = Form.useForm<NewStaff>();
  const roles = Form.useWatch('roles', form) ?? [];
  const clerk = roles.includes('clerk');

  const save = async (values: NewStaff) => {
    const created = await call<UserView>(
      http.POST('/api/v1/users', {
        body: {
          username: values.username.trim(),
          displayName: values.displayName,
          password: values.password,
          roles: values.roles as ('clerk' | 'reviewer' | 'registrar' | 'admin' | 'auditor')[],
          districts: values.districts ?? [],
          windowId: clerk ? values.windowId : undefined,
        },
      }),
    );
    onCreated(created);
  };

  return (
    <FormModal
      form={form}
      title="新建工作人员账户"
      open={open}
      okText="创建"
      width={560}
      preserve={false}
      initialValues={{ roles: [] }}
      save={save}
      onCancel={onClose}
    >
      <Form.Item
        name="username"
        label="用户名"
        rules={[
          { required: true, message: '请填写用户名' },
          {
            pattern: USERNAME_RULE,
            message: '3–40 位字母、数字或 . - _，且至少含一个字母',
          },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label="姓名"
        rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="password"
        label="初始密码"
        extra="10–128 位，须同时包含字母和数字；请当面交给本人，首次登录后自行保管。"
        rules={[
          { required: true, message: '请设置初始密码' },
          { pattern: PASSWORD_RULE, message: '10–128 位且同时包含字母和数字' },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少选择一个角色' }]}>
        <Checkbox.Group options={STAFF_ROLE_OPTIONS} />
      </Form.Item>
      <Form.Item name="districts" label="负责行政区" extra="审核人员按行政区分派申请；不选则不限。">
        <Select mode="multiple" allowClear options={DISTRICT_OPTIONS} placeholder="不限" />
      </Form.Item>
      {clerk && (
        <Form.Item
          name="windowId"
          label="所在窗口"
          rules={[{ required: true, message: '窗口受理人员须指定所在窗口' }]}
        >
          <Select
            placeholder="选择受理窗口"
            options={windows.map((window) => ({
              value: window.id,
              label: `${window.name}（${window.code}）`,
            }))}
          />
        </Form.Item>
      )}
    </FormModal>
  );
}
