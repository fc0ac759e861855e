package io.switchboard.client.glasses.impl;

import io.switchboard.client.ConnectionLostException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Handshake;
import io.switchboard.client.StateChange;
import io.switchboard.client.glasses.ServerClose;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the facades notice that the server closed a connection for good. */
final class Ends {
  /** How the socket describes a connection the peer closed: {@code ... closed (<code>[ <reason>])}. */
  private static final Pattern CLOSED = Pattern.compile("closed \\((\\d+)(?: (.*))?\\)$", Pattern.DOTALL);

  private Ends() {}

  /**
   * The close frame that ended an established connection, when {@code change} is that loss and the
   * server sent one; else null. (Failed attempts are not losses: their handshake explains them.)
   */
  static ServerClose lost(StateChange change) {
    if (change.previous() != ConnectionState.CONNECTED || change.current() != ConnectionState.RECONNECTING
        || !(change.cause() instanceof ConnectionLostException lost) || lost.getMessage() == null) {
      return null;
    }
    Matcher m = CLOSED.matcher(lost.getMessage());
    return m.find() ? new ServerClose(Integer.parseInt(m.group(1)), m.group(2) == null ? "" : m.group(2)) : null;
  }

  /**
   * Completes once the state changes and messages dispatched before this handshake began have
   * reached their listeners: Session stages complete on the ordered callback thread, behind them.
   * A reconnect waits for it so that a listener that saw the server end the session can stop it.
   */
  static CompletionStage<Void> listenersCaughtUp(Handshake.Session session) {
    return session.discardQueued(m -> false, null).thenApply(n -> null);
  }
}
