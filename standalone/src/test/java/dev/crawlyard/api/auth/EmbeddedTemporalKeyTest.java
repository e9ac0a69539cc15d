package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.standalone.EmbeddedServices;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The embedded Temporal takes calls carrying the platform's API key only: every process on the
 * machine, spiders included, reaches its loopback port, and without the key it could read every
 * task's history or cancel tasks. The key is in a file only the platform's user reads.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedTemporalKeyTest extends ApiTestBase {

    @Autowired
    EmbeddedServices embedded;

    @Test
    void aCallWithoutTheKeyIsRefused() {
        StatusRuntimeException refused = call(options -> { });

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getStatus().getDescription()).contains("API key");
    }

    @Test
    void aCallWithAWrongKeyIsRefused() {
        String key = embedded.temporalApiKey().orElseThrow();

        for (String wrong : new String[] {key + "x", key.substring(1), "", key.toUpperCase()}) {
            if (wrong.equals(key)) {
                continue;
            }
            StatusRuntimeException refused = call(options -> options.addApiKey(() -> wrong).setEnableHttps(false));
            assertThat(refused).as("key '%s'", wrong).isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void aCallWithTheKeyGoesThroughAndTheKeyFileIsTheOwnersAlone() throws Exception {
        String key = embedded.temporalApiKey().orElseThrow();

        assertThat(call(options -> options.addApiKey(() -> key).setEnableHttps(false))).isNull();
        assertThat(Files.readString(embedded.temporalApiKeyFile().orElseThrow()).strip()).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(embedded.temporalApiKeyFile().get())))
                .isEqualTo("rw-------");
    }

    /** Two calls a snooping spider would make; the refusal of the first, or null if both went through. */
    private StatusRuntimeException call(Consumer<WorkflowServiceStubsOptions.Builder> credentials) {
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(embedded.temporalAddress().orElseThrow());
        credentials.accept(options);
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
        try {
            return catchThrowableOfType(StatusRuntimeException.class, () -> {
                stubs.blockingStub().withDeadlineAfter(20, TimeUnit.SECONDS)
                        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
                stubs.blockingStub().withDeadlineAfter(20, TimeUnit.SECONDS).listOpenWorkflowExecutions(
                        ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace("default").build());
            });
        } finally {
            stubs.shutdownNow();
        }
    }
}
