package dev.crawlyard.activities;

import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;

/**
 * The runner a task holds on this node, as the task's processes and files need it: the user its
 * processes run as (with runner users, the slot's own; otherwise the node's) and who owns its
 * workspace and run files.
 *
 * @param slot  the runner's slot number
 * @param users the node's runner users
 */
public record Runner(int slot, RunnerUsers users) {

    /** The runner the task holds, taking one if it holds none (the node restarted since it claimed the task). */
    public static Runner of(LocalNode node, RunnerSlots slots, long taskId) {
        OptionalInt slot = slots.slotOf(taskId);
        if (slot.isEmpty() && node.users().active() && slots.tryAcquire(taskId)) {
            slot = slots.slotOf(taskId);
        }
        if (slot.isEmpty()) {
            if (!node.users().active()) {
                // Every spider runs as the node's user: the slot names nothing.
                return new Runner(0, node.users());
            }
            throw ApplicationFailure.newNonRetryableFailure("node " + node.key() + " holds no runner for task "
                    + taskId + " and has none free (it restarted since it took the task)", ErrorKind.SYSTEM.name());
        }
        return new Runner(slot.getAsInt(), node.users());
    }

    /** {@code argv} as this runner's user runs it. */
    public List<String> command(List<String> argv) {
        return users.asUser(slot, argv);
    }

    /** The user name the task's processes see in {@code USER} and {@code LOGNAME}. */
    public String userName() {
        return users.active() ? users.userName(slot) : System.getProperty("user.name");
    }

    /**
     * Hands a directory the node filled (a workspace, run files) to this runner's user, and only
     * to it (mode 0700), with everything under it.
     */
    public void own(Path directory) throws IOException {
        if (!users.active()) {
            return;
        }
        users.give(directory, slot, true);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    /** Makes a directory (and its parents) and hands it to this runner's user. */
    public Path ownedDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        own(directory);
        return directory;
    }

    /**
     * Kills every process left of this runner's user; see {@link RunnerUsers#killAll}.
     *
     * @return whether none is left (always, when spiders run as the node's own user)
     */
    public boolean killLeftovers() {
        return !users.active() || users.killAll(slot);
    }

    /** Takes the task's directories back from the runner's user, once the task is done with them. */
    public void takeBack(Path... directories) throws IOException {
        for (Path directory : directories) {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                users.takeBack(directory);
            }
        }
    }
}
