# Every dependency comes from a Debian 12 package (see scripts/setup); nothing is downloaded.

find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS url)
find_package(OpenSSL 3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(simdjson REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(tl-expected REQUIRED)
find_package(spdlog REQUIRED)
find_package(Threads REQUIRED)

if(STEWARD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(STEWARD_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Store backends: SQLite (embedded default) and PostgreSQL through libpqxx 6.4,
# which ships a pkg-config file but no CMake package on Debian 12.
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
