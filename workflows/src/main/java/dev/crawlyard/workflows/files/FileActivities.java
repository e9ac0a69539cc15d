package dev.crawlyard.workflows.files;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Puts a spider's files where its process will run. */
@ActivityInterface
public interface FileActivities {

    /**
     * Claims the task for the node that runs this activity (it moves to {@code preparing} with that
     * node) and fills a fresh workspace there with exactly the files of the spider version the task
     * names, taken from the node's content-addressed cache and fetched into it where missing. Run on
     * the dispatch queue, so whichever node takes it becomes the task's node.
     */
    @ActivityMethod
    SyncResult syncFiles(SyncRequest request);
}
