# syntax=docker/dockerfile:1
# Formasi's production image: the compiled API, worker, migrations and dashboard on a slim
# Node 20 with production dependencies only, run as the unprivileged `node` user.
#   docker build -t formasi-api .                      # the API (default target): CMD node dist/apps/api/src/main.js
#   docker build -t formasi-worker --target worker .   # a plan-run worker: no HTTP, no HEALTHCHECK
# docker-compose.yml builds both and runs the migrations once before them (docs/operations-and-configuration.md).

# ---- build: every dependency, TypeScript compiled to dist/, the dashboard built to dist/dashboard
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm run build

# ---- runtime: what the API and the worker share
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# tini as PID 1 forwards signals to node and reaps children: node as PID 1 would ignore the SIGTERM
# the worker raises again after its graceful shutdown (Nest's shutdown hooks) and wait to be killed
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["/usr/bin/tini", "--"]
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# the demo seed (node dist/scripts/seed-demo.js) loads its standards and targets from here
COPY examples ./examples
# uploaded rosters wait here for their validation job; a named volume mounted here starts
# owned by `node`, so the API can write and the workers can read and remove
RUN mkdir -p /var/lib/formasi/uploads && chown node:node /var/lib/formasi/uploads
ENV STAFFING_UPLOAD_DIR=/var/lib/formasi/uploads
USER node

# ---- worker: BullMQ processors without HTTP; scale with `docker compose up --scale worker=N`
FROM runtime AS worker
HEALTHCHECK NONE
CMD ["node", "dist/apps/worker/src/main.js"]

# ---- api (default): GraphQL at /graphql, the dashboard at /dashboard/, health at /health
FROM runtime AS api
EXPOSE 3000
# /health answers 200 when PostgreSQL and the queue answer, 503 otherwise (@nestjs/terminus)
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
