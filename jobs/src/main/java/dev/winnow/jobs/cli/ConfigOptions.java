package dev.winnow.jobs.cli;

import dev.winnow.common.config.WinnowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every stage command takes: the config file and key=value overrides. */
public final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Config file (properties: key = value).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key; repeatable.")
  List<String> overrides = new ArrayList<>();

  WinnowConfig load() {
    return WinnowConfig.load(config, overrides);
  }
}
