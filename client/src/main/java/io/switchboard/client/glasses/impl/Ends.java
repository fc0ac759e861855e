package io.switchboard.client.glasses.impl;

import io.switchboard.client.ConnectionLostException;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Handshake;
import io.switchboard.client.StateChange;
import io.switchboard.client.glasses.ServerClose;
import java.util.concurrent.CompletionStage;

/** How the facades notice that the server closed a connection for good. */
final class Ends {
  private Ends() {}

  /**
   * The close frame that ended an established connection, when {@code change} is that loss and the
   * server sent one; else null. (Failed attempts are not losses: their handshake explains them.)
   */
  static ServerClose lost(StateChange change) {
    if (change.previous() != ConnectionState.CONNECTED || change.current() != ConnectionState.RECONNECTING
        || !(change.cause() instanceof ConnectionLostException lost) || lost.closeCode() == null) {
      return null;
    }
    return new ServerClose(lost.closeCode(), lost.closeReason());
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
