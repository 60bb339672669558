package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The route table: Allow comes from it, and the OpenAPI document lists exactly its API routes. */
class RoutesTest {
    private static final Route.Handler NONE = r -> Reply.error(500, "not called");

    @Test
    void allowIsMadeOfTheRoutesOfTheMatchedPattern() {
        Router router = new Router(List.of(
                Route.get("/x", NONE),
                Route.get("/y/**", NONE),
                new Route(Set.of("DELETE"), "/y/**", Optional.empty(), NONE),
                Route.get("/**", NONE)));
        assertThat(router.match("POST", "/y/1"))
                .isEqualTo(new Router.Match.WrongMethod(Set.of("DELETE", "GET"), Optional.empty()));
        assertThat(Router.allowHeader(Set.of("GET", "DELETE"))).isEqualTo("DELETE, GET");
        assertThat(router.match("DELETE", "/y/1")).isInstanceOf(Router.Match.Found.class);
        assertThat(router.match("HEAD", "/x")).as("GET answers HEAD").isInstanceOf(Router.Match.Found.class);
        assertThat(router.match("POST", "/x"))
                .as("the fallback /** does not join another pattern's Allow")
                .isEqualTo(new Router.Match.WrongMethod(Set.of("GET"), Optional.empty()));
        assertThat(((Router.Match.Found) router.match("GET", "/y/a/b")).rest()).isEqualTo("a/b");
        assertThat(((Router.Match.Found) router.match("GET", "/y")).route().pattern())
                .as("/y/** is only under /y/")
                .isEqualTo("/**");
    }

    @Test
    void theOpenApiDocumentListsEveryApiRouteAndNoOther() throws Exception {
        AlertServer.Config config =
                AlertServer.Config.defaults().withProbePolicy(new ProbePolicy(List.of("*.example.com")));
        Set<String> routed = new TreeSet<>();
        for (Route r : AlertServer.routes(config)) {
            boolean api = r.pattern().startsWith("/api/") || r.pattern().equals("/healthz");
            if (api && !r.methods().isEmpty()) {
                for (String m : r.methods()) {
                    routed.add(m.toLowerCase() + " " + r.pattern().replace("/**", "/{codeOrName}"));
                }
            }
        }
        Map<String, Object> doc;
        try (InputStream in = RoutesTest.class.getResourceAsStream(WebFiles.DIR + "openapi.json")) {
            doc = JSON.std.mapFrom(in);
        }
        Set<String> documented = new TreeSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        paths.forEach((path, ops) -> ops.keySet().forEach(m -> documented.add(m + " " + path)));
        assertThat(documented).isEqualTo(routed);
    }
}
