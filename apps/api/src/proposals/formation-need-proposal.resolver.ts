import { Context, Field, ID, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { FormationNeedModel } from '../formation/formation-need.model';
import { ProposalStateEnum } from './proposal.model';
import type { ProposalState } from './proposal.rules';

@ObjectType('FormationNeedProposal', {
  description: "What the agency's live proposal of the year asks for this cell, and what was verified and determined.",
})
export class FormationNeedProposalModel {
  @Field(() => ID) proposalId: string;
  @Field(() => ProposalStateEnum) state: ProposalState;
  @Field(() => ID, { description: 'The run the proposal was drafted from (may be another run than the one read).' }) runId: string;
  @Field(() => Int, { description: "Σ count of the proposal's lines for this position and unit (0: none)." }) proposed: number;
  @Field(() => Int, { nullable: true, description: 'Once VERIFIED.' }) verified: number | null;
  @Field(() => Int, { nullable: true, description: 'Once DETERMINED: the quota this cell may recruit.' }) determined: number | null;
}

interface CellKey {
  agencyCode: string;
  year: number;
  positionCode: string;
  unitCode: string | null;
}

/** One loader per GraphQL request: a page of needs costs one query, not one per cell. */
const loaders = new WeakMap<object, DataLoader<CellKey, FormationNeedProposalModel | null>>();

/** Puts the proposal cycle beside the computed need: `formationNeeds { edges { node { proposal { … } } } }`. */
@Resolver(() => FormationNeedModel)
export class FormationNeedProposalResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @ResolveField(() => FormationNeedProposalModel, {
    nullable: true,
    description: "The agency's live proposal for the year, if any, for this cell.",
  })
  proposal(@Parent() need: FormationNeedModel, @Context() ctx: object): Promise<FormationNeedProposalModel | null> {
    let loader = loaders.get(ctx);
    if (!loader) {
      loader = new DataLoader((keys) => this.load(keys), {
        cacheKeyFn: (k) => JSON.stringify([k.agencyCode, k.year, k.positionCode, k.unitCode]),
      });
      loaders.set(ctx, loader);
    }
    return loader.load({ agencyCode: need.agencyCode, year: need.year, positionCode: need.positionCode, unitCode: need.unitCode });
  }

  private async load(keys: readonly CellKey[]): Promise<Array<FormationNeedProposalModel | null>> {
    const rows = (await this.db.query(
      `SELECT k.i, p.id AS "proposalId", p.state, p.run_id AS "runId", coalesce(sum(l.count), 0)::int AS proposed,
              CASE WHEN p.state IN ('VERIFIED', 'DETERMINED') THEN coalesce(sum(l.verified_count), 0)::int END AS verified,
              CASE WHEN p.state = 'DETERMINED' THEN coalesce(sum(l.determined_count), 0)::int END AS determined
         FROM jsonb_to_recordset($1::jsonb) AS k(i int, agency_code text, year int, position_code text, unit_code text)
         JOIN proposal p ON p.agency_code = k.agency_code AND p.year = k.year AND p.state <> 'WITHDRAWN'
         LEFT JOIN proposal_line l ON l.proposal_id = p.id AND l.position_code = k.position_code
                                 AND l.unit_code IS NOT DISTINCT FROM k.unit_code
        GROUP BY k.i, p.id, p.state, p.run_id`,
      [
        JSON.stringify(
          keys.map((k, i) => ({ i, agency_code: k.agencyCode, year: k.year, position_code: k.positionCode, unit_code: k.unitCode })),
        ),
      ],
    )) as Array<FormationNeedProposalModel & { i: number }>;
    const byKey = new Map(rows.map(({ i, ...r }) => [i, r]));
    return keys.map((_, i) => byKey.get(i) ?? null);
  }
}
