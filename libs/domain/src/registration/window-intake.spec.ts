import { Appearance, counterItems, materialsPresented } from './window-intake';

const seller: Appearance = {
  partyId: 'seller',
  partyName: '张三',
  agentName: null,
  powerOfAttorneyPresented: false,
  identityVerified: true,
  identityScanned: true,
};
const buyer: Appearance = { ...seller, partyId: 'buyer', partyName: '李四' };

const transfer = {
  kind: 'transfer' as const,
  applicantPartyId: 'seller',
  counterpartyPartyId: 'buyer',
  applicantName: '张三',
  counterpartyName: '李四',
  counterpartyConfirmed: false,
};

describe('counter presence rules', () => {
  it('asks nothing more when both sides of a joint application stand at the counter, identified', () => {
    expect(counterItems({ ...transfer, appearances: [seller, buyer] })).toEqual([]);
  });

  it('names each absent side of a joint application', () => {
    const items = counterItems({ ...transfer, appearances: [] });
    expect(items.map((item) => item.code)).toEqual(['party_absent', 'party_absent']);
    expect(items[0].message.zh).toContain('张三');
    expect(items[1].message.zh).toContain('李四');
  });

  it('needs only the applicant once the counter-party has confirmed the joint application', () => {
    expect(counterItems({ ...transfer, counterpartyConfirmed: true, appearances: [seller] })).toEqual([]);
  });

  it('does not require the lessee of a lease, which is not a joint application', () => {
    expect(
      counterItems({ ...transfer, kind: 'lease', appearances: [seller] }).map((item) => item.code),
    ).toEqual([]);
  });

  it('reports every person whose identity was not checked or not scanned, agents by name', () => {
    const agentOfBuyer = { ...buyer, agentName: '王五', identityScanned: false };
    const items = counterItems({
      ...transfer,
      appearances: [{ ...seller, identityVerified: false }, agentOfBuyer],
    });
    expect(items.map((item) => item.code)).toEqual(['identity_unverified', 'identity_unverified']);
    expect(items[1].message.zh).toContain('李四 的委托代理人 王五');
  });
});

describe('materials an intake presents to the checklist', () => {
  it('adds proof of identity only when everyone at the counter was identified', () => {
    expect(materialsPresented(['contract'], [seller, buyer]).sort()).toEqual(['contract', 'identity']);
    expect(materialsPresented(['contract'], [seller, { ...buyer, identityScanned: false }])).toEqual([
      'contract',
    ]);
    expect(materialsPresented([], [])).toEqual([]);
  });

  it('adds the power of attorney only when every agent presented one', () => {
    const agent = { ...buyer, agentName: '王五', powerOfAttorneyPresented: true };
    expect(materialsPresented([], [seller, agent])).toContain('power_of_attorney');
    expect(materialsPresented([], [seller, { ...agent, powerOfAttorneyPresented: false }])).not.toContain(
      'power_of_attorney',
    );
    expect(materialsPresented([], [seller, buyer])).not.toContain('power_of_attorney');
  });
});
