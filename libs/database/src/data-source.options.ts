import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { InitialSchema1764060000000 } from '../../../migrations/1764060000000-initial-schema';
import { StaffingSubmissions1764070000000 } from '../../../migrations/1764070000000-staffing-submissions';
import { PlanResultEfficiency1764080000000 } from '../../../migrations/1764080000000-plan-result-efficiency';
import { QuotaAllocation1764090000000 } from '../../../migrations/1764090000000-quota-allocation';
import { RosterVersions1764100000000 } from '../../../migrations/1764100000000-roster-versions';
import { Scenarios1764200000000 } from '../../../migrations/1764200000000-scenarios';
import { TargetPriority1764210000000 } from '../../../migrations/1764210000000-target-priority';
import { FormationCost1764220000000 } from '../../../migrations/1764220000000-formation-cost';
import { PlanRollUp1764230000000 } from '../../../migrations/1764230000000-plan-roll-up';
import { QuotaCellOrdinal1764240000000 } from '../../../migrations/1764240000000-quota-cell-ordinal';
import { AccessAndAudit1764300000000 } from '../../../migrations/1764300000000-access-and-audit';
import { RosterPartitions1764400000000 } from '../../../migrations/1764400000000-roster-partitions';
import { RosterRetention1764410000000 } from '../../../migrations/1764410000000-roster-retention';
import { PlanningRulesVersion1764500000000 } from '../../../migrations/1764500000000-planning-rules-version';
import { AuditRequestId1764600000000 } from '../../../migrations/1764600000000-audit-request-id';
import { Proposals1764700000000 } from '../../../migrations/1764700000000-proposals';
import { StandardsImports1764800000000 } from '../../../migrations/1764800000000-standards-imports';
import { RecruitmentOutcomes1765000000000 } from '../../../migrations/1765000000000-recruitment-outcomes';
import { PlanRunInputsByReference1765100000000 } from '../../../migrations/1765100000000-plan-run-inputs-by-reference';
import { FormationReadIndexes1765200000000 } from '../../../migrations/1765200000000-formation-read-indexes';
import { PlanResultPartitions1765400000000 } from '../../../migrations/1765400000000-plan-result-partitions';
import { PlanRunBatches1765410000000 } from '../../../migrations/1765410000000-plan-run-batches';
import { PlanRunInputRosterIndex1765450000000 } from '../../../migrations/1765450000000-plan-run-input-roster-index';
import { StandardsVersionRetention1765460000000 } from '../../../migrations/1765460000000-standards-version-retention';
import { PlanResultPageIndexes1765470000000 } from '../../../migrations/1765470000000-plan-result-page-indexes';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './naming.strategy';

/** Migrations are listed explicitly so ts-jest, tsx and compiled JS all find them. */
export const MIGRATIONS = [
  InitialSchema1764060000000,
  StaffingSubmissions1764070000000,
  PlanResultEfficiency1764080000000,
  QuotaAllocation1764090000000,
  RosterVersions1764100000000,
  Scenarios1764200000000,
  TargetPriority1764210000000,
  FormationCost1764220000000,
  PlanRollUp1764230000000,
  QuotaCellOrdinal1764240000000,
  AccessAndAudit1764300000000,
  RosterPartitions1764400000000,
  RosterRetention1764410000000,
  PlanningRulesVersion1764500000000,
  AuditRequestId1764600000000,
  Proposals1764700000000,
  StandardsImports1764800000000,
  RecruitmentOutcomes1765000000000,
  PlanRunInputsByReference1765100000000,
  FormationReadIndexes1765200000000,
  PlanResultPartitions1765400000000,
  PlanRunBatches1765410000000,
  PlanRunInputRosterIndex1765450000000,
  StandardsVersionRetention1765460000000,
  PlanResultPageIndexes1765470000000,
];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    extra: { max: 10 },
  };
}

export const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', 'migrations');
