// Routing and people from dbt `meta`, the way Elementary reads it.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/alerts/failure.hpp"

namespace steward::alerts {
namespace {

/// A node's alert settings: `meta.alerts_config` over `meta`.
nlohmann::json alert_meta(const dbt::Node& node) {
  if (node.meta_json.empty()) {
    return nlohmann::json::object();
  }
  nlohmann::json meta = nlohmann::json::parse(node.meta_json, nullptr, false);
  if (!meta.is_object()) {
    return nlohmann::json::object();
  }
  if (auto nested = meta.find("alerts_config"); nested != meta.end() && nested->is_object()) {
    for (const auto& [key, value] : nested->items()) {
      meta[key] = value;
    }
  }
  return meta;
}

/// A people field: a list, or one string with names separated by commas.
std::vector<std::string> people(const nlohmann::json& value) {
  std::vector<std::string> out;
  auto add = [&out](std::string name) {
    const auto first = name.find_first_not_of(" \t");
    const auto last = name.find_last_not_of(" \t");
    if (first == std::string::npos) {
      return;
    }
    name = name.substr(first, last - first + 1);
    if (std::find(out.begin(), out.end(), name) == out.end()) {
      out.push_back(std::move(name));
    }
  };
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t comma = text.find(',', start);
      add(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 1;
    }
  } else if (value.is_array()) {
    for (const nlohmann::json& item : value) {
      if (item.is_string()) {
        add(item.get<std::string>());
      }
    }
  }
  return out;
}

std::string channel_of(const nlohmann::json& meta) {
  auto it = meta.find("channel");
  if (it == meta.end() || !it->is_string()) {
    return {};
  }
  std::string channel = it->get<std::string>();
  if (!channel.empty() && channel.front() == '#') {
    channel.erase(0, 1);
  }
  return channel;
}

std::optional<std::chrono::seconds> suppression_of(const nlohmann::json& meta) {
  auto it = meta.find("alert_suppression_interval");
  if (it == meta.end() || !it->is_number() || it->get<double>() < 0) {
    return std::nullopt;
  }
  return std::chrono::seconds(static_cast<long long>(std::llround(it->get<double>() * 3600)));
}

} // namespace

Route route_of(const Failure& failure, const dbt::Project& project, const std::string& default_channel) {
  std::vector<nlohmann::json> metas; // most specific first
  const dbt::Node* subject = nullptr;
  if (auto id = project.find(failure.outcome.node)) {
    metas.push_back(alert_meta(project.node(*id)));
  }
  if (failure.model != failure.outcome.node) {
    if (auto id = project.find(failure.model)) {
      subject = &project.node(*id);
      metas.push_back(alert_meta(*subject));
    }
  }
  Route route;
  for (const nlohmann::json& meta : metas) {
    if (route.channel.empty()) {
      route.channel = channel_of(meta);
    }
    if (route.owners.empty() && meta.contains("owner")) {
      route.owners = people(meta["owner"]);
    }
    if (route.subscribers.empty() && meta.contains("subscribers")) {
      route.subscribers = people(meta["subscribers"]);
    }
    if (!route.suppression) {
      route.suppression = suppression_of(meta);
    }
  }
  if (route.owners.empty() && subject != nullptr && !subject->owner.empty()) {
    route.owners = people(
        nlohmann::json(std::string(subject->owner_email.empty() ? subject->owner : subject->owner_email)));
  }
  if (route.channel.empty()) {
    route.channel = default_channel;
  }
  return route;
}

} // namespace steward::alerts
