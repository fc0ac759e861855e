// A minimal captions app written only with the public @mentra/sdk API: every transcription it
// hears from the glasses goes back to them as a text wall. GlassesMentraSdkTest starts it with
// PORT, PACKAGE_NAME and API_KEY, registers http://127.0.0.1:PORT as the app's public URL, and
// drives the glasses side itself.
import { AppServer } from "@mentra/sdk";

class CaptionsApp extends AppServer {
  async onSession(session, sessionId, userId) {
    console.log(`session ${sessionId} for ${userId}`);
    session.events.onTranscription((data) => {
      console.log(`heard: ${data.text}`);
      session.layouts.showTextWall(`Heard: ${data.text}`);
    });
  }

  async onStop(sessionId, userId, reason) {
    console.log(`stop ${sessionId}: ${reason}`);
    await super.onStop(sessionId, userId, reason);
  }
}

const app = new CaptionsApp({
  packageName: process.env.PACKAGE_NAME,
  apiKey: process.env.API_KEY,
  port: Number(process.env.PORT),
});
await app.start();
console.log(`READY ${process.env.PORT}`);
