import { maskResidentId, validateResidentId } from '@domain/identifiers/resident-id';
import { Card, Checkbox, Col, Form, Input, Radio, Row, Typography } from 'antd';
import type { FormRule } from 'antd';
import type { ReactNode } from 'react';
import type { PartyView } from '../api/views';
import { type AppearanceMode, residentIdRule, usccRule } from './counter';
import { ScanUpload } from './ScanUpload';

type Path = (string | number)[];

/**
 * A party typed in from the documents on the counter: a person with a resident ID, or an organisation with its
 * credit code, both checked with the register's own checksum rules before anything is sent.
 */
export function PartyFields({
  prefix,
  absolute,
  testId,
  personOnly = false,
}: {
  /** The name path inside the enclosing Form.List (or the form), and the same path from the form's root. */
  prefix: Path;
  absolute: Path;
  testId: string;
  personOnly?: boolean;
}) {
  const form = Form.useFormInstance();
  const kind = Form.useWatch([...absolute, 'kind'], form) as 'person' | 'organization' | undefined;
  const organization = kind === 'organization';
  return (
    <Row gutter={16} data-testid={testId}>
      {!personOnly && (
        <Col span={6}>
          <Form.Item name={[...prefix, 'kind']} label="类型">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'person', label: '个人' },
                { value: 'organization', label: '单位' },
              ]}
            />
          </Form.Item>
        </Col>
      )}
      <Col span={personOnly ? 9 : 8}>
        <Form.Item
          name={[...prefix, 'name']}
          label={organization ? '单位名称' : '姓名'}
          rules={[
            { required: true, whitespace: true, message: organization ? '请输入单位名称' : '请输入姓名' },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col span={personOnly ? 9 : 10}>
        {organization ? (
          <Form.Item
            name={[...prefix, 'uscc']}
            label="统一社会信用代码"
            rules={[{ required: true, message: '请输入统一社会信用代码' }, usccRule]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        ) : (
          <Form.Item
            name={[...prefix, 'idNumber']}
            label="居民身份证号"
            rules={[{ required: true, message: '请输入居民身份证号' }, residentIdRule]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} autoComplete="off" />
          </Form.Item>
        )}
      </Col>
    </Row>
  );
}

/**
 * A party already named by the application: the clerk re-types a person's ID number from the card in hand,
 * and it must be the one the application holds (the masks agree). The form's initial values carry the
 * party's kind, name and credit code.
 */
function KnownPartyFields({
  prefix,
  party,
  testId,
  identify,
}: {
  prefix: Path;
  party: PartyView;
  testId: string;
  /** False for a party who did not come: there is no ID card to type the number from. */
  identify: boolean;
}) {
  const sameAsApplication: FormRule = {
    validator: async (_rule, value: string | undefined) => {
      if (!value || !validateResidentId(value).valid || !party.idNumberMasked) return;
      if (maskResidentId(value) !== party.idNumberMasked) throw new Error('与申请记载的身份证号不符');
    },
  };
  return (
    <Row gutter={16} data-testid={testId}>
      <Form.Item name={[...prefix, 'kind']} hidden>
        <Input />
      </Form.Item>
      <Form.Item name={[...prefix, 'name']} hidden>
        <Input />
      </Form.Item>
      <Col span={8}>
        <Form.Item label={party.kind === 'organization' ? '单位名称' : '姓名'}>
          <Typography.Text strong>{party.name}</Typography.Text>
        </Form.Item>
      </Col>
      <Col span={10}>
        {!identify ? (
          <Form.Item label={party.kind === 'organization' ? '统一社会信用代码' : '居民身份证号'}>
            <Typography.Text>{party.idNumberMasked ?? party.uscc}</Typography.Text>
          </Form.Item>
        ) : party.kind === 'organization' ? (
          <Form.Item name={[...prefix, 'uscc']} label="统一社会信用代码">
            <Input disabled style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        ) : (
          <Form.Item
            name={[...prefix, 'idNumber']}
            label="居民身份证号"
            extra={`申请记载：${party.idNumberMasked ?? '—'}`}
            rules={[
              { required: true, message: '请按身份证件输入完整号码' },
              residentIdRule,
              sameAsApplication,
            ]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} autoComplete="off" />
          </Form.Item>
        )}
      </Col>
    </Row>
  );
}

/**
 * One party at the counter: who they are, whether they came themselves or sent an agent with a power of
 * attorney, and the clerk's check of the ID document of whoever stands there.
 */
export function AppearanceFields({
  title,
  prefix,
  absolute,
  testId,
  allowAbsent = false,
  knownParty,
  extra,
}: {
  title: ReactNode;
  prefix: Path;
  absolute: Path;
  testId: string;
  allowAbsent?: boolean;
  knownParty?: PartyView;
  extra?: ReactNode;
}) {
  const form = Form.useFormInstance();
  const mode = Form.useWatch([...absolute, 'mode'], form) as AppearanceMode | undefined;
  const partyKind = (Form.useWatch([...absolute, 'party', 'kind'], form) ?? knownParty?.kind) as
    'person' | 'organization' | undefined;
  const verified =
    mode === 'agent'
      ? '已当面核验代理人身份证件'
      : partyKind === 'organization'
        ? '已核验营业执照及经办人身份证件'
        : '已当面核验本人身份证件';
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 12 }} data-testid={testId}>
      {knownParty ? (
        <KnownPartyFields
          prefix={[...prefix, 'party']}
          party={knownParty}
          testId={`${testId}-party`}
          identify={mode !== 'absent'}
        />
      ) : (
        <PartyFields
          prefix={[...prefix, 'party']}
          absolute={[...absolute, 'party']}
          testId={`${testId}-party`}
        />
      )}
      <Form.Item name={[...prefix, 'mode']} label="到场方式">
        <Radio.Group
          options={[
            { value: 'in_person', label: '本人到场' },
            { value: 'agent', label: '委托代理人办理' },
            ...(allowAbsent ? [{ value: 'absent', label: '未到场' }] : []),
          ]}
        />
      </Form.Item>
      {mode === 'agent' && (
        <div style={{ paddingLeft: 16, borderLeft: '3px solid #d9d9d9', marginBottom: 12 }}>
          <Typography.Text type="secondary">委托代理人</Typography.Text>
          <PartyFields
            prefix={[...prefix, 'agent']}
            absolute={[...absolute, 'agent']}
            testId={`${testId}-agent`}
            personOnly
          />
          <Form.Item
            name={[...prefix, 'powerOfAttorneyFileId']}
            label="授权委托书"
            extra="缺少授权委托书时，一次性告知书将列明"
          >
            <ScanUpload label="上传授权委托书" testId={`${testId}-power-of-attorney`} />
          </Form.Item>
        </div>
      )}
      {mode !== 'absent' && (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={[...prefix, 'identityVerified']} valuePropName="checked" label="身份核验">
              <Checkbox>{verified}</Checkbox>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={[...prefix, 'identityFileId']} label="身份证件扫描件">
              <ScanUpload label="上传证件扫描件" testId={`${testId}-identity`} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </Card>
  );
}
