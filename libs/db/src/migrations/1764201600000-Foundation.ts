import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764201600000 implements MigrationInterface {
  name = 'Foundation1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS postgis`);

    await queryRunner.query(`
      CREATE TABLE party (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('person', 'organization')),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        id_number_ciphertext bytea,
        id_number_hmac bytea,
        id_number_masked text,
        uscc text CHECK (uscc ~ '^[0-9A-HJ-NP-RT-UW-Y]{18}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT party_identifier_matches_kind CHECK (
          (kind = 'person' AND id_number_ciphertext IS NOT NULL AND id_number_hmac IS NOT NULL
             AND id_number_masked IS NOT NULL AND uscc IS NULL)
          OR (kind = 'organization' AND uscc IS NOT NULL AND id_number_ciphertext IS NULL
             AND id_number_hmac IS NULL AND id_number_masked IS NULL)
        )
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX party_id_number_hmac_key ON party (id_number_hmac) WHERE id_number_hmac IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX party_uscc_key ON party (uscc) WHERE uscc IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{3,40}$'),
        password_hash text NOT NULL,
        display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
        roles text[] NOT NULL CHECK (
          cardinality(roles) > 0
          AND roles <@ ARRAY['holder', 'clerk', 'reviewer', 'registrar', 'admin', 'auditor']::text[]
        ),
        party_id uuid REFERENCES party (id),
        districts text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT app_user_holder_has_party CHECK (NOT ('holder' = ANY (roles)) OR party_id IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX app_user_party_key ON app_user (party_id) WHERE party_id IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE audit_event (
        id bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_label text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        reason text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL UNIQUE,
        hash text NOT NULL UNIQUE
      )`);
    await queryRunner.query(`CREATE SEQUENCE audit_event_id_seq OWNED BY audit_event.id`);
    await queryRunner.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity_type, entity_id)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);

    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        completed_at timestamptz,
        dispatch_attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT outbox_completed_after_dispatch CHECK (completed_at IS NULL OR dispatched_at IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX outbox_undispatched_idx ON outbox (id) WHERE dispatched_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX outbox_unfinished_idx ON outbox (dispatched_at) WHERE dispatched_at IS NOT NULL AND completed_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE idempotency_key (
        scope text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key),
        CONSTRAINT idempotency_completed_has_response CHECK (state = 'in_progress' OR response_status IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at)`);

    await queryRunner.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        template text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        delivery_count integer NOT NULL DEFAULT 0,
        read_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification`);
    await queryRunner.query(`DROP TABLE idempotency_key`);
    await queryRunner.query(`DROP TABLE outbox`);
    await queryRunner.query(`DROP TABLE audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_refuse_change()`);
    await queryRunner.query(`DROP TABLE app_user`);
    await queryRunner.query(`DROP TABLE party`);
  }
}
