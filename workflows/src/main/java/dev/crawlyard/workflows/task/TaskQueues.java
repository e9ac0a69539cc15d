package dev.crawlyard.workflows.task;

/**
 * Task queue names. Every node polls the workflow queue; enabled nodes with a free runner also
 * poll the dispatch queue, whose activity claims a task for the node that takes it; and each node
 * polls its own queue, which receives the steps of the tasks it took.
 */
public final class TaskQueues {

    /** Task workflows and the bookkeeping activities any process hosting workflows may run. */
    public static final String WORKFLOWS = "crawlyard.workflows";

    /** The first step of a random-mode task; whichever node takes it owns the task. */
    public static final String DISPATCH = "crawlyard.dispatch";

    /** The first step of a random-mode task that runs in a container: only nodes with a container engine poll it. */
    public static final String CONTAINER_DISPATCH = "crawlyard.dispatch.containers";

    private TaskQueues() {
    }

    /** The queue only the node with this key polls. */
    public static String node(String nodeKey) {
        return "crawlyard.node." + nodeKey;
    }
}
