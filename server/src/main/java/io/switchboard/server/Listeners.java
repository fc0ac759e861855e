package io.switchboard.server;

import io.switchboard.http.TransportErrors;
import io.switchboard.http.WebSocketGate;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP listeners, one set per event loop: Vert.x spreads the connections of a shared port over
 * the instances, so every core serves sockets.
 */
final class Listeners {
  /** One listener: its routes, its WebSocket gate and its options (the port may be 0). */
  record Spec(Router router, WebSocketGate gate, HttpServerOptions options) {}

  private final Vertx vertx;
  private final List<Spec> specs;
  private final List<String> deployments = new ArrayList<>();
  private int[] ports;

  Listeners(Vertx vertx, List<Spec> specs) {
    this.vertx = vertx;
    this.specs = List.copyOf(specs);
  }

  /** Deploys {@code instances} sets of listeners; completes when all are bound. */
  Future<Void> start(int instances) {
    List<Spec> resolved = new ArrayList<>();
    int[] free = freePorts(specs);
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      int port = s.options().getPort() == 0 ? free[i] : s.options().getPort();
      resolved.add(new Spec(s.router(), s.gate(), new HttpServerOptions(s.options()).setPort(port)));
    }
    return deploy(resolved, instances).onSuccess(id -> {
      for (Spec spec : specs) {
        spec.gate().startPlacement();
      }
    }).mapEmpty();
  }

  /**
   * Port 0 ("any free port", used by tests) is resolved once up front: every instance must bind the
   * same port for Vert.x to share it, and Vert.x shares servers by their configured port. All probes
   * are held open together, so two listeners never get the same port (Vert.x would then share one
   * server between them).
   */
  private static int[] freePorts(List<Spec> specs) {
    List<java.net.ServerSocket> probes = new ArrayList<>();
    try {
      int[] ports = new int[specs.size()];
      for (int i = 0; i < specs.size(); i++) {
        if (specs.get(i).options().getPort() != 0) {
          continue;
        }
        java.net.ServerSocket probe = new java.net.ServerSocket();
        probes.add(probe);
        probe.setReuseAddress(true);
        probe.bind(new java.net.InetSocketAddress(specs.get(i).options().getHost(), 0));
        ports[i] = probe.getLocalPort();
      }
      return ports;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no free port", e);
    } finally {
      for (java.net.ServerSocket p : probes) {
        try {
          p.close();
        } catch (java.io.IOException ignored) {
          // a probe that cannot close frees its port when the JVM exits
        }
      }
    }
  }

  /** The bound port of listener {@code index}, in the order of the specs. */
  int port(int index) {
    return ports[index];
  }

  Future<Void> stop() {
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : deployments) {
      undeploys.add(vertx.undeploy(id));
    }
    deployments.clear();
    return Future.all(undeploys).mapEmpty();
  }

  private Future<String> deploy(List<Spec> set, int instances) {
    return vertx.deployVerticle(() -> new Instance(set), new DeploymentOptions().setInstances(instances))
        .onSuccess(deployments::add);
  }

  /** One event loop's listeners. */
  private final class Instance extends VerticleBase {
    private final List<Spec> set;

    Instance(List<Spec> set) {
      this.set = set;
    }

    @Override
    public Future<?> start() {
      List<Future<HttpServer>> servers = new ArrayList<>();
      for (Spec s : set) {
        HttpServer server = vertx.createHttpServer(s.options()).requestHandler(s.router());
        TransportErrors.install(server);
        s.gate().install(server);
        servers.add(server.listen());
      }
      return Future.all(servers).map(all -> {
        int[] bound = servers.stream().mapToInt(f -> f.result().actualPort()).toArray();
        synchronized (Listeners.this) {
          if (ports == null) {
            ports = bound;
          } else if (!java.util.Arrays.equals(ports, bound)) {
            throw new IllegalStateException("listener instances bound different ports: "
                + java.util.Arrays.toString(ports) + " and " + java.util.Arrays.toString(bound));
          }
        }
        return null;
      });
    }
  }
}
