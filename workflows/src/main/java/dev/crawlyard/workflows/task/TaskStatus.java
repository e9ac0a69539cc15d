package dev.crawlyard.workflows.task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a task is in its life. The allowed moves live here, in one place, so that every writer of
 * a task's status (the activities, the API) goes through the same guard.
 */
public enum TaskStatus {
    /** Created; no node has taken it yet. */
    PENDING,
    /** On a node: files are being synced and dependencies installed. */
    PREPARING,
    /** The spider's process is running. */
    RUNNING,
    /** The process exited with code 0. */
    FINISHED,
    /** The process exited with another code, or the task could not be prepared. */
    ERROR,
    /** Cancelled by a user before or while it ran. */
    CANCELLED,
    /** Stopped because it ran past its runtime limit. */
    TIMED_OUT,
    /** The platform lost the task's node or process and gave up on it. */
    ABNORMAL;

    private static final Set<TaskStatus> TERMINAL = EnumSet.of(FINISHED, ERROR, CANCELLED, TIMED_OUT, ABNORMAL);

    /** True once the task can no longer change. */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /**
     * Whether a task in this status may move to {@code next}. Terminal statuses never move; a task
     * can end from any live status (a spider can fail while preparing, a user can cancel a pending
     * task), but it only moves forward through pending, preparing and running.
     */
    public boolean canMoveTo(TaskStatus next) {
        if (isTerminal() || next == this) {
            return false;
        }
        return switch (next) {
            case PENDING -> false;
            case PREPARING -> this == PENDING;
            case RUNNING -> this == PREPARING;
            case FINISHED, TIMED_OUT -> this == RUNNING;
            case ERROR, CANCELLED, ABNORMAL -> true;
        };
    }

    /** The statuses from which a task may move to {@code next}. */
    public static Set<TaskStatus> predecessorsOf(TaskStatus next) {
        Set<TaskStatus> from = EnumSet.noneOf(TaskStatus.class);
        for (TaskStatus candidate : values()) {
            if (candidate.canMoveTo(next)) {
                from.add(candidate);
            }
        }
        return from;
    }

    /** The lower-case name used in the API and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower- or upper-case name; throws {@link IllegalArgumentException} for anything else. */
    public static TaskStatus fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
