import { unitDistrictProblem, unitTermProblem } from './unit-term';

describe('unit rules', () => {
  it('requires a term for granted land and none for allocated land', () => {
    expect(unitTermProblem('granted', '2015-06-01', '2065-05-31')).toBeNull();
    expect(unitTermProblem('granted', '2015-06-01')).toMatchObject({ rule: 'grantedTerm' });
    expect(unitTermProblem('granted', '2065-05-31', '2015-06-01')).toMatchObject({ rule: 'grantedTerm' });
    expect(unitTermProblem('allocated')).toBeNull();
    expect(unitTermProblem('allocated', undefined, '2065-05-31')).toMatchObject({ rule: 'allocatedTerm' });
  });

  it('ties the district to the unit number', () => {
    expect(unitDistrictProblem('150302001001GB00001W00000000', '150302')).toBeNull();
    expect(unitDistrictProblem('150302001001GB00001W00000000', '150303')).toMatchObject({
      field: 'districtCode',
    });
  });
});
