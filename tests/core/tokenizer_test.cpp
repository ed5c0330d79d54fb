// Search tokenizer rules, the stemmer, and typo matching (bounded edit
// distance, FuzzySet).

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/search/tokenizer.hpp"
#include "core/search/typo.hpp"

namespace steward::search {
namespace {

using Terms = std::vector<std::string>;

bool contains(const Terms& terms, const std::string& term) {
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

TEST(Tokenizer, LowercasesAndSplitsOnPunctuation) {
  EXPECT_EQ(tokenize("Customer, Revenue!"), (Terms{"customer", "revenu"}));
  EXPECT_EQ(tokenize("  \t\n"), Terms{});
  EXPECT_EQ(tokenize(""), Terms{});
}

TEST(Tokenizer, SnakeCaseKeepsWholeIdentifierFirst) {
  EXPECT_EQ(tokenize("fct_orders"), (Terms{"fct_orders", "fct", "order"}));
  // Runs of underscores and leading/trailing ones make no empty parts.
  EXPECT_EQ(tokenize("_hubspot__deal_"), (Terms{"hubspot__deal", "hubspot", "deal"}));
}

TEST(Tokenizer, DotsSlashesAndHyphensSeparateWords) {
  EXPECT_EQ(tokenize("models/staging/stg_customers.sql"),
            (Terms{"model", "stg", "stg_customers", "stg", "customer", "sql"}));
  EXPECT_EQ(tokenize("hubspot.contact"), (Terms{"hubspot", "contact"}));
  EXPECT_EQ(tokenize("fivetran-hubspot"), (Terms{"fivetran", "hubspot"}));
}

TEST(Tokenizer, CamelCaseAndAcronyms) {
  EXPECT_EQ(tokenize("customerId"), (Terms{"customerid", "customer", "id"}));
  EXPECT_EQ(tokenize("HTTPServer"), (Terms{"httpserver", "http", "server"}));
  // A plural s after an acronym stays with it: URLs is one part.
  EXPECT_EQ(tokenize("URLs"), (Terms{"url"}));
  EXPECT_EQ(tokenize("customerIDs"), (Terms{"customerids", "customer", "id"}));
}

TEST(Tokenizer, DigitBoundaries) {
  EXPECT_EQ(tokenize("orders2024"), (Terms{"orders2024", "order", "2024"}));
  // The single letter is dropped as a part but the whole identifier stays.
  EXPECT_EQ(tokenize("v2"), (Terms{"v2"}));
  EXPECT_EQ(tokenize("2024"), (Terms{"2024"}));
}

TEST(Tokenizer, LayerPrefixesMatchTheirWords) {
  // Each pair must produce the same term so that either spelling finds the other.
  const std::vector<std::pair<std::string, std::string>> pairs{
      {"stg", "staging"},   {"int", "intermediate"}, {"fct", "fact"},   {"fct", "facts"},
      {"dim", "dimension"}, {"dim", "dimensions"},   {"rpt", "report"}, {"rpt", "reports"},
      {"src", "source"},    {"src", "sources"},
  };
  for (const auto& [prefix, word] : pairs) {
    EXPECT_EQ(tokenize(prefix), tokenize(word)) << prefix << " vs " << word;
    EXPECT_EQ(tokenize(word).size(), 1U) << word;
  }
  EXPECT_TRUE(contains(tokenize("dim_customers"), tokenize("dimension").front()));
  EXPECT_EQ(layer_term("orders"), "");
}

TEST(Tokenizer, PluralsFoldOntoSingulars) {
  const std::vector<std::pair<std::string, std::string>> pairs{
      {"orders", "order"},
      {"categories", "category"},
      {"addresses", "address"},
      {"statuses", "status"},
      {"companies", "company"},
      {"boxes", "box"},
      {"matches", "match"},
      {"dates", "date"},
      {"analyses", "analysis"},
      {"days", "day"},
      {"ids", "id"},
      {"kpis", "kpi"},
      {"movies", "movie"},
      {"ties", "tie"},
      {"classes", "class"},
      {"businesses", "business"},
      {"emails", "email"},
  };
  for (const auto& [plural, singular] : pairs) {
    EXPECT_EQ(stem(plural), stem(singular)) << plural << " vs " << singular;
  }
  // Words that merely end in s are not shortened.
  EXPECT_EQ(stem("status"), "status");
  EXPECT_EQ(stem("address"), "address");
  EXPECT_EQ(stem("analysis"), "analysis");
  EXPECT_EQ(stem("order"), "order");
  // Unrelated words stay apart.
  EXPECT_NE(stem("order"), stem("orderly"));
  EXPECT_NE(stem("customer"), stem("custom"));
}

TEST(Tokenizer, StemLeavesNonLettersAlone) {
  EXPECT_EQ(stem("2024s"), "2024s");
  EXPECT_EQ(stem("caf\xC3\xA9s"), "caf\xC3\xA9s");
  EXPECT_EQ(stem("as"), "as");
}

TEST(Tokenizer, StopwordsAreDropped) {
  EXPECT_EQ(tokenize("where does the revenue come from"), (Terms{"revenu"}));
  EXPECT_EQ(tokenize("What is it? Which of these"), Terms{});
  EXPECT_TRUE(is_stopword("which"));
  EXPECT_FALSE(is_stopword("orders"));
  // A stopword inside an identifier only drops that part.
  EXPECT_EQ(tokenize("is_deleted"), (Terms{"is_deleted", "deleted"}));
}

TEST(Tokenizer, NonAsciiBytesAreWordCharacters) {
  // "café_menu": the UTF-8 é stays inside the word and is not split or lower-cased.
  EXPECT_EQ(tokenize("Caf\xC3\xA9_Menu"), (Terms{"caf\xC3\xA9_menu", "caf\xC3\xA9", "menu"}));
  EXPECT_EQ(tokenize("\xE6\x97\xA5\xE6\x9C\xAC"), (Terms{"\xE6\x97\xA5\xE6\x9C\xAC"}));
}

TEST(Tokenizer, BinaryJunkAndHugeInputDoNotCrash) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) {
    junk.push_back(static_cast<char>((i * 7919) % 256));
  }
  for (const std::string& term : tokenize(junk)) {
    EXPECT_FALSE(term.empty());
    EXPECT_LE(term.size(), k_max_term_bytes);
  }
  // One 100 KB identifier: too long to keep whole, and its parts are kept.
  std::string huge;
  for (int i = 0; i < 10000; ++i) {
    huge += "abcdefghi_";
  }
  Terms terms = tokenize(huge);
  EXPECT_EQ(terms.size(), 10000U);
  EXPECT_EQ(terms.front(), "abcdefghi");
}

TEST(Tokenizer, ReusedTokenizerStartsOver) {
  Tokenizer tokenizer;
  tokenizer.reset("first_text");
  std::string_view term;
  ASSERT_TRUE(tokenizer.next(term));
  EXPECT_EQ(term, "first_text");
  tokenizer.reset("second");
  ASSERT_TRUE(tokenizer.next(term));
  EXPECT_EQ(term, "second");
  EXPECT_FALSE(tokenizer.next(term));
  EXPECT_FALSE(tokenizer.next(term));
}

TEST(BoundedDistance, CountsEditsWithinTheLimit) {
  EXPECT_EQ(bounded_distance("fct_orders", "fct_orders", 2), 0U);
  EXPECT_EQ(bounded_distance("fct_ordrs", "fct_orders", 2), 1U);   // deletion
  EXPECT_EQ(bounded_distance("fct_orderss", "fct_orders", 2), 1U); // insertion
  EXPECT_EQ(bounded_distance("fct_ordars", "fct_orders", 2), 1U);  // substitution
  EXPECT_EQ(bounded_distance("fct_odrers", "fct_orders", 2), 1U);  // transposition
  EXPECT_EQ(bounded_distance("fct_odrrs", "fct_orders", 2), 2U);
  EXPECT_EQ(bounded_distance("abc", "xyz", 2), 3U); // too far: limit + 1
  EXPECT_EQ(bounded_distance("abcd", "ab", 1), 2U); // length gap alone exceeds 1
  EXPECT_EQ(bounded_distance("", "ab", 2), 2U);
  EXPECT_EQ(bounded_distance("ab", "", 2), 2U);
  std::string long_a(100, 'a');
  std::string long_b(100, 'a');
  long_b.back() = 'b';
  EXPECT_EQ(bounded_distance(long_a, long_a, 2), 0U);
  EXPECT_EQ(bounded_distance(long_a, long_b, 2), 3U); // beyond k_max_fuzzy_bytes: equal or far
}

TEST(BoundedDistance, AgreesWithAPlainDynamicProgram) {
  // A straightforward full-matrix OSA, to check the banded one against.
  auto reference = [](const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
      d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
      d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= b.size(); ++j) {
        std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.size()][b.size()];
  };
  const std::vector<std::string> words{"",      "a",     "ab",     "ba",  "abc", "acb", "order",  "orders",
                                       "odrer", "ordre", "sorted", "cat", "act", "tac", "abcdef", "badcfe"};
  for (const std::string& a : words) {
    for (const std::string& b : words) {
      for (std::size_t limit = 0; limit <= 2; ++limit) {
        EXPECT_EQ(bounded_distance(a, b, limit), std::min(reference(a, b), limit + 1))
            << a << " / " << b << " limit " << limit;
      }
    }
  }
}

TEST(FuzzySet, FindsKeysWithinTheLimit) {
  FuzzySet set;
  const std::vector<std::string> keys{"order", "orders", "customer", "ordr", "border", "xyz"};
  for (std::uint32_t i = 0; i < keys.size(); ++i) {
    set.add(keys[i], i);
  }
  set.add(std::string_view(), 99); // ignored
  set.finish();
  EXPECT_EQ(set.size(), keys.size());
  std::vector<FuzzySet::Match> matches;
  auto found = [&](std::string_view query, std::size_t limit) {
    matches.clear();
    set.find(query, limit, matches);
    std::vector<std::pair<std::string, std::uint32_t>> out;
    for (const auto& match : matches) {
      out.emplace_back(keys[match.id], match.distance);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  using Found = std::vector<std::pair<std::string, std::uint32_t>>;
  // orderr: drop an r (order) or change the last r to s (orders); border needs two edits.
  EXPECT_EQ(found("orderr", 1), (Found{{"order", 1}, {"orders", 1}}));
  EXPECT_EQ(found("orderr", 2), (Found{{"border", 2}, {"order", 1}, {"orders", 1}, {"ordr", 2}}));
  EXPECT_EQ(found("ordr", 1), (Found{{"order", 1}, {"ordr", 0}}));
  matches.clear();
  set.find("customer", 1, matches);
  ASSERT_EQ(matches.size(), 1U);
  EXPECT_EQ(matches[0].distance, 0U);

  matches.clear();
  set.find("", 2, matches);
  EXPECT_TRUE(matches.empty());
}

} // namespace
} // namespace steward::search
