import asyncio
import websockets
import json

async def chat_with_codette():
    uri = "ws://localhost:8000/ws"
    
    async with websockets.connect(uri) as websocket:
        # Receive welcome
        welcome = await websocket.recv()
        print(f"Connected: {welcome}")
        
        # Send chat message
        await websocket.send(json.dumps({
            "type": "chat",
            "message": "How should I mix bass?",
            "perspective": "mix_engineering"
        }))
        
        # Receive response
        response = await websocket.recv()
        data = json.loads(response)
        print(f"Codette: {data['response']}")

asyncio.run(chat_with_codette())
