# The Cascade Lens command line alone, for running shards on a cluster or in CI:
#   docker build -f scripts/cli.Dockerfile -t cascade-lens-cli .
#   docker run --rm -v "$PWD:/work" cascade-lens-cli curve pool.risk.json --shard 0/8
# The build stage compiles the one self-contained bundle; the image holds Node and that file.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json esbuild.js tsconfig.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund --ignore-scripts
RUN node esbuild.js --cli-only

FROM node:20-bookworm-slim
COPY --from=build /src/dist/cli.js /usr/local/bin/cascade-lens
RUN chmod 755 /usr/local/bin/cascade-lens
WORKDIR /work
USER node
ENTRYPOINT ["cascade-lens"]
