# Steward in a container: build on Debian 12, run on Debian 12 slim.
#   docker build -t steward .
#   docker run --rm -v "$PWD/examples/shop:/project:ro" -e STEWARD_PROJECT_PATH=/project steward stats
# Configuration comes from STEWARD_* environment variables (docs/configuration.md);
# no config file is needed.

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

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates libssl3 libsimdjson14 libyaml-cpp0.7 libspdlog1.10 libfmt9 \
      libpqxx-6.4 libsqlite3-0 libboost-url1.81.0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/steward --create-home steward
COPY --from=build /build/bot/steward /usr/local/bin/steward
COPY examples /usr/share/steward/examples
USER steward
WORKDIR /var/lib/steward
ENV STEWARD_STATE_DIR=/var/lib/steward
ENTRYPOINT ["/usr/local/bin/steward"]
CMD ["help"]
