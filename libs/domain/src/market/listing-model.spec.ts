import { LISTING_STATES, listingActionAllowed } from './listing-model';

describe('listing lifecycle', () => {
  it('lets only the states the lifecycle names take each action', () => {
    const from = (action: Parameters<typeof listingActionAllowed>[0]) =>
      LISTING_STATES.filter((state) => listingActionAllowed(action, state));
    expect(from('publish')).toEqual(['draft']);
    expect(from('confirm')).toEqual(['pending_confirmation']);
    expect(from('close')).toEqual(['published']);
    expect(from('expire')).toEqual(['pending_confirmation', 'published']);
    expect(from('revoke')).toEqual(['pending_confirmation', 'published']);
    expect(from('withdraw')).toEqual(['draft', 'pending_confirmation', 'published']);
    expect(from('update')).toEqual(['draft', 'pending_confirmation', 'published']);
  });
});
