# syntax=docker/dockerfile:1
# One image for the API and the worker; compose picks the command.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# argon2 is compiled from source (its prebuilt binary crashed on some x86-64 machines): node-gyp needs these.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000
# tini forwards SIGTERM so the API drains requests and the worker finishes in-flight jobs.
ENTRYPOINT ["/usr/bin/tini", "--"]
# A 64 MB young generation: fewer scavenges for a request-heavy process (see bench/support/http-bench.ts).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
