# MedBillGuard service image: `medbillguard serve` by default; the same image runs `worker` and
# `migrate` (docker run medbillguard worker), or any other command of the CLI.
# Build: docker build -t medbillguard .    Run: docker run -p 8000:8000 -v mbg-data:/data medbillguard

# --- build: compile TypeScript and the native addons (better-sqlite3) ---------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY examples ./examples
COPY src ./src
COPY data ./data
# `npm ci` runs the `prepare` script, which builds dist/ (`npm run build`: tsc, the bundles, the
# caches in dist/cache/); then drop the dev dependencies.
RUN npm ci && npm prune --omit=dev && npm cache clean --force

# --- runtime: no compiler, no dev dependencies, not root -----------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/data \
    WEB_CONCURRENCY=auto
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/data ./data
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health/readiness').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# serve runs one web process per CPU the container may use (WEB_CONCURRENCY=auto reads the cgroup
# CPU quota; at most 4); WEB_CONCURRENCY=1 runs one process.
# SIGTERM drains in-flight requests and jobs and exits 0 within SHUTDOWN_TIMEOUT_MS (8 s) + 1.5 s,
# inside docker's default 10 s stop timeout.
STOPSIGNAL SIGTERM
# The `medbillguard` command itself (bin/medbillguard.js runs the compiled CLI in dist/).
ENTRYPOINT ["node", "bin/medbillguard.js"]
CMD ["serve"]
