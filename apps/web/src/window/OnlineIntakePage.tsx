import { Button, Card, Empty, Form, Input, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { call, http } from '../api/client';
import type { ApplicationSummary, CountedPage } from '../api/views';
import { Loadable } from '../common/feedback';
import { useRequest } from '../common/useRequest';
import { ApplicationIntake } from './ApplicationIntake';

const APPLICATION_NUMBER = /^DJ[0-9]{15}$/;

/**
 * 网上申请受理: the applicants of an online submission bring the originals to the counter; the clerk finds
 * the application by its number, checks the originals and takes it in at this window.
 */
export function OnlineIntakePage() {
  const [params, setParams] = useSearchParams();
  const number = params.get('number');
  const [form] = Form.useForm<{ applicationNumber: string }>();

  useEffect(() => {
    form.setFieldsValue({ applicationNumber: number ?? '' });
  }, [form, number]);

  const found = useRequest(
    () =>
      number
        ? call<CountedPage<ApplicationSummary>>(
            http.GET('/api/v1/applications', { params: { query: { applicationNumber: number } } }),
          )
        : Promise.resolve(null),
    [number],
  );

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        网上申请受理
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form
          form={form}
          layout="inline"
          onFinish={(values) => setParams({ number: values.applicationNumber.trim().toUpperCase() })}
        >
          <Form.Item
            name="applicationNumber"
            label="申请编号"
            normalize={(value: string) => value.toUpperCase()}
            rules={[
              { required: true, message: '请输入申请编号' },
              { pattern: APPLICATION_NUMBER, message: '申请编号为 DJ 加 15 位数字' },
            ]}
          >
            <Input
              style={{ width: 260, fontFamily: 'monospace' }}
              placeholder="DJ202611270000123"
              allowClear
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查找
              </Button>
              {number && <Button onClick={() => setParams({})}>清除</Button>}
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {number ? (
        <Loadable state={found}>
          {(page) =>
            page && page.items.length > 0 ? (
              <ApplicationIntake
                key={page.items[0].id}
                applicationId={page.items[0].id}
                onNext={() => setParams({})}
                nextLabel="查找下一件"
              />
            ) : (
              <Empty description="未找到该申请：编号有误，或已由其他窗口受理" />
            )
          }
        </Loadable>
      ) : (
        <Typography.Paragraph type="secondary">
          输入申请人出示的网上申请编号，核对申请信息和材料原件后在本窗口受理。
        </Typography.Paragraph>
      )}
    </>
  );
}
