#include "core/dbt/source_tree.hpp"

#include <exception>

#include "core/dbt/source/phases.hpp"

namespace steward::dbt {

Result<Project> parse_source_tree(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(root, ec).lexically_normal();
  if (ec) {
    dir = root;
  }
  auto root_file = source::read_project_file(dir);
  if (!root_file) {
    return tl::unexpected(root_file.error());
  }
  ProjectBuilder builder;
  builder.set_project_name(root_file->name);
  builder.add_artifact(ArtifactInfo{"source_tree", root.string(), 0, {}, {}});
  try {
    source::ParseState state(builder);
    source::load_packages(state, dir, std::move(*root_file));
    source::walk_packages(state);
    source::read_code_files(state);
    source::read_yaml_files(state);
    source::apply_patches(state);
    source::resolve_and_add(state);
  } catch (const std::bad_alloc&) {
    return fail(root.string(), "out of memory while parsing the project sources");
  } catch (const std::exception& e) {
    return fail(root.string(), std::string("could not parse the project sources: ") + e.what());
  }
  return std::move(builder).finish();
}

} // namespace steward::dbt
