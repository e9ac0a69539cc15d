package dev.crawlyard.api.docs;

import dev.crawlyard.api.errors.ApiError;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Adds the error responses to every operation, each with the {@link ApiError} body: 401 and 500 on
 * all, 400 where the caller sends parameters or a body, 404 where the path names something, and the
 * statuses particular to an endpoint from {@link #PARTICULAR}; and it puts the success status of
 * those that answer 201, 202 or 204 in place of the 200 springdoc assumes. The one exception handler decides the
 * status at run time, so springdoc cannot read these from it.
 */
final class ErrorResponses implements OpenApiCustomizer {

    private static final String SCHEMA = "ApiError";

    /** Statuses beyond the common ones, by "METHOD path" as the document spells the path. */
    private static final Map<String, Map<String, String>> PARTICULAR = Map.ofEntries(
            Map.entry("POST /api/spiders", Map.of("409", "a spider with that name exists")),
            Map.entry("POST /api/spiders/{ref}/versions", Map.of("413", "over an upload limit (crawlyard.files.*)")),
            Map.entry("POST /api/spiders/{ref}/run", Map.of(
                    "409", "mode all with no node online", "503", "Temporal is unreachable; no task was made")),
            Map.entry("POST /api/tasks/{id}/cancel", Map.of("409", "the task has ended")),
            Map.entry("POST /api/schedules/{id}/trigger", Map.of("409", "the schedule is paused or disabled")),
            Map.entry("POST /api/schedules/{id}/backfill", Map.of("409", "the cron-workflow backend has no backfill")),
            Map.entry("POST /api/v1/monitoring/heartbeat", Map.of(
                    "403", "another task's token", "409", "the task has ended")),
            Map.entry("POST /api/v1/monitoring/completion", Map.of(
                    "403", "another task's token", "409", "the task has ended")),
            Map.entry("POST /api/webhooks/{id}/deliveries/{delivery}/redeliver", Map.of(
                    "409", "the subscription is disabled")));

    /**
     * The success status of the endpoints that answer other than 200: their handlers build a
     * ResponseEntity, whose status springdoc cannot see.
     */
    private static final Map<String, String> SUCCESS = Map.ofEntries(
            Map.entry("POST /api/spiders", "201"),
            Map.entry("POST /api/spiders/{ref}/versions", "201"),
            Map.entry("POST /api/schedules", "201"),
            Map.entry("POST /api/spiders/{ref}/run", "202"),
            Map.entry("POST /api/tasks/{id}/cancel", "202"),
            Map.entry("POST /api/schedules/{id}/trigger", "202"),
            Map.entry("POST /api/schedules/{id}/backfill", "202"),
            Map.entry("DELETE /api/schedules/{id}", "204"),
            Map.entry("POST /api/webhooks", "201"),
            Map.entry("POST /api/webhooks/{id}/deliveries/{delivery}/redeliver", "202"),
            Map.entry("DELETE /api/webhooks/{id}", "204"));

    @Override
    public void customise(OpenAPI openApi) {
        ModelConverters.getInstance().readAll(ApiError.class).forEach(openApi.getComponents()::addSchemas);
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                addErrors(method + " " + path, path, operation)));
    }

    private static void addErrors(String key, String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        String success = SUCCESS.get(key);
        if (success != null && responses.containsKey("200")) {
            ApiResponse ok = responses.remove("200");
            responses.putIfAbsent(success, success.equals("204") ? new ApiResponse().description("No Content")
                    : ok.description(success.equals("201") ? "Created" : "Accepted"));
        }
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput) {
            add(responses, "400", "the request is invalid: the message says what to fix; fieldErrors name the fields");
        }
        add(responses, "401", "no token, or one that is unknown, revoked or expired");
        if (path.contains("{")) {
            add(responses, "404", "no such resource");
        }
        PARTICULAR.getOrDefault(key, Map.of()).forEach((status, why) -> add(responses, status, why));
        add(responses, "500", "an internal error; it has been logged");
    }

    private static void add(ApiResponses responses, String status, String description) {
        // A 200 the handler declared stays as it is; an error response springdoc guessed is replaced.
        responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                .addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)))));
    }
}
