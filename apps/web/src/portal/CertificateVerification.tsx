import { Button, Card, Descriptions, Form, Grid, Input, Result, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { validateCertificateNumber } from '@domain/identifiers/certificate-number';
import { ApiFailure, call, http } from '../api/client';
import { Loadable } from '../common/feedback';
import { dateTime, REGISTRATION_KIND_LABELS } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { share } from './format';
import type { CertificateVerification as Verification } from './views';

const REGISTRATION_CENTRE = '乌海市不动产登记中心';

function holderShare(value: string): string {
  return share(Number(value), 1, 4);
}

/**
 * 证书核验 (`/verify`, `/verify/:number`): the QR code on every certificate and registration proof opens this
 * page with its number, and anyone can also type one in.
 */
export default function CertificateVerification() {
  const { number } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ number: string }>();
  const wide = Grid.useBreakpoint().sm;
  const check = number === undefined ? null : validateCertificateNumber(number);

  useEffect(() => {
    if (number === undefined) return;
    form.setFieldsValue({ number });
    // A mistyped number in a link is shown on the field; nothing is asked of the server.
    form.validateFields().catch(() => undefined);
  }, [form, number]);

  return (
    <Space direction="vertical" size="middle" style={{ display: 'flex', maxWidth: 960, margin: '0 auto' }}>
      <Card title="不动产权证书 / 登记证明核验">
        <Typography.Paragraph type="secondary">
          输入证书上的证书号（如“蒙(2026)乌海市不动产权第0001234号”），或用手机扫描证书上的二维码，即可核验证书真伪和当前状态。
        </Typography.Paragraph>
        <Form
          form={form}
          layout={wide ? 'inline' : 'vertical'}
          requiredMark={false}
          onFinish={({ number: typed }) => {
            const valid = validateCertificateNumber(typed);
            if (valid.valid) navigate(`/verify/${encodeURIComponent(valid.value)}`);
          }}
        >
          <Form.Item
            name="number"
            label="证书号"
            style={{ flex: 1 }}
            rules={[
              { required: true, message: '请输入证书号' },
              {
                validator: async (_, value: string | undefined) => {
                  if (!value) return;
                  const result = validateCertificateNumber(value);
                  if (!result.valid) throw new Error(result.message.zh);
                },
              },
            ]}
          >
            <Input allowClear placeholder="蒙(2026)乌海市不动产权第0001234号" maxLength={40} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" block={!wide}>
              核验
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {check?.valid && <Outcome key={check.value} number={check.value} />}
    </Space>
  );
}

function Outcome({ number }: { number: string }) {
  const verification = useRequest(
    () =>
      call<Verification>(http.GET('/api/v1/certificates/{number}/verify', { params: { path: { number } } })),
    [number],
  );
  if (verification.error instanceof ApiFailure && verification.error.status === 404) {
    return (
      <Card data-testid="verification-result">
        <Result
          status="error"
          title="未找到该证书"
          subTitle={`登记簿中没有证书号为“${number}”的证书或登记证明。请核对证书号；如证书号无误，请持证书到${REGISTRATION_CENTRE}核实。`}
        />
      </Card>
    );
  }
  return (
    <Loadable state={verification}>
      {(result) => (
        <Card data-testid="verification-result">
          <Verdict result={result} />
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'number', label: '证书号', children: result.number },
              { key: 'kind', label: '登记类型', children: REGISTRATION_KIND_LABELS[result.kind] },
              { key: 'unit', label: '不动产单元号', children: result.unitNumber },
              { key: 'issuedAt', label: '发证时间', children: dateTime(result.issuedAt) },
            ]}
          />
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey={(holder) => `${holder.name}-${holder.identifierMasked}`}
            pagination={false}
            dataSource={result.holdersMasked}
            title={() => '权利人（已脱敏）'}
            columns={[
              { title: '名称 / 姓名', dataIndex: 'name' },
              { title: '证件号码', dataIndex: 'identifierMasked' },
              { title: '份额', dataIndex: 'share', align: 'right', render: holderShare },
            ]}
          />
        </Card>
      )}
    </Loadable>
  );
}

function Verdict({ result }: { result: Verification }) {
  if (result.status === 'void') {
    return (
      <Result
        status="error"
        title="证书已作废"
        subTitle="该证书号已被登记机构作废，不能作为权利证明。"
        data-testid="verification-verdict"
      />
    );
  }
  if (!result.valid) {
    return (
      <Result
        status="warning"
        title="证书尚未签发"
        subTitle="该登记已登簿，证书正在缮制，签发后即可核验为有效。"
        data-testid="verification-verdict"
      />
    );
  }
  return (
    <Result
      status="success"
      title="证书有效"
      subTitle={`该证书由${REGISTRATION_CENTRE}签发，与登记簿记载一致。`}
      data-testid="verification-verdict"
    />
  );
}
