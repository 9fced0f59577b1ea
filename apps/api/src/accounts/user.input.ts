import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES } from '@formasi/database';
import type { Role } from '@formasi/database';
import { MIN_PASSWORD_LENGTH } from '@formasi/accounts';
import { RoleEnum } from './user.model';

const PASSWORD_RULE = { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` };

@InputType()
export class CreateUserInput {
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email: string;
  @Field() @IsNotEmpty() @MaxLength(200) displayName: string;
  @Field(() => RoleEnum) @IsIn(ROLES) role: Role;
  @Field(() => String, { nullable: true, description: 'Omit for an account that uses API keys only.' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, PASSWORD_RULE)
  @MaxLength(1024)
  password?: string | null;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(1000) @IsNotEmpty({ each: true }) agencyCodes: string[];
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a user id' }) id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() @MaxLength(200) displayName?: string | null;
  @Field(() => RoleEnum, { nullable: true }) @IsOptional() @IsIn(ROLES) role?: Role | null;
  @Field(() => Boolean, { nullable: true, description: 'false ends every token of the user at once.' }) @IsOptional() @IsBoolean() active?:
    boolean | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(1000) @IsNotEmpty({ each: true }) agencyCodes?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Sets a new password and ends the tokens issued before.' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, PASSWORD_RULE)
  @MaxLength(1024)
  password?: string | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID, { description: 'The account the key acts as (its role and agencies apply).' })
  @IsUUID('all', { message: 'userId must be a user id' })
  userId: string;
  @Field({ description: 'What uses it, e.g. "SIMPEG Kabupaten Sukamaju".' }) @IsNotEmpty() @MaxLength(200) name: string;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() expiresAt?: Date | null;
}
