import { Button, Card, Form, Input, Radio, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { call, http } from '../api/client';
import type { UserView } from '../api/views';
import { useSession } from '../auth/session';
import { ErrorBanner, showFieldErrors } from '../common/feedback';
import { useSubmit } from '../common/useSubmit';
import { identifierRule } from './identifiers';

interface Registration {
  party: { kind: 'person' | 'organization'; name: string; idNumber?: string; uscc?: string };
  displayName: string;
  username: string;
  password: string;
  confirm: string;
}

/** 权利人注册: a person or an enterprise opens a holder account, then is signed in and sent to the workbench. */
export default function RegisterPage() {
  const [form] = Form.useForm<Registration>();
  const kind = Form.useWatch(['party', 'kind'], form) ?? 'person';
  const { login } = useSession();
  const navigate = useNavigate();
  const { busy, error, submit } = useSubmit(
    async (values: Registration) => {
      const party =
        values.party.kind === 'person'
          ? { kind: 'person' as const, name: values.party.name, idNumber: values.party.idNumber!.trim() }
          : { kind: 'organization' as const, name: values.party.name, uscc: values.party.uscc!.trim() };
      await call<UserView>(
        http.POST('/api/v1/auth/register', {
          body: {
            username: values.username,
            password: values.password,
            displayName: values.displayName,
            party,
          },
        }),
      );
      await login(values.username, values.password);
      navigate('/holder', { replace: true });
    },
    (failure) => showFieldErrors(form, failure),
  );

  return (
    <Card style={{ maxWidth: 560, margin: '24px auto' }}>
      <Typography.Title level={4}>权利人注册</Typography.Title>
      <Typography.Paragraph type="secondary">
        注册后可在网上查看本人的不动产单元、发布挂牌信息、参与竞买和办理登记申请。请如实填写身份信息，平台将据此与登记簿核对。
      </Typography.Paragraph>
      <ErrorBanner error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ party: { kind: 'person' } }}
        data-testid="register-form"
      >
        <Form.Item name={['party', 'kind']} label="注册类型">
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio value="person">个人</Radio>
            <Radio value="organization">企业（单位）</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name={['party', 'name']}
          label={kind === 'person' ? '姓名' : '单位名称'}
          rules={[
            {
              required: true,
              whitespace: true,
              message: kind === 'person' ? '请输入姓名' : '请输入单位名称',
            },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        {kind === 'person' ? (
          <Form.Item
            name={['party', 'idNumber']}
            label="居民身份证号"
            validateTrigger="onBlur"
            rules={[{ required: true, message: '请输入居民身份证号' }, identifierRule('person')]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
        ) : (
          <Form.Item
            name={['party', 'uscc']}
            label="统一社会信用代码"
            validateTrigger="onBlur"
            rules={[{ required: true, message: '请输入统一社会信用代码' }, identifierRule('organization')]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label="显示名称"
          extra="在平台上显示的称呼，如“张三”或单位简称。"
          rules={[{ required: true, whitespace: true, message: '请输入显示名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="username"
          label="用户名"
          extra="3–40 位字母、数字或 . - _，且至少含一个字母。"
          rules={[{ required: true, message: '请输入用户名' }]}
        >
          <Input maxLength={40} autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label="密码"
          extra="10–128 位，须同时包含字母和数字。"
          rules={[{ required: true, message: '请输入密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          注册并登录
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16 }}>
        已有账号？<Link to="/login">登录</Link>
      </Typography.Paragraph>
    </Card>
  );
}
