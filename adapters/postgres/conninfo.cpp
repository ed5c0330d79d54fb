#include "adapters/postgres/conninfo.hpp"

#include <algorithm>
#include <cctype>
#include <libpq-fe.h>
#include <memory>

namespace steward::postgres {
namespace {

constexpr std::string_view k_password_error =
    "must not contain a password; set STEWARD_STORE_PASSWORD or store.password_file";

struct OptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using Options = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

bool starts_with_uri_scheme(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

/// The password in a URI's `user:password@` part, if any (libpq ends the
/// user info at the first `@` before the first `/`).
std::optional<std::string_view> uri_userinfo_password(std::string_view url) {
  if (!starts_with_uri_scheme(url)) {
    return std::nullopt;
  }
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  const std::size_t at = rest.find('@');
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view userinfo = rest.substr(0, at);
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  return userinfo.substr(colon + 1);
}

bool mentions_password(std::string_view url) {
  std::string lower(url);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return lower.find("password") != std::string::npos;
}

/// `value` as a single-quoted libpq connection-string value.
std::string quoted(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '\'';
  return out;
}

void append_option(std::string& conninfo, std::string_view keyword, std::string_view value) {
  if (!conninfo.empty()) {
    conninfo += ' ';
  }
  conninfo += keyword;
  conninfo += '=';
  conninfo += quoted(value);
}

std::string option(const PQconninfoOption* options, std::string_view keyword) {
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (keyword == o->keyword && o->val != nullptr) {
      return o->val;
    }
  }
  return {};
}

std::string endpoint_of(const PQconninfoOption* options) {
  std::string host = option(options, "host");
  if (host.empty()) {
    host = option(options, "hostaddr");
  }
  if (host.empty()) {
    host = "localhost";
  }
  if (host.find(':') != std::string::npos && host.front() != '/') {
    host = "[" + host + "]";
  }
  std::string port = option(options, "port");
  return host + ":" + (port.empty() ? "5432" : port);
}

Result<Options> parse(std::string_view url, const std::string& key) {
  char* message = nullptr;
  Options options(PQconninfoParse(std::string(url).c_str(), &message));
  if (options) {
    return options;
  }
  std::string reason = message != nullptr ? first_line(message) : "out of memory";
  PQfreemem(message);
  if (mentions_password(url)) {
    // libpq may quote part of the URL, and with it a password.
    return fail(key, std::string(k_password_error));
  }
  return fail(key, "cannot parse the connection URL (" + reason + ")");
}

} // namespace

Result<ConnInfo> make_conninfo(std::string_view url, std::string_view password, store::Millis connect_timeout,
                               std::string_view component) {
  const std::string key = std::string(component) + ".url";
  if (uri_userinfo_password(url)) {
    return fail(key, std::string(k_password_error));
  }
  auto options = parse(url, key);
  if (!options) {
    return tl::unexpected(options.error());
  }
  ConnInfo info;
  info.component = std::string(component);
  bool has_application_name = false;
  for (const PQconninfoOption* o = options->get(); o->keyword != nullptr; ++o) {
    const std::string_view keyword = o->keyword;
    if (o->val == nullptr || keyword == "connect_timeout") {
      continue;
    }
    if (keyword == "password") {
      return fail(key, std::string(k_password_error));
    }
    if (std::string_view(o->dispchar).find('*') != std::string_view::npos) {
      info.secrets.emplace_back(o->val); // e.g. sslpassword
    }
    has_application_name = has_application_name || keyword == "fallback_application_name";
    append_option(info.conninfo, keyword, o->val);
  }
  if (!password.empty()) {
    append_option(info.conninfo, "password", password);
    info.secrets.emplace_back(password);
  }
  const auto seconds = std::max<std::int64_t>(1, (connect_timeout.count() + 999) / 1000);
  append_option(info.conninfo, "connect_timeout", std::to_string(seconds));
  if (!has_application_name) {
    append_option(info.conninfo, "fallback_application_name", "steward");
  }
  info.endpoint = endpoint_of(options->get());
  info.user = option(options->get(), "user");
  return info;
}

Error connect_error(const ConnInfo& info, std::string_view libpq_message) {
  const std::string line = first_line(scrub(std::string(libpq_message), info.secrets));
  std::string user = info.user;
  const std::string marker = "for user \"";
  if (const std::size_t at = line.find(marker); at != std::string::npos) {
    const std::size_t begin = at + marker.size();
    user = line.substr(begin, line.find('"', begin) - begin);
  }
  const std::string& component = info.component;
  if (line.find("authentication failed") != std::string::npos) {
    return Error{component + ".password", "authentication failed for user \"" + user + "\""};
  }
  if (line.find("no password supplied") != std::string::npos) {
    std::string variable = "STEWARD_" + component + "_PASSWORD";
    std::transform(variable.begin(), variable.end(), variable.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return Error{component + ".password", "the server requires a password for user \"" + user + "\"; set " +
                                              variable + " or " + component + ".password_file"};
  }
  return Error{component + ".url", "cannot connect to " + info.endpoint + " (" + line + ")"};
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) {
      continue;
    }
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

std::string first_line(std::string_view message) {
  std::string_view line;
  while (!message.empty() && line.empty()) {
    const std::size_t end = message.find('\n');
    line = message.substr(0, end);
    message = end == std::string_view::npos ? std::string_view() : message.substr(end + 1);
    const std::size_t first = line.find_first_not_of(" \t\r");
    line = first == std::string_view::npos ? std::string_view() : line.substr(first);
  }
  if (line.starts_with("connection to server")) {
    if (const std::size_t failed = line.find("failed: "); failed != std::string_view::npos) {
      line = line.substr(failed + 8);
    }
  }
  for (std::string_view severity : {"FATAL:", "ERROR:", "PANIC:", "WARNING:"}) {
    if (line.starts_with(severity)) {
      line = line.substr(severity.size());
    }
  }
  const std::size_t first = line.find_first_not_of(' ');
  const std::size_t last = line.find_last_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  return std::string(line.substr(first, last - first + 1));
}

} // namespace steward::postgres
