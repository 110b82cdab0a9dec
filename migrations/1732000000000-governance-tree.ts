import { MigrationInterface, QueryRunner } from 'typeorm';

/** The governance tree, bodies, collectives, people, memberships, posts, cycles and delegations. */
export class GovernanceTree1732000000000 implements MigrationInterface {
  name = 'GovernanceTree1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit (
        id bigserial PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        parent_id bigint REFERENCES unit(id) ON DELETE RESTRICT,
        path text COLLATE "C" NOT NULL,
        depth int NOT NULL CHECK (depth >= 0),
        founded_on date,
        dissolved_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unit_code_key UNIQUE (code),
        CONSTRAINT unit_parent_not_self CHECK (parent_id IS NULL OR parent_id <> id)
      );
      CREATE INDEX unit_parent_idx ON unit (parent_id);
      CREATE INDEX unit_path_idx ON unit (path);

      CREATE TABLE body (
        id bigserial PRIMARY KEY,
        code text NOT NULL CONSTRAINT body_code_key UNIQUE,
        name text NOT NULL,
        kind text NOT NULL,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        parent_body_id bigint REFERENCES body(id) ON DELETE RESTRICT
      );
      CREATE INDEX body_unit_idx ON body (unit_id);

      CREATE TABLE collective (
        id bigserial PRIMARY KEY,
        code text NOT NULL CONSTRAINT collective_code_key UNIQUE,
        name text NOT NULL,
        kind text NOT NULL,
        body_id bigint NOT NULL REFERENCES body(id) ON DELETE RESTRICT,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT
      );
      CREATE INDEX collective_body_idx ON collective (body_id);
      CREATE INDEX collective_unit_idx ON collective (unit_id);

      CREATE TABLE person (
        id bigserial PRIMARY KEY,
        code text NOT NULL CONSTRAINT person_code_key UNIQUE,
        full_name text NOT NULL,
        gender text,
        birth_date date,
        system_roles text[] NOT NULL DEFAULT '{}'
      );

      CREATE TABLE membership (
        id bigserial PRIMARY KEY,
        person_id bigint NOT NULL REFERENCES person(id) ON DELETE RESTRICT CONSTRAINT membership_person_key UNIQUE,
        branch_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        unit_path text COLLATE "C" NOT NULL,
        admitted_on date NOT NULL,
        official_on date,
        status text NOT NULL,
        status_since date,
        CONSTRAINT membership_official_after_admission CHECK (official_on IS NULL OR official_on >= admitted_on)
      );
      CREATE INDEX membership_branch_idx ON membership (branch_id);
      CREATE INDEX membership_unit_path_idx ON membership (unit_path);

      CREATE TABLE post (
        id bigserial PRIMARY KEY,
        code text NOT NULL CONSTRAINT post_code_key UNIQUE,
        person_id bigint NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        unit_path text COLLATE "C" NOT NULL,
        body_id bigint REFERENCES body(id) ON DELETE RESTRICT,
        collective_id bigint REFERENCES collective(id) ON DELETE RESTRICT,
        title text NOT NULL,
        category text NOT NULL,
        role text NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        concurrent boolean NOT NULL DEFAULT false,
        civil_servant boolean NOT NULL DEFAULT false,
        managed_by_body_id bigint REFERENCES body(id) ON DELETE RESTRICT,
        CONSTRAINT post_dates CHECK (ends_on IS NULL OR ends_on >= starts_on)
      );
      CREATE INDEX post_person_idx ON post (person_id, starts_on);
      CREATE INDEX post_unit_idx ON post (unit_id);
      CREATE INDEX post_unit_path_idx ON post (unit_path);
      CREATE INDEX post_collective_idx ON post (collective_id);

      CREATE TABLE cycle (
        id bigserial PRIMARY KEY,
        code text NOT NULL CONSTRAINT cycle_code_key UNIQUE,
        name text NOT NULL,
        year int NOT NULL,
        period text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        reference_date date NOT NULL,
        rule_pack text NOT NULL,
        locality_id bigint REFERENCES unit(id) ON DELETE RESTRICT,
        CONSTRAINT cycle_dates CHECK (ends_on >= starts_on)
      );

      CREATE TABLE cycle_deadline (
        id bigserial PRIMARY KEY,
        cycle_id bigint NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        tier text NOT NULL,
        task text NOT NULL,
        due_on date NOT NULL,
        source text NOT NULL,
        CONSTRAINT cycle_deadline_key UNIQUE (cycle_id, tier, task)
      );

      CREATE TABLE delegation (
        id bigserial PRIMARY KEY,
        code text NOT NULL CONSTRAINT delegation_code_key UNIQUE,
        cycle_id bigint NOT NULL REFERENCES cycle(id) ON DELETE RESTRICT,
        delegator_body_id bigint REFERENCES body(id) ON DELETE RESTRICT,
        delegate_body_id bigint NOT NULL REFERENCES body(id) ON DELETE RESTRICT,
        delegate_office text,
        power text NOT NULL,
        subject_kind text NOT NULL,
        subject_categories text[] NOT NULL DEFAULT '{}',
        scope_unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        scope_mode text NOT NULL DEFAULT 'SUBTREE',
        consult_body_ids bigint[] NOT NULL DEFAULT '{}',
        compiler_body_id bigint REFERENCES body(id) ON DELETE RESTRICT,
        source text NOT NULL,
        note text
      );
      CREATE INDEX delegation_cycle_idx ON delegation (cycle_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delegation, cycle_deadline, cycle, post, membership, person, collective, body, unit`);
  }
}
