import { AgencyEntity } from './agency.entity';
import { DevelopmentTargetEntity } from './development-target.entity';
import { OrgUnitEntity } from './org-unit.entity';
import { PlanResultEntity } from './plan-result.entity';
import { PlanRunEntity, PlanRunInputEntity } from './plan-run.entity';
import { PlanningPolicyEntity } from './planning-policy.entity';
import { PositionEntity } from './position.entity';
import { QuotaAllocationCellEntity, QuotaAllocationEntity } from './quota-allocation.entity';
import { StaffingSubmissionEntity, StaffingSubmissionErrorEntity } from './staffing-submission.entity';
import { WorkingTimeProfileEntity } from './working-time-profile.entity';
import { WorkloadActivityEntity, WorkloadStandardEntity } from './workload-standard.entity';

export * from './agency.entity';
export * from './development-target.entity';
export * from './org-unit.entity';
export * from './plan-result.entity';
export * from './plan-run.entity';
export * from './planning-policy.entity';
export * from './position.entity';
export * from './quota-allocation.entity';
export * from './staffing-submission.entity';
export * from './working-time-profile.entity';
export * from './workload-standard.entity';

export const ENTITIES = [
  AgencyEntity,
  OrgUnitEntity,
  PositionEntity,
  WorkloadStandardEntity,
  WorkloadActivityEntity,
  DevelopmentTargetEntity,
  WorkingTimeProfileEntity,
  PlanningPolicyEntity,
  PlanRunEntity,
  PlanRunInputEntity,
  PlanResultEntity,
  StaffingSubmissionEntity, StaffingSubmissionErrorEntity,
  QuotaAllocationEntity, QuotaAllocationCellEntity,
];
