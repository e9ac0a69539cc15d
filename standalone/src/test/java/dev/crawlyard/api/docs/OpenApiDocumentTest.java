package dev.crawlyard.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document the api serves: it validates, it lists every endpoint Spring MVC maps under
 * {@code /api} (so a new controller method cannot be left out), each with the bearer scheme and the
 * error body, and each request body; the document needs a token, and its page is served from the WebJar.
 */
class OpenApiDocumentTest extends ApiTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private String document() throws Exception {
        var reply = api.getText("/api/openapi");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Files.writeString(Path.of("target", "openapi.json"), reply.body());
        return reply.body();
    }

    private OpenAPI parsed(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages()).as("what the validator found wrong").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    @Test
    void theDocumentValidates() throws Exception {
        OpenAPI openApi = parsed(document());

        assertThat(openApi.getOpenapi()).startsWith("3.");
        assertThat(openApi.getComponents().getSecuritySchemes()).containsKey("bearer");
        assertThat(openApi.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
        assertThat(openApi.getSecurity()).anyMatch(requirement -> requirement.containsKey("bearer"));
    }

    @Test
    void everyMappedEndpointIsInTheDocumentWithItsBodyAndErrors() throws Exception {
        OpenAPI openApi = parsed(document());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().getPackageName().startsWith("dev.crawlyard")) {
                continue;
            }
            boolean takesBody = List.of(mapping.getValue().getMethodParameters()).stream()
                    .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
            for (String pattern : mapping.getKey().getPatternValues()) {
                String path = pattern.replace("{*", "{");
                for (RequestMethod method : mapping.getKey().getMethodsCondition().getMethods()) {
                    checked++;
                    PathItem item = openApi.getPaths().get(path);
                    Operation operation = item == null ? null
                            : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.name()));
                    String endpoint = method + " " + path;
                    if (operation == null) {
                        problems.add(endpoint + " is missing");
                        continue;
                    }
                    if (takesBody && operation.getRequestBody() == null) {
                        problems.add(endpoint + " has no request body");
                    }
                    for (String status : List.of("401", "500")) {
                        var response = operation.getResponses().get(status);
                        if (response == null || response.getContent() == null
                                || !response.getContent().get("application/json").getSchema().get$ref().endsWith("/ApiError")) {
                            problems.add(endpoint + " has no " + status + " with the ApiError body");
                        }
                    }
                    if (operation.getResponses().keySet().stream().noneMatch(status -> status.startsWith("2"))) {
                        problems.add(endpoint + " has no success response");
                    }
                }
            }
        }
        assertThat(checked).as("endpoints found in the handler mapping").isGreaterThan(30);
        assertThat(problems).isEmpty();
        assertThat(openApi.getComponents().getSchemas().get("ApiError").getProperties())
                .containsKeys("status", "error", "message", "path", "fieldErrors", "timestamp");
        // Bodies read from the raw request are described too, and no Java type leaks in as a schema.
        assertThat(openApi.getPaths().get("/api/spiders/{ref}/versions").getPost().getRequestBody().getContent())
                .containsKeys("multipart/form-data", "application/zip");
        assertThat(openApi.getComponents().getSchemas()).doesNotContainKeys("JsonNode", "StreamingResponseBody");
    }

    @Test
    void theDocumentNeedsAToken() {
        assertThat(api.withToken(null).getText("/api/openapi").status()).isEqualTo(401);
    }

    @Test
    void thePageIsServedFromTheWebJarWithNoOutsideScripts() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/docs"))
                .header("Authorization", "Bearer " + token()).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body().toLowerCase(Locale.ROOT);
        assertThat(html).contains("swagger-ui");
        assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    private String token() {
        return tokens.create("docs-" + System.nanoTime(), TokenRole.VIEWER, null).secret();
    }
}
