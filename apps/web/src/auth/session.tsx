import { Result } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { call, http, session } from '../api/client';
import type { LoginResult, Role, UserView } from '../api/views';

interface SessionValue {
  user: UserView | null;
  /** True until the stored token has been checked against `GET /auth/me`. */
  restoring: boolean;
  login: (username: string, password: string) => Promise<UserView>;
  logout: () => void;
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserView | null>(null);
  const [restoring, setRestoring] = useState(session.token() !== null);

  useEffect(() => {
    if (!session.token()) return;
    call<UserView>(http.GET('/api/v1/auth/me'))
      .then(setUser, () => session.forget())
      .finally(() => setRestoring(false));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await call<LoginResult>(http.POST('/api/v1/auth/login', { body: { username, password } }));
    session.remember(result.accessToken);
    setUser(result.user);
    return result.user;
  }, []);

  const logout = useCallback(() => {
    session.forget();
    setUser(null);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      user,
      restoring,
      login,
      logout,
      hasRole: (...roles) => !!user && roles.some((role) => user.roles.includes(role)),
    }),
    [user, restoring, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** A workbench's gate: anonymous visitors go to the login page and come back; other roles are told why not. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user, restoring, hasRole } = useSession();
  const location = useLocation();
  if (restoring) return null;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (!hasRole(...roles)) {
    return <Result status="403" title="无权访问" subTitle="当前账号没有使用此工作台的角色。" />;
  }
  return <>{children}</>;
}

/** Where each role works, in the order a person with several roles is sent. */
export const HOME_OF_ROLE: [Role, string][] = [
  ['admin', '/admin'],
  ['registrar', '/review'],
  ['reviewer', '/review'],
  ['clerk', '/window'],
  ['holder', '/holder'],
];

export function homeOf(user: UserView): string {
  return HOME_OF_ROLE.find(([role]) => user.roles.includes(role))?.[1] ?? '/';
}
