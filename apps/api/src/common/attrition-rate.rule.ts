import { applyDecorators } from '@nestjs/common';
import { IsNumber, Max, Min } from 'class-validator';

const MESSAGE = 'attritionRate must be between 0 and 1';

/** An expected yearly share of staff leaving besides retirements and contract ends: 0 ≤ rate < 1. */
export const IsAttritionRate = (): PropertyDecorator =>
  applyDecorators(IsNumber(), Min(0, { message: MESSAGE }), Max(0.999, { message: MESSAGE }));
