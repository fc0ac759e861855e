package io.switchboard.config;

/** A configuration value that is missing, unknown or malformed. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
