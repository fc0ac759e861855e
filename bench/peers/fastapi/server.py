"""The relay path of the pairing protocol on FastAPI and uvicorn, the way a FastAPI developer would
write it: any ?token= is accepted, join_channel adds the socket to a set, channel_message is sent as
received to the other members, ping gets pong. One process (one core): the channel map lives in it.
See ../PROTOCOL.md. Usage: python3 server.py PORT"""
import json
import sys
import uuid
from datetime import datetime, timezone

import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()
channels: dict = {}


@app.websocket("/ws")
async def relay(websocket: WebSocket, token: str = ""):
    if not token:
        await websocket.close(code=1008)
        return
    await websocket.accept()
    await websocket.send_text(json.dumps({"type": "connected", "client_id": str(uuid.uuid4())}))
    channel = None
    try:
        while True:
            text = await websocket.receive_text()
            try:
                msg = json.loads(text)
            except ValueError:
                await websocket.send_text('{"type":"error","code":"INVALID_JSON"}')
                continue
            kind = msg.get("type")
            if kind == "channel_message":
                for member in list(channels.get(channel, ())):
                    if member is not websocket:
                        await member.send_text(text)
            elif kind == "ping":
                now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
                await websocket.send_text(json.dumps({"type": "pong", "sequence": msg.get("sequence"), "timestamp": now}))
            elif kind == "join_channel":
                channel = str(msg.get("channel"))
                members = channels.setdefault(channel, set())
                members.add(websocket)
                await websocket.send_text(json.dumps({"type": "channel_joined", "channel": channel, "members": len(members)}))
    except WebSocketDisconnect:
        pass
    finally:
        members = channels.get(channel)
        if members is not None:
            members.discard(websocket)
            if not members:
                channels.pop(channel, None)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9103
    print(f"READY fastapi port {port}", flush=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", ws="websockets")
