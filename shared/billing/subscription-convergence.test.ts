import { decide, needsConfirmation, type StoredState } from './subscription-convergence';

const stored: StoredState = { subscriptionId: 'sub_a', status: 'active', subscriptionCreated: 100, sourceTime: 500 };

describe('decide', () => {
  it('applies anything when nothing is stored', () => {
    expect(decide(undefined, { id: 'sub_a', status: 'active', created: 100 }, 1)).toBe('apply');
  });
  it('orders states of one subscription by event time and re-fetches on a tie', () => {
    expect(decide(stored, { id: 'sub_a', status: 'past_due', created: 100 }, 501)).toBe('apply');
    expect(decide(stored, { id: 'sub_a', status: 'past_due', created: 100 }, 499)).toBe('skip');
    expect(decide(stored, { id: 'sub_a', status: 'past_due', created: 100 }, 500)).toBe('refetch');
  });
  it('never revives a canceled subscription', () => {
    const ended = { ...stored, status: 'canceled' };
    expect(decide(ended, { id: 'sub_a', status: 'active', created: 100 }, 900)).toBe('skip');
    expect(decide(ended, { id: 'sub_a', status: 'canceled', created: 100 }, 500)).toBe('skip');
  });
  it('prefers a live subscription over an ended one, then the newer one', () => {
    expect(decide({ ...stored, status: 'canceled' }, { id: 'sub_b', status: 'active', created: 50 }, 1)).toBe('apply');
    expect(decide(stored, { id: 'sub_old', status: 'canceled', created: 50 }, 900)).toBe('skip');
    expect(decide(stored, { id: 'sub_b', status: 'active', created: 200 }, 1)).toBe('apply');
    expect(decide(stored, { id: 'sub_b', status: 'active', created: 50 }, 900)).toBe('skip');
  });
});

describe('needsConfirmation', () => {
  const ended = { ...stored, status: 'canceled' };
  it('asks Stripe before a live state of an older subscription replaces a newer ended one', () => {
    expect(needsConfirmation(ended, { id: 'sub_old', status: 'active', created: 50 })).toBe(true);
    expect(needsConfirmation(ended, { id: 'sub_new', status: 'active', created: 200 })).toBe(false);
    expect(needsConfirmation(stored, { id: 'sub_old', status: 'active', created: 50 })).toBe(false);
    expect(needsConfirmation(ended, { id: 'sub_a', status: 'active', created: 100 })).toBe(false);
    expect(needsConfirmation(undefined, { id: 'sub_a', status: 'active', created: 100 })).toBe(false);
  });
});
