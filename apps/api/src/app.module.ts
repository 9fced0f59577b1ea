import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ThrottlerModule } from '@nestjs/throttler';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { AppConfig, AppConfigModule, loggerModule } from '@formasi/config';
import { DatabaseModule } from '@formasi/database';
import { QueueConnectionSettings, QueueModule } from '@formasi/queue';
import { AgencyResolver } from './agencies/agency.resolver';
import { AccessGuard } from './auth/access.guard';
import { AuthModule } from './auth/auth.module';
import { graphqlContext } from './auth/request-context';
import { AgencyService } from './agencies/agency.service';
import { GqlThrottlerGuard, userTracker } from './common/gql-throttler.guard';
import { throttlerStorage } from './common/throttler-storage';
import { formatGraphQLError } from './common/graphql-error.formatter';
import { PlanningErrorFilter } from './common/planning-error.filter';
import { aliasLimitRule, complexityLimitPlugin, depthLimitRule } from './common/query-limits';
import { createValidationPipe } from './common/validation.pipe';
import { FormationResolver } from './formation/formation.resolver';
import { FormationService } from './formation/formation.service';
import { HealthModule } from './health/health.module';
import { PlannerToolsModule } from './planner-tools/planner-tools.module';
import { ProposalsModule } from './proposals/proposals.module';
import { PlanRunResolver } from './plan-runs/plan-run.resolver';
import { PlanRunService } from './plan-runs/plan-run.service';
import { PolicyResolver } from './policies/policy.resolver';
import { PolicyService } from './policies/policy.service';
import { PositionResolver } from './positions/position.resolver';
import { PositionService } from './positions/position.service';
import { StaffingImportModule } from './staffing-import/staffing-import.module';
import { StaffingResolver } from './staffing/staffing.resolver';
import { StaffingService } from './staffing/staffing.service';
import { TargetResolver } from './targets/target.resolver';
import { TargetService } from './targets/target.service';

export interface ApiModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  queue: QueueConnectionSettings;
  /** Extra modules, e.g. the worker when it runs inside the API process. */
  extraImports?: ModuleMetadata['imports'];
  /** Where log lines go instead of standard output. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(opts: ApiModuleOptions): DynamicModule {
    const { config } = opts;
    const production = config.nodeEnv === 'production';
    const limits = config.graphqlLimits;
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        loggerModule(config, opts.logDestination),
        DatabaseModule.forRoot(opts.databaseUrl),
        QueueModule.forRoot(opts.queue),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'ip', ttl: config.rateLimit.windowSeconds * 1000, limit: config.rateLimit.maxRequests },
            // a signed-in user's allowance follows them across addresses (and API keys)
            { name: 'user', ttl: config.rateLimit.windowSeconds * 1000, limit: config.auth.userMaxRequests, getTracker: userTracker },
          ],
          storage: throttlerStorage(config, opts.queue.prefix),
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: production ? true : join(process.cwd(), 'schema.gql'),
          sortSchema: true,
          context: graphqlContext,
          subscriptions: {
            // subscription results bypass Apollo's formatError; map their errors the same way
            'graphql-ws': {
              onNext: (_ctx, _id, _payload, _args, result) =>
                result.errors ? { ...result, errors: result.errors.map((e) => formatGraphQLError(e.toJSON(), e)) } : result,
            },
          },
          // Apollo Sandbox at /graphql in a browser outside production; the old Playground stays off
          playground: false,
          plugins: [
            production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
            complexityLimitPlugin(limits.maxComplexity),
          ],
          // in production the schema is not for browsing: no introspection, no "Did you mean" hints
          introspection: !production,
          hideSchemaDetailsFromClientErrors: production,
          validationRules: [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases)],
          allowBatchedHttpRequests: limits.maxBatch > 1,
          // the parser stops at this many tokens: a huge document costs nothing before it is refused
          parseOptions: { maxTokens: limits.maxTokens },
          formatError: formatGraphQLError,
          includeStacktraceInErrorResponses: false,
        }),
        AuthModule,
        HealthModule,
        StaffingImportModule,
        PlannerToolsModule,
        ProposalsModule,
        ...(opts.extraImports ?? []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: PlanningErrorFilter },
        // the rate limit counts first (bad credentials too), then the access rules decide
        { provide: APP_GUARD, useClass: GqlThrottlerGuard },
        { provide: APP_GUARD, useExisting: AccessGuard },
        AgencyService, AgencyResolver,
        PositionService, PositionResolver,
        TargetService, TargetResolver,
        PolicyService, PolicyResolver,
        StaffingService, StaffingResolver,
        PlanRunService, PlanRunResolver,
        FormationService, FormationResolver,
      ],
    };
  }
}
