import { Col, Form, Radio, Row, Tag, Typography } from 'antd';
import { DECLARATION_KEYS, DECLARATION_LABELS, type DeclarationKey } from '@domain/market/listing-model';
import type { UnitView } from '../api/views';
import { unitFacts } from './unit-facts';

/** When a consent is needed, so the seller knows which of them apply to the unit. */
const CONSENT_HINTS: Partial<Record<DeclarationKey, string>> = {
  mortgageeConsent: '已设定抵押的，须取得抵押权人同意',
  lesseeConsent: '已出租的单元转让，须取得承租人同意',
  coownerConsent: '共有的，须取得其他共有人书面同意',
  reserveLand: '储备土地由政府供应，不得挂牌',
};

/** What the register can answer for the declarations it is compared with at publication. */
function registerAnswers(unit: UnitView): Partial<Record<DeclarationKey, boolean>> {
  const facts = unitFacts(unit);
  return {
    disputed: facts.objection,
    seized: facts.seized,
    mortgaged: facts.mortgaged,
    leased: facts.leased,
    idle: facts.idleUndisposed,
    ...(unit.rightType === 'granted' ? { grantFeePaid: unit.grantFeePaid } : {}),
  };
}

/**
 * 挂牌声明: every mandatory declaration answered explicitly, none preset, beside what the register records
 * for the unit; publication compares the two and refuses a listing whose declarations contradict the register.
 */
export function DeclarationFields({ unit, disabled }: { unit?: UnitView; disabled?: boolean }) {
  const register = unit ? registerAnswers(unit) : {};
  return (
    <div data-testid="declarations">
      {DECLARATION_KEYS.map((key) => (
        <Row
          key={key}
          gutter={16}
          align="middle"
          wrap={false}
          style={{ borderBottom: '1px solid #f0f0f0', paddingTop: 8 }}
        >
          <Col flex="240px">
            <Typography.Text>
              <Typography.Text type="danger">* </Typography.Text>
              {DECLARATION_LABELS[key].zh}
            </Typography.Text>
          </Col>
          <Col flex="170px" data-testid={`declaration-${key}`}>
            <Form.Item
              name={['declarations', key]}
              rules={[{ required: true, message: '请声明此项' }]}
              style={{ marginBottom: 8 }}
            >
              <Radio.Group disabled={disabled}>
                <Radio value={true}>是</Radio>
                <Radio value={false}>否</Radio>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col flex="auto" style={{ paddingBottom: 8 }}>
            {register[key] !== undefined && (
              <Tag color={register[key] ? 'orange' : 'default'}>
                登记簿记载：{register[key] ? '是' : '否'}
              </Tag>
            )}
            {CONSENT_HINTS[key] && <Typography.Text type="secondary">{CONSENT_HINTS[key]}</Typography.Text>}
          </Col>
        </Row>
      ))}
    </div>
  );
}
