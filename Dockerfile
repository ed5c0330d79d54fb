# Steward in a container: build on Debian 12, run on Debian 12 slim as the
# non-root user `steward`. The default command is the Slack daemon.
#   docker build -t steward .
#   docker run --rm -p 8080:8080 -v "$PWD/examples/shop:/project:ro" \
#     -e STEWARD_SLACK_SIGNING_SECRET=... -e STEWARD_SLACK_BOT_TOKEN=xoxb-... steward
#   docker run --rm -v "$PWD/examples/shop:/project:ro" steward stats
# Configuration comes from STEWARD_* environment variables (docs/configuration.md,
# docs/slack-setup.md); no config file is needed. Secrets can come from files
# instead (STEWARD_SLACK_BOT_TOKEN_FILE=/run/secrets/slack_bot_token).
#
# The two apt lists below are scripts/packages/build.txt and runtime.txt (plus
# ca-certificates); scripts/check-dockerfile fails when they drift apart.

FROM debian:bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libboost1.81-dev libboost-url1.81-dev libssl-dev \
      nlohmann-json3-dev libsimdjson-dev libyaml-cpp-dev libexpected-dev \
      libpqxx-dev libsqlite3-dev libpg-query-dev libspdlog-dev \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DSTEWARD_BUILD_TESTS=OFF -DSTEWARD_BUILD_BENCH=OFF \
 && cmake --build /build --target steward \
 && strip /build/bot/steward

FROM debian:bookworm-slim AS runtime
# ca-certificates: the daemon verifies https://slack.com with the system CAs.
# No curl: the health check below is bash (in every Debian image) and /dev/tcp.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates \
      libfmt9 libpq5 libpqxx-6.4 libsimdjson14 libspdlog1.10 libsqlite3-0 libyaml-cpp0.7 \
      libssl3 libboost-url1.81.0 \
      git openssh-client \
      libpg-query1504.0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/steward --create-home --shell /usr/sbin/nologin steward \
 && mkdir -p /project
COPY --from=build /build/bot/steward /usr/local/bin/steward
COPY scripts/healthcheck /usr/local/bin/steward-healthcheck
COPY examples /usr/share/steward/examples
USER steward
WORKDIR /var/lib/steward
# State (SQLite store, dedupe ids) lives in the volume; mount the dbt project
# read-only at /project.
VOLUME /var/lib/steward
ENV STEWARD_STATE_DIR=/var/lib/steward \
    STEWARD_PROJECT_PATH=/project \
    STEWARD_SERVER_LISTEN=0.0.0.0:8080
EXPOSE 8080
# GET /healthz on the port of STEWARD_SERVER_LISTEN; plain HTTP only (with
# server.tls_cert set, override it: docker run --health-cmd or HEALTHCHECK NONE).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/steward-healthcheck"]
ENTRYPOINT ["steward"]
CMD ["serve"]
