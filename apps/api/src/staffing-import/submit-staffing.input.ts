import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Form fields sent with the uploaded file (multipart/form-data). */
export class SubmitStaffingInput {
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date yyyy-mm-dd' }) asOf?: string;
  @IsOptional() @IsString() @MaxLength(200) uploadedBy?: string;
}
