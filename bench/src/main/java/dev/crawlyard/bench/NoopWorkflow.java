package dev.crawlyard.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The throughput ceiling: a workflow with as many activities as a task has, doing nothing. */
@WorkflowInterface
public interface NoopWorkflow {

    @WorkflowMethod
    void run();
}
