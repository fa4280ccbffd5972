import { Col, Form, Input, Radio, Row } from 'antd';
import { identifierRule } from './identifiers';

/** A party named by identifier, as `CounterpartyDto.party` takes it. */
export interface PartyValues {
  kind: 'person' | 'organization';
  name: string;
  idNumber?: string;
  uscc?: string;
}

export function partyBody(party: PartyValues) {
  return party.kind === 'person'
    ? { kind: 'person' as const, name: party.name.trim(), idNumber: party.idNumber!.trim() }
    : { kind: 'organization' as const, name: party.name.trim(), uscc: party.uscc!.trim() };
}

/** Where a server problem with `counterparty.party.*` goes among PartyFields named `name`. */
export function counterpartyFieldOf(field: string, name: string[]): string[] | undefined {
  const match = /^counterparty\.party\.(name|idNumber|uscc)$/.exec(field);
  return match ? [...name, match[1]] : undefined;
}

/**
 * The other party of a deal or an application, by name and resident ID number or credit code; the platform
 * finds the party the register already knows by the identifier, so the name must be written as registered.
 */
export function PartyFields({
  name,
  role,
  required = true,
}: {
  name: string[];
  role: string;
  required?: boolean;
}) {
  const form = Form.useFormInstance();
  const kind = Form.useWatch([...name, 'kind'], form) ?? 'person';
  return (
    <>
      <Form.Item name={[...name, 'kind']} label={`${role}类型`} initialValue="person">
        <Radio.Group optionType="button">
          <Radio value="person">个人</Radio>
          <Radio value="organization">企业（单位）</Radio>
        </Radio.Group>
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name={[...name, 'name']}
            label={kind === 'person' ? `${role}姓名` : `${role}名称`}
            rules={[
              { required, whitespace: true, message: `请输入${role}${kind === 'person' ? '姓名' : '名称'}` },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          {kind === 'person' ? (
            <Form.Item
              name={[...name, 'idNumber']}
              label={`${role}居民身份证号`}
              validateTrigger="onBlur"
              rules={[{ required, message: '请输入居民身份证号' }, identifierRule('person')]}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          ) : (
            <Form.Item
              name={[...name, 'uscc']}
              label={`${role}统一社会信用代码`}
              validateTrigger="onBlur"
              rules={[{ required, message: '请输入统一社会信用代码' }, identifierRule('organization')]}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          )}
        </Col>
      </Row>
    </>
  );
}
