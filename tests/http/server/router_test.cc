#include "veil/http/server/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace veil::http {
namespace {

Handler Named(std::string name) {
  return [name](const Request&) { return Response::Text(200, name); };
}

Request Make(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

nlohmann::json JsonBody(const Response& response) {
  return nlohmann::json::parse(response.body, nullptr, false);
}

Router ExampleRouter() {
  Router router;
  router.Add("POST", "/kbs/v0/auth", Named("auth"));
  router.Add("GET", "/kbs/v0/resource/special", Named("exact"));
  router.AddPrefix("GET", "/kbs/v0/resource/", Named("resource"));
  router.AddPrefix("GET", "/kbs/", Named("kbs"));
  router.AddPrefix("DELETE", "/kbs/v0/resource/", Named("delete"));
  return router;
}

TEST(Router, DispatchesExactPathsByMethod) {
  const Router router = ExampleRouter();
  const Response response = router.Dispatch(Make("POST", "/kbs/v0/auth"));
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, "auth");
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/plain; charset=utf-8");
}

TEST(Router, PrefersExactOverPrefixAndLongerPrefixes) {
  const Router router = ExampleRouter();
  EXPECT_EQ(router.Dispatch(Make("GET", "/kbs/v0/resource/special")).body, "exact");
  EXPECT_EQ(router.Dispatch(Make("GET", "/kbs/v0/resource/special/more")).body, "resource");
  EXPECT_EQ(router.Dispatch(Make("GET", "/kbs/v0/resource/repo/type/tag")).body, "resource");
  EXPECT_EQ(router.Dispatch(Make("GET", "/kbs/v0/other")).body, "kbs");
  EXPECT_EQ(router.Dispatch(Make("DELETE", "/kbs/v0/resource/x")).body, "delete");
}

TEST(Router, AnswersUnknownPathsWith404Problem) {
  const Router router = ExampleRouter();
  for (const std::string path : {"/", "/kbs", "/kbsv0/auth", "/other"}) {
    const Response response = router.Dispatch(Make("PUT", path));
    EXPECT_EQ(response.status, 404u) << path;
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/problem+json");
    const nlohmann::json body = JsonBody(response);
    EXPECT_EQ(body["status"], 404);
    EXPECT_EQ(body["title"], "Not Found");
    EXPECT_EQ(body["detail"], "no route for PUT " + path);
  }
}

TEST(Router, AnswersKnownPathsWithOtherMethodsWith405AndAllow) {
  const Router router = ExampleRouter();
  const Response auth = router.Dispatch(Make("GET", "/kbs/v0/auth"));  // GET /kbs/ prefix matches
  EXPECT_EQ(auth.body, "kbs");

  const Response resource = router.Dispatch(Make("POST", "/kbs/v0/resource/a/b/c"));
  EXPECT_EQ(resource.status, 405u);
  EXPECT_EQ(resource.headers.Get("Allow"), "GET, DELETE");
  const nlohmann::json body = JsonBody(resource);
  EXPECT_EQ(body["title"], "Method Not Allowed");
  EXPECT_EQ(body["detail"], "expected one of GET, DELETE for /kbs/v0/resource/a/b/c, got POST");

  Router exact_only;
  exact_only.Add("POST", "/x", Named("x"));
  const Response get_x = exact_only.Dispatch(Make("GET", "/x"));
  EXPECT_EQ(get_x.status, 405u);
  EXPECT_EQ(get_x.headers.Get("Allow"), "POST");
  EXPECT_EQ(exact_only.Dispatch(Make("post", "/x")).status, 405u);  // methods are case-sensitive
}

TEST(Router, UnroutedRequestsTakeTheConfiguredShapeAndKeepTheAllowHeader) {
  Router router = ExampleRouter();
  std::vector<Router::Unrouted> seen;
  router.SetUnrouted([&seen](const Router::Unrouted& unrouted) {
    seen.push_back(unrouted);
    return Response::Text(unrouted.status, "shaped: " + unrouted.detail);
  });
  const Response missing = router.Dispatch(Make("GET", "/nowhere"));
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.body, "shaped: no route for GET /nowhere");
  EXPECT_FALSE(missing.headers.Get("Allow"));
  const Response wrong_method = router.Dispatch(Make("POST", "/kbs/v0/resource/a/b/c"));
  EXPECT_EQ(wrong_method.status, 405u);
  EXPECT_EQ(wrong_method.headers.Get("Allow"), "GET, DELETE");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].allow, "GET, DELETE");
  EXPECT_EQ(seen[1].detail, "expected one of GET, DELETE for /kbs/v0/resource/a/b/c, got POST");
  // Routed requests never reach it.
  EXPECT_EQ(router.Dispatch(Make("GET", "/kbs/v0/auth")).body, "kbs");
  EXPECT_EQ(seen.size(), 2u);
}

TEST(Router, MovesIntoAHandler) {
  Router router;
  router.Add("GET", "/a", Named("a"));
  const Handler handler = std::move(router).IntoHandler();
  EXPECT_EQ(handler(Make("GET", "/a")).body, "a");
  EXPECT_EQ(handler(Make("GET", "/b")).status, 404u);
}

TEST(RouterDeathTest, AbortsOnDuplicateOrInvalidRoutes) {
  EXPECT_DEATH(
      {
        Router router;
        router.Add("GET", "/a", Named("a"));
        router.Add("GET", "/a", Named("again"));
      },
      "VEIL_CHECK failed");
  EXPECT_DEATH(Router().Add("GET", "relative", Named("a")), "VEIL_CHECK failed");
  EXPECT_DEATH(Router().Add("G T", "/a", Named("a")), "VEIL_CHECK failed");
  EXPECT_DEATH(Router().AddPrefix("GET", "/a", nullptr), "VEIL_CHECK failed");
}

TEST(Response, BuildsJsonTextAndProblemDocuments) {
  const Response json = Response::Json(201, {{"nonce", "abc"}, {"extra-params", ""}});
  EXPECT_EQ(json.status, 201u);
  EXPECT_EQ(json.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(json.body, R"({"extra-params":"","nonce":"abc"})");

  const Response invalid_utf8 = Response::Json(200, nlohmann::json("\xff"));
  EXPECT_EQ(invalid_utf8.body, "\"\xef\xbf\xbd\"");  // replaced, not thrown

  const Response text = Response::Text(202, "accepted");
  EXPECT_EQ(text.status, 202u);
  EXPECT_EQ(text.body, "accepted");

  const Response problem = Response::Problem(413, "too big");
  EXPECT_EQ(problem.status, 413u);
  EXPECT_EQ(problem.headers.GetAll("Content-Type"),
            (std::vector<std::string_view>{"application/problem+json"}));
  EXPECT_EQ(JsonBody(problem), (nlohmann::json{{"type", "about:blank"},
                                               {"title", "Payload Too Large"},
                                               {"status", 413},
                                               {"detail", "too big"}}));
}

}  // namespace
}  // namespace veil::http
