import { certificateContent, type CertificateDocument } from './certificate-content';

const document: CertificateDocument = {
  series: 'right',
  certificateNumber: '蒙(2026)乌海市不动产权第0000001号',
  registrationKind: 'transfer',
  unitNumber: '150302001001GB00001W00000000',
  location: '海勃湾区新华大街以北',
  districtName: '海勃湾区',
  landUse: '0601',
  landUseName: '工业用地',
  rightType: 'granted',
  areaM2: '12345.67',
  termStart: '2010-01-01',
  termEnd: '2060-12-31',
  holders: [{ name: '张三', identifierMasked: '150302********1234', share: '1' }],
  matters: [],
  notes: [],
  registeredAt: '2026-11-27T02:30:00Z',
  registrationAuthority: '乌海市不动产登记中心',
  verifyUrl: 'https://example.test/verify/certificates/8f3a2c1d9e',
};

function rows(overrides: Partial<CertificateDocument> = {}): Record<string, string> {
  const content = certificateContent({ ...document, ...overrides });
  return Object.fromEntries(
    content.sections.flatMap((section) => section.rows).map((row) => [row.label, row.value]),
  );
}

describe('certificateContent', () => {
  it('titles each series', () => {
    expect(certificateContent(document).title).toBe('不动产权证书');
    expect(certificateContent({ ...document, series: 'proof' }).title).toBe('不动产登记证明');
  });

  it('fills the right table in the order of the certificate', () => {
    expect(certificateContent(document).sections[0].rows).toEqual([
      { label: '权利人', value: '张三（150302********1234）' },
      { label: '共有情况', value: '单独所有' },
      { label: '坐落', value: '海勃湾区新华大街以北' },
      { label: '不动产单元号', value: '150302001001GB00001W00000000' },
      { label: '登记类型', value: '转移登记' },
      { label: '权利类型', value: '国有建设用地使用权' },
      { label: '权利性质', value: '出让' },
      { label: '用途', value: '工业用地（0601）' },
      { label: '面积', value: '12345.67 平方米' },
      { label: '使用期限', value: '2010年1月1日起2060年12月31日止' },
    ]);
  });

  it('gives allocated land no fixed term', () => {
    const allocated = rows({ rightType: 'allocated', termStart: null, termEnd: null });
    expect(allocated['权利性质']).toBe('划拨');
    expect(allocated['使用期限']).toBe('无固定期限');
  });

  it('prints co-ownership shares as stored, including thirds', () => {
    const holders = [
      { name: '甲', identifierMasked: '150302********0011', share: '0.33333333' },
      { name: '乙', identifierMasked: '150302********0022', share: '0.33333333' },
      { name: '丙', identifierMasked: '150302********0033', share: '0.33333334' },
    ];
    expect(rows({ holders })['共有情况']).toBe('按份共有：甲占33.333333%，乙占33.333333%，丙占33.333334%');
    const halves = holders.slice(0, 2).map((holder) => ({ ...holder, share: '0.5' }));
    expect(rows({ holders: halves })['共有情况']).toBe('按份共有：甲占50%，乙占50%');
    expect(rows({ holders: halves })['权利人']).toBe('甲（150302********0011）\n乙（150302********0022）');
  });

  it('names the district once in the location', () => {
    expect(rows({ location: '新华大街以北' })['坐落']).toBe('海勃湾区新华大街以北');
  });

  it('dates the registration in Asia/Shanghai', () => {
    expect(certificateContent({ ...document, registeredAt: '2026-11-26T15:59:59Z' }).date).toBe(
      '登记日期：2026年11月26日',
    );
    expect(certificateContent({ ...document, registeredAt: '2026-11-26T16:00:00Z' }).date).toBe(
      '登记日期：2026年11月27日',
    );
    expect(certificateContent(document).authority).toBe('登记机构：乌海市不动产登记中心');
  });

  it('adds the registered matters between the table and the notes', () => {
    const matters = [
      { label: '抵押权人', value: '中国银行股份有限公司乌海分行' },
      { label: '顺位', value: '第1顺位' },
    ];
    const notes = ['抵押 第1顺位', '查封 (2026)内0302执123号'];
    const sections = certificateContent({ ...document, series: 'proof', matters, notes }).sections;
    expect(sections.map((section) => section.heading)).toEqual([null, '登记事项', null]);
    expect(sections[1].rows).toEqual(matters);
    expect(sections[2].rows).toEqual([{ label: '附记', value: '抵押 第1顺位\n查封 (2026)内0302执123号' }]);
    expect(certificateContent(document).sections.map((section) => section.heading)).toEqual([null, null]);
  });

  it('refuses data a certificate cannot print', () => {
    expect(() => certificateContent({ ...document, termEnd: null })).toThrow(
      'A granted right needs both term dates',
    );
    expect(() => certificateContent({ ...document, termStart: '2010/01/01' })).toThrow(
      'Invalid date "2010/01/01"',
    );
    expect(() => certificateContent({ ...document, holders: [] })).toThrow('at least one holder');
    const holders = [
      { name: '甲', identifierMasked: '150302********0011', share: '50%' },
      { name: '乙', identifierMasked: '150302********0022', share: '0.5' },
    ];
    expect(() => certificateContent({ ...document, holders })).toThrow('Invalid co-ownership share "50%"');
    expect(() => certificateContent({ ...document, registeredAt: 'yesterday' })).toThrow(
      'Invalid registration timestamp "yesterday"',
    );
  });
});
