import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { PlanningError } from '@formasi/planning';

/**
 * The engine's errors describe bad input, not a server fault: hand them to the GraphQL error
 * formatter as they are, without Nest logging each one as an error.
 */
@Catch(PlanningError)
export class PlanningErrorFilter implements GqlExceptionFilter {
  catch(error: PlanningError): PlanningError {
    return error;
  }
}
