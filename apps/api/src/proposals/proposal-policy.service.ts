import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor, Queryable } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { FieldError, InputValidationError, NotFoundError } from '../common/domain-error';
import { UpsertProposalPolicyInput } from './proposal.input';
import { ProposalPolicyModel } from './proposal.model';
import type { ProposalPolicy } from './proposal.rules';

const POLICY_COLUMNS = `a.code AS "agencyCode", pp.position_groups AS "positionGroups", pp.default_group AS "defaultGroup",
  pp.pppk_shares AS "pppkShares", pp.zero_growth_exempt_groups AS "zeroGrowthExemptGroups",
  pp.personnel_spending_ceiling::float8 AS "personnelSpendingCeiling", pp.annual_budget::float8 AS "annualBudget"`;

/** The proposal policy of an agency, or the default one (seeded by the migration) for agencies without their own. */
@Injectable()
export class ProposalPolicyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async forAgency(agencyId: string, db: Queryable = this.db): Promise<ProposalPolicy> {
    const [policy] = (await db.query(
      `SELECT ${POLICY_COLUMNS} FROM proposal_policy pp LEFT JOIN agency a ON a.id = pp.agency_id
        WHERE pp.agency_id = $1 OR pp.agency_id IS NULL ORDER BY pp.agency_id NULLS LAST LIMIT 1`,
      [agencyId],
    )) as ProposalPolicyModel[];
    if (!policy) throw new NotFoundError('proposal policy', 'default');
    return policy;
  }

  /** The agency's own policy, else the default; null agencyCode = the default. */
  async get(agencyCode: string | null): Promise<ProposalPolicyModel> {
    const [policy] = (await this.db.query(
      `SELECT ${POLICY_COLUMNS} FROM proposal_policy pp LEFT JOIN agency a ON a.id = pp.agency_id
        WHERE ($1::text IS NOT NULL AND a.code = $1) OR pp.agency_id IS NULL ORDER BY pp.agency_id NULLS LAST LIMIT 1`,
      [agencyCode],
    )) as ProposalPolicyModel[];
    if (!policy) throw new NotFoundError('proposal policy', agencyCode ?? 'default');
    return policy;
  }

  async upsert(actor: AuditActor, input: UpsertProposalPolicyInput): Promise<ProposalPolicyModel> {
    const agencyCode = input.agencyCode ?? null;
    const [agency] = agencyCode
      ? ((await this.db.query('SELECT id FROM agency WHERE code = $1', [agencyCode])) as Array<{ id: string }>)
      : [null];
    if (agencyCode && !agency) throw new NotFoundError('agency', agencyCode);
    const codes = input.positionGroups.map((g) => g.positionCode);
    const known = new Set(
      ((await this.db.query('SELECT code FROM position WHERE code = ANY($1)', [codes])) as Array<{ code: string }>).map((r) => r.code),
    );
    const errors: FieldError[] = [];
    const seenPositions = new Set<string>();
    input.positionGroups.forEach((g, i) => {
      if (!known.has(g.positionCode))
        errors.push({ field: `input.positionGroups.${i}.positionCode`, row: i, message: `unknown position ${g.positionCode}` });
      else if (seenPositions.has(g.positionCode))
        errors.push({ field: `input.positionGroups.${i}.positionCode`, row: i, message: `${g.positionCode} is listed twice` });
      seenPositions.add(g.positionCode);
    });
    const seenGroups = new Set<string>();
    input.pppkShares.forEach((s, i) => {
      if (seenGroups.has(s.group)) errors.push({ field: `input.pppkShares.${i}.group`, row: i, message: `${s.group} has two shares` });
      seenGroups.add(s.group);
    });
    if (errors.length > 0) throw new InputValidationError(errors);
    await this.audit.transaction(
      actor,
      { action: 'upsertProposalPolicy', agencyCode, entity: 'proposalPolicy', entityKey: agencyCode ?? 'default' },
      (tx) =>
        tx.query(
          `INSERT INTO proposal_policy (agency_id, position_groups, default_group, pppk_shares, zero_growth_exempt_groups,
                                      personnel_spending_ceiling,
                                      annual_budget)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ON CONSTRAINT uq_proposal_policy_agency DO UPDATE
           SET position_groups = EXCLUDED.position_groups, default_group = EXCLUDED.default_group, pppk_shares = EXCLUDED.pppk_shares,
               zero_growth_exempt_groups = EXCLUDED.zero_growth_exempt_groups,
               personnel_spending_ceiling = EXCLUDED.personnel_spending_ceiling, annual_budget = EXCLUDED.annual_budget`,
          [
            agency?.id ?? null,
            JSON.stringify(input.positionGroups),
            input.defaultGroup,
            JSON.stringify(input.pppkShares),
            [...new Set(input.zeroGrowthExemptGroups)],
            input.personnelSpendingCeiling,
            input.annualBudget ?? null,
          ],
        ),
    );
    return this.get(agencyCode);
  }
}
