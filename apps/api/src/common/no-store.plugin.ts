import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Every GraphQL response is `Cache-Control: no-store`: answers depend on who asks and change
 * with every run. Apollo's cache-control plugin used to say so, at the price of a hook on every
 * resolved field (a national agency summary resolves tens of thousands) for cache hints this
 * API never gives; it is disabled and this plugin sets the header once per response.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
