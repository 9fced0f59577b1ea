import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { EmploymentType } from '@formasi/planning';
import { EmploymentTypeEnum, SexEnum } from '../common/graphql-enums';

@ObjectType('AgeBand', { description: "Staff of one age band, sex and employment type on the pyramid's date." })
export class AgeBandModel {
  @Field(() => Int) ageFrom: number;
  @Field(() => Int) ageTo: number;
  @Field(() => SexEnum) sex: 'M' | 'F';
  @Field(() => EmploymentTypeEnum) employmentType: EmploymentType;
  @Field(() => Int) count: number;
}

@ObjectType('RosterExitYear', { description: "Staff of the current roster who leave in one year, by the plan's rules." })
export class RosterExitYearModel {
  @Field(() => Int) year: number;
  @Field(() => Int, { description: 'Last day before pension (BUP) in this year.' }) retirements: number;
  @Field(() => Int, { description: 'PPPK contracts that end in this year and are not renewed by the policy.' }) contractEnds: number;
}

@ObjectType('RetirementAgeUse', { description: 'A retirement age of the policy and how many staff it applies to.' })
export class RetirementAgeUseModel {
  @Field(() => Int) age: number;
  @Field({ description: 'The policy row and its regulation.' }) rule: string;
  @Field(() => Int) staff: number;
}

@ObjectType('AgePyramid', { description: "The age profile of an agency's current roster: counts only, no personal data." })
export class AgePyramidModel {
  @Field() agencyCode: string;
  @Field(() => Int, { nullable: true, description: 'The roster version read; null when the agency has no roster yet.' }) rosterVersion:
    number | null;
  @Field({ description: "The date ages are taken on, yyyy-mm-dd: the argument, else the roster's snapshot date." }) asOf: string;
  @Field(() => Int) total: number;
  @Field(() => [AgeBandModel], { description: 'Five-year bands, youngest first.' }) bands: AgeBandModel[];
  @Field(() => [RetirementAgeUseModel]) retirementAges: RetirementAgeUseModel[];
  @Field(() => [RosterExitYearModel], { description: "Exits in each year after asOf (those later in asOf's own year count in the first)." })
  wave: RosterExitYearModel[];
  @Field(() => Int, { description: 'Staff already past their retirement date on asOf (the roster is older than that date).' })
  pastRetirement: number;
}
