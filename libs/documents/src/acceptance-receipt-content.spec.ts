import { acceptanceReceiptContent, type AcceptanceReceiptDocument } from './acceptance-receipt-content';

const document: AcceptanceReceiptDocument = {
  applicationNumber: 'DJ202611270000123',
  registrationKind: 'transfer',
  unitNumber: '150302001001GB00001W00000000',
  location: '海勃湾区新华大街以北',
  windowName: '不动产登记中心大厅综合受理窗口',
  windowAddress: '乌海市海勃湾区政务服务中心一楼12号窗口',
  clerkName: '王晓燕',
  parties: [
    { role: 'applicant', name: '张三', identifierMasked: '150302********1234', agent: null },
    {
      role: 'counterparty',
      name: '乌海市某某化工有限公司',
      identifierMasked: '91150300MA0N******',
      agent: { name: '李四', identifierMasked: '150302********5678' },
    },
  ],
  materialsReceived: ['identity', 'certificate', 'contract'],
  issuedAt: '2026-11-27T02:32:00Z',
  registrationAuthority: '乌海市不动产登记中心',
  acceptanceNumber: 'SLZX202611270001',
  timeLimitWorkingDays: 5,
  dueOn: '2026-12-04',
  dueProvisional: false,
  pickupCode: 'K7QX3MPA',
  statusUrl: 'https://example.test/status/SLZX202611270001?code=K7QX3MPA',
};

function rows(overrides: Partial<AcceptanceReceiptDocument> = {}): Record<string, string> {
  const content = acceptanceReceiptContent({ ...document, ...overrides });
  return Object.fromEntries(
    content.sections.flatMap((section) => section.rows.flat()).map((cell) => [cell.label, cell.value]),
  );
}

describe('acceptanceReceiptContent', () => {
  it('titles the receipt with its acceptance number', () => {
    const content = acceptanceReceiptContent(document);
    expect(content.title).toBe('不动产登记受理凭证');
    expect(content.number).toBe('SLZX202611270001');
    expect(content.subtitle).toBe('受理编号：SLZX202611270001');
  });

  it('fills the application table, then the acceptance table, in the order of the form', () => {
    expect(acceptanceReceiptContent(document).sections).toEqual([
      {
        heading: null,
        rows: [
          [
            { label: '申请编号', value: 'DJ202611270000123' },
            { label: '登记类型', value: '转移登记' },
          ],
          { label: '不动产单元号', value: '150302001001GB00001W00000000' },
          { label: '坐落', value: '海勃湾区新华大街以北' },
          { label: '申请人\n（转让方）', value: '张三（150302********1234）' },
          {
            label: '对方当事人\n（受让方）',
            value: '乌海市某某化工有限公司（91150300MA0N******）\n委托代理人：李四（150302********5678）',
          },
          {
            label: '已收材料',
            value: '1.身份证明（身份证或营业执照）；2.不动产权证书；3.合同（转让、租赁或抵押合同）',
          },
        ],
      },
      {
        heading: null,
        rows: [
          [
            { label: '受理时间', value: '2026年11月27日 10:32' },
            { label: '受理人', value: '王晓燕' },
          ],
          { label: '承诺办结时限', value: '5个工作日' },
          { label: '预计办结日期', value: '2026年12月04日' },
          {
            label: '受理窗口',
            value: '不动产登记中心大厅综合受理窗口\n地址：乌海市海勃湾区政务服务中心一楼12号窗口',
          },
        ],
      },
    ]);
  });

  it('prints the pickup code beside the QR code that leads to the status page', () => {
    const content = acceptanceReceiptContent(document);
    expect(content.pickupCode).toEqual({ label: '取件码/查询码', value: 'K7QX3MPA' });
    expect(content.statusCaption).toBe('扫码或访问以下地址，凭查询码查询办理进度');
    expect(content.statusUrl).toBe(document.statusUrl);
    expect(content.note).toContain('本凭证是领取登记结果的凭据，请妥善保管');
  });

  it('signs with the authority and the day of acceptance', () => {
    const content = acceptanceReceiptContent(document);
    expect(content.authority).toBe('乌海市不动产登记中心');
    expect(content.date).toBe('2026年11月27日');
  });

  it('keeps the leading zeros of the due date and marks a provisional one', () => {
    expect(rows({ dueOn: '2027-01-08' })['预计办结日期']).toBe('2027年01月08日');
    expect(rows({ dueOn: '2026-12-31', dueProvisional: true })['预计办结日期']).toBe(
      '2026年12月31日\n（暂定：次年法定节假日安排尚未公布，届时按实际工作日计算）',
    );
    expect(rows({ timeLimitWorkingDays: 30 })['承诺办结时限']).toBe('30个工作日');
    expect(rows({ dueOn: null })['预计办结日期']).toBe(
      '暂停计时：政府优先购买权决定期间不计入办结时限，决定后另行告知',
    );
  });

  it('times the acceptance in Asia/Shanghai, midnight as 00:00', () => {
    const late = acceptanceReceiptContent({ ...document, issuedAt: '2026-11-26T16:05:00Z' });
    expect(late.sections[1].rows[0]).toEqual([
      { label: '受理时间', value: '2026年11月27日 00:05' },
      { label: '受理人', value: '王晓燕' },
    ]);
    expect(late.date).toBe('2026年11月27日');
    expect(rows({ issuedAt: '2026-11-26T15:59:00Z' })['受理时间']).toBe('2026年11月26日 23:59');
  });

  it('names the sides after the kind of registration', () => {
    expect(Object.keys(rows({ registrationKind: 'lease' }))).toEqual(
      expect.arrayContaining(['申请人\n（出租方）', '对方当事人\n（承租方）']),
    );
    expect(rows({ registrationKind: 'mortgage' })['登记类型']).toBe('抵押权首次登记');
    expect(Object.keys(rows({ registrationKind: 'mortgage' }))).toEqual(
      expect.arrayContaining(['申请人\n（抵押人）', '对方当事人\n（抵押权人）']),
    );
    expect(rows({ registrationKind: 'mortgage_release' })['登记类型']).toBe('抵押权注销登记');
  });

  it('lists every party of a side in one row, each with the agent who acted for it', () => {
    const parties: AcceptanceReceiptDocument['parties'] = [
      {
        role: 'applicant',
        name: '甲公司',
        identifierMasked: '91150300MA0N******',
        agent: { name: '李四', identifierMasked: '150302********5678' },
      },
      { role: 'applicant', name: '张三', identifierMasked: '150302********1234', agent: null },
    ];
    const printed = rows({ parties });
    expect(printed['申请人\n（转让方）']).toBe(
      '甲公司（91150300MA0N******）\n委托代理人：李四（150302********5678）\n张三（150302********1234）',
    );
    expect(printed).not.toHaveProperty('对方当事人\n（受让方）');
  });

  it('prints identifiers only as masked by the caller', () => {
    const text = JSON.stringify(acceptanceReceiptContent(document));
    expect(text).toContain('150302********1234');
    expect(text).toContain('91150300MA0N******');
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it('says so when no material was received', () => {
    expect(rows({ materialsReceived: [] })['已收材料']).toBe('无');
  });

  it('refuses data a receipt cannot print', () => {
    expect(() => acceptanceReceiptContent({ ...document, dueOn: '2026/12/04' })).toThrow(
      'Invalid date "2026/12/04", expected YYYY-MM-DD',
    );
    expect(() => acceptanceReceiptContent({ ...document, issuedAt: 'today' })).toThrow(
      'Invalid issue timestamp "today"',
    );
    expect(() => acceptanceReceiptContent({ ...document, timeLimitWorkingDays: 0 })).toThrow(
      'Invalid time limit of 0 working days',
    );
    const parties = document.parties.filter((party) => party.role === 'counterparty');
    expect(() => acceptanceReceiptContent({ ...document, parties })).toThrow(
      'Application DJ202611270000123 has no applicant to print',
    );
  });
});
