package io.switchboard.profile.glasses;

import io.switchboard.core.broker.Broker;
import io.switchboard.core.conn.Connection;

/**
 * One app started in one user session, from {@code start_app} until {@code stop_app} or the end
 * of the session. Touched only on its session's context.
 */
final class AppRun {
  /** Where the run stands; {@code DORMANT}: should run, but is neither connected nor being restarted. */
  enum State { LOADING, ACTIVE, DORMANT }

  final String packageName;
  final String appSessionId;
  State state = State.LOADING;
  Connection connection;
  Broker.Subscription delivery;
  String webhookUrl;
  /** Session requests posted so far; the newest one in flight, or 0; the newest one a socket answered. */
  int requests;
  int inFlight;
  int answered;
  Subscriptions subscriptions = Subscriptions.NONE;
  int restartAttempts;
  long restartTimer = -1;
  String lastError;

  AppRun(String packageName, String appSessionId, String webhookUrl) {
    this.packageName = packageName;
    this.appSessionId = appSessionId;
    this.webhookUrl = webhookUrl;
  }

  /** A session request is in flight that no app socket has answered yet: a new socket is on its way. */
  boolean expectingSocket() {
    return inFlight > answered;
  }

  /** The status the glasses see in {@code app_state_change}. */
  String status() {
    return switch (state) {
      case LOADING -> "loading";
      case ACTIVE -> "active";
      case DORMANT -> "failed";
    };
  }
}
