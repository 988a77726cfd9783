package dev.winnow.jobs.cli;

import dev.winnow.common.config.WinnowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every stage command takes: the config file, key=value overrides, --break-lock, --force. */
public final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Config file (properties: key = value).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key; repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--break-lock", description = "Take over the work directory's lock at once when its holder ran "
      + "on this host and its process is gone (killed with SIGKILL); never a live run's. Without it such a lock is "
      + "taken over when its lease lapses (" + dev.winnow.jobs.io.WorkDirLock.LEASE_SECONDS + " s).")
  boolean breakLock;

  @Option(names = "--force", description = "Run every stage asked for, even when its published output already "
      + "matches the config and inputs (by default such a stage is skipped).")
  boolean force;

  WinnowConfig load() {
    return WinnowConfig.load(config, overrides);
  }
}
