import { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = [
  'draft',
  'submitted',
  'accepted',
  'first_review',
  'second_review',
  'approved',
  'recorded',
  'certified',
  'requisitioned',
  'preemption_pending',
  'rejected',
  'withdrawn',
];

/** Once accepted, these states hold a place in the unit's acceptance order until recorded or ended. */
const IN_FLIGHT = [
  'submitted',
  'requisitioned',
  'accepted',
  'preemption_pending',
  'first_review',
  'second_review',
  'approved',
];

const quoted = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * Registration applications and what recording produces. The application row is the state machine
 * (status + version, guarded updates); the invariants that keep a unit from being sold twice are indexes here,
 * not only checks in the service.
 */
export class Registration1764633600000 implements MigrationInterface {
  name = 'Registration1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE registration_application_number_seq`);
    await queryRunner.query(`CREATE SEQUENCE registration_acceptance_seq`);
    await queryRunner.query(`
      CREATE TABLE registration_application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_number text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('transfer', 'lease', 'mortgage', 'mortgage_release')),
        channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'window')),
        status text NOT NULL CHECK (status IN (${quoted(STATES)})),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        unit_id uuid NOT NULL REFERENCES real_estate_unit (id),
        district_code text NOT NULL,
        right_id uuid REFERENCES use_right (id),
        applicant_party_id uuid NOT NULL REFERENCES party (id),
        created_by uuid NOT NULL REFERENCES app_user (id),
        counterparty_party_id uuid REFERENCES party (id),
        counterparty_confirmed_at timestamptz,
        counterparty_confirmed_by uuid REFERENCES app_user (id),
        listing_id uuid,
        declared_price numeric(16, 2) CHECK (declared_price > 0),
        lease_start date,
        lease_end date,
        annual_rent numeric(16, 2) CHECK (annual_rent >= 0),
        mortgage_amount numeric(16, 2) CHECK (mortgage_amount > 0),
        mortgage_max_amount boolean,
        mortgage_start date,
        mortgage_end date,
        released_mortgage_id uuid REFERENCES mortgage (id),
        submission_round integer NOT NULL DEFAULT 0 CHECK (submission_round >= 0),
        submitted_at timestamptz,
        precheck_status text CHECK (precheck_status IN ('pending', 'passed', 'failed')),
        precheck_findings jsonb NOT NULL DEFAULT '[]',
        prechecked_at timestamptz,
        preemption_required boolean NOT NULL DEFAULT false,
        preemption_decision text CHECK (preemption_decision IN ('exercised', 'waived')),
        preemption_due_on date,
        acceptance_seq bigint UNIQUE,
        accepted_at timestamptz,
        accepted_on date,
        accepted_by uuid REFERENCES app_user (id),
        assigned_to uuid REFERENCES app_user (id),
        assigned_stage text,
        first_reviewed_by uuid REFERENCES app_user (id),
        second_reviewed_by uuid REFERENCES app_user (id),
        approved_by uuid REFERENCES app_user (id),
        recorded_by uuid REFERENCES app_user (id),
        recorded_at timestamptz,
        mortgage_rank integer CHECK (mortgage_rank > 0),
        time_limit_days integer CHECK (time_limit_days > 0),
        warn_on date,
        due_on date,
        due_provisional boolean NOT NULL DEFAULT false,
        warned_at timestamptz,
        escalated_at timestamptz,
        certificate_number text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT application_counterparty_differs CHECK (counterparty_party_id <> applicant_party_id),
        CONSTRAINT application_counterparty_needed CHECK (
          kind = 'mortgage_release' OR counterparty_party_id IS NOT NULL
        ),
        CONSTRAINT application_transfer_price CHECK ((kind = 'transfer') = (declared_price IS NOT NULL)),
        CONSTRAINT application_lease_terms CHECK (
          (kind = 'lease') = (lease_start IS NOT NULL AND lease_end IS NOT NULL AND annual_rent IS NOT NULL)
          AND (lease_end IS NULL OR lease_end > lease_start)
        ),
        CONSTRAINT application_mortgage_terms CHECK (
          (kind = 'mortgage') = (
            mortgage_amount IS NOT NULL AND mortgage_max_amount IS NOT NULL
            AND mortgage_start IS NOT NULL AND mortgage_end IS NOT NULL
          )
          AND (mortgage_end IS NULL OR mortgage_end > mortgage_start)
        ),
        CONSTRAINT application_release_target CHECK (
          (kind = 'mortgage_release') = (released_mortgage_id IS NOT NULL)
        ),
        CONSTRAINT application_rank_only_for_mortgage CHECK (mortgage_rank IS NULL OR kind = 'mortgage'),
        CONSTRAINT application_accepted_has_acceptance CHECK (
          status NOT IN ('accepted', 'preemption_pending', 'first_review', 'second_review', 'approved',
                         'recorded', 'certified')
          OR (accepted_at IS NOT NULL AND acceptance_seq IS NOT NULL AND accepted_on IS NOT NULL)
        ),
        CONSTRAINT application_recorded_has_certificate CHECK (
          status NOT IN ('recorded', 'certified')
          OR (certificate_number IS NOT NULL AND recorded_at IS NOT NULL)
        ),
        CONSTRAINT application_preemption_decided CHECK (
          preemption_decision IS NULL OR preemption_required
        ),
        -- Both parties of a joint application (共同申请) stand behind it before it leaves the draft.
        CONSTRAINT application_joint_confirmed CHECK (
          kind NOT IN ('transfer', 'mortgage') OR status IN ('draft', 'withdrawn')
          OR counterparty_confirmed_at IS NOT NULL
        ),
        -- Four eyes: the acceptor, both reviewers, the approver and the recorder are different where the law
        -- asks for it (a comparison with a step not taken yet is NULL, which passes).
        CONSTRAINT application_four_eyes CHECK (
          first_reviewed_by <> accepted_by
          AND second_reviewed_by <> accepted_by AND second_reviewed_by <> first_reviewed_by
          AND approved_by <> first_reviewed_by AND approved_by <> second_reviewed_by
          AND recorded_by <> accepted_by
        )
      )`);
    // At most one transfer of a unit can be on its way to the register; a second one is refused at submit.
    await queryRunner.query(`
      CREATE UNIQUE INDEX registration_one_transfer_in_flight ON registration_application (unit_id)
      WHERE kind = 'transfer' AND status IN (${quoted(IN_FLIGHT)})`);
    // A mortgage's rank is reserved at acceptance, so two accepted mortgages can never share one.
    await queryRunner.query(`
      CREATE UNIQUE INDEX registration_mortgage_rank_reserved ON registration_application (unit_id, mortgage_rank)
      WHERE kind = 'mortgage' AND mortgage_rank IS NOT NULL AND status IN (${quoted(IN_FLIGHT)})`);
    await queryRunner.query(
      `CREATE INDEX registration_application_unit_idx ON registration_application (unit_id, acceptance_seq)`,
    );
    await queryRunner.query(
      `CREATE INDEX registration_application_applicant_idx ON registration_application (applicant_party_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX registration_application_counterparty_idx ON registration_application (counterparty_party_id)`,
    );
    await queryRunner.query(`
      CREATE INDEX registration_application_queue_idx ON registration_application (status, district_code, due_on)
      WHERE status IN (${quoted(IN_FLIGHT)})`);
    await queryRunner.query(`
      CREATE INDEX registration_application_assignee_idx ON registration_application (assigned_to, due_on)
      WHERE assigned_to IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE application_history (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES registration_application (id),
        version integer NOT NULL,
        action text NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        actor_id uuid REFERENCES app_user (id),
        actor_label text NOT NULL,
        comment text,
        missing_items jsonb,
        legal_ground text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT application_history_one_per_version UNIQUE (application_id, version)
      )`);

    await queryRunner.query(`
      CREATE TABLE application_material (
        application_id uuid NOT NULL REFERENCES registration_application (id),
        file_id uuid NOT NULL REFERENCES stored_file (id),
        material_type text NOT NULL,
        added_by uuid NOT NULL REFERENCES app_user (id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, file_id)
      )`);

    // A pause from P to R stops the statutory clock on P+1 … R; an open one has no resumed_on yet.
    await queryRunner.query(`
      CREATE TABLE application_clock_pause (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES registration_application (id),
        reason text NOT NULL CHECK (reason IN ('requisitioned', 'preemption_pending')),
        paused_on date NOT NULL,
        resumed_on date,
        CONSTRAINT application_clock_pause_order CHECK (resumed_on IS NULL OR resumed_on >= paused_on)
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX application_clock_pause_one_open ON application_clock_pause (application_id)
      WHERE resumed_on IS NULL`);

    // Gapless by construction: the counter row is locked by the recording transaction and rolls back with it.
    await queryRunner.query(`
      CREATE TABLE certificate_counter (
        series text NOT NULL CHECK (series IN ('right', 'proof')),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        last_sequence integer NOT NULL CHECK (last_sequence > 0),
        PRIMARY KEY (series, year)
      )`);
    await queryRunner.query(`
      CREATE TABLE certificate (
        number text PRIMARY KEY,
        series text NOT NULL CHECK (series IN ('right', 'proof')),
        year integer NOT NULL,
        sequence integer NOT NULL CHECK (sequence > 0),
        status text NOT NULL CHECK (status IN ('valid', 'void')),
        application_id uuid NOT NULL UNIQUE REFERENCES registration_application (id),
        unit_id uuid NOT NULL REFERENCES real_estate_unit (id),
        kind text NOT NULL,
        holders_masked jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        file_id uuid REFERENCES stored_file (id),
        issued_at timestamptz,
        void_reason text,
        CONSTRAINT certificate_sequence_unique UNIQUE (series, year, sequence),
        CONSTRAINT certificate_issued_has_file CHECK ((issued_at IS NULL) = (file_id IS NULL)),
        CONSTRAINT certificate_void_has_reason CHECK ((status = 'void') = (void_reason IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'certificate',
      'certificate_counter',
      'application_clock_pause',
      'application_material',
      'application_history',
      'registration_application',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP SEQUENCE registration_acceptance_seq`);
    await queryRunner.query(`DROP SEQUENCE registration_application_number_seq`);
  }
}
