import { MATERIAL_TYPES, materialName } from '@app/domain';
import { renderAcceptanceReceiptPdf, type AcceptanceReceiptDocument } from '@app/documents';
import { readPdf } from './testing/pdf-text';

const FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/** Wrapped lines come back as separate lines, so long strings are compared without whitespace. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** As much as a receipt carries: four parties who each sent an agent, every material, a provisional due date. */
const receipt: AcceptanceReceiptDocument = {
  applicationNumber: 'DJ202611270000123',
  registrationKind: 'transfer',
  unitNumber: '150302001001GB00001W00000000',
  location: '海勃湾区新华大街以北、海拉路以东',
  windowName: '不动产登记中心大厅综合受理窗口',
  windowAddress: '乌海市海勃湾区滨河区政务服务中心一楼B区12号窗口',
  clerkName: '王晓燕',
  parties: [
    {
      role: 'applicant',
      name: '乌海市某某化工有限公司',
      identifierMasked: '91150300MA0N******',
      agent: { name: '李四', identifierMasked: '150302********5678' },
    },
    {
      role: 'applicant',
      name: '张三',
      identifierMasked: '150302********1234',
      agent: { name: '孙八', identifierMasked: '150302********2345' },
    },
    {
      role: 'counterparty',
      name: '内蒙古某某能源科技股份有限公司',
      identifierMasked: '91150000MA1Q******',
      agent: { name: '赵六', identifierMasked: '150303********9012' },
    },
    {
      role: 'counterparty',
      name: '王五',
      identifierMasked: '150304********3456',
      agent: { name: '钱七', identifierMasked: '150302********7890' },
    },
  ],
  materialsReceived: [...MATERIAL_TYPES],
  issuedAt: '2026-11-27T02:32:00Z',
  registrationAuthority: '乌海市不动产登记中心',
  acceptanceNumber: 'SLZX202611270001',
  timeLimitWorkingDays: 5,
  dueOn: '2026-12-04',
  dueProvisional: true,
  pickupCode: 'K7QX3MPA',
  statusUrl: 'https://djzx.example.test/status?acceptance=SLZX202611270001&code=K7QX3MPA',
};

describe('renderAcceptanceReceiptPdf', () => {
  it('renders a full receipt as one A4 page whose text reads back', async () => {
    const buffer = await renderAcceptanceReceiptPdf(receipt, { fontPath: FONT_PATH });
    const pdf = buffer.toString('latin1');
    expect(pdf).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(pdf).toMatch(/\/Type \/XObject\n\/Subtype \/Image/);

    const { pages, info } = await readPdf(buffer);
    expect(pages).toHaveLength(1);
    const [text] = pages;
    expect(text).toContain('不动产登记受理凭证');
    expect(text).toContain('受理编号：SLZX202611270001');
    expect(text).toContain('申请编号DJ202611270000123');
    expect(text).toContain('登记类型转移登记');
    expect(text).toContain('不动产单元号150302001001GB00001W00000000');
    expect(text).toContain('受理时间2026年11月27日 10:32');
    expect(text).toContain('承诺办结时限5个工作日');
    expect(text).toContain('预计办结日期2026年12月04日');
    expect(compact(text)).toContain('暂定：次年法定节假日安排尚未公布');
    expect(text).toContain('取件码/查询码\nK7QX3MPA');
    expect(text).toContain('扫码或访问以下地址，凭查询码查询办理进度');
    expect(compact(text)).toContain(receipt.statusUrl);
    expect(compact(text)).toContain('本凭证是领取登记结果的凭据');
    for (const party of receipt.parties) {
      expect(text).toContain(`${party.name}（${party.identifierMasked}）`);
      expect(text).toContain(`委托代理人：${party.agent!.name}（${party.agent!.identifierMasked}）`);
    }
    for (const material of MATERIAL_TYPES) expect(compact(text)).toContain(materialName(material).zh);
    expect(text).toMatch(/乌海市不动产登记中心\n2026年11月27日$/);

    expect(info).toMatchObject({
      Title: 'SLZX202611270001',
      Subject: '不动产登记受理凭证',
      Author: '乌海市不动产登记中心',
    });
  });

  it('rejects naming the path when the font file is missing', async () => {
    const fontPath = '/nonexistent/fonts/NotoSansCJK-Regular.ttc';
    await expect(renderAcceptanceReceiptPdf(receipt, { fontPath })).rejects.toThrow(
      `Acceptance receipt font ${fontPath} does not exist`,
    );
  });

  it('rejects a receipt that would need a second page', async () => {
    const parties = Array.from({ length: 12 }, () => receipt.parties).flat();
    await expect(
      renderAcceptanceReceiptPdf({ ...receipt, parties }, { fontPath: FONT_PATH }),
    ).rejects.toThrow('Acceptance receipt SLZX202611270001 does not fit on one A4 page');
  });
});
