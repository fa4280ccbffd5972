import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@app/audit';
import { ApiError, AuthenticatedUser, Role } from '@app/common';
import { AuthConfig } from '@app/config';
import { updateReturning } from '@app/db';
import { UsersService } from './users.service';
import { UserView } from './user-view';

export interface AccessTokenClaims {
  sub: string;
  username: string;
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: UserView;
}

/** A token that passed verification, with the active user it stands for as the database has them now. */
export interface VerifiedAccessToken {
  user: AuthenticatedUser;
  expiresAt: Date;
}

const BAD_CREDENTIALS = { zh: '用户名或密码错误', en: 'Wrong username or password' };

@Injectable()
export class AuthService {
  /** Verified against when the username is unknown, so response time does not reveal which usernames exist. */
  private readonly decoyHash = argon2.hash('decoy-password-for-unknown-users');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AuthConfig,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const [account]: {
      id: string;
      username: string;
      password_hash: string;
      active: boolean;
      locked_until: Date | null;
    }[] = await this.dataSource.query(
      `SELECT id, username, password_hash, active, locked_until FROM app_user WHERE lower(username) = lower($1)`,
      [username],
    );
    if (!account) {
      await argon2.verify(await this.decoyHash, password);
      throw ApiError.unauthorized(BAD_CREDENTIALS);
    }
    if (account.locked_until && account.locked_until > new Date()) {
      throw ApiError.forbidden(
        {
          zh: '登录失败次数过多，账户已临时锁定',
          en: 'Too many failed logins; the account is temporarily locked',
        },
        { lockedUntil: account.locked_until.toISOString() },
      );
    }
    if (!(await argon2.verify(account.password_hash, password))) {
      await this.recordFailure(account.id, account.username);
      throw ApiError.unauthorized(BAD_CREDENTIALS);
    }
    if (!account.active) {
      throw ApiError.forbidden({ zh: '账户已停用', en: 'The account is deactivated' });
    }
    // Re-checked after the slow password hash: parallel wrong guesses may have locked the account meanwhile.
    const [stillUnlocked] = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE app_user SET failed_login_count = 0, locked_until = NULL
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now()) RETURNING id`,
      [account.id],
    );
    if (!stillUnlocked) {
      throw ApiError.forbidden({
        zh: '登录失败次数过多，账户已临时锁定',
        en: 'Too many failed logins; the account is temporarily locked',
      });
    }
    const claims: AccessTokenClaims = { sub: account.id, username: account.username };
    return {
      accessToken: await this.jwt.signAsync(claims, { expiresIn: this.config.jwtExpiresInSeconds }),
      expiresIn: this.config.jwtExpiresInSeconds,
      user: await this.users.findView(account.id),
    };
  }

  /**
   * Checks an access token (signature, algorithm, issuer, expiry) and reads its user, who must still be
   * active; `undefined` for anything else. The global guard authenticates every request through this, and
   * so does the queue dashboard, which lives outside Nest's routing.
   */
  async verifyAccessToken(token: string): Promise<VerifiedAccessToken | undefined> {
    let claims: AccessTokenClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp: number }>(token);
    } catch {
      return undefined;
    }
    // Every token this service signs expires; one that does not was not made here.
    if (typeof claims.exp !== 'number') return undefined;
    const [row]: {
      id: string;
      username: string;
      roles: Role[];
      party_id: string | null;
      districts: string[];
      window_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT id, username, roles, party_id, districts, window_id FROM app_user WHERE id = $1 AND active`,
      [claims.sub],
    );
    if (!row) return undefined;
    return {
      user: {
        id: row.id,
        username: row.username,
        roles: row.roles,
        partyId: row.party_id,
        districts: row.districts,
        windowId: row.window_id,
      },
      expiresAt: new Date(claims.exp * 1000),
    };
  }

  /**
   * Counting happens in one UPDATE, so parallel wrong guesses cannot slip past the limit. A lock that has
   * run out starts a fresh count. Locked accounts never get here, so reaching the limit means a new lock.
   */
  private async recordFailure(userId: string, username: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = await updateReturning<{ failed_login_count: number; locked_until: Date | null }>(
        manager,
        `UPDATE app_user
            SET failed_login_count = CASE WHEN locked_until <= now() THEN 1 ELSE failed_login_count + 1 END,
                locked_until = CASE
                  WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_login_count + 1 END) >= $2
                    THEN now() + make_interval(mins => $3)
                  ELSE NULL END
          WHERE id = $1
          RETURNING failed_login_count, locked_until`,
        [userId, this.config.loginMaxFailures, this.config.loginLockoutMinutes],
      );
      if (row.failed_login_count >= this.config.loginMaxFailures) {
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR,
          action: 'user.locked',
          entityType: 'user',
          entityId: userId,
          reason: `${row.failed_login_count} failed logins`,
          data: { username, lockedUntil: row.locked_until?.toISOString() ?? null },
        });
      }
    });
  }
}
