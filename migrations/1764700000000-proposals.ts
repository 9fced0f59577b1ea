import { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTriggerSql } from './1764300000000-access-and-audit';

const ROLES_BEFORE = `'ADMIN', 'PLANNER', 'AGENCY_OPERATOR', 'VIEWER'`;
const ROLES_AFTER = `${ROLES_BEFORE}, 'AGENCY_HEAD', 'VERIFIER', 'MINISTRY'`;

/**
 * The formation proposal (usulan rincian kebutuhan) of an agency for a procurement year, from
 * the computed need to the ministry's determination (penetapan): its lines with the plan cell
 * each came from, the history of its states, its attachments, and the proposal policy (how a
 * position's need splits into CPNS/PPPK and groups, the zero-growth and spending guardrails).
 * Three roles join the account model: the agency head (PPK) who signs, the verifier (BKN) and
 * the ministry (KemenPAN-RB) that determines.
 */
export class Proposals1764700000000 implements MigrationInterface {
  name = 'Proposals1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user DROP CONSTRAINT app_user_role_check,
        ADD CONSTRAINT app_user_role_check CHECK (role IN (${ROLES_AFTER}));

      CREATE TABLE proposal_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid,
        position_groups jsonb NOT NULL DEFAULT '[]',
        default_group varchar(8) NOT NULL DEFAULT 'TEKNIS',
        pppk_shares jsonb NOT NULL DEFAULT '[]',
        zero_growth_exempt_groups text[] NOT NULL DEFAULT '{}',
        personnel_spending_ceiling numeric NOT NULL DEFAULT 0.3,
        annual_budget numeric,
        CONSTRAINT proposal_policy_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agency(id) ON DELETE CASCADE,
        -- one default policy (agency null) and at most one per agency
        CONSTRAINT uq_proposal_policy_agency UNIQUE NULLS NOT DISTINCT (agency_id),
        CONSTRAINT proposal_policy_default_group_check CHECK (default_group IN ('GURU', 'NAKES', 'TEKNIS')),
        CONSTRAINT proposal_policy_ceiling_check CHECK (personnel_spending_ceiling > 0 AND personnel_spending_ceiling <= 1),
        CONSTRAINT proposal_policy_budget_check CHECK (annual_budget >= 0)
      );

      CREATE TABLE proposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL,
        agency_code varchar(32) NOT NULL,
        year smallint NOT NULL,
        run_id uuid NOT NULL,
        state varchar(16) NOT NULL,
        -- raised by every change: a caller naming the version it saw acts on exactly that proposal
        version integer NOT NULL DEFAULT 1,
        created_by_email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        state_changed_at timestamptz NOT NULL DEFAULT now(),
        signer_id uuid,
        signer_name text,
        signer_nip varchar(18),
        signed_at timestamptz,
        signed_hash char(64),
        verifier_email text,
        return_reason text,
        decree_number text,
        decree_date date,
        CONSTRAINT proposal_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agency(id) ON DELETE CASCADE,
        CONSTRAINT proposal_run_id_fkey FOREIGN KEY (run_id) REFERENCES plan_run(id),
        CONSTRAINT proposal_state_check CHECK (state IN ('DRAFT', 'SUBMITTED', 'SIGNED', 'IN_VERIFICATION', 'RETURNED', 'VERIFIED',
          'DETERMINED', 'WITHDRAWN'))
      );
      -- one live proposal per agency and year; a withdrawn one makes room for the next
      CREATE UNIQUE INDEX uq_proposal_agency_year ON proposal (agency_id, year) WHERE state <> 'WITHDRAWN';
      CREATE INDEX ix_proposal_year_state ON proposal (year, state);

      CREATE TABLE proposal_line (
        -- stable: recruitment outcomes refer to a determined line by this id
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        position_code varchar(64) NOT NULL,
        position_name text NOT NULL,
        unit_code varchar(64),
        unit_name text,
        procurement varchar(8) NOT NULL,
        job_group varchar(8) NOT NULL,
        formation_type varchar(32) NOT NULL,
        count integer NOT NULL,
        education text[] NOT NULL DEFAULT '{}',
        pay_min numeric,
        pay_max numeric,
        justification text,
        -- the plan cell the line came from, as the run computed it (null figures: no cell)
        cell_found boolean NOT NULL,
        cell_category varchar(16),
        cell_required_fte numeric,
        cell_existing numeric,
        cell_exits numeric,
        cell_formation integer,
        cell_annual_cost numeric,
        verified_count integer,
        verify_reason text,
        determined_count integer,
        return_comment text,
        CONSTRAINT proposal_line_proposal_id_fkey FOREIGN KEY (proposal_id) REFERENCES proposal(id) ON DELETE CASCADE,
        CONSTRAINT uq_proposal_line
          UNIQUE NULLS NOT DISTINCT (proposal_id, position_code, unit_code, procurement, job_group, formation_type),
        CONSTRAINT proposal_line_procurement_check CHECK (procurement IN ('CPNS', 'PPPK')),
        CONSTRAINT proposal_line_group_check CHECK (job_group IN ('GURU', 'NAKES', 'TEKNIS')),
        CONSTRAINT proposal_line_count_check CHECK (count >= 0 AND verified_count >= 0 AND determined_count >= 0),
        CONSTRAINT proposal_line_pay_check CHECK (pay_min >= 0 AND pay_max >= pay_min)
      );

      CREATE TABLE proposal_event (
        id bigserial PRIMARY KEY,
        proposal_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        action varchar(32) NOT NULL,
        from_state varchar(16),
        to_state varchar(16) NOT NULL,
        actor_id uuid,
        actor_email text NOT NULL,
        actor_role varchar(16),
        reason text,
        details jsonb NOT NULL DEFAULT '{}',
        audit_id bigint,
        CONSTRAINT proposal_event_proposal_id_fkey FOREIGN KEY (proposal_id) REFERENCES proposal(id) ON DELETE CASCADE
      );
      CREATE INDEX ix_proposal_event_proposal ON proposal_event (proposal_id, id);

      CREATE TABLE proposal_attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        kind varchar(16) NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by_email text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT proposal_attachment_proposal_id_fkey FOREIGN KEY (proposal_id) REFERENCES proposal(id) ON DELETE CASCADE,
        CONSTRAINT proposal_attachment_kind_check CHECK (kind IN ('PETA_JABATAN', 'ABK', 'SPTJM', 'OTHER'))
      );
      CREATE INDEX ix_proposal_attachment_proposal ON proposal_attachment (proposal_id);
    `);
    // the default policy; its values are data that planners change with upsertProposalPolicy
    await q.query('INSERT INTO proposal_policy (agency_id) VALUES (NULL)');
    await q.query(auditTriggerSql('proposal_policy', []));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE proposal_attachment; DROP TABLE proposal_event; DROP TABLE proposal_line; DROP TABLE proposal; DROP TABLE proposal_policy;
      ALTER TABLE app_user DROP CONSTRAINT app_user_role_check, ADD CONSTRAINT app_user_role_check CHECK (role IN (${ROLES_BEFORE}));
    `);
  }
}
