package dev.crawlyard.api.docs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The body of a version upload, which its handlers read from the raw request (multipart parts named
 * by their paths, or a zip) rather than through a parameter springdoc could describe.
 */
final class UploadBodies implements OpenApiCustomizer {

    static final String VERSIONS = "/api/spiders/{ref}/versions";

    @Override
    public void customise(OpenAPI openApi) {
        PathItem item = openApi.getPaths().get(VERSIONS);
        if (item == null || item.getPost() == null) {
            return;
        }
        Operation upload = item.getPost();
        upload.setRequestBody(new RequestBody().required(true)
                .description("the version's files: multipart parts, each part's file name its path in the version"
                        + " (or one part named zip), or a zip archive as the whole body")
                .content(new Content()
                        .addMediaType("multipart/form-data", new MediaType().schema(new ObjectSchema()
                                .addProperty("files", new ArraySchema().items(new BinarySchema()))
                                .addProperty("zip", new BinarySchema())))
                        .addMediaType("application/zip", new MediaType().schema(new BinarySchema()))));
    }
}
