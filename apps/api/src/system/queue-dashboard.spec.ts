import { cookieValue, queueDashboardCookie } from './queue-dashboard';

describe('queue dashboard cookie', () => {
  it('finds one cookie among several, whatever the spacing', () => {
    expect(cookieValue('a=1; queue_dashboard_token=x.y.z;b=2', 'queue_dashboard_token')).toBe('x.y.z');
    expect(cookieValue('queue_dashboard_token=t', 'queue_dashboard_token')).toBe('t');
    expect(cookieValue('xqueue_dashboard_token=t; queue_dashboard_tokenx=u', 'queue_dashboard_token')).toBe(
      undefined,
    );
    expect(cookieValue('queue_dashboard_token=', 'queue_dashboard_token')).toBe(undefined);
    expect(cookieValue(undefined, 'queue_dashboard_token')).toBe(undefined);
  });

  it('is HttpOnly, SameSite=Strict and limited to the dashboard, and Secure when asked', () => {
    expect(queueDashboardCookie('t', 3599.7, false)).toBe(
      'queue_dashboard_token=t; Max-Age=3599; Path=/admin/queues; HttpOnly; SameSite=Strict',
    );
    expect(queueDashboardCookie('t', -5, true)).toBe(
      'queue_dashboard_token=t; Max-Age=0; Path=/admin/queues; HttpOnly; SameSite=Strict; Secure',
    );
  });
});
