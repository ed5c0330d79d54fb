#include "bot/cli/cli.hpp"

int main(int argc, char** argv) {
  return steward::cli::run(argc, argv);
}
