import { MATERIAL_TYPES, materialName } from '@app/domain';
import { renderOneTimeNoticePdf, type OneTimeNoticeDocument } from '@app/documents';
import { readPdf } from './testing/pdf-text';

const FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/** Wrapped lines come back as separate lines, so long strings are compared without whitespace. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

const MESSAGES = [
  '中国银行股份有限公司乌海分行 未到场，也未委托代理人办理（共同申请须双方到场或委托代理）',
  '乌海市某某化工有限公司 的委托代理人 李四 的身份证件未经核验或未留存扫描件',
  '单元已被查封，不得办理该登记',
  '单元存在异议登记（权属争议），不得转让',
  '闲置土地尚未处置完毕，不得转让',
  '申请人不是该单元的现势权利人',
  '土地出让金尚未全部缴清，不得转让',
  '完成开发投资18.5%，未达到总投资的25%',
  ...(
    ['contract', 'price_declaration', 'coowner_consent', 'mortgagee_consent', 'approval_document'] as const
  ).map((material) => `缺少材料：${materialName(material).zh}`),
  '土地使用期限已届满',
  '单元已被查封，不得设定抵押',
];

function items(count: number): OneTimeNoticeDocument['items'] {
  return Array.from({ length: count }, (_, index) => ({
    code: 'material_missing',
    message: { zh: `${MESSAGES[index % MESSAGES.length]}（${index + 1}）`, en: `Item ${index + 1}` },
  }));
}

/** A busy but ordinary notice: both sides sent agents, a few materials came, fifteen things are wrong. */
const notice: OneTimeNoticeDocument = {
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
      role: 'counterparty',
      name: '中国银行股份有限公司乌海分行',
      identifierMasked: '91150300MA0P******',
      agent: { name: '赵六', identifierMasked: '150303********9012' },
    },
  ],
  materialsReceived: ['identity', 'certificate', 'power_of_attorney', 'grant_fee_receipt', 'other'],
  issuedAt: '2026-11-27T02:32:00Z',
  registrationAuthority: '乌海市不动产登记中心',
  noticeNumber: 'GZZX202611270001',
  items: items(15),
};

function expectEveryItem(text: string, document: OneTimeNoticeDocument): void {
  document.items.forEach((item, index) => {
    expect(compact(text)).toContain(compact(`${index + 1}.${item.message.zh}`));
  });
}

describe('renderOneTimeNoticePdf', () => {
  it('renders a busy notice as one A4 page that lists every item', async () => {
    const buffer = await renderOneTimeNoticePdf(notice, { fontPath: FONT_PATH });
    const pdf = buffer.toString('latin1');
    expect(pdf).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);

    const { pages, info } = await readPdf(buffer);
    expect(pages).toHaveLength(1);
    const [text] = pages;
    expect(text).toContain('不动产登记一次性告知书');
    expect(text).toContain('告知书编号：GZZX202611270001');
    expect(text).toContain('申请编号DJ202611270000123');
    expect(text).toContain('登记类型转移登记');
    expect(text).toContain(
      '乌海市某某化工有限公司（91150300MA0N******）\n委托代理人：李四（150302********5678）',
    );
    expect(compact(text)).toContain('1.身份证明（身份证或营业执照）；2.不动产权证书；3.授权委托书');
    expect(compact(text)).toContain(
      '经审查，您的申请尚不符合受理条件，请一次性补齐以下材料或消除以下问题后再来办理：',
    );
    expectEveryItem(text, notice);
    expect(text).toContain('经办人：王晓燕\u3000告知时间：2026年11月27日 10:32');
    expect(text).toMatch(/乌海市不动产登记中心\n2026年11月27日$/);

    expect(info).toMatchObject({
      Title: 'GZZX202611270001',
      Subject: '不动产登记一次性告知书',
      Author: '乌海市不动产登记中心',
    });
  });

  it('carries on over further pages rather than leave an item out', async () => {
    const long: OneTimeNoticeDocument = {
      ...notice,
      parties: [...notice.parties, ...notice.parties],
      materialsReceived: [...MATERIAL_TYPES],
      items: items(60),
    };
    const { pages } = await readPdf(await renderOneTimeNoticePdf(long, { fontPath: FONT_PATH }));

    expect(pages.length).toBeGreaterThanOrEqual(3);
    expectEveryItem(pages.join('\n'), long);
    for (const page of pages.slice(1)) {
      expect(page).toMatch(/^不动产登记一次性告知书（续）\u3000告知书编号：GZZX202611270001\n/);
    }
    // The window and the signature close the notice on its last page only, never on a page of their own.
    for (const page of pages.slice(0, -1)) expect(page).not.toContain('经办人');
    const last = pages.at(-1)!;
    expect(compact(last)).toContain(compact(`60.${long.items[59].message.zh}`));
    expect(last).toContain('补齐材料或消除上述问题后，请携带本告知书到受理窗口重新申请。');
    expect(last).toContain('经办人：王晓燕');
    expect(last).toMatch(/乌海市不动产登记中心\n2026年11月27日$/);
  });

  it('rejects naming the path when the font file is missing', async () => {
    const fontPath = '/nonexistent/fonts/NotoSansCJK-Regular.ttc';
    await expect(renderOneTimeNoticePdf(notice, { fontPath })).rejects.toThrow(
      `One-time notice font ${fontPath} does not exist`,
    );
  });
});
