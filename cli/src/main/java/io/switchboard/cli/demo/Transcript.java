package io.switchboard.cli.demo;

import java.io.PrintWriter;

/**
 * Prints the demo as numbered steps. A step runs with a fresh time budget; it either prints its
 * line ({@code [ 6] desktop <- channel_joined pair-123456 (1 member)}) or what went wrong instead,
 * and then stops the demo.
 */
final class Transcript {
  /** One step's work; returns the detail printed after the step's title. */
  interface Step {
    String run();
  }

  private final PrintWriter out;
  private final StepTimer timer;
  private int current;

  Transcript(PrintWriter out, StepTimer timer) {
    this.out = out;
    this.timer = timer;
  }

  void step(String title, Step step) {
    current++;
    timer.restart();
    String detail;
    try {
      detail = step.run();
    } catch (DemoFailure f) {
      failed(title, f.getMessage());
      throw f;
    } catch (RuntimeException e) {
      failed(title, "unexpected " + e);
      throw new DemoFailure(e.toString());
    }
    out.printf("[%2d] %s%s%n", current, title, detail == null || detail.isEmpty() ? "" : " " + detail);
    out.flush();
  }

  private void failed(String title, String message) {
    out.printf("[%2d] %s FAILED: %s%n", current, title, message);
    out.flush();
  }

  /** An unnumbered line: what the demo sends on the way to the next step. */
  void note(String text) {
    out.println("     " + text);
    out.flush();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** The number of the step running or last run. */
  int current() {
    return current;
  }
}
