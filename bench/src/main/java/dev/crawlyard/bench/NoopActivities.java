package dev.crawlyard.bench;

import io.temporal.activity.ActivityInterface;

/** Four activities that do nothing, standing in for sync, install, run and finalize. */
@ActivityInterface
public interface NoopActivities {

    void sync();

    void install();

    void execute();

    void complete();
}
