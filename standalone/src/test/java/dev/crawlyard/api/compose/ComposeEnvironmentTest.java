package dev.crawlyard.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiProperties;
import dev.crawlyard.planning.TaskSettings;
import dev.crawlyard.planning.health.HealthProperties;
import dev.crawlyard.planning.metrics.MetricsProperties;
import dev.crawlyard.planning.webhooks.WebhookProperties;
import dev.crawlyard.worker.WorkflowHostProperties;
import dev.crawlyard.standalone.StandaloneProperties;
import dev.crawlyard.store.config.DatabaseProperties;
import dev.crawlyard.worker.NodeProperties;
import dev.crawlyard.planning.temporal.TemporalProperties;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The compose stack configures the api and the workers through environment variables, and Spring
 * ignores a variable that binds to no setting: a misspelt or renamed one would leave the stack
 * quietly running on a default. These tests hold compose/docker-compose.yml to the settings records,
 * so the file cannot drift from the code. The api and worker services are found by the Dockerfile
 * target they are built from.
 */
class ComposeEnvironmentTest {

    /** Read by the JVM itself, in the api and in a worker alike. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    /**
     * The api's port and address, which are Spring's server.port and server.address (set from
     * CRAWLYARD_PORT and CRAWLYARD_ADDRESS in application.properties), not a record's.
     */
    private static final Set<String> PORT_VARIABLES = Set.of("SERVER_PORT", "CRAWLYARD_PORT", "SERVER_ADDRESS",
            "CRAWLYARD_ADDRESS");

    /** Read by the api and by every worker alike: the connections, the waits tasks get, the probes. */
    private static final Set<String> CONNECTION_SETTINGS = SettingsVariables.of(DatabaseProperties.class,
            TemporalProperties.class, TaskSettings.class, HealthProperties.class, MetricsProperties.class,
            WebhookProperties.class);
    private static final Set<String> API_ONLY_SETTINGS = union(SettingsVariables.of(ApiProperties.class), PORT_VARIABLES);
    private static final Set<String> NODE_SETTINGS = SettingsVariables.of(NodeProperties.class,
            WorkflowHostProperties.class);
    /** The standalone platform's own settings, which neither image reads. */
    private static final Set<String> STANDALONE_SETTINGS = SettingsVariables.of(StandaloneProperties.class);
    private static final String HOSTS_WORKFLOWS = SettingsVariables.variable("crawlyard.workflow-host.enabled");

    private static List<ComposeFile.Service> apis;
    private static List<ComposeFile.Service> workers;

    @BeforeAll
    static void readTheStack() throws IOException {
        List<ComposeFile.Service> services = ComposeFile.services(ComposeFile.STACK);
        apis = services.stream().filter(service -> service.buildTarget().equals("api")).toList();
        workers = services.stream().filter(service -> service.buildTarget().equals("worker")).toList();
        // Without these the tests below would pass on an empty list.
        assertThat(apis).as("services built from the Dockerfile's api target").isNotEmpty();
        assertThat(workers).as("services built from the Dockerfile's worker target").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyVariableGivenToTheApiIsASettingTheApiReads() {
        List<String> problems = new ArrayList<>();
        for (ComposeFile.Service api : apis) {
            for (String variable : api.environment().keySet()) {
                if (API_ONLY_SETTINGS.contains(variable) || CONNECTION_SETTINGS.contains(variable)
                        || JVM_VARIABLES.contains(variable)) {
                    continue;
                }
                problems.add(NODE_SETTINGS.contains(variable)
                        ? api.name() + ": " + variable + " is a worker node's setting, and the api runs no node"
                        : STANDALONE_SETTINGS.contains(variable)
                                ? api.name() + ": " + variable + " is the standalone platform's, not the api image's"
                                : unknown(api, variable));
            }
        }
        assertThat(problems).as("variables in %s that the api would ignore", ComposeFile.STACK).isEmpty();
    }

    @Test
    void everyVariableGivenToAWorkerIsASettingTheWorkerReads() {
        List<String> problems = new ArrayList<>();
        for (ComposeFile.Service worker : workers) {
            for (String variable : worker.environment().keySet()) {
                if (NODE_SETTINGS.contains(variable) || CONNECTION_SETTINGS.contains(variable)
                        || JVM_VARIABLES.contains(variable)) {
                    continue;
                }
                problems.add(API_ONLY_SETTINGS.contains(variable)
                        ? worker.name() + ": " + variable + " is the api's setting; a worker does not read it"
                        : unknown(worker, variable));
            }
        }
        assertThat(problems).as("variables in %s that a worker would ignore", ComposeFile.STACK).isEmpty();
    }

    /** The api binds 127.0.0.1 unless told otherwise, and a published port reaches a container's own interface. */
    @Test
    void theApiListensOnItsContainersInterfaceForThePublishedPort() {
        for (ComposeFile.Service api : apis) {
            assertThat(api.environment()).as(api.name()).containsEntry("CRAWLYARD_ADDRESS", "0.0.0.0");
        }
    }

    /** The api image hosts no workflows, so at least one worker must, or no task would ever start. */
    @Test
    void theApiLeavesRunningTasksToTheWorkers() {
        assertThat(workers).as("workers hosting the workflows (%s not false)", HOSTS_WORKFLOWS)
                .anyMatch(worker -> !"false".equalsIgnoreCase(worker.environment().getOrDefault(HOSTS_WORKFLOWS, "true")));
    }

    @Test
    void everyWorkerHasItsOwnNodeKeyAndItsOwnWorkVolume() {
        Map<String, String> keyOwners = new HashMap<>();
        Map<String, String> volumeOwners = new HashMap<>();
        for (ComposeFile.Service worker : workers) {
            String key = worker.environment().getOrDefault(SettingsVariables.variable("crawlyard.node.key"), "");
            assertThat(key).as("%s: its node key (two nodes with one key would share a task queue)", worker.name())
                    .isNotBlank();
            assertThat(keyOwners.putIfAbsent(key, worker.name()))
                    .as("%s: node key %s is taken by another worker", worker.name(), key).isNull();

            String workDir = worker.environment().getOrDefault(SettingsVariables.variable("crawlyard.node.work-dir"), "");
            assertThat(workDir).as("%s: its work directory", worker.name()).isNotBlank();
            String volume = worker.volumes().getOrDefault(workDir, "");
            assertThat(volume).as("%s: a named volume mounted at its work directory %s", worker.name(), workDir)
                    .matches("[A-Za-z0-9][A-Za-z0-9_.-]*");
            assertThat(volumeOwners.putIfAbsent(volume, worker.name()))
                    .as("%s: work volume %s is mounted by another worker", worker.name(), volume).isNull();
        }
    }

    /**
     * The checks above derive variable names from the records; this one holds that derivation to
     * Spring's binder: each derived variable, set in an environment of its own, must change the
     * record component it was derived from.
     */
    @Test
    void everyDerivedVariableSetsItsSettingWhenSpringBindsTheEnvironment() throws ReflectiveOperationException {
        for (Class<? extends Record> settings : List.of(ApiProperties.class, StandaloneProperties.class,
                DatabaseProperties.class, TemporalProperties.class, NodeProperties.class, TaskSettings.class,
                WorkflowHostProperties.class, HealthProperties.class, WebhookProperties.class)) {
            String prefix = SettingsVariables.prefix(settings);
            Record defaults = bind(settings, prefix, Map.of());
            for (RecordComponent component : settings.getRecordComponents()) {
                String variable = SettingsVariables.variable(prefix + "." + SettingsVariables.kebabCase(component.getName()));
                Object unlikeTheDefault;
                if (Map.class.isAssignableFrom(component.getType())) {
                    // A map's variable is a prefix: each entry is a variable of its own.
                    variable = variable + "_SAMPLE";
                    unlikeTheDefault = "x";
                } else {
                    unlikeTheDefault = sampleUnlike(component.getAccessor().invoke(defaults), component.getType());
                }
                Record bound = bind(settings, prefix, Map.of(variable, unlikeTheDefault));
                assertThat(component.getAccessor().invoke(bound))
                        .as("%s=%s sets %s.%s", variable, unlikeTheDefault, settings.getSimpleName(), component.getName())
                        .isNotEqualTo(component.getAccessor().invoke(defaults));
            }
        }
    }

    private static Record bind(Class<? extends Record> settings, String prefix, Map<String, Object> environment) {
        var source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
        return new Binder(ConfigurationPropertySources.from(source)).bindOrCreate(prefix, Bindable.of(settings));
    }

    /** A value of the component's type, as an environment variable would spell it, that is not its default. */
    private static String sampleUnlike(Object defaultValue, Class<?> type) {
        if (type == Boolean.class) {
            return String.valueOf(!Boolean.TRUE.equals(defaultValue));
        }
        if (type == Integer.class) {
            return String.valueOf(Integer.valueOf(7).equals(defaultValue) ? 8 : 7);
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(7).equals(defaultValue) ? "8s" : "7s";
        }
        if (type == String.class || type == Path.class) {
            return "/compose-check";
        }
        if (type == DataSize.class) {
            return DataSize.ofMegabytes(7).equals(defaultValue) ? "8MB" : "7MB";
        }
        throw new IllegalStateException("no sample value for a setting of type " + type.getName() + ": add one here");
    }

    private static String unknown(ComposeFile.Service service, String variable) {
        Set<String> known = new TreeSet<>(union(API_ONLY_SETTINGS, CONNECTION_SETTINGS, NODE_SETTINGS, JVM_VARIABLES));
        return service.name() + ": " + variable + " is not a setting of the api or of a worker"
                + " (misspelt, or renamed or removed in the code?); the known ones are " + known;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> union = new HashSet<>();
        Stream.of(sets).forEach(union::addAll);
        return union;
    }
}
