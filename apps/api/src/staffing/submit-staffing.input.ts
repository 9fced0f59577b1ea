import { IsOptional, Matches } from 'class-validator';

/** Form fields sent with the uploaded file (multipart/form-data); the uploader is the signed-in account. */
export class SubmitStaffingInput {
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date yyyy-mm-dd' }) asOf?: string;
}
