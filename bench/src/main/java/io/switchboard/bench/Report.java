package io.switchboard.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** The rows a run produced, printed as one table per scenario with ratios, and written as JSON. */
final class Report {
  /** One line of results: a target, a label within the scenario (a rate step, an in-flight count). */
  record Row(String scenario, String target, String label, Map<String, Object> values) {
    Double number(String key) {
      return values.get(key) instanceof Number n ? n.doubleValue() : null;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, String> targets = new LinkedHashMap<>();
  private final Map<String, Object> options;
  private final List<String> notes = new ArrayList<>();

  Report(Map<String, Object> options) {
    this.options = options;
  }

  void target(String name, String description) {
    targets.put(name, description);
  }

  void add(Row row) {
    rows.add(row);
  }

  void note(String note) {
    notes.add(note);
  }

  List<Row> rows() {
    return rows;
  }

  /** Values ordered as the table shows them. */
  static Map<String, Object> values(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** p50, p99, p99.9 and max of a latency histogram in nanoseconds, as milliseconds under the prefix. */
  static void latencies(Map<String, Object> into, String prefix, Histogram h) {
    boolean empty = h.getTotalCount() == 0;
    into.put(prefix + "p50_ms", empty ? null : ms(h.getValueAtPercentile(50)));
    into.put(prefix + "p99_ms", empty ? null : ms(h.getValueAtPercentile(99)));
    into.put(prefix + "p999_ms", empty ? null : ms(h.getValueAtPercentile(99.9)));
    into.put(prefix + "max_ms", empty ? null : ms(h.getMaxValue()));
  }

  static double ms(long nanos) {
    return Math.round(nanos / 1000.0) / 1000.0;
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** Prints each scenario's rows as a table, then the first target's ratio to each other target. */
  void print(PrintStream out, Map<String, List<String>> compared) {
    Set<String> scenarios = new LinkedHashSet<>();
    rows.forEach(r -> scenarios.add(r.scenario()));
    for (String scenario : scenarios) {
      List<Row> mine = rows.stream().filter(r -> r.scenario().equals(scenario)).toList();
      Set<String> columns = new LinkedHashSet<>();
      mine.forEach(r -> columns.addAll(r.values().keySet()));
      List<String> header = new ArrayList<>(List.of("target", "step"));
      header.addAll(columns);
      List<List<String>> table = new ArrayList<>();
      for (Row r : mine) {
        List<String> line = new ArrayList<>(List.of(r.target(), r.label()));
        for (String c : columns) {
          line.add(format(r.values().get(c)));
        }
        table.add(line);
      }
      out.println();
      out.println("== " + scenario);
      printTable(out, header, table);
      ratios(out, scenario, mine, compared.getOrDefault(scenario, List.of()));
    }
    for (String n : notes) {
      out.println("note: " + n);
    }
  }

  private void ratios(PrintStream out, String scenario, List<Row> mine, List<String> metrics) {
    List<String> names = mine.stream().map(Row::target).distinct().toList();
    if (names.size() < 2 || metrics.isEmpty()) {
      return;
    }
    String ref = names.get(0);
    out.println("ratios " + ref + "/peer (same run):");
    for (String peer : names.subList(1, names.size())) {
      for (Row a : mine) {
        if (!a.target().equals(ref)) {
          continue;
        }
        Row b = mine.stream().filter(r -> r.target().equals(peer) && r.label().equals(a.label())).findFirst().orElse(null);
        if (b == null) {
          continue;
        }
        StringBuilder line = new StringBuilder();
        for (String m : metrics) {
          Double x = a.number(m);
          Double y = b.number(m);
          if (x != null && y != null && y != 0) {
            line.append(String.format(Locale.ROOT, "  %s %.2f", m, x / y));
          }
        }
        if (line.length() > 0) {
          out.println("  " + ref + "/" + peer + " [" + a.label() + "]" + line);
        }
      }
    }
  }

  private static void printTable(PrintStream out, List<String> header, List<List<String>> table) {
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> line : table) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < header.size(); i++) {
      sb.append(String.format("%-" + width[i] + "s  ", header.get(i)));
    }
    out.println(sb.toString().stripTrailing());
    for (List<String> line : table) {
      sb.setLength(0);
      for (int i = 0; i < line.size(); i++) {
        String fmt = i < 2 ? "%-" + width[i] + "s  " : "%" + width[i] + "s  ";
        sb.append(String.format(fmt, line.get(i)));
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String format(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return String.format(Locale.ROOT, "%d", d.longValue());
      }
      return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.3f", d);
    }
    return v.toString();
  }

  void writeJson(Path file) {
    ObjectNode root = Json.object().put("generated_at", Instant.now().toString());
    root.set("machine", Json.MAPPER.valueToTree(Machine.describe()));
    root.set("options", Json.MAPPER.valueToTree(options));
    root.set("targets", Json.MAPPER.valueToTree(targets));
    ArrayNode results = root.putArray("results");
    for (Row r : rows) {
      ObjectNode o = results.addObject().put("scenario", r.scenario()).put("target", r.target()).put("step", r.label());
      o.set("values", Json.MAPPER.valueToTree(r.values()));
    }
    root.set("notes", Json.MAPPER.valueToTree(notes));
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
