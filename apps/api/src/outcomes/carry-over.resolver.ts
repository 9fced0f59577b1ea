import { Context, Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { FormationNeedModel } from '../formation/formation-need.model';
import { ProposalModel } from '../proposals/proposal.model';

@ObjectType('CarryOver', {
  description:
    'Formation determined in earlier years and what became of it: the places still unfilled are need the plan still shows (re-propose them, or they are lost); appointed places not yet in the roster are need already met.',
})
export class CarryOverModel {
  @Field(() => [Int], { description: 'The earlier procurement years with a determination.' }) years: number[];
  @Field(() => Int) determined: number;
  @Field(() => Int, { description: 'Σ determined of the lines with a recorded outcome.' }) reported: number;
  @Field(() => Int) appointed: number;
  @Field(() => Int, { description: 'Determined places recorded as unfilled: still open.' }) unfilled: number;
  @Field(() => Int, { description: 'Determined places on lines with no outcome recorded yet: unknown.' }) unreported: number;
}

interface CellKey {
  id: string;
}

const SUMS = `coalesce(array_agg(DISTINCT p.year::int ORDER BY p.year::int) FILTER (WHERE p.year IS NOT NULL), '{}') AS years,
  coalesce(sum(l.determined_count), 0)::int AS determined,
  coalesce(sum(l.determined_count) FILTER (WHERE o.line_id IS NOT NULL), 0)::int AS reported,
  coalesce(sum(o.appointed), 0)::int AS appointed, coalesce(sum(o.unfilled), 0)::int AS unfilled,
  coalesce(sum(l.determined_count) FILTER (WHERE o.line_id IS NULL), 0)::int AS unreported`;

const loaders = new WeakMap<object, DataLoader<CellKey, CarryOverModel | null>>();

/**
 * Carry-over, computed when read from determined lines and their outcomes (nothing stored with
 * the run): on a run's cells, the determinations of procurement years up to the year of the
 * run's asOf, shown on the cells of the run's first plan year only so that a sum over years
 * counts it once; on a proposal, the agency's determinations of earlier years.
 */
@Resolver(() => FormationNeedModel)
export class FormationNeedCarryOverResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @ResolveField(() => CarryOverModel, {
    nullable: true,
    description: "Determined formation of years up to the run's asOf for this position and unit; on the run's first plan year only.",
  })
  carryOver(@Parent() need: FormationNeedModel, @Context() ctx: object): Promise<CarryOverModel | null> {
    let loader = loaders.get(ctx);
    if (!loader) {
      loader = new DataLoader((keys) => this.load(keys), { cacheKeyFn: (k) => k.id });
      loaders.set(ctx, loader);
    }
    return loader.load({ id: need.id });
  }

  private async load(keys: readonly CellKey[]): Promise<Array<CarryOverModel | null>> {
    // cells of later plan years are left out of the query: they answer null
    const rows = (await this.db.query(
      `SELECT r.id::text AS id, ${SUMS}
         FROM plan_result r JOIN plan_run run ON run.id = r.run_id
         LEFT JOIN (proposal p JOIN proposal_line l ON l.proposal_id = p.id AND p.state = 'DETERMINED'
                    LEFT JOIN recruitment_outcome o ON o.line_id = l.id)
                ON p.agency_code = r.agency_code AND p.year <= extract(year FROM run.as_of)
               AND l.position_code = r.position_code AND l.unit_code IS NOT DISTINCT FROM r.unit_code
        WHERE r.id = ANY($1::bigint[]) AND r.year = (SELECT min(y) FROM unnest(run.years) AS y)
        GROUP BY r.id`,
      [keys.map((k) => k.id)],
    )) as Array<CarryOverModel & { id: string }>;
    const byId = new Map(rows.map(({ id, ...r }) => [id, r]));
    return keys.map((k) => byId.get(k.id) ?? null);
  }
}

@Resolver(() => ProposalModel)
export class ProposalCarryOverResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @ResolveField(() => CarryOverModel, {
    description:
      "The agency's determinations of earlier procurement years and their outcomes: what this proposal must neither ask twice nor lose.",
  })
  async carryOver(@Parent() p: ProposalModel): Promise<CarryOverModel> {
    const [row] = (await this.db.query(
      `SELECT ${SUMS}
         FROM proposal p JOIN proposal_line l ON l.proposal_id = p.id LEFT JOIN recruitment_outcome o ON o.line_id = l.id
        WHERE p.agency_code = $1 AND p.state = 'DETERMINED' AND p.year < $2`,
      [p.agencyCode, p.year],
    )) as CarryOverModel[];
    return row!;
  }
}
