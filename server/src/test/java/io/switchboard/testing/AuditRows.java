package io.switchboard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Audit rows read from a PostgreSQL store directly, as an operator would, bypassing the server. */
public final class AuditRows {
  private AuditRows() {}

  /** The outcomes of a device command's audit rows, oldest first. */
  public static List<String> commandOutcomes(String jdbcUrl, String commandId) throws SQLException {
    try (Connection db = DriverManager.getConnection(jdbcUrl, Services.PG_USER, "");
        PreparedStatement ps = db.prepareStatement("SELECT outcome FROM audit_events WHERE kind = 'device.command' "
            + "AND detail LIKE ? ORDER BY id")) {
      ps.setString(1, "%\"command_id\":\"" + commandId + "\"%");
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }
}
