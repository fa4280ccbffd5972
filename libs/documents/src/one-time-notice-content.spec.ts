import { oneTimeNoticeContent, type OneTimeNoticeDocument } from './one-time-notice-content';

const document: OneTimeNoticeDocument = {
  applicationNumber: 'DJ202611270000123',
  registrationKind: 'mortgage',
  unitNumber: '150302001001GB00001W00000000',
  location: '海勃湾区新华大街以北',
  windowName: '不动产登记中心大厅综合受理窗口',
  windowAddress: '乌海市海勃湾区政务服务中心一楼12号窗口',
  clerkName: '王晓燕',
  parties: [
    {
      role: 'applicant',
      name: '乌海市某某化工有限公司',
      identifierMasked: '91150300MA0N******',
      agent: { name: '李四', identifierMasked: '150302********5678' },
    },
    {
      role: 'counterparty',
      name: '中国银行股份有限公司乌海分行',
      identifierMasked: '91150300MA0P******',
      agent: null,
    },
  ],
  materialsReceived: ['identity', 'power_of_attorney'],
  issuedAt: '2026-11-27T02:32:00Z',
  registrationAuthority: '乌海市不动产登记中心',
  noticeNumber: 'GZZX202611270001',
  items: [
    {
      code: 'party_absent',
      message: {
        zh: '中国银行股份有限公司乌海分行 未到场，也未委托代理人办理（共同申请须双方到场或委托代理）',
        en: 'The bank is neither present nor represented by an agent',
      },
    },
    {
      code: 'mortgage_on_seized_unit',
      message: { zh: '单元已被查封，不得设定抵押', en: 'A seized unit cannot be mortgaged' },
    },
    {
      code: 'material_missing',
      message: { zh: '缺少材料：主债权合同', en: 'Missing: the main debt contract' },
    },
  ],
};

describe('oneTimeNoticeContent', () => {
  it('titles the notice with its number', () => {
    const content = oneTimeNoticeContent(document);
    expect(content.title).toBe('不动产登记一次性告知书');
    expect(content.continuedTitle).toBe('不动产登记一次性告知书（续）');
    expect(content.number).toBe('GZZX202611270001');
    expect(content.subtitle).toBe('告知书编号：GZZX202611270001');
  });

  it('shows the application as the receipt does', () => {
    expect(oneTimeNoticeContent(document).sections).toEqual([
      {
        heading: null,
        rows: [
          [
            { label: '申请编号', value: 'DJ202611270000123' },
            { label: '登记类型', value: '抵押权首次登记' },
          ],
          { label: '不动产单元号', value: '150302001001GB00001W00000000' },
          { label: '坐落', value: '海勃湾区新华大街以北' },
          {
            label: '申请人\n（抵押人）',
            value: '乌海市某某化工有限公司（91150300MA0N******）\n委托代理人：李四（150302********5678）',
          },
          { label: '对方当事人\n（抵押权人）', value: '中国银行股份有限公司乌海分行（91150300MA0P******）' },
          { label: '已收材料', value: '1.身份证明（身份证或营业执照）；2.授权委托书' },
        ],
      },
    ]);
  });

  it('numbers every item in order, in Chinese', () => {
    const content = oneTimeNoticeContent(document);
    expect(content.instruction).toBe(
      '经审查，您的申请尚不符合受理条件，请一次性补齐以下材料或消除以下问题后再来办理：',
    );
    expect(content.items).toEqual([
      {
        marker: '1.',
        text: '中国银行股份有限公司乌海分行 未到场，也未委托代理人办理（共同申请须双方到场或委托代理）',
      },
      { marker: '2.', text: '单元已被查封，不得设定抵押' },
      { marker: '3.', text: '缺少材料：主债权合同' },
    ]);
    for (const item of document.items) expect(JSON.stringify(content)).not.toContain(item.message.en);
  });

  it('lists all of many items', () => {
    const items = Array.from({ length: 40 }, (_, index) => ({
      code: 'material_missing',
      message: { zh: `缺少材料：第${index + 1}项`, en: `Missing item ${index + 1}` },
    }));
    const content = oneTimeNoticeContent({ ...document, items });
    expect(content.items).toHaveLength(40);
    expect(content.items[39]).toEqual({ marker: '40.', text: '缺少材料：第40项' });
  });

  it('tells where to come back to, and signs with the authority and the day', () => {
    const content = oneTimeNoticeContent({ ...document, issuedAt: '2026-11-26T16:05:00Z' });
    expect(content.contact).toBe(
      '受理窗口：不动产登记中心大厅综合受理窗口\n窗口地址：乌海市海勃湾区政务服务中心一楼12号窗口\n' +
        '经办人：王晓燕\u3000告知时间：2026年11月27日 00:05',
    );
    expect(content.closing).toBe('补齐材料或消除上述问题后，请携带本告知书到受理窗口重新申请。');
    expect(content.authority).toBe('乌海市不动产登记中心');
    expect(content.date).toBe('2026年11月27日');
  });

  it('prints identifiers only as masked by the caller', () => {
    const text = JSON.stringify(oneTimeNoticeContent(document));
    expect(text).toContain('150302********5678');
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it('refuses a notice with nothing to tell', () => {
    expect(() => oneTimeNoticeContent({ ...document, items: [] })).toThrow(
      'One-time notice GZZX202611270001 has no item to tell the applicant',
    );
  });
});
