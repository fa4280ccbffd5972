import { monthsBetween, statisticsRange } from './statistics.service';

describe('statisticsRange', () => {
  it('defaults to the current calendar year', () => {
    expect(statisticsRange({}, '2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('completes a lone bound within its own year', () => {
    expect(statisticsRange({ from: '2024-03-15' }, '2026-11-27')).toEqual({
      from: '2024-03-15',
      to: '2024-12-31',
    });
    expect(statisticsRange({ to: '2025-06-30' }, '2026-11-27')).toEqual({
      from: '2025-01-01',
      to: '2025-06-30',
    });
  });

  it('keeps both bounds as given, even reversed, for the caller to refuse', () => {
    expect(statisticsRange({ from: '2026-05-01', to: '2026-04-01' }, '2026-11-27')).toEqual({
      from: '2026-05-01',
      to: '2026-04-01',
    });
  });
});

describe('monthsBetween', () => {
  it('lists every month touched by the range, across a year end', () => {
    expect(monthsBetween('2025-11-20', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('lists one month for a range inside it, and none for a reversed range', () => {
    expect(monthsBetween('2026-11-27', '2026-11-27')).toEqual(['2026-11']);
    expect(monthsBetween('2026-12-01', '2026-11-30')).toEqual([]);
  });

  it('lists twelve months for a calendar year', () => {
    expect(monthsBetween('2026-01-01', '2026-12-31')).toHaveLength(12);
  });
});
