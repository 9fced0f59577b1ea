import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ThrottlerModule } from '@nestjs/throttler';
import { join } from 'node:path';
import { CoreModule, CoreOptions } from '@formasi/core';
import { AccountsModule } from './accounts/accounts.module';
import { AgenciesModule } from './agencies/agencies.module';
import { AuditModule } from './audit/audit.module';
import { AccessGuard } from './auth/access.guard';
import { AuthModule } from './auth/auth.module';
import { graphqlContext } from './auth/request-context';
import { GqlThrottlerGuard, userTracker } from './common/gql-throttler.guard';
import { formatGraphQLError } from './common/graphql-error.formatter';
import { PlanningErrorFilter } from './common/planning-error.filter';
import { aliasLimitRule, complexityLimitPlugin, depthLimitRule } from './common/query-limits';
import { throttlerStorage } from './common/throttler-storage';
import { createValidationPipe } from './common/validation.pipe';
import { ExportsModule } from './exports/exports.module';
import { FormationModule } from './formation/formation.module';
import { HealthModule } from './health/health.module';
import { PlanRunsModule } from './plan-runs/plan-runs.module';
import { ProposalsModule } from './proposals/proposals.module';
import { StandardsImportModule } from './standards-import/standards-import.module';
import { PoliciesModule } from './policies/policies.module';
import { PositionsModule } from './positions/positions.module';
import { QuotaAllocationModule } from './quota-allocation/quota-allocation.module';
import { RunComparisonModule } from './run-comparison/run-comparison.module';
import { ScenariosModule } from './scenarios/scenarios.module';
import { StaffingModule } from './staffing/staffing.module';
import { TargetsModule } from './targets/targets.module';
import { RosterInsightsModule } from './roster-insights/roster-insights.module';
import { ProjectionAccuracyModule } from './projection-accuracy/projection-accuracy.module';
import { OutcomesModule } from './outcomes/outcomes.module';

export interface ApiModuleOptions extends CoreOptions {
  /** Modules the caller composes into the same process (the demo and the e2e tests add the worker's processors). */
  extraImports?: ModuleMetadata['imports'];
}

/** The GraphQL and HTTP host: the core, the request pipeline (limits, errors, access) and one module per feature. */
@Module({})
export class AppModule {
  static forRoot(opts: ApiModuleOptions): DynamicModule {
    const { config } = opts;
    const production = config.nodeEnv === 'production';
    const limits = config.graphqlLimits;
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(opts),
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
            // no cache hints are used; Apollo's default cache-control plugin would wrap every field's resolver to
            // look for them (Cache-Control: no-store is sent by http-security.ts)
            ApolloServerPluginCacheControlDisabled(),
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
        AuditModule,
        AuthModule,
        HealthModule,
        AccountsModule,
        AgenciesModule,
        PositionsModule,
        TargetsModule,
        PoliciesModule,
        StaffingModule,
        StandardsImportModule,
        PlanRunsModule,
        FormationModule,
        ScenariosModule,
        QuotaAllocationModule,
        RunComparisonModule,
        ExportsModule,
        ProposalsModule,
        RosterInsightsModule,
        ProjectionAccuracyModule,
        OutcomesModule,
        ...(opts.extraImports ?? []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: PlanningErrorFilter },
        // the rate limit counts first (bad credentials too), then the access rules decide
        { provide: APP_GUARD, useClass: GqlThrottlerGuard },
        { provide: APP_GUARD, useExisting: AccessGuard },
      ],
    };
  }
}
