package io.switchboard.core;

import io.switchboard.config.Config;
import io.switchboard.core.audit.AuditLog;
import io.switchboard.core.auth.Credentials;
import io.switchboard.core.broker.Broker;
import io.switchboard.core.channel.ChannelStore;
import io.switchboard.core.conn.ConnectionRegistry;
import io.switchboard.core.limits.Counters;
import io.switchboard.core.metrics.HubMetrics;
import io.switchboard.core.presence.Directory;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The core services a profile adapter is given. Profiles reach storage, routing and auth only through these. */
public record Hub(Vertx vertx, Config config, Clock clock, String nodeId, Credentials credentials,
    ConnectionRegistry connections, Broker broker, Directory directory, ChannelStore channels, AuditLog audit,
    HubMetrics metrics, Counters counters) {}
