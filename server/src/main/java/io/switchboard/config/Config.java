package io.switchboard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Flat, immutable configuration: dotted keys with string values, layered as
 * defaults &lt; file &lt; environment &lt; flags. Every key is declared in {@link Keys} with its
 * default and documentation; an unknown key in a file, the environment or a flag is an error, so a
 * typo never silently falls back to a default.
 */
public final class Config {
  public static final String ENV_PREFIX = "SWITCHBOARD_";

  private final Map<String, String> values;

  private Config(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Defaults only. */
  public static Config defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String get(String key) {
    Keys.require(key);
    return values.get(key);
  }

  public String string(String key) {
    return get(key);
  }

  public int integer(String key) {
    String v = get(key);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, got '" + v + "'");
    }
  }

  public long longValue(String key) {
    String v = get(key);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, got '" + v + "'");
    }
  }

  public boolean bool(String key) {
    String v = get(key).trim().toLowerCase();
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new ConfigException(key + " must be true or false, got '" + v + "'");
  }

  public Duration seconds(String key) {
    return Duration.ofSeconds(longValue(key));
  }

  public Duration millis(String key) {
    return Duration.ofMillis(longValue(key));
  }

  public List<String> list(String key) {
    String v = get(key).trim();
    if (v.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** A copy with some keys replaced; used by tests and by the demo's in-process server. */
  public Config with(Map<String, String> overrides) {
    Builder b = builder();
    b.values.putAll(values);
    overrides.forEach(b::set);
    return b.build();
  }

  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {
      for (Keys.Key k : Keys.ALL) {
        values.put(k.name(), k.defaultValue());
      }
    }

    public Builder set(String key, String value) {
      Keys.require(key);
      values.put(key, value == null ? "" : value);
      return this;
    }

    /** Reads a Java properties file (`key = value`, `#` comments). */
    public Builder file(Path file) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      for (String name : p.stringPropertyNames()) {
        set(name, p.getProperty(name).trim());
      }
      return this;
    }

    /** Applies SWITCHBOARD_* variables: SWITCHBOARD_PAIRING_PORT sets pairing.port. */
    public Builder environment(Map<String, String> env) {
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (!e.getKey().startsWith(ENV_PREFIX)) {
          continue;
        }
        String key = Keys.fromEnvironmentName(e.getKey());
        if (key == null) {
          throw new ConfigException("unknown configuration variable " + e.getKey());
        }
        set(key, e.getValue());
      }
      return this;
    }

    /** Applies `key=value` pairs given as flags. */
    public Builder flags(List<String> pairs) {
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException("expected key=value, got '" + pair + "'");
        }
        set(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return this;
    }

    public Config build() {
      return new Config(new LinkedHashMap<>(values));
    }
  }
}
