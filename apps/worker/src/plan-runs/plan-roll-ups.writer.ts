import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { copyBinaryRows, CopyBinaryWriter, uuidBytes } from '@formasi/database';
import { Decimal, decimalText, rollUpRegionsAndNation, StoredGradeRow, StoredRollUp } from '@formasi/planning';
import { EntityManager } from 'typeorm';

const COLUMNS =
  'run_id, scope, group_by, year, region_code, agency_code, unit_code, category, level, cells, required_fte, required, existing, ' +
  'supply_end, retirements, formation, surplus, formation_cost, uncosted_formation, wisn_ratio, efficiency, contract_ends, attrition';

/**
 * The run's stored roll-ups (plan_roll_up), computed by the engine (`rollUpAgency`,
 * `rollUpRegionsAndNation` in `@formasi/planning`) and written by binary COPY. In two steps, so
 * the agencies can be written batch by batch by whoever computed them and the rest sums them:
 * `insertAgencyRollUps` for a batch's agencies, rolled up while their cells were in memory, then, once every
 * agency of the run is written, `insertRegionAndNationRollUps` sums the agencies' rows into the
 * provinces and the nation (a few thousand rows read back, not the run's result rows).
 */
@Injectable()
export class PlanRollUpsWriter {
  /** Agencies' roll-ups (`rollUpAgency` of all of each agency's cells, computed while they were in memory). */
  async insertAgencyRollUps(tx: EntityManager, runId: string, rows: StoredRollUp[]): Promise<number> {
    await copyRollUps(tx, runId, rows);
    return rows.length;
  }

  /** The provinces and the nation, from the agencies' rows of the run already written. */
  async insertRegionAndNationRollUps(tx: EntityManager, runId: string): Promise<number> {
    const grades = (await tx.query(
      `SELECT year, region_code AS "regionCode", agency_code AS "agencyCode", category, level, cells, required, retirements,
              contract_ends AS "contractEnds", formation, uncosted_formation AS "uncostedFormation", required_fte::text AS "requiredFte",
              existing::text, supply_end::text AS "supplyEnd", attrition::text, surplus::text, formation_cost::text AS "formationCost"
         FROM plan_roll_up WHERE run_id = $1 AND scope = 'AGENCY' AND group_by = 'CATEGORY_LEVEL'`,
      [runId],
    )) as StoredGradeRow[];
    const rows = rollUpRegionsAndNation(grades);
    await copyRollUps(tx, runId, rows);
    return rows.length;
  }
}

/** Roll-up rows through one binary COPY on the transaction's connection. */
async function copyRollUps(tx: EntityManager, runId: string, rows: StoredRollUp[]): Promise<void> {
  if (rows.length === 0) return;
  const client = (await tx.queryRunner!.connect()) as PoolClient;
  const decimal = (w: CopyBinaryWriter, d: Decimal | null): void => w.decimal(d === null ? null : decimalText(d));
  const run = uuidBytes(runId);
  await copyBinaryRows(client, `COPY plan_roll_up (${COLUMNS}) FROM STDIN WITH (FORMAT binary)`, rows, (w, r) => {
    w.row(23);
    w.bytes(run);
    w.text(r.scope);
    w.text(r.groupBy);
    w.int2(r.year);
    w.text(r.regionCode);
    w.text(r.agencyCode);
    w.null(); // unit_code: no unit rows, a unit is summed from its cells when asked
    w.text(r.category);
    w.text(r.level);
    w.int4(r.cells);
    decimal(w, r.requiredFte);
    w.int4(r.required);
    decimal(w, r.existing);
    decimal(w, r.supplyEnd);
    w.int4(r.retirements);
    w.int4(r.formation);
    decimal(w, r.surplus);
    decimal(w, r.formationCost);
    w.int4(r.uncostedFormation);
    decimal(w, r.wisnRatio);
    decimal(w, r.efficiency);
    w.int4(r.contractEnds);
    decimal(w, r.attrition);
  });
}
