#pragma once

// Real Slack payloads for the inbound tests. Sources (reference
// slack-teams.md §1-§4): Slack's signing test vector; bolt-python's
// tests/scenario_tests/{test_events,test_message_bot,test_message_changed,
// test_block_actions,test_view_submission}.py and
// tests/adapter_tests/socket_mode/mock_socket_mode_server.py. Payloads marked
// "adapted" change only the fields named.
//
// The bot in these payloads is `W23456789` (bolt-python's self-event test)
// with bot id `B111` (the view_submission's `bot_id`).

#include <string_view>

namespace steward::slack::payloads {

constexpr std::string_view k_self_bot_id = "B111";
constexpr std::string_view k_self_user_id = "W23456789";

constexpr std::string_view k_url_verification =
    R"({"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"})";

constexpr std::string_view k_app_rate_limited =
    R"({"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","type":"app_rate_limited","team_id":"T123456","minute_rate_limited":1518467820,"api_app_id":"A123456"})";

constexpr std::string_view k_app_mention =
    R"({"token":"verification_token","team_id":"T111","enterprise_id":"E111","api_app_id":"A111","event":{"client_msg_id":"9cbd4c5b-7ddf-4ede-b479-ad21fca66d63","type":"app_mention","text":"<@W111> Hi there!","user":"W222","ts":"1595926230.009600","team":"T111","channel":"C111","event_ts":"1595926230.009600"},"type":"event_callback","event_id":"Ev111","event_time":1595926230,"authed_users":["W111"]})";

constexpr std::string_view k_reaction_added =
    R"({"token":"verification_token","team_id":"T111","enterprise_id":"E111","api_app_id":"A111","event":{"type":"reaction_added","user":"W111","item":{"type":"message","channel":"C111","ts":"1599529504.000400"},"reaction":"heart_eyes","item_user":"W111","event_ts":"1599616881.000800"},"type":"event_callback","event_id":"Ev111","event_time":1599616881,"authed_users":["W111"]})";

constexpr std::string_view k_reaction_added_by_self =
    R"({"token":"verification_token","team_id":"T111","enterprise_id":"E111","api_app_id":"A111","event":{"type":"reaction_added","user":"W23456789","item":{"type":"message","channel":"C111","ts":"1599529504.000400"},"reaction":"heart_eyes","item_user":"W111","event_ts":"1599616881.000800"},"type":"event_callback","event_id":"Ev111","event_time":1599616881,"authed_users":["W111"]})";

/// The events_api envelope's payload: a `message` in a public channel.
constexpr std::string_view k_channel_message =
    R"({"token":"xxx","team_id":"T111","api_app_id":"A111","event":{"client_msg_id":"c9b466b5-845c-49c6-a371-57ae44359bf1","type":"message","text":"<@W111>","user":"U111","ts":"1610197986.000300","team":"T111","blocks":[{"type":"rich_text","block_id":"1HBPc","elements":[{"type":"rich_text_section","elements":[{"type":"user","user_id":"U111"}]}]}],"channel":"C111","event_ts":"1610197986.000300","channel_type":"channel"},"type":"event_callback","event_id":"Ev111","event_time":1610197986,"authorizations":[{"enterprise_id":null,"team_id":"T111","user_id":"U111","is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":"1-message-T111-C111"})";

/// Adapted from test_message_bot's user message: `channel` D111, `channel_type` im.
constexpr std::string_view k_dm_message =
    R"({"token":"verification-token","team_id":"T111","enterprise_id":"E111","api_app_id":"A111","event":{"client_msg_id":"968c94da-c271-4f2a-8ec9-12a9985e5df4","type":"message","text":"Hi there! Thanks for sharing the info!","user":"W111","ts":"1610261659.001400","team":"T111","blocks":[{"type":"rich_text","block_id":"bN8","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"Hi there! Thanks for sharing the info!"}]}]}],"channel":"D111","event_ts":"1610261659.001400","channel_type":"im"},"type":"event_callback","event_id":"Ev111","event_time":1610261659,"authorizations":[{"enterprise_id":"E111","team_id":"T111","user_id":"W111","is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":"1-message-T111-D111"})";

/// Adapted from test_message_bot's bot message: `bot_id` B111 (ours), in a DM,
/// with `thread_ts` (how our own chat.postMessage replies come back).
constexpr std::string_view k_own_dm_message =
    R"({"token":"verification-token","team_id":"T111","api_app_id":"A111","event":{"bot_id":"B111","type":"message","text":"Here is the lineage","user":"W23456789","ts":"1610261539.000900","thread_ts":"1610261659.001400","team":"T111","bot_profile":{"id":"B111","deleted":false,"name":"steward","updated":1607307935,"app_id":"A111","team_id":"T111"},"channel":"D111","event_ts":"1610261539.000900","channel_type":"im"},"type":"event_callback","event_id":"Ev444","event_time":1610261539})";

/// test_message_bot's message from another app (no subtype, `bot_id` B999), adapted to a DM.
constexpr std::string_view k_other_bot_dm_message =
    R"({"token":"verification-token","team_id":"T111","enterprise_id":"E111","api_app_id":"A111","event":{"bot_id":"B999","type":"message","text":"Hi there! Thanks for sharing the info!","user":"UB111","ts":"1610261539.000900","team":"T111","bot_profile":{"id":"B999","deleted":false,"name":"other-app","updated":1607307935,"app_id":"A222","team_id":"T111"},"channel":"D111","event_ts":"1610261539.000900","channel_type":"im"},"type":"event_callback","event_id":"Ev222","event_time":1610261539})";

constexpr std::string_view k_classic_bot_message =
    R"({"token":"verification-token","team_id":"T111","enterprise_id":"E111","api_app_id":"A111","event":{"type":"message","subtype":"bot_message","text":"Hi there! Thanks for sharing the info!","ts":"1610262363.001600","username":"classic-bot","bot_id":"B888","channel":"C111","event_ts":"1610262363.001600","channel_type":"channel"},"type":"event_callback","event_id":"Ev333","event_time":1610262363})";

/// test_message_changed, adapted: `channel_type` im (so only the subtype rule applies).
constexpr std::string_view k_message_changed =
    R"({"token":"verification-token","team_id":"T111","enterprise_id":"E111","api_app_id":"A111","event":{"type":"message","subtype":"message_changed","message":{"type":"message","text":"updated message","user":"U111","team":"T111","edited":{"user":"U111","ts":"1665102362.000000"}},"previous_message":{"type":"message","text":"original message","user":"U222","team":"T111","ts":"1665102338.901939"},"channel":"D111","hidden":true,"ts":"1665102362.013600","event_ts":"1665102362.013600","channel_type":"im"},"type":"event_callback","event_id":"Ev111","event_time":1665102362})";

/// Slack's signing test vector body.
constexpr std::string_view k_slash_command_form =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&"
    "channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&"
    "response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%"
    "2F96rGlfmibIGlgcZRskXaIFfN&"
    "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

constexpr std::string_view k_block_actions =
    R"({"type":"block_actions","user":{"id":"W111","username":"primary-owner","name":"primary-owner","team_id":"T111"},"api_app_id":"A111","token":"verification_token","container":{"type":"message","message_ts":"111.222","channel_id":"C111","is_ephemeral":true},"trigger_id":"111.222.valid","team":{"id":"T111","domain":"workspace-domain","enterprise_id":"E111","enterprise_name":"Sandbox Org"},"channel":{"id":"C111","name":"test-channel"},"response_url":"https://hooks.slack.com/actions/T111/111/random-value","actions":[{"action_id":"a","block_id":"b","text":{"type":"plain_text","text":"Button","emoji":true},"value":"click_me_123","type":"button","action_ts":"1596530385.194939"}]})";

constexpr std::string_view k_view_submission =
    R"({"type":"view_submission","team":{"id":"T111","domain":"workspace-domain","enterprise_id":"E111","enterprise_name":"Sandbox Org"},"user":{"id":"W111","username":"primary-owner","name":"primary-owner","team_id":"T111"},"api_app_id":"A111","token":"verification_token","trigger_id":"111.222.valid","view":{"id":"V111","team_id":"T111","type":"modal","blocks":[{"type":"input","block_id":"hspI","label":{"type":"plain_text","text":"Label"},"optional":false,"element":{"type":"plain_text_input","action_id":"maBWU"}}],"private_metadata":"This is for you!","callback_id":"view-id","state":{"values":{"hspI":{"maBWU":{"type":"plain_text_input","value":"test"}}}},"hash":"1596530361.3wRYuk3R","title":{"type":"plain_text","text":"My App"},"clear_on_close":false,"notify_on_close":false,"close":{"type":"plain_text","text":"Cancel"},"submit":{"type":"plain_text","text":"Submit"},"previous_view_id":null,"root_view_id":"V111","app_id":"A111","external_id":"","app_installed_team_id":"T111","bot_id":"B111"},"response_urls":[]})";

// Socket Mode envelopes (whole frames).
constexpr std::string_view k_envelope_shortcut =
    R"({"envelope_id":"57d6a792-4d35-4d0b-b6aa-3361493e1caf","payload":{"type":"shortcut","token":"xxx","action_ts":"1610198080.300836","team":{"id":"T111","domain":"seratch"},"user":{"id":"U111","username":"seratch","team_id":"T111"},"is_enterprise_install":false,"enterprise":null,"callback_id":"do-something","trigger_id":"111.222.xxx"},"type":"interactive","accepts_response_payload":false})";

constexpr std::string_view k_envelope_slash_command =
    R"({"envelope_id":"1d3c79ab-0ffb-41f3-a080-d19e85f53649","payload":{"token":"xxx","team_id":"T111","team_domain":"xxx","channel_id":"C111","channel_name":"random","user_id":"U111","user_name":"seratch","command":"/hello-socket-mode","text":"","api_app_id":"A111","response_url":"https://hooks.slack.com/commands/T111/111/xxx","trigger_id":"111.222.xxx"},"type":"slash_commands","accepts_response_payload":true})";

constexpr std::string_view k_envelope_event =
    R"({"envelope_id":"08cfc559-d933-402e-a5c1-79e135afaae4","payload":{"token":"xxx","team_id":"T111","api_app_id":"A111","event":{"client_msg_id":"c9b466b5-845c-49c6-a371-57ae44359bf1","type":"message","text":"<@W111>","user":"U111","ts":"1610197986.000300","team":"T111","blocks":[{"type":"rich_text","block_id":"1HBPc","elements":[{"type":"rich_text_section","elements":[{"type":"user","user_id":"U111"}]}]}],"channel":"C111","event_ts":"1610197986.000300","channel_type":"channel"},"type":"event_callback","event_id":"Ev111","event_time":1610197986,"authorizations":[{"enterprise_id":null,"team_id":"T111","user_id":"U111","is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":"1-message-T111-C111"},"type":"events_api","accepts_response_payload":false,"retry_attempt":1,"retry_reason":"timeout"})";

} // namespace steward::slack::payloads
