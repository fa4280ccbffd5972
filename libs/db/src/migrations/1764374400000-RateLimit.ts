import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit counters shared by every API replica, so N replicas do not allow N times the limit. */
export class RateLimit1764374400000 implements MigrationInterface {
  name = 'RateLimit1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE rate_limit_counter (
        key text PRIMARY KEY,
        hits integer NOT NULL CHECK (hits > 0),
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX rate_limit_counter_window_idx ON rate_limit_counter (window_ends_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rate_limit_counter`);
  }
}
