package dev.winnow.common.config;

/** A config that cannot run: unknown key, wrong type, impossible value. Raised before any I/O. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
