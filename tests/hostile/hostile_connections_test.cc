// Hostile use of connections and sessions: slow clients (slowloris, a header byte a second),
// many silent connections holding every slot, many half-finished sessions (/auth without
// /attest) from many addresses, and request rates beyond the /auth and admin limits. Each is cut
// off or refused the documented way (close, 503, 429 with Retry-After), counted in /metrics, and
// well-formed clients are served meanwhile or right after.

#include <thread>

#include "hostile_fixture.h"
#include "veil/base/base64.h"

namespace veil::hostile {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;

class HostileConnections : public HostileTrustee {
 protected:
  // The trustee counts a read timeout after the timer has already closed the socket: poll.
  double CounterAtLeast(const std::string& series, double expected) {
    double value = 0;
    const auto deadline = SteadyClock::now() + seconds(5);
    while ((value = Counter(series)) < expected && SteadyClock::now() < deadline) {
      RawConnection pause(trustee_->port());
      (void)pause.Send(kGetHealthz);
      (void)pause.ReadResponse(milliseconds(50));
    }
    return value;
  }
};

// With read_timeout_seconds = 2, a client sending its header a byte a second is closed after
// about two seconds, as is one that sends nothing; others are served all along.
TEST_F(HostileConnections, SlowlorisIsCutOffWhileOthersAreServed) {
  constexpr std::size_t kSlow = 6;  // the first six send a header byte a second
  constexpr std::size_t kAll = 12;  // the other six send nothing
  std::vector<std::unique_ptr<RawConnection>> clients;
  const auto started = SteadyClock::now();
  for (std::size_t i = 0; i < kAll; ++i) {
    clients.push_back(std::make_unique<RawConnection>(trustee_->port()));
    if (i < kSlow) {
      ASSERT_TRUE(clients.back()->Send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: "));
    }
  }
  std::vector<SteadyClock::duration> closed_after(kAll, SteadyClock::duration::zero());
  std::size_t open = kAll;
  int served = 0;
  for (int tick = 0; open > 0 && SteadyClock::now() - started < seconds(6); ++tick) {
    for (std::size_t i = 0; i < kAll; ++i) {
      if (closed_after[i] != SteadyClock::duration::zero()) continue;
      if (i < kSlow && tick % 4 == 0) (void)clients[i]->Send("x");  // one byte a second
      if (clients[i]->WaitForClose(milliseconds(1))) {
        closed_after[i] = SteadyClock::now() - started;
        --open;
      }
    }
    const std::string health = Exchange(kGetHealthz);  // served meanwhile
    EXPECT_EQ(StatusOf(health), 200u) << "at tick " << tick;
    served += StatusOf(health) == 200 ? 1 : 0;
    std::this_thread::sleep_for(milliseconds(250));  // the client's pace, not a wait for the server
  }
  EXPECT_EQ(open, 0u);
  for (std::size_t i = 0; i < kAll; ++i) {
    EXPECT_GE(closed_after[i], milliseconds(1500)) << i;
    EXPECT_LT(closed_after[i], milliseconds(4500)) << i;
  }
  EXPECT_GE(served, 6);
  EXPECT_GE(CounterAtLeast(LimitSeries("read_timeout"), kAll), kAll);
}

// Silent connections holding every slot: newcomers are closed at once (counted), and the slots
// come back by themselves when the read timeout closes the silent ones.
TEST_F(HostileConnections, SilentConnectionsHoldingEverySlotTimeOut) {
  HostileLimits limits;
  limits.max_connections = 12;
  StartTrustee(limits);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 12; ++i) held.push_back(std::make_unique<RawConnection>(trustee_->port()));
  // Accepting is asynchronous: once a newcomer is refused, all slots are taken.
  bool probe_refused = false;
  for (int attempt = 0; attempt < 100 && !probe_refused; ++attempt) {
    RawConnection extra(trustee_->port());
    (void)extra.Send(kGetHealthz);
    probe_refused = extra.ReadResponse(seconds(1)).empty();
  }
  EXPECT_TRUE(probe_refused);
  // Held connections are never closed by the client; the trustee serves again within the read
  // timeout (2 s) plus a margin.
  const auto started = SteadyClock::now();
  std::string health;
  int refused_polls = 0;
  while (StatusOf(health) != 200 && SteadyClock::now() - started < seconds(5)) {
    RawConnection poll(trustee_->port());
    (void)poll.Send(kGetHealthz);
    health = Keep(poll.ReadResponse(seconds(1)));
    if (StatusOf(health) == 200) break;
    ++refused_polls;
    std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_EQ(StatusOf(health), 200u);
  EXPECT_LT(SteadyClock::now() - started, milliseconds(4000));
  for (auto& connection : held) EXPECT_TRUE(connection->WaitForClose(seconds(3)));
  // Every held connection the trustee accepted timed out. Refused at once were the probe, the
  // polls above, and any held connection that arrived while a slot of the fixture's own admin
  // calls was still being released.
  const double refused = Counter(LimitSeries("connections"));
  const double held_refused = refused - 1 - refused_polls;
  EXPECT_GE(held_refused, 0);
  EXPECT_LE(held_refused, 2);
  const double timed_out = 12 - held_refused;
  EXPECT_EQ(CounterAtLeast(LimitSeries("read_timeout"), timed_out), timed_out);
}

// The memory a trustee can be made to hold is bounded by its limits: at most max_connections
// requests of at most max_body_bytes each are buffered at once. Here 24 clients each send all but
// the last byte of a 1 MiB body and stall; the trustee holds them, stays under the bound, serves
// others, and drops them at the read timeout.
TEST_F(HostileConnections, StalledAlmostCompleteBodiesStayWithinTheMemoryBound) {
  constexpr std::size_t kBody = 1u << 20;
  std::vector<std::unique_ptr<RawConnection>> stalled;
  const std::string head =
      "POST /kbs/v0/attest HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(kBody) +
      "\r\n\r\n";
  const std::string almost(kBody - 1, 'b');
  for (int i = 0; i < 24; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(trustee_->port()));
    ASSERT_TRUE(stalled.back()->Send(head));
    ASSERT_TRUE(stalled.back()->Send(almost));
  }
  EXPECT_EQ(StatusOf(Exchange(kGetHealthz)), 200u);
  ExpectResidentUnderBound("holding 24 stalled 1 MiB bodies");
  for (auto& connection : stalled) EXPECT_TRUE(connection->WaitForClose(std::chrono::seconds(4)));
  EXPECT_GE(CounterAtLeast(LimitSeries("read_timeout"), 24), 24);
}

// Many clients leave their handshakes half-finished. The table fills, per-address quotas and the
// capacity refuse the rest (429, 503, each with Retry-After), no session is evicted — so a guest
// that started before the flood still finishes — and the memory stays bounded.
TEST_F(HostileConnections, HalfFinishedSessionsFromManyAddressesEvictNoGuest) {
  HostileLimits limits;
  limits.max_sessions = 2000;
  limits.max_unattested_sessions_per_client = 50;
  StartTrustee(limits);
  testing::KbsGuest guest = NewGuest();
  const std::string nonce = guest.Auth("sample").value();  // mid-handshake through the flood

  const std::string auth = Post("/kbs/v0/auth", kAuthBody);
  int created = 1;
  int quota = 0;
  int full = 0;
  for (int host = 2; host < 45; ++host) {
    const std::string source = "127.0.0." + std::to_string(host);
    for (int i = 0; i < 51; ++i) {
      const std::string response = ExchangeFrom(source.c_str(), auth);
      const unsigned status = StatusOf(response);
      created += status == 200 ? 1 : 0;
      if (status == 429) {
        ++quota;
        EXPECT_EQ(ProblemOf(response).value("type", ""),
                  "https://github.com/confidential-containers/kbs/errors/SessionQuota");
      }
      if (status == 503) {
        ++full;
        EXPECT_EQ(ProblemOf(response).value("type", ""),
                  "https://github.com/confidential-containers/kbs/errors/SessionsFull");
      }
      if (status == 429 || status == 503) {
        EXPECT_FALSE(HeaderOf(response, "Retry-After").empty());
      }
      ASSERT_TRUE(status == 200 || status == 429 || status == 503) << response;
    }
  }
  EXPECT_EQ(created, 2000);
  EXPECT_GE(quota, 1);
  EXPECT_GE(full, 1);
  EXPECT_EQ(Counter(LimitSeries("session_quota")), quota);
  EXPECT_EQ(Counter(LimitSeries("sessions_full")), full);
  ExpectResidentUnderBound("with 2000 half-finished sessions");

  const nlohmann::json evidence = {{"svn", "1"},
                                   {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
  const testing::KbsAnswer attested = Keep(guest.Attest(guest.AttestBody(nonce, evidence)));
  EXPECT_EQ(attested.status, 200u) << attested.raw;
  const testing::KbsAnswer released = Keep(guest.GetResource(std::string(kSecretPath)));
  ASSERT_EQ(released.status, 200u) << released.raw;
  EXPECT_EQ(guest.Decrypt(released.body).value(), secret_);
  // The table stays full for the session lifetime: a fresh trustee for TearDown's checks.
  StartTrustee(HostileLimits{});
}

// Per-address token buckets in front of /auth and the admin API: 429 RateLimited with
// Retry-After beyond the burst, counted, while another address is still served.
TEST_F(HostileConnections, AuthAndAdminRequestRatesAreLimitedPerAddress) {
  HostileLimits limits;
  limits.auth_rate_per_second = 1;
  limits.auth_rate_burst = 5;
  limits.admin_rate_per_second = 1;
  limits.admin_rate_burst = 3;
  StartTrustee(limits);  // the fixture's own admin calls came from 127.0.0.1
  const std::string auth = Post("/kbs/v0/auth", kAuthBody);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(StatusOf(ExchangeFrom("127.0.0.2", auth)), 200u) << i;
  const std::string limited = ExchangeFrom("127.0.0.2", auth);
  EXPECT_EQ(StatusOf(limited), 429u) << limited;
  EXPECT_EQ(ProblemOf(limited).value("type", ""),
            "https://github.com/confidential-containers/kbs/errors/RateLimited");
  EXPECT_NE(
      ProblemOf(limited).value("detail", "").find("expected at most 1 /auth requests per second"),
      std::string::npos)
      << limited;
  const std::string retry_after = HeaderOf(limited, "Retry-After");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GE(std::stoi(retry_after), 1);
  EXPECT_LE(std::stoi(retry_after), 2);
  EXPECT_EQ(StatusOf(ExchangeFrom("127.0.0.3", auth)), 200u);  // another address: its own bucket

  // Admin: the limit applies before authentication, so unauthenticated floods cost no
  // signature checks; a valid token from another address is still served.
  const std::string unauthenticated = Get("/kbs/v0/resources");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(StatusOf(ExchangeFrom("127.0.0.4", unauthenticated)), 401u) << i;
  const std::string admin_limited = ExchangeFrom("127.0.0.4", unauthenticated);
  EXPECT_EQ(StatusOf(admin_limited), 429u) << admin_limited;
  EXPECT_FALSE(HeaderOf(admin_limited, "Retry-After").empty());
  const std::string with_token =
      Get("/kbs/v0/resources", "Authorization: Bearer " + AdminToken() + "\r\n");
  EXPECT_EQ(StatusOf(ExchangeFrom("127.0.0.4", with_token)), 429u);
  EXPECT_EQ(
      StatusOf(ExchangeFrom(
          "127.0.0.5", Get("/kbs/v0/resources", "Authorization: Bearer " + AdminToken() + "\r\n"))),
      200u);
  EXPECT_EQ(Counter(LimitSeries("auth_rate")), 1);
  EXPECT_EQ(Counter(LimitSeries("admin_rate")), 2);
  // Guests and operators on other routes are not limited: /healthz from the limited address.
  EXPECT_EQ(StatusOf(ExchangeFrom("127.0.0.2", kGetHealthz)), 200u);
  StartTrustee(HostileLimits{});  // TearDown's guest and admin calls come from 127.0.0.1
}

}  // namespace
}  // namespace veil::hostile
