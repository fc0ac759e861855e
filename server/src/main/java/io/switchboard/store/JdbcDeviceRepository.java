package io.switchboard.store;

import io.switchboard.profile.devices.Device;
import io.switchboard.profile.devices.DeviceRepository;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Devices in the relational store. */
public final class JdbcDeviceRepository implements DeviceRepository {
  private static final String COLUMNS = "device_id, owner_id, name, node_type, platform, platform_version, "
      + "architecture, capabilities, first_seen, last_seen";

  private final Database db;

  public JdbcDeviceRepository(Database db) {
    this.db = db;
  }

  @Override
  public Future<Device> upsert(Device d, int maxPerOwner) {
    return db.call(c -> {
      c.setAutoCommit(false);
      try {
        Device existing = select(c, d.id(), true);
        Device stored;
        if (existing == null) {
          if (owned(c, d.ownerId()) >= maxPerOwner) {
            c.rollback();
            throw new LimitReached(maxPerOwner);
          }
          insert(c, d);
          stored = d;
        } else if (!existing.ownerId().equals(d.ownerId())) {
          c.rollback();
          throw new OwnedByAnother(existing.ownerId());
        } else {
          stored = new Device(d.id(), d.ownerId(), d.name(), d.nodeType(), d.platform(), d.platformVersion(),
              d.architecture(), d.capabilities(), existing.firstSeen(), d.lastSeen());
          update(c, stored);
        }
        c.commit();
        return stored;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }

  private static int owned(Connection c, String ownerId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM devices WHERE owner_id = ?")) {
      ps.setString(1, ownerId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void insert(Connection c, Device d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, d.id());
      ps.setString(2, d.ownerId());
      fill(ps, 3, d);
      Sql.time(ps, 9, d.firstSeen());
      Sql.time(ps, 10, d.lastSeen());
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, Device d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET name=?, node_type=?, platform=?, "
        + "platform_version=?, architecture=?, capabilities=?, last_seen=? WHERE device_id=?")) {
      fill(ps, 1, d);
      Sql.time(ps, 7, d.lastSeen());
      ps.setString(8, d.id());
      ps.executeUpdate();
    }
  }

  private static void fill(PreparedStatement ps, int from, Device d) throws SQLException {
    ps.setString(from, d.name());
    ps.setString(from + 1, d.nodeType());
    ps.setString(from + 2, d.platform());
    ps.setString(from + 3, d.platformVersion());
    ps.setString(from + 4, d.architecture());
    ps.setString(from + 5, String.join(",", d.capabilities()));
  }

  @Override
  public Future<Device> find(String deviceId) {
    return db.call(c -> select(c, deviceId, false));
  }

  @Override
  public Future<List<Device>> byOwner(String ownerId) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM devices WHERE owner_id = ? ORDER BY device_id")) {
        ps.setString(1, ownerId);
        List<Device> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Future<Void> touch(String deviceId, Instant lastSeen) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET last_seen = ? WHERE device_id = ?")) {
        Sql.time(ps, 1, lastSeen);
        ps.setString(2, deviceId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<Boolean> remove(String deviceId, String ownerId) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM devices WHERE device_id = ? AND owner_id = ?")) {
        ps.setString(1, deviceId);
        ps.setString(2, ownerId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static Device select(Connection c, String id, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM devices WHERE device_id = ?"
        + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static Device read(ResultSet rs) throws SQLException {
    String caps = rs.getString("capabilities");
    return new Device(rs.getString("device_id"), rs.getString("owner_id"), rs.getString("name"),
        rs.getString("node_type"), rs.getString("platform"), rs.getString("platform_version"),
        rs.getString("architecture"), caps == null || caps.isEmpty() ? List.of() : Arrays.asList(caps.split(",")),
        Sql.time(rs, "first_seen"), Sql.time(rs, "last_seen"));
  }
}
