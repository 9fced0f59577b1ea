import { ApolloServerPlugin } from '@apollo/server';
import { RequestHandler } from 'express';
import { ASTNode, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationRule } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Why an operation was refused before it ran; each is its own `extensions.code`. */
export enum QueryLimitCode {
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  BATCH_TOO_LARGE = 'BATCH_TOO_LARGE',
}

export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: QueryLimitCode,
    message: string,
    readonly limit: number,
    nodes?: readonly ASTNode[],
  ) {
    // Apollo answers validation errors with 400; the complexity plugin's error needs it said
    super(message, { nodes, extensions: { code, limit, http: { status: 400 } } });
  }
}

/**
 * Depth of the deepest field below the root (a root field is 0), following fragments. A
 * fragment that spreads itself is left to graphql-js's NoFragmentCyclesRule; introspection
 * (`__schema`, `__type`) is left to Apollo's own introspection depth rule, since the standard
 * introspection query alone nests deeper than any Formasi query.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    const deepest = (set: SelectionSetNode, depth: number, active: Set<string>): { depth: number; node?: ASTNode } => {
      let best: { depth: number; node?: ASTNode } = { depth };
      for (const sel of set.selections) {
        let found: { depth: number; node?: ASTNode };
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          found = sel.selectionSet ? deepest(sel.selectionSet, depth + 1, active) : { depth };
          if (found.depth > maxDepth) return found.node ? found : { depth: found.depth, node: sel };
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          found = deepest(sel.selectionSet, depth, active);
        } else {
          const fragment = fragments.get(sel.name.value);
          if (!fragment || active.has(fragment.name.value)) continue;
          active.add(fragment.name.value);
          found = deepest(fragment.selectionSet, depth, active);
          active.delete(fragment.name.value);
        }
        if (found.depth > best.depth) best = found;
        if (best.depth > maxDepth) return best;
      }
      return best;
    };
    return {
      OperationDefinition(operation) {
        const { depth, node } = deepest(operation.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new QueryLimitError(
              QueryLimitCode.QUERY_TOO_DEEP,
              `Operation nests fields more than ${maxDepth} levels deep; the limit is ${maxDepth}`,
              maxDepth,
              node ? [node] : [operation],
            ),
          );
        }
      },
    };
  };
}

/** Aliases let one request run the same resolver many times over; counted per document. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias || reported) return;
        aliases += 1;
        if (aliases > maxAliases) {
          reported = true;
          context.reportError(
            new QueryLimitError(
              QueryLimitCode.TOO_MANY_ALIASES,
              `Operation uses more than ${maxAliases} aliased fields; the limit is ${maxAliases}`,
              maxAliases,
              [node],
            ),
          );
        }
      },
    };
  };
}

/**
 * graphql-query-complexity needs the request's variables (for @skip/@include and arguments),
 * which validation rules do not see, so it runs once the operation is resolved. Each field
 * costs 1 unless its decorator declares `complexity`; page sizes are bounded by the args.
 */
export function complexityLimitPlugin(maxComplexity: number): ApolloServerPlugin {
  const estimators = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators,
            });
          } catch {
            // the library gives up on documents with too many nodes to walk
            complexity = Number.POSITIVE_INFINITY;
          }
          if (complexity > maxComplexity) {
            const actual = Number.isFinite(complexity) ? ` (${complexity})` : '';
            throw new QueryLimitError(
              QueryLimitCode.QUERY_TOO_COMPLEX,
              `Operation is too complex${actual}; the limit is ${maxComplexity} fields`,
              maxComplexity,
            );
          }
        },
      };
    },
  };
}

/** Rejects an array-batched POST with more operations than allowed, before any of them runs. */
export function batchLimitMiddleware(maxBatch: number): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    if (!Array.isArray(body) || body.length <= maxBatch) return next();
    res.status(400).json({
      errors: [
        {
          message: `A batch may hold at most ${maxBatch} operation${maxBatch === 1 ? '' : 's'}; this one has ${body.length}`,
          extensions: { code: QueryLimitCode.BATCH_TOO_LARGE, limit: maxBatch },
        },
      ],
    });
  };
}
