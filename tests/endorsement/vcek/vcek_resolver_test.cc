// The VCEK lookup against a local HTTP server that answers in AMD KDS's shapes (the real VCEKs of
// the fixtures, DER, at /vcek/v1/{product}/{hwid}?...SPL=...), and the offline store it fills.

#include "veil/endorsement/vcek/vcek_resolver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "veil/appraisal/snp/verify_report.h"
#include "veil/base/rfc3339.h"
#include "veil/http/server/server.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil::endorsement::vcek {
namespace {

const FixedClock kToday(ParseRfc3339("2026-11-23T00:00:00Z").value());

class LocalKds {
 public:
  LocalKds() {
    http::ServerOptions options;
    options.port = 0;
    server_ = http::Server::Start(options, [this](const http::Request& request) {
                return Answer(request);
              }).value();
  }

  void Serve(std::string path_and_query, Bytes der) {
    const std::lock_guard lock(mutex_);
    served_.emplace_back(std::move(path_and_query), std::move(der));
  }
  void RefuseWith(unsigned status) { refusal_ = status; }
  int requests() const { return requests_; }
  KdsOptions Options() const {
    return KdsOptions{.base_url = "http://127.0.0.1:" + std::to_string(server_->port())};
  }

 private:
  http::Response Answer(const http::Request& request) {
    ++requests_;
    if (refusal_ != 0) return http::Response::Text(refusal_, "Too Many Requests");
    const std::lock_guard lock(mutex_);
    const std::string target = request.path + (request.query.empty() ? "" : "?" + request.query);
    for (const auto& [path, der] : served_) {
      if (path == target) {
        http::Response response;
        response.body = std::string(der.begin(), der.end());
        response.headers.Set("Content-Type", "application/pkix-cert");
        return response;
      }
    }
    return http::Response::Text(404, "Not Found");
  }

  std::unique_ptr<http::Server> server_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, Bytes>> served_;
  std::atomic<unsigned> refusal_{0};
  std::atomic<int> requests_{0};
};

Bytes VirteeReport() { return testing::ReadFixture("snp/milan-virtee-report.bin"); }
Bytes VirteeVcek() { return testing::ReadFixture("snp/milan-virtee-vcek.der"); }

std::string VirteeKdsPath() {
  const auto report = evidence::snp::ParseReport(VirteeReport()).value();
  return KdsVcekPath(VcekCandidates(report).value().front());
}

TEST(VcekResolver, FetchesFromKdsVerifiesAndKeepsItInTheStore) {
  LocalKds kds;
  kds.Serve(VirteeKdsPath(), VirteeVcek());
  const testing::ScratchDir dir("vcek-store");
  const VcekSources sources{VcekStore(dir.path()), kds.Options()};
  const auto report = evidence::snp::ParseReport(VirteeReport()).value();

  const crypto::Certificate vcek = ResolveVcek(report, sources).value();
  EXPECT_EQ(vcek.Der(), VirteeVcek());
  auto claims =
      appraisal::snp::VerifyReport({VirteeReport(), vcek, std::nullopt, std::nullopt, kToday});
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(kds.requests(), 1);

  // The second lookup is served by the store: KDS is not asked again.
  EXPECT_EQ(ResolveVcek(report, sources).value().Der(), VirteeVcek());
  EXPECT_EQ(kds.requests(), 1);
  const auto id = VcekCandidates(report).value().front();
  EXPECT_TRUE(std::filesystem::is_regular_file(dir.path() / StoreRelativePath(id)));
}

TEST(VcekResolver, AnOfflineStoreFilledByHandNeedsNoNetwork) {
  const testing::ScratchDir dir("vcek-offline");
  const VcekStore store(dir.path());
  const auto report = evidence::snp::ParseReport(VirteeReport()).value();
  ASSERT_TRUE(store.Put(VcekCandidates(report).value().front(), VirteeVcek()));
  EXPECT_EQ(ResolveVcek(report, {store, std::nullopt}).value().Der(), VirteeVcek());
}

TEST(VcekResolver, FailuresNameEveryPlaceLookedIn) {
  LocalKds kds;
  const testing::ScratchDir dir("vcek-missing");
  const auto report = evidence::snp::ParseReport(VirteeReport()).value();
  auto missing = ResolveVcek(report, {VcekStore(dir.path()), kds.Options()});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  const std::string message = missing.error().message;
  EXPECT_NE(message.find("no VCEK for Milan chip d49554ec717f4e5b… at bl 3, tee 0, snp 8"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("not in " + dir.path().string() + "/Milan/"), std::string::npos)
      << message;
  EXPECT_NE(message.find(kds.Options().base_url + "/vcek/v1/Genoa/"), std::string::npos) << message;
  EXPECT_NE(message.find("answered 404"), std::string::npos) << message;

  kds.RefuseWith(429);
  auto throttled = ResolveVcek(report, {std::nullopt, kds.Options()});
  ASSERT_FALSE(throttled);
  EXPECT_NE(throttled.error().message.find("answered 429: Too Many Requests"), std::string::npos)
      << throttled.error().message;

  auto nothing = ResolveVcek(report, {});
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message.find("no VCEK store or KDS is configured"), std::string::npos);
}

TEST(VcekResolver, AnUnreachableKdsTimesOutWithItsUrl) {
  KdsOptions unreachable{.base_url = "http://127.0.0.1:1", .timeout = std::chrono::seconds(2)};
  const auto report = evidence::snp::ParseReport(VirteeReport()).value();
  auto refused = ResolveVcek(report, {std::nullopt, unreachable});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("GET http://127.0.0.1:1/vcek/v1/Milan/"),
            std::string::npos)
      << refused.error().message;
}

TEST(VcekResolver, AStoredFileThatIsNoCertificateIsReported) {
  const testing::ScratchDir dir("vcek-garbage");
  const VcekStore store(dir.path());
  const auto report = evidence::snp::ParseReport(VirteeReport()).value();
  ASSERT_TRUE(store.Put(VcekCandidates(report).value().front(), AsBytes("not a certificate")));
  auto refused = ResolveVcek(report, {store, std::nullopt});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("is no certificate"), std::string::npos);
}

}  // namespace
}  // namespace veil::endorsement::vcek
