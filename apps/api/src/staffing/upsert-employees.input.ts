import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsNotEmpty, IsOptional, Matches, ValidateNested } from 'class-validator';
import { EMPLOYMENT_TYPES, EmploymentType } from '@formasi/planning';
import { SEXES, SexCode } from '@formasi/database';
import { EmploymentTypeEnum, SexEnum } from '../common/graphql-enums';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class EmployeeRowInput {
  @Field() @Matches(/^\d{18}$/, { message: 'nip must be 18 digits' }) nip: string;
  @Field() @IsNotEmpty({ message: 'name must not be empty' }) name: string;
  @Field() @Matches(ISO_DATE, { message: 'birthDate must be a date yyyy-mm-dd' }) birthDate: string;
  @Field(() => SexEnum) @IsIn(SEXES) sex: SexCode;
  @Field(() => EmploymentTypeEnum) @IsIn(EMPLOYMENT_TYPES) employmentType: EmploymentType;
  @Field() @IsNotEmpty() positionCode: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() unitCode?: string | null;
  @Field({ description: 'TMT: start in the civil service (CPNS/PPPK appointment)' })
  @Matches(ISO_DATE, { message: 'tmt must be a date yyyy-mm-dd' })
  tmt: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'contractEnd must be a date yyyy-mm-dd' })
  contractEnd?: string | null;
}

@InputType()
export class UpsertEmployeesInput {
  @Field() @IsNotEmpty() agencyCode: string;
  @Field(() => [EmployeeRowInput])
  @ValidateNested({ each: true })
  @Type(() => EmployeeRowInput)
  @ArrayMaxSize(50000)
  rows: EmployeeRowInput[];
  // without a validator the whitelisting pipe strips the flag and it never reaches the service
  @Field({ defaultValue: false, description: "When true the rows are the agency's whole roster: anyone not listed leaves it." })
  @IsOptional()
  @IsBoolean()
  replaceRoster: boolean;
}
