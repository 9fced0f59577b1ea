import { AgencyEntity } from './agency.entity';
import { ApiKeyEntity, AppUserEntity, UserAgencyEntity } from './app-user.entity';
import { AuditChangeEntity, AuditLogEntity } from './audit-log.entity';
import { DevelopmentTargetEntity } from './development-target.entity';
import { OrgUnitEntity } from './org-unit.entity';
import { PlanResultEntity } from './plan-result.entity';
import { PlanRollUpEntity } from './plan-roll-up.entity';
import { PlanRunEntity, PlanRunInputEntity } from './plan-run.entity';
import { PlanningPolicyEntity } from './planning-policy.entity';
import { PositionEntity } from './position.entity';
import { ProposalAttachmentEntity, ProposalEntity, ProposalEventEntity, ProposalLineEntity, ProposalPolicyEntity } from './proposal.entity';
import { RecruitmentOutcomeEntity } from './recruitment-outcome.entity';
import { QuotaAllocationCellEntity, QuotaAllocationEntity } from './quota-allocation.entity';
import { ScenarioEntity } from './scenario.entity';
import { StaffingSubmissionEntity, StaffingSubmissionErrorEntity } from './staffing-submission.entity';
import { WorkingTimeProfileEntity } from './working-time-profile.entity';
import { WorkloadActivityEntity, WorkloadStandardEntity } from './workload-standard.entity';

export * from './agency.entity';
export * from './app-user.entity';
export * from './audit-log.entity';
export * from './development-target.entity';
export * from './org-unit.entity';
export * from './plan-result.entity';
export * from './plan-roll-up.entity';
export * from './plan-run.entity';
export * from './planning-policy.entity';
export * from './position.entity';
export * from './proposal.entity';
export * from './quota-allocation.entity';
export * from './recruitment-outcome.entity';
export * from './scenario.entity';
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
  PlanRollUpEntity,
  StaffingSubmissionEntity,
  StaffingSubmissionErrorEntity,
  QuotaAllocationEntity,
  QuotaAllocationCellEntity,
  ScenarioEntity,
  AppUserEntity,
  UserAgencyEntity,
  ApiKeyEntity,
  AuditLogEntity,
  AuditChangeEntity,
  ProposalPolicyEntity,
  ProposalEntity,
  ProposalLineEntity,
  ProposalEventEntity,
  ProposalAttachmentEntity,
  RecruitmentOutcomeEntity,
];
