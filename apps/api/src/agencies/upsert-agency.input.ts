import { Field, InputType } from '@nestjs/graphql';
import { IsIn, IsNotEmpty, IsOptional, Matches, MaxLength } from 'class-validator';
import { AGENCY_KINDS, AgencyKind } from '@formasi/database';
import { AgencyKindEnum } from '../common/graphql-enums';

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const CODE_MESSAGE = 'must be letters, digits, ".", "_" or "-"';

@InputType()
export class UpsertAgencyInput {
  @Field() @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` }) @MaxLength(32) code: string;
  @Field() @IsNotEmpty({ message: 'name must not be empty' }) name: string;
  @Field(() => AgencyKindEnum) @IsIn(AGENCY_KINDS) kind: AgencyKind;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}){0,3}$/, { message: 'regionCode must be a Kemendagri code such as 33 or 33.02' })
  regionCode?: string | null;
}

@InputType()
export class UpsertOrgUnitInput {
  @Field() @IsNotEmpty() agencyCode: string;
  @Field() @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` }) @MaxLength(64) code: string;
  @Field() @IsNotEmpty({ message: 'name must not be empty' }) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() parentCode?: string | null;
}
