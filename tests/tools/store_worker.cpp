// steward_store_worker: a separate process that works a store, for the crash
// and multi-process tests (tests/adapters/store_process_test.cpp).
//
//   steward_store_worker BACKEND TARGET hold N LEASE_MS
//       Claims up to N jobs (as owner "holder"), prints "held ID" for each,
//       then writes feedback rows forever, printing "feedback ID" after each
//       commit, until killed.
//   steward_store_worker BACKEND TARGET drain WORKERS LEASE_MS
//       WORKERS threads claim and complete jobs until none is left; prints
//       "done ID" for every job whose completion the store accepted.
//
// BACKEND is sqlite or postgres; TARGET a file or URL. The PostgreSQL password
// comes from PGTEST_PASSWORD. Exit codes: 0 ok, 2 bad use, 3 store error.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "tests/support/store_targets.hpp"

namespace {

using namespace steward;
using namespace std::chrono_literals;

int die(const std::string& what) {
  std::cerr << "steward_store_worker: " << what << "\n";
  return 3;
}

int hold(store::Store& db, int count, store::Millis lease) {
  auto claimed = db.claim("holder", count, lease, testing::wall_now());
  if (!claimed) {
    return die(claimed.error().to_string());
  }
  for (const store::Job& job : *claimed) {
    std::cout << "held " << job.id << "\n";
  }
  std::cout << std::flush;
  auto conversation = db.conversation({"slack", "T", "C", std::to_string(::getpid())}, testing::wall_now());
  if (!conversation) {
    return die(conversation.error().to_string());
  }
  auto answer = db.add_turn(*conversation, {"assistant", "B", "answer", "", 0}, testing::wall_now());
  if (!answer) {
    return die(answer.error().to_string());
  }
  for (int i = 0;; ++i) {
    store::Feedback feedback{*answer, "U" + std::to_string(i), store::FeedbackKind::reaction, "+1",
                             testing::wall_now()};
    auto id = db.add_feedback(feedback);
    if (!id) {
      return die(id.error().to_string());
    }
    std::cout << "feedback " << *id << " " << *answer << std::endl;
  }
}

int drain(store::Store& db, int workers, store::Millis lease) {
  std::mutex out;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      const std::string owner = std::to_string(::getpid()) + "/" + std::to_string(w);
      std::string done;
      for (int idle = 0; idle < 200;) {
        auto claimed = db.claim(owner, 8, lease, testing::wall_now());
        if (!claimed) {
          std::lock_guard lock(out);
          std::cerr << "claim: " << claimed.error().to_string() << "\n";
          ++failures;
          return;
        }
        if (claimed->empty()) {
          auto counts = db.counts(testing::wall_now());
          if (counts && counts->queued == 0 && counts->running == 0) {
            break;
          }
          ++idle;
          std::this_thread::sleep_for(5ms);
          continue;
        }
        idle = 0;
        for (const store::Job& job : *claimed) {
          auto completed = db.complete({job.id, owner, job.attempts}, testing::wall_now());
          if (completed && *completed) {
            done += "done " + std::to_string(job.id) + "\n";
          }
        }
      }
      std::lock_guard lock(out);
      std::cout << done;
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  std::cout << std::flush;
  return failures.load() == 0 ? 0 : 3;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: steward_store_worker BACKEND TARGET hold|drain N LEASE_MS\n";
    return 2;
  }
  const char* password = std::getenv("PGTEST_PASSWORD");
  testing::StoreTarget target{argv[1], argv[2], password != nullptr ? password : ""};
  const std::string mode = argv[3];
  const int count = std::atoi(argv[4]);
  const store::Millis lease(std::atoll(argv[5]));
  auto opened = testing::open_target(target, mode == "drain" ? count : 1);
  if (!opened) {
    return die(opened.error().to_string());
  }
  if (mode == "hold") {
    return hold(**opened, count, lease);
  }
  if (mode == "drain") {
    return drain(**opened, count, lease);
  }
  std::cerr << "steward_store_worker: unknown mode " << mode << "\n";
  return 2;
}
