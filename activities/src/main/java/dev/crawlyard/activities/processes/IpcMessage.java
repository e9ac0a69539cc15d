package dev.crawlyard.activities.processes;

import java.util.List;

/** What a line of a spider's stdout means under the IPC protocol (see DESIGN.md, "Spider ↔ runner IPC"). */
sealed interface IpcMessage {

    /** An ordinary log line. */
    record Plain() implements IpcMessage {
    }

    /** Items to store: each a JSON object, with the value of the spider's dedup field if it has one. */
    record Data(List<Item> items) implements IpcMessage {
    }

    /** One item's JSON and dedup key (null when there is none). */
    record Item(String json, String dedupKey) {
    }

    /** The spider's latest progress; null fields were not given. */
    record Progress(String stage, Long current, Long total, Double percentage) implements IpcMessage {
    }

    /** An error the spider reports; it does not end the task by itself. */
    record SpiderError(String message, String kind) implements IpcMessage {
    }

    /**
     * The spider's state as it stands (a JSON object of at most
     * {@link dev.crawlyard.store.state.SpiderStateStore#MAX_STATE_BYTES}); the last one an attempt
     * that succeeds reported becomes the spider's state.
     */
    record State(String json) implements IpcMessage {
    }

    /** A structured log line. */
    record Log(String level, String message) implements IpcMessage {
    }

    /** A line that claims to be IPC but is not valid; it is kept as a log line and counted as a warning. */
    record Malformed(String reason) implements IpcMessage {
    }
}
