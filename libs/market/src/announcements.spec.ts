import { announcedParty, maskPersonName } from './announcements.service';

describe('maskPersonName', () => {
  it('keeps the surname and stars every other character', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('王小明')).toBe('王**');
    expect(maskPersonName(' 李四 ')).toBe('李*');
  });

  it('keeps a compound surname whole when a given name follows it', () => {
    expect(maskPersonName('欧阳娜娜')).toBe('欧阳**');
    expect(maskPersonName('司马光')).toBe('司马*');
    expect(maskPersonName('欧阳')).toBe('欧*');
  });

  it('counts characters outside the basic plane as one character each', () => {
    expect(maskPersonName('𠀋一二')).toBe('𠀋**');
  });

  it('stars Mongolian names transcribed with a middle dot like any other character', () => {
    expect(maskPersonName('巴特尔·其其格')).toBe('巴******');
  });
});

describe('announcedParty', () => {
  it('shows an organisation by full name and credit code', () => {
    expect(
      announcedParty('transferee', {
        kind: 'organization',
        name: '乌海市某某有限公司',
        uscc: '91150300MA0N000000',
        id_number_masked: null,
      }),
    ).toEqual({ role: 'transferee', name: '乌海市某某有限公司', identifier: '91150300MA0N000000' });
  });

  it('shows a person by masked name and the stored masked ID only', () => {
    expect(
      announcedParty('lessee', {
        kind: 'person',
        name: '张三',
        uscc: null,
        id_number_masked: '150302********1234',
      }),
    ).toEqual({ role: 'lessee', name: '张*', identifier: '150302********1234' });
  });
});
