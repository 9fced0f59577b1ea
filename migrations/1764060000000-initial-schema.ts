import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data, staffing, plan runs and their results. */
export class InitialSchema1764060000000 implements MigrationInterface {
  name = 'InitialSchema1764060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL CONSTRAINT uq_agency_code UNIQUE,
        name text NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('CENTRAL', 'PROVINCE', 'REGENCY', 'CITY')),
        region_code varchar(16),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE org_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES org_unit(id) ON DELETE SET NULL,
        code varchar(64) NOT NULL,
        name text NOT NULL,
        CONSTRAINT uq_org_unit_agency_code UNIQUE (agency_id, code)
      );
      CREATE INDEX ix_org_unit_parent ON org_unit (parent_id);

      CREATE TABLE position (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL CONSTRAINT uq_position_code UNIQUE,
        name text NOT NULL,
        category varchar(16) NOT NULL
          CHECK (category IN ('JPT', 'ADMINISTRATOR', 'PENGAWAS', 'PELAKSANA', 'FUNGSIONAL')),
        level varchar(16),
        retirement_age_override smallint CHECK (retirement_age_override BETWEEN 40 AND 80)
      );

      CREATE TABLE workload_standard (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position_id uuid NOT NULL REFERENCES position(id) ON DELETE CASCADE,
        unit_id uuid REFERENCES org_unit(id) ON DELETE CASCADE,
        -- one standard per position and unit; the position-wide one has unit NULL
        CONSTRAINT uq_workload_standard_position_unit UNIQUE NULLS NOT DISTINCT (position_id, unit_id)
      );
      CREATE INDEX ix_workload_standard_unit ON workload_standard (unit_id);

      CREATE TABLE workload_activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        standard_id uuid NOT NULL REFERENCES workload_standard(id) ON DELETE CASCADE,
        ordinal smallint NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('SERVICE', 'SUPPORT', 'ADDITIONAL')),
        name text NOT NULL,
        annual_volume numeric,
        driver_indicator varchar(128),
        driver_factor numeric,
        driver_base numeric,
        minutes_per_unit numeric,
        units_per_hour numeric,
        percent_of_working_time numeric,
        hours_per_year numeric,
        staff_count numeric,
        CONSTRAINT uq_workload_activity_ordinal UNIQUE (standard_id, ordinal)
      );

      CREATE TABLE development_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        unit_id uuid REFERENCES org_unit(id) ON DELETE CASCADE,
        indicator varchar(128) NOT NULL,
        year smallint NOT NULL,
        value numeric NOT NULL CHECK (value >= 0),
        source varchar(16) NOT NULL CHECK (source IN ('RPJMN', 'RPJMD', 'RENSTRA')),
        document text,
        CONSTRAINT uq_development_target UNIQUE NULLS NOT DISTINCT (agency_id, unit_id, indicator, year)
      );

      CREATE TABLE working_time_profile (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL CONSTRAINT uq_working_time_profile_code UNIQUE,
        name text NOT NULL,
        hours_per_year numeric,
        working_days_per_year numeric,
        public_holidays numeric,
        annual_leave numeric,
        sick_leave numeric,
        other_leave numeric,
        hours_per_day numeric,
        CHECK (hours_per_year IS NOT NULL OR (working_days_per_year IS NOT NULL AND hours_per_day IS NOT NULL))
      );

      CREATE TABLE planning_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid REFERENCES agency(id) ON DELETE CASCADE,
        working_time_profile_id uuid NOT NULL REFERENCES working_time_profile(id),
        rounding varchar(8) NOT NULL CHECK (rounding IN ('HALF_UP', 'CEIL', 'NONE')),
        attrition_rate numeric NOT NULL CHECK (attrition_rate >= 0 AND attrition_rate < 1),
        renew_contracts boolean NOT NULL,
        retirement_ages jsonb NOT NULL,
        efficiency_bands jsonb NOT NULL,
        -- one policy per agency, and one default (agency NULL)
        CONSTRAINT uq_planning_policy_agency UNIQUE NULLS NOT DISTINCT (agency_id)
      );

      CREATE TABLE employee (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        nip char(18) NOT NULL,
        name text NOT NULL,
        birth_date date NOT NULL,
        sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
        employment_type varchar(8) NOT NULL CHECK (employment_type IN ('PNS', 'PPPK')),
        agency_id uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        position_id uuid NOT NULL REFERENCES position(id),
        unit_id uuid REFERENCES org_unit(id),
        category varchar(16) NOT NULL,
        level varchar(16),
        tmt date NOT NULL,
        contract_end date,
        active boolean NOT NULL DEFAULT true,
        CHECK (employment_type = 'PNS' OR contract_end IS NOT NULL)
      );
      -- a NIP is in post in at most one place at a time
      CREATE UNIQUE INDEX uq_employee_active_nip ON employee (nip) WHERE active;
      CREATE INDEX ix_employee_agency_cell ON employee (agency_id, position_id, unit_id) WHERE active;

      CREATE TABLE plan_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status varchar(16) NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        agency_id uuid REFERENCES agency(id) ON DELETE CASCADE,
        as_of date NOT NULL,
        years smallint[] NOT NULL,
        policy jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        error text,
        error_code varchar(64),
        attempts smallint NOT NULL DEFAULT 0
      );
      CREATE INDEX ix_plan_run_created ON plan_run (created_at DESC);

      -- what the engine saw, one row per agency (a national snapshot would not fit one jsonb value)
      CREATE TABLE plan_run_input (
        run_id uuid NOT NULL REFERENCES plan_run(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL,
        agency_code varchar(32) NOT NULL,
        problem jsonb NOT NULL,
        PRIMARY KEY (run_id, agency_code)
      );

      CREATE TABLE plan_result (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES plan_run(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL,
        agency_code varchar(32) NOT NULL,
        unit_code varchar(64),
        position_code varchar(64) NOT NULL,
        category varchar(16) NOT NULL,
        level varchar(16),
        year smallint NOT NULL,
        required_fte numeric NOT NULL,
        required integer NOT NULL,
        existing numeric NOT NULL,
        supply_start numeric NOT NULL,
        retirements integer NOT NULL,
        contract_ends integer NOT NULL,
        attrition numeric NOT NULL,
        exits numeric NOT NULL,
        supply_end numeric NOT NULL,
        formation integer NOT NULL,
        surplus numeric NOT NULL,
        caf numeric NOT NULL,
        iaf numeric NOT NULL,
        wisn_ratio numeric,
        pressure numeric NOT NULL,
        -- a retried job replaces, never duplicates, a run's results
        CONSTRAINT uq_plan_result_cell UNIQUE NULLS NOT DISTINCT (run_id, agency_id, unit_code, position_code, year)
      );
      -- formationNeeds: filter by run and year, keyset-paginate by pressure or formation
      CREATE INDEX ix_plan_result_run_year_pressure ON plan_result (run_id, year, pressure DESC, id);
      CREATE INDEX ix_plan_result_run_year_formation ON plan_result (run_id, year, formation DESC, id);
      CREATE INDEX ix_plan_result_run_agency_unit ON plan_result (run_id, agency_code, unit_code);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE plan_result; DROP TABLE plan_run_input; DROP TABLE plan_run; DROP TABLE employee; DROP TABLE planning_policy;
      DROP TABLE working_time_profile; DROP TABLE development_target; DROP TABLE workload_activity;
      DROP TABLE workload_standard; DROP TABLE position; DROP TABLE org_unit; DROP TABLE agency;
    `);
  }
}
