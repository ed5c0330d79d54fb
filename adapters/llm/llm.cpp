// The factories of adapters/llm/llm.hpp: option checks, then the provider.

#include "adapters/llm/llm.hpp"

#include "adapters/llm/endpoint.hpp"
#include "adapters/llm/providers.hpp"

namespace steward::llm {

namespace {

constexpr const char* k_openai_url = "https://api.openai.com/v1";
constexpr const char* k_anthropic_url = "https://api.anthropic.com/v1";

/// `options` with the provider's default base URL filled in.
ProviderOptions with_defaults(ProviderOptions options) {
  if (options.base_url.empty()) {
    options.base_url = options.provider == "anthropic" ? k_anthropic_url : k_openai_url;
  }
  if (options.max_attempts < 1) {
    options.max_attempts = 1;
  }
  return options;
}

} // namespace

TransportOptions transport_options(std::string provider, const ProviderOptions& options,
                                   const std::string& api_key) {
  TransportOptions transport;
  transport.provider = std::move(provider);
  transport.secret = api_key;
  transport.max_attempts = options.max_attempts;
  transport.initial_backoff = options.initial_backoff;
  transport.ca_file = options.ca_file;
  return transport;
}

Result<nlohmann::json> tool_schema(const ToolSpec& tool) {
  if (tool.parameters.empty()) {
    return nlohmann::json{{"type", "object"}, {"properties", nlohmann::json::object()}};
  }
  nlohmann::json schema = nlohmann::json::parse(tool.parameters, nullptr, /*allow_exceptions=*/false);
  if (!schema.is_object()) {
    return fail("llm", "tool \"" + tool.name + "\" has parameters that are not a JSON object schema");
  }
  return schema;
}

std::string to_text(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string string_field(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) {
    return {};
  }
  const auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::int64_t integer_field(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) {
    return 0;
  }
  const auto found = object.find(name);
  return found != object.end() && found->is_number() ? found->get<std::int64_t>() : 0;
}

Result<std::unique_ptr<LanguageModel>> make_language_model(boost::asio::any_io_executor executor,
                                                           const ProviderOptions& options,
                                                           metrics::Registry* metrics) {
  if (options.provider != "openai" && options.provider != "anthropic") {
    return fail("llm.provider",
                "unknown provider \"" + options.provider + "\" (expected openai or anthropic)");
  }
  if (options.model.empty()) {
    return fail("llm.model", "required");
  }
  const ProviderOptions checked = with_defaults(options);
  if (auto url = check_base_url(checked.base_url, "llm.base_url"); !url) {
    return tl::unexpected(url.error());
  }
  if (checked.provider == "anthropic") {
    return make_anthropic_model(std::move(executor), checked, metrics);
  }
  return make_openai_model(std::move(executor), checked, metrics);
}

Result<std::unique_ptr<Embedder>> make_embedder(boost::asio::any_io_executor executor,
                                                const ProviderOptions& options, metrics::Registry* metrics) {
  if (options.embeddings_model.empty()) {
    return fail("llm.embeddings_model", "not configured");
  }
  std::string base_url = options.embeddings_base_url;
  std::string key = "llm.embeddings_base_url";
  if (base_url.empty()) {
    if (options.provider == "anthropic") {
      return fail("llm.embeddings_base_url",
                  "required with the anthropic provider (Anthropic has no embeddings endpoint)");
    }
    base_url = with_defaults(options).base_url;
    key = "llm.base_url";
  }
  if (auto url = check_base_url(base_url, key); !url) {
    return tl::unexpected(url.error());
  }
  const ProviderOptions checked = with_defaults(options);
  const std::string& api_key =
      options.embeddings_api_key.empty() ? options.api_key : options.embeddings_api_key;
  return make_openai_embedder(std::move(executor), checked, base_url, api_key, metrics);
}

} // namespace steward::llm
