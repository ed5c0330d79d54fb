#include "bot/serve/daemon.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <ostream>
#include <thread>
#include <vector>

#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <spdlog/spdlog.h>

#include "adapters/http/client.hpp"
#include "adapters/runtime/blocking_pool.hpp"
#include "adapters/runtime/log_failure.hpp"
#include "adapters/slack/chat.hpp"
#include "adapters/slack/socket_mode.hpp"
#include "adapters/slack/web_api.hpp"
#include "bot/agent/kb_search.hpp"
#include "bot/agent/service.hpp"
#include "bot/alerts/hooks.hpp"
#include "bot/alerts/setup.hpp"
#include "bot/alerts/watch.hpp"
#include "bot/jobs/runner.hpp"
#include "bot/serve/routes.hpp"
#include "bot/slack/ingress.hpp"
#include "bot/slack/worker.hpp"
#include "bot/sql/sql_setup.hpp"
#include "bot/store/open_store.hpp"
#include "core/agent/sql_tool.hpp"

namespace steward::bot {

namespace net = boost::asio;

namespace {

constexpr auto k_shutdown_grace = std::chrono::seconds(10);

std::string process_owner() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) {
    host[0] = '\0';
  }
  return std::string(host.data()) + ":" + std::to_string(::getpid());
}

/// The bot's ids: configured, else from auth.test.
Result<slack::SelfIdentity> learn_identity(net::io_context& io, slack::WebApi& api,
                                           const config::SlackConfig& cfg) {
  slack::SelfIdentity self{cfg.bot_id, cfg.bot_user_id};
  if (!self.bot_id.empty() && !self.bot_user_id.empty()) {
    return self;
  }
  auto future = net::co_spawn(io, api.call("auth.test", nlohmann::json::object()), net::use_future);
  auto reply = future.get();
  if (!reply) {
    return fail("slack.bot_token", "auth.test failed: " + reply.error().error.reason);
  }
  if (self.bot_user_id.empty()) {
    self.bot_user_id = reply->value("user_id", "");
  }
  if (self.bot_id.empty()) {
    self.bot_id = reply->value("bot_id", "");
  }
  if (self.bot_user_id.empty()) {
    return fail("slack.bot_token", "auth.test did not name a bot user; is this a bot token (xoxb-)?");
  }
  spdlog::info("slack: signed in as bot user {} (bot {}) in team {}", self.bot_user_id, self.bot_id,
               reply->value("team", reply->value("team_id", "?")));
  return self;
}

/// Reloads the knowledge base when its folder changes.
void reload_kb(KbSearch& kb) {
  auto changed = kb.reload_if_changed();
  if (!changed) {
    spdlog::error("knowledge base: reload failed, still serving the previous version: {}",
                  changed.error().to_string());
  } else if (*changed) {
    spdlog::info("knowledge base: reloaded ({} sections)", kb.current()->sections().size());
  }
}

/// Reloads the project (and the knowledge base, `kb` may be null) when their
/// files change, every `interval`.
net::awaitable<void> watch_project(knowledge::KnowledgeBase& knowledge, KbSearch* kb,
                                   runtime::BlockingPool& pool, std::chrono::milliseconds interval) {
  net::steady_timer timer(co_await net::this_coro::executor);
  for (;;) {
    timer.expires_after(interval);
    auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    if (ec) {
      co_return;
    }
    if (kb != nullptr) {
      co_await pool.run([kb] { reload_kb(*kb); });
    }
    auto changed = co_await pool.run([&knowledge] { return knowledge.reload_if_changed(); });
    if (!changed) {
      spdlog::error("project: reload failed, still serving the previous version: {}",
                    changed.error().to_string());
    } else if (*changed) {
      spdlog::info("project: reloaded (generation {})", knowledge.current()->generation);
    }
  }
}

/// Everything `serve` runs, in construction order (destroyed in reverse).
struct Daemon {
  const config::Config& config;
  metrics::Registry metrics;
  knowledge::KnowledgeBase knowledge;
  std::unique_ptr<store::Store> store;
  net::io_context io{static_cast<int>(config.server.threads)};
  runtime::BlockingPool store_pool{4};
  runtime::BlockingPool work_pool{static_cast<std::size_t>(config.jobs.workers),
                                  static_cast<int>(config.jobs.nice)};
  runtime::BlockingPool reload_pool{1,
                                    static_cast<int>(config.jobs.nice)}; ///< parsing stays off the ack path
  std::unique_ptr<http::Client> client;
  std::unique_ptr<slack::WebApi> api;
  std::unique_ptr<slack::SlackChat> chat;
  std::unique_ptr<slack::WebApi> app_api; ///< Socket Mode: apps.connections.open with the app token
  std::shared_ptr<KbSearch> kb;           ///< null: no knowledge base
  std::unique_ptr<AgentService> agent;    ///< null: no LLM (the router answers)
  std::shared_ptr<const SqlRuntime> sql;  ///< null: no warehouse (no SQL)
  std::unique_ptr<JobRunner> runner;
  std::unique_ptr<People> people;
  AlertSystems alert_systems;
  std::unique_ptr<AlertDeps> alerts;
  std::unique_ptr<RunHooks> hooks;
  std::unique_ptr<SlackWorkerDeps> worker;
  std::unique_ptr<SlackIngress> ingress;
  std::unique_ptr<slack::SocketMode> socket_mode;
  std::unique_ptr<RouteDeps> routes;
  std::unique_ptr<http::Server> server;

  explicit Daemon(const config::Config& cfg) : config(cfg), knowledge(cfg.project.path, load_options(cfg)) {}

  static dbt::LoadOptions load_options(const config::Config& cfg) {
    dbt::LoadOptions options;
    options.prefer_source = cfg.project.prefer_source;
    return options;
  }
};

slack::WebApiOptions api_options(const config::SlackConfig& slack) {
  slack::WebApiOptions options;
  options.base_url = slack.api_base_url;
  options.token = slack.bot_token.reveal();
  return options;
}

/// Alerts: the systems they use and what their jobs and buttons need.
Result<void> start_alerts(Daemon& d) {
  const config::Config& cfg = d.config;
  auto systems = open_alert_systems(cfg, *d.client, d.io.get_executor());
  if (!systems) {
    return tl::unexpected(systems.error());
  }
  d.alert_systems = std::move(*systems);
  d.people = std::make_unique<People>(*d.chat);
  d.alerts = std::make_unique<AlertDeps>(
      AlertDeps{*d.chat, *d.store, d.knowledge, *d.people, alert_settings(cfg),
                static_cast<std::size_t>(cfg.alerts.sample_rows), d.sql.get(),
                d.alert_systems.repository.get(), d.kb.get(), d.agent ? &d.agent->language_model() : nullptr,
                d.alert_systems.code_host.get(), fix_settings(cfg, d.alert_systems.repository_root),
                access::Policy{cfg.access.approvers, cfg.access.admins}, cfg.alerts.approvers});
  d.hooks = std::make_unique<RunHooks>(*d.store, d.store_pool, d.metrics,
                                       RunHookOptions{cfg.hooks.token.reveal(),
                                                      cfg.dbt_cloud.webhook_secret.reveal(),
                                                      static_cast<int>(cfg.jobs.max_attempts)},
                                       [&d] { d.runner->wake(); });
  spdlog::info("alerts: default channel {}; git repository {}; pull requests {}",
               cfg.alerts.default_channel.empty() ? "(none: only meta channels)" : cfg.alerts.default_channel,
               d.alert_systems.repository_root.empty() ? "(none)" : d.alert_systems.repository_root,
               cfg.github.repo.empty() ? "(off)" : cfg.github.repo);
  return {};
}

Result<void> start_slack(Daemon& d, const slack::SelfIdentity& self) {
  const config::Config& cfg = d.config;
  if (auto alerts = start_alerts(d); !alerts) {
    return alerts;
  }
  access::Policy policy{cfg.access.approvers, cfg.access.admins};
  d.worker = std::make_unique<SlackWorkerDeps>(
      SlackWorkerDeps{*d.chat, *d.store, *d.store, *d.store, d.knowledge, std::move(policy), self,
                      d.agent.get(), d.kb.get(), d.sql.get(), d.store.get(), d.alerts.get(),
                      DatavaultSettings{cfg.datavault.delivery, cfg.datavault.path}});
  JobRunnerOptions options{process_owner(), static_cast<int>(cfg.jobs.workers), cfg.jobs.lease,
                           retry_policy(cfg.jobs), std::chrono::seconds(1)};
  d.runner = std::make_unique<JobRunner>(
      d.io.get_executor(), *d.store, d.store_pool, d.work_pool, d.metrics, options,
      std::map<std::string, JobHandler>{
          {"slack.", [&d](const store::Job& job) { return run_slack_job(job, *d.worker); }},
          {"dbt.", [&d](const store::Job& job) {
             return run_dbt_job(
                 job, *d.alerts, d.alert_systems.cloud.get(), [&d] { d.runner->wake(); },
                 static_cast<int>(d.config.jobs.max_attempts));
           }}});
  SlackIngressOptions ingress{cfg.slack.signing_secret.reveal(), self,
                              static_cast<int>(cfg.jobs.max_attempts)};
  d.ingress = std::make_unique<SlackIngress>(*d.store, d.store_pool, d.metrics, std::move(ingress),
                                             [&d] { d.runner->wake(); });
  d.routes = std::make_unique<RouteDeps>(
      RouteDeps{d.knowledge, *d.store, d.store_pool, d.metrics, nullptr, d.hooks.get(), {}});
  if (cfg.slack.mode == "socket") {
    slack::WebApiOptions app = api_options(cfg.slack);
    app.token = cfg.slack.app_token.reveal();
    d.app_api = slack::make_web_api(*d.client, app, &d.metrics);
    slack::SocketModeOptions socket;
    socket.app_token = cfg.slack.app_token.reveal();
    socket.connections = static_cast<int>(cfg.slack.connections);
    d.socket_mode = slack::make_socket_mode(
        d.io.get_executor(), *d.app_api, socket,
        [&d](std::string type, std::string payload) {
          return d.ingress->handle_envelope(std::move(type), std::move(payload));
        },
        &d.metrics);
    d.routes->slack_state = [&d]() -> std::string {
      if (d.socket_mode->state() == slack::SocketModeState::disabled) {
        return "Socket Mode was disabled for this app (link_disabled)";
      }
      return d.socket_mode->open_connections() > 0 ? "" : "no Socket Mode connection open";
    };
  } else {
    d.routes->slack_http = d.ingress.get();
  }
  return {};
}

/// The knowledge base and the agent (each optional); needs the I/O threads.
Result<void> start_agent(Daemon& d) {
  auto kb = open_knowledge_base(d.config, d.io.get_executor(), d.store.get(), &d.metrics);
  if (!kb) {
    return tl::unexpected(kb.error());
  }
  d.kb = std::move(*kb);
  auto agent = make_agent_service(d.config, d.io.get_executor(), d.kb, &d.metrics);
  if (!agent) {
    return tl::unexpected(agent.error());
  }
  d.agent = std::move(*agent);
  auto sql = open_sql(d.config, d.store.get());
  if (!sql) {
    return tl::unexpected(sql.error());
  }
  d.sql = std::move(*sql);
  if (d.sql) {
    spdlog::info("warehouse: {} (read-only; at most {} rows per query)", d.sql->warehouse->describe(),
                 d.sql->settings.limits.max_rows);
    if (d.agent) {
      agent::add_sql_tool(d.agent->tools(), d.sql->warehouse, d.sql->settings);
    }
  }
  if (d.agent) {
    spdlog::info("agent: {} model {} ({} tools)", d.agent->model().provider(), d.agent->model().model(),
                 d.agent->tools().tools().size());
  } else {
    spdlog::info("agent: no LLM configured (llm.provider none); answering with the offline router");
  }
  if (d.kb) {
    spdlog::info("knowledge base: {} sections from {} ({} embedded)", d.kb->current()->sections().size(),
                 d.kb->folder().string(), d.kb->embedded_sections());
  }
  return {};
}

Result<void> start_server(Daemon& d, std::ostream& out) {
  http::ServerOptions options;
  options.listen = d.config.server.listen;
  options.body_limit = static_cast<std::size_t>(d.config.server.body_limit);
  if (!d.config.server.tls_cert.empty()) {
    options.tls = http::TlsFiles{d.config.server.tls_cert.string(), d.config.server.tls_key.string()};
  }
  auto server =
      http::start_server(d.io.get_executor(), options, make_routes(*d.routes), make_observer(d.metrics));
  if (!server) {
    return tl::unexpected(server.error());
  }
  d.server = std::move(*server);
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  const std::string scheme = options.tls ? "https" : "http";
  out << "steward: serving on " << scheme << "://" << host << ":" << d.server->port() << " (slack."
      << "mode " << d.config.slack.mode << ")" << std::endl;
  return {};
}

net::awaitable<void> shut_down(Daemon& d) {
  spdlog::info("shutting down: no new requests; finishing running jobs (up to {}s)",
               k_shutdown_grace.count());
  if (d.server) {
    d.server->stop();
  }
  if (d.socket_mode) {
    co_await d.socket_mode->stop();
  }
  if (d.runner) {
    co_await d.runner->stop(k_shutdown_grace);
  }
  d.io.stop();
}

int fail_start(std::ostream& err, const Error& error) {
  err << error.to_string() << "\n";
  return 2;
}

} // namespace

int run_daemon(const config::Config& config, std::ostream& out, std::ostream& err) {
  for (const Error& error : config::serve_errors(config)) {
    return fail_start(err, error);
  }
  Daemon d(config);
  if (auto loaded = d.knowledge.reload(); !loaded) {
    return fail_start(err, loaded.error());
  }
  auto store = open_store(config);
  if (!store) {
    return fail_start(err, store.error());
  }
  d.store = std::move(*store);
  d.client = http::make_client(d.io.get_executor());
  d.api = slack::make_web_api(*d.client, api_options(config.slack), &d.metrics);
  d.chat = slack::make_slack_chat(*d.api, d.io.get_executor());

  std::vector<std::thread> threads;
  auto work = net::make_work_guard(d.io);
  for (std::int64_t i = 0; i < config.server.threads; ++i) {
    threads.emplace_back([&d] { d.io.run(); });
  }
  auto stop_threads = [&] {
    work.reset();
    d.io.stop();
    for (std::thread& thread : threads) {
      thread.join();
    }
  };
  // Signals first: a SIGTERM from here on is a clean shutdown.
  net::signal_set signals(d.io, SIGINT, SIGTERM);
  std::atomic<bool> started_up{false};
  signals.async_wait([&d, &started_up](const boost::system::error_code& ec, int) {
    if (ec) {
      return;
    }
    if (!started_up) {
      d.io.stop();
      return;
    }
    net::co_spawn(d.io, shut_down(d),
                  [](const std::exception_ptr& e) { runtime::log_failure("shutdown", e); });
  });
  if (auto agent = start_agent(d); !agent) {
    stop_threads();
    return fail_start(err, agent.error());
  }
  auto self = learn_identity(d.io, *d.api, config.slack);
  Result<void> started = self ? start_slack(d, *self) : tl::unexpected(self.error());
  if (started) {
    started = start_server(d, out);
  }
  if (!started) {
    stop_threads();
    return fail_start(err, started.error());
  }
  started_up = true;
  d.runner->start();
  if (d.socket_mode) {
    d.socket_mode->start();
  }
  if (config.alerts.watch) {
    net::co_spawn(d.io,
                  watch_runs(artifacts_dir(config.project.path), *d.store, d.reload_pool,
                             config.alerts.watch_interval, static_cast<int>(config.jobs.max_attempts),
                             [&d] { d.runner->wake(); }),
                  [](const std::exception_ptr& e) { runtime::log_failure("run watcher", e); });
  }
  if (config.project.watch_interval.count() > 0) {
    net::co_spawn(d.io, watch_project(d.knowledge, d.kb.get(), d.reload_pool, config.project.watch_interval),
                  [](const std::exception_ptr& e) { runtime::log_failure("project watcher", e); });
  }
  work.reset();
  for (std::thread& thread : threads) {
    thread.join();
  }
  spdlog::info("stopped");
  return 0;
}

} // namespace steward::bot
