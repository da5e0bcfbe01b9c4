#include "veil/audit/audit_event.h"

#include <gtest/gtest.h>

namespace veil::audit {
namespace {

using nlohmann::json;

AuditEvent ValidEvent() {
  return {"admin:3f1a", "resource.put", "default/key/one", json{{"size", 32}}};
}

void ExpectRefused(const AuditEvent& event, std::string_view message_part) {
  auto status = ValidateAuditEvent(event);
  ASSERT_FALSE(status) << "accepted: " << event.actor << " " << event.action;
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find(message_part), std::string::npos) << status.error().message;
}

TEST(AuditEvent, AcceptsAWellFormedEventWithObjectOrNullDetails) {
  EXPECT_TRUE(ValidateAuditEvent(ValidEvent()));
  AuditEvent no_details = ValidEvent();
  no_details.details = json();  // null
  EXPECT_TRUE(ValidateAuditEvent(no_details));
  AuditEvent no_subject = ValidEvent();
  no_subject.subject.clear();
  EXPECT_TRUE(ValidateAuditEvent(no_subject));
}

TEST(AuditEvent, RefusesMissingActorOrAction) {
  AuditEvent event = ValidEvent();
  event.actor.clear();
  ExpectRefused(event, "actor must not be empty");
  event = ValidEvent();
  event.action.clear();
  ExpectRefused(event, "action must not be empty");
}

TEST(AuditEvent, RefusesActionOutsideItsAlphabet) {
  for (const char* action : {"Resource.put", "resource put", "resource/put", "resource.put!"}) {
    AuditEvent event = ValidEvent();
    event.action = action;
    ExpectRefused(event, "expected [a-z0-9_.-]+");
  }
}

TEST(AuditEvent, RefusesControlCharactersInAnyField) {
  AuditEvent event = ValidEvent();
  event.subject = "default/key/one\nforged line";
  ExpectRefused(event, "subject must not contain control characters");
  event = ValidEvent();
  event.actor = std::string("admin\x7f", 6);
  ExpectRefused(event, "actor must not contain control characters");
}

TEST(AuditEvent, RefusesOversizeFields) {
  AuditEvent event = ValidEvent();
  event.actor.assign(kMaxAuditFieldSize + 1, 'a');
  ExpectRefused(event, "expected at most 4096 bytes, got 4097");
  event = ValidEvent();
  event.subject.assign(kMaxAuditFieldSize, 's');
  EXPECT_TRUE(ValidateAuditEvent(event));
}

TEST(AuditEvent, RefusesDetailsThatAreNotAnObject) {
  for (const json& details : {json::array({1, 2}), json("text"), json(7), json(true)}) {
    AuditEvent event = ValidEvent();
    event.details = details;
    ExpectRefused(event, "expected a JSON object, got " + std::string(details.type_name()));
    EXPECT_FALSE(SerializeAuditDetails(details));
  }
}

TEST(SerializeAuditDetails, IsCompactWithSortedKeysAndNullAsEmptyObject) {
  EXPECT_EQ(
      SerializeAuditDetails(json{{"size", 32}, {"digest", "ab"}, {"nested", {{"z", 1}, {"a", 2}}}})
          .value(),
      R"({"digest":"ab","nested":{"a":2,"z":1},"size":32})");
  EXPECT_EQ(SerializeAuditDetails(json()).value(), "{}");
  EXPECT_EQ(SerializeAuditDetails(json::object()).value(), "{}");
}

TEST(SerializeAuditDetails, ReplacesInvalidUtf8InsteadOfThrowing) {
  const json details = {{"name", "a\xff!"}};
  EXPECT_EQ(SerializeAuditDetails(details).value(), "{\"name\":\"a\xef\xbf\xbd!\"}");
  EXPECT_EQ(SerializeAuditDetails(json{{"name", "h\xc3\xa9"}}).value(),
            "{\"name\":\"h\xc3\xa9\"}");  // UTF-8 kept
}

TEST(SerializeAuditDetails, RefusesOversizeDetails) {
  const json big = {{"blob", std::string(kMaxAuditDetailsSize, 'x')}};
  auto result = SerializeAuditDetails(big);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("expected at most 65536 bytes serialized"),
            std::string::npos);
}

}  // namespace
}  // namespace veil::audit
