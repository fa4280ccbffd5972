import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, AuditActor, SYSTEM_ACTOR } from '@app/audit';
import { ApiError, AuthenticatedUser, Page, Role } from '@app/common';
import {
  pgConstraintName,
  pgErrorCode,
  PG_UNIQUE_VIOLATION,
  PartyEntity,
  updateReturning,
  UserEntity,
} from '@app/db';
import { NotificationService } from '@app/notification';
import { OutboxService } from '@app/queue';
import { PartyInput, PartyService, toPartyView } from './party.service';
import { UserView } from './user-view';

export interface HolderRegistration {
  username: string;
  password: string;
  displayName: string;
  party: PartyInput;
}

export interface StaffAccount {
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
  districts: string[];
  /** Required for a clerk, who sits at exactly one window; refused for anyone else. */
  windowId: string | null;
}

export function actorOf(user: AuthenticatedUser): AuditActor {
  return { id: user.id, label: user.username };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parties: PartyService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly outbox: OutboxService,
  ) {}

  async registerHolder(registration: HolderRegistration): Promise<UserView> {
    const passwordHash = await argon2.hash(registration.password);
    return this.translateConflicts(() =>
      this.dataSource.transaction(async (manager) => {
        // Knowing someone's name and ID number must not be enough to take over their registered identity:
        // an identity the register already knows is bound to an account only after checks in person.
        if (await this.parties.findByIdentifier(manager, registration.party)) {
          throw ApiError.conflict(
            {
              zh: '该身份已在登记簿中，请携带身份证件到受理窗口核验后开通账户',
              en: 'This identity is already known to the register; verify it in person at a window to open an account',
            },
            { field: 'party' },
          );
        }
        const party = await this.parties.findOrCreate(manager, registration.party);
        const user = await this.insertUser(manager, {
          username: registration.username,
          passwordHash,
          displayName: registration.displayName,
          roles: ['holder'],
          partyId: party.id,
          districts: [],
          windowId: null,
        });
        await this.audit.record(manager, {
          actor: { id: user.id, label: user.username },
          action: 'user.registered',
          entityType: 'user',
          entityId: user.id,
          reason: 'holder self-registration',
          data: { roles: user.roles, partyId: party.id, partyKind: party.kind },
        });
        await this.notifications.notify(manager, {
          userId: user.id,
          template: 'welcome',
          title: '欢迎使用乌海市土地二级市场交易平台',
          body: `${user.displayName}，您的账户已开通。`,
        });
        return this.viewOf(user, party);
      }),
    );
  }

  async createStaff(account: StaffAccount, actor: AuditActor): Promise<UserView> {
    const passwordHash = await argon2.hash(account.password);
    return this.translateConflicts(() =>
      this.dataSource.transaction(async (manager) => {
        await this.checkWindow(manager, account);
        const user = await this.insertUser(manager, { ...account, passwordHash, partyId: null });
        await this.audit.record(manager, {
          actor,
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          reason: 'staff account created',
          data: { roles: user.roles, districts: user.districts, windowId: user.windowId },
        });
        return this.viewOf(user, null);
      }),
    );
  }

  /** Creates the first administrator from the environment once; an existing account is never touched. */
  async ensureInitialAdmin(username: string, password: string): Promise<boolean> {
    const passwordHash = await argon2.hash(password);
    return this.dataSource.transaction(async (manager) => {
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO app_user (username, password_hash, display_name, roles)
         VALUES ($1, $2, '系统管理员', ARRAY['admin'])
         ON CONFLICT ((lower(username))) DO NOTHING RETURNING id`,
        [username, passwordHash],
      );
      if (!row) return false;
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR,
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        reason: 'initial administrator from ADMIN_USERNAME',
        data: { roles: ['admin'] },
      });
      return true;
    });
  }

  async deactivate(userId: string, actor: AuditActor, reason: string): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await updateReturning<{ id: string }>(
        manager,
        `UPDATE app_user SET active = false, updated_at = now(), version = version + 1
          WHERE id = $1 AND active RETURNING id`,
        [userId],
      );
      if (!row) {
        const exists = await manager.existsBy(UserEntity, { id: userId });
        if (!exists) throw ApiError.notFound({ zh: '用户不存在', en: 'User not found' });
        throw ApiError.conflict(
          { zh: '该用户已停用', en: 'User is already deactivated' },
          { currentStatus: 'inactive' },
        );
      }
      await this.audit.record(manager, {
        actor,
        action: 'user.deactivated',
        entityType: 'user',
        entityId: userId,
        reason,
      });
      // Whatever this user was assigned to review goes back to routing, in the worker, once this commits.
      await this.outbox.enqueue(manager, 'assignments.release', { userId });
      return this.findView(userId, manager);
    });
  }

  async findView(userId: string, manager: EntityManager = this.dataSource.manager): Promise<UserView> {
    const user = await manager.findOneBy(UserEntity, { id: userId });
    if (!user) throw ApiError.notFound({ zh: '用户不存在', en: 'User not found' });
    const party = user.partyId ? await manager.findOneBy(PartyEntity, { id: user.partyId }) : null;
    return this.viewOf(user, party);
  }

  async list(page: number, pageSize: number): Promise<Page<UserView>> {
    const [users, total] = await this.dataSource.manager.findAndCount(UserEntity, {
      order: { createdAt: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const partyIds = users.map((user) => user.partyId).filter((id): id is string => !!id);
    const parties = partyIds.length
      ? await this.dataSource.manager
          .getRepository(PartyEntity)
          .createQueryBuilder('party')
          .where('party.id IN (:...ids)', { ids: partyIds })
          .getMany()
      : [];
    const byId = new Map(parties.map((party) => [party.id, party]));
    return {
      items: users.map((user) => this.viewOf(user, user.partyId ? (byId.get(user.partyId) ?? null) : null)),
      total,
      page,
      pageSize,
    };
  }

  private async insertUser(
    manager: EntityManager,
    values: Omit<StaffAccount, 'password'> & { passwordHash: string; partyId: string | null },
  ): Promise<UserEntity> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO app_user (username, password_hash, display_name, roles, party_id, districts, window_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        values.username,
        values.passwordHash,
        values.displayName.trim(),
        values.roles,
        values.partyId,
        values.districts,
        values.windowId,
      ],
    );
    return manager.findOneByOrFail(UserEntity, { id: row.id });
  }

  private viewOf(user: UserEntity, party: PartyEntity | null): UserView {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      districts: user.districts,
      windowId: user.windowId,
      active: user.active,
      ...(party ? { party: toPartyView(party) } : {}),
    };
  }

  private async checkWindow(manager: EntityManager, account: StaffAccount): Promise<void> {
    const clerk = account.roles.includes('clerk');
    if (clerk && !account.windowId) {
      throw ApiError.invalidField('windowId', 'requiredForClerk', {
        zh: '窗口受理人员须指定所在窗口',
        en: 'a clerk must be assigned to a window',
      });
    }
    if (!clerk && account.windowId) {
      throw ApiError.invalidField('windowId', 'onlyForClerk', {
        zh: '只有窗口受理人员可以指定窗口',
        en: 'only a clerk is assigned to a window',
      });
    }
    if (!account.windowId) return;
    const [window]: { active: boolean }[] = await manager.query(
      `SELECT active FROM acceptance_window WHERE id = $1`,
      [account.windowId],
    );
    if (!window?.active) {
      throw ApiError.invalidField('windowId', 'activeWindow', {
        zh: '窗口不存在或已停用',
        en: 'no active window with this id',
      });
    }
  }

  private async translateConflicts<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
      const constraint = pgConstraintName(error);
      if (constraint === 'app_user_username_key') {
        throw ApiError.conflict(
          { zh: '用户名已被使用', en: 'Username is already taken' },
          { field: 'username' },
        );
      }
      if (constraint === 'app_user_party_key') {
        throw ApiError.conflict(
          { zh: '该证件已注册过账户', en: 'An account already exists for this identity' },
          { field: 'party' },
        );
      }
      throw error;
    }
  }
}
