package dev.crawlyard.workflows.task;

/**
 * Task queue names. Every node polls the shared queue (workflow tasks and the activities any node
 * may run) and its own queue, which receives the activities of the tasks it took.
 */
public final class TaskQueues {

    /** Polled by every enabled node: task workflows, the dispatch activity, finalize. */
    public static final String SHARED = "crawlyard.tasks";

    private TaskQueues() {
    }

    /** The queue only the node with this key polls. */
    public static String node(String nodeKey) {
        return "crawlyard.node." + nodeKey;
    }
}
