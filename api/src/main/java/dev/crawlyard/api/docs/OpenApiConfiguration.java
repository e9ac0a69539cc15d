package dev.crawlyard.api.docs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document of the REST API ({@code /api/openapi}, browsable at {@code /api/docs}): every
 * endpoint springdoc finds, the bearer scheme every one of them takes, and the error body they answer
 * with ({@link ErrorResponses}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";

    static {
        // What these types are on the wire, rather than their Java fields.
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, new ObjectSchema().description("a JSON object"))
                .replaceWithSchema(StreamingResponseBody.class, new StringSchema()
                        .description("the items, as JSON, NDJSON or CSV by the format parameter"));
    }

    @Bean
    OpenAPI crawlyardOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Crawlyard API").version("v1")
                        .description("Spiders, their versions and runs, tasks with their logs and items, schedules and"
                                + " nodes. Every endpoint needs `Authorization: Bearer <token>`; the monitoring calls"
                                + " also take the running task's own token. Errors share one body, `ApiError`."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token (`cy_...`), made by an admin or printed once at the first start")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer errorResponses() {
        return new ErrorResponses();
    }

    @Bean
    OpenApiCustomizer uploadBodies() {
        return new UploadBodies();
    }
}
