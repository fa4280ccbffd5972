import { Button, Card, Form, Input, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorBanner, showFieldErrors } from '../common/feedback';
import { useSubmit } from '../common/useSubmit';
import { homeOf, useSession } from './session';

export function LoginPage() {
  const [form] = Form.useForm<{ username: string; password: string }>();
  const { login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { busy, error, submit } = useSubmit(
    async (values: { username: string; password: string }) => {
      const user = await login(values.username, values.password);
      navigate(params.get('next') ?? homeOf(user), { replace: true });
    },
    (failure) => showFieldErrors(form, failure),
  );

  return (
    <Card style={{ maxWidth: 420, margin: '48px auto' }}>
      <Typography.Title level={4}>登录</Typography.Title>
      <ErrorBanner error={error} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          登录
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16 }}>
        还没有账号？<Link to="/register">权利人注册</Link>
      </Typography.Paragraph>
    </Card>
  );
}
