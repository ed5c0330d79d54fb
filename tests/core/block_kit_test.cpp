// Block Kit rendering: mrkdwn conversion and escaping, and every Slack limit
// kept however long the answer is (expectations reasoned from the limits and
// the inputs, not copied from output).

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/answer/block_kit.hpp"

namespace steward::answer {
namespace {

using json = nlohmann::json;

/// True when `text` is well-formed UTF-8 (no cut or stray sequences).
bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) {
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

std::string without_whitespace(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n') {
      out += c;
    }
  }
  return out;
}

/// Every block of every message, in order.
std::vector<json> all_blocks(const std::vector<SlackMessage>& messages) {
  std::vector<json> out;
  for (const auto& message : messages) {
    for (const auto& block : message["blocks"]) {
      out.push_back(block);
    }
  }
  return out;
}

/// The mrkdwn texts of the section blocks, in order.
std::vector<std::string> section_texts(const std::vector<SlackMessage>& messages) {
  std::vector<std::string> out;
  for (const auto& block : all_blocks(messages)) {
    if (block["type"] == "section" && block.contains("text")) {
      out.push_back(block["text"]["text"].get<std::string>());
    }
  }
  return out;
}

Answer one_block(Block block, std::string summary = "summary") {
  Answer answer;
  answer.summary = std::move(summary);
  answer.blocks.push_back(std::move(block));
  return answer;
}

TEST(Mrkdwn, ConvertsTheMarkupSubset) {
  EXPECT_EQ(to_mrkdwn("**bold** and _it_ and `code` and [docs](https://docs.example/x)"),
            "*bold* and _it_ and `code` and <https://docs.example/x|docs>");
}

TEST(Mrkdwn, EscapesEverywhereIncludingCodeButConvertsNothingInsideCode) {
  EXPECT_EQ(to_mrkdwn("a & b < c > d"), "a &amp; b &lt; c &gt; d");
  EXPECT_EQ(to_mrkdwn("`x<y && **z**`"), "`x&lt;y &amp;&amp; **z**`");
  EXPECT_EQ(to_mrkdwn("[a&b](https://x.example/?a=1&b=2)"), "<https://x.example/?a=1&amp;b=2|a&amp;b>");
}

TEST(Mrkdwn, UserMentionsStayMentionsAndEverythingElseAngledIsEscaped) {
  EXPECT_EQ(to_mrkdwn("<@U111> asked"), "<@U111> asked");
  EXPECT_EQ(to_mrkdwn("<@U111> asked; <@W2AB> ran it"), "<@U111> asked; <@W2AB> ran it");
  EXPECT_EQ(to_mrkdwn("<!channel> <@u1> <@U1 x> <@>"),
            "&lt;!channel&gt; &lt;@u1&gt; &lt;@U1 x&gt; &lt;@&gt;");
  EXPECT_EQ(to_mrkdwn("`<@U111>`"), "`&lt;@U111&gt;`") << "code stays literal";
}

TEST(Mrkdwn, LeavesSnakeCaseAndUnclosedMarkersLiteral) {
  EXPECT_EQ(to_mrkdwn("fct_orders joins dim_customers"), "fct_orders joins dim_customers");
  EXPECT_EQ(to_mrkdwn("2 * 3 and **open"), "2 * 3 and **open");
  EXPECT_EQ(to_mrkdwn("a `lone backtick"), "a `lone backtick");
  EXPECT_EQ(to_mrkdwn("[not a link] (x)"), "[not a link] (x)");
}

TEST(BlockKit, LongParagraphSplitsIntoSectionsWithinTheLimitAndKeepsItsContent) {
  std::string text;
  for (int i = 0; text.size() < 10000; ++i) {
    text += "word" + std::to_string(i) + (i % 40 == 39 ? "\n" : " ");
  }
  auto messages = render_block_kit(one_block(Paragraph{text}));
  auto texts = section_texts(messages);
  ASSERT_GE(texts.size(), 4u) << "10,000 characters need at least four sections of 3000";
  std::string joined;
  for (const auto& piece : texts) {
    EXPECT_LE(piece.size(), 3000u);
    EXPECT_FALSE(piece.empty());
    joined += piece;
  }
  EXPECT_EQ(without_whitespace(joined), without_whitespace(text));
}

TEST(BlockKit, SplitsAtParagraphBoundariesFirst) {
  std::vector<std::string> paragraphs;
  std::string text;
  for (int p = 0; p < 8; ++p) {
    std::string paragraph = "Paragraph " + std::to_string(p) + ":";
    while (paragraph.size() < 1200) {
      paragraph += " filler";
    }
    paragraphs.push_back(paragraph);
    text += (p == 0 ? "" : "\n\n") + paragraph;
  }
  for (const auto& piece : section_texts(render_block_kit(one_block(Paragraph{text})))) {
    // Each piece is a run of whole paragraphs: it starts one and ends one.
    EXPECT_EQ(piece.rfind("Paragraph ", 0), 0u) << piece.substr(0, 40);
    EXPECT_TRUE(piece.ends_with("filler")) << piece.substr(piece.size() - 40);
    EXPECT_LE(piece.size(), 3000u);
  }
}

TEST(BlockKit, AWordlessParagraphSplitsBetweenCharactersAndIsRejoinedExactly) {
  std::string text(10000, 'x');
  auto texts = section_texts(render_block_kit(one_block(Paragraph{text})));
  std::string joined;
  for (const auto& piece : texts) {
    EXPECT_LE(piece.size(), 3000u);
    joined += piece;
  }
  EXPECT_EQ(joined, text);
}

TEST(BlockKit, NeverSplitsAMultiByteCharacter) {
  const std::vector<std::string> characters = {"é", "€", "😀", "a"};
  std::string text;
  for (int i = 0; text.size() < 9001; ++i) {
    text += characters[static_cast<std::size_t>(i) % characters.size()];
  }
  std::string joined;
  for (const auto& piece : section_texts(render_block_kit(one_block(Paragraph{text})))) {
    EXPECT_LE(piece.size(), 3000u);
    EXPECT_TRUE(valid_utf8(piece));
    joined += piece;
  }
  EXPECT_EQ(joined, text);
}

TEST(BlockKit, KeepsAnInlineCodeSpanWholeWhenItCanMoveToTheNextPiece) {
  std::string text = std::string(2990, 'a') + " `int_orders__enriched` tail";
  auto texts = section_texts(render_block_kit(one_block(Paragraph{text})));
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0], std::string(2990, 'a'));
  EXPECT_EQ(texts[1], "`int_orders__enriched` tail");
}

TEST(BlockKit, AnInlineCodeSpanLongerThanASectionIsReFencedInEveryPiece) {
  std::string code(7000, 'c');
  auto texts = section_texts(render_block_kit(one_block(Paragraph{"see `" + code + "` here"})));
  ASSERT_GE(texts.size(), 3u);
  std::string joined;
  for (const auto& piece : texts) {
    EXPECT_LE(piece.size(), 3000u);
    for (char c : piece) {
      joined += c == 'c' ? std::string(1, c) : std::string();
    }
    std::size_t ticks = static_cast<std::size_t>(std::count(piece.begin(), piece.end(), '`'));
    EXPECT_EQ(ticks % 2, 0u) << "every piece closes the code spans it opens";
  }
  EXPECT_EQ(joined, code);
}

TEST(BlockKit, EscapingCountsTowardsTheLimitAndEntitiesStayWhole) {
  std::string text(4000, '&');
  std::string joined;
  for (const auto& piece : section_texts(render_block_kit(one_block(Paragraph{text})))) {
    EXPECT_LE(piece.size(), 3000u);
    EXPECT_EQ(piece.size() % 5, 0u) << "every &amp; entity is whole";
    joined += piece;
  }
  EXPECT_EQ(joined.size(), 4000u * 5);
}

TEST(BlockKit, LongCodeIsFencedInEveryPieceAndSplitBetweenLines) {
  std::string code;
  std::vector<std::string> lines;
  for (int i = 0; i < 400; ++i) {
    lines.push_back("select col_" + std::to_string(i) + " from t where x < 5 and y > 2");
    code += lines.back() + "\n";
  }
  auto texts = section_texts(render_block_kit(one_block(Code{code, "sql"})));
  ASSERT_GE(texts.size(), 2u);
  std::vector<std::string> seen;
  for (const auto& piece : texts) {
    EXPECT_LE(piece.size(), 3000u);
    ASSERT_TRUE(piece.starts_with("```\n")) << piece.substr(0, 20);
    ASSERT_TRUE(piece.ends_with("\n```"));
    std::string inner = piece.substr(4, piece.size() - 8);
    std::size_t start = 0;
    while (start < inner.size()) {
      std::size_t end = inner.find('\n', start);
      end = end == std::string::npos ? inner.size() : end;
      seen.push_back(inner.substr(start, end - start));
      start = end + 1;
    }
  }
  ASSERT_EQ(seen.size(), lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string escaped = lines[i];
    escaped.replace(escaped.find('<'), 1, "&lt;");
    escaped.replace(escaped.find('>'), 1, "&gt;");
    EXPECT_EQ(seen[i], escaped);
  }
}

TEST(BlockKit, SixtySmallBlocksMakeTwoMessagesOfAtMostFifty) {
  Answer answer;
  answer.summary = "Sixty & more";
  for (int i = 0; i < 60; ++i) {
    answer.blocks.emplace_back(Paragraph{"block " + std::to_string(i)});
  }
  auto messages = render_block_kit(answer);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["blocks"].size(), 50u);
  EXPECT_EQ(messages[1]["blocks"].size(), 10u);
  EXPECT_EQ(messages[0]["text"], "Sixty &amp; more");
  EXPECT_EQ(messages[1]["text"], "(continued) Sixty &amp; more");
  EXPECT_EQ(messages[1]["blocks"][0]["text"]["text"], "block 50") << "order is kept across messages";
}

TEST(BlockKit, StartsANewMessageBeforeTheTextBudgetIsPassed) {
  Answer answer;
  answer.summary = "big";
  for (int i = 0; i < 6; ++i) {
    answer.blocks.emplace_back(Paragraph{std::string(2900, static_cast<char>('a' + i))});
  }
  BlockKitLimits limits;
  auto messages = render_block_kit(answer, limits);
  ASSERT_GE(messages.size(), 2u);
  std::size_t blocks = 0;
  for (const auto& message : messages) {
    std::size_t total = 0;
    for (const auto& block : message["blocks"]) {
      total += block["text"]["text"].get<std::string>().size();
      ++blocks;
    }
    EXPECT_LE(total, limits.message_text);
  }
  EXPECT_EQ(blocks, 6u);
}

TEST(BlockKit, MapsHeaderDividerContextAndListBlocks) {
  Answer answer;
  answer.summary = "s";
  answer.blocks.emplace_back(Header{std::string(200, 'h')});
  answer.blocks.emplace_back(Divider{});
  answer.blocks.emplace_back(Context{"see `x` & **y**"});
  answer.blocks.emplace_back(ListBlock{{"one", "_two_"}});
  auto blocks = all_blocks(render_block_kit(answer));
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0]["type"], "header");
  EXPECT_EQ(blocks[0]["text"]["type"], "plain_text");
  auto header = blocks[0]["text"]["text"].get<std::string>();
  EXPECT_LE(header.size(), 150u);
  EXPECT_TRUE(header.ends_with("…"));
  EXPECT_EQ(blocks[1]["type"], "divider");
  EXPECT_EQ(blocks[2]["type"], "context");
  EXPECT_EQ(blocks[2]["elements"][0]["type"], "mrkdwn");
  EXPECT_EQ(blocks[2]["elements"][0]["text"], "see `x` &amp; *y*");
  EXPECT_EQ(blocks[3]["text"]["text"], "• one\n• _two_");
}

TEST(BlockKit, FieldsAreChunkedByTenAndEachFieldStaysWithinItsLimit) {
  Fields fields;
  for (int i = 0; i < 12; ++i) {
    fields.items.emplace_back("Label " + std::to_string(i), i == 3 ? std::string(5000, 'v') : "value & more");
  }
  auto blocks = all_blocks(render_block_kit(one_block(fields)));
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0]["fields"].size(), 10u);
  EXPECT_EQ(blocks[1]["fields"].size(), 2u);
  EXPECT_EQ(blocks[0]["fields"][0]["text"], "*Label 0*\nvalue &amp; more");
  auto long_field = blocks[0]["fields"][3]["text"].get<std::string>();
  EXPECT_LE(long_field.size(), 2000u);
  EXPECT_TRUE(long_field.starts_with("*Label 3*\nvvv"));
  EXPECT_TRUE(long_field.ends_with("…"));
}

TEST(BlockKit, ActionIdsAreUniqueWithinAMessageAndStripBackToTheAction) {
  Actions actions;
  for (int i = 0; i < 3; ++i) {
    actions.buttons.push_back(
        {"Describe " + std::to_string(i), "steward.describe", "model.p.m" + std::to_string(i)});
  }
  actions.buttons.push_back({"Upstream", "steward.upstream", "model.p.m0", ButtonStyle::primary});
  auto blocks = all_blocks(render_block_kit(one_block(actions)));
  ASSERT_EQ(blocks.size(), 1u);
  const auto& elements = blocks[0]["elements"];
  ASSERT_EQ(elements.size(), 4u);
  std::vector<std::string> ids;
  for (const auto& element : elements) {
    ids.push_back(element["action_id"].get<std::string>());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"steward.describe", "steward.describe#2", "steward.describe#3",
                                           "steward.upstream"}));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(action_of(ids[i]), i < 3 ? "steward.describe" : "steward.upstream");
  }
  EXPECT_EQ(elements[2]["value"], "model.p.m2");
  EXPECT_FALSE(elements[0].contains("style")) << "plain buttons carry no style";
  EXPECT_EQ(elements[3]["style"], "primary");
  EXPECT_EQ(action_of("steward.x#y"), "steward.x#y") << "only a numeric suffix is stripped";
}

TEST(BlockKit, ManyButtonsSplitIntoActionsBlocksWithinTheButtonLimits) {
  Actions actions;
  for (int i = 0; i < 30; ++i) {
    actions.buttons.push_back({std::string(100, 'L'), "steward.more", std::string(2500, 'v')});
  }
  auto blocks = all_blocks(render_block_kit(one_block(actions)));
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0]["elements"].size(), 25u);
  EXPECT_EQ(blocks[1]["elements"].size(), 5u);
  std::set<std::string> ids;
  for (const auto& block : blocks) {
    for (const auto& element : block["elements"]) {
      EXPECT_LE(element["text"]["text"].get<std::string>().size(), 75u);
      EXPECT_LE(element["value"].get<std::string>().size(), 2000u);
      EXPECT_TRUE(ids.insert(element["action_id"].get<std::string>()).second);
    }
  }
}

TEST(BlockKit, AnEmptyAnswerIsOneMessageHoldingTheSummary) {
  Answer answer;
  answer.summary = "Nothing to say <yet>";
  auto messages = render_block_kit(answer);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["text"], "Nothing to say &lt;yet&gt;");
  ASSERT_EQ(messages[0]["blocks"].size(), 1u);
  EXPECT_EQ(messages[0]["blocks"][0]["text"]["text"], "Nothing to say &lt;yet&gt;");

  auto bare = render_block_kit(Answer{});
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare[0]["text"], "(no answer)");
  EXPECT_EQ(bare[0]["blocks"].size(), 1u);

  // Blocks that show nothing count as no blocks.
  auto blank = render_block_kit(one_block(Paragraph{"  \n\n "}, ""));
  EXPECT_EQ(blank[0]["text"], "(no answer)");
}

TEST(BlockKit, FallbackTextIsCutToItsLimitWithoutBreakingCharactersOrEntities) {
  std::string summary;
  while (summary.size() < 5000) {
    summary += "é&";
  }
  BlockKitLimits limits;
  auto messages = render_block_kit(one_block(Paragraph{"x"}, summary), limits);
  auto text = messages[0]["text"].get<std::string>();
  EXPECT_LE(text.size(), limits.fallback_text);
  EXPECT_TRUE(valid_utf8(text));
  EXPECT_TRUE(text.ends_with("&amp;…") || text.ends_with("é…"));
}

} // namespace
} // namespace steward::answer
