import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsNotEmpty, IsOptional, Matches, Max, Min } from 'class-validator';

@ArgsType()
export class AgePyramidArgs {
  @Field() @IsNotEmpty() agencyCode: string;
  @Field(() => String, { nullable: true, description: "Date ages are taken on, yyyy-mm-dd; default the roster's snapshot date." })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date yyyy-mm-dd' })
  asOf?: string | null;
  @Field(() => Int, { defaultValue: 10, description: 'Years of the exit wave after asOf.' }) @IsInt() @Min(1) @Max(40) years: number;
}
