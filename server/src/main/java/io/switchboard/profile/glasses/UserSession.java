package io.switchboard.profile.glasses;

import io.switchboard.core.auth.Principal;
import io.switchboard.core.broker.Broker;
import io.switchboard.core.conn.Connection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One user's glasses session: the glasses connection (or when it left), the apps started in it,
 * the display manager and the routing table. Its id is the user id, so an app session id is
 * {@code <userId>-<packageName>}.
 *
 * <p>Threading: the session is owned by one Vert.x context (the event loop of the glasses
 * connection that created it); every change runs there through {@link #run} or {@link #call}, so
 * its state needs no locks. Only {@link #routes()} is read from other threads.
 */
final class UserSession {
  final String id;
  final Principal user;
  final Context context;
  final Instant startedAt;
  final DisplayManager displays;
  final Map<String, AppRun> apps = new LinkedHashMap<>();
  Connection glasses;
  Broker.Subscription glassesDelivery;
  /** The glasses connection this node's ownership of the session is recorded under ({@link SessionOwners}). */
  String boundConnectionId;
  volatile Instant disconnectedAt;
  List<String> microphoneData = List.of();
  volatile boolean ended;
  private volatile RoutingTable routes = RoutingTable.EMPTY;

  UserSession(Principal user, Context context, Instant startedAt, DisplayManager displays) {
    this.id = user.userId();
    this.user = user;
    this.context = context;
    this.startedAt = startedAt;
    this.displays = displays;
  }

  static String glassesTopic(String userSessionId) {
    return "glasses.user:" + userSessionId;
  }

  static String appTopic(String appSessionId) {
    return "glasses.app:" + appSessionId;
  }

  String appSessionId(String packageName) {
    return id + "-" + packageName;
  }

  /** Runs on the session's context: at once when already there, else queued in order. */
  void run(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Computes a value on the session's context. */
  <T> Future<T> call(Supplier<T> action) {
    Promise<T> promise = Promise.promise();
    run(() -> {
      try {
        promise.complete(action.get());
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  RoutingTable routes() {
    return routes;
  }

  /** Publishes a new routing table from the connected apps' subscriptions. */
  void rebuildRoutes() {
    List<RoutingTable.Route> list = new ArrayList<>();
    for (AppRun run : apps.values()) {
      if (run.state == AppRun.State.ACTIVE && run.connection != null) {
        list.add(new RoutingTable.Route(run.appSessionId, run.packageName, appTopic(run.appSessionId),
            run.subscriptions));
      }
    }
    routes = RoutingTable.of(list);
  }

  List<String> packages(AppRun.State state) {
    return apps.values().stream().filter(r -> r.state == state).map(r -> r.packageName).toList();
  }
}
